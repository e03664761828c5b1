"""Reading (extract.read): files and archive members read within their limits; one bad input is one
named reject, never a failed run."""

from __future__ import annotations

import gzip
import io
import struct
import tarfile
import tracemalloc
import zipfile

import pytest

from extract.discover import discover
from extract.read import read_source, read_sources
from schemas import Reject, SourceFile
from schemas.uris import display_path
from tests.helpers import ARTICLE, outcomes, read_all, write
from tests.hostile import (
    ZIP_FLAG_ENCRYPTED,
    ZIP_METHOD_DEFLATE64,
    compressed_zip_with_lying_size,
    patched_zip,
)


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


def test_zip_slip_and_absolute_member_names_are_read_not_extracted(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    with zipfile.ZipFile(src / "evil.zip", "w") as archive:
        archive.writestr("../../escape.txt", ARTICLE)
        archive.writestr("/abs/path.txt", ARTICLE)
    _, data = read_all(src)
    assert sorted(data) == ["../../escape.txt", "/abs/path.txt"]
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["evil.zip", "src"]


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


def test_reading_a_path_the_system_refuses_as_too_long_is_path_too_long(tmp_path):
    long_path = str(tmp_path) + "/d" * 3000 + "/a.txt"
    source = SourceFile(uri=long_path, path=long_path, size=10, mtime=0.0)
    result = read_source(source)
    assert isinstance(result, Reject) and result.reason == "path_too_long"


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
