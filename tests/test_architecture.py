"""The layout's rules, checked on the source: who may import whom, what the pure layers may touch,
how long a module may grow, and that the names we import are ours.

Layers, top to bottom (an import may point to its own package or DOWN, never up):

    news_etl (the CLI) 5 > flows 4 > extract, load, quality, reporting 3 > transforms 2 > schemas 1

The four stages of rank 3 are siblings: none imports another (they share records through
``schemas``; ``flows`` wires them). ``transforms`` and ``schemas`` import no orchestration, database
or data-frame library, and ``transforms`` does no file I/O (``schemas`` reads its own package data
through ``importlib.resources``). Every import counts: module level, inside a function, under
``TYPE_CHECKING``, relative ones resolved, and ``importlib.import_module("...")`` with a literal.
"""

from __future__ import annotations

import ast
import importlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO

RANK = {
    "news_etl": 5,
    "flows": 4,
    "extract": 3,
    "load": 3,
    "quality": 3,
    "reporting": 3,
    "transforms": 2,
    "schemas": 1,
}
PACKAGES = tuple(RANK)
STAGES = frozenset({"extract", "load", "quality", "reporting"})
PURE_LAYERS = frozenset({"transforms", "schemas"})
#: top-level modules the pure layers must not import: orchestration, databases, data frames
HEAVY = frozenset(
    {"prefect", "prefect_dask", "dask", "distributed", "duckdb", "great_expectations", "pandas"}
)
#: calls that read or write a file (``open(...)``, ``os.open``, ``io.open``, ``Path.open``, ...)
FILE_IO_ATTRIBUTES = frozenset({"open", "read_text", "read_bytes", "write_text", "write_bytes"})
MAX_MODULE_LINES = 600
SIZED_TREES = (*PACKAGES, "benchmarks")


@dataclass(frozen=True)
class Import:
    """One import statement's target, resolved to an absolute dotted name."""

    path: Path
    line: int
    target: str

    @property
    def top(self) -> str:
        return self.target.split(".", 1)[0]


def _module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(root: Path, path: Path, node: ast.ImportFrom) -> str:
    """The absolute module a ``from ... import`` reads from (``from ..x import y`` in ``a/b/c.py``
    is ``a.x``)."""
    if not node.level:
        return node.module or ""
    package = _module_name(root, path).split(".")
    if path.name != "__init__.py":
        package.pop()
    base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
    return ".".join([*base, node.module] if node.module else base)


