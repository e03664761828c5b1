"""A load killed (SIGKILL) at any point leaves the warehouse as before it, or committed whole.

The load's commit point is the DuckDB COMMIT. Killed before it, the warehouse is exactly as it was;
killed after it (while the rewritten Parquet partitions are being moved into place), the database
already holds the new state and the next writer finishes the moves before anything else. Either
way the next run ends with the same tables as a run that was never interrupted.
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from extract.batches import BatchOptions, process_batch
from extract.discover import discover
from load.warehouse import Warehouse
from tests.conftest import REPO, SAMPLE
from tests.helpers import table_rows

LOAD_SCRIPT = textwrap.dedent(
    """
    import os, signal, sys
    import load.warehouse as w
    from extract.batches import BatchOptions, process_batch
    from extract.discover import discover

    root, source, point = sys.argv[1], sys.argv[2], sys.argv[3]

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    if point == "before_commit":
        export = w.Warehouse._export
        def export_then_die(self, *args):
            moves = export(self, *args)
            die()
        w.Warehouse._export = export_then_die
    elif point == "after_commit":
        finish, calls = w.finish_pending, []
        def finish_or_die(con):
            calls.append(1)
            if len(calls) == 3:  # prepare() and the start of the load call it too; the third is after COMMIT
                die()
            return finish(con)
        w.finish_pending = finish_or_die
    elif point == "between_moves":
        replace, moved = os.replace, []
        def replace_then_die(src, dst):
            replace(src, dst)
            moved.append(dst)
            if len(moved) == 2:
                die()
        w.os.replace = replace_then_die

    store = w.Warehouse(root)
    store.prepare()
    files = discover([source]).files
    process_batch(files, 0, BatchOptions("run-2", str(store.staging_dir("run-2"))))
    store.load_run("run-2", validator=None)
    print("load finished")
    """
)
KILL_POINTS = ("before_commit", "after_commit", "between_moves")


def load(root: Path, source: Path, run_id: str) -> None:
    store = Warehouse(root)
    store.prepare()
    process_batch(discover([source]).files, 0, BatchOptions(run_id, str(store.staging_dir(run_id))))
    store.load_run(run_id, validator=None)
    store.discard_staging(run_id)


def tables(root: Path) -> dict[str, list[tuple]]:
    """The article tables (as the flow tests compare them), plus rejects and the ledger."""
    with contextlib.closing(Warehouse(root).connect(read_only=True)) as con:
        extra = {
            "rejects": con.execute("SELECT * EXCLUDE (run_id) FROM rejects ORDER BY ALL").fetchall(),
            "source_files": con.execute(
                "SELECT source_uri, size, sha256, status, article_id FROM source_files ORDER BY ALL"
            ).fetchall(),
        }
    return {**table_rows(root), **extra}


def parquet(root: Path, *, with_run: bool = False) -> dict[str, list[tuple]]:
    """The Parquet mirror's rows (without the columns that name the run, unless ``with_run``)."""
    out = {}
    for table in ("articles", "paragraphs", "quotes"):
        files = [str(f) for f in sorted((root / "parquet" / table).rglob("*.parquet"))]
        excluded = (
            "published_month" if with_run or table != "articles" else "published_month, run_id, ingested_at"
        )
        query = f"SELECT * EXCLUDE ({excluded}) FROM read_parquet({files}, hive_partitioning=true)"  # noqa: S608  the columns are the literals above, the files come from the test's own tree
        relation = duckdb.sql(query)
        assert relation is not None, query
        out[table] = sorted(relation.fetchall())
    return out


