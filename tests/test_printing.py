"""Tests of nnlib.printing.fmt."""

import numpy as np
import pytest

from nnlib.printing import fmt


def test_fmt_scalar_uses_the_spec():
    assert fmt(np.float64(2.0) / 3, ".6f") == "0.666667"


def test_fmt_vector_is_bracketed():
    assert fmt(np.array([1.0, -0.5]), ".2f") == "[1.00, -0.50]"


def test_fmt_matrix_aligns_columns():
    assert (
        fmt([[1.0, -20.0], [3.0, 4.0]], ".1f") == "[[  1.0, -20.0],\n [  3.0,   4.0]]"
    )


def test_fmt_scientific():
    assert fmt([3.271687e-05], ".6e") == "[3.271687e-05]"


def test_fmt_rejects_three_dimensions():
    with pytest.raises(ValueError, match=r"at most two dimensions, got an array"):
        fmt(np.zeros((2, 2, 2)))


def test_fmt_rejects_text():
    with pytest.raises(TypeError, match="values must be a number or a numeric array"):
        fmt(["a", "b"])
