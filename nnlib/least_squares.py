"""The reference fit: the straight line that minimises the squared error."""

from __future__ import annotations

import numpy as np

from nnlib._validation import as_float_array, check_same_length

__all__ = ["fit_line", "mean_squared_error"]


def fit_line(x, y) -> tuple[float, float]:
    """Least-squares straight line through points, using ``np.polyfit``.

    Parameters
    ----------
    x : array_like, shape (n_samples,)
        Input values; at least two of them must differ.
    y : array_like, shape (n_samples,)
        Target values.

    Returns
    -------
    slope, intercept : float
        The line ``y = slope * x + intercept`` with the smallest mean squared
        error.

    Raises
    ------
    ValueError
        If ``x`` and ``y`` differ in length, hold NaN or infinite values, or
        ``x`` has fewer than two distinct values (no line is determined).

    Examples
    --------
    >>> fit_line([0, 1, 2], [1, 3, 5])
    (2.0, 1.0)
    """
    x = as_float_array(x, "x", ndim=1, shape_text="(n_samples,)")
    y = as_float_array(y, "y", ndim=1, shape_text="(n_samples,)")
    check_same_length(x, "x", y, "y")
    if np.unique(x).size < 2:
        raise ValueError(
            f"x must hold at least two distinct values to determine a line, got "
            f"{np.unique(x).size}."
        )
    slope, intercept = np.polyfit(x, y, deg=1)
    return float(slope), float(intercept)


def mean_squared_error(predicted, target) -> float:
    """Mean of the squared differences between predictions and targets.

    Parameters
    ----------
    predicted, target : array_like, same shape
        For example ``(n_samples,)`` or ``(n_samples, 1)``.

    Returns
    -------
    float
        ``mean((predicted - target) ** 2)``.

    Raises
    ------
    ValueError
        If the shapes differ or either holds NaN or infinite values.
    """
    shape_text = "(n_samples,) or (n_samples, n_outputs)"
    predicted = as_float_array(
        predicted, "predicted", ndim=(1, 2), shape_text=shape_text
    )
    target = as_float_array(target, "target", ndim=(1, 2), shape_text=shape_text)
    if predicted.shape != target.shape:
        raise ValueError(
            f"predicted and target must have the same shape, got {predicted.shape} "
            f"and {target.shape}."
        )
    return float(np.mean((predicted - target) ** 2))
