"""The sigmoid activation and its slope."""

from __future__ import annotations

import numpy as np

from nnlib._validation import as_real_array

__all__ = ["sigmoid", "sigmoid_slope"]


def _as_real_array(z) -> np.ndarray:
    array = as_real_array(z, "z", "a real number or an array of real numbers")
    if np.isnan(array).any():
        raise ValueError("z must not hold NaN: the sigmoid of NaN is undefined.")
    return array


def sigmoid(z):
    """The logistic sigmoid ``1 / (1 + exp(-z))``, elementwise.

    Parameters
    ----------
    z : float or array_like of any shape
        Pre-activations. Infinite values are allowed (they give 0 or 1).

    Returns
    -------
    float or ndarray, same shape as ``z``
        Values in [0, 1]; ``sigmoid(0) == 0.5`` and
        ``sigmoid(-z) == 1 - sigmoid(z)``.

    Raises
    ------
    TypeError
        If ``z`` is not numeric.
    ValueError
        If ``z`` holds NaN.

    Notes
    -----
    ``exp(-z)`` overflows for ``z < -709``. Both branches below only ever
    exponentiate ``-|z|``, which lies in (0, 1], so no input overflows or
    warns: for ``z >= 0`` the usual form is used, for ``z < 0`` the same value
    written as ``exp(z) / (1 + exp(z))``.

    Examples
    --------
    >>> float(sigmoid(0.0))
    0.5
    >>> sigmoid([-1000.0, 1000.0])
    array([0., 1.])
    """
    z = _as_real_array(z)
    small = np.exp(-np.abs(z))
    out = np.where(z >= 0, 1.0 / (1.0 + small), small / (1.0 + small))
    return out[()]


def sigmoid_slope(z):
    """Slope of the sigmoid at ``z``: ``sigmoid(z) * (1 - sigmoid(z))``.

    Parameters
    ----------
    z : float or array_like of any shape
        The point(s) at which to take the slope: the pre-activation, not the
        sigmoid's output.

    Returns
    -------
    float or ndarray, same shape as ``z``
        Values in [0, 0.25], largest at ``z = 0``.

    Raises
    ------
    TypeError
        If ``z`` is not numeric.
    ValueError
        If ``z`` holds NaN.

    Notes
    -----
    ``s * (1 - s)`` loses every digit for large positive ``z``, where ``s``
    rounds to 1 (it gives 0 at ``z = 38`` instead of 3.1e-17). With
    ``e = exp(-|z|)`` the same value is ``e / (1 + e) ** 2``, accurate for
    every ``z`` and symmetric by construction.
    """
    z = _as_real_array(z)
    small = np.exp(-np.abs(z))
    return (small / (1.0 + small) ** 2)[()]
