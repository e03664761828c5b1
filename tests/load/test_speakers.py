"""The ``speakers`` dimension in the warehouse: built by each load, kept up to date by later runs
and by prune, mirrored in Parquet, the same whatever order the articles came in (load.speakers)."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path
from typing import Any

import duckdb

from extract.presence import present_sources
from load.warehouse import Warehouse
from tests.load.test_warehouse import article, load, readme_query, rows
from transforms.speakers.identity import speaker_id

LAVROV = speaker_id("person", "sergey lavrov")
ROW = "name, name_key, speaker_kind, variants, roles, first_seen, last_seen, articles, quotes"


def _speakers(warehouse: Warehouse) -> list[tuple[Any, ...]]:
    return rows(warehouse, f"SELECT speaker_id, {ROW} FROM speakers ORDER BY speaker_id")  # noqa: S608  the test's constant


def _write_corpus(src: Path) -> None:
    article(
        src / "a.txt",
        "https://example.com/a",
        "Talks",
        "Russian Foreign Minister Sergey Lavrov said on Monday that the talks would go on.",
        date="2022-02-10",
    )
    article(
        src / "b.txt",
        "https://example.com/b",
        "More talks",
        "Sergei Lavrov said that the ministers would meet again in March.",
        date="2022-03-01",
    )
    article(
        src / "c.txt",
        "https://example.com/c",
        "Alliance",
        "NATO said that the alliance would send more ships to the region.",
        date="2022-02-24",
    )


def test_a_load_builds_one_row_per_speaker_and_links_the_quotes(tmp_path: Path) -> None:
    src = tmp_path / "src"
    _write_corpus(src)
    warehouse = Warehouse(tmp_path / "w")
    load(warehouse, src)
    speakers = {r[1]: r for r in _speakers(warehouse)}
    lavrov = speakers["Sergei Lavrov"]  # one quote each: the first spelling in code-point order
    assert lavrov[0] == LAVROV
    assert lavrov[4] == [{"name": "Sergei Lavrov", "quotes": 1}, {"name": "Sergey Lavrov", "quotes": 1}]
    assert lavrov[5] == [
        {"role": "Foreign Minister", "first_seen": lavrov[6], "last_seen": lavrov[6], "quotes": 1}
    ]
    assert (str(lavrov[6]), str(lavrov[7]), lavrov[8], lavrov[9]) == ("2022-02-10", "2022-03-01", 2, 2)
    assert speakers["NATO"][3] == "organisation"
    linked = rows(warehouse, "SELECT count(*) FROM quotes q JOIN speakers s USING (speaker_id)")
    with_id = rows(warehouse, "SELECT count(*) FROM quotes WHERE speaker_id IS NOT NULL")
    assert linked == with_id == [(3,)]


def test_the_parquet_mirror_holds_the_same_rows(tmp_path: Path) -> None:
    src = tmp_path / "src"
    _write_corpus(src)
    warehouse = Warehouse(tmp_path / "w")
    load(warehouse, src)
    mirror = warehouse.parquet_dir / "speakers" / "data.parquet"
    parquet = duckdb.sql(f"SELECT speaker_id, {ROW} FROM read_parquet(?) ORDER BY 1", params=[str(mirror)])  # noqa: S608
    assert parquet is not None
    assert parquet.fetchall() == _speakers(warehouse)


def test_a_later_run_updates_the_speakers_it_touches_and_leaves_the_others(tmp_path: Path) -> None:
    src = tmp_path / "src"
    _write_corpus(src)
    warehouse = Warehouse(tmp_path / "w")
    load(warehouse, src, run_id="run-1")
    nato_before = [r for r in _speakers(warehouse) if r[1] == "NATO"]
    article(
        src / "d.txt",
        "https://example.com/d",
        "Later",
        "Foreign Minister Sergey Lavrov said that the ministry would answer within a week.",
        date="2022-04-02",
    )
    load(warehouse, src, run_id="run-2")
    after = {r[0]: r for r in _speakers(warehouse)}
    assert (after[LAVROV][1], str(after[LAVROV][7]), after[LAVROV][9]) == ("Sergey Lavrov", "2022-04-02", 3)
    assert after[LAVROV][5][0]["quotes"] == 2  # Foreign Minister, twice
    assert [r for r in _speakers(warehouse) if r[1] == "NATO"] == nato_before


def test_a_changed_file_takes_its_old_spelling_with_it_and_prune_removes_a_speaker_left_without_quotes(
    tmp_path: Path,
) -> None:
    src = tmp_path / "src"
    _write_corpus(src)
    warehouse = Warehouse(tmp_path / "w")
    load(warehouse, src, run_id="run-1")
    article(
        src / "b.txt",
        "https://example.com/b",
        "More talks",
        "Sergey Lavrov said that the ministers would meet again in March.",
        date="2022-03-01",
    )
    load(warehouse, src, run_id="run-2")
    [lavrov] = [r for r in _speakers(warehouse) if r[0] == LAVROV]
    assert lavrov[4] == [{"name": "Sergey Lavrov", "quotes": 2}]
    (src / "c.txt").unlink()
    warehouse.prune(present_sources([src]))
    assert [r[1] for r in _speakers(warehouse)] == ["Sergey Lavrov"]
    (src / "a.txt").unlink()
    (src / "b.txt").unlink()
    warehouse.prune(present_sources([src]))
    assert _speakers(warehouse) == []


def test_the_rows_are_the_same_whatever_order_the_articles_arrive_in(tmp_path: Path) -> None:
    src = tmp_path / "src"
    _write_corpus(src)
    first, second = tmp_path / "first", tmp_path / "second"
    for name in ("a.txt", "b.txt"):
        first.mkdir(exist_ok=True)
        shutil.copy(src / name, first / name)
    second.mkdir()
    shutil.copy(src / "c.txt", second / "c.txt")
    together = Warehouse(tmp_path / "together")
    load(together, first, second)
    forward, backward = Warehouse(tmp_path / "forward"), Warehouse(tmp_path / "backward")
    load(forward, first, run_id="run-1")
    load(forward, second, run_id="run-2")
    load(backward, second, run_id="run-1")
    load(backward, first, run_id="run-2")
    assert _speakers(together) == _speakers(forward) == _speakers(backward)
    assert len(_speakers(together)) == 2


def test_an_older_warehouse_gets_the_table_and_the_quote_columns_on_open(tmp_path: Path) -> None:
    warehouse = Warehouse(tmp_path / "w")
    warehouse.root.mkdir(parents=True)
    with contextlib.closing(duckdb.connect(str(warehouse.root / "news.duckdb"))) as con:
        con.execute("CREATE TABLE quotes (quote_id VARCHAR NOT NULL, article_id VARCHAR NOT NULL)")
    warehouse.prepare()
    columns = [r[0] for r in rows(warehouse, "DESCRIBE quotes")]
    assert columns[-3:] == ["speaker_id", "speaker_kind", "speaker_role"]
    assert rows(warehouse, "SELECT count(*) FROM speakers") == [(0,)]


def test_the_readmes_speaker_queries_run_and_answer(tmp_path: Path) -> None:
    src = tmp_path / "src"
    _write_corpus(src)
    article(
        src / "d.txt",
        "https://example.com/d",
        "Meeting",
        "Foreign Minister Sergey Lavrov said that the meeting had been useful.",
        "Jo Lund, a spokesman for the ministry, said that talks would resume in May.",
        date="2022-03-15",
    )
    warehouse = Warehouse(tmp_path / "w")
    load(warehouse, src)
    monthly = rows(warehouse, readme_query("qualify row_number()"))
    assert monthly == [
        ("2022-02", "Sergey Lavrov", 1),
        ("2022-03", "Sergey Lavrov", 2),
        ("2022-03", "Jo Lund", 1),
    ]
    roles = rows(warehouse, readme_query("unnest(s.roles)"))
    assert [(r[1], r[4]) for r in roles] == [("Foreign Minister", 2)]
    alongside = rows(warehouse, readme_query("alongside"))
    assert [[*sorted(r[:2]), r[2]] for r in alongside] == [["Jo Lund", "Sergey Lavrov", 1]]
    kinds = dict((k, n) for k, n, _ in rows(warehouse, readme_query("speaker_kind, 'unknown'")))
    assert kinds == {"person": 4, "organisation": 1}
