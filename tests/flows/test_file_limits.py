"""Bounded work per file: the parse time budget, its record across retries, the line cap, the
memory one big file may take, and the controls removed at decode time (see :mod:`extract.batches`
and :mod:`transforms.decode`).

A slow file is simulated by a patched stage that calls ``check_budget()`` in a loop, as the real
parser and quote extractor do in theirs; the budget is 0.05 s, so each case takes a fraction of a
second. The memory cases run in fresh Python processes and compare the peak RSS after parsing
with the peak after the imports.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import threading
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

import extract.batches as batches
from extract.batches import MAX_LINES_PER_ARTICLE, BatchOptions, line_count, process_batch
from extract.discover import discover
from transforms.budget import check_budget
from transforms.quotes import MAX_TEXT_CHARS

BUDGET_SECONDS = 0.05
MAX_EXTRA_RSS_BYTES = 300 * 1024 * 1024

GOOD = ' date 2022-01-02 https://example.com/good\nGood title\nA fine story.\n"We are ready," Mayor Ann Tiller said.\n'
SLOW = " date 2022-01-03 https://example.com/slow\nSlow title\nThis one is slow to parse.\nIt has a second line.\n"


def write_batch(tmp_path: Path, files: dict[str, str | bytes]) -> list:
    src = tmp_path / "src"
    src.mkdir()
    for name, content in files.items():
        path = src / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return discover([src]).files


def spin(*_args: object) -> None:
    """A stage that never finishes by itself: it stops only when the budget is spent."""
    while True:
        check_budget()
        time.sleep(0.001)


def slow_when(marker: str, real, calls: list[str] | None = None):
    def patched(text, *args):
        if marker in text:
            if calls is not None:
                calls.append(marker)
            spin()
        return real(text, *args)

    return patched


def fail_first_write(monkeypatch, error: OSError) -> list[OSError]:
    """Make the batch's first staged-Parquet write raise ``error`` (a full disk, an I/O error);
    the returned list is empty once it has."""
    real_write = batches._write_staged
    failures = [error]

    def write_once_failing(builder, out):
        if failures:
            raise failures.pop()
        real_write(builder, out)

    monkeypatch.setattr(batches, "_write_staged", write_once_failing)
    return failures


def staged(staging: Path, table: str, batch: int = 0) -> list[dict]:
    path = staging / table / f"batch-{batch:05d}.parquet"
    return pq.read_table(path).to_pylist() if path.exists() else []


def assert_only_the_good_article_is_staged(staging: Path) -> None:
    articles = staged(staging, "articles")
    assert [a["title"] for a in articles] == ["Good title"]
    assert {p["article_id"] for p in staged(staging, "paragraphs")} == {articles[0]["article_id"]}
    assert {q["article_id"] for q in staged(staging, "quotes")} <= {articles[0]["article_id"]}
    assert not any(r["source_uri"].endswith("slow.txt") for r in staged(staging, "paragraphs"))


def assert_slow_file_timed_out(staging: Path, result) -> dict:
    assert result.articles == 1 and dict(result.rejected) == {"parse_timeout": 1}
    (reject,) = staged(staging, "rejects")
    assert reject["source_uri"].endswith("slow.txt")
    assert (reject["stage"], reject["reason"]) == ("parse", "parse_timeout")
    match = re.fullmatch(r"(\d+\.\d) s, over the 0\.05 s budget", reject["detail"])
    assert match, reject["detail"]
    assert float(match.group(1)) >= 0.1  # the seconds spent, over 0.05, with one decimal
    files = {Path(f["source_uri"]).name: f["outcome"] for f in staged(staging, "files")}
    assert files == {"good.txt": "parsed", "slow.txt": "rejected"}
    return reject


# --------------------------------------------------------------------------- time budget


@pytest.mark.parametrize("where", ["flow process", "worker thread"])
def test_a_file_over_its_budget_is_a_named_reject_and_the_rest_of_the_batch_loads(
    tmp_path, monkeypatch, where
):
    monkeypatch.setattr(batches, "parse_article", slow_when("slow to parse", batches.parse_article))
    files = write_batch(tmp_path, {"good.txt": GOOD, "slow.txt": SLOW})
    staging = tmp_path / "staging"
    options = BatchOptions("run-1", str(staging), parse_timeout_seconds=BUDGET_SECONDS)
    started = time.perf_counter()
    if where == "flow process":
        assert threading.current_thread() is threading.main_thread()
        result = process_batch(files, 0, options)
    else:  # as Dask runs a task: on a thread that is not the main one, where SIGALRM never arrives
        with ThreadPoolExecutor(max_workers=1) as pool:
            result = pool.submit(process_batch, files, 0, options).result(timeout=60)
    assert time.perf_counter() - started < 30
    assert_slow_file_timed_out(staging, result)
    assert_only_the_good_article_is_staged(staging)
    assert result.seconds["parse"] >= BUDGET_SECONDS  # the time spent on the slow file is counted
    (entry,) = [
        json.loads(line) for line in (staging / "timeouts" / "batch-00000.jsonl").read_text().splitlines()
    ]
    assert entry["source_uri"].endswith("slow.txt") and entry["seconds"] >= BUDGET_SECONDS


def test_a_file_that_runs_out_of_time_after_its_rows_are_built_stages_none_of_them(tmp_path, monkeypatch):
    """The budget runs out in the last step (the MinHash signature), when the article's rows,
    paragraphs and quotes are built: none of them is staged."""
    real = batches.minhash_signature
    monkeypatch.setattr(batches, "minhash_signature", slow_when("slow to parse", real))
    files = write_batch(
        tmp_path, {"good.txt": GOOD, "slow.txt": SLOW + '"We will not wait," the mayor said.\n'}
    )
    staging = tmp_path / "staging"
    result = process_batch(
        files, 0, BatchOptions("run-1", str(staging), parse_timeout_seconds=BUDGET_SECONDS)
    )
    assert_slow_file_timed_out(staging, result)
    assert_only_the_good_article_is_staged(staging)
    assert result.paragraphs == len(staged(staging, "paragraphs"))
    assert result.quotes == len(staged(staging, "quotes")) == 1


def test_a_quote_extractor_over_the_budget_costs_the_file_it_is_not_swallowed_as_a_bug(tmp_path, monkeypatch):
    monkeypatch.setattr(batches, "extract_quotes", slow_when("slow to parse", batches.extract_quotes))
    files = write_batch(tmp_path, {"good.txt": GOOD, "slow.txt": SLOW})
    staging = tmp_path / "staging"
    result = process_batch(
        files, 0, BatchOptions("run-1", str(staging), parse_timeout_seconds=BUDGET_SECONDS)
    )
    assert_slow_file_timed_out(staging, result)
    assert "quote_extraction_failed" not in result.fixes
    assert_only_the_good_article_is_staged(staging)


def test_without_a_budget_nothing_times_out(tmp_path, monkeypatch):
    calls: list[str] = []
    real = batches.parse_article

    def slowish(text):
        calls.append(text)
        deadline = time.monotonic() + 2 * BUDGET_SECONDS
        while time.monotonic() < deadline:
            check_budget()
        return real(text)

    monkeypatch.setattr(batches, "parse_article", slowish)
    files = write_batch(tmp_path, {"good.txt": GOOD})
    result = process_batch(files, 0, BatchOptions("run-1", str(tmp_path / "s"), parse_timeout_seconds=None))
    assert result.articles == 1 and not result.rejected and len(calls) == 1


def test_a_retried_batch_does_not_parse_again_a_file_that_timed_out(tmp_path, monkeypatch):
    """Attempt 1 times out on the slow file, then fails writing its Parquet files (a full disk);
    attempt 2, as Prefect's retry runs it, rejects the slow file from the record, unparsed."""
    calls: list[str] = []
    monkeypatch.setattr(batches, "parse_article", slow_when("slow to parse", batches.parse_article, calls))
    fail_first_write(monkeypatch, OSError(28, "No space left on device"))
    files = write_batch(tmp_path, {"good.txt": GOOD, "slow.txt": SLOW})
    staging = tmp_path / "staging"
    options = BatchOptions("run-1", str(staging), parse_timeout_seconds=BUDGET_SECONDS)
    with pytest.raises(OSError, match="No space"):
        process_batch(files, 3, options)
    assert calls == ["slow to parse"]
    first_detail = json.loads((staging / "timeouts" / "batch-00003.jsonl").read_text())["detail"]

    result = process_batch(files, 3, options)
    assert calls == ["slow to parse"], "the retry parsed the timed-out file again"
    assert result.articles == 1 and dict(result.rejected) == {"parse_timeout": 1}
    (reject,) = staged(staging, "rejects", 3)
    assert reject["reason"] == "parse_timeout" and reject["detail"] == first_detail
    assert [a["title"] for a in staged(staging, "articles", 3)] == ["Good title"]


