"""Checks on every saved notebook in notebooks/, whatever nbval compares.

nbval re-runs each notebook and compares its outputs with the saved ones. The
checks here look at the saved files themselves, so that what a student opens
in JupyterLab, and what a reviewer reads in the paired .py script, is right:

- the .ipynb and its py:percent script hold the same cells;
- it was executed top to bottom in one fresh kernel (counts 1, 2, ..., N);
- no output is an error, a warning or a traceback;
- outputs hold nothing that depends on the machine or the run: memory
  addresses, absolute paths, the user's name, timings, numpy reprs such as
  ``np.float64(1.0)`` (printed numbers go through an explicit format);
- sizes stay small enough for a repository and a slow classroom network:
  each .ipynb at most 1 MB and each single output at most 200 kB. For scale,
  the two walkthroughs are about 330 and 350 kB, their largest outputs (a
  figure) about 50 and 65 kB, and their saved widget states 115 and 150 kB;
- the kernelspec is set to ``python3``, so JupyterLab opens without asking;
- every nbval marker comment is followed by a comment saying why.

Each check is a function returning a list of problems, and the last tests in
this file show that each one finds the problem it is meant to find.
"""

from __future__ import annotations

import getpass
import json
import re
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

MAX_NOTEBOOK_BYTES = 1_000_000
MAX_OUTPUT_BYTES = 200_000

#: Output payloads that are base64 data, not text to search.
BINARY_MIME_TYPES = {"image/png", "image/jpeg", "image/gif", "application/pdf"}

NBVAL_MARKERS = (
    "NBVAL_IGNORE_OUTPUT",
    "NBVAL_SKIP",
    "NBVAL_CHECK_OUTPUT",
    "NBVAL_RAISES_EXCEPTION",
)

#: Text that differs between runs or machines: (what it is, pattern).
RUN_DEPENDENT = [
    ("a memory address", re.compile(r"\bat 0x[0-9a-fA-F]+")),
    ("a timing", re.compile(r"Wall time|CPU times|\bper loop\b|loops? each")),
    ("a progress rate", re.compile(r"\d\s*(?:it/s|s/it)\b")),
    ("a numpy scalar repr", re.compile(r"\bnp\.(?:float|int|uint|bool|str)\w*\(")),
    ("a numpy array repr", re.compile(r"\barray\(")),
]


def fix_hint(name: str) -> str:
    return (
        f"fix with `python3 tasks.py execute notebooks/{name}.ipynb` (syncs the "
        f"pair, then re-executes), or `.venv/bin/jupytext --sync notebooks/{name}.py`"
    )


def private_strings() -> list[tuple[str, re.Pattern]]:
    """Absolute paths and this user's name, as (what it is, pattern)."""
    user = re.escape(getpass.getuser())
    home = str(Path.home())
    patterns = [
        ("an absolute path", re.compile(r"/home/|/root/|/tmp/|/work/|/Users/")),
        ("a Windows user path", re.compile(r"[A-Za-z]:\\\\?Users", re.IGNORECASE)),
        # The user's name as it appears in paths and prompts; the bare word
        # would match prose such as "square root".
        ("the user's name", re.compile(rf"[/\\]{user}\b|\b{user}@")),
    ]
    if home not in ("/", ""):
        patterns.append(("the home directory", re.compile(re.escape(home) + r"\b")))
    return patterns


def notebook_names() -> list[str]:
    """Every notebook's name, from either half of its pair."""
    return sorted(
        {p.stem for p in NOTEBOOKS.glob("*.ipynb")}
        | {p.stem for p in NOTEBOOKS.glob("*.py")}
    )


def executed_names() -> list[str]:
    return sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb"))


def load(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)


def code_cells(notebook) -> list[tuple[int, nbformat.NotebookNode]]:
    """(position among all cells, cell) for each code cell."""
    return [(i, c) for i, c in enumerate(notebook.cells) if c.cell_type == "code"]


