"""Bad input: every hostile or broken file is loaded correctly or rejected with a named reason,
nothing is written outside the warehouse, and the rest of the batch loads.

The fixtures are generated here, in ``tmp_path``. Most cases go through one real flow run
(``ingest`` under the session's Prefect test harness) over one directory holding all of them and
a few good articles; the outcome of every file is then read back from the warehouse.

Unreadable files: the tests run as root, where ``chmod 000`` does not stop a read. The file is
made mode 000 anyway, and when the process can still open it (root), ``open`` inside
:mod:`extract.inputs` (which opens every input file) is patched to raise the
``PermissionError`` the kernel gives a normal user for that one path. A file that vanishes or
grows between discovery and its batch is simulated by wrapping the flow's ``discover``: the
files are deleted or extended right after the real discovery returned.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import random
import stat
import struct
import subprocess
import sys
import time
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import duckdb
import pytest

import flows.ingest as ingest_module
from extract.discover import discover
from extract.inputs import MAX_FILE_BYTES
from extract.read import read_sources
from flows.ingest import ingest
from schemas import Reject
from schemas.uris import display_path

RNG_SEED = 20220216
BIG_BYTES = 50 * 1024 * 1024
ZIP_SLIP_TARGET = Path("/tmp/news-etl-zip-slip-escape.txt")
ZIP_ABSOLUTE_TARGET = Path("/tmp/news-etl-zip-absolute.txt")


def article(n: int, *, title: str | None = None, extra: str = "", encoding: str = "utf-8") -> bytes:
    """A good article, different from every other ``n`` in URL and body."""
    title = title or f"Council approves plan number {n}"
    return (
        f" date 2022-02-16 https://example.com/2022/02/16/story-{n}.html\n"
        f"{title}\n"
        f"The city council approved plan number {n} on Tuesday after a long debate about costs.\n"
        f"“We have waited {n} years for this,” the mayor, Ann Tiller, said.{extra}\n"
    ).encode(encoding)


def png_bytes(rng: random.Random) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 64, 64, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", rng.randbytes(6000))
        + chunk(b"IEND", b"")
    )


def elf_bytes() -> bytes:
    header = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + struct.pack("<HHIQQQIHHHHHH", 2, 62, 1, 0x401000,
                                                                   64, 0, 0, 64, 56, 1, 64, 0, 0)  # fmt: skip
    return header + b"\x00" * 200 + b"\x48\x31\xc0\xc3" * 100


def snapshot(root: Path, exclude: Path) -> dict[str, tuple[str, int]]:
    """Every path under ``root`` (links not followed) but ``exclude``: kind and size."""
    out: dict[str, tuple[str, int]] = {}
    for directory, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if Path(directory, d) != exclude]
        for name in dirs + files:
            path = Path(directory, name)
            info = path.lstat()
            kind = "link" if stat.S_ISLNK(info.st_mode) else "dir" if stat.S_ISDIR(info.st_mode) else "file"
            out[os.fsdecode(path.relative_to(root))] = (kind, info.st_size if kind == "file" else 0)
    return out


def query(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    with contextlib.closing(duckdb.connect(str(warehouse / "news.duckdb"), read_only=True)) as con:
        return con.execute(sql, params or []).fetchall()


def name_of(uri: str, src: Path) -> str:
    """A source_uri relative to ``src`` (archive members keep their ``!/member``)."""
    return uri.removeprefix(display_path(str(src)) + "/")


def deny_reads_of(monkeypatch: pytest.MonkeyPatch, path: Path) -> str:
    """Make ``path`` unreadable for extract; return how (see the module docstring)."""
    path.chmod(0)
    try:
        with open(path, "rb"):
            pass
    except PermissionError:
        return "chmod 000"
    denied = os.fsencode(path)
    real_open = os.open

    def guarded_open(file, flags, *args, **kwargs):
        if os.fsencode(file) == denied:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded_open)  # extract.inputs opens files with os.open
    return "chmod 000 + os.open patched (running as root)"


# --------------------------------------------------------------------------- one run, every case


@pytest.mark.usefixtures("prefect_harness")
def test_a_run_over_every_kind_of_bad_file_loads_the_good_ones_and_names_every_reject(tmp_path, monkeypatch):
    from reporting.summary import summary_lines

    rng = random.Random(RNG_SEED)
    src, warehouse, outside = tmp_path / "src", tmp_path / "w", tmp_path / "outside"
    src.mkdir()
    outside.mkdir()
    expected: dict[str, str] = {}  # file (relative to src) -> "loaded" or the reject reason

    def put(name: str | bytes, data: bytes, outcome: str) -> Path:
        path = Path(
            os.fsdecode(os.fsencode(src) + b"/" + (name if isinstance(name, bytes) else name.encode()))
        )
        path.write_bytes(data)
        expected[display_path(str(path.relative_to(src)))] = outcome
        return path

    # good articles, some under awkward names
    for n in range(3):
        put(f"good-{n}.txt", article(n), "loaded")
    put("name with spaces.txt", article(10), "loaded")
    put("line\nbreak.txt", article(11), "loaded")
    put(b"caf\xe9-latin1-name.txt", article(12), "loaded")  # not UTF-8: shown as caf\xe9
    put("nul-inside.txt", article(13).replace(b"council", b"coun\x00cil", 1), "loaded")
    put(
        "windows-1252.txt",
        article(14, extra=" It cost £300,000, a “fair” price.", encoding="cp1252"),
        "loaded",
    )
    put("gzipped.txt.gz", gzip.compress(article(15)), "loaded")
    # nothing, or nothing of use
    put("zero-bytes.txt", b"", "empty")
    put("only-white-space.txt", b"  \n\t\r\n \x0c\n", "empty")
    put("only-a-header.txt", b" date 2022-02-16 https://example.com/header-only\n", "no_body")
    # not text
    put("image.png.txt", png_bytes(rng), "binary")
    put("program-elf.txt", elf_bytes(), "binary")
    put("random-bytes.txt", rng.randbytes(4096), "binary")
    put("utf16-no-bom.txt", article(16).decode().encode("utf-16-le"), "binary")
    put(
        "utf16-bom-broken.txt", b"\xff\xfe" + "Title\nBody.".encode("utf-16-le") + b"\x00\xd8", "decode_error"
    )
    # too large: 50 MB on one line, over the default 20 MiB limit
    with open(src / "fifty-mb-one-line.txt", "wb") as handle:
        handle.write(b" date 2022-02-16 https://example.com/big\nBig\n")
        handle.write(b"word " * (BIG_BYTES // 5))
    expected["fifty-mb-one-line.txt"] = "too_large"
    # damaged containers, archive tricks
    put("truncated.txt.gz", gzip.compress(article(17) * 40)[:60], "corrupt")
    with zipfile.ZipFile(src / "tricks.zip", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("../../../../../../.." + str(ZIP_SLIP_TARGET), article(18))
        archive.writestr(str(ZIP_ABSOLUTE_TARGET), article(19))
        archive.writestr("bomb.txt", b"\x00" * 8 + b"A" * (MAX_FILE_BYTES + 10_000_000))
    for member, outcome in (
        ("../../../../../../.." + str(ZIP_SLIP_TARGET), "loaded"),
        (str(ZIP_ABSOLUTE_TARGET), "loaded"),
        ("bomb.txt", "too_large"),
    ):
        expected[f"tricks.zip!/{member}"] = outcome
    assert (src / "tricks.zip").stat().st_size < 200_000  # tiny archive, 30 MB inside
    # unreadable, vanished, grown
    unreadable = put("no-permission.txt", article(20), "unreadable")
    how_unreadable = deny_reads_of(monkeypatch, unreadable)
    vanishing = put("vanishes-after-discovery.txt", article(21), "unreadable")
    growing = put("grows-after-discovery.txt", article(22), "loaded")
    # links: a directory link loop and a directory link outside are not followed but counted; a
    # file link is read through its target inside the source, refused when the target is outside
    (src / "loop").symlink_to(src, target_is_directory=True)
    (outside / "elsewhere").mkdir()
    (outside / "elsewhere" / "not-followed.txt").write_bytes(article(23))
    (src / "outside-dir").symlink_to(outside / "elsewhere", target_is_directory=True)
    (outside / "linked.txt").write_bytes(article(24))
    (src / "link-to-outside-file.txt").symlink_to(outside / "linked.txt")
    expected["link-to-outside-file.txt"] = "symlink_outside_root"
    (src / "link-to-inside-file.txt").symlink_to("good-1.txt")
    expected["link-to-inside-file.txt"] = "duplicate"  # read through good-1.txt: the same article
    # other files: counted as skipped, never parsed
    (src / "notes.md").write_text("# not an article\n")
    (src / "noext").write_bytes(b"\x00\x01")

    before: dict[str, tuple[str, int]] = {}
    real_discover = ingest_module.discover

    def discover_then_change_files(sources):
        found = real_discover(sources)
        vanishing.unlink()
        with open(growing, "ab") as handle:
            handle.write(b"Late paragraph appended while the run was going.\n")
        before.update(snapshot(tmp_path, warehouse))
        return found

    monkeypatch.setattr(ingest_module, "discover", discover_then_change_files)
    # workers=1: the batches run in this process, where the patched os.open denies the read
    summary = ingest(sources=[str(src)], warehouse=str(warehouse), batch_files=7, workers=1)

    assert summary.status == "completed"
    assert snapshot(tmp_path, warehouse) == before, "something was written outside the warehouse"
    assert not ZIP_SLIP_TARGET.exists() and not ZIP_ABSOLUTE_TARGET.exists()

    loaded = {name_of(uri, src): "loaded" for (uri,) in query(warehouse, "SELECT source_uri FROM articles")}
    rejected = {name_of(u, src): r for u, r in query(warehouse, "SELECT source_uri, reason FROM rejects")}
    assert not loaded.keys() & rejected.keys()
    assert {**loaded, **rejected} == expected, how_unreadable
    assert summary.files_seen == len(expected) == summary.articles_loaded + summary.files_rejected
    assert summary.reconciles
    assert dict(summary.files_skipped) == {".md": 1, "(none)": 1}
    assert summary.links_skipped == 2
    assert "skipped links           2  (links to directories or in archives, not followed)" in summary_lines(
        summary
    )

    bodies = dict(query(warehouse, "SELECT source_uri, body FROM articles"))
    body = {name_of(uri, src): text for uri, text in bodies.items()}
    assert "\x00" not in body["nul-inside.txt"] and "coun\x00cil" not in body["nul-inside.txt"]
    assert "It cost £300,000, a “fair” price." in body["windows-1252.txt"]
    assert body["grows-after-discovery.txt"].endswith("Late paragraph appended while the run was going.")
    ledger = query(warehouse, "SELECT source_uri, status FROM source_files")
    assert {name_of(u, src): s for u, s in ledger} == {
        name: ("loaded" if outcome == "loaded" else "rejected") for name, outcome in expected.items()
    }


# --------------------------------------------------------------------------- reading, piece by piece


def test_a_50_mb_one_line_file_is_rejected_without_being_read(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:
        handle.write(b"x" * BIG_BYTES)
    found = discover([tmp_path])
    tracemalloc.start()
    try:
        results = list(read_sources(found.files))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    [(_, result)] = results
    assert isinstance(result, Reject) and result.reason == "too_large"
    assert peak < 1_000_000, f"reading peaked at {peak:,} bytes for a file that must not be read"


def test_a_zip_bomb_with_a_lying_size_header_stops_at_the_limit(tmp_path):
    """The member's sizes in the archive are rewritten to claim 100 bytes: reading still stops."""
    limit = 1_000_000
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.txt", b"A" * 40_000_000)
    data = bytearray(buffer.getvalue())
    # local header: uncompressed size at offset 22; central directory entry: at offset 24
    struct.pack_into("<I", data, 22, 100)
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 100)
    (tmp_path / "lying.zip").write_bytes(bytes(data))
    found = discover([tmp_path])
    [source] = found.files
    assert source.size == 100
    tracemalloc.start()
    try:
        [(_, result)] = list(read_sources(found.files, limit))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(result, Reject) and result.reason in {"too_large", "corrupt"}, result
    assert peak < 20 * limit


