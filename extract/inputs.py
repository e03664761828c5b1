"""What an input is: its kinds (by name), the limits on reading it, opening it safely, and the
reject reason and detail of an error met while listing or reading it.

:mod:`extract.discover` finds the inputs, :mod:`extract.archives` opens zip and tar archives and
:mod:`extract.read` reads them; all three share what is here. The rules are in their docstrings.
"""

from __future__ import annotations

import errno
import gzip
import os
import stat
import tarfile
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from schemas import RejectReason
from schemas.records import Container

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


def _open_regular(path: str) -> BinaryIO:
    """``path`` opened for reading, never through a final symbolic link, never blocking; a FIFO,
    socket or device raises :class:`NotARegularFile`."""
    descriptor = os.open(path, _FILE_FLAGS)
    handle = os.fdopen(descriptor, "rb")
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        handle.close()
        raise NotARegularFile(errno.EINVAL, "not a regular file (a FIFO, socket or device)")
    return handle
