"""Fixtures of the browser tests: one JupyterLab and one Chromium per session.

The server serves a scratch copy of ``notebooks/``, so running the notebooks
in the browser never rewrites the committed files. Latencies from a key press
on a slider, or a click on a ToggleButtons, to the redrawn figure are
collected while the tests run, written to ``tests/artifacts/
browser_latency.json`` at the end of the session and summarised in the
terminal with the machine's load average. They are measured and reported,
never asserted: they depend on the machine.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from lab_harness import (
    ARTIFACTS,
    CHROMIUM_ARGS,
    ROOT,
    LabServer,
    find_chromium,
    notebooks_dir,
)

LATENCY_REPORT = ARTIFACTS / "browser_latency.json"

# What the tests record for the report, keyed by notebook name.
latency_results = pytest.StashKey[dict]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[latency_results] = {}


@pytest.fixture(scope="session")
def lab_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch copy of the notebooks, with the project's Jupytext settings.

    ``jupytext.toml`` goes one level up, as in the repository, so that the
    paired ``.py`` scripts behave as they do for a student, without the file
    showing in JupyterLab's file browser.
    """
    project = tmp_path_factory.mktemp("lab")
    root = project / "notebooks"
    shutil.copytree(
        notebooks_dir(),
        root,
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
    )
    if (ROOT / "jupytext.toml").exists():
        shutil.copy2(ROOT / "jupytext.toml", project / "jupytext.toml")
    return root


@pytest.fixture(scope="session")
def lab_process(lab_root: Path):
    """A JupyterLab process that is starting; shut down at the end of the session."""
    server = LabServer(lab_root, lab_root.parent / "jupyter-state")
    server.launch()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def lab_server(lab_process: LabServer) -> LabServer:
    """A running JupyterLab on 127.0.0.1 that answers requests."""
    lab_process.wait_until_ready()
    return lab_process


@pytest.fixture(scope="session")
def browser(request: pytest.FixtureRequest):
    """Headless Chromium driven by Playwright, or a skip saying what is missing."""
    sync_api = pytest.importorskip(
        "playwright.sync_api",
        reason="Playwright for Python is not installed or cannot be imported",
        exc_type=ImportError,
    )
    executable, origin = find_chromium()
    if executable is None:
        pytest.skip(f"browser tests need Chromium: {origin}")
    # Every test that uses the browser needs JupyterLab too: it takes seconds
    # to start, so it starts first and Chromium starts meanwhile.
    request.getfixturevalue("lab_process")
    playwright = sync_api.sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS
        )
    except sync_api.Error as error:
        playwright.stop()
        first_line = str(error).strip().splitlines()[0]
        pytest.skip(f"Chromium ({origin}) failed to launch: {first_line}")
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture(scope="session")
def browser_context(browser):
    """One context for all pages, so JupyterLab's scripts load from its cache."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    """A fresh page, 1280 px wide.

    The kernels it starts stay, idle, until the server shuts down: stopping
    each one here would cost seconds per test.
    """
    page = browser_context.new_page()
    yield page
    page.close()


@pytest.fixture
def record_latency(request: pytest.FixtureRequest):
    """Store one notebook's measurements for the session's latency report."""
    results = request.config.stash[latency_results]

    def record(notebook: str, entry: dict) -> None:
        results[notebook] = entry

    return record


def pytest_sessionfinish(session: pytest.Session) -> None:
    results = session.config.stash.get(latency_results, {})
    if not results:
        return
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    LATENCY_REPORT.write_text(json.dumps(results, indent=2) + "\n")


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    results = config.stash.get(latency_results, {})
    if not results:
        return

    def ms(value) -> str:
        return "-" if value is None else f"{value:.1f}"

    write = terminalreporter.write_line
    terminalreporter.section("browser latency: key press or click to redrawn figure")
    write(
        f"{'notebook':<24} {'control':<32} {'kind':<6} {'presses':>7} "
        f"{'median ms':>10} {'p90 ms':>8} {'load 1 min':>11}"
    )
    for notebook, entry in sorted(results.items()):
        # The load average is the machine's, sampled as the notebook's
        # measurements began; with more runnable processes than CPUs, every
        # latency grows.
        load = f"{entry['load_average'][0]:.2f}/{entry['cpus']}"
        controls = [
            (label, kind, control)
            for kind, group in (("slider", "sliders"), ("toggle", "toggles"))
            for label, control in entry[group].items()
        ]
        if not controls:
            write(f"{notebook:<24} (no control; load {load})")
        for label, kind, control in controls:
            write(
                f"{notebook:<24} {label[:32]:<32} {kind:<6} {control['presses']:>7} "
                f"{ms(control['median_ms']):>10} {ms(control['p90_ms']):>8} "
                f"{load:>11}"
            )
    write(
        "load 1 min: 1-minute load average / CPUs as measuring began; this "
        "run's own browser, server and kernel count towards it"
    )
    write(f"full report: {LATENCY_REPORT.relative_to(ROOT)}")
