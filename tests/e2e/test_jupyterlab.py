"""Run every notebook in a real JupyterLab, as a student would, and use it.

Each notebook is opened in headless Chromium, run with "Run > Run All Cells",
checked for errors and broken widgets, and photographed: the whole notebook,
and each explorer on its own. Then every slider is moved with the arrow keys,
and every ToggleButtons of an explorer is clicked from option to option,
while the time to the redrawn figure is measured. Last, in the test of the
notebook paired with the last ``.py`` script, that script is opened from the
file browser with "Open With > Notebook".

Environment variables:

- ``NNLIB_CHROMIUM``: the Chromium to drive (default: ``chromium`` on PATH);
- ``NNLIB_E2E_PRESSES``: most arrow-key presses per slider, and clicks per
  ToggleButtons (default 20);
- ``NNLIB_E2E_SLIDER_SECONDS``: seconds of pressing per control at most,
  after at least five presses (default 2.5);
- ``NNLIB_UPDATE_SCREENSHOTS=1``: replace the explorer pictures in
  docs/screenshots/;
- ``NNLIB_E2E_NOTEBOOKS``: test the notebooks in another folder instead.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from lab_harness import ARTIFACTS, ROOT, NotebookPage, notebooks_dir

SCREENSHOTS = ROOT / "docs" / "screenshots"

# Presses per control: enough for a median and a 90th percentile.
PRESSES = int(os.environ.get("NNLIB_E2E_PRESSES", "20"))
# Seconds of pressing per control at most, so a slow explorer cannot stall the
# suite; the report says how many presses were made.
SLIDER_BUDGET_S = float(os.environ.get("NNLIB_E2E_SLIDER_SECONDS", "2.5"))

NOTEBOOKS = sorted(p.name for p in notebooks_dir().glob("*.ipynb"))
SCRIPTS = sorted(
    p.name
    for p in notebooks_dir().glob("*.py")
    if p.with_suffix(".ipynb").exists() or p.read_text().startswith("# ---")
)


class Stopwatch:
    """Seconds spent in each named stage of a test, for the report."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps[stage] = round(now - self._last, 2)
        self._last = now


def save_explorer_screenshots(notebook: NotebookPage, name: str) -> None:
    """Photograph each explorer of a notebook into tests/artifacts/.

    The pictures are also published to docs/screenshots/ for the README; see
    :func:`publish`. (The whole notebook, some 8,000 pixels tall, stays in
    tests/artifacts/: it is there to look into failures.)
    """
    stem = Path(name).stem
    for index in range(notebook.explorer_count()):
        suffix = "" if index == 0 else f"_{index + 1}"
        target = ARTIFACTS / f"{stem}_explorer{suffix}.png"
        notebook.screenshot_explorer(index, target)
        publish(target)


def publish(picture: Path) -> None:
    """Copy a picture from tests/artifacts/ to docs/screenshots/, if asked.

    The pictures in docs/screenshots/ are committed for the README, so they are
    replaced only when NNLIB_UPDATE_SCREENSHOTS=1 or when one is missing
    (otherwise every test run would leave the working tree modified), and
    never from notebooks outside the repository.
    """
    published = SCREENSHOTS / picture.name
    if notebooks_dir() != ROOT / "notebooks":
        return
    if os.environ.get("NNLIB_UPDATE_SCREENSHOTS") == "1" or not published.exists():
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shrink_png(picture, published)


def unique_label(label: str, index: int, controls: list) -> str:
    """A control's label, numbered when another control has the same one."""
    if sum(control.label == label for control in controls) == 1:
        return label
    return f"{label} #{index + 1}"


def by_label(controls: list) -> dict[str, dict]:
    """The report entries of some controls, keyed by their unique labels."""
    return {
        unique_label(control.label, index, controls): control.as_dict()
        for index, control in enumerate(controls)
    }


def shrink_png(source: Path, target: Path, colours: int = 128) -> None:
    """Copy a screenshot with a reduced palette, a third of the size or less.

    A notebook is mostly flat colours and text, so 128 colours look the same
    to a reader while keeping the committed pictures small.
    """
    from PIL import Image

    with Image.open(source) as picture:
        reduced = picture.convert("RGB").quantize(colours, Image.Quantize.MEDIANCUT)
    reduced.save(target, format="PNG", optimize=True)


