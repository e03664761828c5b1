"""What the project installs is what it declares, and what it declares is what the lock pins.

Three promises, each checked here so that a broken one fails CI rather than a user's machine:

- every third-party import is declared: the runtime packages import only ``[project]
  dependencies``; ``tests/`` and ``benchmarks/`` may also import the ``dev`` extras. A package
  that merely arrives with another one (``dateutil`` with Great Expectations) is not declared:
  the day that one drops it, the import breaks.
- the lock files pin every declared requirement at a version its specifier allows, and the runtime
  lock agrees with the dev lock (someone edited pyproject.toml without ``make lock``);
- this environment is the dev lock: every distribution it pins for this interpreter and platform is
  installed at exactly that version, and ``pip check`` is clean (someone installed outside the
  lock).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import subprocess
import sys
import textwrap
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.conftest import REPO
from tests.test_architecture import PACKAGES, imports_of

RUNTIME_LOCK = REPO / "requirements.lock"
DEV_LOCK = REPO / "requirements-dev.lock"
#: folders of Python files that may import the dev extras too
DEV_TREES = ("tests", "benchmarks")
#: folders never scanned: environments, caches and run outputs, not source
SKIPPED_DIRS = frozenset({".venv", "venv", ".git", "build", "dist", "warehouse", "node_modules"})


def declared(pyproject: Path = REPO / "pyproject.toml") -> tuple[list[Requirement], list[Requirement]]:
    """pyproject.toml's runtime requirements and its ``dev`` extras."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    runtime = [Requirement(line) for line in project["dependencies"]]
    dev = [Requirement(line) for line in project.get("optional-dependencies", {}).get("dev", [])]
    return runtime, dev


def source_files(root: Path) -> Iterator[Path]:
    """Every .py file of the repository, not of an environment or a cache inside it."""
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts[:-1]
        if not any(part in SKIPPED_DIRS or part.startswith(".") for part in parts):
            yield path


def undeclared_imports(
    root: Path,
    runtime: set[str],
    dev: set[str],
    distributions: Mapping[str, list[str]],
) -> list[str]:
    """Each third-party import that its file may not make, as ``file:line: why``.

    ``runtime`` and ``dev`` are canonical distribution names; ``distributions`` maps a top-level
    module to the distributions that provide it (``importlib.metadata.packages_distributions()``).
    First-party modules are the packages, the test and benchmark trees, and a file's sibling
    modules (the benchmark scripts import each other through a ``sys.path`` insert).
    """
    first_party = {*PACKAGES, *DEV_TREES}
    found: list[str] = []
    for path in source_files(root):
        tree = path.relative_to(root).parts[0]
        allowed = runtime if tree in PACKAGES else runtime | dev
        siblings = {p.stem for p in path.parent.glob("*.py")} | {
            p.name for p in path.parent.iterdir() if (p / "__init__.py").is_file()
        }
        for imp in imports_of(root, path):
            top = imp.top
            if not top or top in sys.stdlib_module_names or top in first_party or top in siblings:
                continue
            where = f"{path.relative_to(root)}:{imp.line}"
            providers = {canonicalize_name(name) for name in distributions.get(top, [])}
            if not providers:
                found.append(f"{where}: imports {top}, which no installed distribution provides")
            elif not providers & allowed:
                names = ", ".join(sorted(providers))
                where_to = "[project] dependencies" if tree in PACKAGES else "the dev extras"
                found.append(f"{where}: imports {top} from {names}, not declared in {where_to}")
    return found


def test_every_import_is_declared():
    runtime, dev = declared()
    found = undeclared_imports(
        REPO,
        {canonicalize_name(r.name) for r in runtime},
        {canonicalize_name(r.name) for r in dev},
        importlib.metadata.packages_distributions(),
    )
    assert not found, "imports not declared in pyproject.toml:\n" + "\n".join(found)


def test_an_undeclared_import_is_caught(tmp_path):
    """A runtime module importing a dev-only or a merely transitive package, a test importing a
    package nobody declared, an import only under TYPE_CHECKING: each is named with its line."""
    (tmp_path / "transforms").mkdir()
    (tmp_path / "transforms" / "__init__.py").write_text("")
    (tmp_path / "transforms" / "odd.py").write_text(
        textwrap.dedent(
            """\
            from typing import TYPE_CHECKING

            import numpy
            import yaml
            from transforms import odd

            if TYPE_CHECKING:
                import pygments
            """
        )
    )
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_odd.py").write_text("import yaml\nimport dateutil.parser\n")
    (tmp_path / ".venv" / "lib").mkdir(parents=True)
    (tmp_path / ".venv" / "lib" / "vendored.py").write_text("import dateutil\n")
    distributions = {"numpy": ["numpy"], "yaml": ["PyYAML"], "pygments": ["Pygments"]}
    distributions["dateutil"] = ["python-dateutil"]

    found = undeclared_imports(tmp_path, {"numpy"}, {"pyyaml"}, distributions)

    assert found == [
        "tests/test_odd.py:2: imports dateutil from python-dateutil, not declared in the dev extras",
        "transforms/odd.py:4: imports yaml from pyyaml, not declared in [project] dependencies",
        "transforms/odd.py:8: imports pygments from pygments, not declared in [project] dependencies",
    ]