def output_texts(output) -> list[str]:
    """Every text an output shows: stream text, text mime types, tracebacks."""
    if output.output_type == "stream":
        return [output.text]
    if output.output_type == "error":
        return [*output.get("traceback", []), output.get("evalue", "")]
    return [
        value if isinstance(value, str) else "".join(value)
        for mime, value in output.get("data", {}).items()
        if mime not in BINARY_MIME_TYPES
        and mime.startswith(("text/", "application/"))
        and isinstance(value, (str, list))
    ]


def all_strings(node, skip=False):
    """Every string in a notebook's JSON, except base64 payloads."""
    if isinstance(node, dict):
        for key, value in node.items():
            binary = key in BINARY_MIME_TYPES or key == "buffers"
            yield from all_strings(value, skip or binary)
    elif isinstance(node, list):
        for value in node:
            yield from all_strings(value, skip)
    elif isinstance(node, str) and not skip:
        yield node


# The checks. Each returns a list of problems; an empty list means all is well.


def pairing_problems(name: str) -> list[str]:
    ipynb, script = NOTEBOOKS / f"{name}.ipynb", NOTEBOOKS / f"{name}.py"
    missing = [p.name for p in (ipynb, script) if not p.exists()]
    if missing:
        return [f"notebooks/{missing[0]} is missing; {fix_hint(name)}"]
    return cell_difference(jupytext.read(ipynb), jupytext.read(script), name)


def cell_difference(ipynb, script, name: str) -> list[str]:
    cells_a = [(c.cell_type, c.source) for c in ipynb.cells]
    cells_b = [(c.cell_type, c.source) for c in script.cells]
    for index, (a, b) in enumerate(zip(cells_a, cells_b, strict=False)):
        if a != b:
            return [
                f"{name}.ipynb and {name}.py differ first at cell {index}: "
                f"{a[0]} {a[1][:60]!r} against {b[0]} {b[1][:60]!r}; {fix_hint(name)}"
            ]
    if len(cells_a) != len(cells_b):
        return [
            f"{name}.ipynb has {len(cells_a)} cells, {name}.py {len(cells_b)}; "
            f"{fix_hint(name)}"
        ]
    return []


def execution_problems(notebook) -> list[str]:
    problems = []
    for expected, (position, cell) in enumerate(code_cells(notebook), start=1):
        if cell.execution_count != expected:
            problems.append(
                f"cell {position}: execution count {cell.execution_count}, "
                f"expected {expected} for a fresh top-to-bottom run"
            )
        for output in cell.outputs:
            count = output.get("execution_count")
            if output.output_type == "execute_result" and count != expected:
                problems.append(f"cell {position}: result numbered {count}")
    return problems


def error_output_problems(notebook) -> list[str]:
    problems = []
    for position, cell in code_cells(notebook):
        for output in cell.outputs:
            if output.output_type == "error":
                problems.append(f"cell {position}: {output.ename}: {output.evalue}")
            elif output.output_type == "stream" and output.name == "stderr":
                if re.search(r"warning|traceback", output.text, re.IGNORECASE):
                    problems.append(f"cell {position}: stderr {output.text[:120]!r}")
    return problems


def hygiene_problems(notebook) -> list[str]:
    problems = []
    for position, cell in code_cells(notebook):
        for output in cell.outputs:
            for text in output_texts(output):
                for what, pattern in RUN_DEPENDENT:
                    if match := pattern.search(text):
                        problems.append(
                            f"cell {position}: output holds {what}, "
                            f"{text[max(0, match.start() - 30) : match.end() + 30]!r}"
                        )
    # Paths and names must appear nowhere, not in sources or metadata either.
    for text in all_strings(notebook):
        for what, pattern in private_strings():
            if match := pattern.search(text):
                excerpt = text[max(0, match.start() - 30) : match.end() + 30]
                problems.append(f"the notebook holds {what}: {excerpt!r}")
    return problems


