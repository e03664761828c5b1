"""Opening zip and tar archives safely: nothing is extracted, nothing decompressed past a cap.

Rules:

* A compressed tar archive (gzip, bzip2 or xz, whatever its extension) has no index: reaching a
  member means decompressing everything before it, on every run. Listing or reading one never
  decompresses more than ``MAX_ARCHIVE_SCAN_BYTES``: the members before that point are listed and
  read as usual, the rest of the archive is one ``too_large`` reject naming the cap (at
  discovery, by the archive's name; at reading, by each member's). A bomb costs seconds, never a
  stall or a failed run.
* A zip member whose name is flagged UTF-8 but is not makes zipfile refuse the whole archive;
  here only that member is refused (:func:`_open_zip`).
"""

from __future__ import annotations

import bisect
import bz2
import errno
import gzip
import io
import lzma
import os
import struct
import tarfile
import zipfile
import zlib
from collections.abc import Callable
from typing import BinaryIO

from extract.inputs import ARCHIVE_SKIP_CHUNK_BYTES, MAX_ARCHIVE_SCAN_BYTES, ZIP_FLAG_UTF8, ArchiveTooLarge

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
