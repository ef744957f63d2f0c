"""The small data sets the walkthroughs use, fixed so every figure reproduces."""

from __future__ import annotations

import numbers

import numpy as np

from nnlib._validation import check_real, check_steps, describe

__all__ = [
    "REGRESSION_Y",
    "classification_sample",
    "draw_regression_sample",
    "regression_sample",
]

#: The classroom sample: drawn once as 3x + 2.5 + 2.5 * noise on
#: x = 0, 2.5, ..., 10 and frozen here, so that no run depends on a generator.
REGRESSION_Y = (7.24892495, 8.84079526, 18.82127318, 27.39911404, 31.82885007)


def draw_regression_sample(
    n_samples: int = 5,
    *,
    seed: int = 0,
    slope: float = 3.0,
    intercept: float = 2.5,
    noise: float = 2.5,
) -> tuple[np.ndarray, np.ndarray]:
    """Draw a noisy straight-line sample with a seeded generator.

    Parameters
    ----------
    n_samples : int, default 5
        Number of evenly spaced points on [0, 10].
    seed : int, default 0
        Seed (0 or more) of the ``numpy.random.default_rng`` generator; the
        same seed gives the same sample.
    slope, intercept, noise : float
        The sample is ``slope * x + intercept + noise * N(0, 1)``; ``noise``
        is a standard deviation, 0 or more.

    Raises
    ------
    TypeError
        If ``n_samples`` or ``seed`` is not an int, or a coefficient is not a
        real number.
    ValueError
        If ``n_samples`` is below 1, ``seed`` or ``noise`` is negative, or a
        coefficient is not finite.

    Returns
    -------
    x, y : ndarray, shape (n_samples,)
    """
    n_samples = check_steps(n_samples, "n_samples")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be a whole number (int), got {describe(seed)}.")
    if seed < 0:
        raise ValueError(f"seed must be 0 or more, got {seed}.")
    slope = check_real(slope, "slope")
    intercept = check_real(intercept, "intercept")
    if check_real(noise, "noise") < 0:
        raise ValueError(
            f"noise must be 0 or more (a standard deviation), got {noise}."
        )
    rng = np.random.default_rng(seed)
    x = np.linspace(0.0, 10.0, n_samples)
    y = slope * x + intercept + noise * rng.standard_normal(n_samples)
    return x, y


def regression_sample() -> tuple[np.ndarray, np.ndarray]:
    """The fixed classroom sample of the regression walkthrough.

    Returns
    -------
    x : ndarray, shape (5,)
        0, 2.5, 5, 7.5, 10.
    y : ndarray, shape (5,)
        The values of :data:`REGRESSION_Y`.
    """
    return np.linspace(0.0, 10.0, 5), np.array(REGRESSION_Y)


def classification_sample() -> tuple[np.ndarray, np.ndarray]:
    """The four-sample binary data set of the classification walkthrough.

    Returns
    -------
    X : ndarray, shape (4, 3)
        Rows (0, 0, 1), (0, 1, 1), (1, 0, 1), (1, 1, 1); the third feature is a
        constant 1 that acts as the bias input.
    y : ndarray, shape (4, 1)
        The label of each row, which is its first feature: 0, 0, 1, 1.
    """
    X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=np.float64)
    y = X[:, :1].copy()
    return X, y
