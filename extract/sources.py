"""Finding and reading raw article files: the only module that opens input files.

Rules:

* A SOURCE is a file or a directory searched recursively. A SOURCE given as a symbolic link (to
  a file or to a directory) is the user's choice and is followed. A SOURCE is made absolute by
  name (``os.path.abspath``): ``.`` and ``..`` are removed as written, links are not resolved, so
  ``data/../data/x`` and ``data/x`` are one file with one name. ``link/..`` therefore means the
  directory holding ``link``, as in a shell's ``cd``, not the target's parent; every link rule
  below applies to the links left in the name, which stay as given.
* The search is iterative (an explicit stack: no depth limit) and goes through directory
  descriptors, so a tree deeper than the system's path limit is still listed (at most
  ``MAX_OPEN_DIRECTORIES`` held open at once; past that, a directory whose path is too long is
  one ``path_too_long`` reject). Inside a SOURCE, symbolic links to directories are never
  followed (a link loop cannot trap the walk, a link cannot lead out of the tree); each is
  counted in ``links_skipped``.
* A symbolic link to a file is read only when its target, resolved, lies inside the SOURCE (the
  SOURCE resolved too) it was found under; otherwise it is refused as ``symlink_outside_root``
  and never opened (``leak.txt -> /etc/passwd``). An accepted link is read through its target as
  resolved at discovery (``alias.txt -> real/story.txt`` reads ``real/story.txt``). Every file is
  opened with ``O_NOFOLLOW``, so a file or target swapped for a link after discovery is refused
  as ``unreadable``, never followed (only the last component is guarded this way: a directory on
  the path swapped for a link in between would still be followed). A link that cannot be
  resolved (dangling, a loop) is ``unreadable``.
* A directory that cannot be listed (permissions, vanished) is one ``unreadable`` reject named by
  its path, and a file whose absolute path is longer than the system accepts (``PATH_MAX_BYTES``)
  is a ``path_too_long`` reject named by that path: what the run could not see is counted, so the
  reconciliation stays true.
* An entry named like an article that is not a readable regular file (a FIFO, a device) is
  refused as ``unreadable``; every file is opened non-blocking, so a FIFO cannot stall the run.
* Two inputs with one name (a file ``a.zip!/x.txt`` and the member ``x.txt`` of ``a.zip``, or
  two members of one name in an archive): the first is read, the second refused as
  ``<name>#2`` (``#3`` …), a name of its own, so its reject never stands for the file read.
* Articles are ``*.txt`` files, ``*.txt.gz`` files (one article each), and the ``*.txt``
  members of ``.zip``, ``.tar``, ``.tar.gz`` and ``.tgz`` archives. Every other file, and every
  other archive member, is counted as skipped, by its extension, and never parsed. Link members
  of a tar archive are counted in ``links_skipped`` and never followed.
* An archive member is named ``<archive path>!/<member name>``; nothing is ever extracted to
  disk, so member names such as ``../x.txt`` or ``/etc/x.txt`` cannot write anywhere. A name
  with bytes that are not UTF-8 is shown with ``\\xNN`` escapes (:func:`display_path`); a zip
  member whose name is flagged UTF-8 but is not is one ``bad_name`` reject, and the archive's
  other members are read as usual.
* Files are returned sorted by ``source_uri`` (the absolute path, links not resolved), so runs are
  reproducible and "the first of two duplicates" means the first in path order.
* A compressed tar archive (gzip, bzip2 or xz, whatever its extension) has no index: reaching a
  member means decompressing everything before it, on every run. Listing or reading one never
  decompresses more than ``MAX_ARCHIVE_SCAN_BYTES``: the members before that point are listed and
  read as usual, the rest of the archive is one ``too_large`` reject naming the cap (at
  discovery, by the archive's name; at reading, by each member's). A bomb costs seconds, never a
  stall or a failed run.
* Every source given to :func:`read_sources` gets exactly one answer, under its own name, even
  when two of them are one archive member reached by two paths (``alias.zip -> real.zip``).
* Reading never takes more than ``max_bytes`` (+1 to notice growth), whatever a file or an
  archive member claims its size is: a larger one is ``too_large`` (a zip bomb stops there; a
  bzip2 or LZMA member is decompressed here with that output limit, since zipfile bounds only
  deflate's, and its data must then match its size and CRC headers or it is ``corrupt``). A
  zip member flagged as encrypted is ``encrypted`` (no password is ever tried); one compressed
  with a method zipfile cannot read (Deflate64, PPMd …) is ``unsupported_compression``; a file
  the system will not let us read is ``unreadable``; a truncated or damaged ``.gz`` or archive
  is ``corrupt``.
* One bad input is one reject, never a failed run: any other error while listing a directory or
  an archive, or while reading one file or one member, becomes a reject of that one input —
  ``unreadable`` for a file, ``corrupt`` for a member — with the error's type in the detail, and
  the other inputs are read as usual.
"""

