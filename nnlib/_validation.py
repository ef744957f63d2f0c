"""Input checks shared by nnlib's public functions.

Every check raises at the public entry point with a message that names the
argument, says what was expected and what came, so that a student who passes
the wrong thing learns what to change.
"""

from __future__ import annotations

import numbers

import numpy as np


def describe(value: object) -> str:
    """A short description of a value for error messages."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of length {len(value)}"
    return f"{type(value).__name__} {value!r}"


def as_float_array(
    value: object, name: str, *, ndim: int | tuple[int, ...], shape_text: str
) -> np.ndarray:
    """Convert ``value`` to a finite float64 array of the given rank.

    Parameters
    ----------
    value : array_like
        What the caller passed.
    name : str
        The argument's name, used in error messages.
    ndim : int or tuple of int
        The accepted number(s) of dimensions.
    shape_text : str
        The expected shape in words, e.g. ``"(n_samples, n_features)"``.

    Raises
    ------
    TypeError
        If ``value`` is not numeric.
    ValueError
        If it has the wrong number of dimensions, is empty, or holds NaN or
        infinite values.
    """
    accepted = (ndim,) if isinstance(ndim, int) else ndim
    array = as_real_array(value, name, f"a numeric array of shape {shape_text}")
    if array.ndim not in accepted:
        raise ValueError(f"{name} must have shape {shape_text}, got {describe(array)}.")
    if array.size == 0:
        raise ValueError(f"{name} must not be empty, got {describe(array)}.")
    if not np.all(np.isfinite(array)):
        bad = int(np.size(array) - np.count_nonzero(np.isfinite(array)))
        raise ValueError(
            f"{name} must hold finite numbers, got {bad} NaN or infinite "
            f"value(s); clean or drop them first."
        )
    return array


def as_real_array(value: object, name: str, expected: str) -> np.ndarray:
    """Convert ``value`` to a float64 array if it holds only real numbers.

    Integers and floats are accepted; booleans, complex numbers, strings,
    None and mixed objects raise TypeError, so that nothing is silently
    turned into NaN or truncated.
    """
    try:
        raw = np.asarray(value)
    except ValueError:  # ragged nested lists
        raise TypeError(f"{name} must be {expected}, got {describe(value)}.") from None
    if raw.dtype.kind not in "iuf":
        got = describe(value)
        if raw.dtype.kind in "bcUSO" and raw.ndim > 0:
            got += f" of {raw.dtype.name if raw.dtype.kind != 'O' else 'objects'}"
        raise TypeError(f"{name} must be {expected}, got {got}.")
    return raw.astype(np.float64, copy=False)


def check_real(value: object, name: str) -> float:
    """Return a finite real number (not a bool) as a float."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {describe(value)}.")
    number = float(value)
    if not np.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {number!r}.")
    return number


def check_same_length(a: np.ndarray, a_name: str, b: np.ndarray, b_name: str) -> None:
    """Raise ValueError unless two arrays have as many rows."""
    if a.shape[0] != b.shape[0]:
        raise ValueError(
            f"{a_name} and {b_name} must have the same number of samples, got "
            f"{a.shape[0]} and {b.shape[0]}."
        )


def check_rate(value: object, name: str = "alpha") -> float:
    """Return a learning rate as a float; it must be finite and positive."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"{name} must be a positive real number, got {describe(value)}."
        )
    rate = float(value)
    if not np.isfinite(rate) or rate <= 0:
        raise ValueError(
            f"{name} must be a finite number greater than 0, got {rate!r}."
        )
    return rate


def check_steps(value: object, name: str = "steps") -> int:
    """Return a step count as an int; it must be a whole number of at least 1."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number (int), got {describe(value)}.")
    steps = int(value)
    if steps < 1:
        raise ValueError(f"{name} must be at least 1, got {steps}.")
    return steps


def check_column(array: np.ndarray, name: str, shape_text: str) -> None:
    """Raise ValueError unless a 2-D array has exactly one column."""
    if array.shape[1] != 1:
        raise ValueError(
            f"{name} must have shape {shape_text}, one column, got shape "
            f"{array.shape}; a 1-D array of length n becomes one with "
            f"{name}.reshape(-1, 1)."
        )


def check_binary_labels(y: np.ndarray, name: str = "y") -> None:
    """Raise ValueError unless every label is 0 or 1."""
    bad = np.unique(y[(y != 0) & (y != 1)])
    if bad.size:
        shown = ", ".join(f"{value:g}" for value in bad[:5])
        more = ", ..." if bad.size > 5 else ""
        raise ValueError(
            f"{name} must hold binary labels, 0 or 1 only, got {shown}{more}; "
            f"map the classes to 0 and 1 first."
        )


def check_rates(values: object, name: str = "rates") -> np.ndarray:
    """Return a 1-D float array of rates; each must be finite and positive."""
    rates = as_float_array(values, name, ndim=1, shape_text="(n_rates,)")
    bad = np.flatnonzero(rates <= 0)
    if bad.size:
        raise ValueError(
            f"{name} must all be greater than 0, got {float(rates[bad[0]])!r} at "
            f"position {bad[0]}."
        )
    return rates
