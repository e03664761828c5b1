"""The README's table reference must name every column of every schema, with its table."""

from __future__ import annotations

import re

from news_etl.schemas import TABLES
from news_etl.schemas.tables import HISTORY_TABLES, LEDGER_TABLES
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
