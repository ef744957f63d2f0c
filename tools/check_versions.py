"""Run the notebooks and tests on both ends of the numpy and matplotlib nnlib supports.

Usage (normally through ``python3 tasks.py versions``)::

    python3 tools/check_versions.py [--python PYTHON] [--repeats N] [--reuse]

pyproject.toml promises ``numpy>=1.26`` and ``matplotlib>=3.8``, while the saved
outputs come from the pinned stack of the ``lab`` extra. This script checks
the promise:

1. For each end of the range it builds a throwaway virtual environment under
   ``.venv-versions/`` (git-ignored), installs ``nnlib[lab,test]`` and then
   replaces numpy and matplotlib:

   - oldest: numpy 1.26.4 and matplotlib 3.8.4, the last patch releases of the
     oldest supported minors (both have wheels for Python 3.11 and 3.12);
   - newest: the newest releases on the package index.

   In each it runs ``python -m pytest notebooks tests`` (nbval against the
   saved outputs, plus the unit tests; the browser tests in tests/e2e are
   left out).
2. In the project's own .venv it runs nbval on the notebooks ``--repeats``
   times in a row (10 by default): every run must match the saved outputs, so
   nothing in them depends on the run.

It prints a table of what ran, on which versions, how it ended and how long
it took, and exits with status 1 if anything failed. Only the standard
library is used, like tasks.py.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSIONS_DIR = ROOT / ".venv-versions"
MAIN_VENV = ROOT / ".venv"

#: The oldest supported releases; None means "the newest on the index".
ENDS = {
    "oldest": {"numpy": "1.26.4", "matplotlib": "3.8.4"},
    "newest": {"numpy": None, "matplotlib": None},
}

PYTEST = ["-m", "pytest", "-p", "no:cacheprovider", "-q"]


@dataclass
class Result:
    """One line of the summary table."""

    where: str
    what: str
    python: str = "?"
    numpy: str = "?"
    matplotlib: str = "?"
    outcome: str = "not run"
    ok: bool = False
    seconds: float = 0.0


def venv_python(env: Path) -> Path:
    if os.name == "nt":
        return env / "Scripts" / "python.exe"
    return env / "bin" / "python"


def jupyter_env(env: Path) -> dict[str, str]:
    """Environment for pytest in ``env``: its own kernels found first."""
    variables = dict(os.environ)
    share = str(env / "share" / "jupyter")
    variables["JUPYTER_PATH"] = os.pathsep.join(
        filter(None, [share, variables.get("JUPYTER_PATH")])
    )
    variables["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    return variables


def run(command: list, log: Path, env: dict[str, str] | None = None) -> int:
    """Run a command with its output appended to ``log``; return its status."""
    command = [str(part) for part in command]
    with log.open("a") as stream:
        stream.write(f"\n+ {' '.join(command)}\n")
        stream.flush()
        completed = subprocess.run(
            command, cwd=ROOT, env=env, stdout=stream, stderr=subprocess.STDOUT
        )
    return completed.returncode


def installed_versions(python: Path) -> tuple[str, str, str]:
    """Python, numpy and matplotlib versions of an environment."""
    script = (
        "import platform, numpy, matplotlib; "
        "print(platform.python_version(), numpy.__version__, matplotlib.__version__)"
    )
    completed = subprocess.run(
        [str(python), "-c", script], capture_output=True, text=True, cwd=ROOT
    )
    if completed.returncode != 0:
        return ("?", "?", "?")
    python_version, numpy, matplotlib = completed.stdout.split()
    return python_version, numpy, matplotlib


def pytest_outcome(log: Path) -> str:
    """The closing summary of the last pytest run in a log, e.g. '42 passed'."""
    lines = log.read_text(errors="replace").splitlines()
    for line in reversed(lines):
        if re.search(r"\b(passed|failed|error|no tests ran)\b", line):
            return re.sub(r"=+", "", line).strip()
    return "no pytest summary"


def build(label: str, pins: dict, base_python: str, reuse: bool) -> tuple:
    """Create or reuse one throwaway environment; return (python, problem)."""
    env = VERSIONS_DIR / label
    log = VERSIONS_DIR / f"{label}.log"
    python = venv_python(env)
    if reuse and python.exists():
        return python, None
    if env.exists():
        shutil.rmtree(env)
    VERSIONS_DIR.mkdir(exist_ok=True)
    log.write_text(f"environment {label}: {pins}\n")
    # The interpreter given with --python creates the venv, so the oldest
    # releases are tried on the Python the user chose.
    status = subprocess.run(
        [base_python, "-m", "venv", str(env)], stdout=subprocess.DEVNULL
    ).returncode
    if status != 0:
        return python, f"could not create a venv with {base_python}"
    pip = [python, "-m", "pip", "--disable-pip-version-check"]
    if run([*pip, "install", "--upgrade", "pip"], log) != 0:
        return python, f"pip upgrade failed, see {log.relative_to(ROOT)}"
    if run([*pip, "install", "--editable", ".[lab,test]"], log) != 0:
        return python, f"installing .[lab,test] failed, see {log.relative_to(ROOT)}"
    # Wheels only: an sdist of an old numpy would try to compile for minutes
    # and fail, which says nothing about nnlib.
    wanted = [f"{name}=={v}" if v else name for name, v in pins.items()]
    upgrade = ["--upgrade"] if None in pins.values() else []
    install = [*pip, "install", *upgrade, "--only-binary=:all:", *wanted]
    if run(install, log) != 0:
        return python, (
            f"no wheels for {' '.join(wanted)} on this Python, see "
            f"{log.relative_to(ROOT)}; try --python python3.11"
        )
    if run([*pip, "check"], log) != 0:
        return python, f"inconsistent dependencies, see {log.relative_to(ROOT)}"
    return python, None


def check_end(label: str, pins: dict, base_python: str, reuse: bool) -> Result:
    """Build the environment for one end of the range and run the tests in it."""
    print(f"[{label}] building .venv-versions/{label} ...", flush=True)
    result = Result(where=f".venv-versions/{label}", what="notebooks + tests")
    started = time.monotonic()
    python, problem = build(label, pins, base_python, reuse)
    build_seconds = time.monotonic() - started
    result.python, result.numpy, result.matplotlib = installed_versions(python)
    if problem:
        result.outcome = problem
        result.seconds = build_seconds
        return result
    print(
        f"[{label}] built in {build_seconds:.0f} s: numpy {result.numpy}, "
        f"matplotlib {result.matplotlib}; running pytest ...",
        flush=True,
    )
    log = VERSIONS_DIR / f"{label}.log"
    env = VERSIONS_DIR / label
    started = time.monotonic()
    command = [python, *PYTEST, "notebooks", "tests", "--ignore=tests/e2e"]
    status = run(command, log, jupyter_env(env))
    result.seconds = time.monotonic() - started
    result.ok = status == 0
    result.outcome = pytest_outcome(log)
    if not result.ok:
        result.outcome += f" (see {log.relative_to(ROOT)})"
    return result


def check_repeats(repeats: int) -> list[Result]:
    """Run nbval on the saved notebooks ``repeats`` times in the main .venv."""
    python = venv_python(MAIN_VENV)
    versions = installed_versions(python)
    VERSIONS_DIR.mkdir(exist_ok=True)
    results = []
    for index in range(1, repeats + 1):
        log = VERSIONS_DIR / f"repeat-{index:02d}.log"
        log.write_text("")
        started = time.monotonic()
        status = run([python, *PYTEST, "notebooks"], log, jupyter_env(MAIN_VENV))
        result = Result(where=".venv", what=f"nbval run {index} of {repeats}")
        result.python, result.numpy, result.matplotlib = versions
        result.seconds = time.monotonic() - started
        result.ok = status == 0
        result.outcome = pytest_outcome(log)
        if not result.ok:
            result.outcome += f" (see {log.relative_to(ROOT)})"
        print(f"[repeat] {result.what}: {result.outcome}", flush=True)
        results.append(result)
    return results


def print_table(results: list[Result]) -> None:
    headers = ("where", "what", "python", "numpy", "matplotlib", "s", "outcome")
    rows = [
        (
            r.where,
            r.what,
            r.python,
            r.numpy,
            r.matplotlib,
            f"{r.seconds:.1f}",
            ("ok   " if r.ok else "FAIL ") + r.outcome,
        )
        for r in results
    ]
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(6)]
    print()
    for row in [headers, *rows]:
        cells = [str(row[i]).ljust(widths[i]) for i in range(6)]
        print("  ".join([*cells, row[6]]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--python",
        default=sys.executable,
        help="interpreter for the throwaway environments (default: this one)",
    )
    parser.add_argument(
        "--repeats", type=int, default=10, help="nbval runs in .venv (default 10)"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="reuse environments left by an earlier run instead of rebuilding",
    )
    args = parser.parse_args()
    if not venv_python(MAIN_VENV).exists():
        sys.exit("No .venv yet: run `python3 tasks.py test` once first.")

    started = time.monotonic()
    results = [
        check_end(label, pins, args.python, args.reuse) for label, pins in ENDS.items()
    ]
    results += check_repeats(args.repeats)
    print_table(results)
    failed = [r for r in results if not r.ok]
    total = time.monotonic() - started
    print(
        f"\n{len(results) - len(failed)} of {len(results)} checks passed "
        f"in {total:.0f} s."
    )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
