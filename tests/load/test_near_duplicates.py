"""Near duplicates in bounded memory, whatever the cluster size; a load that runs out of memory
fails clearly and changes nothing."""

from __future__ import annotations

import contextlib
import hashlib
import random
import sys
from pathlib import Path

import duckdb
import numpy as np
import pytest

from extract.batches import BatchOptions, process_batch
from extract.discover import discover
from load.dedupe import flag_near_duplicates
from load.warehouse import Warehouse
from schemas.errors import WarehouseOutOfMemory
from tests.conftest import REPO
from transforms.similarity import (
    NEAR_DUPLICATE_JACCARD,
    NEAR_DUPLICATE_RECENT_CANDIDATES,
    NUM_PERM,
    find_near_duplicates,
    lsh_bands,
)

Signatures = list[tuple[str, bytes]]


def load(warehouse: Warehouse, *sources: Path, run_id: str = "run-1"):
    """Parse and load ``sources`` as a run does, without Prefect and the quality checks."""
    warehouse.prepare()
    process_batch(discover(sources).files, 0, BatchOptions(run_id, str(warehouse.staging_dir(run_id))))
    try:
        return warehouse.load_run(run_id, validator=None)
    finally:
        warehouse.discard_staging(run_id)


def query(warehouse: Warehouse, sql: str) -> list[tuple]:
    with contextlib.closing(warehouse.connect(read_only=True)) as con:
        return con.execute(sql).fetchall()


def sql_near_duplicates(standing: Signatures, incoming: Signatures) -> dict[str, str]:
    """What the warehouse's SQL flags: ``incoming`` in ``source_uri`` order as given, after
    ``standing`` in ``article_id`` order."""
    con = duckdb.connect()
    con.execute("CREATE TABLE _signatures (article_id VARCHAR, minhash BLOB)")
    con.execute("CREATE TABLE standing (article_id VARCHAR)")
    con.execute(
        "CREATE TABLE stage_articles (source_uri VARCHAR, article_id VARCHAR, minhash BLOB, duplicate_of VARCHAR)"
    )
    con.execute("CREATE TABLE keep (source_uri VARCHAR, article_id VARCHAR)")
    for key, signature in standing:
        con.execute("INSERT INTO _signatures VALUES (?, ?)", [key, signature])
        con.execute("INSERT INTO standing VALUES (?)", [key])
    staged = [(f"/raw/{n:05d}.txt", key, signature) for n, (key, signature) in enumerate(incoming)]
    # inserted in reverse: the source_uri order is what counts, not the insertion order
    con.executemany("INSERT INTO stage_articles VALUES (?, ?, ?, NULL)", [list(row) for row in staged[::-1]])
    con.executemany("INSERT INTO keep VALUES (?, ?)", [[uri, key] for uri, key, _ in staged])
    flag_near_duplicates(con)
    return dict(
        con.execute(
            "SELECT article_id, duplicate_of FROM stage_articles WHERE duplicate_of IS NOT NULL"
        ).fetchall()
    )


def all_pairs_near_duplicates(articles: Signatures) -> dict[str, str]:
    """The rule before bounded candidates, written straightforwardly: every earlier article that
    shares an LSH band key is compared (quadratic; fine at test size)."""
    bands, rows = lsh_bands()
    values = np.stack([np.frombuffer(signature, "<u4") for _, signature in articles])
    found: dict[str, str] = {}
    for i in range(1, len(articles)):
        equal = values[:i] == values[i]
        shares_a_key = equal.reshape(i, bands, rows).all(axis=2).any(axis=1)
        similarity = equal.mean(axis=1)
        similar = np.flatnonzero(shares_a_key & (similarity >= NEAR_DUPLICATE_JACCARD))
        if len(similar):
            best = min(similar, key=lambda j: (-similarity[j], j))
            found[articles[i][0]] = articles[best][0]
    return found


