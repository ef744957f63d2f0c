"""A one-layer sigmoid classifier trained on the squared error of its outputs.

The classifier maps inputs ``X`` of shape ``(n_samples, n_features)``, whose
last column is usually a constant 1 acting as the bias input, to outputs
``a = sigmoid(z)`` with pre-activations ``z = X @ w``. The outputs lie in
(0, 1) and are read as the probability that a sample's label is 1. The error
reported is the mean squared error ``mean((y - a) ** 2)``.

One update adds ``rate * X.T @ deltas`` to the weights, where
``deltas = (y - a) * slope`` and ``slope`` comes from a slope rule:

- :func:`classic_slope` is ``sigmoid_slope(a)``, the sigmoid's slope taken at
  the layer's output, as a classic walkthrough does;
- :func:`textbook_slope` is ``sigmoid_slope(z) = a * (1 - a)``, the slope the
  chain rule asks for. With it the update is ``-n_samples / 2`` times the
  gradient of the mean squared error.

With ``rate = 1`` this is the classic rule exactly, with no further
learning-rate factor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nnlib._validation import (
    as_float_array,
    check_binary_labels,
    check_column,
    check_rate,
    check_rates,
    check_same_length,
    check_steps,
    describe,
)
from nnlib.activations import sigmoid

__all__ = [
    "ClassifierBatchHistory",
    "ClassifierHistory",
    "ClassifierStep",
    "classic_slope",
    "forward",
    "mse",
    "step",
    "textbook_slope",
    "train",
    "train_batch",
]

SlopeRule = Callable[[np.ndarray, np.ndarray], np.ndarray]


def classic_slope(z, a):
    """Slope factor of the classic rule: the sigmoid's slope at the output.

    Parameters
    ----------
    z : ndarray, any shape
        Pre-activations (not used; every slope rule takes both arguments).
    a : ndarray, same shape as ``z``
        Outputs ``sigmoid(z)``, in [0, 1].

    Returns
    -------
    ndarray, same shape as ``a``
        ``sigmoid_slope(a)``, that is ``sigmoid(a) * (1 - sigmoid(a))``. Since
        ``a`` lies in [0, 1] the values lie between ``sigmoid_slope(1)``, about
        0.197, and 0.25.

    Notes
    -----
    This is not the derivative the chain rule gives (see
    :func:`textbook_slope`); it is kept because the classic walkthrough's
    numbers are produced with it.

    The rule runs once per training step, so it does not check its input: the
    training functions validate everything once before their loop. Because
    ``a`` lies in [0, 1], ``exp(-a)`` cannot overflow.
    """
    # The same formula as nnlib.activations.sigmoid_slope for a >= 0, so the
    # two agree to the last bit.
    small = np.exp(-a)
    return small / (1.0 + small) ** 2


def textbook_slope(z, a):
    """Slope factor of the true gradient: the sigmoid's slope at the input.

    Parameters
    ----------
    z : ndarray, any shape
        Pre-activations (not used: the slope is computed from the outputs).
    a : ndarray, same shape as ``z``
        Outputs ``sigmoid(z)``.

    Returns
    -------
    ndarray, same shape as ``a``
        ``a * (1 - a)``, which equals ``sigmoid_slope(z)`` because
        ``a = sigmoid(z)``; values in [0, 0.25].

    Notes
    -----
    Like :func:`classic_slope` it runs once per training step and does not
    check its input. Reusing ``a`` avoids a second exponential per step.
    """
    return a * (1.0 - a)


@dataclass(frozen=True)
class ClassifierStep:
    """Every intermediate of one update, for printing and checking.

    Attributes
    ----------
    weights : ndarray, shape (n_features, 1)
        The weights before the update.
    z : ndarray, shape (n_samples, 1)
        Pre-activations ``X @ weights``.
    a : ndarray, shape (n_samples, 1)
        Outputs ``sigmoid(z)``.
    errors : ndarray, shape (n_samples, 1)
        ``y - a``.
    mse : float
        ``mean(errors ** 2)``, the error before the update.
    slope : ndarray, shape (n_samples, 1)
        The slope rule's factor for each sample.
    deltas : ndarray, shape (n_samples, 1)
        ``errors * slope``.
    update : ndarray, shape (n_features, 1)
        ``rate * X.T @ deltas``.
    new_weights : ndarray, shape (n_features, 1)
        ``weights + update``.
    new_mse : float
        The mean squared error of ``new_weights``.
    """

    weights: np.ndarray
    z: np.ndarray
    a: np.ndarray
    errors: np.ndarray
    mse: float
    slope: np.ndarray
    deltas: np.ndarray
    update: np.ndarray
    new_weights: np.ndarray
    new_mse: float


@dataclass(frozen=True)
class ClassifierHistory:
    """What happened during training, one row per step.

    Attributes
    ----------
    outputs : ndarray, shape (n_recorded, n_samples)
        ``outputs[k]`` are the outputs after ``k`` updates; row 0 is the start.
    errors : ndarray, shape (n_recorded, n_samples)
        ``y - outputs``, row by row.
    weights : ndarray, shape (n_recorded, n_features)
        ``weights[k]`` are the weights after ``k`` updates.
    mse : ndarray, shape (n_recorded,)
        ``mse[k]`` is the mean squared error of ``weights[k]``.
    rate : float
        The factor on each update.
    diverged_at : int or None
        The first step whose weights or error were no longer finite numbers, or
        None if every step stayed finite. Training stops there, so
        ``n_recorded`` is ``steps + 1`` without divergence and ``diverged_at``
        with it.
    """

    outputs: np.ndarray
    errors: np.ndarray
    weights: np.ndarray
    mse: np.ndarray
    rate: float
    diverged_at: int | None = None

    @property
    def steps(self) -> int:
        """Number of updates whose result was recorded."""
        return len(self.mse) - 1


@dataclass(frozen=True)
class ClassifierBatchHistory:
    """Histories of one training run per rate, stacked along a first axis.

    Attributes
    ----------
    outputs : ndarray, shape (n_rates, steps + 1, n_samples)
    errors : ndarray, shape (n_rates, steps + 1, n_samples)
    weights : ndarray, shape (n_rates, steps + 1, n_features)
    mse : ndarray, shape (n_rates, steps + 1)
        As in :class:`ClassifierHistory`, for each rate. The rows of a run
        from its divergence on are NaN.
    rates : ndarray, shape (n_rates,)
        The factor on the update of each run.
    diverged_at : ndarray of int, shape (n_rates,)
        The first non-finite step of each run, or -1 where the run stayed
        finite.
    """

    outputs: np.ndarray
    errors: np.ndarray
    weights: np.ndarray
    mse: np.ndarray
    rates: np.ndarray
    diverged_at: np.ndarray

    @property
    def steps(self) -> int:
        """Number of updates of every run."""
        return self.mse.shape[1] - 1

    def run(self, index: int) -> ClassifierHistory:
        """The history of one rate, as :func:`train` would return it.

        Parameters
        ----------
        index : int
            Position of the rate in :attr:`rates`.

        Returns
        -------
        ClassifierHistory
            Cut at the divergence step, like :func:`train`'s.
        """
        stop = int(self.diverged_at[index])
        rows = slice(None) if stop < 0 else slice(stop)
        return ClassifierHistory(
            outputs=self.outputs[index, rows].copy(),
            errors=self.errors[index, rows].copy(),
            weights=self.weights[index, rows].copy(),
            mse=self.mse[index, rows].copy(),
            rate=float(self.rates[index]),
            diverged_at=None if stop < 0 else stop,
        )


def _check_problem(X, y, w=None, w_name="w"):
    """Validate inputs, binary labels and (optionally) weights together."""
    X = as_float_array(X, "X", ndim=2, shape_text="(n_samples, n_features)")
    y = as_float_array(y, "y", ndim=2, shape_text="(n_samples, 1)")
    check_column(y, "y", "(n_samples, 1)")
    check_same_length(X, "X", y, "y")
    check_binary_labels(y, "y")
    if w is None:
        return X, y
    w = as_float_array(w, w_name, ndim=2, shape_text="(n_features, 1)")
    check_column(w, w_name, "(n_features, 1)")
    if w.shape[0] != X.shape[1]:
        raise ValueError(
            f"{w_name} must have one weight per column of X, {X.shape[1]}, got shape "
            f"{w.shape}."
        )
    return X, y, w


def _logistic(z: np.ndarray) -> np.ndarray:
    """The sigmoid without input checks, for values already validated.

    For ``z < -709`` ``exp(-z)`` overflows to inf and the result is exactly 0,
    the correct limit, so that overflow is silenced rather than avoided; NaN
    (from weights that stopped being finite) passes through without a warning.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        return 1.0 / (1.0 + np.exp(-z))


