"""Slider widgets that retrain a walkthrough's network and redraw its figure.

Each explorer is an ``ipywidgets.VBox``: sliders on top, the figure below. The
figure is a plain ``matplotlib.figure.Figure`` (no pyplot, so nothing global
changes and nothing is displayed twice) whose artists are updated in place and
rendered to a PNG shown by an ``ipywidgets.Image``. A slider move never re-runs
a training loop: the regression explorer uses the closed form of gradient
descent, the classification explorer looks up a history computed once for the
whole grid of learning rates; and only what changed is drawn again. The module
needs ``ipywidgets``, ``matplotlib`` and Pillow (which matplotlib itself
requires), and imports them when it is imported.
"""

from __future__ import annotations

import io

import ipywidgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from nnlib import classifier, linear, plotting
from nnlib._validation import as_float_array, check_rate, check_steps
from nnlib.least_squares import fit_line

__all__ = ["ClassificationExplorer", "RegressionExplorer"]

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


#: Mantissas of the step axis's right end: the curves fill at least 80 % of
#: the axis, and a slider move by one step rarely changes the axis.
_AXIS_MANTISSAS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def step_axis_limit(steps: int) -> int:
    """Right end of a step axis that shows ``steps`` steps: a round number.

    The smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten
    (at least 10) that is not below ``steps``. Redrawing an axis's ticks is the
    slow part of a redraw; with round ends it is needed only when the step
    count crosses one of them.

    Examples
    --------
    >>> step_axis_limit(51), step_axis_limit(1000), step_axis_limit(1001)
    (60, 1000, 1200)
    """
    power = 10 ** max(1, int(np.floor(np.log10(max(steps, 1)))))
    for mantissa in _AXIS_MANTISSAS:
        if mantissa * power >= steps:
            return int(round(mantissa * power))
    raise AssertionError("unreachable: the last mantissa is 10")


def warning_text(ax):
    """An empty text in the middle of ``ax`` for warnings such as divergence."""
    return ax.text(
        0.5, 0.5, "", transform=ax.transAxes, ha="center", color="tab:red",
        fontsize="large",
    )  # fmt: skip


def rate_and_step_sliders(
    rate, rate_step, max_rate, steps, max_steps, *, rate_name, readout_format
):
    """Check an explorer's settings and make its learning-rate and step sliders.

    Parameters
    ----------
    rate, rate_step, max_rate : float
        Initial value, resolution (also the left end) and right end of the
        learning-rate slider; ``rate_name`` is the argument name of ``rate``
        (``"alpha"`` or ``"rate"``), used with ``_step`` and ``max_`` in
        error messages.
    steps, max_steps : int
        Initial value and right end of the step-count slider.
    rate_name : str
    readout_format : str
        How the rate slider prints its value, e.g. ``".4f"``.

    Returns
    -------
    ipywidgets.FloatSlider, ipywidgets.IntSlider

    Raises
    ------
    TypeError, ValueError
        If a setting is not a positive number of the right type, or an initial
        value lies outside its slider.
    """
    rate_step = check_rate(rate_step, f"{rate_name}_step")
    max_rate = check_rate(max_rate, f"max_{rate_name}")
    max_steps = check_steps(max_steps, "max_steps")
    if not rate_step <= check_rate(rate, rate_name) <= max_rate:
        raise ValueError(
            f"{rate_name} must lie between {rate_name}_step ({rate_step}) and "
            f"max_{rate_name} ({max_rate}), got {rate!r}."
        )
    if check_steps(steps) > max_steps:
        raise ValueError(f"steps must be at most max_steps ({max_steps}), got {steps}.")
    style = {"description_width": "initial"}
    rate_slider = ipywidgets.FloatSlider(
        value=rate,
        min=rate_step,
        max=max_rate,
        step=rate_step,
        description="learning rate",
        readout_format=readout_format,
        style=style,
    )
    step_slider = ipywidgets.IntSlider(
        value=steps, min=1, max=max_steps, description="steps", style=style
    )
    return rate_slider, step_slider