def test_a_file_that_grows_past_the_limit_after_discovery_is_too_large(tmp_path):
    path = tmp_path / "grows.txt"
    path.write_bytes(article(1))
    found = discover([tmp_path])
    with open(path, "ab") as handle:
        handle.write(b"more words " * 1000)
    [(_, result)] = list(read_sources(found.files, max_bytes=5000))
    assert isinstance(result, Reject) and result.reason == "too_large"


def test_unreadable_file_is_rejected_as_unreadable(tmp_path, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_bytes(article(1))
    found = discover([tmp_path])
    how = deny_reads_of(monkeypatch, path)
    [(_, result)] = list(read_sources(found.files))
    assert isinstance(result, Reject) and result.reason == "unreadable", how
    assert "Permission" in result.detail or "EACCES" in result.detail


def test_discovery_does_not_follow_directory_links_and_ends_on_a_loop(tmp_path):
    src = tmp_path / "src"
    (src / "a").mkdir(parents=True)
    (src / "a" / "one.txt").write_bytes(article(1))
    (src / "a" / "back-to-root").symlink_to(src, target_is_directory=True)
    (src / "a" / "self").symlink_to(src / "a", target_is_directory=True)
    found = discover([src])
    assert [name_of(f.uri, src) for f in found.files] == ["a/one.txt"]


def test_a_txt_entry_that_is_not_a_readable_file_is_rejected_not_ignored(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "loop.txt").symlink_to(src / "loop.txt")
    (src / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(src / "pipe.txt")
    found = discover([src])
    seen = {name_of(f.uri, src) for f in found.files} | {name_of(r.source_uri, src) for r in found.rejects}
    assert seen == {"loop.txt", "dangling.txt", "pipe.txt"}
    results = {name_of(s.uri, src): r for s, r in read_sources([f for f in found.files])}
    assert all(isinstance(r, Reject) and r.reason == "unreadable" for r in results.values())


# --------------------------------------------------------------------------- many files


@pytest.mark.usefixtures("prefect_harness")
def test_ten_thousand_tiny_files_in_one_directory(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    count = 10_000
    for n in range(count):
        (src / f"{n:05d}.txt").write_bytes(
            f" date 2022-02-16 https://example.com/tiny/{n}\nTiny story {n}\nItem {n} happened today.\n".encode()
        )
    started = time.perf_counter()
    summary = ingest(sources=[str(src)], warehouse=str(tmp_path / "w"))
    elapsed = time.perf_counter() - started
    print(f"10,000 tiny files: {elapsed:.1f} s")
    assert summary.status == "completed" and summary.reconciles
    assert summary.files_seen == count
    assert summary.articles_loaded + summary.files_rejected == count
    (loaded,) = query(tmp_path / "w", "SELECT count(*) FROM articles")[0]
    (rejects,) = query(tmp_path / "w", "SELECT count(DISTINCT source_uri) FROM rejects")[0]
    assert loaded + rejects == count and loaded == summary.articles_loaded


# --------------------------------------------------------------------------- untrusted text

HOSTILE_TITLE = (
    "<script>alert('t')</script> &amp; &lt;b&gt; '); DROP TABLE articles; -- \u200fRLM \u202eevil\u202c"
)
HOSTILE_QUOTE = (
    '<script>alert("q")</script> is what \'); DROP TABLE quotes; -- meant \u009b2J and \u2066x\u2069'
)


@pytest.mark.usefixtures("prefect_harness")
def test_untrusted_text_is_stored_verbatim_and_rendered_escaped(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "hostile.txt").write_bytes(
        (
            " date 2022-02-16 https://example.com/hostile?q=%3Cscript%3E\n"
            f"{HOSTILE_TITLE}\n"
            "The council met on Tuesday and heard a statement about the incident at length.\n"
            f"“{HOSTILE_QUOTE},” Ann Tiller said.\n"
        ).encode()
    )
    (src / "good.txt").write_bytes(article(1))
    (src / "<script>alert(1)<\\script> '; DROP TABLE rejects; --.txt").write_bytes(b"")
    warehouse = tmp_path / "w<script>alert('w')<"
    summary = ingest(sources=[str(src)], warehouse=str(warehouse))
    assert summary.status == "completed" and summary.reconciles
    assert summary.articles_loaded == 2 and dict(summary.rejected) == {"empty": 1}

    # stored as written, but for the C1 and bidi controls decoding removes (the RLM mark stays)
    # and the HTML character references normalisation decodes ("&lt;b&gt;" is the text "<b>")
    removed = dict.fromkeys(map(ord, "\u202e\u202c\u009b\u2066\u2069"))
    stored_title, stored_quote = HOSTILE_TITLE.translate(removed), HOSTILE_QUOTE.translate(removed)
    stored_title = stored_title.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    assert "& <b> ');" in stored_title
    assert "\u200f" in stored_title and "\u202e" not in stored_title and "\u009b" not in stored_quote
    assert query(warehouse, "SELECT title FROM articles WHERE title = ?", [stored_title]) == [(stored_title,)]
    [(quote_text, speaker)] = query(
        warehouse, "SELECT quote_text, speaker FROM quotes WHERE quote_text LIKE '%DROP TABLE quotes%'"
    )
    assert (quote_text, speaker) == (f"“{stored_quote},”", "Ann Tiller")
    [(uri,)] = query(warehouse, "SELECT source_uri FROM rejects")
    assert uri.endswith("<script>alert(1)<\\script> '; DROP TABLE rejects; --.txt")
    tables = {name for (name,) in query(warehouse, "SELECT table_name FROM information_schema.tables")}
    assert {"articles", "quotes", "rejects", "paragraphs"} <= tables
    assert query(warehouse, "SELECT count(*) FROM articles") == [(2,)]

    report = (warehouse / "reports" / "latest.html").read_text(encoding="utf-8")
    assert "<script" not in report.lower()
    assert "&lt;script&gt;alert(" in report  # the warehouse path is shown, escaped
    assert "\u202e" not in report and "\u200f" not in report


@pytest.mark.usefixtures("prefect_harness")
def test_one_file_with_a_malformed_header_url_does_not_stop_the_run(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a-good.txt").write_bytes(article(1))
    (src / "b-bad-url.txt").write_bytes(
        article(2).replace(b"https://example.com/", b"https://[example.com/", 1)
    )
    (src / "c-good.txt").write_bytes(article(3))
    summary = ingest(sources=[str(src)], warehouse=str(tmp_path / "w"))
    assert summary.status == "completed" and summary.reconciles
    loaded = {name_of(u, src) for (u,) in query(tmp_path / "w", "SELECT source_uri FROM articles")}
    assert {"a-good.txt", "c-good.txt"} <= loaded
    assert summary.articles_loaded + summary.files_rejected == 3


def test_a_file_and_an_archive_member_with_the_same_uri_are_both_accounted_for(tmp_path):
    (tmp_path / "foo.zip!").mkdir()
    (tmp_path / "foo.zip!" / "a.txt").write_bytes(article(1))
    with zipfile.ZipFile(tmp_path / "foo.zip", "w") as archive:
        archive.writestr("a.txt", article(2))
    found = discover([tmp_path])
    assert len(found.files) + len(found.rejects) == 2


def test_a_fifo_given_as_a_source_does_not_hang_the_read(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    code = (
        "import sys; from extract.discover import discover; from extract.read import read_sources; "
        "found = discover([sys.argv[1]]); "
        "print([getattr(r, 'reason', 'bytes') for _, r in read_sources(found.files)])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(fifo)], capture_output=True, text=True, timeout=10, check=True
    )
    assert done.stdout.strip() == "['unreadable']"


@pytest.mark.usefixtures("prefect_harness")
def test_what_discovery_cannot_see_is_a_counted_reject_in_the_warehouse(tmp_path, monkeypatch):
    """An unlistable directory, a file below PATH_MAX and a link out of the source are rejects
    the warehouse records (by the directory's or file's path); the run completes and reconciles."""
    import extract.discover as sources_module

    src, outside, warehouse = tmp_path / "src", tmp_path / "outside", tmp_path / "w"
    (src / "locked").mkdir(parents=True)
    outside.mkdir()
    (src / "good.txt").write_bytes(article(1))
    (src / "locked" / "hidden.txt").write_bytes(article(2))
    (outside / "secret.txt").write_bytes(article(3))
    (src / "leak.txt").symlink_to(outside / "secret.txt")
    (src / "dir-link").symlink_to(outside, target_is_directory=True)
    fd = os.open(src, os.O_RDONLY | os.O_DIRECTORY)  # src/dddd/…/deep.txt, 1,100 levels: over PATH_MAX
    try:
        for _ in range(1100):
            os.mkdir("dddd", dir_fd=fd)
            child = os.open("dddd", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = child
        os.close(os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd))
    finally:
        os.close(fd)
    deep = os.path.join(src, *["dddd"] * 1100, "deep.txt")
    real_list = sources_module._list_directory

    def list_or_deny(fd, path):
        if path == str(src / "locked"):
            raise PermissionError(13, "Permission denied", path)
        return real_list(fd, path)

    monkeypatch.setattr(sources_module, "_list_directory", list_or_deny)
    try:
        summary = ingest(sources=[str(src)], warehouse=str(warehouse), workers=1)
    finally:
        subprocess.run(["rm", "-rf", "--", str(src / "dddd")], check=True)  # deeper than rmtree goes
    assert summary.status == "completed" and summary.reconciles
    assert (summary.files_seen, summary.articles_loaded, summary.links_skipped) == (4, 1, 1)
    rejected = dict(query(warehouse, "SELECT source_uri, reason FROM rejects"))
    assert rejected == {
        str(src / "locked"): "unreadable",
        deep: "path_too_long",
        str(src / "leak.txt"): "symlink_outside_root",
    }
    assert query(warehouse, "SELECT source_uri FROM articles") == [(str(src / "good.txt"),)]
