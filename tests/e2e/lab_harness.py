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
    "LabServer",
    "NotebookPage",
    "SliderLatency",
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
        """Write the user settings that keep the page deterministic."""
        for plugin, values in LAB_SETTINGS.items():
            path = self.state_dir / "settings" / f"{plugin}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values, indent=2))

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


# Resolves to "dialog" if JupyterLab asks which kernel to use, or to "ready"
# once the notebook has a kernel (an argument of true: once it is also idle).
KERNEL_READY_JS = """(idle) => {
  if (document.querySelector('.jp-Dialog')) return 'dialog';
  const name = document.querySelector('.jp-NotebookPanel .jp-KernelName');
  const status = document.querySelector(
    '.jp-NotebookPanel .jp-Notebook-ExecutionIndicator');
  if (!name || !status) return false;
  const label = name.textContent.trim();
  if (label === '' || label === 'No Kernel') return false;
  return !idle || status.dataset.status === 'idle' ? 'ready' : false;
}"""

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

# Arms a probe on one slider: the next key press that reaches the page starts
# the clock, and the next change of a drawn image in the same output area
# (a new src on an <img>, or a new <img>) stops it. The probe then hashes the
# images so that the caller can tell whether the picture itself changed.
# Returns the hash of the images as they are now and the slider's position.
ARM_PROBE_JS = """([index, timeoutMs]) => {
  const slider = document.querySelectorAll('.jp-Notebook .widget-slider')[index];
  const area = slider.closest('.jp-OutputArea-output') || slider.parentElement;
  const probe = {pressedAt: null};
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
  const onKey = () => { probe.pressedAt = performance.now(); };
  document.addEventListener('keydown', onKey, {capture: true, once: true});
  probe.result = new Promise(resolve => {
    let timer = null;
    const observer = new MutationObserver(records => {
      const drawn = records.some(r =>
        (r.type === 'attributes' && r.target.tagName === 'IMG')
        || Array.from(r.addedNodes).some(n =>
          n.nodeType === 1 && (n.tagName === 'IMG' || n.querySelector('img'))));
      if (!drawn || probe.pressedAt === null) return;
      const drawnAt = performance.now();
      observer.disconnect();
      clearTimeout(timer);
      digest().then(hash => resolve({
        latency_ms: drawnAt - probe.pressedAt,
        hash: hash,
        value: Number(slider.querySelector('.noUi-target').noUiSlider.get(true)),
      }));
    });
    observer.observe(area, {
      subtree: true, childList: true, attributes: true, attributeFilter: ['src'],
    });
    timer = setTimeout(() => {
      observer.disconnect();
      document.removeEventListener('keydown', onKey, {capture: true});
      resolve({latency_ms: null, hash: null, pressed: probe.pressedAt !== null});
    }, timeoutMs);
  });
  window.__nnlibProbe = probe;
  const api = slider.querySelector('.noUi-target').noUiSlider;
  return digest().then(hash => ({
    hash: hash,
    value: Number(api.get(true)),
    min: api.options.range.min,
    max: api.options.range.max,
  }));
}"""


# ---------------------------------------------------------------------------
# Results


@dataclass
class SliderLatency:
    """Key-press-to-redraw latencies of one slider, in milliseconds."""

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
            KERNEL_READY_JS, arg=True, timeout=timeout_ms
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

        Returns "ready" once a kernel is chosen, or "dialog" when JupyterLab
        asks which kernel to use.
        """
        self.page.goto(self.server.url("/lab?reset"))
        item = self.page.locator(".jp-DirListing-item", has_text=name).first
        item.click(button="right")
        self.page.locator(".lm-Menu-item", has_text="Open With").hover()
        self.page.get_by_role("menuitem", name="Notebook", exact=True).click()
        self.page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=timeout_ms)
        # A kernel chosen is enough here: whether it starts is the other tests'
        # business, and not waiting for it saves seconds.
        handle = self.page.wait_for_function(
            KERNEL_READY_JS, arg=False, timeout=timeout_ms
        )
        return handle.json_value()

    def code_cell_count(self) -> int:
        """Number of code cells in the open notebook."""
        return self.page.locator(".jp-NotebookPanel .jp-CodeCell").count()

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

    def measure_slider(
        self,
        index: int,
        label: str,
        presses: int,
        budget_s: float = float("inf"),
        timeout_ms: float = 10_000,
    ) -> SliderLatency:
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
        result = SliderLatency(label)
        handle = self.page.locator(".jp-Notebook .widget-slider").nth(index)
        handle = handle.locator(".noUi-handle")
        handle.scroll_into_view_if_needed()
        handle.focus()
        direction = "ArrowRight"
        previous_hash = None
        deadline = time.monotonic() + budget_s
        for press in range(presses):
            if press >= 5 and time.monotonic() > deadline:
                break
            before = self.page.evaluate(ARM_PROBE_JS, [index, timeout_ms])
            if before["value"] >= before["max"]:
                direction = "ArrowLeft"
            elif before["value"] <= before["min"]:
                direction = "ArrowRight"
            if previous_hash is None:
                previous_hash = before["hash"]
            self.page.keyboard.press(direction)
            outcome = self.page.evaluate("() => window.__nnlibProbe.result")
            if outcome["latency_ms"] is None:
                result.missed.append(
                    f"press {press + 1} ({direction}) from value {before['value']}: "
                    f"no redraw within {timeout_ms / 1000:.0f} s"
                )
                continue
            result.latencies_ms.append(outcome["latency_ms"])
            result.values.append(outcome["value"])
            if outcome["hash"] == previous_hash:
                result.identical_redraws += 1
            previous_hash = outcome["hash"]
        return result
