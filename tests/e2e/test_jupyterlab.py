"""Run every notebook in a real JupyterLab, as a student would, and use it.

Each notebook is opened in headless Chromium, run with "Run > Run All Cells",
checked for errors and broken widgets, photographed, and then every slider is
moved with the arrow keys while the time to the redrawn figure is measured.

Environment variables:

- ``NNLIB_CHROMIUM``: the Chromium to drive (default: ``chromium`` on PATH);
- ``NNLIB_E2E_PRESSES``: most arrow-key presses per slider (default 20);
- ``NNLIB_E2E_SLIDER_SECONDS``: seconds of pressing per slider at most,
  after at least five presses (default 2.5);
- ``NNLIB_UPDATE_SCREENSHOTS=1``: replace the pictures in docs/screenshots/;
- ``NNLIB_E2E_NOTEBOOKS``: test the notebooks in another folder instead.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from lab_harness import ARTIFACTS, ROOT, NotebookPage, notebooks_dir

SCREENSHOTS = ROOT / "docs" / "screenshots"

# Arrow-key presses per slider: enough for a median and a 90th percentile.
PRESSES = int(os.environ.get("NNLIB_E2E_PRESSES", "20"))
# Seconds of pressing per slider at most, so a slow explorer cannot stall the
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


def save_screenshot(notebook: NotebookPage, name: str) -> None:
    """Photograph the notebook into tests/artifacts/ (and docs/ if asked).

    The pictures in docs/screenshots/ are committed for the README, so they are
    replaced only when NNLIB_UPDATE_SCREENSHOTS=1 or when one is missing
    (otherwise every test run would leave the working tree modified), and
    never from notebooks outside the repository.
    """
    target = ARTIFACTS / f"{Path(name).stem}.png"
    notebook.screenshot(target)
    published = SCREENSHOTS / target.name
    if notebooks_dir() != ROOT / "notebooks":
        return
    if os.environ.get("NNLIB_UPDATE_SCREENSHOTS") == "1" or not published.exists():
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shrink_png(target, published)


def unique_label(label: str, index: int, sliders: list) -> str:
    """A slider's label, numbered when another slider has the same one."""
    if sum(slider.label == label for slider in sliders) == 1:
        return label
    return f"{label} #{index + 1}"


def shrink_png(source: Path, target: Path, colours: int = 128) -> None:
    """Copy a screenshot with a reduced palette, a third of the size or less.

    A notebook page is mostly flat colours and text, so 128 colours look the
    same to a reader while keeping the committed pictures small.
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
    save_screenshot(notebook, name)
    clock.lap("screenshot")

    problems = notebook.problems()
    assert not problems, f"{name} after Run All Cells:\n" + "\n".join(problems)

    sliders = [
        notebook.measure_slider(info["index"], info["label"], PRESSES, SLIDER_BUDGET_S)
        for info in notebook.sliders()
    ]
    clock.lap("sliders")
    record_latency(
        name,
        {
            "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "seconds": clock.laps,
            "widgets_before_run": before_run,
            "sliders": {
                unique_label(slider.label, index, sliders): slider.as_dict()
                for index, slider in enumerate(sliders)
            },
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


@pytest.mark.usefixtures("browser")
@pytest.mark.parametrize("name", SCRIPTS[:1])
def test_percent_script_opens_with_notebook_editor(name, page, lab_server):
    notebook = NotebookPage(page, lab_server)

    state = notebook.open_with_notebook(name)

    assert state == "ready", (
        f"Opening {name} with the notebook editor asked for a kernel.\n"
        f"{notebook.dialog_text()}"
    )
    assert notebook.code_cell_count() > 0, f"{name} opened with no code cells"
