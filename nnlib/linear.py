"""A one-layer linear network trained by gradient descent on the squared error.

The network maps inputs with a bias column, ``X`` of shape
``(n_samples, n_features)``, to outputs ``X @ w``. Its loss is the mean squared
error ``MSE(w) = mean((X @ w - y) ** 2)``, whose gradient is
``2 / n_samples * X.T @ (X @ w - y)``; one step of gradient descent with
learning rate ``alpha`` is ``w - alpha * gradient``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnlib._validation import (
    as_float_array,
    check_rate,
    check_same_length,
    check_steps,
)

__all__ = [
    "DIVERGED_MSE",
    "LinearHistory",
    "add_bias",
    "gradient",
    "gradient_step",
    "largest_stable_rate",
    "mse",
    "predict",
    "train",
    "train_closed_form",
]


#: An error above this counts as diverged. Float64 overflows near 1.8e308;
#: stopping well before that lets the loop and the closed form, which round
#: differently, agree on the step where training stopped.
DIVERGED_MSE = 1e200


@dataclass(frozen=True)
class LinearHistory:
    """What happened during training, one row per step.

    Attributes
    ----------
    weights : ndarray, shape (n_recorded, n_features)
        ``weights[k]`` are the weights after ``k`` updates; row 0 is the start.
    mse : ndarray, shape (n_recorded,)
        ``mse[k]`` is the mean squared error of ``weights[k]``.
    alpha : float
        The learning rate.
    diverged_at : int or None
        The first step whose error was above :data:`DIVERGED_MSE` or not a
        finite number, or None if there was none. Training stops there, so
        ``n_recorded`` is ``steps + 1`` without divergence and
        ``diverged_at`` with it.
    """

    weights: np.ndarray
    mse: np.ndarray
    alpha: float
    diverged_at: int | None = None

    @property
    def steps(self) -> int:
        """Number of updates whose result was recorded."""
        return len(self.mse) - 1


def add_bias(x) -> np.ndarray:
    """Append a column of ones to the inputs, so a weight can act as the bias.

    Parameters
    ----------
    x : array_like, shape (n_samples,) or (n_samples, n_inputs)
        The inputs.

    Returns
    -------
    ndarray, shape (n_samples, n_inputs + 1)
        The inputs with a last column of ones.

    Examples
    --------
    >>> add_bias([0.0, 2.5])
    array([[0. , 1. ],
           [2.5, 1. ]])
    """
    x = as_float_array(
        x, "x", ndim=(1, 2), shape_text="(n_samples,) or (n_samples, n_inputs)"
    )
    if x.ndim == 1:
        x = x[:, np.newaxis]
    return np.hstack([x, np.ones((x.shape[0], 1))])


def _check_problem(X, y, w=None):
    """Validate inputs, targets and (optionally) weights together."""
    X = as_float_array(X, "X", ndim=2, shape_text="(n_samples, n_features)")
    y = as_float_array(y, "y", ndim=1, shape_text="(n_samples,)")
    check_same_length(X, "X", y, "y")
    if w is None:
        return X, y
    w = as_float_array(w, "w", ndim=1, shape_text="(n_features,)")
    if w.shape[0] != X.shape[1]:
        raise ValueError(
            f"w must have one weight per column of X, {X.shape[1]}, got shape "
            f"{w.shape}."
        )
    return X, y, w


def predict(X, w) -> np.ndarray:
    """Outputs of the linear network, ``X @ w``.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
        Inputs, including the bias column (see :func:`add_bias`).
    w : array_like, shape (n_features,)
        Weights.

    Returns
    -------
    ndarray, shape (n_samples,)
    """
    X = as_float_array(X, "X", ndim=2, shape_text="(n_samples, n_features)")
    X, _, w = _check_problem(X, np.zeros(X.shape[0]), w)
    return X @ w


def mse(X, y, w) -> float:
    """Mean squared error of the network's outputs against the targets.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    y : array_like, shape (n_samples,)
    w : array_like, shape (n_features,)

    Returns
    -------
    float
    """
    X, y, w = _check_problem(X, y, w)
    return float(np.mean((X @ w - y) ** 2))


def gradient(X, y, w) -> np.ndarray:
    """Gradient of the mean squared error with respect to the weights.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    y : array_like, shape (n_samples,)
    w : array_like, shape (n_features,)

    Returns
    -------
    ndarray, shape (n_features,)
        ``2 / n_samples * X.T @ (X @ w - y)``.
    """
    X, y, w = _check_problem(X, y, w)
    return 2.0 / X.shape[0] * (X.T @ (X @ w - y))


def gradient_step(X, y, w, alpha) -> np.ndarray:
    """One step of gradient descent: ``w - alpha * gradient(X, y, w)``.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    y : array_like, shape (n_samples,)
    w : array_like, shape (n_features,)
    alpha : float
        Learning rate, greater than 0.

    Returns
    -------
    ndarray, shape (n_features,)
        The new weights; ``w`` itself is not changed.
    """
    alpha = check_rate(alpha)
    return np.asarray(w, dtype=np.float64) - alpha * gradient(X, y, w)


def largest_stable_rate(X) -> float:
    """The learning rate above which gradient descent on the MSE diverges.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)

    Returns
    -------
    float
        ``n_samples / lambda_max``, where ``lambda_max`` is the largest
        eigenvalue of ``X.T @ X``.

    Notes
    -----
    The error of the weights, ``e = w - w_best``, obeys
    ``e_next = (I - alpha * A) e`` with ``A = 2 / n_samples * X.T @ X``. Along
    each eigenvector of ``A`` (eigenvalue ``lam``) it is multiplied by
    ``1 - alpha * lam`` every step, so it shrinks only while
    ``|1 - alpha * lam| < 1``, that is ``alpha < 2 / lam``. The largest
    eigenvalue sets the bound. At the bound itself the error along that
    direction flips sign forever without shrinking.
    """
    X = as_float_array(X, "X", ndim=2, shape_text="(n_samples, n_features)")
    largest = np.linalg.eigvalsh(X.T @ X)[-1]
    if largest <= 0:
        raise ValueError("X must not be all zeros: no rate makes the weights move.")
    return float(X.shape[0] / largest)


def train(X, y, w0, alpha, steps) -> LinearHistory:
    """Train by repeated gradient steps, recording weights and error each step.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
        Inputs, including the bias column.
    y : array_like, shape (n_samples,)
        Targets.
    w0 : array_like, shape (n_features,)
        Starting weights.
    alpha : float
        Learning rate, greater than 0.
    steps : int
        Number of updates, at least 1.

    Returns
    -------
    LinearHistory
        ``steps + 1`` rows (the start and every update), or fewer if the error
        ran away: training stops at the first step whose error is above
        :data:`DIVERGED_MSE` or not finite, and records that step in
        ``diverged_at``.

    See Also
    --------
    train_closed_form : the same history without a Python loop.
    """
    X, y, w = _check_problem(X, y, w0)
    alpha = check_rate(alpha)
    steps = check_steps(steps)

    scale = 2.0 * alpha / X.shape[0]
    weights = np.empty((steps + 1, X.shape[1]))
    errors = np.empty(steps + 1)
    # A rate above the stable bound makes the weights grow geometrically until
    # the squares overflow; that is the lesson, not a fault, so it is detected
    # below instead of being reported as a numpy warning.
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(steps + 1):
            residual = X @ w - y
            error = float(residual @ residual) / X.shape[0]
            if not error <= DIVERGED_MSE:  # also true for NaN
                return LinearHistory(weights[:k].copy(), errors[:k].copy(), alpha, k)
            weights[k] = w
            errors[k] = error
            w = w - scale * (X.T @ residual)
    return LinearHistory(weights, errors, alpha)


def train_closed_form(X, y, w0, alpha, steps) -> LinearHistory:
    """The history of :func:`train`, computed from the exact solution.

    Parameters
    ----------
    X, y, w0, alpha, steps
        As for :func:`train`.

    Returns
    -------
    LinearHistory
        Equal to ``train(X, y, w0, alpha, steps)`` up to rounding.

    Notes
    -----
    Write ``A = 2 / n_samples * X.T @ X = V diag(lam) V.T`` and let ``w_best``
    be least-squares weights. The gradient is ``A (w - w_best)``, so a step
    is ``w_next - w_best = (I - alpha * A) (w - w_best)`` and after ``k``
    steps

        ``w_k = w0 + V diag((1 - alpha * lam) ** k - 1) c``,

    with ``c = V.T (w0 - w_best)``. Because the residual of ``w_best`` is
    orthogonal to the columns of ``X``, the error is

        ``MSE(w_k) = MSE(w0) + 1/2 * sum(lam * c ** 2 * ((1 - alpha * lam)
        ** (2 k) - 1))``.

    Every step is then a few array powers: the cost no longer grows by a
    Python loop iteration per step.

    ``c`` is computed from the starting gradient, ``c = V.T grad / lam``,
    along directions with ``lam > 0`` (the others never move and add nothing
    to the error), rather than from a separately solved ``w_best``. A start
    whose gradient is exactly zero then stays put, as in the loop, instead
    of being nudged by the rounding of ``w_best``, a nudge that a rate above
    the stable bound would blow up.
    """
    X, y, w0 = _check_problem(X, y, w0)
    alpha = check_rate(alpha)
    steps = check_steps(steps)

    n_samples = X.shape[0]
    lam, V = np.linalg.eigh(2.0 / n_samples * (X.T @ X))
    residual = X @ w0 - y
    start_error = float(residual @ residual) / n_samples
    c = V.T @ (2.0 / n_samples * (X.T @ residual))
    # Directions the start does not move along: a zero eigenvalue (up to
    # rounding), or no gradient along it. Leaving them out also keeps an
    # overflowing power from meeting a zero and making NaN.
    moving = (lam > 1e-12 * lam.max()) & (c != 0)
    lam, V, c = lam[moving], V[:, moving], c[moving] / lam[moving]
    factor = 1.0 - alpha * lam

    k = np.arange(steps + 1)[:, np.newaxis]
    with np.errstate(over="ignore", invalid="ignore"):
        powers = factor**k  # (steps + 1, n_moving)
        errors = start_error + 0.5 * ((powers**2 - 1.0) * (lam * c**2)).sum(axis=1)
        weights = w0 + ((powers - 1.0) * c) @ V.T
    bounded = errors <= DIVERGED_MSE  # False for NaN and inf too
    if bounded.all():
        return LinearHistory(weights, errors, alpha)
    diverged_at = int(np.argmin(bounded))
    return LinearHistory(
        weights[:diverged_at], errors[:diverged_at], alpha, diverged_at
    )
