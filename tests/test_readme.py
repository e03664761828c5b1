"""The README's table reference must name every column of every schema, with its table."""

from __future__ import annotations

import re

from schemas import TABLES
from schemas.tables import HISTORY_TABLES, LEDGER_TABLES
from tests.conftest import REPO


def test_readme_documents_every_column_of_every_table():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for table, schema in {**TABLES, **HISTORY_TABLES, **LEDGER_TABLES}.items():
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
