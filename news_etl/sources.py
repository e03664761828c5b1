"""Finding and reading raw article files: the only module that opens input files.

* A SOURCE is a file or a directory searched recursively (symbolic links to directories are not
  followed). Files ending in ``.txt`` are articles; every other file is counted as skipped, by
  its extension, and never opened.
* Files are returned sorted by ``source_uri`` (the absolute path), so runs are reproducible and
  "the first of two duplicates" means the first in path order.
* Reading never takes more than ``max_bytes`` (+1 to notice growth): a larger file is refused as
  ``too_large`` without being read whole; one the system will not let us read is ``unreadable``.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from news_etl.schemas import Reject, SourceFile

ARTICLE_SUFFIXES = (".txt",)
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass(slots=True)
class Discovery:
    files: list[SourceFile] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)  # extension -> files not parsed


def display_path(path: str) -> str:
    """A path as valid UTF-8 text: undecodable bytes of a file name shown as ``\\xNN``."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def discover(sources: Iterable[str | os.PathLike[str]]) -> Discovery:
    """All article files under ``sources``, sorted, with what was skipped (rules above)."""
    found: dict[str, SourceFile] = {}
    skipped: Counter[str] = Counter()
    for source in sources:
        root = Path(source).absolute()
        if root.is_dir():
            paths: Iterable[Path] = _walk(root)
        else:
            paths = [root]
        for path in paths:
            if not path.name.lower().endswith(ARTICLE_SUFFIXES):
                skipped[path.suffix.lower() or "(none)"] += 1
                continue
            try:
                stat = path.stat()
            except OSError:
                stat = None
            uri = display_path(str(path))
            found[uri] = SourceFile(
                uri=uri,
                path=str(path),
                size=stat.st_size if stat else -1,
                mtime=stat.st_mtime if stat else 0.0,
            )
    return Discovery(files=[found[uri] for uri in sorted(found)], skipped=skipped)


def _walk(root: Path) -> Iterable[Path]:
    for directory, subdirs, files in os.walk(root):
        subdirs.sort()
        base = Path(directory)
        for name in sorted(files):
            path = base / name
            if path.is_file():
                yield path


def read_source(source: SourceFile, max_bytes: int = MAX_FILE_BYTES) -> bytes | Reject:
    """The file's bytes, or a :class:`Reject` saying why they could not be read."""
    try:
        with open(source.path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                return Reject(
                    source.uri, None, "read", "too_large", f"{size} bytes, over the {max_bytes} limit"
                )
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        return Reject(source.uri, None, "read", "unreadable", f"{type(exc).__name__}: {exc.strerror or exc}")
    if len(data) > max_bytes:
        return Reject(
            source.uri, None, "read", "too_large", f"grew past the {max_bytes} byte limit while read"
        )
    return data
