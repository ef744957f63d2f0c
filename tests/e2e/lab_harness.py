"""Start JupyterLab and drive it in headless Chromium for the end-to-end tests.

Everything here is plain code with no pytest in it, so it can also be used from
a Python prompt while investigating a failure::

    server = LabServer(workdir)
    server.start()
    ...
    server.stop()

The JavaScript snippets run inside the page. Timing is measured there, with
``performance.now()``, so that a latency does not include the round trips
between Python and the browser.
"""

from __future__ import annotations

import io
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "ARTIFACTS",
    "CHROMIUM_ARGS",
    "ControlLatency",
    "LabServer",
    "NotebookPage",
    "ROOT",
    "find_chromium",
    "notebooks_dir",
    "summarise",
]

ROOT = Path(__file__).resolve().parents[2]
#: Where screenshots and the latency report go (git-ignored).
ARTIFACTS = ROOT / "tests" / "artifacts"


def notebooks_dir() -> Path:
    """The notebooks under test; NNLIB_E2E_NOTEBOOKS points elsewhere."""
    return Path(os.environ.get("NNLIB_E2E_NOTEBOOKS", ROOT / "notebooks"))


# What headless Chromium needs to start as root inside a container, and what
# stops it from reaching out to the network on its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# User settings written into the test's own settings folder. They keep the
# page deterministic: no news pop-up over the notebook, no autosave writing
# files while the test runs, and every cell attached to the page so that the
# checks and the full-page screenshot see the whole notebook.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}

# Page configuration of the test's server. Without it every page load asks
# the server whether JupyterLab's assets need a rebuild, and the server answers
# by reading hundreds of package files: seconds of work on a busy machine that
# delay the notebook's own requests, for a question no test asks.
LAB_PAGE_CONFIG = {"buildCheck": False, "buildAvailable": False}


