"""Numbers as text with a fixed format, so printed outputs never depend on numpy."""

from __future__ import annotations

import numpy as np

from nnlib._validation import describe

__all__ = ["fmt"]


def fmt(values, spec: str = ".6f") -> str:
    """Format a number or an array of up to two dimensions with one format spec.

    Parameters
    ----------
    values : float or array_like, shape () or (n,) or (n_rows, n_columns)
        What to format.
    spec : str, default ".6f"
        A format specification, as in ``format(value, spec)``: ``".6f"`` for
        six decimals, ``".6e"`` for scientific notation, ``"10.4f"`` for a
        width of ten.

    Returns
    -------
    str
        A scalar as ``format(value, spec)``; a vector as ``[a, b, c]``; a
        matrix as one bracketed row per line, columns right-aligned.

    Raises
    ------
    TypeError
        If ``values`` is not numeric.
    ValueError
        If ``values`` has more than two dimensions.

    Notes
    -----
    ``print(array)`` and ``repr`` change with numpy's version and settings
    (numpy 2 shows scalars as ``np.float64(...)``); saved notebook outputs are
    compared as text, so the walkthroughs print through this function.

    Examples
    --------
    >>> fmt(3.14159, ".3f")
    '3.142'
    >>> print(fmt([[1, -2], [3, 4]], ".1f"))
    [[ 1.0, -2.0],
     [ 3.0,  4.0]]
    """
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(
            f"values must be a number or a numeric array, got {describe(values)}."
        ) from None
    if array.ndim == 0:
        return format(float(array), spec)
    if array.ndim == 1:
        return "[" + ", ".join(format(float(v), spec) for v in array) + "]"
    if array.ndim == 2:
        cells = [[format(float(v), spec) for v in row] for row in array]
        width = max((len(c) for row in cells for c in row), default=0)
        rows = ["[" + ", ".join(c.rjust(width) for c in row) + "]" for row in cells]
        return "[" + ",\n ".join(rows) + "]"
    raise ValueError(f"values must have at most two dimensions, got {describe(array)}.")
