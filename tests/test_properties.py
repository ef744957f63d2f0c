"""Properties of nnlib that must hold for every input, checked with hypothesis.

The unit tests of each module check chosen examples against a reference; these
tests draw many inputs and check what the notebooks claim in general: a small
enough step never makes the error worse, the closed form is the loop, the
sigmoid is a probability with a bounded slope.

Every test is derandomized and keeps no example database, so a run tests the
same inputs as the last one (until hypothesis or the test changes) and leaves
no files behind.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import Phase, assume, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnlib import activations, classifier, linear

PROPERTIES = settings(max_examples=150, deadline=None, derandomize=True, database=None)

#: Classroom-sized numbers: 0, or between 1e-3 and 100 in size. Tinier ones,
#: such as 1e-300, only test how squares underflow, which no lesson is about.
MAGNITUDES = st.floats(1e-3, 100.0)
VALUES = st.one_of(st.just(0.0), MAGNITUDES, MAGNITUDES.map(lambda v: -v))


@st.composite
def problems(draw, max_samples: int = 8, max_inputs: int = 3):
    """A regression problem ``(X, y, w)``: X has a bias column of ones."""
    n_samples = draw(st.integers(1, max_samples))
    n_inputs = draw(st.integers(0, max_inputs))
    inputs = draw(hnp.arrays(np.float64, (n_samples, n_inputs), elements=VALUES))
    X = np.hstack([inputs, np.ones((n_samples, 1))])
    y = draw(hnp.arrays(np.float64, n_samples, elements=VALUES))
    w = draw(hnp.arrays(np.float64, n_inputs + 1, elements=VALUES))
    return X, y, w


def residual_scale(X, y, weights) -> float:
    """Size of the numbers a residual ``X @ w - y`` is computed from.

    The residual's rounding error is about ``1e-16`` times this, so an MSE
    below ``(1e-9 * scale) ** 2`` is rounding noise, not a value to compare.
    """
    largest_w = float(np.max(np.abs(weights)))
    return float(np.max(np.abs(X))) * largest_w * X.shape[1] + float(np.max(np.abs(y)))


def assert_histories_equal(loop, closed, X, y, growth=1.0, rtol=1e-9):
    """Two LinearHistory objects agree to ``rtol`` on the steps both recorded.

    Besides ``rtol``, each side may carry rounding errors of about 1e-15 of
    the weights' size, which a step can multiply by up to ``growth`` (the
    largest ``|1 - alpha * lam|``, above 1 only beyond the stable rate), so
    beyond the stable rate the two sides may drift apart by amplified
    rounding, not by a mistake.
    """
    assert loop.alpha == closed.alpha
    common = min(len(loop.mse), len(closed.mse))
    assert common >= 1
    w_best = np.linalg.lstsq(X, y, rcond=None)[0]
    lam_max = 2.0 / linear.largest_stable_rate(X)
    weight_size = max(
        np.max(np.abs(loop.weights[0])),
        np.max(np.abs(w_best)),
        np.max(np.abs(y)) / np.max(np.abs(X)),
    )
    rounding = 1e-15 * weight_size * growth ** np.arange(common)

    # An MSE also has a floor of rounding noise: that of the loop's residual
    # (see residual_scale); what the weights' rounding changes in the MSE,
    # at most sqrt(2 * lam_max * MSE) * dw + lam_max / 2 * dw ** 2; and the
    # rounding of the eigenvalues in the closed form's terms lam * c ** 2,
    # about 1e-15 of lam_max times the squared distance from the start to the
    # least-squares weights.
    loop_mse, closed_mse = loop.mse[:common], closed.mse[:common]
    scale = residual_scale(X, y, loop.weights[:common])
    distance = float(np.sum((loop.weights[0] - w_best) ** 2))
    floor = (
        (1e-9 * scale) ** 2
        + np.sqrt(2 * lam_max * loop_mse) * rounding
        + lam_max / 2 * rounding**2
        + 1e-15 * lam_max * distance * growth ** (2 * np.arange(common))
    )
    bad = np.abs(closed_mse - loop_mse) > rtol * np.abs(loop_mse) + floor
    assert not bad.any(), (
        f"MSE differs at steps {np.flatnonzero(bad)[:5]}: loop "
        f"{loop_mse[bad][:3]}, closed form {closed_mse[bad][:3]}"
    )

    # The closed form computes every row as the start plus a correction along
    # the eigenvectors, so its rounding error is relative to the weights'
    # overall size, not to each weight: a weight that should be 0 comes out
    # near 1e-16.
    size = max(np.max(np.abs(loop.weights[:common])), weight_size)
    difference = np.abs(closed.weights[:common] - loop.weights[:common]).max(axis=1)
    bad = difference > rtol * size + rounding
    assert not bad.any(), (
        f"weights differ at steps {np.flatnonzero(bad)[:5]} by "
        f"{difference[bad][:3]}, more than {rtol:g} of {size:.3e}"
    )


@PROPERTIES
@given(problems(), st.floats(0.01, 0.99))
def test_gradient_step_below_stable_rate_never_raises_mse(problem, fraction):
    X, y, w = problem
    alpha = fraction * linear.largest_stable_rate(X)

    before = linear.mse(X, y, w)
    after = linear.mse(X, y, linear.gradient_step(X, y, w, alpha))

    scale = residual_scale(X, y, w)
    assert after <= before * (1 + 1e-9) + (1e-9 * scale) ** 2, (before, after)


@PROPERTIES
@given(problems(), st.floats(0.01, 0.99), st.integers(1, 60))
def test_train_closed_form_equals_train_below_stable_rate(problem, fraction, steps):
    X, y, w0 = problem
    # Near-collinear inputs make the eigen-decomposition the closed form is
    # built on lose digits in proportion to the condition number.
    assume(np.linalg.cond(X) < 1e4)
    alpha = fraction * linear.largest_stable_rate(X)

    loop = linear.train(X, y, w0, alpha, steps)
    closed = linear.train_closed_form(X, y, w0, alpha, steps)

    assert loop.diverged_at is None
    assert closed.diverged_at is None
    assert_histories_equal(loop, closed, X, y)


@PROPERTIES
@given(problems(), st.floats(1.1, 3.0), st.integers(1, 40))
def test_train_closed_form_equals_train_above_stable_rate(problem, factor, steps):
    X, y, w0 = problem
    assume(np.linalg.cond(X) < 1e4)
    alpha = factor * linear.largest_stable_rate(X)

    loop = linear.train(X, y, w0, alpha, steps)
    closed = linear.train_closed_form(X, y, w0, alpha, steps)

    # The stable bound is alpha * lam_max = 2, so |1 - alpha * lam| is at most
    # 2 * factor - 1.
    assert_histories_equal(loop, closed, X, y, growth=2 * factor - 1)


# The closed form must agree with the loop on where training diverges, also
# from a start that is already optimal: there the loop's residual stays 0,
# and the closed form must not turn an overflowing power times 0 into NaN.
@settings(PROPERTIES, max_examples=40, phases=[Phase.explicit, Phase.generate])
@given(problems(max_inputs=1), st.floats(1.5, 3.0))
@example((np.array([[1.0]]), np.array([0.0]), np.array([0.5])), 2.5)
@example((np.array([[1.0]]), np.array([2.0]), np.array([2.0])), 3.0)
def test_train_closed_form_diverges_at_the_step_train_does(problem, factor):
    X, y, w0 = problem
    assume(np.linalg.cond(X) < 1e4)
    alpha = factor * linear.largest_stable_rate(X)
    # At 1.5 times the stable rate the error grows at least 4-fold a step, so
    # it overflows long before this many steps.
    steps = 1500

    loop = linear.train(X, y, w0, alpha, steps)
    closed = linear.train_closed_form(X, y, w0, alpha, steps)

    assert closed.diverged_at == loop.diverged_at


REALS = st.floats(allow_nan=False)  # every float but NaN, including +-inf


@PROPERTIES
@given(REALS)
def test_sigmoid_stays_between_0_and_1(z):
    assert 0.0 <= activations.sigmoid(z) <= 1.0


@PROPERTIES
@given(REALS)
def test_sigmoid_is_symmetric_about_one_half(z):
    # sigmoid(-z) == 1 - sigmoid(z): the two sides may differ by the rounding
    # of a number near 1, one unit in the last place.
    total = activations.sigmoid(z) + activations.sigmoid(-z)
    assert abs(total - 1.0) <= np.finfo(np.float64).eps


@PROPERTIES
@given(REALS, REALS)
def test_sigmoid_never_decreases(a, b):
    low, high = sorted((a, b))
    assert activations.sigmoid(low) <= activations.sigmoid(high)


@PROPERTIES
@given(REALS)
def test_sigmoid_slope_is_at_most_its_value_at_0(z):
    peak = activations.sigmoid_slope(0.0)
    assert peak == 0.25
    assert 0.0 <= activations.sigmoid_slope(z) <= peak


@PROPERTIES
@given(REALS, REALS)
def test_sigmoid_slope_shrinks_away_from_0(a, b):
    near, far = sorted((a, b), key=abs)
    # Two slopes that differ by rounding only may come in either order.
    tolerance = np.finfo(np.float64).eps
    assert activations.sigmoid_slope(near) >= activations.sigmoid_slope(far) - tolerance


# The slope keeps its digits for large |z| (computed from exp(-|z|)), so it is
# symmetric to rounding, including at 38, where s * (1 - s) would give 0.
@settings(PROPERTIES, max_examples=20, phases=[Phase.explicit, Phase.generate])
@given(st.floats(-700.0, 700.0))
@example(38.0)
def test_sigmoid_slope_is_symmetric(z):
    left, right = activations.sigmoid_slope(-z), activations.sigmoid_slope(z)
    assert left == pytest.approx(right, rel=1e-9, abs=1e-300)


@PROPERTIES
@given(hnp.arrays(np.float64, st.integers(1, 20), elements=REALS))
def test_sigmoid_of_an_array_is_the_sigmoid_of_each_element(z):
    together = activations.sigmoid(z)
    assert together.shape == z.shape
    for value, expected in zip(z, together, strict=True):
        assert activations.sigmoid(value) == expected


@st.composite
def classification_problems(draw, max_samples: int = 6, max_inputs: int = 2):
    """A classification problem ``(X, y, w0)`` with 0/1 labels as a column."""
    X, _, w = draw(problems(max_samples, max_inputs))
    labels = draw(st.lists(st.sampled_from([0.0, 1.0]), min_size=len(X)))
    y = np.array(labels[: len(X)])[:, np.newaxis]
    return X / 10.0, y, w[:, np.newaxis] / 10.0


@pytest.mark.skipif(
    not hasattr(classifier, "train_batch"),
    reason="nnlib.classifier.train_batch is not written yet",
)
@PROPERTIES
@given(
    classification_problems(),
    st.lists(st.floats(0.01, 10.0), min_size=1, max_size=4),
    st.integers(1, 30),
    st.sampled_from(["classic_slope", "textbook_slope"]),
)
def test_classifier_train_batch_equals_train_for_each_rate(
    problem, rates, steps, slope_name
):
    X, y, w0 = problem
    slope = getattr(classifier, slope_name)

    batch = classifier.train_batch(X, y, w0, rates, steps, slope)

    for index, rate in enumerate(rates):
        alone = classifier.train(X, y, w0, steps, slope, rate)
        together = batch.run(index)
        assert together.rate == alone.rate
        assert together.diverged_at == alone.diverged_at
        # The batch sums the same products in another order, so the two differ
        # by rounding relative to the largest weight or the largest possible
        # update (a slope is at most 1/4, an error at most 1), not to each one.
        largest_update = rate * np.max(np.abs(X).sum(axis=0)) / 4
        size = max(np.max(np.abs(alone.weights)), largest_update)
        np.testing.assert_allclose(together.mse, alone.mse, rtol=1e-9, atol=1e-15)
        np.testing.assert_allclose(
            together.weights, alone.weights, rtol=0, atol=1e-9 * size
        )
