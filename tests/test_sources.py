from __future__ import annotations

from pathlib import Path

from news_etl.schemas import Reject
from news_etl.sources import discover, display_path, read_source


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
