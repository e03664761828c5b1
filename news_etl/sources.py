"""Finding and reading raw article files: the only module that opens input files.

Rules:

* A SOURCE is a file or a directory searched recursively (symbolic links to directories are not
  followed, so a link loop cannot trap the walk). An entry named like an article that is not a
  readable regular file (a FIFO, a dangling or looping link) is refused as ``unreadable``.
* Two inputs with one name (a file ``a.zip!/x.txt`` and the member ``x.txt`` of ``a.zip``, or
  two members of one name in an archive): the first is read, the second refused.
* Articles are ``*.txt`` files, ``*.txt.gz`` files (one article each), and the ``*.txt``
  members of ``.zip``, ``.tar``, ``.tar.gz`` and ``.tgz`` archives. Every other file, and every
  other archive member, is counted as skipped, by its extension, and never parsed.
* An archive member is named ``<archive path>!/<member name>``; nothing is ever extracted to
  disk, so member names such as ``../x.txt`` or ``/etc/x.txt`` cannot write anywhere.
* Files are returned sorted by ``source_uri`` (the absolute path), so runs are reproducible and
  "the first of two duplicates" means the first in path order.
* Reading never takes more than ``max_bytes`` (+1 to notice growth), whatever a file or an
  archive member claims its size is: a larger one is ``too_large`` (a zip bomb stops there). A
  file the system will not let us read is ``unreadable``; a truncated or damaged ``.gz`` or
  archive is ``corrupt``.
"""

from __future__ import annotations

import gzip
import os
import stat
import tarfile
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from news_etl.schemas import Reject, RejectReason, SourceFile
from news_etl.schemas.records import Container

ARTICLE_SUFFIX = ".txt"
GZIP_SUFFIX = ".txt.gz"
ZIP_SUFFIXES = (".zip",)
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz")
MAX_FILE_BYTES = 20 * 1024 * 1024
MEMBER_SEPARATOR = "!/"

_CORRUPT_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile, zipfile.BadZipFile, tarfile.TarError)


@dataclass(slots=True)
class Discovery:
    files: list[SourceFile] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)  # extension -> files not parsed
    rejects: list[Reject] = field(default_factory=list)  # archives that could not be listed


def display_path(path: str) -> str:
    """A path as valid UTF-8 text: undecodable bytes of a file name shown as ``\\xNN``."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _kind(name: str) -> Container | None:
    lower = name.lower()
    if lower.endswith(GZIP_SUFFIX):
        return "gzip"
    if lower.endswith(ARTICLE_SUFFIX):
        return "file"
    if lower.endswith(ZIP_SUFFIXES):
        return "zip"
    if lower.endswith(TAR_SUFFIXES):
        return "tar"
    return None


def _extension(name: str) -> str:
    return Path(name).suffix.lower() or "(none)"


def discover(sources: Iterable[str | os.PathLike[str]]) -> Discovery:
    """All articles under ``sources``, sorted, with what was skipped (rules above)."""
    found: dict[str, SourceFile] = {}
    result = Discovery()
    for source in sources:
        root = Path(source).absolute()
        paths: Iterable[Path] = _walk(root) if root.is_dir() else [root]
        for path in paths:
            kind = _kind(path.name)
            if kind is None:
                result.skipped[_extension(path.name)] += 1
                continue
            try:
                stat = path.stat()
                size, mtime = stat.st_size, stat.st_mtime
            except OSError:
                size, mtime = -1, 0.0  # read_source will say why
            uri = display_path(str(path))
            if kind in ("file", "gzip"):
                _add(
                    found, result, SourceFile(uri=uri, path=str(path), size=size, mtime=mtime, container=kind)
                )
                continue
            try:
                for member, member_size in _list_archive(path, kind):
                    member_uri = uri + MEMBER_SEPARATOR + display_path(member)
                    if not member.lower().endswith(ARTICLE_SUFFIX):
                        result.skipped[_extension(member)] += 1
                        continue
                    member_file = SourceFile(
                        uri=member_uri,
                        path=str(path),
                        size=member_size,
                        mtime=mtime,
                        container=kind,
                        member=member,
                    )
                    _add(found, result, member_file)
            except (OSError, *_CORRUPT_ERRORS) as exc:
                reason: RejectReason = "corrupt" if isinstance(exc, _CORRUPT_ERRORS) else "unreadable"
                result.rejects.append(Reject(uri, None, "read", reason, f"cannot list the archive: {exc}"))
    result.files = [found[uri] for uri in sorted(found)]
    return result


def _add(found: dict[str, SourceFile], result: Discovery, source: SourceFile) -> None:
    """Keep ``source`` unless another input already has its name (a file ``a.zip!/x.txt`` and
    the member ``x.txt`` of ``a.zip``, or two members of one name): that one is refused."""
    if source.uri not in found:
        found[source.uri] = source
    elif found[source.uri] != source:
        detail = f"another input has the same name ({found[source.uri].path}); rename one of them"
        result.rejects.append(Reject(source.uri, None, "read", "unreadable", detail))


def _walk(root: Path) -> Iterable[Path]:
    """Every entry below ``root`` that is not a directory: files, but also FIFOs, dangling or
    looping links — those are read as what they are and refused with a reason, never skipped."""
    for directory, subdirs, files in os.walk(root):
        subdirs.sort()
        base = Path(directory)
        for name in sorted(files):
            yield base / name


def _list_archive(path: Path, kind: Container) -> Iterator[tuple[str, int]]:
    if kind == "zip":
        with zipfile.ZipFile(path) as zipped:
            for zinfo in zipped.infolist():
                if not zinfo.is_dir():
                    yield zinfo.filename, zinfo.file_size
        return
    with tarfile.open(path, mode="r:*") as tarred:
        for tinfo in tarred:
            if tinfo.isfile():
                yield tinfo.name, tinfo.size


def read_source(source: SourceFile, max_bytes: int = MAX_FILE_BYTES) -> bytes | Reject:
    """One article's bytes, or a :class:`Reject` saying why they could not be read."""
    return next(iter(read_sources([source], max_bytes)))[1]