def _check_slope_rule(slope, X, w) -> None:
    """Raise unless ``slope`` is callable and gives one factor per output."""
    if not callable(slope):
        raise TypeError(
            "slope must be a function slope(z, a) such as classic_slope or "
            f"textbook_slope, got {describe(slope)}."
        )
    # One trial call here, so the training loops need not check each step.
    z = X @ w
    factor = np.asarray(slope(z, _logistic(z)))
    if factor.shape != z.shape:
        raise ValueError(
            f"slope(z, a) must return an array of the outputs' shape {z.shape}, "
            f"got shape {factor.shape}."
        )


def forward(X, w) -> tuple[np.ndarray, np.ndarray]:
    """Pre-activations and outputs of the classifier.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
        Inputs, including the bias column.
    w : array_like, shape (n_features, 1)
        Weights.

    Returns
    -------
    z : ndarray, shape (n_samples, 1)
        ``X @ w``.
    a : ndarray, shape (n_samples, 1)
        ``sigmoid(z)``, each sample's probability of label 1.
    """
    X = as_float_array(X, "X", ndim=2, shape_text="(n_samples, n_features)")
    X, _, w = _check_problem(X, np.zeros((X.shape[0], 1)), w)
    z = X @ w
    return z, sigmoid(z)


def mse(X, y, w) -> float:
    """Mean squared error of the classifier's outputs against the labels.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    y : array_like, shape (n_samples, 1)
        Labels, 0 or 1.
    w : array_like, shape (n_features, 1)

    Returns
    -------
    float
        ``mean((y - sigmoid(X @ w)) ** 2)``.
    """
    X, y, w = _check_problem(X, y, w)
    return float(np.mean((y - sigmoid(X @ w)) ** 2))


