"""Tests of nnlib.explorers: moving a slider changes what is drawn."""

import numpy as np
import pytest

from nnlib import data, linear

explorers = pytest.importorskip("nnlib.explorers")


@pytest.fixture
def explorer():
    x, y = data.regression_sample()
    return explorers.RegressionExplorer(x, y, [1.0, 100.0], alpha=0.01, steps=51)


def test_regression_explorer_draws_on_creation(explorer):
    assert bytes(explorer.image.value).startswith(b"\x89PNG")
    assert explorer.history.steps == 51


@pytest.mark.parametrize(("slider", "value"), [("rate", 0.02), ("steps", 500)])
def test_moving_a_slider_changes_the_drawing(explorer, slider, value):
    before_image = explorer.image.value
    before_line = explorer._fit_line.get_ydata().copy()
    getattr(explorer, slider).value = value
    assert explorer.image.value != before_image
    assert not np.allclose(explorer._fit_line.get_ydata(), before_line)


def test_regression_explorer_shows_the_loop_history(explorer):
    explorer.rate.value = 0.015
    explorer.steps.value = 300
    x, y = data.regression_sample()
    loop = linear.train(linear.add_bias(x), y, [1.0, 100.0], 0.015, 300)
    slope, intercept = loop.weights[-1]
    np.testing.assert_allclose(
        explorer._fit_line.get_ydata(),
        slope * np.array([0.0, 10.0]) + intercept,
        rtol=1e-9,
    )
    shown_x, shown_mse = explorer._mse_line.get_data()
    np.testing.assert_allclose(shown_mse, loop.mse[np.asarray(shown_x)], rtol=1e-9)


def test_regression_explorer_reports_divergence(explorer):
    explorer.steps.value = 10_000
    explorer.rate.value = 0.03
    assert explorer.history.diverged_at is not None
    assert explorer._status.get_text() == (
        f"diverged at step {explorer.history.diverged_at}"
    )


def test_blitted_redraw_equals_full_redraw(explorer):
    explorer.rate.value = 0.017  # a rate move redraws only the animated artists
    blitted = explorer.image.value
    explorer.render(full=True)
    assert explorer.image.value == blitted


def test_curve_indices_keep_ends_and_cap_the_count():
    indices = explorers.curve_indices(10_001)
    assert indices[0] == 0 and indices[-1] == 10_000
    assert len(indices) <= explorers.MAX_CURVE_POINTS
    np.testing.assert_array_equal(explorers.curve_indices(5), np.arange(5))


def test_repr_is_short_and_deterministic(explorer):
    assert repr(explorer) == (
        "RegressionExplorer(alpha=0.0100, steps=51) -- run the notebook to move "
        "the sliders"
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"alpha": 0.5}, r"alpha must lie between alpha_step \(0.0005\) and max_alpha"),
        ({"steps": 20_000}, r"steps must be at most max_steps \(10000\), got 20000"),
        ({"max_steps": 0}, "max_steps must be at least 1, got 0"),
    ],
)
def test_regression_explorer_rejects_bad_settings(kwargs, message):
    x, y = data.regression_sample()
    with pytest.raises(ValueError, match=message):
        explorers.RegressionExplorer(x, y, [1.0, 100.0], **kwargs)


@pytest.fixture(scope="module")
def classification_explorer():
    X, y = data.classification_sample()
    w0 = np.array([[-0.2], [0.4], [-1.0]])
    # A small grid keeps the precomputation quick in tests.
    return explorers.ClassificationExplorer(
        X, y, w0, rate=1.0, steps=100, max_rate=2.0, max_steps=400
    )


@pytest.mark.parametrize(
    ("control", "value"), [("rate", 1.5), ("steps", 300), ("rule", "textbook")]
)
def test_classification_explorer_redraws_on_every_control(
    classification_explorer, control, value
):
    before_image = bytes(classification_explorer.image.value)
    before_mse = classification_explorer.history.mse.copy()
    getattr(classification_explorer, control).value = value
    assert bytes(classification_explorer.image.value) != before_image
    assert not np.array_equal(classification_explorer.history.mse, before_mse)


@pytest.mark.parametrize("rule", ["classic", "textbook"])
def test_classification_explorer_shows_the_plain_loop(classification_explorer, rule):
    from nnlib import classifier

    explorer = classification_explorer
    explorer.rule.value = rule
    explorer.rate.value = 0.7
    explorer.steps.value = 250
    X, y = data.classification_sample()
    slope = {"classic": classifier.classic_slope, "textbook": classifier.textbook_slope}
    loop = classifier.train(
        X, y, np.array([[-0.2], [0.4], [-1.0]]), 250, slope[rule], rate=0.7
    )
    np.testing.assert_allclose(explorer.history.mse, loop.mse, rtol=1e-9)
    np.testing.assert_allclose(explorer.history.weights, loop.weights, rtol=1e-9)
    heights = [bar.get_height() for bar in explorer._bars.patches]
    np.testing.assert_allclose(heights, loop.outputs[-1], rtol=1e-9)


def test_classification_explorer_repr_names_its_settings(classification_explorer):
    explorer = classification_explorer
    explorer.rule.value = "classic"
    explorer.rate.value = 1.0
    explorer.steps.value = 100
    assert repr(explorer).startswith(
        "ClassificationExplorer(rate=1.0, steps=100, rule='classic')"
    )


def test_classification_explorer_rejects_unknown_rule():
    X, y = data.classification_sample()
    with pytest.raises(ValueError, match="rule must be one of 'classic', 'textbook'"):
        explorers.ClassificationExplorer(X, y, np.zeros((3, 1)), rule="newton")


@pytest.mark.parametrize(
    ("steps", "limit"),
    [(1, 10), (10, 10), (11, 12), (51, 60), (100, 100), (101, 120), (1001, 1200)],
)
def test_step_axis_limit_is_the_next_round_number(steps, limit):
    assert explorers.step_axis_limit(steps) == limit


def test_step_axis_changes_only_at_round_numbers(explorer):
    explorer.steps.value = 1001
    assert explorer._mse_ax.get_xlim() == (0, 1200)
    explorer.steps.value = 1150
    assert explorer._mse_ax.get_xlim() == (0, 1200)
    explorer.steps.value = 1250
    assert explorer._mse_ax.get_xlim() == (0, 1500)
