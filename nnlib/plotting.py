"""Figures of the walkthroughs; matplotlib is imported only when one is drawn."""

from __future__ import annotations

import numpy as np

__all__ = [
    "new_axes",
    "plot_line",
    "plot_mse_history",
    "plot_points",
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