def size_problems(path: Path, notebook) -> list[str]:
    problems = []
    size = path.stat().st_size
    if size > MAX_NOTEBOOK_BYTES:
        problems.append(
            f"{path.name} is {size / 1e3:.0f} kB, over {MAX_NOTEBOOK_BYTES / 1e3:.0f} "
            "kB: lower the figure dpi or size, or show fewer figures"
        )
    for position, cell in code_cells(notebook):
        for output in cell.outputs:
            size = len(json.dumps(output))
            if size > MAX_OUTPUT_BYTES:
                problems.append(
                    f"cell {position}: a {output.output_type} output of "
                    f"{size / 1e3:.0f} kB, over {MAX_OUTPUT_BYTES / 1e3:.0f} kB"
                )
    return problems


def kernelspec_problems(notebook) -> list[str]:
    kernelspec = notebook.metadata.get("kernelspec", {})
    if kernelspec.get("name") != "python3" or kernelspec.get("language") != "python":
        return [
            f"kernelspec is {dict(kernelspec)}, expected name 'python3' and "
            "language 'python'; run `python3 tasks.py execute` to set it"
        ]
    return []


def marker_problems(notebook) -> list[str]:
    problems = []
    for position, cell in code_cells(notebook):
        lines = cell.source.splitlines()
        for number, line in enumerate(lines):
            marker = next((m for m in NBVAL_MARKERS if m in line), None)
            if marker is None or not line.lstrip().startswith("#"):
                continue
            reason = lines[number + 1].strip() if number + 1 < len(lines) else ""
            words = reason.lstrip("#").split()
            if not reason.startswith("#") or "NBVAL_" in reason or len(words) < 3:
                problems.append(
                    f"cell {position}: `# {marker}` must be followed by a comment "
                    f"saying why, e.g. `# Why: ...`; the next line is {reason!r}"
                )
    return problems


def report(problems: list[str], name: str) -> str:
    return f"{name}:\n  " + "\n  ".join(problems)


# The tests on the real notebooks.


@pytest.mark.parametrize("name", notebook_names())
def test_notebook_and_script_hold_the_same_cells(name):
    problems = pairing_problems(name)
    assert not problems, report(problems, name)


@pytest.mark.parametrize("name", executed_names())
def test_notebook_was_executed_top_to_bottom(name):
    problems = execution_problems(load(name))
    assert not problems, report(problems + [fix_hint(name)], name)


@pytest.mark.parametrize("name", executed_names())
def test_notebook_outputs_hold_no_errors_or_warnings(name):
    problems = error_output_problems(load(name))
    assert not problems, report(problems, name)


@pytest.mark.parametrize("name", executed_names())
def test_notebook_holds_nothing_machine_or_run_dependent(name):
    problems = hygiene_problems(load(name))
    assert not problems, report(problems, name)


@pytest.mark.parametrize("name", executed_names())
def test_notebook_and_its_outputs_are_small(name):
    problems = size_problems(NOTEBOOKS / f"{name}.ipynb", load(name))
    assert not problems, report(problems, name)


@pytest.mark.parametrize("name", executed_names())
def test_notebook_names_the_python3_kernel(name):
    problems = kernelspec_problems(load(name))
    assert not problems, report(problems, name)


@pytest.mark.parametrize("name", executed_names())
def test_notebook_nbval_markers_give_a_reason(name):
    problems = marker_problems(load(name))
    assert not problems, report(problems, name)


# The checks themselves find what they look for.


def executed(*sources: str, outputs=None) -> nbformat.NotebookNode:
    """A small notebook as tasks.py execute would leave it."""
    cells = [new_markdown_cell("# Title")]
    for count, source in enumerate(sources, start=1):
        cells.append(
            new_code_cell(source, execution_count=count, outputs=outputs or [])
        )
    notebook = new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    return notebook


def stdout(text: str):
    return new_output("stream", name="stdout", text=text)


def test_checks_pass_a_clean_notebook():
    notebook = executed("x = 1", "print(f'x = {x:.2f}')", outputs=[stdout("x = 1.00")])
    assert execution_problems(notebook) == []
    assert error_output_problems(notebook) == []
    assert hygiene_problems(notebook) == []
    assert kernelspec_problems(notebook) == []
    assert marker_problems(notebook) == []


