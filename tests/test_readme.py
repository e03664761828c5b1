"""The README's table reference must name every column of every schema, with its table."""

from __future__ import annotations

import re

from schemas import TABLES
from schemas.tables import DERIVED_TABLES, HISTORY_TABLES, LEDGER_TABLES
from tests.conftest import REPO


def test_readme_documents_every_column_of_every_table():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for table, schema in {**TABLES, **DERIVED_TABLES, **HISTORY_TABLES, **LEDGER_TABLES}.items():
        section = re.search(rf"### `{table}`.*?(?=\n### |\n## |\Z)", readme, re.S)
        assert section, f"README has no '### `{table}`' section"
        documented = set(re.findall(r"^\| `(\w+)` \|", section.group(0), re.M))
        missing = [f.name for f in schema if f.name not in documented]
        assert not missing, f"README section for {table} does not document columns {missing}"
        extra = documented - {f.name for f in schema}
        assert not extra, f"README documents columns {sorted(extra)} that {table} does not have"


def test_every_test_the_readme_names_as_proof_exists():
    """A guarantee in the README names the test that proves it (``tests/x.py::test_y``, or
    ``::test_y`` after a file was named): each file and each test function must exist."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    named: list[tuple[str, str | None]] = []
    current: str | None = None
    for match in re.finditer(r"(tests/[\w/]+\.py)?(?:::(test_\w+))?", readme):
        path, test = match.groups()
        if path:
            current = path
        if path or test:
            assert current, f"README names {test} before any test file"
            named.append((current, test))
    assert len(named) > 10, "the README's Trust section names the tests that prove its guarantees"
    for path, test in named:
        source = REPO / path
        assert source.is_file(), f"README names {path}, which does not exist"
        if test:
            assert re.search(rf"^\s*def {test}\(", source.read_text(encoding="utf-8"), re.M), (
                f"README names {path}::{test}, which does not exist"
            )


def test_every_function_the_readme_walks_a_file_through_exists():
    """ "How a file flows through" names the function at each step: each dotted name must import,
    so a rename cannot leave the walk-through pointing at nothing."""
    import importlib

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    paragraph = re.search(r"\*\*How a file flows through\.\*\*(.*?)\n\n", readme, re.S)
    assert paragraph, "README has no 'How a file flows through' paragraph"
    roots = ("news_etl", "flows", "extract", "load", "quality", "reporting", "transforms", "schemas")
    names = [n for n in re.findall(r"`([\w.]+)`", paragraph.group(1)) if n.split(".")[0] in roots]
    assert len(names) >= 15, names
    for name in names:
        parts = name.split(".")
        for cut in range(len(parts), 0, -1):  # the longest importable prefix, then attributes
            try:
                target: object = importlib.import_module(".".join(parts[:cut]))
            except ModuleNotFoundError:
                continue
            for attribute in parts[cut:]:
                assert hasattr(target, attribute), f"README names {name}: no {attribute!r}"
                target = getattr(target, attribute)
            break
        else:
            raise AssertionError(f"README names {name}, which does not import")
