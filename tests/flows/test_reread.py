"""A failed re-read never loses rows: a loaded file that is read again and rejected keeps them.

Each case loads a file, breaks it (too large for the limit, unreadable, corrupt, empty, binary,
undecodable, no body, too slow to parse, an encrypted or Deflate64 archive member, a link out of
the SOURCE, a path too long, an archive that can no longer be listed), runs again — the article,
its paragraphs and quotes stay, the ledger says ``stale`` with the reason, the reject is
recorded, the invariants hold — and then repairs the file: the new version replaces the rows
and the ledger says ``loaded``.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

import extract.batches
from extract.presence import present_sources
from load.warehouse import Warehouse
from schemas.results import LoadResult
from tests import hostile
from tests.helpers import FIRST, OTHER, SECOND, loaded_once, query, rows_of, run
from transforms.budget import ParseTimeout


def ledger(store: Warehouse, uri: str) -> tuple:
    return query(
        store,
        "SELECT status, stale_reason, size, mtime, sha256 FROM source_files WHERE source_uri = ?",
        [uri],
    )[0]


def _write(path: Path, data: str | bytes) -> None:
    if path.is_fifo():
        path.unlink()
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    os.utime(path, (path.stat().st_atime, path.stat().st_mtime + 10))  # a new mtime: read again


def _make_fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


#: reason -> (file name, how to break the loaded file, extra run options)
BREAKERS: dict[str, tuple[str, Callable[[Path], None], dict[str, int]]] = {
    "too_large": ("a.txt", lambda p: os.utime(p, (0, 1_000_000)), {"max_file_bytes": 10}),
    "unreadable": ("a.txt", _make_fifo, {}),
    "corrupt": ("a.txt.gz", lambda p: _write(p, b"\x1f\x8b\x08\x00 truncated gzip"), {}),
    "empty": ("a.txt", lambda p: _write(p, ""), {}),
    "decode_error": ("a.txt", lambda p: _write(p, b"\xef\xbb\xbf" + FIRST.encode() + b"\xff\xfe"), {}),
    "binary": ("a.txt", lambda p: _write(p, b"\x00\x01\x02\x03 not text \x00\x00" * 20), {}),
    "no_body": ("a.txt", lambda p: _write(p, " date 2022-02-16 https://example.com/a\nA title\n"), {}),
}


def _first_version(path: Path) -> None:
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(FIRST.encode()))
    else:
        path.write_text(FIRST, encoding="utf-8")


def _second_version(path: Path) -> None:
    if path.is_fifo():
        path.unlink()
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(SECOND.encode()))
    else:
        path.write_text(SECOND, encoding="utf-8")
    os.utime(path, (1_000, 2_000_000))


def _assert_kept(store: Warehouse, result: LoadResult, uri: str, before: dict, reason: str) -> None:
    assert rows_of(store, uri) == before  # the same rows, untouched (run_id of the first run)
    assert ledger(store, uri)[:2] == ("stale", reason)
    assert (result.files_kept, result.kept) == (1, [(uri, reason)])
    assert result.inserted.get("articles", 0) == 0 and result.replaced == 0
    assert query(store, "SELECT stage, reason FROM rejects WHERE source_uri = ?", [uri])[0][1] == reason


@pytest.mark.parametrize("reason", sorted(BREAKERS))
def test_a_failed_re_read_keeps_the_rows_until_the_file_parses_again(tmp_path, reason):
    name, breaker, options = BREAKERS[reason]
    src = tmp_path / "src"
    src.mkdir()
    path = src / name
    _first_version(path)
    (src / "b.txt").write_text(OTHER, encoding="utf-8")
    store = Warehouse(tmp_path / "w")
    run(store, src, "run-1")
    uri = str(path)
    before = rows_of(store, uri)
    assert before["articles"] and before["quotes"] and before["parquet"]
    loaded_version = ledger(store, uri)[2:]

    breaker(path)
    result = run(store, src, "run-2", **options)
    _assert_kept(store, result, uri, before, reason)
    assert ledger(store, uri)[2:] == loaded_version  # the version that loaded, so it is read again

    result = run(store, src, "run-3", **options)  # still broken: read again, still kept, one reject
    _assert_kept(store, result, uri, before, reason)
    assert query(store, "SELECT count(*) FROM rejects WHERE source_uri = ?", [uri]) == [(1,)]

    _second_version(path)  # repaired with new content: replaced
    result = run(store, src, "run-4")
    assert result.files_kept == 0 and result.replaced == 1
    assert [row[0] for row in query(store, "SELECT body FROM articles WHERE source_uri = ?", [uri])] == [
        "Second version, repaired."
    ]
    assert ledger(store, uri)[:2] == ("loaded", None)
    assert query(store, "SELECT count(*) FROM rejects WHERE source_uri = ?", [uri]) == [(0,)]
    assert query(store, "SELECT count(*) FROM articles") == [(2,)]


def test_a_parse_timeout_keeps_the_rows(tmp_path, monkeypatch):
    src, path, store, before = loaded_once(tmp_path)
    real_parse = extract.batches.parse_article

    def slow(text: str):  # as the parser's deadline check does when a file takes too long
        if "Third" in text:
            raise ParseTimeout(6.0, 5.0)
        return real_parse(text)

    monkeypatch.setattr(extract.batches, "parse_article", slow)
    path.write_text(FIRST.replace("First", "Third"), encoding="utf-8")
    result = run(store, src, "run-2")
    _assert_kept(store, result, str(path), before, "parse_timeout")


def test_a_file_that_reads_back_as_the_loaded_version_is_loaded_again(tmp_path):
    src, path, store, before = loaded_once(tmp_path)
    os.utime(path, (0, 1_000_000))  # touched: read again, and too large for this run's limit
    result = run(store, src, "run-2", max_file_bytes=10)
    assert result.files_kept == 1 and ledger(store, str(path))[:2] == ("stale", "too_large")
    result = run(store, src, "run-3")  # the same bytes as the loaded version: nothing to parse
    assert (result.files_kept, result.replaced, result.inserted.get("articles", 0)) == (0, 0, 0)
    assert ledger(store, str(path))[:2] == ("loaded", None)
    assert rows_of(store, str(path)) == before
    assert query(store, "SELECT count(*) FROM rejects") == [(0,)]
    assert run(store, src, "run-4").files_kept == 0  # and it is no longer read every run


def test_an_archive_that_can_no_longer_be_listed_keeps_its_members_rows(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    archive = src / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a.txt", FIRST)
        z.writestr("b.txt", OTHER)
    store = Warehouse(tmp_path / "w")
    run(store, src, "run-1")
    members = [uri for (uri,) in query(store, "SELECT source_uri FROM articles ORDER BY 1")]
    assert len(members) == 2 and all("!/" in uri for uri in members)
    before = {uri: rows_of(store, uri) for uri in members}
    archive.write_bytes(b"PK\x03\x04 this is no longer a zip file")
    result = run(store, src, "run-2")
    assert result.files_kept == 2
    assert {uri: rows_of(store, uri) for uri in members} == before
    assert query(
        store, "SELECT DISTINCT status, stale_reason FROM source_files WHERE source_uri LIKE '%!/%'"
    ) == [("stale", "corrupt")]
    with zipfile.ZipFile(archive, "w") as z:  # repaired: the members parse again
        z.writestr("a.txt", SECOND)
        z.writestr("b.txt", OTHER)
    result = run(store, src, "run-3")
    assert result.files_kept == 0
    assert query(store, "SELECT DISTINCT status FROM source_files WHERE source_uri LIKE '%!/%'") == [
        ("loaded",)
    ]
    assert "Second version, repaired." in [b for (b,) in query(store, "SELECT body FROM articles")]


def test_a_duplicate_on_re_read_still_gives_the_place_to_the_other_file(tmp_path):
    """Load-stage refusals are not failed reads: the re-parsed file is now a copy of another."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(FIRST, encoding="utf-8")
    (src / "b.txt").write_text(OTHER, encoding="utf-8")
    store = Warehouse(tmp_path / "w")
    run(store, src, "run-1")
    _write(src / "b.txt", FIRST)  # now the same page as a.txt
    result = run(store, src, "run-2")
    assert result.files_kept == 0 and dict(result.rejected) == {"duplicate": 1}
    assert query(store, "SELECT source_uri FROM articles") == [(str(src / "a.txt"),)]
    assert ledger(store, str(src / "b.txt"))[:2] == ("rejected", None)


