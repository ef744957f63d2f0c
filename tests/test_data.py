"""Tests of nnlib.data: the classroom data sets."""

import numpy as np

from nnlib import data


def test_regression_sample_inputs_are_evenly_spaced():
    x, y = data.regression_sample()
    np.testing.assert_array_equal(x, [0.0, 2.5, 5.0, 7.5, 10.0])
    np.testing.assert_array_equal(y, data.REGRESSION_Y)


def test_regression_sample_returns_fresh_arrays():
    x, y = data.regression_sample()
    y[0] = 0.0
    assert data.regression_sample()[1][0] == data.REGRESSION_Y[0]


def test_draw_regression_sample_is_reproducible_and_seed_dependent():
    first = data.draw_regression_sample(seed=3)[1]
    np.testing.assert_array_equal(first, data.draw_regression_sample(seed=3)[1])
    assert not np.array_equal(first, data.draw_regression_sample(seed=4)[1])


def test_draw_regression_sample_follows_the_line_without_noise():
    x, y = data.draw_regression_sample(n_samples=4, noise=0.0)
    np.testing.assert_allclose(y, 3.0 * x + 2.5)


def test_classification_labels_are_the_first_feature():
    X, y = data.classification_sample()
    assert X.shape == (4, 3) and y.shape == (4, 1)
    np.testing.assert_array_equal(y[:, 0], X[:, 0])
    np.testing.assert_array_equal(X[:, 2], 1.0)
