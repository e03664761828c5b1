"""Asset keys from arbitrary paths (:mod:`flows.assets`): Prefect accepts every one, a plain path
keeps its readable key, and two distinct paths never share a key."""

from __future__ import annotations

import pytest
from prefect.assets import Asset

from flows.assets import HASH_CHARS, MAX_ASSET_KEY_CHARS, asset_key, source_assets, table_assets
from load.warehouse import Warehouse

HOSTILE = [
    "/data/my scrapes",
    '/data/it\'s "quoted"',
    "/data/100%",
    "/data/a#b",
    "/data/what?",
    "/data/this&that",
    "/data/line\nbreak",
    "/data/tab\there",
    "/data/<html>[x]{y}|z\\w^`",
    "/data/café/新闻/📰",
    "/data/bad-\udcff-byte",  # a non-UTF-8 byte in a file name, as Python decodes it
    "/" + "x" * 5_000,
    "/" + "é" * 5_000,
    "relative/path",
    "",
]


@pytest.mark.parametrize("path", HOSTILE)
def test_prefect_accepts_the_key_of_any_path(path):
    key = asset_key("file", path)
    assert Asset(key=key).key == key  # Prefect's own validation: characters, URI, length
    assert len(key) <= MAX_ASSET_KEY_CHARS
    assert asset_key("file", path) == key  # the same path, the same key, run after run


def test_a_plain_path_is_its_own_key_and_any_other_ends_with_a_hash_of_it():
    assert asset_key("file", "/data/scrapes-2026/day_1.v2") == "file:///data/scrapes-2026/day_1.v2"
    assert asset_key("duckdb", "/w/news.duckdb/articles") == "duckdb:///w/news.duckdb/articles"
    key = asset_key("file", "/data/my scrapes")
    readable, digest = key.rsplit("~", 1)
    assert readable == "file:///data/my_scrapes" and len(digest) == HASH_CHARS


def test_a_long_path_keeps_its_last_characters_within_the_limit():
    path = "/" + "a" * 5_000 + "/articles"
    key = asset_key("file", path)
    assert len(key) == MAX_ASSET_KEY_CHARS
    assert key.split("~")[0].endswith("/articles")


def test_distinct_paths_that_sanitise_alike_get_distinct_keys():
    alike = ["/data/a b", "/data/a_b", "/data/a?b", "/data/a\nb", "/data/aéb", "/data/a~b", "/data/a%b"]
    keys = [asset_key("file", path) for path in alike]
    assert len(set(keys)) == len(alike)
    # the same readable part, told apart by the hash; the plain one has no hash at all
    assert {key.split("~")[0] for key in keys} == {"file:///data/a_b"}
    assert asset_key("file", "/data/a_b") == "file:///data/a_b"
    long_a, long_b = "/" + "x" * 5_000 + "a", "/" + "x" * 5_000 + "b"
    assert asset_key("file", "/y" + long_a) != asset_key("file", "/z" + long_a)  # differ before the tail kept
    assert asset_key("file", long_a) != asset_key("file", long_b)


def test_a_warehouse_and_sources_at_hostile_paths_have_valid_distinct_assets(tmp_path):
    store = Warehouse(tmp_path / "ware house's #1 100% ?&")
    tables = table_assets(store)
    keys = [asset.key for pair in tables.values() for asset in pair]
    assert list(tables) == ["articles", "paragraphs", "quotes"]
    assert len(set(keys)) == 6 and all(Asset(key=k) for k in keys)
    assert [a.properties.name for a in tables["quotes"] if a.properties] == [
        "quotes (DuckDB)",
        "quotes (Parquet)",
    ]

    sources = source_assets([str(tmp_path / "a b"), str(tmp_path / "a b"), str(tmp_path / "c")])
    assert len(sources) == 2  # one asset per distinct root
    assert sources[1].key == f"file://{tmp_path}/c"