def imports_of(root: Path, path: Path) -> Iterator[Import]:
    """Every import in ``path`` (a module under ``root``), wherever it sits in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in sorted(ast.walk(tree), key=lambda n: getattr(n, "lineno", 0)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(path, node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom):
            module = _resolve(root, path, node)
            if node.module:
                yield Import(path, node.lineno, module)
            else:  # ``from .. import sibling`` imports modules: name each
                for alias in node.names:
                    yield Import(path, node.lineno, f"{module}.{alias.name}")
        elif isinstance(node, ast.Call) and _is_dynamic_import(node):
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield Import(path, node.lineno, first.value)


def _is_dynamic_import(node: ast.Call) -> bool:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id in {"__import__", "import_module"}
    return isinstance(func, ast.Attribute) and func.attr == "import_module"


def python_files(root: Path, packages: tuple[str, ...] = PACKAGES) -> Iterator[Path]:
    for package in packages:
        yield from sorted((root / package).rglob("*.py"))


def _where(root: Path, path: Path, line: int) -> str:
    return f"{path.relative_to(root)}:{line}"


def layer_violations(root: Path) -> list[str]:
    """Each import that points up a layer or across to a sibling stage, as ``file:line: why``."""
    found: list[str] = []
    for path in python_files(root):
        own = path.relative_to(root).parts[0]
        for imp in imports_of(root, path):
            if imp.top not in RANK or imp.top == own:
                continue
            if RANK[imp.top] > RANK[own]:
                why = f"{own} (layer {RANK[own]}) imports {imp.target} from a higher layer ({RANK[imp.top]})"
            elif own in STAGES and imp.top in STAGES:
                why = f"stage {own} imports {imp.target} from the sibling stage {imp.top}"
            else:
                continue
            found.append(f"{_where(root, path, imp.line)}: {why}")
    return found


def purity_violations(root: Path) -> list[str]:
    """Heavy imports in ``transforms``/``schemas`` and file I/O calls in ``transforms``."""
    found: list[str] = []
    for path in python_files(root, tuple(sorted(PURE_LAYERS))):
        own = path.relative_to(root).parts[0]
        for imp in imports_of(root, path):
            if imp.top in HEAVY:
                found.append(f"{_where(root, path, imp.line)}: {own} imports {imp.target}")
        if own != "transforms":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id == "open":
                name = "open()"
            elif isinstance(func, ast.Attribute) and func.attr in FILE_IO_ATTRIBUTES:
                name = f".{func.attr}()"
            else:
                continue
            found.append(f"{_where(root, path, node.lineno)}: transforms does file I/O ({name})")
    return found


def oversized_modules(root: Path) -> list[str]:
    found = []
    for path in python_files(root, SIZED_TREES):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            found.append(f"{path.relative_to(root)}: {lines} lines")
    return found


def test_imports_point_down_the_layers_and_never_across_stages():
    violations = layer_violations(REPO)
    assert not violations, "imports against the layering:\n" + "\n".join(violations)


def test_transforms_and_schemas_stay_pure():
    violations = purity_violations(REPO)
    assert not violations, "the pure layers reach out:\n" + "\n".join(violations)


def test_no_module_outside_the_tests_is_over_600_lines():
    oversized = oversized_modules(REPO)
    assert not oversized, f"modules over {MAX_MODULE_LINES} lines:\n" + "\n".join(oversized)


def _plant(root: Path, files: dict[str, str]) -> None:
    for package in PACKAGES:
        (root / package).mkdir(parents=True, exist_ok=True)
        (root / package / "__init__.py").touch()
    for name, source in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(source), encoding="utf-8")


def test_the_checks_catch_what_they_are_for(tmp_path: Path):
    """Planted violations of every kind, in every place an import can hide, are each named with
    file and line; the allowed ones (down a layer, within a package) are not."""
    _plant(
        tmp_path,
        {
            "schemas/up.py": "import os\nfrom transforms.text import x\n",
            "transforms/typing_only.py": """\
                from typing import TYPE_CHECKING
                if TYPE_CHECKING:
                    from flows import ingest
                """,
            "load/lazy.py": """\
                def later():
                    import quality.suites
                """,
            "reporting/deep/rel.py": "from ...extract import sources\nfrom .. import summary\n",
            "flows/dynamic.py": "import importlib\nimportlib.import_module('news_etl.cli')\n",
            "extract/ok.py": "from schemas import records\nfrom transforms import text\nfrom . import batches\n",
            "flows/ok.py": "from load import warehouse\nfrom extract import sources\n",
            "transforms/heavy.py": "import duckdb\n\ndef f(p):\n    return p.read_text()\n",
            "transforms/opens.py": "with open('x') as f:\n    pass\n",
            "schemas/frames.py": "from pandas import DataFrame\n",
            "benchmarks/long.py": "x = 1\n" * (MAX_MODULE_LINES + 1),
        },
    )
    layers = layer_violations(tmp_path)
    assert [v.split(":", 2)[:2] for v in layers] == [
        ["flows/dynamic.py", "2"],
        ["load/lazy.py", "2"],
        ["reporting/deep/rel.py", "1"],
        ["transforms/typing_only.py", "3"],
        ["schemas/up.py", "2"],
    ]
    assert "sibling stage quality" in layers[1] and "sibling stage extract" in layers[2]
    assert "higher layer" in layers[0] and "higher layer" in layers[3] and "higher layer" in layers[4]
    purity = purity_violations(tmp_path)
    assert sorted(v.split(":", 2)[0] + ":" + v.split(":", 2)[1] for v in purity) == [
        "schemas/frames.py:1",
        "transforms/heavy.py:1",
        "transforms/heavy.py:4",
        "transforms/opens.py:1",
    ]
    assert oversized_modules(tmp_path) == [f"benchmarks/long.py: {MAX_MODULE_LINES + 1} lines"]


def test_relative_imports_resolve_against_the_module_package(tmp_path: Path):
    _plant(tmp_path, {"load/store/__init__.py": "from .. import sql_sandbox\nfrom .ddl import x\n"})
    path = tmp_path / "load/store/__init__.py"
    assert [i.target for i in imports_of(tmp_path, path)] == ["load.sql_sandbox", "load.store.ddl"]


def _top_level_names(dist: importlib.metadata.Distribution) -> set[str]:
    """The top-level names a distribution installs: its ``top_level.txt``, else its RECORD."""
    top_level = dist.read_text("top_level.txt")
    if top_level is not None:
        return set(top_level.split())
    return {Path(str(f)).parts[0].removesuffix(".py") for f in dist.files or () if str(f).endswith(".py")}


def _editable_checkout(dist: importlib.metadata.Distribution) -> Path | None:
    direct_url = json.loads(dist.read_text("direct_url.json") or "{}")
    if not direct_url.get("dir_info", {}).get("editable"):
        return None
    return Path(direct_url["url"].removeprefix("file://")).resolve()


def test_the_generic_top_level_names_are_this_project():
    """``flows``, ``load``, ... are common names: each must import from this checkout, the
    installed ``news-etl`` distribution must declare exactly these top-level packages, and no other
    distribution or folder on the path may hold one of them (it would shadow ours, or ours it)."""
    for name in PACKAGES:
        module = importlib.import_module(name)
        assert module.__file__, f"{name} is a namespace package, not this project's {name}/"
        assert Path(module.__file__).resolve().is_relative_to(REPO), (
            f"import {name} gives {module.__file__}, not a file under {REPO}"
        )
    ours = importlib.metadata.distribution("news-etl")
    declared = _top_level_names(ours)
    assert declared == set(PACKAGES), f"news-etl declares {sorted(declared)}, not {sorted(PACKAGES)}"
    checkout = _editable_checkout(ours)
    if checkout is not None:
        assert all((checkout / name / "__init__.py").is_file() for name in PACKAGES), (
            f"the editable install points at {checkout}, which lacks the packages"
        )
    clashes = sorted(
        f"{dist.metadata['Name']} installs {sorted(_top_level_names(dist) & set(PACKAGES))}"
        for dist in importlib.metadata.distributions()
        if dist.metadata["Name"] != ours.metadata["Name"] and _top_level_names(dist) & set(PACKAGES)
    )
    assert not clashes, "other distributions install our top-level names:\n" + "\n".join(clashes)
    # the checkout itself, and the one an editable install names (another worktree of this repo)
    own = {REPO.resolve(), *([checkout] if checkout else [])}
    shadows = sorted(
        str(folder / name)
        for folder in {Path(entry or ".").resolve() for entry in sys.path} - own
        if folder.is_dir()
        for name in PACKAGES
        if (folder / name).is_dir() or (folder / f"{name}.py").is_file()
    )
    assert not shadows, "folders on sys.path hold our top-level names too:\n" + "\n".join(shadows)


def _data_files(root: Path) -> list[str]:
    """The package data ``schemas`` and ``quality`` ship (the word lists, the packaged suites
    every run checks), as paths relative to ``root``."""
    files = sorted(
        str(p.relative_to(root))
        for pattern in ("vocab/*.toml", "lexicons/*.txt", "lexicons/*.toml")
        for p in (root / "schemas").glob(pattern)
    )
    return files + sorted(
        str(p.relative_to(root)) for p in (root / "quality" / "expectations").glob("*.json")
    )


_OUTSIDE_CHECK = """
import json, sys
from pathlib import Path