def test_cell_difference_finds_an_edited_script():
    notebook = executed("x = 1", "y = 2")
    script = executed("x = 1", "y = 3")
    (problem,) = cell_difference(notebook, script, "demo")
    assert "differ first at cell 2" in problem
    assert "tasks.py execute notebooks/demo.ipynb" in problem
    (problem,) = cell_difference(notebook, executed("x = 1"), "demo")
    assert "3 cells" in problem and "2" in problem


def test_execution_problems_find_out_of_order_and_unexecuted_cells():
    notebook = executed("a = 1", "b = 2", "c = 3")
    notebook.cells[2].execution_count = 5
    notebook.cells[3].execution_count = None
    problems = execution_problems(notebook)
    assert len(problems) == 2
    assert "count 5, expected 2" in problems[0]
    assert "count None, expected 3" in problems[1]


def test_error_output_problems_find_errors_and_warnings():
    error = new_output("error", ename="ValueError", evalue="bad", traceback=[])
    warning = new_output("stream", name="stderr", text="UserWarning: careful\n")
    harmless = new_output("stream", name="stderr", text="downloading 3 files\n")
    problems = error_output_problems(
        executed("f()", outputs=[error, warning, harmless])
    )
    assert len(problems) == 2


@pytest.mark.parametrize(
    "text",
    [
        "<Figure object at 0x7f3a2b1c>",
        "Wall time: 1.2 s",
        "CPU times: user 3 ms",
        "100%|####| 50/50 [00:01<00:00, 41.2it/s]",
        "4.1 ms ± 0.2 ms per loop (mean ± std. dev. of 7 runs)",
        "np.float64(0.5)",
        "array([1., 2.])",
        "saved to /tmp/figure.png",
        "read /home/ada/data.csv",
        r"C:\Users\ada\notebooks",
    ],
)
def test_hygiene_problems_find_run_dependent_text(text):
    assert hygiene_problems(executed("f()", outputs=[stdout(text)]))


def test_hygiene_problems_find_the_user_name_in_a_path():
    text = f"/srv/{getpass.getuser()}/cache"
    assert hygiene_problems(executed("f()", outputs=[stdout(text)]))


def test_hygiene_ignores_image_data_and_formatted_numbers():
    image = new_output("display_data", data={"image/png": "iVBOR/tmp/w0KG"})
    text = stdout("MSE 3.546068, slope [2.708727, 5.284158], square root 1.41")
    assert hygiene_problems(executed("f()", outputs=[image, text])) == []


def test_size_problems_find_a_large_output(tmp_path):
    big = stdout("x" * (MAX_OUTPUT_BYTES + 1))
    notebook = executed("print('x' * 200_001)", outputs=[big])
    path = tmp_path / "big.ipynb"
    nbformat.write(notebook, path)
    problems = size_problems(path, notebook)
    assert len(problems) == 1 and "over 200 kB" in problems[0]


def test_kernelspec_problems_find_a_missing_kernelspec():
    notebook = executed("x = 1")
    del notebook.metadata["kernelspec"]
    assert kernelspec_problems(notebook)


@pytest.mark.parametrize(
    "source, n_problems",
    [
        ("# NBVAL_IGNORE_OUTPUT\n# Why: the widget ids change every run\nw", 0),
        ("# NBVAL_SKIP\nslow()", 1),
        ("# NBVAL_CHECK_OUTPUT\n# ok\nx", 1),
        ("x = 1\n# NBVAL_RAISES_EXCEPTION", 1),
        ("# NBVAL_SKIP\n# NBVAL_IGNORE_OUTPUT\n# Why: two markers, one reason", 1),
        ("text = 'NBVAL_SKIP is a marker'", 0),
    ],
)
def test_marker_problems_want_a_reason_after_each_marker(source, n_problems):
    assert len(marker_problems(executed(source))) == n_problems