@pytest.mark.integration
@pytest.mark.usefixtures("prefect_harness")
def test_the_run_summary_and_report_list_the_files_that_kept_their_previous_version(tmp_path):
    """The issue's scenario through the flow: load, touch, rerun with a 10-byte limit."""
    from pathlib import Path

    from flows.ingest import ingest
    from flows.runs import recorded_run
    from reporting.summary import summary_lines

    src = tmp_path / "src"
    src.mkdir()
    path = src / "odd <b>name.txt"  # a name a browser would read as markup
    path.write_text(FIRST, encoding="utf-8")
    (src / "b.txt").write_text(OTHER, encoding="utf-8")
    warehouse = tmp_path / "w"
    ingest(sources=[str(src)], warehouse=str(warehouse))
    os.utime(path, (0, 1_000_000))
    summary = ingest(sources=[str(src)], warehouse=str(warehouse), max_file_bytes=10)
    assert summary.status == "completed" and summary.reconciles
    assert (summary.files_kept, summary.kept) == (1, [(str(path), "too_large")])
    assert dict(summary.rejected) == {"too_large": 1} and summary.files_unchanged == 1
    assert "kept previous version  1" in "\n".join(summary_lines(summary))
    page = Path(summary.report or "").read_text(encoding="utf-8")
    assert 'id="kept"' in page and "odd &lt;b&gt;name.txt" in page and "<b>name" not in page
    store = Warehouse(warehouse)
    assert query(store, "SELECT count(*) FROM articles") == [(2,)]
    recorded = recorded_run(store)
    assert recorded is not None and recorded.kept == [(str(path), "too_large")]