from __future__ import annotations

import bisect
import bz2
import copy
import dataclasses
import errno
import gzip
import io
import lzma
import os
import stat
import struct
import tarfile
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO, BinaryIO

from schemas import Reject, RejectReason, SourceFile
from schemas.records import Container
from schemas.uris import MEMBER_SEPARATOR, display_path

ARTICLE_SUFFIX = ".txt"
GZIP_SUFFIX = ".txt.gz"
ZIP_SUFFIXES = (".zip",)
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz")
MAX_FILE_BYTES = 20 * 1024 * 1024
#: Directories kept open at once so that subdirectories with paths over the system's limit can
#: be opened relative to them; a directory beyond (a pathological tree) is a path_too_long reject.
MAX_OPEN_DIRECTORIES = 256


def _path_max_bytes() -> int:
    try:
        return os.pathconf("/", "PC_PATH_MAX")
    except (OSError, ValueError):  # pragma: no cover - every POSIX system answers
        return 4096


#: The longest path the system opens, counting its terminating NUL: a path must be shorter.
PATH_MAX_BYTES = _path_max_bytes()
#: Decompressed bytes a compressed tar archive may cost to list or to read, members skipped over
#: included (a ``.tar.gz`` has no index: reaching its last member means decompressing all before
#: it). A fixed amount, not a multiple of the per-file limit, because discovery lists archives
#: before any limit is known and must see the same members as reading. 2 GiB is about 5 s of
#: gzip decompression here per pass (each run lists and reads), so a bomb costs seconds, not
#: minutes; a genuine archive larger than this is to be split, and the reject says so.
MAX_ARCHIVE_SCAN_BYTES = 2 * 1024 * 1024 * 1024
#: Bytes decompressed at a time when a tar member is skipped over (bounded memory per step).
ARCHIVE_SKIP_CHUNK_BYTES = 1024 * 1024
#: Compressed bytes read at a time from a bzip2 or LZMA zip member (its output is capped apart).
ZIP_READ_CHUNK_BYTES = 64 * 1024
#: liblzma's smallest dictionary; an LZMA zip member's dictionary is cut to its size limit above it.
LZMA_MIN_DICTIONARY_BYTES = 4096
#: General-purpose flag bits of a zip member: encrypted; name and comment in UTF-8.
ZIP_FLAG_ENCRYPTED = 0x1
ZIP_FLAG_UTF8 = 0x800


def _zip_methods() -> frozenset[int]:
    """The compression methods zipfile can read here (bzip2 and LZMA need their modules)."""
    methods = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
    try:
        import bz2  # noqa: F401

        methods.add(zipfile.ZIP_BZIP2)
    except ImportError:  # pragma: no cover - Python built without bz2
        pass
    try:
        import lzma  # noqa: F401

        methods.add(zipfile.ZIP_LZMA)
    except ImportError:  # pragma: no cover - Python built without lzma
        pass
    return frozenset(methods)


ZIP_METHODS = _zip_methods()
#: Names of the zip compression methods a reject may name (APPNOTE 4.4.5).
ZIP_METHOD_NAMES = {1: "shrink", 2: "reduce", 3: "reduce", 4: "reduce", 5: "reduce", 6: "implode",
                    9: "deflate64", 10: "PKWARE implode", 12: "bzip2", 14: "lzma", 18: "IBM TERSE",
                    19: "IBM LZ77", 93: "zstandard", 95: "xz", 96: "jpeg", 97: "wavpack", 98: "ppmd",
                    99: "AES encryption"}  # fmt: skip

_CORRUPT_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile, zipfile.BadZipFile, tarfile.TarError)
_DIRECTORY_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC
# non-blocking, so that a FIFO named *.txt cannot stall the run; never through a final link
_FILE_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC


@dataclass(slots=True)
class Discovery:
    files: list[SourceFile] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)  # extension -> files not parsed
    rejects: list[Reject] = field(default_factory=list)  # inputs refused before reading (rules)
    links_skipped: int = 0  # links to directories, and link members of archives: not followed


class ArchiveTooLarge(Exception):
    """A compressed archive that decompresses past ``MAX_ARCHIVE_SCAN_BYTES``."""

    def __init__(self, cap_bytes: int) -> None:
        super().__init__(
            f"the archive decompresses to more than {cap_bytes} bytes (MAX_ARCHIVE_SCAN_BYTES);"
            " the members past that point were not read: split the archive"
        )


