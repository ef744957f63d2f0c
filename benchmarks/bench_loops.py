"""What nnlib's training loops cost against the same loop in bare numpy.

Three comparisons, each run in alternation so both sides see the same load:

1. ``linear.train`` and ``classifier.train`` against a loop written below
   with the same update and the same preallocated history, but no input
   checks, no error-state handling and no divergence test. The ratio is
   nnlib's overhead; the target is at most 1.2x.
2. ``linear.train`` against ``linear.train_closed_form``, the exact history
   without a Python loop: the ratio is the closed form's speed-up.
3. 50 ``classifier.train`` calls against one ``classifier.train_batch`` over
   the same 50 rates: the ratio is the batch's speed-up.

Each bare loop is checked against nnlib's result before timing, so both sides
are known to do the same work.

Run from the repository root::

    .venv/bin/python benchmarks/bench_loops.py
"""

from __future__ import annotations

import time

import numpy as np
from common import measure_pair, print_footer, print_header

from nnlib import classifier, data, linear

STEP_COUNTS = (1_000, 10_000)
BATCH_RATES = np.linspace(0.1, 5.0, 50)
BATCH_STEPS = 1_000


def bare_linear_train(X, y, w0, alpha, steps):
    """Gradient descent on the MSE, recording weights and error each step."""
    n_samples = X.shape[0]
    scale = 2.0 * alpha / n_samples
    weights = np.empty((steps + 1, X.shape[1]))
    errors = np.empty(steps + 1)
    w = w0
    for k in range(steps + 1):
        residual = X @ w - y
        errors[k] = (residual @ residual) / n_samples
        weights[k] = w
        w = w - scale * (X.T @ residual)
    return weights, errors


def bare_classifier_train(X, labels, w0, rate, steps):
    """The classic sigmoid rule, recording outputs and weights each step."""
    n_samples, n_features = X.shape
    outputs = np.empty((steps + 1, n_samples))
    weights = np.empty((steps + 1, n_features))
    weights[0] = w0
    scaled_XT = rate * X.T
    for k in range(steps):
        w = weights[k]
        a = 1.0 / (1.0 + np.exp(-(X @ w)))
        outputs[k] = a
        s = 1.0 / (1.0 + np.exp(-a))  # the classic rule's slope, taken at a
        weights[k + 1] = w + scaled_XT @ ((labels - a) * (s * (1.0 - s)))
    outputs[steps] = 1.0 / (1.0 + np.exp(-(X @ weights[steps])))
    errors = labels - outputs
    return outputs, weights, np.mean(errors * errors, axis=1)


def check_same_work(X, y, w0, Xc, yc, wc0) -> None:
    """Stop unless each bare loop gives nnlib's history, so both do the same."""
    weights, errors = bare_linear_train(X, y, w0, 0.01, 500)
    history = linear.train(X, y, w0, 0.01, 500)
    np.testing.assert_allclose(weights, history.weights, rtol=1e-12)
    np.testing.assert_allclose(errors, history.mse, rtol=1e-12)

    outputs, weights, mses = bare_classifier_train(Xc, yc[:, 0], wc0[:, 0], 1.0, 500)
    run = classifier.train(Xc, yc, wc0, 500)
    np.testing.assert_allclose(outputs, run.outputs, rtol=1e-12)
    np.testing.assert_allclose(weights, run.weights, rtol=1e-12)
    np.testing.assert_allclose(mses, run.mse, rtol=1e-12)


def row(name: str, steps: int, first, second, ratio) -> None:
    print(
        f"{name:<38} {steps:>7,}  {first.ms():>24}  {second.ms():>24}  "
        f"{ratio.times():>19}"
    )


def main() -> None:
    print_header("nnlib's training loops against bare numpy loops")
    X, y = data.regression_sample()
    X = linear.add_bias(X)
    w0 = np.array([1.0, 100.0])
    Xc, yc = data.classification_sample()
    wc0 = np.zeros((Xc.shape[1], 1))
    labels, wc0_flat = yc[:, 0], wc0[:, 0]
    check_same_work(X, y, w0, Xc, yc, wc0)
    print(
        "Milliseconds, median [p10-p90] of 30 calls after 3 warm-up calls; the\n"
        "ratio is taken call by call (A and B alternate), then summarised.\n"
        "Data: the 5-point regression sample and the 4-sample classification set.\n"
    )
    started = time.perf_counter()
    print(
        f"{'A against B':<38} {'steps':>7}  {'A ms':>24}  {'B ms':>24}  {'A / B':>19}"
    )

    print("-- overhead of nnlib over a bare loop (target A / B <= 1.20x)")
    for steps in STEP_COUNTS:
        result = measure_pair(
            lambda i, s=steps: linear.train(X, y, w0, 0.01, s),
            lambda i, s=steps: bare_linear_train(X, y, w0, 0.01, s),
        )
        row("linear.train vs bare loop", steps, *result)
    for steps in STEP_COUNTS:
        result = measure_pair(
            lambda i, s=steps: classifier.train(Xc, yc, wc0, s),
            lambda i, s=steps: bare_classifier_train(Xc, labels, wc0_flat, 1.0, s),
        )
        row("classifier.train vs bare loop", steps, *result)

    print("-- speed-up of the exact history without a loop (A / B)")
    for steps in STEP_COUNTS:
        result = measure_pair(
            lambda i, s=steps: linear.train(X, y, w0, 0.01, s),
            lambda i, s=steps: linear.train_closed_form(X, y, w0, 0.01, s),
        )
        row("linear.train vs train_closed_form", steps, *result)

    n_rates = BATCH_RATES.size
    print(f"-- speed-up of {n_rates} rates in one call over one call per rate (A / B)")

    def separate(i):
        for rate in BATCH_RATES:
            classifier.train(Xc, yc, wc0, BATCH_STEPS, rate=float(rate))

    result = measure_pair(
        separate,
        lambda i: classifier.train_batch(Xc, yc, wc0, BATCH_RATES, BATCH_STEPS),
    )
    row(f"{n_rates} x classifier.train vs train_batch", BATCH_STEPS, *result)

    print_footer()
    print(f"total time  {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
