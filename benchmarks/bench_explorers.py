"""How long one slider move takes inside the kernel, explorer against naive.

For each explorer in nnlib.explorers and each of its two sliders (learning
rate, number of steps), at 100, 1,000 and 10,000 steps, this times the
assignment ``slider.value = new`` until the ``Image`` widget holds the new
PNG. The widget's observer runs synchronously, so the assignment returns only
after the figure has been redrawn and encoded. Outside a kernel the widget has
no comm, so nothing is sent anywhere: what is timed is the Python work only,
not the trip to the browser (benchmarks/bench_browser.py measures that).

Next to it, the approach a typical tutorial takes with ``interact`` and an
inline figure, written out below: run the training loop again for the chosen
number of steps, then draw a brand-new pyplot figure and save it to PNG.

Run from the repository root::

    .venv/bin/python benchmarks/bench_explorers.py
"""

from __future__ import annotations

import io
import time

import matplotlib

matplotlib.use("Agg")  # the inline backend renders with Agg too

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from common import measure, print_footer, print_header  # noqa: E402

from nnlib import classifier, data, explorers, linear  # noqa: E402
from nnlib.least_squares import fit_line  # noqa: E402

STEP_COUNTS = (100, 1_000, 10_000)
#: Stable rates (the regression sample diverges above about 0.0262), so every
#: history has all its steps and the cost is that of the full length.
REGRESSION_RATES = np.round(np.arange(0.0050, 0.0250, 0.0005), 4)
#: The same size as the explorer's figure, so both draw as many pixels.
FIGSIZE = (9.0, 3.6)
DPI = 80


# ---------------------------------------------------------------------------
# The naive approach: what `interact` with an inline figure does on each move


def naive_regression_move(x, y, w0, alpha, steps) -> bytes:
    """Retrain with the loop and draw the whole figure again in pyplot."""
    X = linear.add_bias(x)
    history = linear.train(X, y, w0, alpha, steps)
    slope, intercept = fit_line(x, y)
    xs = np.array([x.min(), x.max()])

    fig, (fit_ax, mse_ax) = plt.subplots(1, 2, figsize=FIGSIZE, dpi=DPI)
    fit_ax.scatter(x, y, color="black", label="data")
    fit_ax.plot(xs, slope * xs + intercept, label="least squares")
    w_slope, w_bias = history.weights[-1]
    fit_ax.plot(xs, w_slope * xs + w_bias, linestyle="--", label="network")
    fit_ax.set(title="Data and fitted lines", xlabel="input x", ylabel="target y")
    fit_ax.legend()
    mse_ax.plot(history.mse, label="network")
    mse_ax.set_yscale("log")
    mse_ax.set(title="Error at each step", xlabel="step", ylabel="mean squared error")
    mse_ax.legend()

    # The inline backend saves with bbox_inches="tight" by default.
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def naive_classification_move(X, y, w0, rate, steps) -> bytes:
    """Retrain the classifier with its loop and draw a new pyplot figure."""
    history = classifier.train(X, y, w0, steps, rate=rate)

    fig, (out_ax, mse_ax) = plt.subplots(1, 2, figsize=FIGSIZE, dpi=DPI)
    for sample in range(X.shape[0]):
        out_ax.plot(history.outputs[:, sample], label=f"sample {sample}")
    out_ax.set(title="Outputs at each step", xlabel="step", ylabel="output")
    out_ax.legend()
    mse_ax.plot(history.mse, label="network")
    mse_ax.set(title="Error at each step", xlabel="step", ylabel="mean squared error")
    mse_ax.legend()

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


# ---------------------------------------------------------------------------
# Timing slider moves


def slider_move(explorer, slider, values):
    """An action for `measure`: set the slider to ``values(i)``, check a redraw."""

    def action(i: int) -> None:
        before = explorer.image.value
        slider.value = values(i)
        if explorer.image.value is before:
            raise RuntimeError(f"{slider.description}: the image was not replaced")

    return action


def steps_values(steps: int):
    """Alternate between one step fewer and ``steps``, so every move is real."""
    return lambda i: steps - 1 + (i % 2)


def rate_values(rates):
    """Walk through ``rates`` so that consecutive values always differ."""
    return lambda i: float(rates[i % len(rates)])


def print_row(name, slider, steps, explorer_timing, naive_timing) -> None:
    explorer_ms = "not available" if explorer_timing is None else explorer_timing.ms()
    ratio = (
        "-"
        if explorer_timing is None
        else f"{naive_timing.median / explorer_timing.median:6.1f}x"
    )
    print(
        f"{name:<15} {slider:<13} {steps:>6,}  {explorer_ms:>26}  "
        f"{naive_timing.ms():>26}  {ratio:>7}"
    )


