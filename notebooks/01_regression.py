# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: -all
#     formats: ipynb,py:percent
#     notebook_metadata_filter: kernelspec,jupytext,-jupytext.text_representation
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 1. Regression: a straight line, two ways
#
# We fit a straight line to five points twice. First with the classic
# least-squares formula, which gives the best line in one go. Then with the
# smallest possible neural network: one layer, two weights, no activation,
# trained by gradient descent. The network should end up with the same line,
# and watching how it gets there (or fails to) teaches what a learning rate,
# a loss and a gradient step are.
#
# Every number below is printed with a fixed format, so running this notebook
# top to bottom gives the same text on any machine.

# %%
import matplotlib.pyplot as plt
import numpy as np

from nnlib import data, explorers, linear, plotting
from nnlib.least_squares import fit_line, mean_squared_error
from nnlib.printing import fmt

# %% [markdown]
# ## 1.1 The data
#
# The inputs are five evenly spaced points on [0, 10]. The targets follow the
# line 3x + 2.5 plus some noise. This is how such a sample is drawn: a
# generator with a fixed seed gives the same "random" numbers every time.

# %%
x_drawn, y_drawn = data.draw_regression_sample(n_samples=5, seed=0)
print("x drawn:", fmt(x_drawn, ".2f"))
print("y drawn:", fmt(y_drawn, ".6f"))

# %% [markdown]
# Our classroom sample was drawn the same way once, and its values were
# written down. We use those fixed values from here on, so every number and
# figure matches what your neighbour sees, whatever their numpy version.

# %%
x, y = data.regression_sample()
print("x:", fmt(x, ".2f"))
print("y:", fmt(y, ".8f"))

# %%
plotting.plot_points(x, y)
plt.show()

# %% [markdown]
# ## 1.2 The least-squares line
#
# `np.polyfit` with degree 1 returns the slope and intercept of the line with
# the smallest mean squared error (MSE): the average of the squared vertical
# distances between the points and the line. `fit_line` calls it for us.

# %%
slope, intercept = fit_line(x, y)
best_mse = mean_squared_error(slope * x + intercept, y)
print(f"slope      {slope:.6f}")
print(f"intercept  {intercept:.6f}")
print(f"MSE        {best_mse:.6f}")

# %%
ax = plotting.plot_points(x, y).axes
plotting.plot_line(slope, intercept, (0, 10), ax, label="least squares")
ax.set_title("The least-squares line")
ax.legend()
plt.show()

# %% [markdown]
# No straight line does better than an MSE of about 3.55 on these points.
# That number is the target for the network.
#
# ## 1.3 The network, one step at a time
#
# A one-layer linear network computes `output = w1 * x + w0`. To treat the
# intercept `w0` like any other weight, we give every input a second feature
# that is always 1, the *bias column*. The inputs become a matrix `X` with
# one row per sample, and the outputs are the matrix product `X @ w`.

# %%
X = linear.add_bias(x)
w = np.array([2.0, 2.0])  # slope weight, bias weight
print("X (input, bias) =")
print(fmt(X, ".1f"))
print("w =", fmt(w, ".6f"))

# %% [markdown]
# The forward pass, the residuals (output minus target) and the loss:

# %%
outputs = X @ w
residuals = outputs - y
mse = np.mean(residuals**2)
print("outputs   ", fmt(outputs, "10.6f"))
print("residuals ", fmt(residuals, "10.6f"))
print(f"MSE        {mse:.6f}")

# %% [markdown]
# To lower the MSE we move each weight against its slope, the gradient. For
# `MSE = mean((X @ w - y) ** 2)` the chain rule gives
#
# $$\nabla_w \mathrm{MSE} = \frac{2}{n}\, X^\top (Xw - y),$$
#
# one number per weight: how fast the MSE grows when that weight grows. The
# learning rate `alpha` says how far to step.

# %%
n = len(y)
grad = 2 / n * X.T @ residuals
alpha = 0.01
w_new = w - alpha * grad
print("gradient    ", fmt(grad, ".6f"))
print("update      ", fmt(-alpha * grad, ".6f"))
print("new weights ", fmt(w_new, ".6f"))
print(f"new MSE      {np.mean((X @ w_new - y) ** 2):.6f}")

# %% [markdown]
# One step took the MSE from about 56.4 to about 9.55. Both weights grew
# because both gradients were negative: the line (2x + 2) lay below every
# point, so raising its slope and its intercept both help.
#
# The same computation lives in `nnlib.linear`; from here on we call it from
# there. A quick check that it agrees with the lines above:

