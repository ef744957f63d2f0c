"""Bad input to every public nnlib function fails early, with a useful message.

One table covers every entry point. Each row gives the call, the exception
type and three pieces the message must hold in order: the argument's name,
what was expected, and what came instead. A student reading only the message
should know which argument to change and how.

Its last rows hold inputs that nnlib once let through or answered with
numpy's own message; they stay as regression checks.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from nnlib import activations, classifier, data, least_squares, linear, printing

X = [[0.0, 1.0], [1.0, 1.0], [2.0, 1.0]]
Y = [1.0, 2.0, 3.0]
W = [0.0, 0.0]
NAN = float("nan")
INF = float("inf")


def case(func, args, error, name, expected, came, kwargs=None, marks=()):
    """One row: ``func(*args, **kwargs)`` raises ``error``; the message holds
    ``name``, then ``expected``, then ``came`` (each matched literally)."""
    pattern = ".*".join(re.escape(part) for part in (name, expected, came))
    label = f"{func.__module__.split('.')[-1]}.{func.__name__}-{name}-{came}"
    return pytest.param(
        func, args, kwargs or {}, error, f"^{pattern}", id=label, marks=marks
    )


fit_line = least_squares.fit_line
mean_squared_error = least_squares.mean_squared_error

CASES = [
    # least_squares.fit_line
    case(fit_line, ([[1.0, 2.0]], [1.0]), ValueError, "x", "(n_samples,)", "(1, 2)"),
    case(fit_line, (2.0, 3.0), ValueError, "x", "(n_samples,)", "shape ()"),
    case(fit_line, ([1, 2, 3], [1, 2]), ValueError, "x and y", "same", "3 and 2"),
    case(fit_line, ("abc", Y), TypeError, "x", "numeric array", "str 'abc'"),
    case(fit_line, ([1, "a", 2], Y), TypeError, "x", "numeric", "list of length 3"),
    case(fit_line, ([1.0, NAN], [1, 2]), ValueError, "x", "finite", "1 NaN or inf"),
    case(fit_line, ([1, 2], [1, INF]), ValueError, "y", "finite", "1 NaN or inf"),
    case(fit_line, ([], []), ValueError, "x", "not be empty", "shape (0,)"),
    case(fit_line, ([1, 1], [1, 2]), ValueError, "x", "two distinct", "got 1"),
    # least_squares.mean_squared_error
    case(mean_squared_error, ([1, 2], Y), ValueError, "predicted", "same", "(3,)"),
    case(mean_squared_error, ("a", [1]), TypeError, "predicted", "numeric", "'a'"),
    case(mean_squared_error, ([1.0], [NAN]), ValueError, "target", "finite", "1 NaN"),
    case(
        mean_squared_error,
        (np.zeros((1, 1, 1)), np.zeros((1, 1, 1))),
        ValueError,
        "predicted",
        "shape",
        "(1, 1, 1)",
    ),
    # linear.add_bias
    case(linear.add_bias, (np.zeros((2, 2, 2)),), ValueError, "x", "(n_s", "(2, 2, 2)"),
    case(linear.add_bias, (3.0,), ValueError, "x", "(n_samples,)", "shape ()"),
    case(linear.add_bias, ("ab",), TypeError, "x", "numeric array", "str 'ab'"),
    case(linear.add_bias, ([INF],), ValueError, "x", "finite", "1 NaN or inf"),
    # linear.predict, mse, gradient: the shapes of X, y and w together
    case(linear.predict, ([1.0, 2.0], W), ValueError, "X", "(n_samples, n_", "(2,)"),
    case(linear.predict, (X, [1.0]), ValueError, "w", "per column of X, 2", "(1,)"),
    case(linear.predict, (X, [[0.0], [0.0]]), ValueError, "w", "(n_f", "(2, 1)"),
    case(linear.mse, (X, [1.0], W), ValueError, "X and y", "same", "3 and 1"),
    case(linear.mse, (X, [[1.0]] * 3, W), ValueError, "y", "(n_samples,)", "(3, 1)"),
    case(linear.mse, (X, Y, "ab"), TypeError, "w", "numeric array", "str 'ab'"),
    case(linear.gradient, (X, Y, [INF, 0.0]), ValueError, "w", "finite", "1 NaN"),
    case(linear.gradient, (X, [NAN] * 3, W), ValueError, "y", "finite", "3 NaN"),
    # linear.gradient_step: the learning rate
    case(linear.gradient_step, (X, Y, W, 0.0), ValueError, "alpha", "than 0", "0.0"),
    case(linear.gradient_step, (X, Y, W, -1), ValueError, "alpha", "than 0", "-1.0"),
    case(linear.gradient_step, (X, Y, W, NAN), ValueError, "alpha", "finite", "nan"),
    case(linear.gradient_step, (X, Y, W, INF), ValueError, "alpha", "finite", "inf"),
    case(linear.gradient_step, (X, Y, W, True), TypeError, "alpha", "real", "bool"),
    case(linear.gradient_step, (X, Y, W, "0.1"), TypeError, "alpha", "real", "str"),
    case(
        linear.gradient_step,
        (X, Y, W, np.array([0.1])),
        TypeError,
        "alpha",
        "real number",
        "an array of shape (1,)",
    ),
    # linear.largest_stable_rate
    case(linear.largest_stable_rate, ([1.0, 2.0],), ValueError, "X", "(n_s", "(2,)"),
    case(linear.largest_stable_rate, ([[NAN]],), ValueError, "X", "finite", "1 NaN"),
    case(
        linear.largest_stable_rate, ([[0.0, 0.0]],), ValueError, "X", "not be", "zeros"
    ),
    # linear.train and train_closed_form: rate and number of steps
    case(linear.train, (X, Y, W, 0.1, 0), ValueError, "steps", "at least 1", "got 0"),
    case(linear.train, (X, Y, W, 0.1, -1), ValueError, "steps", "at least 1", "-1"),
    case(linear.train, (X, Y, W, 0.1, 2.5), TypeError, "steps", "int", "float 2.5"),
    case(linear.train, (X, Y, W, 0.1, 2.0), TypeError, "steps", "int", "float 2.0"),
    case(linear.train, (X, Y, W, 0.1, True), TypeError, "steps", "int", "bool True"),
    case(linear.train, (X, Y, W, False, 3), TypeError, "alpha", "real", "bool False"),
    case(linear.train, (X, Y, [0.0], 0.1, 3), ValueError, "w", "per column", "(1,)"),
    case(linear.train_closed_form, (X, Y, W, 0.1, 0), ValueError, "steps", "1", "0"),
    case(
        linear.train_closed_form, (X, Y, W, -1, 3), ValueError, "alpha", "than 0", "-1"
    ),
    case(linear.train_closed_form, (X, Y, W, INF, 3), ValueError, "alpha", "f", "inf"),
    case(linear.train_closed_form, (X, Y, W, 0.1, 1.0), TypeError, "steps", "int", "1"),
    case(
        linear.train_closed_form, (X, [1.0], W, 0.1, 3), ValueError, "X and y", "s", "1"
    ),
    # data.draw_regression_sample
    case(data.draw_regression_sample, (0,), ValueError, "n_samples", "1", "got 0"),
    case(data.draw_regression_sample, (2.5,), TypeError, "n_samples", "int", "2.5"),
    case(data.draw_regression_sample, (True,), TypeError, "n_samples", "int", "bool"),
    # activations.sigmoid and sigmoid_slope
    case(activations.sigmoid, (NAN,), ValueError, "z", "not hold NaN", "undefined"),
    case(activations.sigmoid, ("a",), TypeError, "z", "real number", "str 'a'"),
    case(activations.sigmoid, ([1, "a"],), TypeError, "z", "real", "list of length 2"),
    case(activations.sigmoid, (1j,), TypeError, "z", "real number", "complex 1j"),
    case(activations.sigmoid_slope, ([0.0, NAN],), ValueError, "z", "not hold", "NaN"),
    case(activations.sigmoid_slope, ("a",), TypeError, "z", "real number", "str 'a'"),
    # printing.fmt
    case(printing.fmt, ("abc",), TypeError, "values", "numeric array", "str 'abc'"),
    case(printing.fmt, ([[[1.0]]],), ValueError, "values", "two dim", "(1, 1, 1)"),
]

# The classifier is being written; its rows join once its functions exist.
if hasattr(classifier, "train_batch"):
    CX = [[0.0, 0.0, 1.0], [1.0, 1.0, 1.0]]
    CY = [[0.0], [1.0]]
    CW = [[0.0], [0.0], [0.0]]
    slope = getattr(classifier, "classic_slope", None)
    CASES += [
        case(classifier.forward, (CX, [0.0] * 3), ValueError, "w", "(n_f", "(3,)"),
        case(classifier.forward, (CX, [[0.0]]), ValueError, "w", "per", "(1, 1)"),
        case(classifier.mse, (CX, [0.0, 1.0], CW), ValueError, "y", "(n_s", "(2,)"),
        case(
            classifier.mse, (CX, [[0.5], [1.0]], CW), ValueError, "y", "0 or 1", "0.5"
        ),
        case(classifier.mse, (CX, [[0.0]], CW), ValueError, "X and y", "s", "2 and 1"),
        case(
            classifier.step,
            (CX, CY, CW, slope, 0.0),
            ValueError,
            "rate",
            "than 0",
            "0.0",
        ),
        case(
            classifier.step, (CX, CY, CW, slope, True), TypeError, "rate", "r", "bool"
        ),
        case(classifier.step, (CX, CY, CW, "c"), TypeError, "slope", "function", "'c'"),
        case(
            classifier.step,
            (CX, CY, CW, lambda z, a: 1.0),
            ValueError,
            "slope(z, a)",
            "outputs' shape (2, 1)",
            "got shape ()",
        ),
        case(classifier.train, (CX, CY, CW, 0), ValueError, "steps", "1", "got 0"),
        case(classifier.train, (CX, CY, CW, 1.0), TypeError, "steps", "int", "float"),
        case(
            classifier.train_batch, (CX, CY, CW, [], 3), ValueError, "rates", "e", "0"
        ),
        case(
            classifier.train_batch,
            (CX, CY, CW, [1.0, 0.0], 3),
            ValueError,
            "rates",
            "greater than 0",
            "0.0 at position 1",
        ),
        case(
            classifier.train_batch,
            (CX, CY, CW, [NAN], 3),
            ValueError,
            "rates",
            "f",
            "1",
        ),
        case(
            classifier.train_batch, (CX, CY, CW, 1.0, 3), ValueError, "rates", "(", "()"
        ),
        case(
            classifier.train_batch, (CX, CY, CW, "1", 3), TypeError, "rates", "n", "str"
        ),
        case(
            classifier.train_batch,
            (CX, CY, CW, [1.0], -2),
            ValueError,
            "steps",
            "1",
            "-2",
        ),
    ]


# Inputs that nnlib once let through, or answered with numpy's own message
# that did not name the argument: kept as regression checks.
CASES += [
    case(activations.sigmoid, (None,), TypeError, "z", "real number", "NoneType"),
    case(fit_line, (None, [1.0]), TypeError, "x", "numeric array", "NoneType None"),
    case(
        data.draw_regression_sample, (3,), TypeError, "seed", "int", "str 'a'",
        {"seed": "a"},
    ),
    case(
        data.draw_regression_sample, (3,), ValueError, "seed", "0", "-1",
        {"seed": -1},
    ),
    case(
        data.draw_regression_sample, (3,), ValueError, "slope", "finite", "nan",
        {"slope": NAN},
    ),
    case(
        data.draw_regression_sample, (3,), TypeError, "slope", "real", "str 'a'",
        {"slope": "a"},
    ),
    case(
        data.draw_regression_sample, (3,), ValueError, "noise", "0 or more", "-1.0",
        {"noise": -1.0},
    ),
    case(printing.fmt, (1.0, 5), TypeError, "spec", "format spec", "int 5"),
    case(printing.fmt, (1.0, "q"), ValueError, "spec", "format spec", "'q'"),
    case(printing.fmt, (None,), TypeError, "values", "number", "NoneType None"),
    case(
        classifier.train_batch,
        ([[0.0, 1.0]], [[1.0]], [[0.0], [0.0]], [True], 3),
        TypeError,
        "rates",
        "numeric",
        "bool",
    ),
]  # fmt: skip


@pytest.mark.parametrize("func, args, kwargs, error, match", CASES)
def test_public_function_rejects_bad_input_with_a_useful_message(
    func, args, kwargs, error, match
):
    with pytest.raises(error, match=match):
        func(*args, **kwargs)


def test_every_public_function_has_a_row():
    tested = {row.values[0] for row in CASES}
    modules = [activations, data, least_squares, linear, printing]
    if hasattr(classifier, "train_batch"):
        modules.append(classifier)
    unchecked = {
        # No arguments, nothing to reject.
        "regression_sample",
        "classification_sample",
        # Slope rules run inside every training step and, as their docstrings
        # say, do not check their input; train and step check it for them.
        "classic_slope",
        "textbook_slope",
    }
    missing = [
        f"{module.__name__}.{name}"
        for module in modules
        for name in module.__all__
        if callable(obj := getattr(module, name))
        and not isinstance(obj, type)
        and name not in unchecked
        and obj not in tested
    ]
    assert not missing, f"add rows for {missing} to CASES"