site = Path(sys.argv[1])
packages = json.loads(sys.argv[2])
import importlib
files = {}
for name in packages:
    module = importlib.import_module(name)
    files[name] = module.__file__
    assert Path(module.__file__).resolve().is_relative_to(site.resolve()), (name, module.__file__)

from transforms.article import parse_article
from transforms.quotes import extract_quotes

article = parse_article(
    " date 2024-03-01 https://www.harbourpost.example/2024/03/01/ferry.html\\n"
    "Night Ferry Returns to the Islands\\n"
    "The night ferry to the outer islands will run again from April, the port authority said.\\n"
    "The service stopped in 2022 when the old boat was sold.\\n"
)
assert article.title == "Night Ferry Returns to the Islands", article.title
assert article.paragraphs, article
quotes = extract_quotes('"The boats are ready," harbour master Lena Ostrova said on Friday.')
assert [q.quote_text for q in quotes] == ['"The boats are ready,"'], quotes
assert quotes[0].speaker_resolved == "Lena Ostrova", quotes

from importlib import resources
from schemas.roles import given_name_genders, role_lexicon
loaded = {"roles": len(role_lexicon().roles), "given_names": len(given_name_genders())}
assert all(loaded.values()), loaded
if resources.files("schemas").joinpath("lexicons").is_dir():
    from schemas.lexicon import lexicon_entries, lexicon_names, lexicon_table
    for filename in lexicon_names():
        name, kind = filename.rsplit(".", 1)
        loaded[filename] = len(lexicon_table(name) if kind == "toml" else lexicon_entries(name))
    assert all(loaded.values()), loaded