def test_a_warehouse_from_before_the_stale_column_still_reports(tmp_path):
    import datetime as dt

    from flows.runs import recorded_run
    from schemas import RunRecord

    _, _, store, _ = loaded_once(tmp_path)
    now = dt.datetime.now(dt.UTC)
    store.record_run(RunRecord("run-1", str(store.root), started_at=now, finished_at=now, files_seen=1,
                               articles_loaded=1))  # fmt: skip
    with contextlib.closing(store.connect()) as con:
        con.execute("ALTER TABLE source_files DROP COLUMN stale_reason")
    recorded = recorded_run(store)
    assert recorded is not None and recorded.run_id == "run-1" and recorded.kept == []


def _zip(path: Path, members: dict[str, bytes]) -> None:
    if path.is_symlink():
        path.unlink()
    path.write_bytes(hostile.zip_with_members(members))
    os.utime(path, (1_000, path.stat().st_mtime + 10))


#: reason -> how to break a zip whose member ``a.txt`` loaded (the file handed over is the zip)
MEMBER_BREAKERS: dict[str, Callable[[Path], object]] = {
    "encrypted": lambda p: p.write_bytes(
        hostile.encrypted_member_zip(
            {"b.txt": OTHER.encode()}, "a.txt", FIRST.replace("First", "Secret").encode()
        )
    ),
    "unsupported_compression": lambda p: p.write_bytes(
        hostile.deflate64_member_zip(
            {"b.txt": OTHER.encode()}, "a.txt", FIRST.replace("First", "Dense").encode()
        )
    ),
}


@pytest.mark.parametrize("reason", sorted(MEMBER_BREAKERS))
def test_an_archive_member_that_cannot_be_read_again_keeps_its_rows(tmp_path, reason):
    src = tmp_path / "src"
    src.mkdir()
    archive = src / "bundle.zip"
    _zip(archive, {"a.txt": FIRST.encode(), "b.txt": OTHER.encode()})
    store = Warehouse(tmp_path / "w")
    run(store, src, "run-1")
    uri = f"{archive}!/a.txt"
    before = rows_of(store, uri)
    assert before["articles"]
    MEMBER_BREAKERS[reason](archive)
    os.utime(archive, (1_000, archive.stat().st_mtime + 10))
    result = run(store, src, "run-2")
    _assert_kept(store, result, uri, before, reason)
    _zip(archive, {"a.txt": SECOND.encode(), "b.txt": OTHER.encode()})
    result = run(store, src, "run-3")
    assert result.files_kept == 0 and ledger(store, uri)[:2] == ("loaded", None)
    assert query(store, "SELECT body FROM articles WHERE source_uri = ?", [uri]) == [
        ("Second version, repaired.",)
    ]