class FigureExplorer(ipywidgets.VBox):
    """Sliders above a figure that is redrawn whenever a slider moves.

    Subclasses build the figure, then implement :meth:`update`, which changes
    artists in place and says whether the limits of the ``rescaled`` axes
    changed too. Drawing reuses what did not change, in three layers:

    1. the axes that never change (drawn once and saved);
    2. the ``rescaled`` axes, with their ticks, labels and legends (drawn
       again and saved only when :meth:`update` says their limits changed);
    3. the ``animated`` artists, the lines and texts that show values (drawn
       on every move).

    Drawing only what changed is several times faster than drawing the whole
    figure, which spends most of its time on tick labels and text layout.

    Parameters
    ----------
    controls : list of ipywidgets.Widget
        The sliders (and other controls), shown in a row above the figure.
    figure : matplotlib.figure.Figure
        The figure to show; it gets an Agg canvas here.
    animated : list of matplotlib.artist.Artist
        The artists that change on every move.
    rescaled : list of matplotlib.axes.Axes
        The axes whose limits may change when a control moves.

    Attributes
    ----------
    image : ipywidgets.Image
        The drawn figure, shown at its own pixel size.
    """

    def __init__(self, controls, figure: Figure, animated, rescaled=()):
        self.figure = figure
        FigureCanvasAgg(figure)
        self._animated = list(animated)
        for artist in self._animated:
            artist.set_animated(True)
        self._rescaled = list(rescaled)
        self._fixed_layer = None
        self._rescaled_layer = None
        width, height = (int(round(v)) for v in figure.bbox.size)
        # Shown at its own size: stretched to the page width it would blur.
        self.image = ipywidgets.Image(format="png", width=width, height=height)
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
            True when the limits of the rescaled axes changed, so that their
            ticks and labels must be drawn again.
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

    def _freeze_text_layout(self) -> None:
        """Keep titles and axis labels where the first drawing put them.

        By default matplotlib measures every tick label on every drawing to
        place the titles and axis labels; that measuring is a large part of a
        redraw, and here it would always give the same answer.
        """
        for ax in self.figure.axes:
            if ax.get_title():
                ax.set_title(ax.get_title(), y=1.0)
            to_axes = ax.transAxes.inverted()
            for axis in (ax.xaxis, ax.yaxis):
                label = axis.label
                anchor = label.get_transform().transform(label.get_position())
                axis.set_label_coords(*to_axes.transform(anchor))

    def render(self, full: bool = True) -> None:
        """Draw the figure and send it to the browser as a PNG.

        Parameters
        ----------
        full : bool, default True
            Draw the rescaled axes again; otherwise paste them from the last
            drawing and draw only the animated artists over them.
        """
        canvas = self.figure.canvas
        if self._fixed_layer is None:
            canvas.draw()
            self._freeze_text_layout()
            for ax in self._rescaled:
                ax.set_visible(False)
            canvas.draw()  # skips the animated artists
            for ax in self._rescaled:
                ax.set_visible(True)
            self._fixed_layer = canvas.copy_from_bbox(self.figure.bbox)
            full = True
        if full:
            canvas.restore_region(self._fixed_layer)
            for ax in self._rescaled:
                self.figure.draw_artist(ax)
            self._rescaled_layer = canvas.copy_from_bbox(self.figure.bbox)
        else:
            canvas.restore_region(self._rescaled_layer)
        for artist in self._animated:
            self.figure.draw_artist(artist)
        buffer = io.BytesIO()
        # The figure is opaque, so RGB is enough, and smaller and quicker to
        # encode than RGBA. Light compression: level 1 takes a few
        # milliseconds and the image is only a little larger than at the
        # default level.
        Image.fromarray(np.asarray(canvas.buffer_rgba())).convert("RGB").save(
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
        self.rate, self.steps = rate_and_step_sliders(
            alpha,
            alpha_step,
            max_alpha,
            steps,
            max_steps,
            rate_name="alpha",
            readout_format=".4f",
        )
        figure, animated = self._build_figure(x, start_mse)
        super().__init__(
            [self.rate, self.steps], figure, animated, rescaled=[self._mse_ax]
        )
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
        self._status = warning_text(mse_ax)
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
        limit = step_axis_limit(self.steps.value)
        if self._mse_ax.get_xlim() == (0, limit):
            return False
        self._mse_ax.set_xlim(0, limit)
        return True

    def __repr__(self) -> str:
        return (
            f"RegressionExplorer(alpha={self.rate.value:.4f}, "
            f"steps={self.steps.value}) -- run the notebook to move the sliders"
        )


class ClassificationExplorer(FigureExplorer):
    """Learning-rate, step-count and slope-rule controls for the classifier.

    The left panel shows each sample's predicted probability of label 1
    beside its label, the middle panel the mean squared error at every step,
    the right panel the weights at every step. The training runs for the whole
    grid of rates and both slope rules are computed once, when the explorer is
    made, with :func:`nnlib.classifier.train_batch`; moving a control looks a
    history up and redraws.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
        Inputs, including the bias column.
    y : array_like, shape (n_samples, 1)
        Labels, 0 or 1.
    w0 : array_like, shape (n_features, 1)
        Starting weights.
    rate : float, default 1.0
        Initial factor on the update; 1.0 is the classic rule.
    steps : int, default 1000
        Initial number of updates.
    rule : {"classic", "textbook"}, default "classic"
        Initial slope rule (see :mod:`nnlib.classifier`).
    rate_step : float, default 0.1
        Spacing of the rate grid, which is also the slider's left end.
    max_rate : float, default 5.0
        Right end of the rate slider.
    max_steps : int, default 10_000
        Right end of the step-count slider.

    Attributes
    ----------
    rate : ipywidgets.FloatSlider
    steps : ipywidgets.IntSlider
    rule : ipywidgets.ToggleButtons
    figure : matplotlib.figure.Figure
    history : nnlib.classifier.ClassifierHistory
        What the figure currently shows.

    Notes
    -----
    The precomputed histories take about ``2 * n_rates * (max_steps + 1) *
    (n_samples + n_features + 1) * 8`` bytes: about 64 MB for the defaults
    with the four-sample data set. The error and weight axes are fixed over
    all rates of both rules (the step axis follows the step slider), so a move
    of the rate or the rule redraws only the bars, curves and captions.
    """

    RULES = ("classic", "textbook")

    def __init__(
        self,
        X,
        y,
        w0,
        *,
        rate=1.0,
        steps=1000,
        rule="classic",
        rate_step=0.1,
        max_rate=5.0,
        max_steps=10_000,
    ):
        self.rate, self.steps = rate_and_step_sliders(
            rate,
            rate_step,
            max_rate,
            steps,
            max_steps,
            rate_name="rate",
            readout_format=".1f",
        )
        if rule not in self.RULES:
            raise ValueError(
                f"rule must be one of {', '.join(map(repr, self.RULES))}, got {rule!r}."
            )

        n_rates = int(round(max_rate / rate_step))
        self._rates = rate_step * np.arange(1, n_rates + 1)
        self.rate.max = float(self._rates[-1])  # the last rate on the grid
        slopes = {
            "classic": classifier.classic_slope,
            "textbook": classifier.textbook_slope,
        }
        # train_batch validates X, y and w0, and its errors name them. The
        # errors are not kept: they follow from the outputs on each lookup.
        self._runs = {}
        for name, slope in slopes.items():
            batch = classifier.train_batch(X, y, w0, self._rates, max_steps, slope)
            self._runs[name] = (
                batch.outputs,
                batch.weights,
                batch.mse,
                batch.diverged_at,
            )
        self._y = np.asarray(y, dtype=np.float64)[:, 0]

        self.rule = ipywidgets.ToggleButtons(
            options=[("classic rule", "classic"), ("textbook gradient", "textbook")],
            value=rule,
            # The buttons name the rules; a "slope" label would wrap above them.
            tooltips=["slope at the output", "slope at the pre-activation"],
            style={"button_width": "auto"},
        )
        figure, animated = self._build_figure()
        super().__init__(
            [self.rate, self.steps, self.rule],
            figure,
            animated,
            rescaled=[self._mse_ax, self._weight_ax],
        )
        self.update()
        self.render()

    def _build_figure(self):
        figure = Figure(figsize=(11.0, 3.6), dpi=80)
        figure.subplots_adjust(left=0.06, right=0.98, bottom=0.14, top=0.9, wspace=0.3)
        prob_ax, mse_ax, weight_ax = figure.subplots(1, 3)
        outputs, weights, mse, _ = self._runs["classic"]

        self._bars, _ = plotting.plot_probabilities(
            outputs[0, 0], self._y, ax=prob_ax, title="Prediction per sample"
        )

        (self._mse_line,) = mse_ax.plot([0], [mse[0, 0]], label="classifier")
        mse_ax.set_yscale("log")
        every_mse = np.concatenate([run[2].ravel() for run in self._runs.values()])
        every_mse = every_mse[np.isfinite(every_mse) & (every_mse > 0)]
        mse_ax.set_ylim(every_mse.min() / 2, every_mse.max() * 2)
        mse_ax.set(
            title="Error at each step", xlabel="step", ylabel="mean squared error"
        )
        mse_ax.legend(loc="upper right")
        self._caption = mse_ax.text(0.03, 0.05, "", transform=mse_ax.transAxes)
        self._status = warning_text(mse_ax)

        self._weight_lines = plotting.plot_weight_history(
            weights[0, :1], ax=weight_ax, title="Weights at each step"
        )
        # The widest weight range over every run up to each step, so that the
        # axis only needs to change when the step slider moves.
        every_weight = np.stack([run[1] for run in self._runs.values()])
        with np.errstate(invalid="ignore"):
            low = np.fmin.accumulate(np.nanmin(every_weight, axis=(0, 1, 3)))
            high = np.fmax.accumulate(np.nanmax(every_weight, axis=(0, 1, 3)))
        self._weight_range = low, high
        self._mse_ax, self._weight_ax = mse_ax, weight_ax
        animated = [*self._bars.patches, self._mse_line, *self._weight_lines]
        return figure, [*animated, self._caption, self._status]

    def update(self, changed=None) -> bool:
        """Look up the history for the controls' values and update the artists.

        Returns True (redraw everything) only when the step count moved.
        """
        index = int(round(self.rate.value / self.rate.step)) - 1
        index = min(max(index, 0), self._rates.size - 1)
        outputs, weights, mse, diverged_at = self._runs[self.rule.value]
        stop = self.steps.value + 1
        diverged = int(diverged_at[index])
        if 0 <= diverged < stop:
            stop = diverged
        self.history = classifier.ClassifierHistory(
            outputs=outputs[index, :stop],
            errors=self._y - outputs[index, :stop],
            weights=weights[index, :stop],
            mse=mse[index, :stop],
            rate=float(self._rates[index]),
            diverged_at=diverged if 0 <= diverged <= self.steps.value else None,
        )
        history = self.history

        for bar, height in zip(self._bars.patches, history.outputs[-1], strict=True):
            bar.set_height(height)
        shown = curve_indices(history.mse.size)
        self._mse_line.set_data(shown, history.mse[shown])
        for line, column in zip(self._weight_lines, history.weights.T, strict=True):
            line.set_data(shown, column[shown])
        self._caption.set_text(
            f"{self.rule.value} rule, rate {history.rate:.1f}\n"
            f"MSE {history.mse[-1]:.6e} after {history.steps} steps"
        )
        if history.diverged_at is None:
            self._status.set_text("")
        else:
            self._status.set_text(f"diverged at step {history.diverged_at}")

        limit = step_axis_limit(self.steps.value)
        if self._mse_ax.get_xlim() == (0, limit):
            return False
        self._mse_ax.set_xlim(0, limit)
        self._weight_ax.set_xlim(0, limit)
        last = min(limit, self.steps.max)
        low, high = self._weight_range[0][last], self._weight_range[1][last]
        margin = 0.05 * max(high - low, 1e-3)
        self._weight_ax.set_ylim(low - margin, high + margin)
        return True

    def __repr__(self) -> str:
        return (
            f"ClassificationExplorer(rate={self.rate.value:.1f}, "
            f"steps={self.steps.value}, rule={self.rule.value!r}) -- run the "
            f"notebook to move the sliders"
        )