def find_chromium() -> tuple[str | None, str]:
    """Locate a Chromium executable for Playwright to drive.

    Returns
    -------
    path : str or None
        The executable, or None when there is none to use.
    reason : str
        Where the path came from, or why there is none; meant for a skip
        message.
    """
    override = os.environ.get("NNLIB_CHROMIUM")
    if override:
        if os.access(override, os.X_OK):
            return override, f"NNLIB_CHROMIUM={override}"
        return None, f"NNLIB_CHROMIUM={override} is not an executable file"
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found, f"{name} on PATH"
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium", "/usr/bin/chromium"
    return None, (
        "no Chromium found: install Debian's package (apt-get install chromium) "
        "or set NNLIB_CHROMIUM to a Chromium executable"
    )


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LabServer:
    """A JupyterLab server on 127.0.0.1 with a random token, for one test run.

    Parameters
    ----------
    root_dir : Path
        The folder JupyterLab serves: a scratch copy of ``notebooks/``.
    state_dir : Path
        A scratch folder for the server's settings, workspaces, runtime files
        and log, so that nothing in the user's home directory changes the test
        and the test changes nothing there.
    """

    def __init__(self, root_dir: Path, state_dir: Path) -> None:
        self.root_dir = Path(root_dir)
        self.state_dir = Path(state_dir)
        self.port = free_port()
        self.token = secrets.token_urlsafe(24)
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.state_dir / "jupyterlab.log"
        self.process: subprocess.Popen | None = None

    def environment(self) -> dict[str, str]:
        """Environment of the server: the kernelspec of this Python first."""
        env = dict(os.environ)
        # Like tasks.py's jupyter_env: the kernelspec installed inside the
        # project's environment must win over any "python3" kernel the user
        # has elsewhere, or the notebooks could run without nnlib.
        share = str(Path(sys.prefix) / "share" / "jupyter")
        env["JUPYTER_PATH"] = os.pathsep.join(
            filter(None, [share, env.get("JUPYTER_PATH")])
        )
        for variable, folder in [
            ("JUPYTER_CONFIG_DIR", "config"),
            ("JUPYTER_DATA_DIR", "data"),
            ("JUPYTER_RUNTIME_DIR", "runtime"),
            ("JUPYTERLAB_SETTINGS_DIR", "settings"),
            ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"),
            ("IPYTHONDIR", "ipython"),
        ]:
            env[variable] = str(self.state_dir / folder)
        env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
        return env

    def write_settings(self) -> None:
        """Write the settings that keep the page deterministic and quick."""
        for plugin, values in LAB_SETTINGS.items():
            path = self.state_dir / "settings" / f"{plugin}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values, indent=2))
        path = self.state_dir / "config" / "labconfig" / "page_config.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(LAB_PAGE_CONFIG, indent=2))

    def command(self) -> list[str]:
        """The command line that starts the server."""
        return [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root_dir}",
            # CI runs as root; the server refuses to start as root otherwise.
            "--ServerApp.allow_root=True",
            # No requests to PyPI or to the news feed from a test.
            "--LabApp.extension_manager=readonly",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]

    def start(self, timeout: float = 60.0) -> None:
        """Start the server and wait until its REST API answers.

        Raises
        ------
        RuntimeError
            If the server exits or does not answer within ``timeout`` seconds;
            the message ends with the tail of the server's log.
        """
        self.launch()
        self.wait_until_ready(timeout)

    def launch(self) -> None:
        """Start the server process and return at once.

        The server needs seconds to start; :meth:`wait_until_ready` waits for
        it, so that something else (a browser) can start in the meantime.
        """
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.write_settings()
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                self.command(),
                cwd=self.root_dir,
                env=self.environment(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def wait_until_ready(self, timeout: float = 60.0) -> None:
        """Wait until the launched server's REST API answers; see :meth:`start`."""
        if self.process is None:
            raise RuntimeError("LabServer.launch() must be called first.")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"JupyterLab exited with code {self.process.returncode} "
                    f"while starting.\n{self.log_tail()}"
                )
            try:
                self.api("GET", "/api/status", timeout=1.0)
                return
            except (OSError, urllib.error.URLError):
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(
            f"JupyterLab did not answer on {self.base_url} within {timeout:.0f} s."
            f"\n{self.log_tail()}"
        )

    def api(self, method: str, path: str, timeout: float = 10.0) -> object:
        """Call the server's REST API with the token; return the decoded JSON."""
        request = urllib.request.Request(
            self.base_url + path,
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def url(self, path: str) -> str:
        """Address of a page of the server, with the token in its query."""
        separator = "&" if "?" in path else "?"
        return f"{self.base_url}{path}{separator}token={self.token}"

    def stop(self, timeout: float = 15.0) -> None:
        """Shut the server and its kernels down, then reap the process."""
        if self.process is None or self.process.poll() is not None:
            return
        # The shutdown request stops the kernels too; a bare SIGTERM could
        # leave kernel processes behind if the server is slow to clean up.
        try:
            self.api("POST", "/api/shutdown", timeout=5.0)
        except (OSError, urllib.error.URLError):
            self.process.terminate()
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5.0)

    def log_tail(self, lines: int = 30) -> str:
        """The last lines of the server's log, for error messages."""
        if not self.log_path.exists():
            return "(no server log)"
        text = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join(["--- JupyterLab log (tail) ---", *text[-lines:]])


# ---------------------------------------------------------------------------
# In-page scripts


# The notebook panel whose tab in the main area is titled ``title``, or the
# first notebook panel when the title is null; null when there is none yet.
PANEL_JS = """title => {
  if (title === null) return document.querySelector('.jp-NotebookPanel');
  const tabs = document.querySelectorAll('#jp-main-dock-panel .lm-TabBar-tab');
  const tab = Array.from(tabs).find(
    t => t.querySelector('.lm-TabBar-tabLabel').textContent.trim() === title);
  const panel = tab ? document.getElementById(tab.dataset.id) : null;
  return panel && panel.classList.contains('jp-NotebookPanel') ? panel : null;
}"""