def test_a_timed_out_file_whose_bytes_changed_is_parsed_again(tmp_path, monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(batches, "parse_article", slow_when("slow to parse", batches.parse_article, calls))
    files = write_batch(tmp_path, {"slow.txt": SLOW})
    staging = tmp_path / "staging"
    options = BatchOptions("run-1", str(staging), parse_timeout_seconds=BUDGET_SECONDS)
    process_batch(files, 0, options)
    (tmp_path / "src" / "slow.txt").write_text(SLOW.replace("slow to parse", "quick now"), encoding="utf-8")
    result = process_batch(discover([tmp_path / "src"]).files, 0, options)
    assert calls == ["slow to parse"] and result.articles == 1


def test_a_torn_record_line_is_skipped(tmp_path):
    record = tmp_path / "timeouts" / "batch-00000.jsonl"
    record.parent.mkdir()
    good = {"source_uri": "/a.txt", "sha256": "ab", "seconds": 5.2, "detail": "5.2 s, over the 5 s budget"}
    record.write_text(json.dumps(good) + "\n" + '{"source_uri": "/b.txt", "sha2', encoding="utf-8")
    assert batches._read_timeouts(record) == {"/a.txt": ("ab", "5.2 s, over the 5 s budget")}
    assert batches._read_timeouts(tmp_path / "missing.jsonl") == {}


@pytest.mark.usefixtures("prefect_harness")
def test_prefect_retries_of_the_parse_task_skip_the_timed_out_file(tmp_path, monkeypatch):
    """The real ``parse-batch`` task, retried by Prefect after its first attempt failed."""
    from prefect import flow

    from flows.ingest import parse_batch

    calls: list[str] = []
    monkeypatch.setattr(batches, "parse_article", slow_when("slow to parse", batches.parse_article, calls))
    failures = fail_first_write(monkeypatch, OSError(5, "Input/output error"))
    files = write_batch(tmp_path, {"good.txt": GOOD, "slow.txt": SLOW})
    options = BatchOptions("run-1", str(tmp_path / "staging"), parse_timeout_seconds=BUDGET_SECONDS)

    @flow(name="retry-a-batch")
    def one_batch():
        return parse_batch(files, 0, options, {})

    result = one_batch()
    assert not failures, "the first attempt did not fail: nothing was retried"
    assert calls == ["slow to parse"]
    assert result.articles == 1 and dict(result.rejected) == {"parse_timeout": 1}


# --------------------------------------------------------------------------- line cap


def test_line_count_counts_every_line_end_the_parser_knows():
    assert line_count("one") == 1
    assert line_count("one\ntwo\r\nthree\rfour\u2028five\u2029six") == 6


def test_a_file_over_the_line_cap_is_a_named_reject_decided_before_parsing(tmp_path, monkeypatch):
    calls: list[str] = []
    real = batches.parse_article
    monkeypatch.setattr(batches, "parse_article", lambda text: calls.append(text[:10]) or real(text))
    at_cap = "Title\n" + "A line.\n" * (MAX_LINES_PER_ARTICLE - 2)  # ends with a line end: one more line
    over = "Title\n" + "A line.\r" * (MAX_LINES_PER_ARTICLE - 1)  # \r ends a line too
    files = write_batch(tmp_path, {"at-cap.txt": at_cap, "over.txt": over})
    staging = tmp_path / "staging"
    result = process_batch(files, 0, BatchOptions("run-1", str(staging), parse_timeout_seconds=None))
    assert result.articles == 1 and dict(result.rejected) == {"too_many_lines": 1}
    (reject,) = staged(staging, "rejects")
    assert reject["source_uri"].endswith("over.txt") and reject["stage"] == "parse"
    assert (
        reject["detail"]
        == f"{MAX_LINES_PER_ARTICLE + 1:,} lines, over the {MAX_LINES_PER_ARTICLE:,} an article may have"
    )
    assert len(calls) == 1  # only the file at the cap was parsed


# --------------------------------------------------------------------------- quote limit


def test_a_body_longer_than_the_quote_extractor_reads_is_counted(tmp_path):
    sentence = "The council met again on Tuesday to talk about the plan. "
    long_body = sentence * (MAX_TEXT_CHARS // len(sentence) + 10)
    files = write_batch(tmp_path, {"long.txt": "Long title\n" + long_body + "\n", "good.txt": GOOD})
    staging = tmp_path / "staging"
    result = process_batch(files, 0, BatchOptions("run-1", str(staging), parse_timeout_seconds=None))
    fixes = {a["title"]: dict(a["text_fixes"]) for a in staged(staging, "articles")}
    assert fixes["Long title"].get("quotes_cut_at_limit") == 1
    assert "quotes_cut_at_limit" not in fixes["Good title"]
    assert result.fixes["quotes_cut_at_limit"] == 1


# --------------------------------------------------------------------------- control characters


def test_an_article_keeps_no_c1_or_bidi_control_in_any_field(tmp_path):
    raw = (
        " date 2022-01-02 https://example.com/controls\n"
        "Mayor\u202e wins \x9b2J vote\n"
        "The mayor\u2066 won the vote\x9b on Tuesday\n"
        "The mayor won the vote on Tuesday after a long night.\u202a The council met again.\u202c\n"
        "The mayor won the vote on Tuesday after a long night.\n"
        "The council met again. It will meet\u0085next week\x1b[31m, \u2067she said\u2069.\n"
    )
    files = write_batch(
        tmp_path, {"controls.txt": raw, "cp1252.txt": b"Title\nA price of \x80 5, \x81 no more.\n"}
    )
    staging = tmp_path / "staging"
    result = process_batch(files, 0, BatchOptions("run-1", str(staging)))
    assert result.articles == 2
    by_title = {a["title"]: a for a in staged(staging, "articles")}
    article = by_title["Mayor wins 2J vote"]
    assert article["teaser"] == "The mayor won the vote on Tuesday"
    assert (
        article["summary"] == "The mayor won the vote on Tuesday after a long night. The council met again."
    )
    forbidden = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
    for row in staged(staging, "articles") + staged(staging, "paragraphs") + staged(staging, "quotes"):
        for name, value in row.items():
            assert not (isinstance(value, str) and forbidden.search(value)), (name, value)
    assert "It will meet next week[31m, she said." in article["body"]  # U+0085: a line end, run on
    fixes = dict(article["text_fixes"])
    assert (fixes["bidi_control"], fixes["c1_control"], fixes["c0_control"], fixes["newline"]) == (6, 2, 1, 1)
    assert dict(by_title["Title"]["text_fixes"])["c1_control"] == 1
    assert by_title["Title"]["body"] == "A price of € 5, no more."
    assert result.fixes["bidi_control"] == 6


# --------------------------------------------------------------------------- memory per file

_MEASURE = textwrap.dedent(
    """
    import json, resource, sys, tempfile
    from extract.batches import BatchOptions, process_batch
    from extract.discover import discover
    files = discover([sys.argv[1]]).files
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = process_batch(files, 0, BatchOptions("r", tempfile.mkdtemp(), parse_timeout_seconds=None))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps([(peak - base) * 1024, result.articles, dict(result.rejected)]))
    """
)


def _extra_rss_bytes(folder: Path) -> tuple[int, int, dict[str, int]]:
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(folder)], capture_output=True, text=True, timeout=300, check=True
    )
    extra, articles, rejected = json.loads(done.stdout.strip().splitlines()[-1])
    return extra, articles, rejected


