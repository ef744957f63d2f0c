"""Tests of nnlib.classifier against plain numpy written out in the tests."""

import numpy as np
import pytest

from nnlib.activations import sigmoid_slope
from nnlib.classifier import (
    classic_slope,
    forward,
    mse,
    step,
    textbook_slope,
    train,
    train_batch,
)
from nnlib.data import classification_sample

RULES = [classic_slope, textbook_slope]


@pytest.fixture
def problem():
    """The classroom data and the walkthrough's seeded starting weights."""
    X, y = classification_sample()
    # The legacy generator's stream is frozen across numpy versions; a local
    # RandomState(1) draws what np.random.seed(1) would, without global state.
    w0 = 2 * np.random.RandomState(1).random_sample((3, 1)) - 1
    return X, y, w0


def plain_logistic(z):
    """Reference sigmoid for the moderate values used here."""
    return 1.0 / (1.0 + np.exp(-z))


def plain_step(X, y, w, rule, rate):
    """One update written out in numpy, independently of nnlib."""
    a = plain_logistic(X @ w)
    if rule == "classic":
        slope = plain_logistic(a) * (1.0 - plain_logistic(a))
    else:
        slope = a * (1.0 - a)
    return w + rate * X.T @ ((y - a) * slope)


def plain_mse(X, y, w):
    return float(np.mean((y - plain_logistic(X @ w)) ** 2))


def test_seeded_legacy_weights_are_the_published_ones(problem):
    # The one hard-coded reference: the figure printed in the walkthrough.
    _, _, w0 = problem
    expected = [[-0.16595599], [0.44064899], [-0.99977125]]
    np.testing.assert_allclose(w0, expected, rtol=0, atol=5e-9)


def test_forward_matches_plain_numpy(problem):
    X, _, w0 = problem
    z, a = forward(X, w0)
    np.testing.assert_allclose(z, X @ w0, rtol=1e-15, atol=0)
    np.testing.assert_allclose(a, plain_logistic(X @ w0), rtol=1e-15, atol=0)
    assert z.shape == a.shape == (4, 1)


def test_mse_matches_plain_numpy(problem):
    X, y, w0 = problem
    assert mse(X, y, w0) == pytest.approx(plain_mse(X, y, w0), rel=1e-15)


def test_classic_slope_is_the_sigmoid_slope_at_the_output():
    z = np.linspace(-8.0, 8.0, 33)
    a = plain_logistic(z)
    np.testing.assert_allclose(classic_slope(z, a), sigmoid_slope(a), rtol=1e-14)


def test_textbook_slope_is_the_sigmoid_slope_at_the_input():
    z = np.linspace(-8.0, 8.0, 33)
    a = plain_logistic(z)
    np.testing.assert_allclose(textbook_slope(z, a), sigmoid_slope(z), rtol=1e-12)


def test_classic_slope_stays_between_its_bounds_for_every_output():
    a = np.linspace(0.0, 1.0, 101)
    slopes = classic_slope(np.zeros_like(a), a)
    assert np.all(slopes >= sigmoid_slope(1.0))
    assert np.all(slopes <= 0.25)


@pytest.mark.parametrize("rate", [1.0, 0.3])
@pytest.mark.parametrize(
    ("rule", "name"), [(classic_slope, "classic"), (textbook_slope, "textbook")]
)
def test_step_matches_plain_numpy(problem, rule, name, rate):
    X, y, w0 = problem
    result = step(X, y, w0, slope=rule, rate=rate)

    a = plain_logistic(X @ w0)
    np.testing.assert_allclose(result.z, X @ w0, rtol=1e-15)
    np.testing.assert_allclose(result.a, a, rtol=1e-15)
    np.testing.assert_allclose(result.errors, y - a, rtol=1e-15)
    assert result.mse == pytest.approx(plain_mse(X, y, w0), rel=1e-15)
    np.testing.assert_allclose(result.deltas, result.errors * result.slope, rtol=1e-15)
    np.testing.assert_allclose(
        result.update, rate * X.T @ result.deltas, rtol=1e-15, atol=0
    )
    expected = plain_step(X, y, w0, name, rate)
    np.testing.assert_allclose(result.new_weights, expected, rtol=1e-14)
    assert result.new_mse == pytest.approx(plain_mse(X, y, expected), rel=1e-14)


