"""Storage faults: a failing write fails the run cleanly, leaving the warehouse as it was; a
transient one is retried."""

from __future__ import annotations

import contextlib
import errno

import pytest
from typer.testing import CliRunner

import load.export as export_module
from load.warehouse import Warehouse
from news_etl.cli import app

pytestmark = pytest.mark.usefixtures("prefect_harness")
runner = CliRunner()


def snapshot(w):
    with contextlib.closing(Warehouse(w).connect(read_only=True)) as con:
        tables = {
            t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()  # noqa: S608  table names come from the fixed tuple below
            for t in ("articles", "paragraphs", "quotes", "rejects", "source_files")
        }
    files = {str(p.relative_to(w)): p.read_bytes() for p in sorted((w / "parquet").rglob("*.parquet"))}
    return tables, files


def test_disk_full_while_writing_fails_the_run_and_changes_nothing(tmp_path, monkeypatch):
    w = tmp_path / "w"
    assert runner.invoke(app, ["run", "--warehouse", str(w)]).exit_code == 0
    source = tmp_path / "more"
    source.mkdir()
    (source / "new.txt").write_text(
        " date 2022-03-02 https://example.com/new\nNew Story\nSomething happened on Wednesday.\n",
        encoding="utf-8",
    )
    before = snapshot(w)
    calls = []

    def disk_full(*args, **kwargs):
        calls.append(1)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export_module, "copy_to_parquet", disk_full)
    result = runner.invoke(app, ["run", str(source), "--warehouse", str(w)])
    assert result.exit_code == 1
    assert "No space left on device" in result.output
    assert len(calls) == 3  # the load was tried three times (two retries) before giving up
    assert snapshot(w) == before
    monkeypatch.undo()
    assert runner.invoke(app, ["check", "--warehouse", str(w)]).exit_code == 0


def test_a_transient_storage_error_is_retried(tmp_path, monkeypatch):
    real = export_module.copy_to_parquet
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OSError(errno.EIO, "Input/output error")
        return real(*args, **kwargs)

    monkeypatch.setattr(export_module, "copy_to_parquet", flaky)
    w = tmp_path / "w"
    result = runner.invoke(app, ["run", "--warehouse", str(w)])
    assert result.exit_code == 0, result.output
    assert "articles loaded        13" in result.output
    monkeypatch.undo()
    assert runner.invoke(app, ["check", "--warehouse", str(w)]).exit_code == 0


def test_permission_denied_on_the_warehouse_fails_clearly(tmp_path, monkeypatch):
    def denied(self, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "w" / "news.duckdb"))

    monkeypatch.setattr(Warehouse, "prepare", denied)
    result = runner.invoke(app, ["run", "--warehouse", str(tmp_path / "w")])
    assert result.exit_code == 1
    assert "Permission denied" in result.output
