"""Tests of nnlib.activations: the sigmoid and its slope."""

import math

import numpy as np
import pytest

from nnlib.activations import sigmoid, sigmoid_slope

Z = np.linspace(-30.0, 30.0, 601)


def test_sigmoid_matches_the_formula_written_with_math_exp():
    # math.exp on moderate inputs is an independent reference for the formula.
    points = np.linspace(-20.0, 20.0, 81)
    expected = [1.0 / (1.0 + math.exp(-z)) for z in points]
    np.testing.assert_allclose(sigmoid(points), expected, rtol=1e-14, atol=0)


def test_sigmoid_stays_within_zero_and_one():
    values = sigmoid(np.concatenate([Z, [-1e300, -745.0, 745.0, 1e300]]))
    assert np.all(values >= 0.0)
    assert np.all(values <= 1.0)


def test_sigmoid_is_one_half_at_zero():
    assert sigmoid(0.0) == 0.5


def test_sigmoid_is_symmetric_about_one_half():
    np.testing.assert_allclose(sigmoid(-Z), 1.0 - sigmoid(Z), rtol=0, atol=1e-15)


@pytest.mark.parametrize("z", [-1000.0, 1000.0, -np.inf, np.inf])
def test_sigmoid_of_extreme_inputs_gives_the_limit_without_warnings(z):
    # pytest turns RuntimeWarning into errors (pyproject.toml), so an overflow
    # inside the sigmoid would fail this test.
    assert sigmoid(z) == (1.0 if z > 0 else 0.0)
    assert sigmoid_slope(z) == 0.0


def test_sigmoid_keeps_the_shape_of_its_input():
    z = np.zeros((2, 3, 4))
    assert sigmoid(z).shape == (2, 3, 4)
    assert sigmoid_slope(z).shape == (2, 3, 4)


def test_sigmoid_slope_matches_central_finite_differences():
    h = 1e-5
    numeric = (sigmoid(Z + h) - sigmoid(Z - h)) / (2 * h)
    # The central difference is off by h**2 / 6 times the third derivative
    # (at most 2e-12) plus rounding of about 1e-16 / h = 1e-11; 1e-10 leaves a margin.
    np.testing.assert_allclose(sigmoid_slope(Z), numeric, rtol=0, atol=1e-10)


def test_sigmoid_slope_peaks_at_one_quarter_at_zero():
    slopes = sigmoid_slope(Z)
    assert sigmoid_slope(0.0) == 0.25
    assert Z[np.argmax(slopes)] == 0.0
    assert np.all(slopes <= 0.25)
    assert np.all(slopes >= 0.0)


def test_sigmoid_slope_equals_output_times_one_minus_output():
    # s * (1 - s) is exact in value but loses digits as s nears 1, so it is
    # the reference only where |z| is moderate; sigmoid(z) * sigmoid(-z) is the
    # same quantity with no cancellation anywhere.
    moderate = Z[np.abs(Z) <= 5]
    s = sigmoid(moderate)
    np.testing.assert_allclose(sigmoid_slope(moderate), s * (1.0 - s), rtol=1e-12)
    np.testing.assert_allclose(sigmoid_slope(Z), sigmoid(Z) * sigmoid(-Z), rtol=1e-14)


@pytest.mark.parametrize("z", [20.0, 38.0, 500.0])
def test_sigmoid_slope_keeps_its_digits_for_large_z(z):
    assert sigmoid_slope(z) == pytest.approx(np.exp(-z), rel=1e-12)
    assert sigmoid_slope(z) == sigmoid_slope(-z)


REAL = "z must be a real number or an array of real numbers"
BAD_INPUTS = [
    (np.nan, ValueError, "must not hold NaN"),
    ([0.0, np.nan], ValueError, "must not hold NaN"),
    ("1.5", TypeError, rf"{REAL}, got str '1\.5'"),
    (b"1", TypeError, f"{REAL}, got bytes"),
    (["a", "b"], TypeError, f"{REAL}, got a list"),
    ({"z": 1}, TypeError, f"{REAL}, got dict"),
    (None, TypeError, f"{REAL}, got NoneType None"),
]


@pytest.mark.parametrize("function", [sigmoid, sigmoid_slope])
@pytest.mark.parametrize(("z", "error", "message"), BAD_INPUTS)
def test_activations_reject_bad_input_with_a_clear_message(function, z, error, message):
    with pytest.raises(error, match=message):
        function(z)
