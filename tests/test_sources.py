from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import tarfile
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from extract import archives
from extract import discover as discover_module
from extract.discover import discover
from extract.inputs import display_path
from extract.read import read_source, read_sources
from schemas import Reject, SourceFile
from tests.hostile import (
    ZIP_FLAG_ENCRYPTED,
    ZIP_FLAG_UTF8_NAME,
    ZIP_METHOD_DEFLATE64,
    compressed_zip_with_lying_size,
    deep_tree,
    patch_member,
    patched_zip,
    tar_bomb,
    with_zip64_end_records,
)


def write(path: Path, text: str = "Title\nBody.") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_discover_searches_nested_directories_sorted_and_counts_other_files(tmp_path):
    write(tmp_path / "b" / "deep" / "er" / "2.txt")
    write(tmp_path / "a" / "1.txt")
    write(tmp_path / "a" / "notes.md")
    write(tmp_path / "a" / "data.json")
    write(tmp_path / "noext")
    found = discover([tmp_path])
    assert [Path(f.path).relative_to(tmp_path).as_posix() for f in found.files] == [
        "a/1.txt",
        "b/deep/er/2.txt",
    ]
    assert dict(found.skipped) == {".md": 1, ".json": 1, "(none)": 1}


def test_a_file_source_and_a_directory_source_do_not_double_count(tmp_path):
    one = write(tmp_path / "one.txt")
    found = discover([one, tmp_path])
    assert len(found.files) == 1
    assert found.files[0].uri == str(one)
    assert found.files[0].size == one.stat().st_size


def test_read_source_refuses_files_over_the_limit_without_reading_them(tmp_path):
    big = write(tmp_path / "big.txt", "x" * 5000)
    source = discover([big]).files[0]
    result = read_source(source, max_bytes=1000)
    assert isinstance(result, Reject)
    assert result.reason == "too_large" and "5000 bytes" in result.detail
    assert read_source(source, max_bytes=5000) == b"x" * 5000


def test_read_source_reports_a_vanished_file(tmp_path):
    gone = write(tmp_path / "gone.txt")
    source = discover([gone]).files[0]
    gone.unlink()
    result = read_source(source)
    assert isinstance(result, Reject) and result.reason == "unreadable"


def test_display_path_keeps_undecodable_bytes_visible():
    assert display_path("caf\udce9.txt") == "caf\\xe9.txt"


# --- containers: .txt.gz, .zip, .tar.gz; size limit; damaged files ------------------------

ARTICLE = b" date 2022-01-02 https://example.com/a\nTitle\nBody.\n"


def read_all(root, max_bytes=10_000):
    found = discover([root])
    return found, {
        Path(s.uri).name if "!/" not in s.uri else s.uri.split("!/")[1]: d
        for s, d in read_sources(found.files, max_bytes)
    }


def test_gzip_file_is_one_article(tmp_path):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(ARTICLE))
    found, data = read_all(tmp_path)
    assert [f.container for f in found.files] == ["gzip"]
    assert data == {"a.txt.gz": ARTICLE}


def test_zip_members_are_articles_and_other_members_are_skipped(tmp_path):
    with zipfile.ZipFile(tmp_path / "batch.zip", "w") as archive:
        archive.writestr("2022/a.txt", ARTICLE)
        archive.writestr("2022/b.txt", ARTICLE.replace(b"/a", b"/b"))
        archive.writestr("notes.csv", b"x,y")
    found, data = read_all(tmp_path)
    assert [f.uri.split("!/")[1] for f in found.files] == ["2022/a.txt", "2022/b.txt"]
    assert all(f.uri.startswith(str(tmp_path / "batch.zip")) for f in found.files)
    assert data["2022/a.txt"] == ARTICLE
    assert dict(found.skipped) == {".csv": 1}


