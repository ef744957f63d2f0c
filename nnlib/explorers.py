"""Slider widgets that retrain a walkthrough's network and redraw its figure.

Each explorer is an ``ipywidgets.VBox``: sliders on top, the figure below. The
figure is a plain ``matplotlib.figure.Figure`` (no pyplot, so nothing global
changes and nothing is displayed twice) whose artists are updated in place and
rendered to a PNG shown by an ``ipywidgets.Image``. A slider move never re-runs
a training loop: the regression explorer uses the closed form of gradient
descent, the classification explorer looks up a history computed once for the
whole grid of learning rates. Only ``ipywidgets`` and ``matplotlib`` are needed,
and they are imported when this module is.
"""

from __future__ import annotations

import io

import ipywidgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from nnlib import linear
from nnlib._validation import as_float_array, check_rate, check_steps
from nnlib.least_squares import fit_line

__all__ = ["RegressionExplorer"]

#: Most points drawn for a curve over the steps: a panel a few hundred pixels
#: wide cannot show more, and fewer points keep every redraw equally fast.
MAX_CURVE_POINTS = 1000


def curve_indices(n_points: int) -> np.ndarray:
    """Indices of at most :data:`MAX_CURVE_POINTS` evenly spread points.

    The first and last points are always included.
    """
    if n_points <= MAX_CURVE_POINTS:
        return np.arange(n_points)
    return np.unique(np.linspace(0, n_points - 1, MAX_CURVE_POINTS).round().astype(int))


class FigureExplorer(ipywidgets.VBox):
    """Sliders above a figure that is redrawn whenever a slider moves.

    Subclasses build the figure, then implement :meth:`update`, which changes
    artists in place and says whether anything besides the ``animated``
    artists changed. When nothing else did, the rest of the figure is pasted
    from a saved background and only the animated artists are drawn again
    (blitting), which is several times faster than drawing the axes, ticks and
    legends anew.

    Parameters
    ----------
    controls : list of ipywidgets.Widget
        The sliders (and other controls), shown in a row above the figure.
    figure : matplotlib.figure.Figure
        The figure to show; it gets an Agg canvas here.
    animated : list of matplotlib.artist.Artist
        The artists that change on every move: lines and texts that show
        values, never axes limits or ticks.
    """

    def __init__(self, controls, figure: Figure, animated):
        self.figure = figure
        FigureCanvasAgg(figure)
        self._animated = list(animated)
        for artist in self._animated:
            artist.set_animated(True)
        self._background = None
        self.image = ipywidgets.Image(format="png")
        self.controls = list(controls)
        super().__init__(children=[ipywidgets.HBox(self.controls), self.image])
        for control in self.controls:
            control.observe(self._on_change, names="value")

    def _on_change(self, change) -> None:
        self.render(full=self.update(change["owner"]))

    def update(self, changed=None) -> bool:  # pragma: no cover - overridden
        """Bring the artists up to date with the controls.

        Parameters
        ----------
        changed : ipywidgets.Widget or None
            The control that moved, or None for a first drawing.

        Returns
        -------
        bool
            True when more than the animated artists changed (limits, ticks),
            so the whole figure must be drawn again.
        """
        raise NotImplementedError

    def snapshot(self):
        """The figure as last drawn, as a static image for the notebook.

        Returns
        -------
        IPython.display.Image
            A PNG that stays in the saved notebook and in HTML exports, for
            readers who are not running a kernel. (Displaying ``figure``
            itself would leave out the animated artists.)
        """
        from IPython.display import Image as StaticImage

        return StaticImage(data=self.image.value, format="png")

    def render(self, full: bool = True) -> None:
        """Draw the figure and send it to the browser as a PNG.

        Parameters
        ----------
        full : bool, default True
            Draw everything; otherwise reuse the background saved by the last
            full drawing and draw only the animated artists over it.
        """
        canvas = self.figure.canvas
        if full or self._background is None:
            canvas.draw()  # skips the animated artists
            self._background = canvas.copy_from_bbox(self.figure.bbox)
        else:
            canvas.restore_region(self._background)
        for artist in self._animated:
            self.figure.draw_artist(artist)
        buffer = io.BytesIO()
        # Light compression: encoding at level 1 takes a few milliseconds and
        # the image is only a little larger than at the default level.
        Image.fromarray(np.asarray(canvas.buffer_rgba())).save(
            buffer, format="png", compress_level=1
        )
        self.image.value = buffer.getvalue()


