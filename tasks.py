"""Set up, launch, test and maintain the teaching notebooks.

Run with the Python you want the project to use (3.10 or newer)::

    python3 tasks.py lab        # create .venv if needed, open JupyterLab
    python3 tasks.py test       # create .venv if needed, run every check
    python3 tasks.py execute    # sync each notebook pair, re-execute, save
    python3 tasks.py bench      # run the benchmarks in benchmarks/
    python3 tasks.py versions   # run the notebooks on the oldest and newest
                                # numpy and matplotlib that nnlib supports

Only the standard library is used here, so the same file works on Linux,
macOS and Windows before anything is installed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
NOTEBOOKS = ROOT / "notebooks"
STAMP = VENV / "nnlib-installed.txt"
MIN_PYTHON = (3, 10)


def venv_bin(name: str, env: Path = VENV) -> Path:
    """Path of an executable inside a virtual environment."""
    if os.name == "nt":
        return env / "Scripts" / f"{name}.exe"
    return env / "bin" / name


def run(*args: object, **kwargs) -> None:
    """Run a command, echoing it; stop this script if it fails."""
    command = [str(a) for a in args]
    print("+", " ".join(command), flush=True)
    completed = subprocess.run(command, **kwargs)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def install_fingerprint() -> str:
    """What an installed .venv must match: the Python and the pinned stack."""
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def python_version() -> str:
    """This Python's version, e.g. "3.11.7"."""
    return ".".join(str(part) for part in sys.version_info[:3])


def venv_python_version() -> str | None:
    """The version of the Python that .venv was made with, if it exists."""
    config = VENV / "pyvenv.cfg"
    if not config.exists():
        return None
    for line in config.read_text().splitlines():
        key, _, value = line.partition("=")
        if key.strip() in ("version", "version_info"):
            return value.strip()
    return None


def bootstrap() -> Path:
    """Create .venv with the pinned stack and nnlib, unless it is up to date.

    Returns the path of the environment's Python.
    """
    if sys.version_info < MIN_PYTHON:
        sys.exit(
            f"This project needs Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer; "
            f"this is {sys.version.split()[0]}. Run tasks.py with a newer python."
        )
    python = venv_bin("python")
    if STAMP.exists() and STAMP.read_text() == install_fingerprint():
        write_lab_settings()
        return python
    if not python.exists() or venv_python_version() != python_version():
        # A .venv made by another Python (or half made) is started afresh:
        # packages built for one Python version do not load in another.
        print(f"Creating a virtual environment in {VENV.name}/", flush=True)
        venv.create(VENV, with_pip=True, clear=True)
    run(python, "-m", "pip", "install", "--upgrade", "pip")
    run(python, "-m", "pip", "install", "--editable", ".[lab,test]", cwd=ROOT)
    # A kernelspec inside .venv, found first through JUPYTER_PATH (see
    # jupyter_env), so that a "python3" kernel installed elsewhere for the
    # user cannot take the notebooks to a Python without nnlib.
    run(python, "-m", "ipykernel", "install", "--sys-prefix", "--name", "python3")
    write_lab_settings()
    STAMP.write_text(install_fingerprint())
    return python


def write_lab_settings() -> None:
    """Default JupyterLab settings for this project's .venv.

    Saving a notebook also saves the state of its widgets, so that a notebook
    saved after running shows its sliders and figures when opened again,
    instead of "Error displaying widget: model not found". And no news or
    update pop-up appears in front of a class. Users can still change both.
    """
    settings = VENV / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    overrides = {
        "@jupyter-widgets/jupyterlab-manager:plugin": {"saveState": True},
        "@jupyterlab/apputils-extension:notification": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
    }
    (settings / "overrides.json").write_text(json.dumps(overrides, indent=2) + "\n")


def jupyter_env() -> dict[str, str]:
    """Environment for Jupyter processes started from .venv."""
    env = dict(os.environ)
    share = str(VENV / "share" / "jupyter")
    env["JUPYTER_PATH"] = os.pathsep.join(
        filter(None, [share, env.get("JUPYTER_PATH")])
    )
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    return env


def lab(args: argparse.Namespace) -> None:
    """Open JupyterLab on notebooks/, on this machine only, with a token."""
    bootstrap()
    first = sorted(NOTEBOOKS.glob("*.ipynb"))[0].name
    command = [
        venv_bin("jupyter"),
        "lab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.root_dir={NOTEBOOKS}",
        f"--ServerApp.port={args.port}",
        "--ServerApp.port_retries=0",  # a busy port is an error, not a surprise
        # Both the browser it opens and the link it prints go to the first
        # notebook (a file argument would change only the former).
        f"--LabApp.default_url=/lab/tree/{first}",
    ]
    if args.no_browser:
        command.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Containers, CI and Binder-like machines often run as root, which
        # Jupyter refuses unless told; the server still listens on 127.0.0.1.
        command.append("--allow-root")
    run(*command, cwd=NOTEBOOKS, env=jupyter_env())


def test(args: argparse.Namespace) -> None:
    """Lint everything, then run the unit, notebook and browser tests."""
    python = bootstrap()
    run(python, "-m", "ruff", "check", ".", cwd=ROOT)
    run(python, "-m", "pytest", *args.pytest_args, cwd=ROOT, env=jupyter_env())


def execute(args: argparse.Namespace) -> None:
    """Sync every notebook with its script, re-execute it and save outputs."""
    python = bootstrap()
    paths = args.notebooks or sorted(NOTEBOOKS.glob("*.ipynb"))
    run(python, ROOT / "tools" / "execute_notebooks.py", *paths, env=jupyter_env())


def bench(args: argparse.Namespace) -> None:
    """Run every benchmark script and print its table."""
    python = bootstrap()
    for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        run(python, script, cwd=ROOT, env=jupyter_env())


def versions(args: argparse.Namespace) -> None:
    """Run nbval on the oldest and newest numpy and matplotlib nnlib supports."""
    bootstrap()
    run(sys.executable, ROOT / "tools" / "check_versions.py", *args.extra, cwd=ROOT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    lab_parser = commands.add_parser("lab", help=lab.__doc__)
    lab_parser.add_argument("--port", type=int, default=8888)
    lab_parser.add_argument("--no-browser", action="store_true")
    lab_parser.set_defaults(func=lab)

    test_parser = commands.add_parser(
        "test", help=test.__doc__, epilog="Further arguments are passed to pytest."
    )
    test_parser.set_defaults(func=test)

    execute_parser = commands.add_parser("execute", help=execute.__doc__)
    execute_parser.add_argument("notebooks", nargs="*", type=Path)
    execute_parser.set_defaults(func=execute)

    commands.add_parser("bench", help=bench.__doc__).set_defaults(func=bench)
    commands.add_parser(
        "versions",
        help=versions.__doc__,
        epilog="Further arguments go to tools/check_versions.py (see its --help).",
    ).set_defaults(func=versions)

    # Whatever follows "test" that tasks.py does not know goes on to pytest,
    # e.g. `python3 tasks.py test -k sigmoid -x`.
    args, extra = parser.parse_known_args()
    if extra and args.command not in ("test", "versions"):
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.pytest_args = args.extra = extra
    args.func(args)


if __name__ == "__main__":
    main()
