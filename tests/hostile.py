"""Builders of hostile input for the tests: zip members that zipfile cannot read, text shapes that
used to cost super-linear time, a directory tree deeper than the recursion limit.

Not a test module: tests import these builders (every byte is written here, nothing is copied
from ``../shared``).
"""

from __future__ import annotations

import io
import os
import struct
import tarfile
import zipfile
from pathlib import Path
from typing import Literal


def article_text(n: int, *, url: str | None = None, title: str | None = None, body: str | None = None) -> str:
    """A good article, different from every other ``n`` in URL and body."""
    url = url or f"https://example.org/2022/03/0{n % 9 + 1}/report-{n}.html"
    title = title or f"Harbour board publishes report number {n}"
    body = body or (
        f"The harbour board published its report number {n} on Monday after a year of work.\n"
        f"“The port handled {n} more ships than planned,” the board's chair, Mira Solberg, said.\n"
    )
    return f" date 2022-03-0{n % 9 + 1} {url}\n{title}\n{body}"


def zip_with_members(members: dict[str, bytes]) -> bytes:
    """A plain (stored) zip archive of ``members``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


ZIP_LOCAL_HEADER, ZIP_CENTRAL_HEADER = b"PK\x03\x04", b"PK\x01\x02"
ZIP_FLAG_ENCRYPTED = 0x1
ZIP_FLAG_UTF8_NAME = 0x800
ZIP_METHOD_DEFLATE64 = 9


def patched_zip(members: dict[str, bytes], target: str, **changes) -> bytes:
    """A stored zip of ``members`` with member ``target`` changed by :func:`patch_member`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return patch_member(buffer.getvalue(), target, **changes)


def patch_member(raw: bytes, target: str, *, flags: int = 0, method: int | None = None,
                 name: bytes | None = None, local_only: bool = False) -> bytes:  # fmt: skip
    """Zip bytes whose member ``target`` has ``flags`` ORed into its local and central headers
    (or only the local one), its compression ``method`` set, its name bytes replaced by ``name``
    (same length): what zipfile cannot write (encrypted, Deflate64, invalid UTF-8 names)."""
    out, wanted = bytearray(raw), target.encode("ascii")
    assert name is None or len(name) == len(wanted)
    headers = [(ZIP_LOCAL_HEADER, 6, 8, 26, 30), (ZIP_CENTRAL_HEADER, 8, 10, 28, 46)]
    for signature, flags_at, method_at, length_at, name_at in headers[: 1 if local_only else 2]:
        start = out.find(signature)
        while start >= 0:
            (length,) = struct.unpack_from("<H", out, start + length_at)
            if out[start + name_at : start + name_at + length] == wanted:
                (bits,) = struct.unpack_from("<H", out, start + flags_at)
                struct.pack_into("<H", out, start + flags_at, bits | flags)
                if method is not None:
                    struct.pack_into("<H", out, start + method_at, method)
                if name is not None:
                    out[start + name_at : start + name_at + length] = name
            start = out.find(signature, start + 4)
    return bytes(out)


