"""How a raw file is named in the warehouse (``source_uri``), written once for every stage.

* A file's ``source_uri`` is its path as valid UTF-8 text (:func:`display_path`): undecodable
  bytes of a file name are shown as ``\\xNN``.
* A member of an archive is named ``<archive>!/<member>`` (:data:`MEMBER_SEPARATOR`), so the
  load can tell which archive a member belongs to and the invariants which reject covers it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MEMBER_SEPARATOR = "!/"


def display_path(path: str) -> str:
    """A path as valid UTF-8 text: undecodable bytes of a file name shown as ``\\xNN``."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


@dataclass(frozen=True, slots=True)
class SourcesPresent:
    """What a fresh look at some SOURCEs found there, for ``news-etl prune``: which roots were
    looked at, which files are present, and which directories could not be listed.

    A file (or its archive) that is found, even if refused, is present; so is one under a
    directory that could not be listed now (it may be there, unseen: a transient error must not
    cost rows). Only files under one of the roots are judged at all.
    """

    roots: tuple[str, ...]  # the SOURCEs, absolute, as source_uri text
    found: frozenset[str]  # source_uris of the files found and of the inputs refused
    unlisted: tuple[str, ...]  # 'directory/' prefixes of the directories not listed

    @classmethod
    def of(cls, roots: Sequence[str], found: Iterable[str], unlisted: Iterable[str]) -> SourcesPresent:
        return cls(tuple(roots), frozenset(found), tuple(uri.rstrip("/") + "/" for uri in unlisted))

    def covers(self, uri: str) -> bool:
        """Whether ``uri`` lies under one of the roots (an archive member under its archive)."""
        return any(uri == root or uri.startswith((root.rstrip("/") + "/", root + MEMBER_SEPARATOR))
                   for root in self.roots)  # fmt: skip

    def has(self, uri: str) -> bool:
        """Whether ``uri`` (or the archive holding it) is still there, or may be, unseen."""
        container = uri.split(MEMBER_SEPARATOR, 1)[0]
        inside_found_archive = container != uri and container in self.found
        return uri in self.found or inside_found_archive or uri.startswith(self.unlisted)