# Resolves to "dialog" if JupyterLab asks which kernel to use, or to "ready"
# once the notebook (the one titled ``title``, or the first) has a kernel, and
# if ``idle`` is true once that kernel is also idle.
KERNEL_READY_JS = f"""([idle, title]) => {{
  if (document.querySelector('.jp-Dialog')) return 'dialog';
  const panel = ({PANEL_JS})(title);
  if (!panel || !panel.querySelector('.jp-Cell')) return false;
  const name = panel.querySelector('.jp-KernelName');
  const status = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  if (!name || !status) return false;
  const label = name.textContent.trim();
  if (label === '' || label === 'No Kernel') return false;
  return !idle || status.dataset.status === 'idle' ? 'ready' : false;
}}"""

# Done when nothing is queued or running any more and either every non-empty
# code cell has an execution count or an error stopped "Run All" on the way.
RUN_FINISHED_JS = """() => {
  const status = document.querySelector(
    '.jp-NotebookPanel .jp-Notebook-ExecutionIndicator');
  if (!status || status.dataset.status !== 'idle') return false;
  const cells = Array.from(document.querySelectorAll('.jp-Notebook .jp-CodeCell'));
  const prompts = cells
    .filter(c => c.querySelector('.jp-InputArea-editor').textContent.trim() !== '')
    .map(c => c.querySelector('.jp-InputPrompt').textContent);
  if (prompts.some(p => p.includes('*'))) return false;
  if (prompts.every(p => /\\[\\d+\\]/.test(p))) return true;
  return document.querySelector('.jp-OutputArea-output[data-mime-type='
    + '"application/vnd.jupyter.stderr"]') !== null;
}"""

# True once no widget view says it is still loading.
WIDGETS_SETTLED_JS = """() => !Array.from(
  document.querySelectorAll('.jp-Notebook .jp-OutputArea-output'))
  .some(e => e.textContent.includes('Loading widget'))"""

# What a reader would see as broken, collected from every output area.
PROBLEMS_JS = """() => {
  const problems = [];
  const cells = Array.from(document.querySelectorAll('.jp-Notebook .jp-CodeCell'));
  cells.forEach((cell, index) => {
    const where = `code cell ${index + 1}`;
    const code = cell.querySelector('.jp-InputArea-editor').textContent.trim();
    const prompt = cell.querySelector('.jp-InputPrompt').textContent.trim();
    if (code !== '' && !/\\[\\d+\\]/.test(prompt)) {
      problems.push(`${where}: not executed (prompt ${prompt})`);
    }
    for (const out of cell.querySelectorAll('.jp-OutputArea-output')) {
      const mime = out.dataset.mimeType || '';
      const text = out.textContent;
      if (mime === 'application/vnd.jupyter.stderr' && /Traceback|Error/.test(text)) {
        problems.push(`${where}: error output: ${text.trim().slice(-400)}`);
      }
      if (mime === 'text/plain'
          && /\\b\\w*(Slider|Box|Explorer|Image|interactive)\\(/.test(text)) {
        problems.push(`${where}: widget shown as text: ${text.trim().slice(0, 120)}`);
      }
      for (const phrase of ['Loading widget', 'Error displaying widget']) {
        if (text.includes(phrase)) {
          problems.push(`${where}: "${text.trim().slice(0, 160)}"`);
        }
      }
    }
  });
  document.querySelectorAll('.jp-Notebook .widget-slider').forEach((el, i) => {
    if (!el.querySelector('.noUi-handle')) {
      problems.push(`slider ${i + 1} has no handle (not rendered)`);
    }
  });
  return problems;
}"""

#: The sliders of the open notebook, and its ToggleButtons (the inner row of
#: buttons carries no class, so the outer element is the only match).
SLIDER_SELECTOR = ".jp-Notebook .widget-slider"
TOGGLE_SELECTOR = ".jp-Notebook .widget-toggle-buttons"

# Label, bounds and value of every slider, in page order. The numbers come
# from the noUiSlider object that ipywidgets attaches to the track, because the
# handle's aria-valuenow is rounded to an integer.
SLIDERS_JS = """() => Array.from(
  document.querySelectorAll('.jp-Notebook .widget-slider')).map((el, i) => {
    const track = el.querySelector('.noUi-target');
    const label = el.querySelector('.widget-label');
    const api = track && track.noUiSlider;
    return {
      index: i,
      label: (label && label.textContent.trim()) || `slider ${i + 1}`,
      min: api ? api.options.range.min : null,
      max: api ? api.options.range.max : null,
      value: api ? Number(api.get(true)) : null,
    };
  })"""