def with_zip64_end_records(raw: bytes) -> bytes:
    """The zip ``raw`` with a zip64 end of central directory record and locator before its end
    record (as an archive of 65,536+ members or 4 GiB has), the end record pointing to them."""
    end = raw.rfind(b"PK\x05\x06")
    entries, size, offset = struct.unpack_from("<HII", raw, end + 10)
    record = struct.pack("<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, entries, entries, size, offset)
    locator = struct.pack("<4sIQI", b"PK\x06\x07", 0, end, 1)
    tail = bytearray(raw[end:])
    struct.pack_into("<HHII", tail, 8, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
    return raw[:end] + record + locator + bytes(tail)


def encrypted_member_zip(good: dict[str, bytes], encrypted_name: str, encrypted: bytes) -> bytes:
    """A zip whose member ``encrypted_name`` claims to be encrypted (zipfile asks for a password:
    ``RuntimeError``) beside the readable ``good`` members."""
    return patched_zip({**good, encrypted_name: encrypted}, encrypted_name, flags=ZIP_FLAG_ENCRYPTED)


def deflate64_member_zip(good: dict[str, bytes], name: str, data: bytes) -> bytes:
    """A zip whose member ``name`` says it is compressed with Deflate64 (``NotImplementedError``)."""
    return patched_zip({**good, name: data}, name, method=ZIP_METHOD_DEFLATE64)


def invalid_utf8_name_zip(good: dict[str, bytes], name: str, data: bytes) -> bytes:
    """A zip whose member ``name`` (ASCII, containing ``X``) is flagged UTF-8 but holds the byte
    0xFF instead of the ``X`` (zipfile raises ``UnicodeDecodeError`` while listing)."""
    bad = name.encode("ascii").replace(b"X", b"\xff", 1)
    return patched_zip({**good, name: data}, name, flags=ZIP_FLAG_UTF8_NAME, name=bad)


def deep_tree(root: Path, levels: int, leaf_name: str, leaf: bytes, *, component: str = "d") -> Path:
    """``root/d/d/…/d/leaf_name`` ``levels`` directories deep, built with directory descriptors
    (no path of the chain is ever passed whole to the system); return the leaf's path."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(levels):
            os.mkdir(component, dir_fd=fd)
            child = os.open(component, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = child
        leaf_fd = os.open(leaf_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644, dir_fd=fd)
        with os.fdopen(leaf_fd, "wb") as handle:
            handle.write(leaf)
    finally:
        os.close(fd)
    return root.joinpath(*([component] * levels), leaf_name)


# ---------------------------------------------------------------- text that used to cost O(n²)
def glued_then_at_signs(repeat: int) -> str:
    """A glued sentence boundary followed by a long run of ``a@a@a@…`` (the e-mail/URL guard)."""
    return "The ministry announced new policies.The plan starts " + "a@" * repeat + " today."


def quote_then_initials(repeat: int) -> str:
    """A quotation followed by thousands of initials (the person-name pattern)."""
    return "“We will not give up,” said " + "A. " * repeat + "Smith."


def said_adding_repeated(repeat: int) -> str:
    """One ``“X,” he said, adding, “Y.”`` sentence shape repeated (frames × segments)."""
    return " ".join(["“We are ready,” he said, adding, “We will talk.”"] * repeat)


class _Zeros(io.RawIOBase):
    """``size`` zero bytes, produced as read (a bomb's payload never sits in memory whole)."""

    def __init__(self, size: int) -> None:
        self._left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = min(len(buffer), self._left)
        buffer[:count] = bytes(count)
        self._left -= count
        return count


def tar_bomb(
    zero_bytes: int,
    after: dict[str, bytes],
    *,
    before: dict[str, bytes] | None = None,
    mode: Literal["w:gz", "w:bz2", "w:xz"] = "w:gz",
    zero_name: str = "zeros.bin",
) -> bytes:
    """A compressed tar of ``before``, one member of ``zero_bytes`` zeros, then ``after``: small
    on disk, ``zero_bytes`` to decompress before the members after it can be reached."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode) as archive:
        for name, data in (before or {}).items():
            archive.addfile(_tar_info(name, len(data)), io.BytesIO(data))
        archive.addfile(_tar_info(zero_name, zero_bytes), io.BufferedReader(_Zeros(zero_bytes)))
        for name, data in after.items():
            archive.addfile(_tar_info(name, len(data)), io.BytesIO(data))
    return buffer.getvalue()


def _tar_info(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    return info


def compressed_zip_with_lying_size(name: str, data: bytes, method: int, claimed_bytes: int) -> bytes:
    """A zip whose member ``name`` holds ``data`` compressed with ``method`` (bzip2, LZMA) but whose
    headers claim ``claimed_bytes`` (a bomb that passes a check of the size header)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        archive.writestr(name, data)
    out, wanted = bytearray(buffer.getvalue()), name.encode("ascii")
    for signature, size_at, name_at in ((ZIP_LOCAL_HEADER, 22, 30), (ZIP_CENTRAL_HEADER, 24, 46)):
        start = out.find(signature)
        while start >= 0:
            if out[start + name_at : start + name_at + len(wanted)] == wanted:
                struct.pack_into("<I", out, start + size_at, claimed_bytes)
            start = out.find(signature, start + 4)
    return bytes(out)