@pytest.mark.integration
@pytest.mark.parametrize(
    "case",
    [
        "20 MiB single line",
        "one million short lines",
        # one substitution over the whole line held every piece: 471 MB (text.collapse_spaces)
        "20 MiB single line of 'ab  cd  '",
        # the glue repair and the summary's sentence split over the whole line: 308 MB
        "20 MiB line of 'Word end.Next ' after a title",
        # one glued word of 20 MiB: 667 MB (text.repair_glued_sentences)
        "20 MiB line of 'ab.Cd' after a title",
        # no-break spaces replaced by one substitution over the whole line: 324 MB (normalize)
        "20 MiB single line of 'a\t\u00a0b '",
        # a mostly Latin line with Cyrillic look-alikes: every word read by one substitution
        "20 MiB single line of 'Defenсe М-4 plan '",
        # Cyrillic text: its letters were counted in a list of every match: 694 MB (normalize)
        "20 MiB single line of 'Президент Defenсe '",
    ],
)
def test_one_big_file_stays_under_300_mb_of_extra_memory(tmp_path, case):
    """Measured without a time budget: the whole file is parsed (or refused by the line cap)."""
    folder = tmp_path / "src"
    folder.mkdir()
    with (folder / "big.txt").open("wb") as out:
        if case.startswith("20 MiB"):
            sentence = (
                "The minister said on Monday that the talks would go on “as long as needed,” aides said. "
            )
            data = (case.partition(" of '")[2].partition("'")[0] or sentence).encode("utf-8")
            head, tail = (b"Title\n", b"\nOther line.\n") if case.endswith("after a title") else (b"", b"")
            out.write(head + data * ((20 * 1024 * 1024 - len(head) - len(tail)) // len(data)) + tail)
        else:
            for number in range(1_000_000):
                out.write(b"Line number %d.\n" % number)
    extra, articles, rejected = _extra_rss_bytes(folder)
    assert extra < MAX_EXTRA_RSS_BYTES, f"{case}: {extra / 2**20:.0f} MiB of extra RSS"
    if case.startswith("20 MiB"):
        assert articles == 1
    else:
        assert rejected == {"too_many_lines": 1}


def test_the_minhash_of_a_long_body_is_the_one_of_its_rules():
    """The signature is computed slice by slice; it equals the rules' whole-text computation."""
    from datasketch import MinHash

    from transforms import similarity
    from transforms.words import WORD_SLICE_CHARS

    def whole_text(body: str) -> bytes:
        words = body.lower().split() or [""]
        hashes = np.array([zlib.crc32(w.encode("utf-8", "surrogatepass")) for w in words], dtype=np.uint64)
        if len(hashes) >= similarity.SHINGLE_WORDS:
            count = len(hashes) - similarity.SHINGLE_WORDS + 1
            shingles = hashes[:count].copy()
            for offset in range(1, similarity.SHINGLE_WORDS):
                shingles = (
                    shingles * similarity._MIX + hashes[offset : count + offset]
                ) & similarity._MAX_HASH
        else:
            shingles = np.array([int(np.bitwise_xor.reduce(hashes))], dtype=np.uint64)
        sampled = shingles[(shingles & similarity._SAMPLE_MASK) == 0]
        minhash = MinHash(num_perm=similarity.NUM_PERM, seed=similarity.MINHASH_SEED,
                          scheme=similarity.MINHASH_SCHEME, hashfunc=int, permutations=similarity._permutations())  # fmt: skip
        minhash.update_batch(np.unique(sampled if len(sampled) else shingles[:1]).tolist())
        return minhash.hashvalues.astype("<u4").tobytes()

    words = ["ΟΔΟΣ", "Σ", "İstanbul", "news", "The", "ǅ", "straße", "a"]
    spaces = [" ", "\n", "\u3000", "  ", "\t"]
    rng = np.random.default_rng(7)
    for count in (0, 1, 4, 5, 6, 200, 3 * WORD_SLICE_CHARS // 5):
        body = "".join(f"{words[rng.integers(len(words))]}{rng.integers(60)}{spaces[rng.integers(len(spaces))]}"
                       for _ in range(count))  # fmt: skip
        assert similarity.minhash_signature(body) == whole_text(body), count
    assert len(body) > 2 * WORD_SLICE_CHARS  # the last body spans several slices