# An explorer is a widget box holding both a drawn image and a slider or a
# ToggleButtons; explorerOf gives the outermost one around an element, or null.
EXPLORER_HELPERS_JS = """
  const isExplorer = box => box.querySelector('img') !== null
    && box.querySelector('.widget-slider, .widget-toggle-buttons') !== null;
  const explorerOf = el => {
    let found = null;
    for (let box = el.closest('.widget-vbox'); box !== null;
         box = box.parentElement.closest('.widget-vbox')) {
      if (isExplorer(box)) found = box;
    }
    return found;
  };
  const explorers = () => Array.from(
    document.querySelectorAll('.jp-Notebook .widget-vbox'))
    .filter(box => explorerOf(box) === box);
"""

# Label, options and chosen option of every ToggleButtons, with whether it
# belongs to an explorer, in page order.
TOGGLES_JS = f"""() => {{
  {EXPLORER_HELPERS_JS}
  return Array.from(document.querySelectorAll('{TOGGLE_SELECTOR}'))
    .map((el, i) => {{
      const label = el.querySelector('.widget-label');
      const buttons = Array.from(el.querySelectorAll('button'));
      // A toggle without a description is named by its options.
      const named = label && label.textContent.trim();
      const options = buttons.map(b => b.textContent.trim()).join(' / ');
      return {{
        index: i,
        in_explorer: explorerOf(el) !== null,
        label: named || options || `toggle ${{i + 1}}`,
        options: buttons.map(b => b.textContent.trim()),
        value: buttons.findIndex(b => b.classList.contains('mod-active')),
      }};
    }});
}}"""

EXPLORER_COUNT_JS = f"() => {{ {EXPLORER_HELPERS_JS} return explorers().length; }}"

# Marks one explorer for Playwright to find, waits until its images are
# decoded and returns the smallest rectangle, relative to the box, around
# what it shows (labels, sliders, buttons, images) with a margin: the box
# itself spans the whole notebook width, mostly empty. The margin may reach
# past the box. Null when there is no such explorer. Offsets within the box
# hold however the notebook scrolls.
EXPLORER_MARK_JS = f"""async ([index, margin]) => {{
  {EXPLORER_HELPERS_JS}
  const box = explorers()[index];
  if (!box) return null;
  box.dataset.nnlibExplorer = String(index);
  await Promise.all(Array.from(box.querySelectorAll('img')).map(img => img.decode()));
  const outer = box.getBoundingClientRect();
  let [left, top, right, bottom] = [outer.right, outer.bottom, outer.left, outer.top];
  for (const part of box.querySelectorAll(
      'img, label, button, input, select, .slider-container, .widget-readout')) {{
    const r = part.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    [left, top] = [Math.min(left, r.left), Math.min(top, r.top)];
    [right, bottom] = [Math.max(right, r.right), Math.max(bottom, r.bottom)];
  }}
  if (right <= left || bottom <= top) {{
    [left, top, right, bottom] = [outer.left, outer.top, outer.right, outer.bottom];
  }}
  return {{
    left: Math.floor(left - outer.left - margin),
    top: Math.floor(top - outer.top - margin),
    right: Math.ceil(right - outer.left + margin),
    bottom: Math.ceil(bottom - outer.top + margin),
  }};
}}"""