class NotARegularFile(OSError):
    """An input that is a FIFO, a socket or a device where a regular file was expected."""


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


def _fits(path: str) -> bool:
    return len(os.fsencode(path)) < PATH_MAX_BYTES


def _reason(exc: Exception, default: RejectReason) -> RejectReason:
    """The reject reason for an error met while listing or reading one input."""
    if isinstance(exc, ArchiveTooLarge):
        return "too_large"
    if isinstance(exc, _CORRUPT_ERRORS):
        return "corrupt"
    if isinstance(exc, UnicodeError):
        return "bad_name"
    if isinstance(exc, NotImplementedError):  # zipfile: a compression method or feature it lacks
        return "unsupported_compression"
    if isinstance(exc, RuntimeError) and "encrypted" in str(exc):
        return "encrypted"
    if isinstance(exc, OSError):
        return "path_too_long" if exc.errno == errno.ENAMETOOLONG else "unreadable"
    return default


def _detail(exc: Exception) -> str:
    if isinstance(exc, ArchiveTooLarge):
        return str(exc)
    if isinstance(exc, UnicodeDecodeError):
        name = exc.object.decode("utf-8", "backslashreplace")
        return f"a name that is not valid UTF-8 ({exc.reason}): {name}"
    if isinstance(exc, OSError) and not isinstance(exc, _CORRUPT_ERRORS):
        if exc.errno == errno.ELOOP:
            return "it is a symbolic link (it was not one when found): not followed"
        return f"{type(exc).__name__}: {exc.strerror or exc}"
    return f"{type(exc).__name__}: {exc}"


def discover(sources: Iterable[str | os.PathLike[str]]) -> Discovery:
    """All articles under ``sources``, sorted, with what was skipped or refused (rules above)."""
    found: dict[str, SourceFile] = {}
    result = Discovery()
    for source in sources:
        root = os.path.abspath(source)  # ".." removed by name, links kept as given (rules above)
        try:
            is_directory = stat.S_ISDIR(os.stat(root).st_mode)  # an explicit link is followed
        except (OSError, ValueError):
            is_directory = False
        if not is_directory:
            _add_entry(root, None, found, result)
            continue
        real_root = os.path.realpath(root)
        for path in _walk(root, result):
            _add_entry(path, real_root, found, result)
    result.files = [found[uri] for uri in sorted(found)]
    return result


def _add_entry(path: str, real_root: str | None, found: dict[str, SourceFile], result: Discovery) -> None:
    """Add the file-like entry ``path`` (found under ``real_root``, or given as a SOURCE when
    ``real_root`` is None): an article, an archive's articles, a skipped file or a reject."""
    kind = _kind(os.path.basename(path))
    if kind is None:
        result.skipped[_extension(os.path.basename(path))] += 1
        return
    uri = display_path(path)
    if not _fits(path):
        size = len(os.fsencode(path))
        detail = f"the path is {size} bytes long; the system opens paths of at most {PATH_MAX_BYTES - 1}"
        result.rejects.append(Reject(uri, None, "read", "path_too_long", detail))
        return
    target = path
    try:
        info: os.stat_result | None = os.lstat(path)
    except (OSError, ValueError):
        info = None  # read_source will say why
    if info is not None and stat.S_ISLNK(info.st_mode):
        try:
            target = os.path.realpath(path, strict=True)
            info = os.stat(target)
        except OSError as exc:
            detail = f"a symbolic link that cannot be followed ({type(exc).__name__}: {exc.strerror or exc})"
            result.rejects.append(Reject(uri, None, "read", _reason(exc, "unreadable"), detail))
            return
        if real_root is not None and not _inside(target, real_root):
            detail = (
                f"a symbolic link to {display_path(target)}, outside the source {display_path(real_root)};"
                " not read"
            )
            result.rejects.append(Reject(uri, None, "read", "symlink_outside_root", detail))
            return
    size, mtime = (info.st_size, info.st_mtime) if info is not None else (-1, 0.0)
    if kind in ("file", "gzip"):
        _add(found, result, SourceFile(uri=uri, path=target, size=size, mtime=mtime, container=kind))
        return
    names: set[str] = set()
    try:
        for member, member_size in _list_archive(target, kind, result):
            if not member.lower().endswith(ARTICLE_SUFFIX):
                result.skipped[_extension(member)] += 1
                continue
            member_uri = uri + MEMBER_SEPARATOR + display_path(member)
            if member in names:
                detail = "another member of the archive has the same name: the first is read"
                result.rejects.append(Reject(_another_name(member_uri, found, result), None, "read",
                                             "unreadable", detail))  # fmt: skip
                continue
            names.add(member)
            member_file = SourceFile(
                uri=member_uri,
                path=target,
                size=member_size,
                mtime=mtime,
                container=kind,
                member=member,
            )
            _add(found, result, member_file)
    except Exception as exc:  # one archive that cannot be listed is one reject, never a failed run
        reason = _reason(exc, "corrupt")
        result.rejects.append(Reject(uri, None, "read", reason, f"cannot list the archive: {_detail(exc)}"))