def finite_difference_gradient(X, y, w, h=1e-6):
    """Central differences of the mean squared error, one weight at a time."""
    gradient = np.zeros_like(w)
    for i in range(w.size):
        bump = np.zeros_like(w)
        bump[i] = h
        gradient[i] = (plain_mse(X, y, w + bump) - plain_mse(X, y, w - bump)) / (2 * h)
    return gradient


@pytest.mark.parametrize("k", [0, 50, 200])
def test_textbook_update_is_the_mse_gradient_and_classic_is_not(problem, k):
    X, y, w0 = problem
    # From the start, and from states along the way where outputs saturate.
    w = train(X, y, w0, k + 1, slope=textbook_slope).weights[k][:, np.newaxis]
    gradient = finite_difference_gradient(X, y, w)
    # d/dw mean((y - a)**2) = -2 / n_samples * X.T @ ((y - a) * a * (1 - a)),
    # so the textbook update with rate 1 is -n_samples / 2 times the gradient.
    descent = -X.shape[0] / 2 * gradient

    textbook = step(X, y, w, slope=textbook_slope).update
    classic = step(X, y, w, slope=classic_slope).update
    # Central differences with h = 1e-6 are good to about 1e-9 here.
    np.testing.assert_allclose(textbook, descent, rtol=1e-6, atol=1e-9)
    mismatch = np.linalg.norm(classic - descent) / np.linalg.norm(descent)
    assert mismatch > 0.2


@pytest.mark.parametrize("rule", RULES)
def test_train_equals_repeated_steps(problem, rule):
    X, y, w0 = problem
    history = train(X, y, w0, 30, slope=rule, rate=0.7)

    w = w0
    for k in range(31):
        np.testing.assert_allclose(history.weights[k], w[:, 0], rtol=1e-12)
        if k < 30:
            result = step(X, y, w, slope=rule, rate=0.7)
            np.testing.assert_allclose(history.outputs[k], result.a[:, 0], rtol=1e-12)
            np.testing.assert_allclose(
                history.errors[k], result.errors[:, 0], rtol=1e-10, atol=1e-15
            )
            assert history.mse[k] == pytest.approx(result.mse, rel=1e-12)
            w = result.new_weights
    assert history.diverged_at is None
    assert history.steps == 30


def test_train_history_shapes_and_first_row(problem):
    X, y, w0 = problem
    history = train(X, y, w0, 12)
    assert history.outputs.shape == (13, 4)
    assert history.errors.shape == (13, 4)
    assert history.weights.shape == (13, 3)
    assert history.mse.shape == (13,)
    np.testing.assert_array_equal(history.weights[0], w0[:, 0])
    assert history.rate == 1.0


def test_train_does_not_change_its_arguments(problem):
    X, y, w0 = problem
    copies = [X.copy(), y.copy(), w0.copy()]
    train(X, y, w0, 5)
    train_batch(X, y, w0, [0.5, 1.0], 5)
    for original, copy in zip([X, y, w0], copies, strict=True):
        np.testing.assert_array_equal(original, copy)


@pytest.mark.parametrize("rule", RULES)
def test_train_batch_equals_train_for_each_rate(problem, rule):
    X, y, w0 = problem
    rates = np.array([0.1, 0.5, 1.0, 2.5, 5.0])
    batch = train_batch(X, y, w0, rates, 400, slope=rule)

    assert batch.outputs.shape == (5, 401, 4)
    assert batch.errors.shape == (5, 401, 4)
    assert batch.weights.shape == (5, 401, 3)
    assert batch.mse.shape == (5, 401)
    assert batch.steps == 400
    np.testing.assert_array_equal(batch.diverged_at, -1)
    for i, rate in enumerate(rates):
        single = train(X, y, w0, 400, slope=rule, rate=rate)
        for field in ("outputs", "errors", "weights", "mse"):
            np.testing.assert_allclose(
                getattr(batch, field)[i], getattr(single, field), rtol=1e-9
            )
        run = batch.run(i)
        assert run.rate == rate
        assert run.diverged_at is None