# Arms a probe on one control, a slider or a ToggleButtons: the next event of
# the given kind that reaches the page ("keydown" for a slider, "click" for a
# button, as those are what change the value) starts the clock, and the next
# change of a drawn image in the same output area (a new src on an <img>, or a
# new <img>) stops it. The probe then hashes the images so that the caller can
# tell whether the picture itself changed. Returns the control's value now
# (a slider's position or the index of the chosen button), a slider's bounds,
# and, if asked, the hash of the images as they are now.
ARM_PROBE_JS = """([selector, index, startEvent, timeoutMs, hashNow]) => {
  const control = document.querySelectorAll(selector)[index];
  const area = control.closest('.jp-OutputArea-output') || control.parentElement;
  const track = control.querySelector('.noUi-target');
  const value = () => track
    ? Number(track.noUiSlider.get(true))
    : Array.from(control.querySelectorAll('button'))
      .findIndex(b => b.classList.contains('mod-active'));
  const probe = {startedAt: null};
  const images = () => Array.from(area.querySelectorAll('img'));
  const digest = async () => {
    const parts = [];
    for (const img of images()) {
      const bytes = await (await fetch(img.src)).arrayBuffer();
      const hash = await crypto.subtle.digest('SHA-256', bytes);
      parts.push(Array.from(new Uint8Array(hash).slice(0, 8))
        .map(b => b.toString(16).padStart(2, '0')).join(''));
    }
    return parts.join(',');
  };
  const onStart = () => { probe.startedAt = performance.now(); };
  document.addEventListener(startEvent, onStart, {capture: true, once: true});
  probe.result = new Promise(resolve => {
    let timer = null;
    const observer = new MutationObserver(records => {
      const drawn = records.some(r =>
        (r.type === 'attributes' && r.target.tagName === 'IMG')
        || Array.from(r.addedNodes).some(n =>
          n.nodeType === 1 && (n.tagName === 'IMG' || n.querySelector('img'))));
      if (!drawn || probe.startedAt === null) return;
      const drawnAt = performance.now();
      observer.disconnect();
      clearTimeout(timer);
      digest().then(hash => resolve({
        latency_ms: drawnAt - probe.startedAt, hash: hash, value: value(),
      }));
    });
    observer.observe(area, {
      subtree: true, childList: true, attributes: true, attributeFilter: ['src'],
    });
    timer = setTimeout(() => {
      observer.disconnect();
      document.removeEventListener(startEvent, onStart, {capture: true});
      resolve({latency_ms: null, hash: null, started: probe.startedAt !== null});
    }, timeoutMs);
  });
  window.__nnlibProbe = probe;
  return (hashNow ? digest() : Promise.resolve(null)).then(hash => ({
    hash: hash,
    value: value(),
    min: track ? track.noUiSlider.options.range.min : null,
    max: track ? track.noUiSlider.options.range.max : null,
  }));
}"""


# ---------------------------------------------------------------------------
# Results


@dataclass
class ControlLatency:
    """Latencies from a key press or click on one control to the redrawn image.

    In milliseconds; ``presses`` in the report counts key presses on a slider
    and clicks on a ToggleButtons alike.
    """

    label: str
    latencies_ms: list[float] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    identical_redraws: int = 0
    missed: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """The JSON form written to the latency report."""
        return {
            "presses": len(self.latencies_ms) + len(self.missed),
            "latencies_ms": [round(x, 1) for x in self.latencies_ms],
            **summarise(self.latencies_ms),
            "identical_redraws": self.identical_redraws,
            "missed": self.missed,
        }


def summarise(latencies_ms: list[float]) -> dict[str, float | None]:
    """Median and 90th percentile, rounded to 0.1 ms (None if no data)."""
    if not latencies_ms:
        return {"median_ms": None, "p90_ms": None}
    ordered = sorted(latencies_ms)
    # Nearest-rank percentile: an actually observed latency, which reads more
    # honestly than an interpolated one for twenty samples.
    rank = max(1, round(0.9 * len(ordered)))
    return {
        "median_ms": round(statistics.median(ordered), 1),
        "p90_ms": round(ordered[rank - 1], 1),
    }


# ---------------------------------------------------------------------------
# The page