def _inside(target: str, real_root: str) -> bool:
    return target == real_root or target.startswith(real_root.rstrip("/") + "/")


def _add(found: dict[str, SourceFile], result: Discovery, source: SourceFile) -> None:
    """Keep ``source`` unless another input already has its name (a file ``a.zip!/x.txt`` and
    the member ``x.txt`` of ``a.zip``, or two members of one name): that one is refused under
    :func:`_another_name`."""
    if source.uri not in found:
        found[source.uri] = source
    elif found[source.uri] != source:
        other = display_path(found[source.uri].path)
        detail = f"another input has the same name ({other}); rename one of them"
        second = _another_name(source.uri, found, result)
        result.rejects.append(Reject(second, None, "read", "unreadable", detail))


def _another_name(uri: str, found: dict[str, SourceFile], result: Discovery) -> str:
    """The name a second input called ``uri`` is refused under: ``<uri>#2`` (``#3`` …), so that
    its reject never stands for the file read under ``uri`` (that file's ledger row and rows)."""
    taken = {reject.source_uri for reject in result.rejects}
    number = 2
    while f"{uri}#{number}" in taken or f"{uri}#{number}" in found:
        number += 1
    return f"{uri}#{number}"


@dataclass(slots=True)
class _OpenDirectory:
    """A listed directory kept open because some subdirectory's path is too long to open alone."""

    fd: int
    waiting: int  # subdirectories not opened yet: the descriptor is closed when none is left


@dataclass(frozen=True, slots=True)
class _Pending:
    path: str  # absolute, under the SOURCE as given (links not resolved)
    parent: _OpenDirectory | None  # open when ``path`` is too long to open by itself
    follow: bool = False  # only a SOURCE itself may be a link to a directory


def _list_directory(fd: int, path: str) -> list[os.DirEntry[str]]:
    """The entries of the open directory ``fd`` (at ``path``), sorted by name."""
    with os.scandir(fd) as entries:
        return sorted(entries, key=lambda entry: entry.name)


def _walk(root: str, result: Discovery) -> Iterator[str]:
    """Every entry below ``root`` that is neither a directory nor a link to one, depth first in
    name order: files, but also FIFOs, dangling or looping links — those are refused with a
    reason later, never skipped. Directories that cannot be listed become rejects; links to
    directories are counted. Iterative: no depth is too deep."""
    stack = [_Pending(root, None, follow=True)]
    held = 0  # directories kept open for their subdirectories
    try:
        while stack:
            pending = stack.pop()
            try:
                fd = _open_directory(pending)
            except OSError as exc:
                result.rejects.append(_unlisted(pending.path, exc))
                continue
            finally:
                held -= _release(pending.parent)
            keep: _OpenDirectory | None = None
            try:
                try:
                    entries = _list_directory(fd, pending.path)
                except OSError as exc:
                    result.rejects.append(_unlisted(pending.path, exc))
                    continue
                subdirectories: list[str] = []
                for entry in entries:
                    path = pending.path.rstrip("/") + "/" + entry.name
                    try:
                        mode = entry.stat(follow_symlinks=False).st_mode
                    except OSError:
                        mode = 0  # vanished: treated as a file, refused when read
                    if stat.S_ISDIR(mode):
                        subdirectories.append(path)
                    elif stat.S_ISLNK(mode) and _links_to_directory(fd, entry.name):
                        result.links_skipped += 1
                    else:
                        yield path
                too_long = not all(_fits(path) for path in subdirectories)
                if too_long and held < MAX_OPEN_DIRECTORIES:  # beyond: path_too_long rejects
                    keep = _OpenDirectory(fd, len(subdirectories))
                    held += 1
                stack.extend(_Pending(path, keep) for path in reversed(subdirectories))
            finally:
                if keep is None:
                    os.close(fd)
    finally:
        for pending in stack:
            _release(pending.parent)


