from __future__ import annotations

import gzip
import io
import tarfile
import zipfile
from pathlib import Path

from news_etl.schemas import Reject
from news_etl.sources import discover, display_path, read_source, read_sources


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