# ------------------------------------------------------------------ clusters of random signatures
def clustered_signatures(seed: int) -> tuple[Signatures, Signatures, int]:
    """Standing and incoming signatures in clusters of 1 to 70 versions, star-shaped (each
    version edits the first) or chained (each edits the one before), with 0 to 24 of 64 values
    changed, interleaved; plus articles that only share one band key with a cluster (crowded
    keys). Returns (standing, incoming, the most holders of one band key)."""
    rng = np.random.default_rng(seed)
    bands, rows = lsh_bands()
    articles: list[list[tuple[str, np.ndarray]]] = []
    for cluster in range(30):
        base = rng.integers(0, 2**32, NUM_PERM, dtype=np.uint32)
        versions, previous, chained = [], base, bool(rng.integers(2))
        for version in range(int(rng.integers(1, 71))):
            copy = (previous if chained else base).copy()
            changed = int(rng.choice([0, 1, 3, 6, 10, 14, 18, 24]))
            slots = rng.choice(NUM_PERM, changed, replace=False)
            copy[slots] = rng.integers(0, 2**32, changed, dtype=np.uint32)
            versions.append((f"c{cluster:02d}v{version:02d}", copy))
            previous = copy
        for crowd in range(int(rng.integers(0, 8))):  # unrelated stories holding the base's band 0
            other = rng.integers(0, 2**32, NUM_PERM, dtype=np.uint32)
            other[:rows] = base[:rows]
            versions.insert(int(rng.integers(len(versions) + 1)), (f"c{cluster:02d}x{crowd}", other))
        articles.append(versions)
    queue = [list(reversed(versions)) for versions in articles]
    ordered: list[tuple[str, bytes]] = []
    while any(queue):  # interleave the clusters, each in its own order
        pick = [q for q in queue if q][int(rng.integers(sum(1 for q in queue if q)))]
        key, values = pick.pop()
        ordered.append((key, values.astype("<u4").tobytes()))
    holders: dict[tuple[int, bytes], int] = {}
    for _, signature in ordered:
        for band in range(bands):
            key = (band, signature[band * rows * 4 : (band + 1) * rows * 4])
            holders[key] = holders.get(key, 0) + 1
    split = len(ordered) // 5
    return ordered[:split], ordered[split:], max(holders.values())


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sql_and_python_flag_the_same_near_duplicates_in_random_clusters(seed):
    standing, incoming, most_holders = clustered_signatures(seed)
    expected = find_near_duplicates(sorted(standing), incoming)  # the warehouse orders them by id
    # the case is not trivial: many flagged, many not, keys held by more articles than the bound
    assert 100 < len(expected) < len(incoming) - 50
    assert most_holders > 1 + NEAR_DUPLICATE_RECENT_CANDIDATES
    assert sql_near_duplicates(standing, incoming) == expected


def test_the_bounded_rule_flags_what_comparing_every_pair_flags_in_tight_clusters():
    """Versions of one story (up to 6 of 64 values changed) are all found, as by all pairs."""
    rng = np.random.default_rng(11)
    articles: Signatures = []
    for cluster in range(6):
        base = rng.integers(0, 2**32, NUM_PERM, dtype=np.uint32)
        for version in range(60):
            copy = base.copy()
            slots = rng.choice(NUM_PERM, int(rng.integers(0, 7)), replace=False)
            copy[slots] = rng.integers(0, 2**32, len(slots), dtype=np.uint32)
            articles.append((f"c{cluster}v{version:02d}", copy.astype("<u4").tobytes()))
    everything = all_pairs_near_duplicates(articles)
    found = sql_near_duplicates([], articles)
    assert set(found) == set(everything) == {key for key, _ in articles if not key.endswith("v00")}