def test_an_import_nothing_provides_is_caught(tmp_path):
    (tmp_path / "benchmarks").mkdir()
    (tmp_path / "benchmarks" / "make_corpus.py").write_text("")
    (tmp_path / "benchmarks" / "bench.py").write_text("import make_corpus\nimport not_a_package\n")

    found = undeclared_imports(tmp_path, set(), set(), {})

    assert found == ["benchmarks/bench.py:2: imports not_a_package, which no installed distribution provides"]


def lock_entries(lock: Path) -> list[Requirement]:
    """The pins of a ``uv pip compile`` lock: one ``name==version ; marker`` per distribution (a
    distribution may appear twice, for different markers), without the hashes and comments."""
    entries: list[Requirement] = []
    logical = ""
    for raw in lock.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        logical += " " + line.removesuffix("\\")
        if line.endswith("\\"):
            continue
        spec = logical.split(" --hash", 1)[0].strip()
        logical = ""
        if spec:
            entries.append(Requirement(spec))
    return entries


def pins_here(lock: Path) -> dict[str, Version]:
    """The version the lock pins for each distribution this interpreter and platform install."""
    pins: dict[str, Version] = {}
    for entry in lock_entries(lock):
        if entry.marker is not None and not entry.marker.evaluate():
            continue
        (spec,) = entry.specifier
        assert spec.operator == "==", f"{lock.name}: {entry} is not an exact pin"
        name = canonicalize_name(entry.name)
        assert name not in pins, f"{lock.name} pins {name} twice for this interpreter"
        pins[name] = Version(spec.version)
    return pins


def _all_versions(lock: Path) -> dict[str, set[str]]:
    versions: dict[str, set[str]] = {}
    for entry in lock_entries(lock):
        versions.setdefault(canonicalize_name(entry.name), set()).update(s.version for s in entry.specifier)
    return versions


def test_lock_entries_read_pins_markers_and_hashes(tmp_path):
    lock = tmp_path / "requirements.lock"
    lock.write_text(
        textwrap.dedent(
            """\
            # This file was autogenerated by uv via the following command:
            #    make lock
            async-timeout==5.0.1 ; python_full_version < '3.11.3' \\
                --hash=sha256:aa \\
                --hash=sha256:bb
                # via redis
            numpy==2.4.6 \\
                --hash=sha256:cc
                # via
                #   news-etl (pyproject.toml)
            pywin32==312 ; sys_platform == 'win32' \\
                --hash=sha256:dd
            """
        )
    )

    entries = lock_entries(lock)

    assert [str(e) for e in entries] == [
        'async-timeout==5.0.1; python_full_version < "3.11.3"',
        "numpy==2.4.6",
        'pywin32==312; sys_platform == "win32"',
    ]
    assert pins_here(lock)["numpy"] == Version("2.4.6")
    assert ("pywin32" in pins_here(lock)) == (sys.platform == "win32")


def test_every_requirement_is_pinned_within_its_specifier():
    runtime, dev = declared()
    runtime_pins, dev_pins = pins_here(RUNTIME_LOCK), pins_here(DEV_LOCK)
    wrong: list[str] = []
    for requirement, pins, lock in [
        *((r, runtime_pins, RUNTIME_LOCK) for r in runtime),
        *((r, dev_pins, DEV_LOCK) for r in (*runtime, *dev)),
    ]:
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        pinned = pins.get(canonicalize_name(requirement.name))
        if pinned is None:
            wrong.append(f"{lock.name} does not pin {requirement.name}")
        elif not requirement.specifier.contains(pinned, prereleases=True):
            wrong.append(f"{lock.name} pins {requirement.name}=={pinned}, outside {requirement}")
    assert not wrong, "pyproject.toml and the locks disagree (run make lock):\n" + "\n".join(wrong)


def test_the_runtime_lock_agrees_with_the_dev_lock():
    runtime, dev = _all_versions(RUNTIME_LOCK), _all_versions(DEV_LOCK)
    differ = [
        f"{name}: {sorted(versions)} in {RUNTIME_LOCK.name}, {sorted(dev.get(name, ()))} in {DEV_LOCK.name}"
        for name, versions in sorted(runtime.items())
        if dev.get(name) != versions
    ]
    assert not differ, "the two locks pin differently (run make lock):\n" + "\n".join(differ)


def test_this_environment_is_the_dev_lock():
    wrong: list[str] = []
    for name, pinned in sorted(pins_here(DEV_LOCK).items()):
        try:
            installed = Version(importlib.metadata.version(name))
        except importlib.metadata.PackageNotFoundError:
            wrong.append(f"{name}=={pinned} is not installed")
            continue
        if installed != pinned:
            wrong.append(f"{name} is {installed}, the lock pins {pinned}")
    assert not wrong, (
        "this environment was not installed from requirements-dev.lock "
        "(make install-dev, or: pip install --require-hashes -r requirements-dev.lock):\n" + "\n".join(wrong)
    )


def test_pip_check_is_clean():
    if importlib.util.find_spec("pip") is None:
        pytest.skip("pip is not installed in this environment: nothing to run pip check with")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "check"], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
