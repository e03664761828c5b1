"""Reading raw article files and archive members: the only module that reads input bytes.

Rules:

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

import bz2
import copy
import dataclasses
import gzip
import lzma
import os
import struct
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from functools import partial
from typing import IO

from extract.archives import _open_tar, _open_zip
from extract.inputs import (
    LZMA_MIN_DICTIONARY_BYTES,
    MAX_FILE_BYTES,
    ZIP_FLAG_ENCRYPTED,
    ZIP_METHOD_NAMES,
    ZIP_METHODS,
    ZIP_READ_CHUNK_BYTES,
    _detail,
    _open_regular,
    _reason,
)
from schemas import Reject, RejectReason, SourceFile
from schemas.uris import display_path


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


def _each(sources: list[SourceFile], outcome: bytes | Reject) -> Iterator[tuple[SourceFile, bytes | Reject]]:
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
