"""Tests of nnlib.least_squares against np.linalg.lstsq."""

import numpy as np
import pytest

from nnlib import data
from nnlib.least_squares import fit_line, mean_squared_error


def test_fit_line_matches_lstsq():
    x, y = data.regression_sample()
    A = np.column_stack([x, np.ones_like(x)])
    expected = np.linalg.lstsq(A, y, rcond=None)[0]
    np.testing.assert_allclose(fit_line(x, y), expected, rtol=1e-12)


def test_fit_line_recovers_an_exact_line():
    x = np.array([-1.0, 0.0, 4.0])
    assert fit_line(x, 0.5 * x - 2.0) == pytest.approx((0.5, -2.0), rel=1e-12)


def test_fit_line_returns_python_floats():
    slope, intercept = fit_line([0, 1, 2], [1, 3, 5])
    assert type(slope) is float and type(intercept) is float


def test_least_squares_line_has_lowest_mse():
    x, y = data.regression_sample()
    slope, intercept = fit_line(x, y)
    best = mean_squared_error(slope * x + intercept, y)
    rng = np.random.default_rng(0)
    for d_slope, d_intercept in rng.normal(scale=0.1, size=(20, 2)):
        moved = (slope + d_slope) * x + intercept + d_intercept
        assert mean_squared_error(moved, y) > best


def test_mean_squared_error_by_hand():
    assert mean_squared_error([1.0, 2.0], [0.0, 4.0]) == pytest.approx(2.5)


def test_mean_squared_error_rejects_different_shapes():
    with pytest.raises(ValueError, match=r"same shape, got \(2,\) and \(3,\)"):
        mean_squared_error([1.0, 2.0], [1.0, 2.0, 3.0])


def test_fit_line_needs_two_distinct_x():
    with pytest.raises(ValueError, match="at least two distinct values"):
        fit_line([1.0, 1.0, 1.0], [0.0, 1.0, 2.0])