class RegressionExplorer(FigureExplorer):
    """Learning-rate and step-count sliders for the linear network.

    The left panel shows the data, the least-squares line and the network's
    line after the chosen number of steps; the right panel shows the mean
    squared error at every step. A rate above the stable bound is allowed on
    purpose: the figure then says at which step the error overflowed.

    Parameters
    ----------
    x, y : array_like, shape (n_samples,)
        The data.
    w0 : array_like, shape (2,)
        Starting weights (slope, intercept).
    alpha : float, default 0.01
        Initial learning rate.
    steps : int, default 51
        Initial number of steps.
    max_alpha : float, default 0.03
        Right end of the learning-rate slider (its left end is its step).
    alpha_step : float, default 0.0005
        Resolution of the learning-rate slider.
    max_steps : int, default 10_000
        Right end of the step-count slider.

    Attributes
    ----------
    rate : ipywidgets.FloatSlider
    steps : ipywidgets.IntSlider
    figure : matplotlib.figure.Figure
    history : nnlib.linear.LinearHistory
        What the figure currently shows.

    Notes
    -----
    The error axis is fixed from half the least-squares error to ten times the
    starting error: with a stable rate the error falls steadily between the
    two, and a diverging error leaves through the top while the panel says
    where it overflowed. Fixed limits let a learning-rate move redraw only the
    two curves and the caption.
    """

    def __init__(
        self,
        x,
        y,
        w0,
        *,
        alpha=0.01,
        steps=51,
        max_alpha=0.03,
        alpha_step=0.0005,
        max_steps=10_000,
    ):
        x = as_float_array(x, "x", ndim=1, shape_text="(n_samples,)")
        self._X = linear.add_bias(x)
        self._y = as_float_array(y, "y", ndim=1, shape_text="(n_samples,)")
        self._w0 = as_float_array(w0, "w0", ndim=1, shape_text="(2,)")
        start_mse = linear.mse(self._X, self._y, self._w0)  # checks the shapes
        self._stable_rate = linear.largest_stable_rate(self._X)
        alpha_step = check_rate(alpha_step, "alpha_step")
        max_alpha = check_rate(max_alpha, "max_alpha")
        max_steps = check_steps(max_steps, "max_steps")
        if not alpha_step <= check_rate(alpha) <= max_alpha:
            raise ValueError(
                f"alpha must lie between alpha_step ({alpha_step}) and max_alpha "
                f"({max_alpha}), got {alpha!r}."
            )
        if check_steps(steps) > max_steps:
            raise ValueError(
                f"steps must be at most max_steps ({max_steps}), got {steps}."
            )

        self.rate = ipywidgets.FloatSlider(
            value=alpha,
            min=alpha_step,
            max=max_alpha,
            step=alpha_step,
            description="learning rate",
            readout_format=".4f",
            style={"description_width": "initial"},
        )
        self.steps = ipywidgets.IntSlider(
            value=steps,
            min=1,
            max=max_steps,
            description="steps",
            style={"description_width": "initial"},
        )
        figure, animated = self._build_figure(x, start_mse)
        super().__init__([self.rate, self.steps], figure, animated)
        self.update()
        self.render()

    def _build_figure(self, x, start_mse):
        figure = Figure(figsize=(9.0, 3.6), dpi=80)
        figure.subplots_adjust(left=0.07, right=0.98, bottom=0.14, top=0.9, wspace=0.25)
        fit_ax, mse_ax = figure.subplots(1, 2)

        slope, intercept = fit_line(x, self._y)
        self._xs = np.array([x.min(), x.max()])
        fit_ax.scatter(x, self._y, color="black", zorder=3, label="data")
        fit_ax.plot(
            self._xs,
            slope * self._xs + intercept,
            color="tab:blue",
            label="least squares",
        )
        (self._fit_line,) = fit_ax.plot(
            self._xs, self._xs, color="tab:orange", linestyle="--", label="network"
        )
        margin = 0.3 * np.ptp(self._y)
        fit_ax.set_ylim(self._y.min() - margin, self._y.max() + margin)
        fit_ax.set(title="Data and fitted lines", xlabel="input x", ylabel="target y")
        fit_ax.legend(loc="upper left")

        best_mse = linear.mse(self._X, self._y, np.array([slope, intercept]))
        mse_ax.axhline(best_mse, color="tab:blue", label="least squares")
        (self._mse_line,) = mse_ax.plot(
            [0], [start_mse], color="tab:orange", label="network"
        )
        mse_ax.set_yscale("log")
        mse_ax.set_ylim(best_mse / 2, start_mse * 10)
        mse_ax.set(
            title="Error at each step", xlabel="step", ylabel="mean squared error"
        )
        mse_ax.legend(loc="center right")
        self._mse_ax = mse_ax
        self._caption = mse_ax.text(0.03, 0.92, "", transform=mse_ax.transAxes)
        self._status = mse_ax.text(
            0.5,
            0.5,
            "",
            transform=mse_ax.transAxes,
            ha="center",
            color="tab:red",
            fontsize="large",
        )
        return figure, [self._fit_line, self._mse_line, self._caption, self._status]

    def update(self, changed=None) -> bool:
        """Recompute the history for the sliders' values and update artists.

        Returns True (redraw everything) unless only the learning rate moved.
        """
        history = linear.train_closed_form(
            self._X, self._y, self._w0, self.rate.value, self.steps.value
        )
        self.history = history
        slope, intercept = history.weights[-1]
        self._fit_line.set_ydata(slope * self._xs + intercept)
        shown = curve_indices(history.mse.size)
        self._mse_line.set_data(shown, history.mse[shown])

        if history.diverged_at is None:
            above = self.rate.value >= self._stable_rate
            self._status.set_text(
                f"rate above the stable bound {self._stable_rate:.5f}" if above else ""
            )
            self._caption.set_text(
                f"rate {self.rate.value:.4f}: MSE {history.mse[-1]:.6g} "
                f"after {history.steps} steps"
            )
        else:
            self._status.set_text(f"diverged at step {history.diverged_at}")
            self._caption.set_text(
                f"rate {self.rate.value:.4f}: line after {history.steps} steps"
            )
        if changed is self.rate:
            return False
        self._mse_ax.set_xlim(0, self.steps.value)
        return True

    def __repr__(self) -> str:
        return (
            f"RegressionExplorer(alpha={self.rate.value:.4f}, "
            f"steps={self.steps.value}) -- run the notebook to move the sliders"
        )