def _open_directory(pending: _Pending) -> int:
    flags = _DIRECTORY_FLAGS | (0 if pending.follow else os.O_NOFOLLOW)
    if pending.parent is None or _fits(pending.path):
        return os.open(pending.path, flags)
    return os.open(os.path.basename(pending.path), flags, dir_fd=pending.parent.fd)


def _release(directory: _OpenDirectory | None) -> int:
    """One subdirectory of ``directory`` is open: close it after the last; 1 if closed."""
    if directory is not None:
        directory.waiting -= 1
        if directory.waiting == 0:
            os.close(directory.fd)
            return 1
    return 0


def _links_to_directory(fd: int, name: str) -> bool:
    try:
        return stat.S_ISDIR(os.stat(name, dir_fd=fd).st_mode)
    except OSError:
        return False  # dangling or looping: a file-like entry, refused when read


def _unlisted(path: str, exc: OSError) -> Reject:
    detail = f"cannot list the directory ({_detail(exc)}); the files in it were not read"
    return Reject(display_path(path), None, "read", _reason(exc, "unreadable"), detail)


def _open_regular(path: str) -> BinaryIO:
    """``path`` opened for reading, never through a final symbolic link, never blocking; a FIFO,
    socket or device raises :class:`NotARegularFile`."""
    descriptor = os.open(path, _FILE_FLAGS)
    handle = os.fdopen(descriptor, "rb")
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        handle.close()
        raise NotARegularFile(errno.EINVAL, "not a regular file (a FIFO, socket or device)")
    return handle


def _list_archive(path: str, kind: Container, result: Discovery) -> Iterator[tuple[str, int]]:
    with _open_regular(path) as handle:
        if kind == "zip":
            zipped, bad_names = _open_zip(handle)
            with zipped:
                for index, zinfo in enumerate(zipped.infolist()):
                    if index in bad_names:
                        uri = display_path(path) + MEMBER_SEPARATOR + _shown(bad_names[index])
                        detail = "the member's name is flagged as UTF-8 but is not valid UTF-8; not read"
                        result.rejects.append(Reject(uri, None, "read", "bad_name", detail))
                    elif not zinfo.is_dir():
                        yield zinfo.filename, zinfo.file_size
            return
        with _open_tar(handle) as tarred:
            for tinfo in tarred:
                if tinfo.issym() or tinfo.islnk():
                    result.links_skipped += 1
                elif tinfo.isfile():
                    yield tinfo.name, tinfo.size
                elif not tinfo.isdir():
                    result.skipped[_extension(tinfo.name)] += 1  # a FIFO or device member


#: Magic numbers of the compressed streams tarfile's ``r:*`` accepts, with their readers.
_TAR_COMPRESSIONS: tuple[tuple[bytes, Callable[[BinaryIO], io.BufferedIOBase]], ...] = (
    (b"\x1f\x8b", lambda raw: gzip.GzipFile(fileobj=raw)),
    (b"BZh", lambda raw: bz2.BZ2File(raw)),
    (b"\xfd7zXZ\x00", lambda raw: lzma.LZMAFile(raw)),  # noqa: SIM115
)
_DECOMPRESSION_ERRORS = (EOFError, zlib.error, lzma.LZMAError)


def _open_tar(handle: BinaryIO) -> tarfile.TarFile:
    """The tar archive in ``handle``. A compressed one (gzip, bzip2, xz: what ``r:*`` opens,
    whatever the file's extension) is read through :class:`_CappedStream`, so listing or reading
    it never decompresses more than ``MAX_ARCHIVE_SCAN_BYTES``; a plain one is read in place
    (skipping a member is a seek, and its size is bounded by the file's)."""
    magic = handle.read(6)
    handle.seek(0)
    for prefix, opener in _TAR_COMPRESSIONS:
        if magic.startswith(prefix):
            stream = _CappedStream(opener(handle), MAX_ARCHIVE_SCAN_BYTES)
            return tarfile.open(fileobj=stream, mode="r:")  # type: ignore[call-overload]  # duck-typed file
    return tarfile.open(fileobj=handle, mode="r:")


