"""Finding raw article files: walking the SOURCEs, listing archives, what is skipped or refused.

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

Compressed tar archives are listed within ``MAX_ARCHIVE_SCAN_BYTES`` (:mod:`extract.archives`).
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from extract.archives import _open_tar, _open_zip, _shown
from extract.inputs import (
    _DIRECTORY_FLAGS,
    ARTICLE_SUFFIX,
    MAX_OPEN_DIRECTORIES,
    PATH_MAX_BYTES,
    _detail,
    _extension,
    _fits,
    _kind,
    _open_regular,
    _reason,
)
from schemas import Reject, SourceFile
from schemas.records import Container
from schemas.uris import MEMBER_SEPARATOR, display_path


@dataclass(slots=True)
class Discovery:
    files: list[SourceFile] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)  # extension -> files not parsed
    rejects: list[Reject] = field(default_factory=list)  # inputs refused before reading (rules)
    links_skipped: int = 0  # links to directories, and link members of archives: not followed


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
        for path, entry in _walk(root, result):
            _add_entry(path, real_root, found, result, entry)
    result.files = [found[uri] for uri in sorted(found)]
    return result


def _add_entry(
    path: str,
    real_root: str | None,
    found: dict[str, SourceFile],
    result: Discovery,
    entry: os.DirEntry[str] | None = None,
) -> None:
    """Add the file-like entry ``path`` (found under ``real_root``, or given as a SOURCE when
    ``real_root`` is None): an article, an archive's articles, a skipped file or a reject.
    ``entry``, its directory entry when the walk found it, gives its ``lstat`` (one system call
    per file: the walk itself asks none for a file)."""
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
        info: os.stat_result | None = os.lstat(path) if entry is None else entry.stat(follow_symlinks=False)
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


def _walk(root: str, result: Discovery) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Every entry below ``root`` that is neither a directory nor a link to one, with its
    directory entry, depth first in name order: files, but also FIFOs, dangling or looping
    links — those are refused with a reason later, never skipped. Directories that cannot be
    listed become rejects; links to directories are counted. Iterative: no depth is too deep.
    An entry's type comes from the directory listing where the file system gives it (no
    ``stat`` per entry)."""
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
                prefix = pending.path.rstrip("/") + "/"
                for entry in entries:
                    path = prefix + entry.name
                    # False when it vanished: treated as a file, refused when read
                    if entry.is_dir(follow_symlinks=False):
                        subdirectories.append(path)
                    elif entry.is_symlink() and _links_to_directory(fd, entry.name):
                        result.links_skipped += 1
                    else:
                        yield path, entry
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
