"""How long one slider move takes inside the kernel, explorer against naive.

For each explorer in nnlib.explorers and each of its sliders (learning
rate, number of steps), at 100, 1,000 and 10,000 steps, this times the
assignment ``slider.value = new`` until the ``Image`` widget holds the new
PNG. The widget's observer runs synchronously, so the assignment returns only
after the figure has been redrawn and encoded. Outside a kernel the widget has
no comm, so nothing is sent anywhere: what is timed is the Python work only,
not the trip to the browser (benchmarks/bench_browser.py measures that).

ClassificationExplorer also has a slope-rule toggle, timed the same way.

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
from common import measure, measure_pair, print_footer, print_header  # noqa: E402

from nnlib import classifier, data, explorers, linear  # noqa: E402
from nnlib.least_squares import fit_line  # noqa: E402

STEP_COUNTS = (100, 1_000, 10_000)
#: One more than the largest count, so the steps slider can cross 10,000.
MAX_STEPS = max(STEP_COUNTS) + 1
#: Steps-slider moves timed: one step down (the step axis keeps its round end)
#: and one step up from a round count (the step axis gets a new end).
STEPS_MOVES = ((-1, "steps -1"), (+1, "steps +1, axis"))
#: Stable rates (the regression sample diverges above about 0.0262), so every
#: history has all its steps and the cost is that of the full length.
REGRESSION_RATES = np.round(np.arange(0.0050, 0.0250, 0.0005), 4)
#: The same sizes as the explorers' figures, so both sides draw as many pixels.
FIGSIZE = (9.0, 3.6)
CLASSIFICATION_FIGSIZE = (11.0, 3.6)
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


def naive_classification_move(X, y, w0, rate, steps, slope) -> bytes:
    """Retrain the classifier with its loop and draw a new pyplot figure."""
    history = classifier.train(X, y, w0, steps, slope, rate=rate)
    samples = np.arange(X.shape[0])

    fig, (prob_ax, mse_ax, weight_ax) = plt.subplots(
        1, 3, figsize=CLASSIFICATION_FIGSIZE, dpi=DPI
    )
    prob_ax.bar(samples, history.outputs[-1], label="predicted")
    prob_ax.plot(samples, y[:, 0], "kD", label="label")
    prob_ax.set(title="Prediction per sample", xlabel="sample", ylabel="probability")
    prob_ax.legend()
    mse_ax.plot(history.mse, label="classifier")
    mse_ax.set_yscale("log")
    mse_ax.set(title="Error at each step", xlabel="step", ylabel="mean squared error")
    mse_ax.legend()
    for feature in range(X.shape[1]):
        weight_ax.plot(history.weights[:, feature], label=f"w[{feature}]")
    weight_ax.set(title="Weights at each step", xlabel="step", ylabel="weight")
    weight_ax.legend()

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


def steps_values(steps: int, offset: int = -1):
    """Alternate between ``steps + offset`` and ``steps``: one arrow-key press.

    The explorers end their step axis at a round number (nnlib's
    ``step_axis_limit``), so from 1,000 steps one step down keeps the axis and
    one step up crosses its end and redraws the step axes. Both are timed.
    """
    return lambda i: steps + offset * ((i + 1) % 2)


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
        f"{name:<15} {slider:<15} {steps:>6,}  {explorer_ms:>26}  "
        f"{naive_timing.ms():>26}  {ratio:>7}"
    )


def regression_rows() -> None:
    """Time both sliders of RegressionExplorer, and the naive approach."""
    x, y = data.regression_sample()
    w0 = np.array([1.0, 100.0])
    rates = rate_values(REGRESSION_RATES)
    for steps in STEP_COUNTS:
        explorer = explorers.RegressionExplorer(
            x, y, w0, alpha=0.0245, steps=steps, max_steps=MAX_STEPS
        )
        rate = measure(slider_move(explorer, explorer.rate, rates))
        naive = measure(
            lambda i, steps=steps: naive_regression_move(x, y, w0, rates(i), steps)
        )
        print_row("regression", "learning rate", steps, rate, naive)

        explorer.rate.value = 0.01
        for offset, label in STEPS_MOVES:
            moves = measure(
                slider_move(explorer, explorer.steps, steps_values(steps, offset))
            )
            print_row("regression", label, steps, moves, naive)


def make_regression_explorer(steps: int):
    """A RegressionExplorer on the classroom sample, as notebook 01 makes it."""
    x, y = data.regression_sample()
    return explorers.RegressionExplorer(
        x, y, [1.0, 100.0], alpha=0.01, steps=steps, max_steps=MAX_STEPS
    )


def make_classification_explorer(steps: int):
    """A ClassificationExplorer as notebook 02 makes it, or None if nnlib has none."""
    explorer_class = getattr(explorers, "ClassificationExplorer", None)
    if explorer_class is None:
        return None
    X, y = data.classification_sample()
    w0 = np.zeros((X.shape[1], 1))
    return explorer_class(X, y, w0, rate=0.4, steps=steps, max_steps=MAX_STEPS)


def classification_rows() -> None:
    """Time ClassificationExplorer's controls (if nnlib has it) and the naive."""
    X, y = data.classification_sample()
    w0 = np.zeros((X.shape[1], 1))
    # On the explorer's grid (multiples of 0.1), every one a real move.
    rates = rate_values(np.round(np.arange(0.5, 4.55, 0.1), 1))
    rule_names = ["classic", "textbook"]
    for steps in STEP_COUNTS:
        explorer = make_classification_explorer(steps)
        rate, rule = None, None
        steps_moves = dict.fromkeys(label for _, label in STEPS_MOVES)
        if explorer is not None:
            rate = measure(slider_move(explorer, explorer.rate, rates))
            explorer.rate.value = 1.0
            for offset, label in STEPS_MOVES:
                steps_moves[label] = measure(
                    slider_move(explorer, explorer.steps, steps_values(steps, offset))
                )
            rule = measure(
                slider_move(explorer, explorer.rule, lambda i: rule_names[(i + 1) % 2])
            )
        naive = measure(
            lambda i, steps=steps: naive_classification_move(
                X, y, w0, rates(i), steps, classifier.classic_slope
            )
        )
        print_row("classification", "learning rate", steps, rate, naive)
        for label, timing in steps_moves.items():
            print_row("classification", label, steps, timing, naive)
        print_row("classification", "slope rule", steps, rule, naive)
    if explorer is None:
        print(
            "(classification: nnlib.explorers has no ClassificationExplorer, so "
            "only the naive approach is timed)"
        )


