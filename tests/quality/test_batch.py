"""Row-level checks in the batches, cross-batch checks at the load: the batches' failing rows are
held back by key, a run checked in one batch or in three says the same, and a critical failure
found in a batch stops the load with nothing written. Real suites, real Great Expectations; no
Prefect (the flow only wires these calls)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from extract.batches import BatchOptions, process_batch
from extract.discover import discover
from load.warehouse import Warehouse
from quality.batch import check_tables, validate_batch
from quality.gx import SuiteValidator
from quality.suites import checked_columns, expectation_parameters
from schemas.errors import QualityFailure
from schemas.results import LoadResult
from schemas.validation import QUALITY_DIR, ExpectationTally, merge_tallies
from tests.conftest import SAMPLE
from tests.helpers import score_quotes_by_offset
from tests.quality.helpers import edited_suites, expectation

BAD_URL = "http://.<img/src=x/onerror=alert(1)>"


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> list[str]:
    """The sample, and two articles whose URL fails ``url_is_http`` (a quarantine check), one
    sorting first and one last (three batches find one each)."""
    extra = tmp_path_factory.mktemp("extra")
    for name, word in (("0-bad-url.txt", "Bad"), ("zz-bad-url.txt", "Worse")):
        sentence = f"{word} ministers said the plan would work for everyone involved in it this year."
        (extra / name).write_text(
            f" date 2022-02-16 {BAD_URL}{word}\nA title\n" + "\n".join([sentence] * 3) + "\n",
            encoding="utf-8",
        )
    return [str(extra), str(SAMPLE)]


def load(root: Path, sources: list[str], batches: int) -> tuple[Warehouse, LoadResult]:
    """Stage ``sources`` in ``batches`` batches, check each, load the run."""
    store = Warehouse(root)
    store.prepare()
    files = sorted(discover(sources).files, key=lambda f: f.uri)
    options = BatchOptions("run-1", str(store.staging_dir("run-1")))
    parameters = expectation_parameters([])
    checked: dict[str, ExpectationTally] = {}
    size = -(-len(files) // batches)
    for number in range(batches):
        process_batch(files[number * size : (number + 1) * size], number, options)
        merge_tallies(checked, validate_batch(options.staging_dir, number, parameters))
    return store, store.load_run("run-1", validator=SuiteValidator(store.root, checked))


def rows(store: Warehouse, sql: str) -> list[tuple[object, ...]]:
    with contextlib.closing(store.connect(read_only=True)) as con:
        return con.execute(sql).fetchall()


def test_a_batch_checks_its_staged_rows_and_stages_its_failures_by_key(tmp_path, sources):
    staging = tmp_path / "staging"
    process_batch(discover(sources).files, 7, BatchOptions("run-1", str(staging)))
    tables = check_tables(staging, 7)
    assert {t: r.column_names for t, r in tables.items()} == {t: checked_columns(t) for t in tables}
    tallies = validate_batch(staging, 7, expectation_parameters([]))
    assert tallies["articles.url_is_http"] == ExpectationTally(
        success=False, unexpected=2, elements=tables["articles"].num_rows, observed="2 unexpected"
    )
    assert tallies["paragraphs.offsets_slice_body"].success and tallies["quotes.offsets_slice_body"].success
    assert "articles.article_id_unique" not in tallies  # a cross-batch check: the load's
    failing = pq.read_table(staging / QUALITY_DIR / "batch-00007.parquet").to_pylist()
    assert [(f["table_name"], f["row"], f["checks"]) for f in failing] == [
        ("articles", f"articles row article_id={f['article_id']!r}", ["url_is_http"]) for f in failing
    ]
    assert sorted(Path(f["source_uri"]).name for f in failing) == ["0-bad-url.txt", "zz-bad-url.txt"]


def test_a_batch_failure_is_held_back_by_key(tmp_path, sources):
    store, result = load(tmp_path / "w", sources, 1)
    assert result.rows_quarantined == 2 and result.rejected == {"url_is_http": 2}
    held = rows(store, "SELECT source_uri, detail FROM rejects WHERE stage = 'quality' ORDER BY 1")
    assert [Path(uri).name for uri, _ in held] == ["0-bad-url.txt", "zz-bad-url.txt"]
    assert all(detail.startswith("articles.url_is_http (articles row article_id=") for _, detail in held)
    assert rows(store, "SELECT count(*) FROM articles WHERE url LIKE 'http://.%'") == [(0,)]


def test_one_batch_or_three_give_the_same_outcomes_and_rejects(tmp_path, sources):
    runs = {n: load(tmp_path / f"w{n}", sources, n) for n in (1, 3)}
    one, three = runs[1][1], runs[3][1]
    assert one.outcomes == three.outcomes
    failed = [(o.expectation, o.unexpected_count, o.observed_value) for o in one.outcomes if not o.success]
    assert failed == [("url_is_http", 2, "2 unexpected")]
    assert one.rows_quarantined == three.rows_quarantined == 2
    query = "SELECT source_uri, stage, reason, detail, table_name, row_key FROM rejects ORDER BY ALL"
    assert rows(runs[1][0], query) == rows(runs[3][0], query)
    for table in ("articles", "paragraphs", "quotes"):
        same = f"SELECT count(*) FROM {table}"  # noqa: S608  a table named in code
        assert rows(runs[1][0], same) == rows(runs[3][0], same)


def test_a_critical_failure_in_a_batch_stops_the_load_with_nothing_written(tmp_path, sources, monkeypatch):
    def url_check_fails_the_run(table: str, suite: dict) -> None:  # as a user may edit the package
        if table == "articles":
            url = expectation(suite, "articles.url_is_http")
            url["severity"], url["meta"]["action"] = "critical", "fail_run"

    edited_suites(tmp_path, monkeypatch, url_check_fails_the_run)
    with pytest.raises(QualityFailure, match=r"articles\.url_is_http") as failure:
        load(tmp_path / "w", sources, 3)
    store = Warehouse(tmp_path / "w")
    assert rows(store, "SELECT count(*) FROM articles") == [(0,)]
    assert rows(store, "SELECT count(*) FROM rejects") == [(0,)]
    assert [o.expectation for o in failure.value.result.outcomes if not o.success] == ["url_is_http"]


def test_a_failing_row_the_load_settles_as_a_duplicate_is_a_duplicate_not_a_quarantined_row(tmp_path):
    """A batch checks every row it staged; the load holds back only the failing rows it keeps."""
    source = tmp_path / "src"
    source.mkdir()
    for name, word in (("a.txt", "Bad"), ("b.txt", "Worse")):  # one URL: b is a's duplicate
        sentence = f"{word} ministers said the plan would work for everyone involved in it this year."
        (source / name).write_text(
            f" date 2022-02-16 {BAD_URL}\nA title\n" + "\n".join([sentence] * 3) + "\n", encoding="utf-8"
        )
    store, result = load(tmp_path / "w", [str(source)], 2)
    assert result.rows_quarantined == 1
    held = rows(store, "SELECT source_uri, stage, reason FROM rejects ORDER BY 1")
    assert [(Path(uri).name, stage, reason) for uri, stage, reason in held] == [
        ("a.txt", "quality", "url_is_http"),
        ("b.txt", "load", "duplicate"),
    ]


def test_the_rows_the_load_settles_as_duplicates_leave_every_checks_counts(tmp_path):
    """The batches check rows the load then settles as duplicates: their counts are taken out,
    so a run with copies of files reports what a run without them does."""
    copies = tmp_path / "copies"
    copies.mkdir()
    originals = sorted(p for p in SAMPLE.rglob("*.txt") if "drafts" not in p.parts)
    for number, path in enumerate(originals[:5]):
        (copies / f"copy-{number}.txt").write_bytes(path.read_bytes())
    _, alone = load(tmp_path / "alone", [str(SAMPLE)], 1)
    store, copied = load(tmp_path / "copied", [str(copies), str(SAMPLE)], 3)
    assert rows(store, "SELECT count(*) FROM rejects WHERE reason = 'duplicate'") == [(5,)]
    speakers = [o for o in copied.outcomes if o.expectation == "direct_quotes_have_speakers"]
    assert speakers[0].observed_value and not speakers[0].observed_value.endswith(" of 0 rows")
    assert copied.outcomes == alone.outcomes


def test_a_retried_batch_without_failures_removes_an_earlier_tries_failing_rows(tmp_path, sources):
    """A task retried after its checks staged failing rows may stage other rows the second time
    (here: its URLs were fixed in between); the first try's failures are not the second's."""
    staging = tmp_path / "staging"
    process_batch(discover(sources).files, 3, BatchOptions("run-1", str(staging)))
    failing = staging / QUALITY_DIR / "batch-00003.parquet"
    assert not validate_batch(staging, 3, expectation_parameters([]))["articles.url_is_http"].success
    assert failing.exists()
    path = staging / "articles" / "batch-00003.parquet"
    articles = pq.read_table(path)
    urls = [f"https://example.com/{n}" for n in range(articles.num_rows)]
    pq.write_table(articles.set_column(articles.column_names.index("url"), "url", pa.array(urls)), path)
    assert validate_batch(staging, 3, expectation_parameters([]))["articles.url_is_http"].success
    assert not failing.exists()


def test_failing_rows_are_named_by_their_keys_in_every_table():
    from quality.batch import failing_rows

    tables = {
        "articles": pa.table({"_row": [0, 1], "source_uri": ["/a", "/b"], "article_id": ["A", "B"]}),
        "paragraphs": pa.table(
            {"_row": [0, 1], "source_uri": ["/a", "/b"], "article_id": ["A", "B"], "paragraph_index": [0, 4]}
        ),
        "quotes": pa.table(
            {"_row": [0], "source_uri": ["/b"], "article_id": ["B"], "quote_id": ["q"], "char_start": [7]}
        ),
    }
    failing = {("quotes", 0): ["c3"], ("paragraphs", 1): ["c2"], ("articles", 1): ["c1", "c0"]}
    got = failing_rows(tables, failing).to_pylist()
    assert [(r["table_name"], r["source_uri"], r["row"], r["checks"]) for r in got] == [
        ("articles", "/b", "articles row article_id='B'", ["c1", "c0"]),
        ("paragraphs", "/b", "paragraphs row article_id='B', paragraph_index=4", ["c2"]),
        ("quotes", "/b", "quotes row article_id='B', quote_id='q'", ["c3"]),
    ]
    assert [(r["paragraph_index"], r["char_start"], r["quote_id"]) for r in got] == [
        (None, None, None),
        (4, None, None),
        (None, 7, "q"),
    ]


def test_a_confidence_outside_0_to_1_or_null_fails_the_run_with_nothing_written(tmp_path, monkeypatch):
    """Every quote a run loads is scored in [0, 1]; a score of 1.5 or none at all is a bug in the
    extractor (critical: the run fails), not a bad quote to hold back."""
    score_quotes_by_offset(monkeypatch)
    store = Warehouse(tmp_path / "w")
    store.prepare()
    options = BatchOptions("run-1", str(store.staging_dir("run-1")))
    process_batch(discover([str(SAMPLE)]).files, 0, options)
    path = store.staging_dir("run-1") / "quotes" / "batch-00000.parquet"
    quotes = pq.read_table(path)
    assert quotes.num_rows > 2
    scores = [1.5, None, *quotes.column("confidence").to_pylist()[2:]]
    column = quotes.column_names.index("confidence")
    pq.write_table(quotes.set_column(column, "confidence", pa.array(scores, pa.float64())), path)
    tallies = validate_batch(options.staging_dir, 0, expectation_parameters([]))
    assert tallies["quotes.confidence_in_range"].success is False
    assert tallies["quotes.confidence_in_range"].unexpected == 1
    assert tallies["quotes.confidence_not_null"].success is False
    assert tallies["quotes.confidence_not_null"].unexpected == 1
    with pytest.raises(QualityFailure, match=r"quotes\.confidence_") as failure:
        store.load_run("run-1", validator=SuiteValidator(store.root, tallies))
    failed = {o.expectation for o in failure.value.result.outcomes if not o.success}
    assert failed == {"confidence_in_range", "confidence_not_null"}
    assert rows(store, "SELECT (SELECT count(*) FROM articles), count(*) FROM quotes") == [(0, 0)]


def test_confidences_in_0_to_1_pass_both_checks(tmp_path, monkeypatch):
    score_quotes_by_offset(monkeypatch)
    staging = tmp_path / "staging"
    process_batch(discover([str(SAMPLE)]).files, 0, BatchOptions("run-1", str(staging)))
    tallies = validate_batch(staging, 0, expectation_parameters([]))
    assert tallies["quotes.confidence_in_range"].success and tallies["quotes.confidence_not_null"].success
    assert tallies["quotes.confidence_in_range"].elements > 0


def test_an_unknown_speaker_kind_fails_its_critical_check_and_known_ones_pass(tmp_path, monkeypatch):
    """``quotes.speaker_kind`` is the identity transform's word: anything but a person or an
    organisation (null: nobody named) is a bug, checked on every batch."""
    score_quotes_by_offset(monkeypatch)
    staging = tmp_path / "staging"
    process_batch(discover([str(SAMPLE)]).files, 0, BatchOptions("run-1", str(staging)))
    path = staging / "quotes" / "batch-00000.parquet"
    quotes = pq.read_table(path)
    kinds = quotes.column("speaker_kind").to_pylist()
    assert set(kinds) > {"person"}, kinds  # the sample names people, and some quotes name nobody
    tallies = validate_batch(staging, 0, expectation_parameters([]))
    assert tallies["quotes.speaker_kind_known"].success
    column = quotes.column_names.index("speaker_kind")
    pq.write_table(quotes.set_column(column, "speaker_kind", pa.array(["place", *kinds[1:]])), path)
    tallies = validate_batch(staging, 0, expectation_parameters([]))
    assert (
        tallies["quotes.speaker_kind_known"].success,
        tallies["quotes.speaker_kind_known"].unexpected,
    ) == (False, 1)