def database_rows(root: Path) -> dict[str, list[tuple]]:
    with contextlib.closing(Warehouse(root).connect(read_only=True)) as con:
        return {
            t: sorted(con.execute(f"SELECT * FROM {t}").fetchall())  # noqa: S608  table names come from the fixed tuple below
            for t in ("articles", "paragraphs", "quotes")
        }


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    """A warehouse loaded once from a copy of the sample; then one file of it changes and one is
    added, and the next load is the one that gets killed."""
    base = tmp_path_factory.mktemp("crash")
    source = base / "source"
    shutil.copytree(SAMPLE, source)
    before = base / "before"
    load(before, source, "run-1")
    (source / "2022" / "02" / "001_harbour-strike.txt").write_text(
        " date 2022-02-14 https://www.coastalherald.example/2022/02/14/valmora-dockworkers-strike-1045521.html\n"
        "Valmora Dockworkers End Strike\nThe strike ended on Tuesday after a deal on training.\n",
        encoding="utf-8",
    )
    (source / "2021" / "new.txt").write_text(
        " date 2021-12-01 https://example.com/new\nA New Story\nSomething new happened in December.\n",
        encoding="utf-8",
    )
    clean = base / "clean"
    shutil.copytree(before, clean)
    load(clean, source, "run-2")
    assert tables(clean) != tables(before)
    return before, source, clean


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_load_killed_at_any_point_leaves_a_consistent_warehouse(scenario, tmp_path, point):
    before, source, clean = scenario
    root = tmp_path / "w"
    shutil.copytree(before, root)
    killed = subprocess.run(
        [sys.executable, "-c", LOAD_SCRIPT, str(root), str(source), point],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr
    if point == "before_commit":
        assert tables(root) == tables(before)
        assert parquet(root) == parquet(before)
    else:  # committed: the database holds the new state; the next writer finishes the files
        assert tables(root) == tables(clean)
        Warehouse(root).prepare()
        assert parquet(root) == parquet(clean)
    assert parquet(root, with_run=True) == database_rows(root)
    load(root, source, "run-3")  # the next run
    assert tables(root) == tables(clean)
    assert parquet(root) == parquet(clean)
    assert not (root / "_pending").exists() or not any((root / "_pending").iterdir())


def test_staged_parquet_files_and_folders_are_fsynced_before_the_commit(tmp_path, monkeypatch):
    import os

    import load.warehouse as w

    synced: list[str] = []
    real_fsync = os.fsync

    def recording_fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    monkeypatch.setattr(w.os, "fsync", recording_fsync)
    real_export = w.Warehouse._export
    exported: list[tuple[str | None, str]] = []
    synced_at_export: list[str] = []

    def export(self, *args):
        moves = real_export(self, *args)
        exported.extend(moves)
        synced_at_export.extend(synced)  # what was on the disk when the COMMIT came
        return moves

    monkeypatch.setattr(w.Warehouse, "_export", export)
    root = tmp_path / "w"
    load(root, SAMPLE, "run-1")
    staged = [s for s, _ in exported if s is not None]
    assert staged and set(staged) <= set(synced_at_export)
    for s in staged:  # the folders that hold each staged file, up to the warehouse
        assert str(Path(s).parent) in synced_at_export
    assert str(root / "_pending") in synced_at_export
    live_folders = {str(Path(live).parent) for _, live in exported}
    assert live_folders <= set(synced)  # the renames reached the disk before the journal was cleared


def test_the_rename_journal_is_kept_until_the_renames_are_fsynced(tmp_path, monkeypatch):
    import load.export as export

    root = tmp_path / "w"
    real = export.fsync_directory

    def power_cut(path: Path) -> None:
        if "parquet" in path.parts:
            raise OSError("simulated power cut before the directory reached the disk")
        real(path)

    monkeypatch.setattr(export, "fsync_directory", power_cut)
    with pytest.raises(OSError, match="power cut"):
        load(root, SAMPLE, "run-1")
    with contextlib.closing(Warehouse(root).connect(read_only=True)) as con:
        assert con.execute("SELECT count(*) FROM _pending_files").fetchone()[0] > 0  # still journalled
    monkeypatch.setattr(export, "fsync_directory", real)
    Warehouse(root).prepare()  # the next writer finishes the moves
    assert parquet(root, with_run=True) == database_rows(root)
    with contextlib.closing(Warehouse(root).connect(read_only=True)) as con:
        assert con.execute("SELECT count(*) FROM _pending_files").fetchone()[0] == 0