def test_train_batch_equals_train_near_an_unstable_balance():
    # Two equal inputs with labels 0 and 1 balance exactly at w = 0, and a
    # large rate makes that balance unstable: any last-bit difference between
    # the two functions would grow step after step. They must agree anyway.
    X = np.array([[4.4875, 0.1], [4.4875, 0.1]])
    y = np.array([[0.0], [1.0]])
    w0 = np.zeros((2, 1))
    rates = [0.5, 2.0, 5.96875]
    for rule in RULES:
        batch = train_batch(X, y, w0, rates, 30, slope=rule)
        for i, rate in enumerate(rates):
            single = train(X, y, w0, 30, slope=rule, rate=rate)
            np.testing.assert_allclose(
                batch.weights[i], single.weights, rtol=1e-9, atol=1e-15
            )
            np.testing.assert_allclose(batch.mse[i], single.mse, rtol=1e-9, atol=0)


def overflowing_problem():
    """Inputs so large that a big rate makes the first update infinite."""
    X = np.array([[1e300, 1.0], [-1e300, 1.0]])
    y = np.array([[1.0], [0.0]])
    return X, y, np.zeros((2, 1))


def test_train_records_divergence_without_warnings():
    # The first update is 1e10 * X.T @ deltas with entries near 1e310: past the
    # largest float, so the weights after one update are not finite.
    X, y, w0 = overflowing_problem()
    history = train(X, y, w0, 20, rate=1e10)
    assert history.diverged_at == 1
    assert history.steps == 0
    assert history.mse.shape == (1,)
    assert history.mse[0] == pytest.approx(0.25, rel=1e-15)


def test_train_batch_marks_only_the_diverging_rate():
    X, y, w0 = overflowing_problem()
    batch = train_batch(X, y, w0, [1.0, 1e10], 20)
    np.testing.assert_array_equal(batch.diverged_at, [-1, 1])
    assert np.all(np.isnan(batch.mse[1, 1:]))
    assert np.all(np.isfinite(batch.mse[0]))
    single = train(X, y, w0, 20, rate=1e10)
    assert batch.run(1).diverged_at == single.diverged_at
    np.testing.assert_array_equal(batch.run(1).mse, single.mse)


def test_saturated_outputs_raise_no_warnings(problem):
    # Pre-activations near -1000 would overflow exp(-z) if it were not handled.
    X, y, _ = problem
    w = np.array([[-1000.0], [0.0], [0.0]])
    history = train(X, y, w, 3)
    assert np.all(np.isfinite(history.mse))
    assert history.outputs[0, 2] == 0.0


def test_custom_slope_rule_is_used(problem):
    X, y, w0 = problem
    result = step(X, y, w0, slope=lambda z, a: np.ones_like(a))
    np.testing.assert_allclose(result.update, X.T @ (y - result.a), rtol=1e-15)


def good_arguments(problem):
    X, y, w0 = problem
    return {"X": X, "y": y, "w0": w0, "steps": 3, "slope": classic_slope, "rate": 1.0}


NAN_X = np.array([[0.0, 0.0, 1.0], [0.0, np.nan, 1.0], [1, 0, 1], [1, 1, 1]])
X_SHAPE = r"\(n_samples, n_features\)"
Y_SHAPE = r"\(n_samples, 1\)"
W_SHAPE = r"\(n_features, 1\)"
RATE_TOO_SMALL = "rate must be a finite number greater than 0, got"
BAD_SHAPE_RULE = r"slope\(z, a\) must return an array of the outputs' shape \(4, 1\)"