# %%
w_lib = linear.gradient_step(X, y, w, alpha)
print("nnlib new weights", fmt(w_lib, ".6f"))
print("same as above:", bool(np.allclose(w_lib, w_new, rtol=1e-12, atol=0)))

# %% [markdown]
# ## 1.4 Many steps
#
# Now we start from a poor guess, slope 1 and intercept 100, and take 51 steps
# at the same rate. `linear.train` returns the weights and the MSE after every
# step; we print every fifth.

# %%
w_start = np.array([1.0, 100.0])
history = linear.train(X, y, w_start, alpha=0.01, steps=51)
for step in range(0, 51, 5):
    print(f"step {step:2d}   MSE {history.mse[step]:10.4f}")
print(f"final weights {fmt(history.weights[-1], '.6f')}")

# %%
ax = plotting.plot_points(x, y).axes
plotting.plot_line(slope, intercept, (0, 10), ax, label="least squares")
w_slope, w_bias = history.weights[-1]
plotting.plot_line(
    w_slope, w_bias, (0, 10), ax, label="network, 51 steps", linestyle="--"
)
ax.set_title("Least squares against the network after 51 steps")
ax.legend()
plt.show()

# %% [markdown]
# After 51 steps the MSE is still about 1490, far from 3.55, and the network's
# line is nowhere near the data.
#
# A widely shared version of this walkthrough prints an MSE of 3.55 at every
# step from step 0 on. That happens only when its loop cell is run again on
# weights that earlier runs had already trained: the loop does not reset
# them. We can reproduce that here by repeating the 51-step run, each time
# starting from where the last one ended:

# %%
w_rerun = w_start
for run in range(1, 31):
    rerun = linear.train(X, y, w_rerun, alpha=0.01, steps=51)
    w_rerun = rerun.weights[-1]
    if run in (1, 2, 5, 10, 20, 30):
        print(
            f"run {run:2d}: MSE at its step 0 {rerun.mse[0]:10.4f}, "
            f"at its step 51 {rerun.mse[-1]:10.4f}"
        )

# %% [markdown]
# By the twentieth run the error is flat at 3.55 from the first printed step:
# the "converged from step 0" picture came from about a thousand steps that
# nobody saw. Run top to bottom, how many steps does the network really need?

# %%
long_run = linear.train(X, y, w_start, alpha=0.01, steps=2000)
for tolerance in (0.10, 0.01, 0.001):
    first = int(np.argmax(long_run.mse <= best_mse * (1 + tolerance)))
    print(f"within {tolerance:6.1%} of the least-squares MSE after {first:4d} steps")

# %% [markdown]
# Why so slow? The first few steps fix the misfit quickly (the MSE falls from
# about 7466 to about 2719 in five steps), then progress crawls. The two
# weights are coupled: raising the slope and lowering the intercept by the
# right amounts turns the line about a point inside the data and changes the
# outputs only a little. Along that combined direction the error surface is
# almost flat, and a flat surface means small gradients and small steps.
# Section 1.6 makes this exact.
#
# ## 1.5 How large may the learning rate be?
#
# A larger rate takes larger steps, so why not use one? Because beyond a
# certain rate each step overshoots so far that the error grows instead of
# shrinking. For this network the bound can be computed from the inputs
# alone: with $\lambda_{max}$ the largest eigenvalue of $X^\top X$, gradient
# descent converges exactly when
#
# $$\alpha < \frac{n}{\lambda_{max}}.$$

# %%
eigenvalues = np.linalg.eigvalsh(X.T @ X)
bound = linear.largest_stable_rate(X)
print("eigenvalues of X.T @ X:", fmt(eigenvalues, ".6f"))
print(f"largest stable rate n / lambda_max = {bound:.6f}")

# %% [markdown]
# Where the bound comes from: write the weights as the best weights plus an
# error, `w = w_best + e`. One gradient step turns the error into
# `(I - alpha * A) e` with `A = 2/n * X.T @ X`. Along an eigenvector of `A`
# with eigenvalue `lam`, the error is multiplied by `1 - alpha * lam` at every
# step. It shrinks only while that factor lies between -1 and 1, that is
# while `alpha < 2 / lam`; the largest eigenvalue gives the tightest bound,
# `2 / (2/n * lambda_max) = n / lambda_max`.
#
# Here are 300 steps at 95 % and at 105 % of the bound:

# %%
below = linear.train(X, y, w_start, alpha=0.95 * bound, steps=300)
above = linear.train(X, y, w_start, alpha=1.05 * bound, steps=300)
for name, run in (("95% of the bound ", below), ("105% of the bound", above)):
    print(f"{name} (rate {run.alpha:.6f}): MSE after 300 steps {run.mse[-1]:.6e}")

# %%
ax = plotting.plot_mse_history(below.mse, label=f"rate {below.alpha:.4f} (95%)").axes
plotting.plot_mse_history(above.mse, ax, label=f"rate {above.alpha:.4f} (105%)")
ax.axhline(best_mse, color="grey", linestyle=":", label="least squares")
ax.set_title("Just below and just above the largest stable rate")
ax.legend()
plt.show()

# %% [markdown]
# Just below the bound the error settles at the least-squares value; just
# above it, it grows by a constant factor every step, a straight line upward
# on the log scale. Kept running, it would overflow the largest number a
# float can hold (about 1.8e308). `linear.train` stops a little before that,
# at the first step whose error passes `linear.DIVERGED_MSE` (1e200), and
# records where: no overflow warnings, and a history that says what happened.

# %%
runaway = linear.train(X, y, w_start, alpha=1.05 * bound, steps=20000)
print(f"error at step {runaway.steps}: {runaway.mse[-1]:.6e}")
print(f"diverged at step {runaway.diverged_at}; training stopped there")

# %% [markdown]
# ## 1.6 Bonus: the whole history in closed form
#
# Because each step multiplies the error by the same matrix, step `k` has a
# formula. With `A = V diag(lam) V.T`:
#
# $$w_k = w_{best} + V\,\mathrm{diag}\big((1 - \alpha\lambda)^k\big)\,V^\top
# (w_0 - w_{best}).$$
#
# The two eigenvalues explain the two speeds seen in 1.4: the large one makes
# its part of the error vanish within a few steps (factor about 0.24 per
# step), the small one leaves its part shrinking by under 1 % per step.

# %%
lam = np.linalg.eigvalsh(2 / n * X.T @ X)
print("factors 1 - alpha * lam per step:", fmt(1 - 0.01 * lam, ".6f"))
closed = linear.train_closed_form(X, y, w_start, alpha=0.01, steps=2000)
same = np.allclose(closed.mse, long_run.mse, rtol=1e-9, atol=0)
print(f"closed form equals the loop's 2001 errors to 1e-9 relative: {same}")

# %% [markdown]
# The closed form gives every step at once, without a Python loop, which is
# what lets the explorer below answer a slider at once even at 10,000 steps.
#
# ## 1.7 Explore
#
# Move the sliders: the learning rate (above about 0.0262 the network
# diverges) and the number of steps. The left panel shows the network's line
# after that many steps, the right panel its error at every step.

# %%
explorer = explorers.RegressionExplorer(x, y, w_start, alpha=0.01, steps=51)
explorer

# %% [markdown]
# For readers without a running kernel, here is what the explorer shows at a
# stable rate run for long enough to converge:

# %%
static = explorers.RegressionExplorer(x, y, w_start, alpha=0.02, steps=1000)
static.snapshot()

# %% [markdown]
# ## Summary
#
# - The least-squares line is the best straight line in the MSE sense; here
#   its MSE is about 3.55.
# - A one-layer linear network with a bias column computes the same kind of
#   line, and gradient descent moves its weights towards the least-squares
#   ones.
# - At rate 0.01 that takes hundreds of steps (about 860 to get within 1 %),
#   because the error surface is nearly flat in one direction.
# - The rate must stay below `n / lambda_max` (about 0.0262 here) or the error
#   grows without bound.
# - A cell that keeps state, like a training loop, gives different numbers
#   each time it is re-run; run notebooks top to bottom.
#
# ## Exercises
#
# 1. Centre the inputs (`x - x.mean()`) and recompute the eigenvalues of
#    `X.T @ X`. Why does gradient descent now converge in far fewer steps?
# 2. Change the gradient to `X.T @ residuals / n` (without the 2). Which rate
#    now reproduces the steps above, and what is the new bound?
# 3. Start from `w = (3, 2.5)`, the line the data were drawn from. Does the
#    network stay there? Why not?
# 4. Using the closed form, find the smallest number of steps after which the
#    MSE is within 1 % of 3.55 for the rate 0.025.