def test_a_file_that_became_a_link_out_of_its_source_keeps_its_rows(tmp_path):
    src, path, store, before = loaded_once(tmp_path)
    outside = tmp_path / "outside.txt"
    outside.write_text(SECOND, encoding="utf-8")
    path.unlink()
    path.symlink_to(outside)  # swapped for a link to a file outside the SOURCE
    result = run(store, src, "run-2")
    _assert_kept(store, result, str(path), before, "symlink_outside_root")
    path.unlink()
    _second_version(path)
    assert run(store, src, "run-3").replaced == 1 and ledger(store, str(path))[:2] == ("loaded", None)


def test_a_path_that_became_too_long_keeps_its_rows(tmp_path, monkeypatch):
    import extract.discover

    src, path, store, before = loaded_once(tmp_path)
    with monkeypatch.context() as patch:  # as if the system now opened shorter paths only
        patch.setattr(extract.discover, "_fits", lambda p: not str(p).endswith("a.txt"))
        result = run(store, src, "run-2")
    _assert_kept(store, result, str(path), before, "path_too_long")
    _second_version(path)
    assert run(store, src, "run-3").replaced == 1 and ledger(store, str(path))[:2] == ("loaded", None)


def test_two_members_of_one_name_keep_one_ledger_row_each_and_their_article_over_reruns(tmp_path):
    """The second member is refused as ``x.txt#2``: its reject never stands for the member that
    was read (the ledger once doubled its rows every run, and the article went on the second)."""
    src = tmp_path / "src"
    src.mkdir()
    with pytest.warns(UserWarning, match="Duplicate name"), zipfile.ZipFile(src / "a.zip", "w") as archive:
        archive.writestr("x.txt", FIRST)
        archive.writestr("x.txt", OTHER)
    store = Warehouse(tmp_path / "w")
    first = f"{src}/a.zip!/x.txt"
    for number in range(1, 5):
        result = run(store, src, f"run-{number}")
        assert result.files_kept == 0
        assert query(store, "SELECT source_uri, status FROM source_files ORDER BY 1") == [
            (first, "loaded"), (f"{first}#2", "rejected"),
        ]  # fmt: skip
        assert query(store, "SELECT source_uri FROM articles") == [(first,)]
        assert query(store, "SELECT source_uri, reason FROM rejects") == [(f"{first}#2", "unreadable")]


def test_only_the_members_a_damaged_archive_no_longer_gives_are_stale(tmp_path):
    """A tar cut short after its first members: those still read the same and stay ``loaded``
    (prune must not take them); only the member past the damage is kept as ``stale``."""
    import io
    import tarfile

    src = tmp_path / "src"
    src.mkdir()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        third = SECOND.replace("example.com/a", "example.com/c")
        for name, text in (("a.txt", FIRST), ("b.txt", OTHER), ("c.txt", third)):
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    whole = buffer.getvalue()
    (src / "a.tar").write_bytes(whole)
    store = Warehouse(tmp_path / "w")
    run(store, src, "run-1")
    # cut inside c.txt's data: a.txt and b.txt are intact, c.txt is no longer there whole
    (src / "a.tar").write_bytes(whole[: 512 * 5 + 10])
    os.utime(src / "a.tar", (1_000, 3_000_000))
    result = run(store, src, "run-2")
    statuses = dict(query(store, "SELECT source_uri, status FROM source_files WHERE source_uri LIKE '%!/%'"))
    assert statuses == {f"{src}/a.tar!/a.txt": "loaded", f"{src}/a.tar!/b.txt": "loaded",
                        f"{src}/a.tar!/c.txt": "stale"}  # fmt: skip
    assert [uri for uri, _ in result.kept] == [f"{src}/a.tar!/c.txt"]
    assert [uri for uri, _, _ in store.prune(present_sources([src]), dry_run=True).removed] == [
        f"{src}/a.tar!/c.txt"
    ]