def test_a_cluster_of_thousands_of_versions_fits_in_a_small_memory_limit():
    """One story in 3,000 versions: candidate pairs stay a few per article. The all-pairs band
    join needed ~36 million pairs here and could not run in 64 MB without spilling."""
    rng = np.random.default_rng(5)
    base = rng.integers(0, 2**32, NUM_PERM, dtype=np.uint32)
    articles: Signatures = []
    for version in range(3000):
        copy = base.copy()
        copy[int(rng.integers(NUM_PERM))] = rng.integers(0, 2**32, dtype=np.uint32)
        articles.append((f"v{version:04d}", copy.astype("<u4").tobytes()))
    con = duckdb.connect(config={"memory_limit": "64MB"})  # in memory: nowhere to spill
    con.execute("CREATE TABLE _signatures (article_id VARCHAR, minhash BLOB)")
    con.execute("CREATE TABLE standing (article_id VARCHAR)")
    con.execute(
        "CREATE TABLE stage_articles (source_uri VARCHAR, article_id VARCHAR, minhash BLOB, duplicate_of VARCHAR)"
    )
    con.executemany(
        "INSERT INTO stage_articles VALUES (?, ?, ?, NULL)",
        [[f"/raw/{key}.txt", key, signature] for key, signature in articles],
    )
    con.execute("CREATE TABLE keep AS SELECT source_uri, article_id FROM stage_articles")
    flag_near_duplicates(con)
    flagged = con.execute("SELECT count(*) FROM stage_articles WHERE duplicate_of IS NOT NULL").fetchone()
    assert flagged == (2999,)


# ----------------------------------------------------------------------- generated text, loaded
_WORDS = (
    "harbour council ferry terminal union strike minister budget report talks workers automation "
    "cranes cargo shipping contract wages pension mayor vote river bridge tunnel station railway "
    "timetable delay storm flood warning school teachers hospital nurses clinic patients court judge "
    "appeal verdict police inquiry museum exhibition painting festival orchestra concert stadium "
    "match league season market prices energy grid turbine solar farmers harvest drought forest "
    "wildfire village"
).split()


def story_paragraphs(rng: random.Random, story: int) -> list[str]:
    return [
        " ".join(rng.choice(_WORDS) for _ in range(70)).capitalize() + f" (story {story}, part {part})."
        for part in range(6)
    ]