from quality.suites import SUITE_TABLES, SUITES_DIR, packaged_checks
assert Path(str(SUITES_DIR)).resolve().is_relative_to(site.resolve()), SUITES_DIR
loaded["suites"] = sum(len(packaged_checks(table)) for table in SUITE_TABLES)  # the run's checks
assert loaded["suites"], loaded
print(json.dumps({"files": files, "loaded": loaded, "path": sys.path}))
"""


def _can_build_without_isolation() -> bool:
    """setuptools builds a wheel by itself from 70.1; before that it needs the ``wheel`` package."""
    try:
        version = importlib.metadata.version("setuptools")
    except importlib.metadata.PackageNotFoundError:
        return False
    major, minor = (int(part) for part in version.split(".")[:2])
    if (major, minor) < (68, 0):
        return False
    return (major, minor) >= (70, 1) or importlib.util.find_spec("wheel") is not None


@pytest.mark.integration
@pytest.mark.timeout(300)
def test_an_installed_wheel_works_outside_the_checkout(tmp_path: Path):
    """Build the wheel, install it into a bare folder, and use it from a process that cannot see
    the checkout: every package imports from that folder, parsing and quote extraction work, and
    every data file the source tree holds is shipped and loads."""
    source = tmp_path / "source"  # build from a copy: setuptools writes build/ and *.egg-info
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "warehouse", "tests", "__pycache__", "*.egg-info", "build", "dist", ".*_cache"
        ),
    )
    wheels, site = tmp_path / "wheels", tmp_path / "site"
    # without setuptools' wheel builder in this environment, pip builds in an isolated environment
    # from the pyproject's [build-system] requires (which needs a package index)
    isolation = ["--no-build-isolation"] if _can_build_without_isolation() else []
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", *isolation, "-w", wheels, "."], cwd=source, check=True)
    (wheel,) = wheels.glob("news_etl-*.whl")
    subprocess.run([*pip, "install", "--no-deps", "--target", site, wheel], check=True)
    for data in _data_files(REPO):
        assert (site / data).is_file(), f"the wheel does not ship {data}"
    assert not any(site.glob("tests")), "the wheel ships the tests"

    # -S: no site module, so the editable install's .pth (the checkout's path) is never read
    libraries = dict.fromkeys(sysconfig.get_paths()[key] for key in ("purelib", "platlib"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONPATH"] = os.pathsep.join([str(site), *libraries])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [sys.executable, "-S", "-c", _OUTSIDE_CHECK, str(site), json.dumps(PACKAGES)],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    # the interpreter's own libraries may live inside the checkout (a .venv there): only they may
    seen = [p for p in report["path"] if p and p not in libraries and Path(p).resolve().is_relative_to(REPO)]
    assert not seen, report["path"]
    assert set(report["files"]) == set(PACKAGES)
