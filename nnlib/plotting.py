"""Figures of the walkthroughs; matplotlib is imported only when one is drawn."""

from __future__ import annotations

import numpy as np

__all__ = [
    "new_axes",
    "plot_line",
    "plot_mse_history",
    "plot_points",
    "plot_probabilities",
    "plot_sigmoid_and_slope",
    "plot_weight_history",
]


def new_axes(ax=None, *, figsize=(6.0, 4.0)):
    """Return ``ax``, or the axes of a new pyplot figure when ``ax`` is None."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def plot_points(x, y, ax=None, *, label="data", title="The classroom sample"):
    """Scatter plot of a data set.

    Parameters
    ----------
    x, y : array_like, shape (n_samples,)
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when omitted.
    label : str
        Legend entry.
    title : str
        Axes title.

    Returns
    -------
    matplotlib.collections.PathCollection
        The drawn points (``.axes`` is the axes drawn on).
    """
    ax = new_axes(ax)
    points = ax.scatter(x, y, color="black", zorder=3, label=label)
    ax.set_xlabel("input x")
    ax.set_ylabel("target y")
    ax.set_title(title)
    return points


def plot_line(slope, intercept, x_range, ax=None, *, label, **style):
    """Draw the straight line ``y = slope * x + intercept`` over ``x_range``.

    Parameters
    ----------
    slope, intercept : float
    x_range : (float, float)
        Smallest and largest x to draw.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when omitted.
    label : str
        Legend entry.
    **style
        Passed to ``Axes.plot`` (``color``, ``linestyle``, ...).

    Returns
    -------
    matplotlib.lines.Line2D
    """
    ax = new_axes(ax)
    xs = np.linspace(x_range[0], x_range[1], 2)
    (line,) = ax.plot(xs, slope * xs + intercept, label=label, **style)
    ax.set_xlabel("input x")
    ax.set_ylabel("target y")
    return line


def plot_mse_history(mse, ax=None, *, label, log=True, **style):
    """Mean squared error against the step number.

    Parameters
    ----------
    mse : array_like, shape (n_steps + 1,)
        Error before the first update and after each one.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when omitted.
    label : str
        Legend entry.
    log : bool, default True
        Use a logarithmic error axis, where steady convergence is a straight
        line.
    **style
        Passed to ``Axes.plot``.

    Returns
    -------
    matplotlib.lines.Line2D
    """
    ax = new_axes(ax)
    mse = np.asarray(mse, dtype=float)
    (line,) = ax.plot(np.arange(mse.size), mse, label=label, **style)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel("mean squared error")
    return line


def plot_sigmoid_and_slope(z, axes=None):
    """The sigmoid beside the step function, and the sigmoid's slope below.

    Parameters
    ----------
    z : array_like, shape (n_points,)
        Increasing pre-activations at which to draw the curves.
    axes : (Axes, Axes), optional
        Upper and lower axes, ideally sharing their x axis; a new figure with
        two stacked panels is made when omitted.

    Returns
    -------
    sigmoid_line, step_line, slope_line : matplotlib.lines.Line2D
        The three curves (``.axes`` is the axes each was drawn on).
    """
    from nnlib.activations import sigmoid, sigmoid_slope

    if axes is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(
            2, 1, sharex=True, figsize=(6.0, 5.0), layout="constrained"
        )
    top, bottom = axes
    z = np.asarray(z, dtype=float)
    (sigmoid_line,) = top.plot(z, sigmoid(z), label="sigmoid 1 / (1 + exp(-z))")
    # Drawn as steps so the jump at 0 is vertical instead of a steep slope.
    (step_line,) = top.step(
        z,
        np.where(z > 0, 1.0, 0.0),
        where="post",
        linestyle="--",
        color="tab:gray",
        label="step: 1 where z > 0, else 0",
    )
    top.set(title="The sigmoid, a smooth step", ylabel="output")
    top.legend(loc="upper left")
    (slope_line,) = bottom.plot(
        z,
        sigmoid_slope(z),
        color="tab:orange",
        label="slope sigmoid(z) (1 - sigmoid(z))",
    )
    bottom.set(title="Its slope, largest (0.25) at z = 0", xlabel="pre-activation z")
    bottom.set_ylabel("slope")
    bottom.legend(loc="center left")  # clear of the peak at z = 0
    return sigmoid_line, step_line, slope_line


def plot_probabilities(outputs, y, ax=None, *, title="Predicted probabilities"):
    """Each sample's predicted probability of label 1, beside its label.

    Parameters
    ----------
    outputs : array_like, shape (n_samples,)
        The classifier's outputs, in [0, 1].
    y : array_like, shape (n_samples,) or (n_samples, 1)
        The labels, 0 or 1.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when omitted.
    title : str
        Axes title.

    Returns
    -------
    bars : matplotlib.container.BarContainer
        One bar per sample; change a bar's height to show new outputs.
    labels : matplotlib.lines.Line2D
        The labels, drawn as markers.
    """
    ax = new_axes(ax)
    outputs = np.asarray(outputs, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    positions = np.arange(outputs.size)
    bars = ax.bar(positions, outputs, width=0.6, color="tab:blue", label="predicted")
    (labels,) = ax.plot(
        positions, y, linestyle="none", marker="D", color="black", label="label"
    )
    ax.axhline(0.5, color="tab:gray", linewidth=0.8, linestyle=":")
    ax.set_xticks(positions, [f"sample {i}" for i in positions])
    ax.set_ylim(-0.05, 1.1)
    ax.set(title=title, xlabel="sample", ylabel="probability of label 1")
    ax.legend(loc="upper left")
    return bars, labels


def plot_weight_history(weights, ax=None, *, names=None, title="Weights"):
    """Each weight against the step number.

    Parameters
    ----------
    weights : array_like, shape (n_steps + 1, n_features)
        The weights before the first update and after each one.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when omitted.
    names : list of str, optional
        Legend entry of each weight; ``w[0], w[1], ...`` when omitted.
    title : str
        Axes title.

    Returns
    -------
    list of matplotlib.lines.Line2D
        One line per weight.
    """
    ax = new_axes(ax)
    weights = np.asarray(weights, dtype=float)
    if names is None:
        names = [f"w[{i}]" for i in range(weights.shape[1])]
    steps = np.arange(weights.shape[0])
    lines = [
        ax.plot(steps, column, label=name)[0]
        for column, name in zip(weights.T, names, strict=True)
    ]
    ax.set(title=title, xlabel="step", ylabel="weight")
    ax.legend(loc="upper left")
    return lines