class NotebookPage:
    """One notebook opened in JupyterLab in a Playwright page.

    Parameters
    ----------
    page : playwright.sync_api.Page
        A fresh page; its viewport width sets the width of the screenshots.
    server : LabServer
        The running server that serves the notebook.
    """

    def __init__(self, page, server: LabServer) -> None:
        self.page = page
        self.server = server

    def open(self, name: str, timeout_ms: float = 30_000) -> str:
        """Open a notebook and wait for its kernel.

        Returns
        -------
        str
            "ready" when the kernel is idle, "dialog" when JupyterLab asked
            which kernel to use instead.
        """
        # "reset" starts from the default layout whatever an earlier test left
        # in the shared workspace (a hidden sidebar, other open tabs).
        self.page.goto(self.server.url(f"/lab/tree/{name}?reset"))
        self.page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=timeout_ms)
        handle = self.page.wait_for_function(
            KERNEL_READY_JS, arg=[True, None], timeout=timeout_ms
        )
        return handle.json_value()

    def dialog_text(self) -> str:
        """Text of the dialog on top of the page, or an empty string."""
        dialog = self.page.query_selector(".jp-Dialog")
        return dialog.inner_text() if dialog else ""

    def saved_widget_outputs(self) -> dict[str, list[str]]:
        """How the saved widget outputs look before anything has run.

        Returns
        -------
        dict
            Output texts sorted into "rendered" (a live widget view, drawn
            from the widget state saved in the notebook), "text" (the plain
            text fallback JupyterLab shows for an untrusted notebook),
            "loading" and "error" ("Error displaying widget: ...").
        """
        return self.page.evaluate(
            """() => {
              const found = {rendered: [], text: [], loading: [], error: []};
              for (const out of document.querySelectorAll(
                  '.jp-Notebook .jp-OutputArea-output')) {
                const text = out.textContent.trim().slice(0, 120);
                const kind = text.includes('Error displaying widget') ? 'error'
                  : text.includes('Loading widget') ? 'loading'
                  : out.querySelector('.jupyter-widgets') ? 'rendered'
                  : out.dataset.mimeType === 'text/plain'
                    && /\\b\\w*(Slider|Box|Explorer)\\(/.test(text) ? 'text'
                  : null;
                if (kind) found[kind].push(text);
              }
              return found;
            }"""
        )

    def menu(self, menu: str, command: str) -> None:
        """Click a main-menu entry, found by the command it runs."""
        self.page.get_by_role("menuitem", name=menu, exact=True).first.click()
        self.page.click(f'.lm-Menu li[data-command="{command}"]:visible')

    def run_all(self, timeout_ms: float = 60_000) -> None:
        """Clear every output, run all cells and wait until the kernel is done.

        Clearing first makes the saved execution counts disappear, so that a
        count seen afterwards proves that the cell ran in this session.
        """
        self.menu("Edit", "editmenu:clear-all")
        # Imported here so that this module loads without Playwright, and
        # the tests can say why they are skipped.
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        self.menu("Run", "runmenu:run-all")
        self.page.wait_for_function(RUN_FINISHED_JS, timeout=timeout_ms)
        # Widget views are created after their output arrives; give them a
        # moment, and leave any still loading after that to problems().
        try:
            self.page.wait_for_function(WIDGETS_SETTLED_JS, timeout=10_000)
        except PlaywrightTimeout:
            pass

    def problems(self) -> list[str]:
        """Errors and broken widgets visible in the notebook."""
        return self.page.evaluate(PROBLEMS_JS)

    def sliders(self) -> list[dict]:
        """Label, bounds and value of every slider, in page order."""
        return self.page.evaluate(SLIDERS_JS)

    def open_with_notebook(self, name: str, timeout_ms: float = 30_000) -> str:
        """Open a file from the file browser with "Open With > Notebook".

        Works on the page as it is (JupyterLab already loaded, other notebooks
        possibly open): the file browser is shown if it was hidden.

        Returns
        -------
        str
            "ready" once the new notebook has its cells and a kernel is
            chosen, or "dialog" when JupyterLab asks which kernel to use.
        """
        browser_tab = self.page.locator(
            '.jp-SideBar.jp-mod-left .lm-TabBar-tab[data-id="filebrowser"]'
        )
        if "lm-mod-current" not in (browser_tab.get_attribute("class") or ""):
            browser_tab.click()
        item = self.page.locator(".jp-DirListing-item", has_text=name).first
        item.click(button="right")
        self.page.locator(".lm-Menu-item", has_text="Open With").hover()
        self.page.get_by_role("menuitem", name="Notebook", exact=True).click()
        # A kernel chosen is enough here: whether it starts is the business of
        # the notebook tests, and not waiting for it saves seconds.
        handle = self.page.wait_for_function(
            KERNEL_READY_JS, arg=[False, name], timeout=timeout_ms
        )
        return handle.json_value()

    def code_cell_count(self, title: str | None = None) -> int:
        """Number of code cells in the notebook titled ``title`` (or the first)."""
        return self.page.evaluate(
            f"title => ({PANEL_JS})(title).querySelectorAll('.jp-CodeCell').length",
            title,
        )

    def hide_sidebar(self) -> None:
        """Collapse the file browser so the notebook uses the whole width."""
        tab = self.page.query_selector(
            ".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current"
        )
        if tab:
            tab.click()

    def screenshot(self, path: Path, max_height: int = 12_000) -> None:
        """Save the whole notebook, not only the visible part, as a PNG.

        JupyterLab scrolls the notebook inside a panel, so a "full page"
        screenshot would stop at the window's edge; the viewport is grown to
        the notebook's height for the picture and restored afterwards.
        """
        viewport = self.page.viewport_size
        # Height of the cells themselves: the panel's scroll height would add
        # the empty space JupyterLab leaves to scroll past the last cell.
        extra = self.page.evaluate(
            """() => {
              const outer = document.querySelector(
                '.jp-NotebookPanel .jp-WindowedPanel-outer');
              const cells = outer.querySelectorAll('.jp-Cell');
              outer.scrollTop = 0;
              const last = cells[cells.length - 1].getBoundingClientRect();
              const top = outer.getBoundingClientRect().top;
              return Math.ceil(last.bottom - top + 24 - outer.clientHeight);
            }"""
        )
        height = min(max_height, viewport["height"] + max(0, extra))
        self.page.set_viewport_size({"width": viewport["width"], "height": height})
        try:
            # Two animation frames: one for the layout, one for the paint.
            self.page.evaluate(
                "() => new Promise(r => requestAnimationFrame("
                "() => requestAnimationFrame(r)))"
            )
            path.parent.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(path))
        finally:
            self.page.set_viewport_size(viewport)

    def explorer_count(self) -> int:
        """Number of explorers (widget boxes with controls and an image)."""
        return self.page.evaluate(EXPLORER_COUNT_JS)

    def screenshot_explorer(self, index: int, path: Path, margin: int = 8) -> None:
        """Save one explorer, its controls and its figure, as a PNG.

        The picture is cut to what the explorer shows, with ``margin`` pixels
        around it, rather than to its box, which spans the notebook's width;
        where the margin reaches past the box it is white, like the page.
        """
        from PIL import Image

        crop = self.page.evaluate(EXPLORER_MARK_JS, [index, margin])
        if crop is None:
            raise ValueError(f"there is no explorer number {index + 1} on the page")
        box = self.page.locator(f'[data-nnlib-explorer="{index}"]')
        # Playwright scrolls the box into view and waits until it stands still.
        shot = Image.open(io.BytesIO(box.screenshot(scale="css"))).convert("RGB")
        left, top = crop["left"], crop["top"]
        inside = (
            max(left, 0),
            max(top, 0),
            min(crop["right"], shot.width),
            min(crop["bottom"], shot.height),
        )
        size = (crop["right"] - left, crop["bottom"] - top)
        picture = Image.new("RGB", size, "white")
        picture.paste(shot.crop(inside), (inside[0] - left, inside[1] - top))
        path.parent.mkdir(parents=True, exist_ok=True)
        picture.save(path, format="PNG")

    def toggles(self) -> list[dict]:
        """Label, options and chosen option of every ToggleButtons, in order."""
        return self.page.evaluate(TOGGLES_JS)

    def _measure(
        self,
        selector: str,
        index: int,
        label: str,
        start_event: str,
        act,
        presses: int,
        budget_s: float,
        timeout_ms: float,
    ) -> ControlLatency:
        """Act on one control again and again, timing each redraw of its image.

        ``act(before)`` makes one key press or click, given what the probe saw
        just before it (the control's value and a slider's bounds), and
        returns a description of it for the report of a missed redraw.
        """
        result = ControlLatency(label)
        previous_hash = None
        deadline = time.monotonic() + budget_s
        for press in range(presses):
            if press >= 5 and time.monotonic() > deadline:
                break
            # The image's hash is computed once, up front; after that the last
            # redraw's hash already describes the picture on the page.
            before = self.page.evaluate(
                ARM_PROBE_JS,
                [selector, index, start_event, timeout_ms, previous_hash is None],
            )
            if previous_hash is None:
                previous_hash = before["hash"]
            action = act(before)
            outcome = self.page.evaluate("() => window.__nnlibProbe.result")
            if outcome["latency_ms"] is None:
                result.missed.append(
                    f"press {press + 1} ({action}) from value {before['value']}: "
                    f"no redraw within {timeout_ms / 1000:.0f} s"
                )
                continue
            result.latencies_ms.append(outcome["latency_ms"])
            result.values.append(outcome["value"])
            if outcome["hash"] == previous_hash:
                result.identical_redraws += 1
            previous_hash = outcome["hash"]
        return result

    def measure_slider(
        self,
        index: int,
        label: str,
        presses: int,
        budget_s: float = float("inf"),
        timeout_ms: float = 10_000,
    ) -> ControlLatency:
        """Press arrow keys on one slider and time each redraw of its picture.

        The slider moves right, and turns round at either end of its range, so
        that every press changes its value and should redraw the picture.

        Parameters
        ----------
        index : int
            Position of the slider among the notebook's sliders.
        label : str
            Name of the slider in the report.
        presses : int
            Most key presses to make.
        budget_s : float, optional
            Stop early, after at least five presses, once this many seconds
            have passed, so that a slow explorer cannot stall the test suite.
        timeout_ms : float, default 10_000
            How long one press may take to redraw before it counts as missed.
        """
        handle = self.page.locator(SLIDER_SELECTOR).nth(index)
        handle = handle.locator(".noUi-handle")
        handle.scroll_into_view_if_needed()
        handle.focus()
        direction = "ArrowRight"

        def press(before: dict) -> str:
            nonlocal direction
            if before["value"] >= before["max"]:
                direction = "ArrowLeft"
            elif before["value"] <= before["min"]:
                direction = "ArrowRight"
            self.page.keyboard.press(direction)
            return direction

        return self._measure(
            SLIDER_SELECTOR,
            index,
            label,
            "keydown",
            press,
            presses,
            budget_s,
            timeout_ms,
        )

    def measure_toggle(
        self,
        index: int,
        label: str,
        clicks: int,
        budget_s: float = float("inf"),
        timeout_ms: float = 10_000,
    ) -> ControlLatency:
        """Click one ToggleButtons to its next option, again and again.

        Each click chooses the option after the current one (the other one,
        when there are two), so every click changes the value; the time from
        the click to the redrawn picture is measured as for a slider.

        Parameters
        ----------
        index : int
            Position of the ToggleButtons among the notebook's ToggleButtons.
        label : str
            Name of the control in the report.
        clicks : int
            Most clicks to make.
        budget_s, timeout_ms : float
            As for :meth:`measure_slider`.
        """
        buttons = self.page.locator(TOGGLE_SELECTOR).nth(index).locator("button")
        buttons.first.scroll_into_view_if_needed()
        # The centre of each button, found once: the buttons do not move while
        # the figure below them is redrawn. A plain click there skips the
        # checks of Locator.click (visible, stable, not covered), which cost
        # more than a redraw; a click that missed its button would show up
        # as a missed redraw anyway.
        centres = []
        for box in (button.bounding_box() for button in buttons.all()):
            centres.append((box["x"] + box["width"] / 2, box["y"] + box["height"] / 2))

        def click(before: dict) -> str:
            target = (before["value"] + 1) % len(centres)
            self.page.mouse.click(*centres[target])
            return f"click on option {target + 1} of {len(centres)}"

        return self._measure(
            TOGGLE_SELECTOR,
            index,
            label,
            "click",
            click,
            clicks,
            budget_s,
            timeout_ms,
        )
