"""The ``speakers`` rows of some speaker ids, from their quotes: the dimension's one rule set.

The load gives the quotes of the speakers a run touched (:data:`MENTION_COLUMNS`, one row per
quote with a ``speaker_id``, its article's ``published_date``) and stores what this returns in their
place, so a row is always a function of the warehouse's quotes alone: the same whatever order the
articles were loaded in, and the same after an incremental run as after a rebuild.

- ``name``: the most quoted plain spelling (no title, owner or honorific around the name: ``Frank
  Field``, not ``Frank Field MP``; ties: the first in code-point order), else the most quoted
  spelling; ``name_key`` its key;
- ``variants``: every spelling with its quotes, most quoted first (then in code-point order);
- ``roles``: every title with its first and last published date and its quotes, by first date
  (then title); a quote of an undated article counts, but gives no date;
- ``first_seen`` / ``last_seen``: the earliest and latest published date of the quotes' articles
  (null when none is dated); ``articles`` and ``quotes``: how many.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa

from schemas.tables import SPEAKERS
from transforms.speakers.identity import SpeakerKind, is_plain, name_key

#: the columns the load gives, one row per quote
MENTION_COLUMNS = (
    "speaker_id",
    "speaker_kind",
    "speaker_resolved",
    "speaker_role",
    "published_date",
    "article_id",
)


def _min(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return b if a is None else a if b is None else min(a, b)


def _max(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return b if a is None else a if b is None else max(a, b)


class _Speaker:
    __slots__ = ("articles", "first", "kind", "last", "quotes", "roles", "variants")

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.variants: dict[str, int] = {}
        self.roles: dict[str, list[Any]] = {}  # role → [first, last, quotes]
        self.first: dt.date | None = None
        self.last: dt.date | None = None
        self.articles: set[str] = set()
        self.quotes = 0


class SpeakerRows:
    """The ``speakers`` rows of mentions given in any number of parts (:meth:`add`): a load reads
    a large speaker's quotes in bounded chunks, and only each speaker's counts are held."""

    def __init__(self) -> None:
        self._speakers: dict[str, _Speaker] = {}

    def add(self, mentions: pa.Table | pa.RecordBatch) -> None:
        """Count ``mentions`` (the columns of :data:`MENTION_COLUMNS`, one row per quote); a
        mention with an id but without a ``speaker_resolved`` or ``speaker_kind`` is a bug
        upstream (``ValueError``), never a row to make up."""
        speakers = self._speakers
        columns = [mentions.column(name).to_pylist() for name in MENTION_COLUMNS]
        for sid, kind, resolved, role, date, article in zip(*columns, strict=True):
            if sid is None:
                continue
            if not resolved or kind not in ("person", "organisation"):
                raise ValueError(
                    f"speaker {sid}: a quote without a resolved name or kind ({resolved!r}, {kind!r})"
                )
            s = speakers.get(sid)
            if s is None:
                s = speakers[sid] = _Speaker(kind)
            s.quotes += 1
            s.articles.add(article)
            s.variants[resolved] = s.variants.get(resolved, 0) + 1
            s.first, s.last = _min(s.first, date), _max(s.last, date)
            if role:
                held = s.roles.get(role)
                if held is None:
                    s.roles[role] = [date, date, 1]
                else:
                    held[0], held[1], held[2] = _min(held[0], date), _max(held[1], date), held[2] + 1

    def table(self) -> pa.Table:
        """The rows of every speaker counted so far (schema :data:`~schemas.tables.SPEAKERS`, by
        ``speaker_id``)."""
        return _rows(self._speakers)


def speaker_rows(mentions: pa.Table) -> pa.Table:
    """The ``speakers`` rows of every speaker id in ``mentions`` (:class:`SpeakerRows` at once)."""
    rows = SpeakerRows()
    rows.add(mentions)
    return rows.table()


def _rows(speakers: dict[str, _Speaker]) -> pa.Table:
    rows = []
    for sid in sorted(speakers):
        s = speakers[sid]
        variants = sorted(s.variants.items(), key=lambda v: (-v[1], v[0]))
        speaker_kind: SpeakerKind = "person" if s.kind == "person" else "organisation"
        name = min(variants, key=lambda v: (not is_plain(v[0], speaker_kind), -v[1], v[0]))[0]
        key = name_key(name, speaker_kind)
        if key is None:
            raise ValueError(f"speaker {sid}: {name!r} has no key, so it cannot have an id")
        roles = sorted(s.roles.items(), key=lambda r: (r[1][0] is None, r[1][0] or dt.date.min, r[0]))
        rows.append(
            {
                "speaker_id": sid,
                "name": name,
                "name_key": key,
                "speaker_kind": speaker_kind,
                "variants": [{"name": n, "quotes": q} for n, q in variants],
                "roles": [
                    {"role": r, "first_seen": first, "last_seen": last, "quotes": q}
                    for r, (first, last, q) in roles
                ],
                "first_seen": s.first,
                "last_seen": s.last,
                "articles": len(s.articles),
                "quotes": s.quotes,
            }
        )
    return pa.Table.from_pylist(rows, schema=SPEAKERS)