def growth_with_steps(name: str, make) -> None:
    """Rate moves at the fewest and the most steps, in alternation, compared.

    Alternating the two explorers exposes both to the same load, so the ratio
    of each pair says whether the step count matters even on a busy machine.
    """
    low, high = min(STEP_COUNTS), max(STEP_COUNTS)
    few, many = make(low), make(high)
    if few is None:
        return
    values = rate_values(np.round(np.arange(0.5, 2.45, 0.1), 1))
    if name.startswith("Regression"):
        values = rate_values(REGRESSION_RATES)
    _, _, ratio = measure_pair(
        slider_move(many, many.rate, values), slider_move(few, few.rate, values)
    )
    print(f"{name} rate move at {high:,} / at {low:,} steps: {ratio.times()}")


def breakdown() -> None:
    """Where a learning-rate move spends its time, for each explorer."""
    made = {
        "regression": make_regression_explorer,
        "classification": make_classification_explorer,
    }
    print()
    print("Where the time goes: update() recomputes or looks up the history and")
    print("moves the artists; render draws and encodes the PNG (blit: the values'")
    print("artists over the saved axes, as on a rate move; full: the axes whose")
    print("limits can change drawn again too, as when the step axis gets a new end).")
    print(f"At {max(STEP_COUNTS):,} steps; ms, median [p10-p90].")
    print(
        f"{'explorer':<15} {'steps':>6}  {'update()':>26}  {'blit render':>26}  "
        f"{'full render':>26}"
    )
    steps = max(STEP_COUNTS)
    for name, make in made.items():
        explorer = make(steps)
        if explorer is not None:
            update = measure(lambda i, e=explorer: e.update(e.rate))
            blit = measure(lambda i, e=explorer: e.render(full=False))
            full = measure(lambda i, e=explorer: e.render(full=True))
            print(
                f"{name:<15} {steps:>6,}  {update.ms():>26}  {blit.ms():>26}  "
                f"{full.ms():>26}"
            )


def construction() -> None:
    """One-off cost of making each explorer (paid when its cell runs)."""
    if make_classification_explorer(1) is None:
        return
    timing = measure(lambda i: make_classification_explorer(1000), repeats=5, warmup=1)
    print()
    print(
        "Making a ClassificationExplorer (train_batch over its rate grid, both "
        f"rules,\n{MAX_STEPS:,} steps): {timing.ms()} ms, median [p10-p90] of 5"
    )


def main() -> None:
    print_header(
        "Slider move inside the kernel: nnlib explorer against naive retraining",
        packages=("numpy", "matplotlib", "ipywidgets", "pillow"),
    )
    started = time.perf_counter()
    print(
        "Time from `slider.value = new` until the Image widget holds the new PNG\n"
        "(outside a kernel: no comm, nothing sent to a browser). Naive: rerun\n"
        "the training loop, then plt.subplots, plot, savefig to PNG, plt.close;\n"
        "it does the same work whichever control moves, so it is timed once per\n"
        "step count (moving the rate) and shown on every row of that count.\n"
        "Steps -1: one step down, the step axis keeps its (round) end; steps +1,\n"
        "axis: one step up past a round end, so the step axes are redrawn.\n"
        "Milliseconds, median [p10-p90] of 30 moves after 3 warm-up moves.\n"
    )
    print(
        f"{'explorer':<15} {'slider':<15} {'steps':>6}  {'explorer ms':>26}  "
        f"{'naive ms':>26}  {'naive/':>7}"
    )
    print(f"{'':<15} {'':<15} {'':>6}  {'':>26}  {'':>26}  {'explorer':>7}")
    regression_rows()
    classification_rows()
    print()
    print("Does a learning-rate move get slower with the step count? Moves on two")
    print("explorers, alternated; ratio per pair, median [p10-p90]; 1.00x: no.")
    growth_with_steps("RegressionExplorer    ", make_regression_explorer)
    growth_with_steps("ClassificationExplorer", make_classification_explorer)
    breakdown()
    construction()
    print_footer()
    print(f"total time  {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