def step(X, y, w, slope: SlopeRule = classic_slope, rate=1.0) -> ClassifierStep:
    """One update of the weights, keeping every intermediate.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
        Inputs, including the bias column.
    y : array_like, shape (n_samples, 1)
        Labels, 0 or 1.
    w : array_like, shape (n_features, 1)
        Weights before the update.
    slope : callable, default :func:`classic_slope`
        ``slope(z, a)`` gives the factor that turns errors into deltas.
    rate : float, default 1.0
        Factor on the update; 1.0 is the classic rule.

    Returns
    -------
    ClassifierStep
        The pre-activations, outputs, errors, error, slope factors, deltas,
        update and new weights with their error.

    Raises
    ------
    TypeError
        If an array is not numeric, ``rate`` is not a real number or ``slope``
        is not callable.
    ValueError
        If shapes disagree, values are not finite, labels are not 0 or 1, or
        ``rate`` is not greater than 0.
    """
    X, y, w = _check_problem(X, y, w)
    rate = check_rate(rate, "rate")
    _check_slope_rule(slope, X, w)

    z = X @ w
    a = sigmoid(z)
    errors = y - a
    factor = np.asarray(slope(z, a), dtype=np.float64)
    deltas = errors * factor
    # Only an absurd rate or input overflows here; the new error is then NaN
    # or inf, which says so more plainly than a warning.
    with np.errstate(over="ignore", invalid="ignore"):
        update = rate * (X.T @ deltas)
        new_weights = w + update
        new_errors = y - _logistic(X @ new_weights)
        new_mse = float(np.mean(new_errors * new_errors))
    return ClassifierStep(
        weights=w,
        z=z,
        a=a,
        errors=errors,
        mse=float(np.mean(errors**2)),
        slope=factor,
        deltas=deltas,
        update=update,
        new_weights=new_weights,
        new_mse=new_mse,
    )


def train(
    X, y, w0, steps, slope: SlopeRule = classic_slope, rate=1.0
) -> ClassifierHistory:
    """Train by repeated updates, recording outputs, weights and error each step.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
        Inputs, including the bias column.
    y : array_like, shape (n_samples, 1)
        Labels, 0 or 1.
    w0 : array_like, shape (n_features, 1)
        Starting weights.
    steps : int
        Number of updates, at least 1.
    slope : callable, default :func:`classic_slope`
        ``slope(z, a)`` gives the factor that turns errors into deltas.
    rate : float, default 1.0
        Factor on each update; 1.0 is the classic rule.

    Returns
    -------
    ClassifierHistory
        ``steps + 1`` rows (the start and every update), or fewer if the
        weights or the error stopped being finite: the history then ends
        before the first such step, which is recorded in ``diverged_at``.

    Raises
    ------
    TypeError, ValueError
        As for :func:`step`, and if ``steps`` is not a whole number of at
        least 1.

    See Also
    --------
    train_batch : many rates at once, without a Python loop over them.
    """
    X, y, w = _check_problem(X, y, w0, "w0")
    steps = check_steps(steps)
    rate = check_rate(rate, "rate")
    _check_slope_rule(slope, X, w)

    n_samples, n_features = X.shape
    labels = y[:, 0]
    outputs = np.empty((steps + 1, n_samples))
    weights = np.empty((steps + 1, n_features))
    weights[0] = w[:, 0]
    # The loop writes the sigmoid as 1 / (1 + exp(-z)) instead of calling
    # nnlib.activations.sigmoid, whose input checks would cost more than the
    # step itself. For z < -709 exp(-z) overflows to inf and the output is
    # exactly 0, the correct limit, so that overflow is silenced, not avoided.
    # Invalid operations come only from weights that are no longer finite;
    # they are found after the loop (NaN and inf never turn finite again, so
    # the first non-finite row is where the run diverged).
    XT = np.ascontiguousarray(X.T)
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(steps):
            w = weights[k]
            z = X @ w
            a = outputs[k]
            np.divide(1.0, 1.0 + np.exp(-z), out=a)
            # Written as in step() and train_batch(): rate * (X.T @ deltas).
            weights[k + 1] = w + rate * (XT @ ((labels - a) * slope(z, a)))
        np.divide(1.0, 1.0 + np.exp(-(X @ weights[steps])), out=outputs[steps])
        errors = labels - outputs
        mses = np.mean(errors * errors, axis=1)

    finite = np.isfinite(mses) & np.isfinite(weights).all(axis=1)
    if finite.all():
        return ClassifierHistory(outputs, errors, weights, mses, rate)
    stop = int(np.argmin(finite))
    return ClassifierHistory(
        outputs[:stop].copy(),
        errors[:stop].copy(),
        weights[:stop].copy(),
        mses[:stop].copy(),
        rate,
        stop,
    )


