"""A tree of hostile files beside good ones, loaded by the real command (``news-etl run`` in a
subprocess, as a user runs it): the run completes, every good article loads, every bad file is a
reject with a named reason, nothing outside the SOURCE root is read, nothing outside the
warehouse is written, and ``news-etl check`` passes.

The tree holds the constructions of issue 12: text shapes that used to take super-linear time,
an encrypted zip member beside a good zip, a Deflate64 member, a zip whose UTF-8 names are not
UTF-8, a directory 1,100 levels deep with a good article at the bottom, a link to
``/etc/passwd``, a link to a directory outside the root, a FIFO, a hostile URL and title, and
C1/bidi control characters. The run's wall time is printed (``pytest -s``) for the closing note.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO
from tests.hostile import (
    article_text,
    deep_tree,
    deflate64_member_zip,
    encrypted_member_zip,
    glued_then_at_signs,
    invalid_utf8_name_zip,
    quote_then_initials,
    said_adding_repeated,
    zip_with_members,
)

pytestmark = pytest.mark.integration

DEEP_LEVELS = 1_100
HOSTILE_URL = "http://.<img/src=x/onerror=alert(1)>"
HOSTILE_TITLE = "<script>document.title='pwned'</script> Harbour board"
RUN_TIMEOUT_SECONDS = 240


def _write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _build_tree(root: Path, outside: Path) -> dict[str, str]:
    """Write the tree; return what each article file should become: ``loaded`` or a reason."""
    expected: dict[str, str] = {}
    for n in range(1, 4):
        expected[str(_write(root / "good" / f"story-{n}.txt", article_text(n)))] = "loaded"
    slow = {
        "at-signs.txt": glued_then_at_signs(3_000),
        "initials.txt": quote_then_initials(2_000),
        "said-adding.txt": said_adding_repeated(150),
    }
    for n, (name, text) in enumerate(slow.items(), start=10):
        body = f"{text}\nThe harbour board met again on Tuesday, report {n} says.\n"
        expected[str(_write(root / "slow" / name, article_text(n, body=body)))] = "loaded"
    good_zip = _write(
        root / "archives" / "good.zip", zip_with_members({"in-zip.txt": article_text(20).encode()})
    )
    expected[f"{good_zip}!/in-zip.txt"] = "loaded"
    encrypted = _write(
        root / "archives" / "encrypted.zip",
        encrypted_member_zip(
            {"plain.txt": article_text(21).encode()}, "secret.txt", article_text(22).encode()
        ),
    )
    expected[f"{encrypted}!/plain.txt"] = "loaded"
    expected[f"{encrypted}!/secret.txt"] = "encrypted"
    deflate64 = _write(
        root / "archives" / "deflate64.zip", deflate64_member_zip({}, "packed.txt", article_text(23).encode())
    )
    expected[f"{deflate64}!/packed.txt"] = "unsupported_compression"
    _write(
        root / "archives" / "bad-names.zip", invalid_utf8_name_zip({}, "nameX.txt", article_text(24).encode())
    )
    leaf = deep_tree(root, DEEP_LEVELS, "bottom.txt", article_text(25).encode())
    expected[str(leaf)] = "loaded"
    (root / "leak.txt").symlink_to("/etc/passwd")
    expected[str(root / "leak.txt")] = "symlink_outside_root"
    _write(outside / "elsewhere.txt", article_text(26))
    (root / "linked-dir").symlink_to(outside, target_is_directory=True)
    os.mkfifo(root / "pipe.txt")
    expected[str(root / "pipe.txt")] = "unreadable"
    expected[str(_write(root / "empty.txt", b""))] = "empty"
    expected[str(_write(root / "binary.txt", b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 8))] = "binary"
    hostile = article_text(30, url=HOSTILE_URL, title=HOSTILE_TITLE)
    expected[str(_write(root / "hostile-url.txt", hostile))] = "url_is_http"
    controls = article_text(31, body="The board\u009b[31m met\u202e on Monday, report 31 says.\n")
    expected[str(_write(root / "controls.txt", controls))] = "loaded"
    return expected


def _snapshot(root: Path, exclude: Path) -> set[str]:
    """Every path under ``root`` but ``exclude`` (links not followed), iteratively: the tree is
    deeper than any recursion limit."""
    seen: set[str] = set()
    stack = [root]
    while stack:
        directory = stack.pop()
        with os.scandir(directory) as entries:
            for entry in entries:
                path = Path(entry.path)
                if path == exclude:
                    continue
                seen.add(entry.path)
                if entry.is_dir(follow_symlinks=False):
                    stack.append(path)
    return seen


def _cli(*args: str, timeout: float = RUN_TIMEOUT_SECONDS) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "news_etl.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


@pytest.fixture
def tree_root(tmp_path: Path) -> Iterator[Path]:
    """``tmp_path``, emptied with ``rm -rf`` afterwards: pytest's own clean-up recurses and fails
    on a tree 1,100 levels deep."""
    yield tmp_path
    subprocess.run(["rm", "-rf", "--", str(tmp_path)], check=True)


@pytest.mark.timeout(RUN_TIMEOUT_SECONDS + 120)
def test_hostile_tree_loads_the_good_and_names_every_bad_file(tree_root: Path) -> None:
    tmp_path = tree_root
    source, outside, warehouse = tmp_path / "src", tmp_path / "outside", tmp_path / "wh"
    source.mkdir()
    outside.mkdir()
    expected = _build_tree(source, outside)
    before = _snapshot(tmp_path, warehouse)

    started = time.perf_counter()
    ran = _cli("run", str(source), "--warehouse", str(warehouse), "--workers", "1")
    wall = time.perf_counter() - started
    print(f"\nhostile tree: {len(expected)} article files, news-etl run took {wall:.1f} s")
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert ": ok" in next(line for line in ran.stdout.splitlines() if line.startswith("reconciliation"))

    with duckdb.connect(str(warehouse / "news.duckdb"), read_only=True) as con:
        loaded = {uri for (uri,) in con.execute("SELECT source_uri FROM articles").fetchall()}
        rejects = dict(con.execute("SELECT source_uri, reason FROM rejects").fetchall())
        titles = [title for (title,) in con.execute("SELECT title FROM articles").fetchall()]
        bodies = [body for (body,) in con.execute("SELECT body FROM articles").fetchall()]
    outcome = {uri: "loaded" for uri in loaded} | rejects
    for uri, want in expected.items():
        assert outcome.get(uri) == want, (uri, outcome.get(uri), ran.stdout)
    bad_names = [uri for uri, reason in rejects.items() if "bad-names.zip" in uri]
    assert bad_names and all(rejects[uri] == "bad_name" for uri in bad_names), rejects

    # nothing outside the root was read: not /etc/passwd, not the linked directory's article
    assert not any(title and title.startswith("root:") for title in titles)
    assert not any(uri.startswith(str(outside)) or "linked-dir" in uri for uri in outcome)
    # control characters never reach the stored text
    assert not any(ch in body for body in bodies for ch in "\u009b\u202e")
    # nothing was written outside the warehouse
    assert _snapshot(tmp_path, warehouse) == before

    checked = _cli("check", "--warehouse", str(warehouse), timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr
