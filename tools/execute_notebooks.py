"""Sync each notebook with its paired script, execute it top to bottom, save it.

Usage (normally through ``python3 tasks.py execute [NOTEBOOK ...]``)::

    python tools/execute_notebooks.py notebooks/01_regression.ipynb ...

For each notebook: ``jupytext --sync`` first brings the .ipynb and the .py to
the same cells (whichever was edited last wins, as jupytext decides), then a
fresh kernel runs every cell in order and the outputs are written back into the
.ipynb. Widget state is stored in the notebook's metadata so that the sliders'
last drawing shows in JupyterLab and in an HTML export before anyone runs it.
Per-cell timing metadata is not recorded, so re-executing an unchanged
notebook changes only the widget model ids.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path: Path) -> None:
    """Sync, execute and save one notebook in place."""
    # A script written before its notebook exists creates the notebook.
    first = path if path.exists() else path.with_suffix(".py")
    subprocess.run(
        [sys.executable, "-m", "jupytext", "--sync", "--quiet", str(first)], check=True
    )
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name=notebook.metadata.get("kernelspec", {}).get("name", "python3"),
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=True,
    )
    client.execute()
    nbformat.write(notebook, path)
    # Record the new .ipynb as the newer half of the pair.
    subprocess.run(
        [sys.executable, "-m", "jupytext", "--sync", "--quiet", str(path)], check=True
    )
    print(f"executed {path}")


def main(paths: list[str]) -> None:
    if not paths:
        sys.exit("usage: execute_notebooks.py NOTEBOOK.ipynb [...]")
    for name in paths:
        path = Path(name).resolve()
        if path.suffix != ".ipynb":
            path = path.with_suffix(".ipynb")
        execute(path)


if __name__ == "__main__":
    main(sys.argv[1:])
