"""Numbers as text with a fixed format, so printed outputs never depend on numpy."""

from __future__ import annotations

from nnlib._validation import as_real_array, describe

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
        If ``values`` is not numeric or ``spec`` is not a string.
    ValueError
        If ``values`` has more than two dimensions or ``spec`` is not a valid
        format for floats.

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
    if not isinstance(spec, str):
        raise TypeError(
            f"spec must be a format spec such as '.6f', got {describe(spec)}."
        )
    try:
        format(0.0, spec)
    except ValueError:
        raise ValueError(
            f"spec must be a format spec for floats such as '.6f' or '.3e', got "
            f"{spec!r}."
        ) from None
    array = as_real_array(values, "values", "a number or a numeric array")
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
