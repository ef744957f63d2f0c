"""Importing nnlib is cheap and changes nothing global."""

import subprocess
import sys

import pytest


def run_python(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_import_does_not_import_matplotlib_or_ipywidgets():
    loaded = run_python(
        "import sys, nnlib; "
        "print(sorted(m for m in ('matplotlib', 'ipywidgets') if m in sys.modules))"
    )
    assert loaded == "[]"


def test_import_changes_no_random_state_or_rcparams():
    changed = run_python(
        "import numpy as np, matplotlib as mpl\n"
        "state = np.random.get_state()[1].copy(); rc = dict(mpl.rcParams)\n"
        "import nnlib, nnlib.plotting, nnlib.explorers\n"
        "print(bool((np.random.get_state()[1] != state).any()), "
        "dict(mpl.rcParams) != rc)"
    )
    assert changed == "False False"


@pytest.mark.parametrize(
    "module",
    [
        "activations",
        "classifier",
        "data",
        "explorers",
        "least_squares",
        "linear",
        "plotting",
        "printing",
    ],
)
def test_every_public_name_is_documented(module):
    imported = __import__(f"nnlib.{module}", fromlist=["__all__"])
    assert imported.__doc__ and imported.__doc__.strip().splitlines()[0]
    for name in imported.__all__:
        obj = getattr(imported, name)
        if callable(obj):
            assert obj.__doc__, f"nnlib.{module}.{name} has no docstring"
