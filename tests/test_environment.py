"""environment.yml pins the same stack as the pyproject.toml extras.

Conda and Binder users build their environment from environment.yml; the venv
of tasks.py installs the `lab` and `test` extras of pyproject.toml. Both must
give the same versions, or the saved notebook outputs stop being reproducible
for one of the two groups. environment.yml is read by a small strict line
parser (no YAML dependency): an entry it does not understand is an error, not
something silently ignored.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    tomllib = pytest.importorskip(
        "tomli", reason="reading pyproject.toml needs tomllib (Python 3.11+) or tomli"
    )

ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENT = ROOT / "environment.yml"
PYPROJECT = ROOT / "pyproject.toml"

#: PyPI name -> conda-forge name, for packages published under another name on
#: conda-forge. Every package pinned today has the same name on both, so this is
#: empty; add an entry here (not an exception in the tests) when that changes.
PYPI_TO_CONDA: dict[str, str] = {}

#: Entries of environment.yml that are not pins of the extras.
CONDA_ONLY = {"python", "pip"}

#: The extras whose exact pins environment.yml mirrors.
PINNED_EXTRAS = ("lab", "test")

#: The extras (besides `dependencies`) that state nnlib's supported range.
RANGE_EXTRAS = ("plot", "widgets")

ENTRY = re.compile(
    r"^  - (?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)"
    r"(?:(?P<op>==|=)(?P<version>[0-9][A-Za-z0-9.+!-]*))?$"
)


def parse_environment(text: str) -> dict:
    """Read the parts of environment.yml this project uses.

    Returns a dict with ``name``, ``channels`` (list), ``conda`` (conda package
    name -> version or None) and ``pip`` (list of pip arguments). Raises
    ValueError naming the line for anything outside that small format.
    """
    result: dict = {"name": None, "channels": [], "conda": {}, "pip": []}
    section = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"environment.yml line {number}: {line!r}"
        if not line.startswith(" "):
            key, _, value = line.partition(":")
            if key == "name" and value.strip():
                result["name"] = value.strip()
                section = None
            elif key in ("channels", "dependencies") and not value.strip():
                section = key
            else:
                raise ValueError(f"{where}: unexpected top-level entry")
        elif section == "channels" and line.startswith("  - "):
            result["channels"].append(line[4:].strip())
        elif section == "dependencies" and line == "  - pip:":
            section = "pip"
        elif section == "pip" and line.startswith("      - "):
            result["pip"].append(line[8:].strip())
        elif section == "dependencies" and (match := ENTRY.match(line)):
            name = canonicalize_name(match["name"])
            if name in result["conda"]:
                raise ValueError(f"{where}: {name} is listed twice")
            result["conda"][name] = match["version"]
        else:
            raise ValueError(f"{where}: not a `  - name=version` entry")
    return result


def pinned_extras(python_version: str) -> dict[str, str]:
    """The exact pins of the lab and test extras that apply to a Python."""
    extras = tomllib.loads(PYPROJECT.read_text())["project"]["optional-dependencies"]
    pins: dict[str, str] = {}
    for extra in PINNED_EXTRAS:
        for text in extras[extra]:
            requirement = Requirement(text)
            marker = requirement.marker
            if marker and not marker.evaluate({"python_version": python_version}):
                continue
            (specifier,) = requirement.specifier  # an exact pin: one specifier
            assert specifier.operator == "==", f"{text!r} in [{extra}] is not a pin"
            pins[canonicalize_name(requirement.name)] = specifier.version
    return pins


@pytest.fixture(scope="module")
def environment() -> dict:
    return parse_environment(ENVIRONMENT.read_text())


@pytest.fixture(scope="module")
def conda_python(environment) -> str:
    version = environment["conda"].get("python")
    assert version, "environment.yml must pin python, e.g. `  - python=3.12`"
    return version


def test_environment_uses_conda_forge_only(environment):
    assert environment["channels"] == ["conda-forge"]


def test_environment_installs_nnlib_editable_through_pip(environment):
    # conda runs the `pip:` section with the environment's own pip.
    assert "pip" in environment["conda"], "environment.yml must list `  - pip`"
    assert environment["pip"] == ["-e ."], (
        "environment.yml must install nnlib itself with a `pip:` section holding "
        f"only `-e .`, got {environment['pip']}"
    )


def test_environment_python_is_one_the_pins_are_for(conda_python):
    # The pins for Python >= 3.11 are the ones environment.yml mirrors.
    assert SpecifierSet(">=3.11").contains(conda_python), (
        f"environment.yml pins python={conda_python}, but mirrors the pins for "
        "Python >= 3.11"
    )


def test_environment_pins_every_extra_pin(environment, conda_python):
    pins = pinned_extras(conda_python)
    conda = environment["conda"]
    wrong = {}
    for name, version in pins.items():
        conda_name = PYPI_TO_CONDA.get(name, name)
        if conda.get(conda_name) != version:
            wrong[conda_name] = (version, conda.get(conda_name, "missing"))
    assert not wrong, (
        "environment.yml differs from pyproject.toml [lab,test] "
        "(name: (pyproject, environment.yml)): "
        f"{wrong}"
    )


def test_environment_pins_nothing_the_extras_do_not(environment, conda_python):
    expected = {PYPI_TO_CONDA.get(name, name) for name in pinned_extras(conda_python)}
    extra = set(environment["conda"]) - expected - CONDA_ONLY
    assert not extra, (
        f"environment.yml pins {sorted(extra)}, which the lab and test extras of "
        "pyproject.toml do not; add them there too or remove them"
    )


@pytest.mark.parametrize("python_version", ["3.10", "3.11", "3.12", "3.13"])
def test_supported_ranges_admit_the_pinned_versions(python_version):
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    ranges = [
        Requirement(text)
        for text in project["dependencies"]
        + [t for e in RANGE_EXTRAS for t in project["optional-dependencies"][e]]
    ]
    pins = pinned_extras(python_version)
    outside = [
        f"{r} does not admit {r.name}=={pins[canonicalize_name(r.name)]}"
        for r in ranges
        if canonicalize_name(r.name) in pins
        and not r.specifier.contains(pins[canonicalize_name(r.name)])
    ]
    assert not outside, outside
    assert {"numpy", "matplotlib"} <= {canonicalize_name(r.name) for r in ranges}


def test_environment_comment_states_the_supported_range():
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    ranges = [
        str(Requirement(t))
        for t in project["dependencies"] + project["optional-dependencies"]["plot"]
    ]
    comment = re.search(r"^# Supported range: (.*)$", ENVIRONMENT.read_text(), re.M)
    assert comment, "environment.yml must have a `# Supported range: ...` line"
    assert comment[1].split(", ") == ranges


def test_parser_agrees_with_pyyaml_when_available(environment):
    yaml = pytest.importorskip("yaml", reason="PyYAML is not installed")
    loaded = yaml.safe_load(ENVIRONMENT.read_text())
    conda, pip = {}, []
    for entry in loaded["dependencies"]:
        if isinstance(entry, dict):
            pip.extend(entry["pip"])
            continue
        name, _, version = entry.replace("==", "=").partition("=")
        conda[canonicalize_name(name)] = version or None
    assert loaded["channels"] == environment["channels"]
    assert conda == environment["conda"]
    assert pip == environment["pip"]


@pytest.mark.parametrize(
    "line, match",
    [
        ("  - numpy>=2", "not a `  - name=version` entry"),
        ("  - numpy=2.4.6  # why", "not a `  - name=version` entry"),
        ("prefix: /opt/env", "unexpected top-level entry"),
        ("  - numpy=2.4.6", "listed twice"),
    ],
)
def test_parse_environment_rejects_what_it_does_not_understand(line, match):
    text = "channels:\n  - conda-forge\ndependencies:\n  - numpy=2.4.6\n" + line
    with pytest.raises(ValueError, match=match):
        parse_environment(text)