# (argument, bad value, error, message pattern); the other arguments are good.
BAD_TRAIN_ARGUMENTS = [
    ("X", [0.0, 1.0, 1.0, 0.0], ValueError, rf"X must have shape {X_SHAPE}"),
    ("X", "data", TypeError, rf"X must be a numeric array of shape {X_SHAPE}, got str"),
    ("X", NAN_X, ValueError, "X must hold finite numbers, got 1 NaN or infinite"),
    ("X", np.ones((3, 3)), ValueError, "X and y must have the same number of "
     "samples, got 3 and 4"),
    ("y", [0.0, 0.0, 1.0, 1.0], ValueError, rf"y must have shape {Y_SHAPE}, got "
     r"an array of shape \(4,\)"),
    ("y", np.zeros((4, 2)), ValueError, rf"y must have shape {Y_SHAPE}, one column, "
     r"got shape \(4, 2\); .*reshape"),
    ("y", [[0.0], [2.0], [1.0], [1.0]], ValueError, "y must hold binary labels, 0 "
     "or 1 only, got 2;"),
    ("y", [[0.5], [-1.0], [1.0], [1.0]], ValueError, "y must hold binary labels, 0 "
     "or 1 only, got -1, 0.5;"),
    ("y", [[0.0], [np.nan], [1.0], [1.0]], ValueError, "y must hold finite numbers"),
    ("w0", [0.1, 0.2, 0.3], ValueError, rf"w0 must have shape {W_SHAPE}"),
    ("w0", np.zeros((2, 1)), ValueError, "w0 must have one weight per column of X, "
     r"3, got shape \(2, 1\)"),
    ("w0", [[0.1], [np.inf], [0.3]], ValueError, "w0 must hold finite numbers"),
    ("steps", 0, ValueError, "steps must be at least 1, got 0"),
    ("steps", 2.5, TypeError, r"steps must be a whole number \(int\), got float 2.5"),
    ("rate", 0.0, ValueError, f"{RATE_TOO_SMALL} 0.0"),
    ("rate", -1.0, ValueError, f"{RATE_TOO_SMALL} -1.0"),
    ("rate", np.nan, ValueError, f"{RATE_TOO_SMALL} nan"),
    ("rate", "1", TypeError, "rate must be a positive real number, got str '1'"),
    ("rate", True, TypeError, "rate must be a positive real number, got bool True"),
    ("slope", "classic", TypeError, r"slope must be a function slope\(z, a\)"),
    ("slope", lambda z, a: 0.25, ValueError, rf"{BAD_SHAPE_RULE}, got shape \(\)"),
]  # fmt: skip


@pytest.mark.parametrize(("argument", "value", "error", "message"), BAD_TRAIN_ARGUMENTS)
def test_train_rejects_bad_input_with_a_clear_message(
    problem, argument, value, error, message
):
    arguments = good_arguments(problem)
    arguments[argument] = value
    with pytest.raises(error, match=message):
        train(**arguments)


@pytest.mark.parametrize(
    ("argument", "value", "error", "message"),
    # train_batch takes rates instead of a rate; see BAD_RATES for those.
    [row for row in BAD_TRAIN_ARGUMENTS if row[0] != "rate"],
)
def test_train_batch_rejects_bad_input_with_a_clear_message(
    problem, argument, value, error, message
):
    arguments = good_arguments(problem)
    arguments[argument] = value
    del arguments["rate"]
    with pytest.raises(error, match=message):
        train_batch(rates=[0.5, 1.0], **arguments)


@pytest.mark.parametrize(
    ("argument", "value", "error", "message"),
    [row for row in BAD_TRAIN_ARGUMENTS if row[0] != "steps"],
)
def test_step_rejects_bad_input_with_a_clear_message(
    problem, argument, value, error, message
):
    arguments = good_arguments(problem)
    arguments[argument] = value
    del arguments["steps"]
    arguments["w"] = arguments.pop("w0")
    # step names its weights w, so messages about them say w, not w0.
    with pytest.raises(error, match=message.replace("w0", "w")):
        step(**arguments)


RATES_SHAPE = r"rates must have shape \(n_rates,\)"
BAD_RATES = [
    ([], ValueError, "rates must not be empty"),
    ([[0.1, 0.2]], ValueError, rf"{RATES_SHAPE}, got an array of shape \(1, 2\)"),
    (0.5, ValueError, RATES_SHAPE),
    ([0.1, -0.5], ValueError, "rates must all be greater than 0, got -0.5 at "
     "position 1"),
    ([0.0, 1.0], ValueError, "rates must all be greater than 0, got 0.0 at "
     "position 0"),
    ([0.1, np.inf], ValueError, "rates must hold finite numbers, got 1 NaN"),
    ("fast", TypeError, r"rates must be a numeric array of shape \(n_rates,\)"),
]  # fmt: skip


@pytest.mark.parametrize(("rates", "error", "message"), BAD_RATES)
def test_train_batch_rejects_bad_rates_with_a_clear_message(
    problem, rates, error, message
):
    X, y, w0 = problem
    with pytest.raises(error, match=message):
        train_batch(X, y, w0, rates, 3)


def test_forward_rejects_weights_of_the_wrong_length(problem):
    X, _, _ = problem
    with pytest.raises(ValueError, match=r"w must have one weight per column of X, 3"):
        forward(X, np.zeros((4, 1)))