class _CappedStream:
    """A decompressed stream that counts every byte it decompresses (reads, forward seeks done by
    reading, a backward seek as a fresh decompression from the start) and raises
    :class:`ArchiveTooLarge` before going past ``cap_bytes``. Decompression errors become
    :class:`tarfile.ReadError` (``corrupt``), as they do inside tarfile."""

    def __init__(self, inner: io.BufferedIOBase, cap_bytes: int) -> None:
        self._inner = inner
        self._cap_bytes = cap_bytes
        self._position = 0
        self._spent_bytes = 0

    def _spend(self, size: int) -> None:
        if self._spent_bytes + size > self._cap_bytes:
            raise ArchiveTooLarge(self._cap_bytes)
        self._spent_bytes += size

    def _read(self, size: int) -> bytes:
        try:
            data = self._inner.read(size)
        except _DECOMPRESSION_ERRORS as exc:
            raise tarfile.ReadError(f"{type(exc).__name__}: {exc}") from exc
        except OSError as exc:
            if exc.errno is not None:
                raise  # the file itself: unreadable
            raise tarfile.ReadError(f"{type(exc).__name__}: {exc}") from exc  # bz2, gzip: bad data
        self._position += len(data)
        return data

    def read(self, size: int = -1, /) -> bytes:
        left = self._cap_bytes - self._spent_bytes
        if size < 0 or size > left:  # never decompress past the cap, even into memory
            data = self._read(left + 1)
            self._spend(len(data))
            return data
        self._spend(size)
        return self._read(size)

    def seek(self, offset: int, whence: int = os.SEEK_SET, /) -> int:
        target = {os.SEEK_SET: offset, os.SEEK_CUR: self._position + offset}.get(whence)
        if target is None:
            raise OSError(errno.EINVAL, "a compressed archive is not sought from its end")
        if target < self._position:
            self._spend(target)  # the decompressor starts again from the beginning
            self._inner.seek(target)
            self._position = target
        while self._position < target:
            if not self.read(min(ARCHIVE_SKIP_CHUNK_BYTES, target - self._position)):
                break  # past the end: the next read answers it, as a plain file would
        return self._position

    def tell(self) -> int:
        return self._position

    def seekable(self) -> bool:
        return True


def _shown(name: bytes) -> str:
    return name.decode("utf-8", "backslashreplace")


def _open_zip(handle: BinaryIO) -> tuple[zipfile.ZipFile, dict[int, bytes]]:
    """The zip archive in ``handle``, and its members whose names are flagged UTF-8 but are not
    (by index in ``infolist()``, with their raw names). zipfile refuses the whole archive for one
    such name (``UnicodeDecodeError``); here the flag of those entries is cleared in a read-only
    view of the central directory, so the archive opens and only those members are refused."""
    try:
        return zipfile.ZipFile(handle), {}
    except UnicodeDecodeError:
        patches, bad_names = _utf8_name_patches(handle)
        return zipfile.ZipFile(_PatchedFile(handle, patches)), bad_names


_CENTRAL_HEADER = struct.Struct("<4s4xH18x3H12x")  # signature, flags, name/extra/comment lengths
_END_OF_CENTRAL_DIRECTORY = struct.Struct("<4s8xI6x")  # signature, size of the central directory
_ZIP64_LOCATOR_BYTES, _ZIP64_END_BYTES = 20, 56
_ZIP_COMMENT_MAX_BYTES = 0xFFFF


def _utf8_name_patches(handle: BinaryIO) -> tuple[dict[int, int], dict[int, bytes]]:
    """Byte patches (file offset -> new byte) that clear the UTF-8 flag of central directory
    entries whose names are not UTF-8, and those entries' raw names by index."""
    handle.seek(0, os.SEEK_END)
    end = handle.tell()
    tail_at = max(0, end - _END_OF_CENTRAL_DIRECTORY.size - _ZIP_COMMENT_MAX_BYTES)
    handle.seek(tail_at)
    tail = handle.read()
    found = tail.rfind(b"PK\x05\x06")
    if found < 0 or found + _END_OF_CENTRAL_DIRECTORY.size > len(tail):
        raise zipfile.BadZipFile("no end of central directory record")
    _, size = _END_OF_CENTRAL_DIRECTORY.unpack_from(tail, found)
    location = tail_at + found
    if found >= _ZIP64_LOCATOR_BYTES and tail[found - _ZIP64_LOCATOR_BYTES : found][:4] == b"PK\x06\x07":
        handle.seek(struct.unpack_from("<Q", tail, found - _ZIP64_LOCATOR_BYTES + 8)[0])
        record = handle.read(_ZIP64_END_BYTES)
        if len(record) < _ZIP64_END_BYTES or record[:4] != b"PK\x06\x06":
            raise zipfile.BadZipFile("a damaged zip64 end of central directory record")
        (size,) = struct.unpack_from("<Q", record, 40)
        location -= _ZIP64_LOCATOR_BYTES + _ZIP64_END_BYTES
    start = location - size  # as zipfile does: data may precede the archive
    handle.seek(start)
    directory = handle.read(size)
    patches: dict[int, int] = {}
    bad_names: dict[int, bytes] = {}
    position, index = 0, 0
    while position + _CENTRAL_HEADER.size <= len(directory):
        signature, flags, name_bytes, extra_bytes, comment_bytes = _CENTRAL_HEADER.unpack_from(
            directory, position
        )
        if signature != b"PK\x01\x02":
            raise zipfile.BadZipFile("bad magic number for a central directory entry")
        name = directory[position + _CENTRAL_HEADER.size : position + _CENTRAL_HEADER.size + name_bytes]
        if flags & ZIP_FLAG_UTF8:
            try:
                name.decode("utf-8")
            except UnicodeDecodeError:
                bad_names[index] = name
                patches[start + position + 9] = directory[position + 9] & ~(ZIP_FLAG_UTF8 >> 8) & 0xFF
        position += _CENTRAL_HEADER.size + name_bytes + extra_bytes + comment_bytes
        index += 1
    return patches, bad_names