# "browser" comes first so that, without Chromium, the test is skipped before
# JupyterLab is started for nothing.
@pytest.mark.usefixtures("browser")
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_and_redraws_in_jupyterlab(
    name, page, lab_server, record_latency
):
    notebook = NotebookPage(page, lab_server)
    clock = Stopwatch()

    state = notebook.open(name)
    clock.lap("open")
    assert state == "ready", (
        f"JupyterLab asked for a kernel when opening {name}; the notebook's "
        f"kernelspec should match the project's kernel.\n{notebook.dialog_text()}"
    )
    # Reported, not asserted: how the saved widget outputs look before the
    # notebook runs. The copy is untrusted, as in a fresh clone, so JupyterLab
    # shows their text fallback; see the report's "widgets_before_run".
    before_run = notebook.saved_widget_outputs()

    notebook.hide_sidebar()
    notebook.run_all()
    clock.lap("run_all")
    # The whole notebook first, to look into a failure if the next check fails.
    notebook.screenshot(ARTIFACTS / f"{Path(name).stem}.png")
    problems = notebook.problems()
    assert not problems, f"{name} after Run All Cells:\n" + "\n".join(problems)
    # Before any control moves, so they show the notebook's own values.
    save_explorer_screenshots(notebook, name)
    clock.lap("screenshots")

    # Sampled just before the measurements: on a busy machine every latency
    # grows, and the report should say so next to the numbers.
    load_average = [round(load, 2) for load in os.getloadavg()]
    sliders = [
        notebook.measure_slider(info["index"], info["label"], PRESSES, SLIDER_BUDGET_S)
        for info in notebook.sliders()
    ]
    clock.lap("sliders")
    toggles = [
        notebook.measure_toggle(info["index"], info["label"], PRESSES, SLIDER_BUDGET_S)
        for info in notebook.toggles()
        if info["in_explorer"]
    ]
    clock.lap("toggles")
    record_latency(
        name,
        {
            "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "load_average": load_average,
            "cpus": os.cpu_count(),
            "seconds": clock.laps,
            "widgets_before_run": before_run,
            "sliders": by_label(sliders),
            "toggles": by_label(toggles),
        },
    )
    for slider in sliders:
        assert not slider.missed, (
            f"{name}: slider {slider.label!r} did not redraw its figure:\n"
            + "\n".join(slider.missed)
        )
        assert slider.identical_redraws < len(slider.latencies_ms), (
            f"{name}: slider {slider.label!r} redrew the same picture on every "
            "press; the figure does not follow the slider."
        )
    for toggle in toggles:
        assert not toggle.missed, (
            f"{name}: ToggleButtons {toggle.label!r} did not redraw its figure:\n"
            + "\n".join(toggle.missed)
        )
        # Every option is drawn differently (the caption names it, at least),
        # so each click must change the picture, not only most of them.
        assert toggle.identical_redraws == 0, (
            f"{name}: ToggleButtons {toggle.label!r} redrew the same picture on "
            f"{toggle.identical_redraws} of {len(toggle.latencies_ms)} clicks; "
            "the figure does not follow the chosen option."
        )

    # A paired script opens as a notebook too, from "Open With" in the file
    # browser. It is checked here, where JupyterLab is already loaded, rather
    # than in a test of its own that would spend seconds loading it again;
    # and once, with the last script, as the menu and the kernel choice are
    # the same for every script (the served content of each is checked by
    # test_percent_script_is_served_as_notebook).
    script = Path(name).with_suffix(".py").name
    if SCRIPTS and script == SCRIPTS[-1]:
        state = notebook.open_with_notebook(script)
        assert state == "ready", (
            f"Opening {script} with the notebook editor asked for a kernel.\n"
            f"{notebook.dialog_text()}"
        )
        assert notebook.code_cell_count(script) > 0, f"{script} opened with no cells"
        # Reported too: the report holds this very dict of laps.
        clock.lap("open_with")


@pytest.mark.parametrize("name", SCRIPTS)
def test_percent_script_is_served_as_notebook(name, lab_server):
    model = lab_server.api("GET", f"/api/contents/{name}?type=notebook&content=1")

    assert model["type"] == "notebook", f"{name} was served as {model['type']!r}"
    cells = model["content"]["cells"]
    assert any(cell["cell_type"] == "code" for cell in cells), f"{name}: no code"
    kernelspec = model["content"]["metadata"].get("kernelspec", {})
    assert kernelspec.get("name") == "python3", (
        f"{name} carries kernelspec {kernelspec!r}; the notebooks must name the "
        "project's 'python3' kernel so JupyterLab does not ask for one."
    )
