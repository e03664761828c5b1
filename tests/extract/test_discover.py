"""Discovery (extract.discover): walking SOURCEs and trees, links, paths over the limit, what is
skipped or refused before reading."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from extract import discover as discover_module
from extract.discover import discover
from extract.read import read_source
from schemas import Reject
from tests.helpers import ARTICLE, outcomes, write
from tests.hostile import (
    deep_tree,
)


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


def test_damaged_zip_is_rejected_at_discovery(tmp_path):
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 this is not really a zip file")
    found = discover([tmp_path])
    assert found.files == []
    assert [(r.reason, Path(r.source_uri).name) for r in found.rejects] == [("corrupt", "broken.zip")]


@pytest.fixture
def deep_root(tmp_path):
    """A directory for a tree deeper than the recursion limit, removed with ``rm -rf`` (pytest's
    own clean-up recurses and would fail on it in a later session)."""
    root = tmp_path / "deep"
    root.mkdir()
    yield root
    subprocess.run(["rm", "-rf", "--", str(root)], check=True)


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