def write_version(path: Path, paragraphs: list[str], story: int, version: int, rng: random.Random) -> None:
    """One version: the story with a sentence of its own added and, in every other one, a word changed."""
    edited = list(paragraphs)
    at = rng.randrange(len(edited))
    edited[at] += f" Update {version}: the figures were confirmed by the {rng.choice(_WORDS)} office."
    if version % 2:
        changed = rng.randrange(len(edited))
        words = edited[changed].split()
        words[rng.randrange(1, len(words) - 1)] = rng.choice(_WORDS)
        edited[changed] = " ".join(words)
    header = (
        f" date 2024-03-{1 + version % 28:02d} https://outlet{version % 7}.example.org/s{story}/v{version}\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + f"Story {story}: the long strike\n" + "\n".join(edited) + "\n", encoding="utf-8")


def test_stories_in_fifty_five_versions_load_with_every_later_version_flagged(tmp_path):
    rng = random.Random(4)
    src = tmp_path / "src"
    stories = {story: story_paragraphs(rng, story) for story in range(3)}
    for version in range(55):  # the versions of the stories interleave in path order
        for story, paragraphs in stories.items():
            write_version(src / f"{version:03d}-{story}.txt", paragraphs, story, version, rng)
    warehouse = Warehouse(tmp_path / "w")
    result = load(warehouse, src)
    assert result.inserted["articles"] == 165
    loaded = query(warehouse, "SELECT source_uri, article_id, duplicate_of FROM articles ORDER BY source_uri")
    story_of = {article_id: Path(uri).stem.split("-")[1] for uri, article_id, _ in loaded}
    place = {article_id: n for n, (_, article_id, _) in enumerate(loaded)}
    for story in map(str, stories):
        versions = [(article_id, duplicate_of) for _, article_id, duplicate_of in loaded
                    if story_of[article_id] == story]  # fmt: skip
        assert versions[0][1] is None  # the first version is the original
        for article_id, duplicate_of in versions[1:]:
            assert duplicate_of is not None, article_id
            assert story_of[duplicate_of] == story  # within its own story
            assert place[duplicate_of] < place[article_id]  # an earlier version
    # a rerun of the same files changes nothing: the same articles, the same flags
    load(warehouse, src, run_id="run-2")
    assert (
        query(warehouse, "SELECT source_uri, article_id, duplicate_of FROM articles ORDER BY source_uri")
        == loaded
    )


def _fingerprint(warehouse: Warehouse) -> dict[str, object]:
    tables: dict[str, object] = {
        table: sorted(map(repr, query(warehouse, f"SELECT * FROM {table}")))  # noqa: S608  table names come from the fixed tuple below
        for table in ("articles", "paragraphs", "quotes", "rejects", "source_files", "_signatures")
    }
    files = {
        str(path.relative_to(warehouse.parquet_dir)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(warehouse.parquet_dir.rglob("*.parquet"))
    }
    return {"tables": tables, "parquet": files}


def test_a_load_that_runs_out_of_memory_says_so_and_leaves_the_warehouse_as_it_was(tmp_path):
    rng = random.Random(9)
    src = tmp_path / "src"
    for story in range(30):
        write_version(src / f"{story:03d}.txt", story_paragraphs(rng, story), story, 0, rng)
    warehouse = Warehouse(tmp_path / "w")
    load(warehouse, src)
    before = _fingerprint(warehouse)
    for story in range(30, 60):  # a second run: more than 4 MB of DuckDB's memory can settle
        write_version(src / f"{story:03d}.txt", story_paragraphs(rng, story), story, 0, rng)
    starved = Warehouse(tmp_path / "w", memory_limit="4MB")
    with pytest.raises(WarehouseOutOfMemory) as failure:
        load(starved, src, run_id="run-2")
    message = str(failure.value)
    assert "DuckDB ran out of memory while" in message
    assert "--memory-limit (now 4MB)" in message
    assert "nothing was loaded" in message
    assert isinstance(failure.value.__cause__, duckdb.OutOfMemoryException)
    assert _fingerprint(warehouse) == before
    assert not warehouse.pending_root.exists() or not any(warehouse.pending_root.rglob("*.parquet"))
    # with room, the same run loads
    assert load(warehouse, src, run_id="run-3").inserted["articles"] == 60


def test_writing_connections_spill_inside_the_warehouse_with_a_cap(tmp_path):
    from load.memory import DUCKDB_MAX_SPILL_BYTES

    warehouse = Warehouse(tmp_path / "w", memory_limit="300MB")
    with contextlib.closing(warehouse.connect()) as con:
        settings = dict(
            con.execute(
                "SELECT name, value FROM duckdb_settings() "
                "WHERE name IN ('memory_limit', 'temp_directory', 'max_temp_directory_size')"
            ).fetchall()
        )
    assert settings["temp_directory"] == str(warehouse.root / "_spill")
    assert settings["memory_limit"] in ("286.1 MiB", "300.0 MB")
    cap = settings["max_temp_directory_size"]
    assert cap != "90% of available disk space"  # DuckDB's own default: no cap of ours
    number, unit = cap.split()
    scale = {"bytes": 1, "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40}[unit]
    assert float(number) * scale <= DUCKDB_MAX_SPILL_BYTES


# ---------------------------------------------------------------------------- reference corpora
@pytest.mark.integration
@pytest.mark.parametrize("corpus", ["kremlin-en-2022", "bbc-news-2005"])
def test_reference_corpora_flag_the_same_articles_as_comparing_every_pair(shared, tmp_path, corpus):
    warehouse = Warehouse(tmp_path / "w")
    load(warehouse, shared / "corpora" / corpus)
    loaded = query(
        warehouse,
        "SELECT a.article_id, s.minhash, a.duplicate_of FROM articles a "
        "JOIN _signatures s USING (article_id) ORDER BY a.source_uri",
    )
    flagged = {article_id: duplicate_of for article_id, _, duplicate_of in loaded if duplicate_of}
    everything = all_pairs_near_duplicates(
        [(article_id, bytes(minhash)) for article_id, minhash, _ in loaded]
    )
    assert flagged  # both corpora hold a few near duplicates
    assert set(flagged) == set(everything)
    assert flagged == everything  # and here each names the same article


# ----------------------------------------------------------------------- the clustered benchmark
def test_benchmark_corpus_writes_stories_in_clusters_of_near_identical_versions(
    shared, tmp_path, monkeypatch
):
    import importlib.util
    import re

    from transforms.article import parse_article
    from transforms.decode import Undecodable, decode_raw
    from transforms.similarity import minhash_signature

    script = REPO / "benchmarks" / "make_corpus.py"
    spec = importlib.util.spec_from_file_location("make_corpus", script)
    assert spec and spec.loader
    make_corpus = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "make_corpus", make_corpus)  # its dataclasses look it up
    spec.loader.exec_module(make_corpus)
    assert make_corpus.parse_cluster_versions("25-50") == (25, 50)
    with pytest.raises(ValueError):
        make_corpus.parse_cluster_versions("50-25")
    stats = make_corpus.build_corpus(
        200, tmp_path / "c", corpora=shared / "corpora", seed=3, cluster_versions=(25, 50)
    )
    assert stats.files == 200
    stories: dict[str, list[tuple[int, str, bytes]]] = {}
    bodies: set[str] = set()
    for path in sorted((tmp_path / "c").rglob("*.txt")):
        decoded = decode_raw(path.read_bytes())
        if isinstance(decoded, Undecodable):
            continue
        header, _, _ = decoded.text.partition("\n")
        match = re.search(r"-(\d+)-v(\d+)\.html$", header)
        parsed = parse_article(decoded.text)
        if not match or not parsed.paragraphs:
            continue  # a bad file (empty, binary, header only)
        body = "\n\n".join(parsed.paragraphs)
        assert body not in bodies  # never an exact duplicate
        bodies.add(body)
        number = int(path.stem.split("-")[1])  # files are numbered in the order written
        stories.setdefault(match[1], []).append((number, path.name, minhash_signature(body)))
    sizes = [len(versions) for versions in stories.values()]
    assert len(stories) >= 4
    assert all(20 <= size <= 50 for size in sizes[:-1])  # 25-50 written, less the ~2 % bad ones
    written = sorted((number, story, name, signature) for story, versions in stories.items()
                     for number, name, signature in versions)  # fmt: skip
    found = find_near_duplicates([], [(name, signature) for _, _, name, signature in written])
    story_of = {name: story for _, story, name, _ in written}
    later = [name for story, versions in stories.items() for _, name, _ in sorted(versions)[1:]]
    assert all(story_of[copy] == story_of[original] for copy, original in found.items())
    assert len(set(later) & set(found)) >= 0.9 * len(later)


@pytest.mark.parametrize("value", ["none", "-1", "512", "lots", "512MB; SET x=1"])
def test_run_refuses_a_memory_limit_that_does_not_bound_memory(value, tmp_path):
    from typer.testing import CliRunner

    from news_etl.cli import app

    result = CliRunner().invoke(
        app, ["run", str(tmp_path), "-w", str(tmp_path / "w"), "--memory-limit", value]
    )
    assert result.exit_code == 2
    assert "is not a memory limit" in result.output
    assert not (tmp_path / "w").exists()


def test_memory_limits_with_a_unit_or_a_share_are_taken_as_given():
    from load.memory import check_memory_limit

    assert [check_memory_limit(v) for v in ("512MB", "2 GB", "1.5GiB", "50%")] == [
        "512MB",
        "2 GB",
        "1.5GiB",
        "50%",
    ]