def train_batch(
    X, y, w0, rates, steps, slope: SlopeRule = classic_slope
) -> ClassifierBatchHistory:
    """Train once per rate, all rates together in one array computation.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
        Inputs, including the bias column.
    y : array_like, shape (n_samples, 1)
        Labels, 0 or 1.
    w0 : array_like, shape (n_features, 1)
        Starting weights, the same for every rate.
    rates : array_like, shape (n_rates,)
        Factors on the update, each greater than 0.
    steps : int
        Number of updates, at least 1.
    slope : callable, default :func:`classic_slope`
        ``slope(z, a)`` gives the factor that turns errors into deltas; it
        must work elementwise on arrays of shape ``(n_rates, n_samples)``.

    Returns
    -------
    ClassifierBatchHistory
        ``run(i)`` equals ``train(X, y, w0, steps, slope, rates[i])`` up to
        rounding.

    Raises
    ------
    TypeError, ValueError
        As for :func:`train`, and if ``rates`` is not a non-empty 1-D array of
        finite numbers greater than 0.

    Notes
    -----
    Each step works on the weights of every run at once, as an
    ``(n_rates, n_features)`` array, so a grid of rates costs a small
    fraction of as many separate runs. Each run's numbers are made by the
    same operations as in :func:`train`, so in practice they are equal to the
    last bit. A run that diverges does not stop the others; its rows from
    the divergence on are set to NaN.
    """
    X, y, w = _check_problem(X, y, w0, "w0")
    rates = check_rates(rates, "rates")
    steps = check_steps(steps)
    _check_slope_rule(slope, X, w)

    n_samples, n_features = X.shape
    n_rates = rates.size
    labels = y[:, 0]
    XT = np.ascontiguousarray(X.T)
    factor = rates[:, np.newaxis]
    # Stored step-major, so each step writes one contiguous block; the
    # returned arrays are transposed views with the rate axis first.
    outputs = np.empty((steps + 1, n_rates, n_samples))
    weights = np.empty((steps + 1, n_rates, n_features))
    weights[0] = w[:, 0]
    # Same sigmoid form, and the same reasons, as in train(). The runs do not
    # mix: a run whose weights stop being finite leaves the others unchanged.
    # The products are stacks of matrix-vector products, X @ w and X.T @ d
    # for each run, rather than one matrix product such as W @ X.T: numpy
    # then makes for every run the very call train() makes, so the two agree
    # to the last bit. A matrix product rounds slightly differently, and a
    # run near an unstable balance (two equal inputs with labels 0 and 1, a
    # large rate) can grow that last-bit difference to any size.
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(steps):
            W = weights[k]
            Z = np.matmul(X, W[:, :, np.newaxis])[:, :, 0]
            A = outputs[k]
            np.divide(1.0, 1.0 + np.exp(-Z), out=A)
            D = (labels - A) * slope(Z, A)
            weights[k + 1] = W + factor * np.matmul(XT, D[:, :, np.newaxis])[:, :, 0]
        Z = np.matmul(X, weights[steps][:, :, np.newaxis])[:, :, 0]
        np.divide(1.0, 1.0 + np.exp(-Z), out=outputs[steps])
        errors = labels - outputs
        mses = np.mean(errors * errors, axis=2)

    finite = np.isfinite(mses) & np.isfinite(weights).all(axis=2)
    diverged_at = np.where(finite.all(axis=0), -1, np.argmin(finite, axis=0))
    for index in np.flatnonzero(diverged_at >= 0):
        stop = diverged_at[index]
        for array in (outputs, errors, weights, mses):
            array[stop:, index] = np.nan
    return ClassifierBatchHistory(
        outputs=outputs.transpose(1, 0, 2),
        errors=errors.transpose(1, 0, 2),
        weights=weights.transpose(1, 0, 2),
        mse=mses.T,
        rates=rates,
        diverged_at=diverged_at,
    )
