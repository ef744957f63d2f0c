"""`python3 tasks.py lab` serves JupyterLab to this machine only, behind a token.

A classroom laptop is often on a shared network. The launcher must therefore
listen on 127.0.0.1 alone and keep Jupyter's token authentication, so that
nobody else on the network can run code in the notebooks' kernels. These tests
start the real launcher once, on a free port, and check both from outside.

They need the project's .venv (built by any `python3 tasks.py ...` command)
and a POSIX system, where the launcher and the server it starts can be stopped
together as one process group.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 60  # a generous ceiling; with .venv ready it takes a few


def load_tasks():
    """tasks.py as a module, to ask whether its .venv is ready for this Python."""
    spec = importlib.util.spec_from_file_location("tasks", ROOT / "tasks.py")
    tasks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tasks)
    return tasks


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Report a redirect as the response it is, instead of following it."""

    def redirect_request(self, *args, **kwargs):
        return None


def get(url: str, token: str | None = None) -> tuple[int, dict, bytes]:
    """Status, headers and body of a GET, without following redirects."""
    request = urllib.request.Request(url)
    if token is not None:
        request.add_header("Authorization", f"token {token}")
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory):
    """Run `tasks.py lab` on a free port; yield the server's runtime record."""
    if os.name != "posix":
        pytest.skip("stopping the launcher's process group needs a POSIX system")
    tasks = load_tasks()
    if not (
        tasks.STAMP.exists() and tasks.STAMP.read_text() == tasks.install_fingerprint()
    ):
        pytest.skip(
            ".venv is missing or out of date for this Python; run "
            "`python3 tasks.py test` once to build it"
        )

    runtime = tmp_path_factory.mktemp("jupyter-runtime")
    log_path = runtime / "lab.log"
    port = free_port()
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(runtime))
    if os.geteuid() == 0:
        # Jupyter refuses to start as root (as in CI and many containers)
        # unless allowed; tasks.py passes no such option, so a throwaway user
        # config allows it here. Nothing about the address or token changes.
        config = tmp_path_factory.mktemp("jupyter-config")
        settings = {"ServerApp": {"allow_root": True}}
        (config / "jupyter_server_config.json").write_text(json.dumps(settings))
        env["JUPYTER_CONFIG_DIR"] = str(config)
    command = [sys.executable, str(ROOT / "tasks.py"), "lab", "--no-browser"]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [*command, "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped as one
        )
    try:
        record = wait_for_server(process, runtime, port, log_path)
        yield {**record, "process": process}
    finally:
        stop(process)


def wait_for_server(process, runtime: Path, port: int, log_path: Path) -> dict:
    """The server's runtime record once it answers on its port."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"tasks.py lab exited with {process.returncode} before serving:\n"
                + log_path.read_text(errors="replace")[-3000:]
            )
        for path in runtime.glob("jpserver-*.json"):
            record = json.loads(path.read_text())
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", record["port"]), 1).close()
                return record
        time.sleep(0.2)
    pytest.fail(
        f"JupyterLab did not answer on port {port} within {STARTUP_SECONDS} s:\n"
        + log_path.read_text(errors="replace")[-3000:]
    )


def stop(process: subprocess.Popen) -> None:
    """Stop the launcher and the server it started, politely, then firmly."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
    # The server may outlive the launcher by a moment; the group goes too.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def test_lab_serves_on_the_requested_port(lab_server):
    requested = int(lab_server["process"].args[-1])
    assert lab_server["port"] == requested


def test_lab_refuses_api_requests_without_the_token(lab_server):
    status, headers, _ = get(f"http://127.0.0.1:{lab_server['port']}/api/status")
    redirected_to_login = status == 302 and "/login" in headers.get("Location", "")
    assert status == 403 or redirected_to_login, (status, headers)


def test_lab_refuses_a_wrong_token(lab_server):
    url = f"http://127.0.0.1:{lab_server['port']}/api/status"
    status, _, _ = get(url, token="not-" + lab_server["token"])
    assert status in (302, 403)


def test_lab_answers_api_requests_with_the_token(lab_server):
    assert lab_server["token"], "the server runs without a token"
    url = f"http://127.0.0.1:{lab_server['port']}/api/status"
    status, _, body = get(url, token=lab_server["token"])
    assert status == 200
    assert "started" in json.loads(body)


def non_loopback_addresses() -> list[str]:
    """This machine's IPv4 addresses other than 127.x, from its interfaces."""
    psutil = pytest.importorskip("psutil", reason="psutil lists the interfaces")
    return [
        address.address
        for addresses in psutil.net_if_addrs().values()
        for address in addresses
        if address.family == socket.AF_INET and not address.address.startswith("127.")
    ]


def test_lab_listens_on_loopback_only(lab_server):
    psutil = pytest.importorskip("psutil", reason="psutil lists listening sockets")
    launcher = psutil.Process(lab_server["process"].pid)
    listening = []
    for process in [launcher, *launcher.children(recursive=True)]:
        # A short-lived helper may exit between the listing and this call.
        with contextlib.suppress(psutil.NoSuchProcess):
            listening += [
                connection.laddr
                for connection in process.net_connections(kind="inet")
                if connection.status == psutil.CONN_LISTEN
                and connection.laddr.port == lab_server["port"]
            ]
    assert listening, f"no process of the launcher listens on {lab_server['port']}"
    assert {laddr.ip for laddr in listening} == {"127.0.0.1"}, listening


def test_lab_cannot_be_reached_from_the_network(lab_server):
    addresses = non_loopback_addresses()
    if not addresses:
        pytest.skip("this machine has no non-loopback IPv4 address to try")
    for address in addresses:
        with pytest.raises(OSError):
            socket.create_connection((address, lab_server["port"]), timeout=2).close()


def test_lab_opens_on_the_first_notebook(lab_server):
    # The server's front page sends the browser to the regression notebook, so
    # both the browser it opens and the link it prints land there.
    url = f"http://127.0.0.1:{lab_server['port']}/"
    status, headers, _ = get(url, token=lab_server["token"])
    assert status == 302, status
    assert headers.get("Location", "").startswith("/lab/tree/01_regression.ipynb")