class _PatchedFile:
    """A read-only view of a seekable binary file with a few bytes replaced (offset -> byte)."""

    def __init__(self, raw: BinaryIO, patches: dict[int, int]) -> None:
        self._raw = raw
        self._patches = patches
        self._offsets = sorted(patches)

    def read(self, size: int = -1, /) -> bytes:
        start = self._raw.tell()
        data = self._raw.read(size)
        first = bisect.bisect_left(self._offsets, start)
        last = bisect.bisect_left(self._offsets, start + len(data))
        if first == last:
            return data
        patched = bytearray(data)
        for offset in self._offsets[first:last]:
            patched[offset - start] = self._patches[offset]
        return bytes(patched)

    def seek(self, offset: int, whence: int = os.SEEK_SET, /) -> int:
        return self._raw.seek(offset, whence)

    def tell(self) -> int:
        return self._raw.tell()

    def seekable(self) -> bool:
        return True


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
    """Run ``read`` and turn whatever goes wrong into a named :class:`Reject` (rules above)."""
    try:
        data = read()
    except gzip.BadGzipFile as exc:
        return Reject(source.uri, None, "read", "corrupt", f"not a valid gzip file: {exc}")
    except Exception as exc:  # one input that cannot be read is one reject, never a failed run
        default: RejectReason = "unreadable" if source.container == "file" else "corrupt"
        return Reject(source.uri, None, "read", _reason(exc, default), _detail(exc))
    if isinstance(data, Reject):
        return data
    if len(data) > max_bytes:
        return Reject(
            source.uri, None, "read", "too_large", f"more than the {max_bytes} byte limit once read"
        )
    return data


def _read_file(source: SourceFile, max_bytes: int) -> bytes | Reject:
    with _open_regular(source.path) as handle:
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
    wanted: dict[str | None, list[SourceFile]] = {}
    for member in members:  # two aliases of one archive: one name, two sources, both answered
        wanted.setdefault(member.member, []).append(member)
    done: set[str | None] = set()
    try:
        with _open_regular(path) as handle:
            if members[0].container == "zip":
                zipped, bad_names = _open_zip(handle)
                with zipped:
                    for index, zinfo in enumerate(zipped.infolist()):
                        zip_members = wanted.get(zinfo.filename)
                        if zip_members is None or zinfo.filename in done or index in bad_names:
                            continue
                        done.add(zinfo.filename)  # the first of two members of one name
                        read = partial(_read_zip_member, zipped, zinfo, zip_members[0], max_bytes)
                        yield from _each(zip_members, _guarded(zip_members[0], max_bytes, read))
            else:
                with _open_tar(handle) as tarred:
                    for info in tarred:
                        tar_members = wanted.get(info.name)
                        if tar_members is None or info.name in done:
                            continue
                        done.add(info.name)
                        read = partial(_read_tar_member, tarred, info, tar_members[0], max_bytes)
                        yield from _each(tar_members, _guarded(tar_members[0], max_bytes, read))
    except Exception as exc:  # the archive itself failed: every member not read yet is refused
        reason = _reason(exc, "corrupt")
        detail = f"archive {display_path(path)}: {_detail(exc)}"
        for name, same_name in wanted.items():
            if name not in done:
                done.add(name)
                for source in same_name:
                    yield source, Reject(source.uri, None, "read", reason, detail)
    for name, same_name in wanted.items():
        if name not in done:
            for source in same_name:
                detail = "the member is no longer in the archive"
                yield source, Reject(source.uri, None, "read", "unreadable", detail)


def _each(
    sources: list[SourceFile], outcome: bytes | Reject
) -> Iterator[tuple[SourceFile, bytes | Reject]]:
    """One member read once, answered for each source naming it (each reject under its own uri)."""
    for source in sources:
        if isinstance(outcome, Reject):
            yield source, dataclasses.replace(outcome, source_uri=source.uri)
        else:
            yield source, outcome


