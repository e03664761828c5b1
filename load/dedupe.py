"""Duplicates: a file whose article or body another file already holds is refused as
``duplicate``; an article that nearly duplicates an earlier one is loaded and flagged
(``duplicate_of``)."""

from __future__ import annotations

import duckdb

from transforms.similarity import (
    NEAR_DUPLICATE_JACCARD,
    NEAR_DUPLICATE_RECENT_CANDIDATES,
    lsh_bands,
)


def settle_duplicates(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    """Split stage_articles into keepers (``keep``) and duplicates added to stage_rejects.

    ``run_sources``, the files whose earlier rows this run replaces, leaves out the ``stale``
    ones (:func:`find_stale`) and those it found unchanged: their rows stay and count as
    standing articles.
    """
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE run_sources AS
        (SELECT source_uri FROM stage_articles UNION SELECT source_uri FROM stage_rejects)
        EXCEPT (SELECT source_uri FROM stale
                UNION SELECT source_uri FROM stage_files WHERE outcome IN ('unchanged', 'outside_window'))
        """
    )
    # articles already loaded from files that are not part of this run keep their place
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE standing AS
        SELECT article_id, body_sha256, source_uri FROM articles
        WHERE source_uri NOT IN (SELECT source_uri FROM run_sources)
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE verdicts AS
        WITH by_id AS (
            SELECT source_uri, article_id, body_sha256,
                   first_value(source_uri) OVER (PARTITION BY article_id ORDER BY source_uri) AS id_first
            FROM stage_articles
        ), by_body AS (
            SELECT *,
                first_value(article_id) OVER (PARTITION BY body_sha256 ORDER BY source_uri) AS body_first,
                first_value(source_uri) OVER (PARTITION BY body_sha256 ORDER BY source_uri) AS body_first_uri
            FROM by_id WHERE source_uri = id_first
        )
        SELECT b.source_uri, b.article_id,
            CASE
                WHEN b.source_uri <> b.id_first
                    THEN 'same URL as article ' || b.article_id || ' loaded from ' || b.id_first
                WHEN s.source_uri <> s.body_first_uri
                    THEN 'same body as article ' || s.body_first || ' loaded from ' || s.body_first_uri
                WHEN w.article_id IS NOT NULL
                    THEN 'same URL as article ' || w.article_id || ' already loaded from ' || w.source_uri
                WHEN wb.article_id IS NOT NULL
                    THEN 'same body as article ' || wb.article_id || ' already loaded from ' || wb.source_uri
            END AS duplicate_of
        FROM by_id b
        LEFT JOIN by_body s USING (source_uri)
        LEFT JOIN (SELECT article_id, min(source_uri) AS source_uri FROM standing GROUP BY 1) w
            ON w.article_id = b.article_id
        LEFT JOIN (SELECT body_sha256, min(article_id) AS article_id, min(source_uri) AS source_uri
                   FROM standing GROUP BY 1) wb
            ON wb.body_sha256 = b.body_sha256
        """
    )
    con.execute(
        """
        INSERT INTO stage_rejects (source_uri, source_sha256, stage, reason, detail, run_id)
        SELECT a.source_uri, a.source_sha256, 'load', 'duplicate', v.duplicate_of, ?
        FROM stage_articles a JOIN verdicts v USING (source_uri)
        WHERE v.duplicate_of IS NOT NULL
        """,
        [run_id],
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE keep AS
        SELECT source_uri, article_id FROM verdicts WHERE duplicate_of IS NULL
        """
    )


def flag_near_duplicates(con: duckdb.DuckDBPyConnection) -> None:
    """Set ``duplicate_of`` on keepers that nearly duplicate an earlier article (MinHash LSH).

    The same answer as :func:`~transforms.similarity.find_near_duplicates` (a test holds
    them equal), computed in DuckDB. The articles are ordered: the standing ones (by
    ``article_id``), then the keepers (by ``source_uri``). Per LSH band key, a window over its
    holders in that order names each keeper's candidates: the key's first holder and its
    :data:`~transforms.similarity.NEAR_DUPLICATE_RECENT_CANDIDATES` latest earlier
    holders. So an article has at most ``bands × (1 + that)`` candidate pairs, however many
    versions of its story there are (the all-pairs band join this replaces grew with the square
    of a cluster's size and ran out of memory at 100,000 files in clusters of ~26). Each pair is
    compared on the whole signature (as hex text, two characters a byte); ``duplicate_of`` is the
    most similar candidate at or above the threshold, the earliest on a tie.

    Only the keepers are named candidates, so only the standing articles that hold one of the
    keepers' band keys take part (and an id a keeper shares, which keeps its standing place):
    every holder of such a key is among them, in the same order, so each window, and each
    decision, is what it would be over the whole warehouse. A daily run of a few hundred files
    into a large warehouse windows over their few candidates, not over every signature.
    """
    bands, rows = lsh_bands()
    width = rows * 8  # hex characters of one band
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _near_signatures AS
        WITH incoming_sigs AS (
            SELECT a.article_id, hex(a.minhash) AS minhash, a.source_uri
            FROM stage_articles a JOIN keep USING (source_uri, article_id) WHERE a.minhash IS NOT NULL),
        incoming_keys AS (
            SELECT DISTINCT b.band, substr(i.minhash, b.band * {width} + 1, {width}) AS key
            FROM incoming_sigs i, range({bands}) b(band)),
        standing_all AS (
            SELECT s.article_id, hex(s.minhash) AS minhash
            FROM _signatures s SEMI JOIN standing USING (article_id)),
        -- only the standing articles that hold a band key of an incoming one can be its candidates
        sharing AS (
            SELECT article_id FROM (
                SELECT s.article_id, b.band, substr(s.minhash, b.band * {width} + 1, {width}) AS key
                FROM standing_all s, range({bands}) b(band)) SEMI JOIN incoming_keys USING (band, key)
            UNION SELECT article_id FROM incoming_sigs),
        standing_sigs AS (
            SELECT article_id, minhash, false AS incoming, row_number() OVER (ORDER BY article_id) AS ord
            FROM standing_all WHERE article_id IN (SELECT article_id FROM sharing)),
        incoming AS (
            SELECT article_id, minhash, true AS incoming,
                   (SELECT count(*) FROM standing_sigs) + row_number() OVER (ORDER BY source_uri) AS ord
            FROM incoming_sigs)
        -- an id already entered keeps its first signature and place, and is not compared again
        SELECT article_id, arg_min(minhash, ord) AS minhash, arg_min(incoming, ord) AS incoming,
               min(ord) AS ord
        FROM (SELECT * FROM standing_sigs UNION ALL SELECT * FROM incoming) GROUP BY article_id
        """  # noqa: S608  lsh_bands()'s numbers
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _near_pairs AS
        WITH keyed AS (
            SELECT s.article_id, s.ord, s.incoming, b.band,
                   substr(s.minhash, b.band * {width} + 1, {width}) AS key
            FROM _near_signatures s, range({bands}) b(band)),
        held AS (
            SELECT article_id, incoming,
                   first_value(article_id) OVER (PARTITION BY band, key ORDER BY ord) AS representative,
                   list(article_id) OVER (PARTITION BY band, key ORDER BY ord
                       ROWS BETWEEN {NEAR_DUPLICATE_RECENT_CANDIDATES} PRECEDING AND 1 PRECEDING) AS latest
            FROM keyed),
        named AS (
            SELECT article_id, unnest(list_prepend(representative, coalesce(latest, []))) AS candidate
            FROM held WHERE incoming)
        SELECT DISTINCT article_id, candidate FROM named WHERE candidate <> article_id
        """  # noqa: S608  lsh_bands()'s numbers and NEAR_DUPLICATE_RECENT_CANDIDATES
    )
    # the values of the signatures that take part, one column each: 64 plain comparisons a pair
    slots = range(bands * rows)
    values = ", ".join(f"('0x' || substr(minhash, {k * 8 + 1}, 8))::UINTEGER AS v{k}" for k in slots)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _near_values AS
        SELECT article_id, ord, {values} FROM _near_signatures
        WHERE article_id IN (SELECT article_id FROM _near_pairs UNION ALL SELECT candidate FROM _near_pairs)
        """  # noqa: S608  columns made from range(bands * rows)
    )
    equal = " + ".join(f"(s.v{k} = c.v{k})::INTEGER" for k in slots)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _near AS
        WITH scored AS (
            SELECT p.article_id, p.candidate, c.ord AS candidate_ord, ({equal}) / {len(slots)} AS similarity
            FROM _near_pairs p JOIN _near_values s ON s.article_id = p.article_id
                               JOIN _near_values c ON c.article_id = p.candidate)
        SELECT article_id, arg_min(candidate, (-similarity, candidate_ord)) AS duplicate_of
        FROM scored WHERE similarity >= {NEAR_DUPLICATE_JACCARD}
        GROUP BY article_id
        """  # noqa: S608  the columns, their count and NEAR_DUPLICATE_JACCARD
    )
    con.execute(
        "UPDATE stage_articles SET duplicate_of = f.duplicate_of FROM _near f "
        "WHERE stage_articles.article_id = f.article_id"
    )
    for table in ("_near_values", "_near_pairs", "_near_signatures"):
        con.execute(f"DROP TABLE {table}")
