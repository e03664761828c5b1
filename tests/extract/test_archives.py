"""Archives opened safely (extract.archives): zip names flagged UTF-8 that are not, compressed tars
cut at the scan cap."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from extract import archives
from extract.discover import discover
from extract.read import read_sources
from schemas import Reject, SourceFile
from tests.helpers import ARTICLE, outcomes, write
from tests.hostile import (
    ZIP_FLAG_UTF8_NAME,
    patch_member,
    patched_zip,
    tar_bomb,
    with_zip64_end_records,
)


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