def read_sources(
    sources: list[SourceFile], max_bytes: int = MAX_FILE_BYTES
) -> Iterator[tuple[SourceFile, bytes | Reject]]:
    """Each source with its bytes or its :class:`Reject`; an archive is opened once for all its
    members in ``sources`` (a ``.tar.gz`` is read front to back once)."""
    archives: dict[str, list[SourceFile]] = {}
    for source in sources:
        if source.member is None:
            yield source, _guarded(source, max_bytes, partial(_read_file, source, max_bytes))
        else:
            archives.setdefault(source.path, []).append(source)
    for path, members in archives.items():
        yield from _read_archive(path, members, max_bytes)


def _too_large(source: SourceFile, size: int, max_bytes: int) -> Reject:
    return Reject(source.uri, None, "read", "too_large", f"{size} bytes, over the {max_bytes} byte limit")


def _guarded(source: SourceFile, max_bytes: int, read: Callable[[], bytes | Reject]) -> bytes | Reject:
    """Run ``read`` and turn what can go wrong into a named :class:`Reject`."""
    try:
        data = read()
    except gzip.BadGzipFile as exc:
        return Reject(source.uri, None, "read", "corrupt", f"not a valid gzip file: {exc}")
    except OSError as exc:
        return Reject(source.uri, None, "read", "unreadable", f"{type(exc).__name__}: {exc.strerror or exc}")
    except _CORRUPT_ERRORS as exc:
        return Reject(source.uri, None, "read", "corrupt", f"{type(exc).__name__}: {exc}")
    if isinstance(data, Reject):
        return data
    if len(data) > max_bytes:
        return Reject(
            source.uri, None, "read", "too_large", f"more than the {max_bytes} byte limit once read"
        )
    return data


def _read_file(source: SourceFile, max_bytes: int) -> bytes | Reject:
    # non-blocking, so that a FIFO named *.txt cannot stall the run; refused below
    descriptor = os.open(source.path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):
            return Reject(
                source.uri, None, "read", "unreadable", "not a regular file (a FIFO, socket or device)"
            )
        if source.container == "gzip":
            with gzip.GzipFile(fileobj=handle) as unzipped:
                return unzipped.read(max_bytes + 1)
        size = os.fstat(handle.fileno()).st_size
        if size > max_bytes:
            return _too_large(source, size, max_bytes)
        return handle.read(max_bytes + 1)


def _read_archive(
    path: str, members: list[SourceFile], max_bytes: int
) -> Iterator[tuple[SourceFile, bytes | Reject]]:
    wanted = {member.member: member for member in members}
    done: set[str | None] = set()
    try:
        if members[0].container == "zip":
            with zipfile.ZipFile(path) as archive:
                for name, source in wanted.items():
                    done.add(name)
                    yield (
                        source,
                        _guarded(source, max_bytes, partial(_read_zip_member, archive, source, max_bytes)),
                    )
        else:
            with tarfile.open(path, mode="r:*") as archive:
                for info in archive:
                    member = wanted.get(info.name)
                    if member is None or info.name in done:
                        continue
                    done.add(info.name)
                    read = partial(_read_tar_member, archive, info, member, max_bytes)
                    yield member, _guarded(member, max_bytes, read)
    except (OSError, *_CORRUPT_ERRORS) as exc:
        reason: RejectReason = "corrupt" if isinstance(exc, _CORRUPT_ERRORS) else "unreadable"
        for name, source in wanted.items():
            if name not in done:
                done.add(name)
                yield source, Reject(source.uri, None, "read", reason, f"archive {display_path(path)}: {exc}")
    for name, source in wanted.items():
        if name not in done:
            yield (
                source,
                Reject(source.uri, None, "read", "unreadable", "the member is no longer in the archive"),
            )


def _read_zip_member(archive: zipfile.ZipFile, source: SourceFile, max_bytes: int) -> bytes | Reject:
    info = archive.getinfo(source.member or "")
    if info.file_size > max_bytes:
        return _too_large(source, info.file_size, max_bytes)
    with archive.open(info) as handle:  # a lying size header still stops at max_bytes + 1
        return handle.read(max_bytes + 1)


def _read_tar_member(
    archive: tarfile.TarFile, info: tarfile.TarInfo, source: SourceFile, max_bytes: int
) -> bytes | Reject:
    if info.size > max_bytes:
        return _too_large(source, info.size, max_bytes)
    handle = archive.extractfile(info)
    if handle is None:
        return Reject(source.uri, None, "read", "unreadable", "not a regular file in the archive")
    return handle.read(max_bytes + 1)
