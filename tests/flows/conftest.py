"""Fixtures of the flow tests: the reference corpora loaded once for every test that only reads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from news_etl.cli import app


@dataclass(frozen=True)
class ReferenceRun:
    """One ``news-etl run`` of a reference corpus into a fresh warehouse: read it, never write."""

    corpus: Path
    warehouse: Path
    output: str


@pytest.fixture(scope="session")
def reference_run(prefect_harness, shared: Path, tmp_path_factory: pytest.TempPathFactory):
    """``reference_run(name)``: the run of ``../shared/corpora/<name>``, made on first use."""
    runs: dict[str, ReferenceRun] = {}

    def run(name: str) -> ReferenceRun:
        if name not in runs:
            corpus = shared / "corpora" / name
            warehouse = tmp_path_factory.mktemp(f"reference-{name}") / "w"
            result = CliRunner().invoke(app, ["run", str(corpus), "--warehouse", str(warehouse)])
            assert result.exit_code == 0, result.output
            runs[name] = ReferenceRun(corpus, warehouse, result.output)
        return runs[name]

    return run
