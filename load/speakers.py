"""The ``speakers`` dimension, kept up to date inside a load's (or a prune's) transaction.

A change of articles touches the speakers of the quotes it removes and of those it adds
(:func:`note_touched`, called before the old rows go); once the new rows are in, each touched
speaker's row is computed again from all of its quotes in the warehouse
(:func:`refresh_speakers`, by :class:`transforms.speakers.dimension.SpeakerRows`) and replaces the
old one; a speaker with no quote left loses its row. The work grows with the touched speakers'
quotes, not with the archive: a daily run of new articles reads the quotes of the people it
quotes. Ids come from the names (:mod:`transforms.speakers.identity`), so the rows are the same
whatever order the articles came in; the quotes are read in chunks of :data:`MENTIONS_PER_CHUNK`,
for :data:`SPEAKERS_PER_BATCH` speakers at a time, of whom only the counts are held.
"""

from __future__ import annotations

import duckdb

from schemas.tables import SPEAKERS
from transforms.speakers.dimension import SpeakerRows

#: the temporary table of the speaker ids a change touches
TOUCHED = "speakers_touched"
#: speakers whose rows are made at a time: what is held is their counts (bounds a rebuild's memory)
SPEAKERS_PER_BATCH = 2_000
#: quotes read from the database at a time (a speaker's quotes may be many more)
MENTIONS_PER_CHUNK = 50_000

#: the table's columns by name (an upgraded warehouse may hold them in another order)
_COLUMNS = ", ".join(f'"{name}"' for name in SPEAKERS.names)
_MENTIONS_SQL = f"""
    SELECT q.speaker_id, q.speaker_kind, q.speaker_resolved, q.speaker_role, a.published_date, q.article_id
    FROM quotes q JOIN articles a USING (article_id)
    WHERE q.speaker_id BETWEEN ? AND ? AND q.speaker_id IN (SELECT speaker_id FROM {TOUCHED})
"""  # noqa: S608  TOUCHED is this module's constant


def note_touched(con: duckdb.DuckDBPyConnection, outgoing_sql: str, incoming_sql: str | None = None) -> None:
    """Record the speakers of the quotes of the articles ``outgoing_sql`` selects (``article_id``:
    about to be removed or replaced) and of the staged quotes ``incoming_sql`` selects (rows with a
    ``speaker_id`` column), before the warehouse changes."""
    incoming = ""
    if incoming_sql:
        incoming = f" UNION SELECT speaker_id FROM ({incoming_sql}) WHERE speaker_id IS NOT NULL"  # noqa: S608
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {TOUCHED} AS "  # noqa: S608  SQL of the caller's constants
        f"SELECT DISTINCT speaker_id FROM quotes WHERE speaker_id IS NOT NULL "
        f"AND article_id IN ({outgoing_sql}){incoming}"
    )


def refresh_speakers(con: duckdb.DuckDBPyConnection) -> int:
    """Replace the touched speakers' rows by what their quotes now say; return the rows written."""
    ids = [row[0] for row in con.execute(f"SELECT speaker_id FROM {TOUCHED} ORDER BY 1").fetchall()]  # noqa: S608
    con.execute(f"DELETE FROM speakers WHERE speaker_id IN (SELECT speaker_id FROM {TOUCHED})")  # noqa: S608
    written = 0
    for i in range(0, len(ids), SPEAKERS_PER_BATCH):
        batch = ids[i : i + SPEAKERS_PER_BATCH]
        counted = SpeakerRows()
        reader = con.sql(_MENTIONS_SQL, params=[batch[0], batch[-1]]).to_arrow_reader(MENTIONS_PER_CHUNK)
        for chunk in reader:
            counted.add(chunk)
        rows = counted.table()
        if rows.num_rows:
            con.register("_speaker_rows", rows)
            try:
                con.execute(f"INSERT INTO speakers ({_COLUMNS}) SELECT {_COLUMNS} FROM _speaker_rows")  # noqa: S608
            finally:
                con.unregister("_speaker_rows")
            written += rows.num_rows
    return written