def _read_zip_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: SourceFile, max_bytes: int
) -> bytes | Reject:
    if info.flag_bits & ZIP_FLAG_ENCRYPTED:
        return Reject(source.uri, None, "read", "encrypted", "the member is encrypted; no password is tried")
    if info.compress_type not in ZIP_METHODS:
        method = ZIP_METHOD_NAMES.get(info.compress_type, "unknown")
        detail = f"compressed with method {info.compress_type} ({method}), which cannot be read here"
        return Reject(source.uri, None, "read", "unsupported_compression", detail)
    if info.file_size > max_bytes:
        return _too_large(source, info.file_size, max_bytes)
    if info.compress_type in (zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA):
        return _read_bounded_zip_member(archive, info, max_bytes)
    with archive.open(info) as handle:  # a lying size header still stops at max_bytes + 1
        return handle.read(max_bytes + 1)


def _read_bounded_zip_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, max_bytes: int) -> bytes:
    """A bzip2 or LZMA member, decompressed to at most ``max_bytes`` + 1 bytes. zipfile bounds only
    deflate's output: it hands these decompressors each compressed chunk whole (up to the size
    asked for), and a few kilobytes of bzip2 can expand to gigabytes before it truncates them. So
    the compressed bytes are read as stored and decompressed here with an output limit; the CRC
    and the size header are then checked as zipfile would (a mismatch is ``corrupt``)."""
    raw = copy.copy(info)
    raw.compress_type, raw.file_size = zipfile.ZIP_STORED, info.compress_size
    del raw.CRC  # the CRC is the decompressed data's: checked below
    with archive.open(raw) as compressed:
        decompressor = _zip_decompressor(info.compress_type, compressed, max_bytes)
        out = bytearray()
        while not decompressor.eof:
            chunk = compressed.read(ZIP_READ_CHUNK_BYTES) if decompressor.needs_input else b""
            if decompressor.needs_input and not chunk:
                break  # LZMA without an end marker ends with its data; a short one fails the CRC
            out += decompressor.decompress(chunk, max_length=max_bytes + 1 - len(out))
            if len(out) > max_bytes:
                return bytes(out)  # too_large
    if len(out) != info.file_size or zlib.crc32(out) != info.CRC:
        raise zipfile.BadZipFile(
            f"the member decompresses to {len(out)} bytes that do not match its header"
            f" ({info.file_size} bytes, CRC {info.CRC:08x})"
        )
    return bytes(out)


def _zip_decompressor(
    method: int, compressed: IO[bytes], max_bytes: int
) -> bz2.BZ2Decompressor | lzma.LZMADecompressor:
    """A decompressor for a zip member's data of at most ``max_bytes``; for LZMA, its properties
    header (APPNOTE 5.8.8: version, properties size, then lc/lp/pb in one byte and the dictionary
    size) read first."""
    if method == zipfile.ZIP_BZIP2:
        return bz2.BZ2Decompressor()
    header = compressed.read(4)
    if len(header) < 4:
        raise EOFError("the LZMA header of the member ends early")
    (size,) = struct.unpack_from("<H", header, 2)
    properties = compressed.read(size)
    if size < 5 or len(properties) < size:
        raise zipfile.BadZipFile("a damaged LZMA properties header")
    packed, dictionary_bytes = properties[0], struct.unpack_from("<I", properties, 1)[0]
    if packed >= 9 * 5 * 5:
        raise zipfile.BadZipFile("a damaged LZMA properties header")
    lc, rest = packed % 9, packed // 9
    lp, pb = rest % 5, rest // 5
    # the dictionary is allocated whole, and a header may claim 4 GiB: no match of an output we
    # accept (at most max_bytes + 1) reaches further back than that, so the rest is never needed
    dictionary_bytes = max(LZMA_MIN_DICTIONARY_BYTES, min(dictionary_bytes, max_bytes + 1))
    lzma1 = {"id": lzma.FILTER_LZMA1, "dict_size": dictionary_bytes, "lc": lc, "lp": lp, "pb": pb}
    return lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=[lzma1])


def _read_tar_member(
    archive: tarfile.TarFile, info: tarfile.TarInfo, source: SourceFile, max_bytes: int
) -> bytes | Reject:
    if info.size > max_bytes:
        return _too_large(source, info.size, max_bytes)
    handle = archive.extractfile(info)
    if handle is None:
        return Reject(source.uri, None, "read", "unreadable", "not a regular file in the archive")
    return handle.read(max_bytes + 1)
