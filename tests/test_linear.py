"""Tests of nnlib.linear against independent numpy computations."""

import numpy as np
import pytest

from nnlib import data, linear


@pytest.fixture
def problem():
    x, y = data.regression_sample()
    return linear.add_bias(x), y


def test_add_bias_appends_column_of_ones():
    X = linear.add_bias([[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_array_equal(X, [[1.0, 2.0, 1.0], [3.0, 4.0, 1.0]])


def test_add_bias_turns_vector_into_two_columns():
    assert linear.add_bias([0.0, 2.5, 5.0]).shape == (3, 2)


def test_predict_is_slope_times_x_plus_bias(problem):
    X, _ = problem
    np.testing.assert_allclose(linear.predict(X, [2.0, 3.0]), 2.0 * X[:, 0] + 3.0)


def test_gradient_matches_central_differences(problem):
    X, y = problem
    w = np.array([1.5, -0.5])
    h = 1e-6
    numeric = [
        (linear.mse(X, y, w + h * e) - linear.mse(X, y, w - h * e)) / (2 * h)
        for e in np.eye(2)
    ]
    np.testing.assert_allclose(linear.gradient(X, y, w), numeric, rtol=1e-6)


def test_gradient_step_moves_against_the_gradient(problem):
    X, y = problem
    w = np.array([2.0, 2.0])
    expected = w - 0.01 * 2 / len(y) * X.T @ (X @ w - y)
    np.testing.assert_allclose(linear.gradient_step(X, y, w, 0.01), expected)


def test_gradient_step_leaves_input_weights_unchanged(problem):
    X, y = problem
    w = np.array([2.0, 2.0])
    linear.gradient_step(X, y, w, 0.01)
    np.testing.assert_array_equal(w, [2.0, 2.0])


def test_largest_stable_rate_against_eigenvalues(problem):
    X, _ = problem
    largest = np.max(np.linalg.eigvals(X.T @ X).real)
    assert linear.largest_stable_rate(X) == pytest.approx(len(X) / largest, rel=1e-12)


@pytest.mark.parametrize(("fraction", "converges"), [(0.98, True), (1.02, False)])
def test_largest_stable_rate_separates_convergence_from_divergence(
    problem, fraction, converges
):
    X, y = problem
    alpha = fraction * linear.largest_stable_rate(X)
    history = linear.train(X, y, [1.0, 100.0], alpha, 3000)
    best = np.mean((X @ np.linalg.lstsq(X, y, rcond=None)[0] - y) ** 2)
    assert bool(history.mse[-1] < 1.01 * best) is converges


def test_train_converges_to_least_squares(problem):
    X, y = problem
    history = linear.train(X, y, [1.0, 100.0], 0.02, 5000)
    expected = np.linalg.lstsq(X, y, rcond=None)[0]
    np.testing.assert_allclose(history.weights[-1], expected, rtol=1e-8)


def test_train_records_start_and_every_step(problem):
    X, y = problem
    history = linear.train(X, y, [1.0, 100.0], 0.01, 7)
    assert history.weights.shape == (8, 2)
    assert history.mse.shape == (8,)
    assert history.steps == 7
    assert history.diverged_at is None
    w = np.array([1.0, 100.0])
    for k in range(8):
        np.testing.assert_allclose(history.weights[k], w, rtol=1e-12)
        assert history.mse[k] == pytest.approx(np.mean((X @ w - y) ** 2), rel=1e-12)
        w = linear.gradient_step(X, y, w, 0.01)


def test_train_stops_at_divergence_without_warnings(problem):
    X, y = problem
    # pytest turns RuntimeWarning (overflow) into an error in this project.
    history = linear.train(X, y, [1.0, 100.0], 0.05, 10_000)
    assert history.diverged_at is not None
    assert history.diverged_at == len(history.mse)
    assert np.all(np.isfinite(history.mse))
    assert np.all(np.isfinite(history.weights))


@pytest.mark.parametrize("alpha", [0.001, 0.01, 0.026, 0.0263, 0.03, 0.2])
@pytest.mark.parametrize("steps", [1, 51, 10_000])
def test_closed_form_equals_loop(problem, alpha, steps):
    X, y = problem
    loop = linear.train(X, y, [1.0, 100.0], alpha, steps)
    closed = linear.train_closed_form(X, y, [1.0, 100.0], alpha, steps)
    assert closed.diverged_at == loop.diverged_at
    np.testing.assert_allclose(closed.mse, loop.mse, rtol=1e-9)
    np.testing.assert_allclose(closed.weights, loop.weights, rtol=1e-9, atol=1e-9)


def test_closed_form_handles_rank_deficient_inputs():
    # Two identical columns: the least-squares weights are not unique, and the
    # part of the start along the null space must stay where it is.
    X = np.array([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]])
    y = np.array([1.0, 2.0, 2.5])
    loop = linear.train(X, y, [0.3, -0.1], 0.02, 500)
    closed = linear.train_closed_form(X, y, [0.3, -0.1], 0.02, 500)
    np.testing.assert_allclose(closed.weights, loop.weights, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(closed.mse, loop.mse, rtol=1e-9)