def test_tar_gz_members_are_read_in_one_pass(tmp_path):
    with tarfile.open(tmp_path / "batch.tar.gz", "w:gz") as archive:
        for name in ("x/1.txt", "x/2.txt", "x/3.txt"):
            info = tarfile.TarInfo(name)
            info.size = len(ARTICLE)
            archive.addfile(info, io.BytesIO(ARTICLE))
    found, data = read_all(tmp_path)
    assert len(found.files) == 3
    assert set(data) == {"x/1.txt", "x/2.txt", "x/3.txt"}
    assert all(value == ARTICLE for value in data.values())


def test_zip_bomb_stops_at_the_size_limit(tmp_path):
    with zipfile.ZipFile(tmp_path / "bomb.zip", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.txt", b"A" * 5_000_000)
    assert (tmp_path / "bomb.zip").stat().st_size < 50_000
    _, data = read_all(tmp_path, max_bytes=100_000)
    assert isinstance(data["big.txt"], Reject) and data["big.txt"].reason == "too_large"


def test_gzip_bomb_stops_at_the_size_limit(tmp_path):
    (tmp_path / "big.txt.gz").write_bytes(gzip.compress(b"A" * 5_000_000))
    _, data = read_all(tmp_path, max_bytes=100_000)
    assert isinstance(data["big.txt.gz"], Reject) and data["big.txt.gz"].reason == "too_large"


def test_truncated_gzip_is_corrupt(tmp_path):
    (tmp_path / "cut.txt.gz").write_bytes(gzip.compress(ARTICLE * 50)[:40])
    _, data = read_all(tmp_path)
    assert isinstance(data["cut.txt.gz"], Reject) and data["cut.txt.gz"].reason == "corrupt"


def test_damaged_zip_is_rejected_at_discovery(tmp_path):
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 this is not really a zip file")
    found = discover([tmp_path])
    assert found.files == []
    assert [(r.reason, Path(r.source_uri).name) for r in found.rejects] == [("corrupt", "broken.zip")]


def test_zip_slip_and_absolute_member_names_are_read_not_extracted(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    with zipfile.ZipFile(src / "evil.zip", "w") as archive:
        archive.writestr("../../escape.txt", ARTICLE)
        archive.writestr("/abs/path.txt", ARTICLE)
    _, data = read_all(src)
    assert sorted(data) == ["../../escape.txt", "/abs/path.txt"]
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["evil.zip", "src"]


# --- hostile containers and trees: one bad input is one named reject, never a failed run -------


def outcomes(found, max_bytes=10_000):
    """Every article file found, by uri: its bytes, or the reason it was refused."""
    out = {r.source_uri: r.reason for r in found.rejects}
    for source, data in read_sources(found.files, max_bytes):
        out[source.uri] = data.reason if isinstance(data, Reject) else data
    return out


@pytest.fixture
def deep_root(tmp_path):
    """A directory for a tree deeper than the recursion limit, removed with ``rm -rf`` (pytest's
    own clean-up recurses and would fail on it in a later session)."""
    root = tmp_path / "deep"
    root.mkdir()
    yield root
    subprocess.run(["rm", "-rf", "--", str(root)], check=True)


def test_an_encrypted_member_is_rejected_and_its_neighbours_load(tmp_path):
    zipped = patched_zip(
        {"plain.txt": ARTICLE, "secret.txt": ARTICLE}, "secret.txt", flags=ZIP_FLAG_ENCRYPTED
    )
    (tmp_path / "a-encrypted.zip").write_bytes(zipped)
    with zipfile.ZipFile(tmp_path / "b-good.zip", "w") as archive:
        archive.writestr("good.txt", ARTICLE)
    result = outcomes(discover([tmp_path]))
    base = str(tmp_path)
    assert result == {
        f"{base}/a-encrypted.zip!/plain.txt": ARTICLE,
        f"{base}/a-encrypted.zip!/secret.txt": "encrypted",
        f"{base}/b-good.zip!/good.txt": ARTICLE,
    }


def test_a_deflate64_member_is_unsupported_compression_with_the_method_named(tmp_path):
    zipped = patched_zip({"a.txt": ARTICLE, "packed.txt": ARTICLE}, "packed.txt", method=ZIP_METHOD_DEFLATE64)
    (tmp_path / "d64.zip").write_bytes(zipped)
    found = discover([tmp_path])
    read = {s.uri.split("!/")[1]: d for s, d in read_sources(found.files)}
    assert read["a.txt"] == ARTICLE
    assert isinstance(read["packed.txt"], Reject) and read["packed.txt"].reason == "unsupported_compression"
    assert "deflate64" in read["packed.txt"].detail


def test_a_member_whose_utf8_flagged_name_is_invalid_is_a_bad_name_reject_and_the_rest_loads(tmp_path):
    members = {"a.txt": ARTICLE, "nameX.txt": b"Never\nRead.", "z.txt": ARTICLE}
    zipped = patched_zip(members, "nameX.txt", flags=ZIP_FLAG_UTF8_NAME, name=b"name\xff.txt")
    (tmp_path / "bad-names.zip").write_bytes(b"stub of a self-extractor\n" + zipped)  # data before it
    write(tmp_path / "good.txt")
    found = discover([tmp_path])
    archive = str(tmp_path / "bad-names.zip")
    assert outcomes(found) == {
        f"{archive}!/a.txt": ARTICLE,
        f"{archive}!/name\\xff.txt": "bad_name",
        f"{archive}!/z.txt": ARTICLE,
        str(tmp_path / "good.txt"): b"Title\nBody.",
    }


def test_a_zip64_archive_with_an_invalid_utf8_name_is_read_member_by_member(tmp_path):
    raw = with_zip64_end_records(patched_zip({"a.txt": ARTICLE, "nameX.txt": ARTICLE}, "a.txt"))
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:  # a valid zip64 archive
        assert [info.filename for info in archive.infolist()] == ["a.txt", "nameX.txt"]
    zipped = patch_member(raw, "nameX.txt", flags=ZIP_FLAG_UTF8_NAME, name=b"name\xfe.txt")
    (tmp_path / "big.zip").write_bytes(zipped)
    result = outcomes(discover([tmp_path]))
    assert result == {f"{tmp_path}/big.zip!/a.txt": ARTICLE, f"{tmp_path}/big.zip!/name\\xfe.txt": "bad_name"}


def test_a_member_whose_local_header_name_is_invalid_utf8_is_a_bad_name_reject(tmp_path):
    members = {"a.txt": ARTICLE, "nameX.txt": ARTICLE}
    zipped = patched_zip(
        members, "nameX.txt", flags=ZIP_FLAG_UTF8_NAME, name=b"name\xff.txt", local_only=True
    )
    (tmp_path / "local.zip").write_bytes(zipped)
    read = {s.uri.split("!/")[1]: d for s, d in read_sources(discover([tmp_path]).files)}
    assert read["a.txt"] == ARTICLE
    assert isinstance(read["nameX.txt"], Reject) and read["nameX.txt"].reason == "bad_name"


def test_damaged_member_data_is_corrupt_and_the_other_members_load(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", ARTICLE)
        archive.writestr("bad-stream.txt", ARTICLE * 20)
        archive.writestr("bad-crc.txt", ARTICLE * 20)
        archive.writestr("z.txt", ARTICLE)
    raw = bytearray(buffer.getvalue())
    stream = raw.find(b"bad-stream.txt") + len("bad-stream.txt")
    raw[stream : stream + 6] = b"\xff" * 6  # an invalid deflate block type
    central = raw.find(b"bad-crc.txt", raw.find(b"PK\x01\x02")) - 46
    struct.pack_into("<I", raw, central + 16, 0)  # a CRC-32 that the data does not have
    (tmp_path / "damaged.zip").write_bytes(bytes(raw))
    read = {s.uri.split("!/")[1]: d for s, d in read_sources(discover([tmp_path]).files)}
    assert read["a.txt"] == read["z.txt"] == ARTICLE
    for name, error in (("bad-stream.txt", "error"), ("bad-crc.txt", "BadZipFile")):
        assert isinstance(read[name], Reject) and read[name].reason == "corrupt", read[name]
        assert error in read[name].detail


def test_two_members_of_one_name_are_both_counted_and_the_first_is_read(tmp_path):
    with (
        pytest.warns(UserWarning, match="Duplicate name"),
        zipfile.ZipFile(tmp_path / "a.zip", "w") as archive,
    ):
        archive.writestr("same.txt", b"First\nBody.")
        archive.writestr("same.txt", b"Later\nBody.")
    found = discover([tmp_path])
    # the second is refused under a name of its own: its reject never stands for the first
    assert [(r.source_uri, r.reason) for r in found.rejects] == [
        (f"{tmp_path}/a.zip!/same.txt#2", "unreadable")
    ]
    assert outcomes(found) == {
        f"{tmp_path}/a.zip!/same.txt": b"First\nBody.",
        f"{tmp_path}/a.zip!/same.txt#2": "unreadable",
    }


def test_one_member_failing_in_an_unforeseen_way_is_corrupt_and_the_others_load(tmp_path, monkeypatch):
    with zipfile.ZipFile(tmp_path / "a.zip", "w") as archive:
        for name in ("1.txt", "2.txt", "3.txt"):
            archive.writestr(name, ARTICLE)
    real_open = zipfile.ZipFile.open

    def failing_open(self, name, *args, **kwargs):
        if getattr(name, "filename", name) == "2.txt":
            raise ValueError("something no one expected")
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", failing_open)
    read = {s.uri.split("!/")[1]: d for s, d in read_sources(discover([tmp_path]).files)}
    assert read["1.txt"] == read["3.txt"] == ARTICLE
    assert isinstance(read["2.txt"], Reject) and read["2.txt"].reason == "corrupt"
    assert read["2.txt"].detail == "ValueError: something no one expected"


def test_tar_members_with_odd_names_are_all_read_and_links_in_it_are_counted(tmp_path):
    names = ["caf\udce9.txt", "line\nbreak.txt", "x" * 300 + ".txt", "../up.txt", "a!/b.txt", "/abs.txt"]
    with tarfile.open(tmp_path / "odd.tar", "w", format=tarfile.GNU_FORMAT, encoding="utf-8",
                      errors="surrogateescape") as archive:  # fmt: skip
        for name in names:
            info = tarfile.TarInfo(name)
            info.size = len(ARTICLE)
            archive.addfile(info, io.BytesIO(ARTICLE))
        link = tarfile.TarInfo("link.txt")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        archive.addfile(link)
    found = discover([tmp_path])
    read = {s.uri.split("!/", 1)[1]: d for s, d in read_sources(found.files)}
    assert read == {display_path(name): ARTICLE for name in names}
    assert found.links_skipped == 1 and found.rejects == []


def test_a_tree_1100_directories_deep_is_walked_to_the_bottom(deep_root):
    leaf = deep_tree(deep_root, 1100, "leaf.txt", ARTICLE, component="d")
    assert len(os.fsencode(leaf)) < 4096
    found = discover([deep_root])
    assert [f.uri for f in found.files] == [str(leaf)]
    assert outcomes(found) == {str(leaf): ARTICLE}


def test_a_file_whose_path_is_over_path_max_is_a_path_too_long_reject(deep_root):
    write(deep_root / "a-good.txt")
    leaf = deep_tree(deep_root, 1100, "leaf.txt", ARTICLE, component="dddd")
    assert len(os.fsencode(leaf)) > 4096
    found = discover([deep_root])
    assert [f.uri for f in found.files] == [str(deep_root / "a-good.txt")]
    [reject] = found.rejects
    assert (reject.source_uri, reject.reason) == (str(leaf), "path_too_long")


def build_at(root: Path, components: list[str], leaf: str) -> str:
    """Create ``root/<components…>/leaf`` (directories may exist) through directory descriptors;
    its absolute path."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for component in components:
            with contextlib.suppress(FileExistsError):
                os.mkdir(component, dir_fd=fd)
            child = os.open(component, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = child
        os.close(os.open(leaf, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd))
    finally:
        os.close(fd)
    return os.path.join(root, *components, leaf)


def test_directories_held_open_for_over_long_paths_are_capped_and_none_leaks(deep_root, monkeypatch):
    chain = ["dddd"] * 820  # over PATH_MAX from about level 800
    first = build_at(deep_root, [*chain, "c1", "e"], "x.txt")
    second = build_at(deep_root, [*chain, "c2"], "y.txt")
    assert len(os.fsencode(first)) > 4096
    descriptors = len(os.listdir("/proc/self/fd"))
    found = discover([deep_root])
    assert [(r.source_uri, r.reason) for r in found.rejects] == [
        (first, "path_too_long"),
        (second, "path_too_long"),
    ]
    monkeypatch.setattr(discover_module, "MAX_OPEN_DIRECTORIES", 1)
    found = discover([deep_root])
    # c2's parent is held for it; c1 could not be held as well, so c1/e is one reject
    assert [(r.source_uri, r.reason) for r in found.rejects] == [
        (os.path.dirname(first), "path_too_long"),
        (second, "path_too_long"),
    ]
    assert len(os.listdir("/proc/self/fd")) == descriptors


def test_reading_a_path_the_system_refuses_as_too_long_is_path_too_long(tmp_path):
    long_path = str(tmp_path) + "/d" * 3000 + "/a.txt"
    source = SourceFile(uri=long_path, path=long_path, size=10, mtime=0.0)
    result = read_source(source)
    assert isinstance(result, Reject) and result.reason == "path_too_long"


def test_a_directory_that_cannot_be_listed_is_a_counted_reject(tmp_path, monkeypatch):
    write(tmp_path / "a" / "1.txt")
    write(tmp_path / "b" / "hidden.txt")
    write(tmp_path / "c" / "3.txt")
    denied = str(tmp_path / "b")
    real_list = discover_module._list_directory

    def list_or_deny(fd, path):
        if path == denied:
            raise PermissionError(13, "Permission denied", path)
        return real_list(fd, path)

    monkeypatch.setattr(discover_module, "_list_directory", list_or_deny)
    found = discover([tmp_path])
    assert [Path(f.uri).relative_to(tmp_path).as_posix() for f in found.files] == ["a/1.txt", "c/3.txt"]
    [reject] = found.rejects
    assert (reject.source_uri, reject.reason) == (denied, "unreadable")
    assert "Permission denied" in reject.detail


def test_a_mode_000_directory_is_an_unreadable_reject(tmp_path):
    """A real ``chmod 000``. Root reads it anyway, so as root discovery runs in a child process
    without the capabilities that override file permissions (``setpriv``), skipped where that
    is not allowed."""
    write(tmp_path / "locked" / "1.txt")
    write(tmp_path / "open.txt")
    code = (
        "import json, sys; from extract.discover import discover; found = discover([sys.argv[1]]); "
        "print(json.dumps([[f.uri for f in found.files], [[r.source_uri, r.reason] for r in found.rejects]]))"
    )
    command = [sys.executable, "-c", code, str(tmp_path)]
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root, and setpriv (to drop CAP_DAC_OVERRIDE) is not installed")
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    (tmp_path / "locked").chmod(0)
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    finally:
        (tmp_path / "locked").chmod(0o755)
    if done.returncode != 0 and done.stderr.startswith("setpriv"):
        pytest.skip(f"cannot drop the capabilities that let root read anything: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [
        [str(tmp_path / "open.txt")],
        [[str(tmp_path / "locked"), "unreadable"]],
    ]


def test_a_file_link_outside_the_root_is_rejected_and_never_read(tmp_path, monkeypatch):
    src, outside = tmp_path / "src", tmp_path / "outside"
    write(outside / "private.txt", "Private\nNot for the warehouse.")
    write(src / "good.txt")
    (src / "leak.txt").symlink_to("/etc/passwd")
    (src / "sneaky.txt").symlink_to(outside / "private.txt")
    (src / "sub").mkdir()
    (src / "sub" / "up.txt").symlink_to("../../outside/private.txt")
    opened: list[str] = []
    real_open = os.open

    def recording_open(path, *args, **kwargs):
        opened.append(os.fsdecode(path))
        return real_open(path, *args, **kwargs)

    found = discover([src])
    monkeypatch.setattr(os, "open", recording_open)
    result = outcomes(found)
    assert result == {
        str(src / "good.txt"): b"Title\nBody.",
        str(src / "leak.txt"): "symlink_outside_root",
        str(src / "sneaky.txt"): "symlink_outside_root",
        str(src / "sub" / "up.txt"): "symlink_outside_root",
    }
    assert opened == [str(src / "good.txt")]
    assert "/etc/passwd" in next(r.detail for r in found.rejects if r.source_uri.endswith("leak.txt"))


def test_a_file_link_inside_the_root_is_read_through_its_target_and_cannot_be_swapped(tmp_path):
    src, outside = tmp_path / "src", tmp_path / "outside"
    target = write(src / "real" / "story.txt", "Story\nBody.")
    write(outside / "private.txt", "Private\nNot for the warehouse.")
    (src / "alias.txt").symlink_to("real/story.txt")
    found = discover([src])
    alias = next(f for f in found.files if f.uri == str(src / "alias.txt"))
    assert alias.path == str(target) and alias.size == target.stat().st_size
    assert read_source(alias) == b"Story\nBody."
    # the target is swapped for a link to a file outside between discovery and reading
    target.unlink()
    target.symlink_to(outside / "private.txt")
    result = read_source(alias)
    assert isinstance(result, Reject) and result.reason == "unreadable", result
    assert "symbolic link" in result.detail


def test_directory_links_are_counted_as_skipped_and_not_followed(tmp_path):
    src, outside = tmp_path / "src", tmp_path / "outside"
    write(outside / "elsewhere.txt")
    write(src / "inside" / "one.txt")
    (src / "to-outside").symlink_to(outside, target_is_directory=True)
    (src / "inside" / "to-parent").symlink_to(src, target_is_directory=True)
    (src / "named-like-an-article.txt").symlink_to(src / "inside", target_is_directory=True)
    found = discover([src])
    assert [f.uri for f in found.files] == [str(src / "inside" / "one.txt")]
    assert found.links_skipped == 3 and found.rejects == [] and not found.skipped


def test_a_source_given_as_a_link_is_followed(tmp_path):
    real_dir, real_file = tmp_path / "real-dir", write(tmp_path / "elsewhere" / "one.txt", "One\nBody.")
    write(real_dir / "two.txt", "Two\nBody.")
    (real_dir / "three.txt").symlink_to(real_dir / "two.txt")  # inside the followed root
    (tmp_path / "dir-link").symlink_to(real_dir, target_is_directory=True)
    (tmp_path / "file-link.txt").symlink_to(real_file)
    found = discover([tmp_path / "dir-link", tmp_path / "file-link.txt"])
    assert outcomes(found) == {
        str(tmp_path / "dir-link" / "three.txt"): b"Two\nBody.",
        str(tmp_path / "dir-link" / "two.txt"): b"Two\nBody.",
        str(tmp_path / "file-link.txt"): b"One\nBody.",
    }


def test_an_archive_that_is_a_fifo_does_not_hang_discovery(tmp_path):
    os.mkfifo(tmp_path / "pipe.zip")
    os.mkfifo(tmp_path / "pipe.tar.gz")
    code = (
        "import sys; from extract.discover import discover; "
        "print(sorted(r.reason for r in discover([sys.argv[1]]).rejects))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=20, check=True
    )
    assert done.stdout.strip() == "['unreadable', 'unreadable']"


def test_a_source_that_cannot_be_a_path_is_an_unreadable_reject_not_an_exception(tmp_path):
    found = discover([f"{tmp_path}/nul\0inside.txt"])
    [(_, result)] = list(read_sources(found.files))
    assert isinstance(result, Reject) and result.reason == "unreadable"
    assert result.detail == "ValueError: embedded null byte"


def test_read_sources_answers_every_source_once_even_two_aliases_of_one_archive(tmp_path):
    with zipfile.ZipFile(tmp_path / "real.zip", "w") as archive:
        archive.writestr("a.txt", ARTICLE)
        archive.writestr("big.txt", ARTICLE * 1000)
    (tmp_path / "alias.zip").symlink_to("real.zip")
    found = discover([tmp_path])
    assert [f.uri.removeprefix(str(tmp_path)) for f in found.files] == [
        "/alias.zip!/a.txt",
        "/alias.zip!/big.txt",
        "/real.zip!/a.txt",
        "/real.zip!/big.txt",
    ]
    assert len({(f.path, f.member) for f in found.files}) == 2  # two paths to each member
    answers = list(read_sources(found.files, max_bytes=10_000))
    assert sorted(source.uri for source, _ in answers) == [f.uri for f in found.files]
    for source, data in answers:  # each answer is its own, a reject under its own uri
        if source.member == "a.txt":
            assert data == ARTICLE
        else:
            assert isinstance(data, Reject) and data.reason == "too_large"
            assert data.source_uri == source.uri


def test_read_sources_answers_every_source_once_when_the_archive_fails(tmp_path):
    path = tmp_path / "gone.tar"
    path.write_bytes(b"")
    same = [SourceFile(f"/u{n}!/a.txt", str(path), 1, 0.0, "tar", member="a.txt") for n in range(2)]
    other = SourceFile("/u0!/b.txt", str(path), 1, 0.0, "tar", member="b.txt")
    answers = list(read_sources([*same, other]))
    assert [source.uri for source, _ in answers] == ["/u0!/a.txt", "/u1!/a.txt", "/u0!/b.txt"]
    assert all(isinstance(data, Reject) and data.source_uri == source.uri for source, data in answers)


def test_a_source_spelled_with_dot_dot_names_its_files_canonically(tmp_path, monkeypatch):
    write(tmp_path / "d" / "x.txt")
    monkeypatch.chdir(tmp_path)
    found = discover(["d/../d", "d", str(tmp_path / "d" / ".." / "d" / "x.txt")])
    assert [f.uri for f in found.files] == [str(tmp_path / "d" / "x.txt")]
    assert found.rejects == []


def test_dot_dot_after_a_link_is_taken_by_name_so_the_link_stays_as_given(tmp_path):
    write(tmp_path / "elsewhere" / "sub" / "x.txt")
    write(tmp_path / "root" / "x.txt", "Root\nBody.")
    (tmp_path / "root" / "link").symlink_to(tmp_path / "elsewhere" / "sub")
    found = discover([tmp_path / "root" / "link" / ".." / "x.txt"])  # the kernel: elsewhere/x.txt
    assert [f.uri for f in found.files] == [str(tmp_path / "root" / "x.txt")]
    assert read_source(found.files[0]) == b"Root\nBody."


@pytest.mark.parametrize("mode", ["w:gz", "w:bz2", "w:xz"])
def test_a_compressed_tar_is_cut_at_the_scan_cap_with_a_named_reject(tmp_path, monkeypatch, mode):
    monkeypatch.setattr(archives, "MAX_ARCHIVE_SCAN_BYTES", 1 << 20)
    archive = tmp_path / "bomb.tar"
    archive.write_bytes(tar_bomb(4 << 20, {"z.txt": ARTICLE}, before={"a.txt": ARTICLE}, mode=mode))
    found = discover([tmp_path])
    assert [f.member for f in found.files] == ["a.txt"]
    [reject] = found.rejects
    assert (reject.source_uri, reject.reason) == (str(archive), "too_large")
    assert f"{1 << 20} bytes (MAX_ARCHIVE_SCAN_BYTES)" in reject.detail
    late = SourceFile(str(archive) + "!/z.txt", str(archive), len(ARTICLE), 0.0, "tar", member="z.txt")
    answers = dict(read_sources([*found.files, late]))
    assert answers[found.files[0]] == ARTICLE
    assert isinstance(answers[late], Reject) and answers[late].reason == "too_large"
    assert "MAX_ARCHIVE_SCAN_BYTES" in answers[late].detail
    monkeypatch.setattr(archives, "MAX_ARCHIVE_SCAN_BYTES", 8 << 20)  # under the cap: all of it
    assert [f.member for f in discover([tmp_path]).files] == ["a.txt", "z.txt"]


def test_a_compressed_tar_read_past_the_cap_in_one_request_stops_at_the_cap(monkeypatch):
    cap = 1 << 20
    stream = archives._CappedStream(io.BytesIO(bytes(4 * cap)), cap)
    assert len(stream.read(cap // 2)) == cap // 2
    with pytest.raises(archives.ArchiveTooLarge):
        stream.read()  # whole rest: decompressed only to cap + 1
    assert stream.tell() <= cap + 1


def test_a_200_mb_tar_gz_bomb_is_discovered_and_read_in_seconds(tmp_path):
    (tmp_path / "bomb.tar.gz").write_bytes(tar_bomb(200 << 20, {"z.txt": ARTICLE}, zero_name="zeros.txt"))
    started = time.monotonic()
    found = discover([tmp_path])
    answers = {source.member: data for source, data in read_sources(found.files, max_bytes=10_000)}
    elapsed = time.monotonic() - started
    assert answers["z.txt"] == ARTICLE
    assert isinstance(answers["zeros.txt"], Reject) and answers["zeros.txt"].reason == "too_large"
    assert elapsed < 10, f"discovery and reading took {elapsed:.1f} s"


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_bzip2_and_lzma_zip_members_are_read_whole(tmp_path, method):
    with zipfile.ZipFile(tmp_path / "batch.zip", "w", method) as archive:
        archive.writestr("a.txt", ARTICLE)
        archive.writestr("b.txt", ARTICLE * 200)
        archive.writestr("empty.txt", b"")
    _, data = read_all(tmp_path, max_bytes=len(ARTICLE) * 200)
    assert data == {"a.txt": ARTICLE, "b.txt": ARTICLE * 200, "empty.txt": b""}


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_a_zip_member_lying_about_its_size_is_never_decompressed_past_the_limit(tmp_path, method):
    bomb = compressed_zip_with_lying_size("big.txt", bytes(64 << 20), method, claimed_bytes=10)
    (tmp_path / "bomb.zip").write_bytes(bomb)
    found = discover([tmp_path])
    tracemalloc.start()
    try:
        [(_, data)] = list(read_sources(found.files, max_bytes=10_000))
        _, peak_bytes = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(data, Reject) and data.reason == "too_large"
    assert peak_bytes < 2 << 20, f"{peak_bytes} bytes held to refuse a 10,000 byte member"


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_a_zip_member_whose_data_does_not_match_its_header_is_corrupt(tmp_path, method):
    (tmp_path / "odd.zip").write_bytes(compressed_zip_with_lying_size("a.txt", ARTICLE, method, 5))
    _, data = read_all(tmp_path)
    assert isinstance(data["a.txt"], Reject) and data["a.txt"].reason == "corrupt"
    assert "do not match its header" in data["a.txt"].detail