def regression_rows() -> dict[int, float]:
    """Time both sliders of RegressionExplorer; return rate-move medians."""
    x, y = data.regression_sample()
    w0 = np.array([1.0, 100.0])
    rate_medians = {}
    for steps in STEP_COUNTS:
        explorer = explorers.RegressionExplorer(
            x, y, w0, alpha=0.0245, steps=steps, max_steps=max(STEP_COUNTS)
        )
        rate = measure(
            slider_move(explorer, explorer.rate, rate_values(REGRESSION_RATES))
        )
        naive_rate = measure(
            lambda i, steps=steps: naive_regression_move(
                x, y, w0, rate_values(REGRESSION_RATES)(i), steps
            )
        )
        print_row("regression", "learning rate", steps, rate, naive_rate)
        rate_medians[steps] = rate.median

        explorer.rate.value = 0.01
        moves = measure(slider_move(explorer, explorer.steps, steps_values(steps)))
        naive_steps = measure(
            lambda i, steps=steps: naive_regression_move(
                x, y, w0, 0.01, steps_values(steps)(i)
            )
        )
        print_row("regression", "steps", steps, moves, naive_steps)
    return rate_medians


def classification_rows() -> dict[int, float] | None:
    """Time ClassificationExplorer's sliders if nnlib has it, the naive anyway."""
    X, y = data.classification_sample()
    w0 = np.zeros((X.shape[1], 1))
    rates = np.round(np.linspace(0.5, 5.0, 40), 3)
    explorer_class = getattr(explorers, "ClassificationExplorer", None)
    for steps in STEP_COUNTS:
        # TODO: time ClassificationExplorer's sliders here once it exists in
        # nnlib/explorers.py; until then only the naive column is measured.
        naive_rate = measure(
            lambda i, steps=steps: naive_classification_move(
                X, y, w0, rate_values(rates)(i), steps
            )
        )
        print_row("classification", "learning rate", steps, None, naive_rate)
        naive_steps = measure(
            lambda i, steps=steps: naive_classification_move(
                X, y, w0, 1.0, steps_values(steps)(i)
            )
        )
        print_row("classification", "steps", steps, None, naive_steps)
    if explorer_class is None:
        print(
            "(classification: nnlib.explorers has no ClassificationExplorer yet, "
            "so only the naive approach is timed)"
        )
    return None


def regression_breakdown() -> None:
    """Where a regression rate move spends its time, at each step count."""
    x, y = data.regression_sample()
    w0 = np.array([1.0, 100.0])
    X = linear.add_bias(x)
    print()
    print("Where a RegressionExplorer learning-rate move spends its time")
    print(f"{'steps':>6}  {'closed form':>26}  {'blit + PNG':>26}  {'full + PNG':>26}")
    for steps in STEP_COUNTS:
        explorer = explorers.RegressionExplorer(
            x, y, w0, alpha=0.01, steps=steps, max_steps=max(STEP_COUNTS)
        )
        closed = measure(
            lambda i, steps=steps: linear.train_closed_form(
                X, y, w0, rate_values(REGRESSION_RATES)(i), steps
            )
        )
        blit = measure(lambda i, e=explorer: e.render(full=False))
        full = measure(lambda i, e=explorer: e.render(full=True))
        print(f"{steps:>6,}  {closed.ms():>26}  {blit.ms():>26}  {full.ms():>26}")


def main() -> None:
    started = time.perf_counter()
    print_header(
        "Slider move inside the kernel: nnlib explorer against naive retraining",
        packages=("numpy", "matplotlib", "ipywidgets", "pillow"),
    )
    print(
        "Time from `slider.value = new` until the Image widget holds the new PNG\n"
        "(outside a kernel: no comm, nothing sent to a browser). Naive: rerun\n"
        "the training loop, then plt.subplots, plot, savefig to PNG, plt.close.\n"
        "Milliseconds, median [p10-p90] of 30 moves after 3 warm-up moves.\n"
    )
    print(
        f"{'explorer':<15} {'slider':<13} {'steps':>6}  {'explorer ms':>26}  "
        f"{'naive ms':>26}  {'naive/':>7}"
    )
    print(f"{'':<15} {'':<13} {'':>6}  {'':>26}  {'':>26}  {'explorer':>7}")
    rate_medians = regression_rows()
    classification_rows()

    low, high = min(STEP_COUNTS), max(STEP_COUNTS)
    print()
    print(
        f"RegressionExplorer rate move at {high:,} steps / at {low:,} steps: "
        f"{rate_medians[high] / rate_medians[low]:.2f}x "
        "(1.00x would be no growth with the step count)"
    )
    regression_breakdown()
    print_footer()
    print(f"total time  {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
