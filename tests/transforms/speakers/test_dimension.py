"""The ``speakers`` rows of a set of quotes (transforms.speakers.dimension)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

import pyarrow as pa
import pytest

from schemas.tables import SPEAKERS
from transforms.speakers.dimension import MENTION_COLUMNS, SpeakerRows, speaker_rows
from transforms.speakers.identity import name_key, speaker_id

LAVROV = speaker_id("person", "sergey lavrov")
NATO = speaker_id("organisation", "nato")
D = dt.date


def _mentions(rows: Sequence[Sequence[object]]) -> pa.Table:
    columns: list[Sequence[object]] = list(zip(*rows, strict=True)) if rows else [[] for _ in MENTION_COLUMNS]
    types = [pa.string()] * 4 + [pa.date32(), pa.string()]
    return pa.table(
        {name: pa.array(col, type=t) for name, col, t in zip(MENTION_COLUMNS, columns, types, strict=True)}
    )


ROWS = [
    (LAVROV, "person", "Sergey Lavrov", "Foreign Minister", D(2022, 2, 10), "a1"),
    (LAVROV, "person", "Sergey Lavrov", "Foreign Minister", D(2022, 2, 10), "a1"),
    (LAVROV, "person", "Sergei Lavrov", None, D(2022, 3, 1), "a2"),
    (LAVROV, "person", "Sergey Lavrov", "Minister of Foreign Affairs", D(2021, 12, 5), "a3"),
    (LAVROV, "person", "Sergey Lavrov", "Foreign Minister", None, "a4"),  # an undated article
    (NATO, "organisation", "NATO", None, D(2022, 2, 24), "a1"),
    (None, None, None, None, D(2022, 2, 24), "a1"),  # a quote of nobody known: no speaker row
]


def test_one_row_per_speaker_with_its_spellings_roles_dates_and_counts() -> None:
    table = speaker_rows(_mentions(ROWS))
    assert table.schema == SPEAKERS
    lavrov, nato = sorted(table.to_pylist(), key=lambda r: r["speaker_kind"] != "person")
    assert lavrov == {
        "speaker_id": LAVROV,
        "name": "Sergey Lavrov",
        "name_key": "sergey lavrov",
        "speaker_kind": "person",
        "variants": [{"name": "Sergey Lavrov", "quotes": 4}, {"name": "Sergei Lavrov", "quotes": 1}],
        "roles": [
            {"role": "Minister of Foreign Affairs", "first_seen": D(2021, 12, 5), "last_seen": D(2021, 12, 5), "quotes": 1},
            {"role": "Foreign Minister", "first_seen": D(2022, 2, 10), "last_seen": D(2022, 2, 10), "quotes": 3},
        ],
        "first_seen": D(2021, 12, 5),
        "last_seen": D(2022, 3, 1),
        "articles": 4,
        "quotes": 5,
    }  # fmt: skip
    assert (nato["name"], nato["name_key"], nato["roles"], nato["quotes"]) == ("NATO", "nato", [], 1)


def test_the_rows_do_not_depend_on_the_order_of_the_quotes() -> None:
    expected = speaker_rows(_mentions(ROWS))
    for seed in range(5):
        shuffled = ROWS[:]
        random.Random(seed).shuffle(shuffled)
        assert speaker_rows(_mentions(shuffled)).equals(expected)


def test_a_tie_between_spellings_names_the_speaker_by_the_first_in_code_point_order() -> None:
    sid = speaker_id("person", "sergey lavrov")
    rows = [
        (sid, "person", "Sergei Lavrov", None, D(2022, 1, 1), "a1"),
        (sid, "person", "Sergey Lavrov", None, D(2022, 1, 2), "a2"),
    ]
    [row] = speaker_rows(_mentions(rows)).to_pylist()
    assert row["name"] == "Sergei Lavrov" and name_key(row["name"], "person") == row["name_key"]


def test_a_speaker_of_undated_articles_has_no_first_or_last_seen() -> None:
    [row] = speaker_rows(_mentions([(NATO, "organisation", "NATO", None, None, "a1")])).to_pylist()
    assert (row["first_seen"], row["last_seen"], row["articles"]) == (None, None, 1)


def test_no_quotes_no_rows() -> None:
    assert speaker_rows(_mentions([])).num_rows == 0


@pytest.mark.parametrize(("resolved", "kind"), [(None, "person"), ("Jo Lund", None), ("Jo Lund", "place")])
def test_a_quote_with_an_id_but_no_name_or_kind_is_a_bug_named(
    resolved: str | None, kind: str | None
) -> None:
    with pytest.raises(ValueError, match="without a resolved name or kind"):
        speaker_rows(_mentions([(LAVROV, kind, resolved, None, None, "a1")]))


def test_the_name_is_the_most_quoted_plain_spelling() -> None:
    sid = speaker_id("person", "frank field")
    rows = [
        (sid, "person", "Frank Field MP", None, D(2005, 1, 1), "a1"),
        (sid, "person", "Frank Field MP", None, D(2005, 1, 2), "a2"),
        (sid, "person", "Frank Field", None, D(2005, 1, 3), "a3"),
    ]
    [row] = speaker_rows(_mentions(rows)).to_pylist()
    assert row["name"] == "Frank Field"
    assert row["variants"][0] == {"name": "Frank Field MP", "quotes": 2}  # the spellings as counted


def test_mentions_counted_in_parts_give_the_rows_of_all_at_once() -> None:
    mentions = _mentions(ROWS)
    counted = SpeakerRows()
    for batch in mentions.to_batches(max_chunksize=2):
        counted.add(batch)
    assert counted.table().equals(speaker_rows(mentions))
