from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow.parquet as pq

from extract.batches import BatchOptions, process_batch
from extract.discover import discover


def test_a_batch_stages_articles_paragraphs_and_rejects(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(
        ' date 2022-01-02 https://example.com/a\nTitle A\nFirst.\n"We are ready for the storm," Mayor Ann Tiller said.',
        encoding="utf-8",
    )
    (src / "b.txt").write_bytes(b"")
    (src / "c.txt").write_text(" date 2022-01-03 https://example.com/c\nOnly a title", encoding="utf-8")
    staging = tmp_path / "staging"
    result = process_batch(discover([src]).files, 7, BatchOptions("run-1", str(staging)))
    assert (result.files, result.articles, result.paragraphs) == (3, 1, 2)
    assert dict(result.rejected) == {"empty": 1, "no_body": 1}
    articles = pq.read_table(staging / "articles" / "batch-00007.parquet")
    assert articles.column("title").to_pylist() == ["Title A"]
    body = 'First.\n\n"We are ready for the storm," Mayor Ann Tiller said.'
    assert articles.column("body").to_pylist() == [body]
    assert articles.column("quote_count").to_pylist() == [1]
    paragraphs = pq.read_table(staging / "paragraphs" / "batch-00007.parquet")
    assert paragraphs.column("paragraph_index").to_pylist() == [0, 1]
    rejects = pq.read_table(staging / "rejects" / "batch-00007.parquet").to_pylist()
    assert {(r["reason"], r["stage"]) for r in rejects} == {("empty", "read"), ("no_body", "parse")}
    assert all(r["run_id"] == "run-1" for r in rejects)
    quotes = pq.read_table(staging / "quotes" / "batch-00007.parquet").to_pylist()
    assert len(quotes) == result.quotes == 1
    quote = quotes[0]
    assert (quote["kind"], quote["speaker_resolved"], quote["cue"], quote["paragraph_index"]) == (
        "direct",
        "Ann Tiller",
        "said",
        1,
    )
    assert "We are ready for the storm" in body[quote["char_start"] : quote["char_end"]]
    assert quote["source_uri"].endswith("a.txt")
    assert set(result.seconds) == {"read", "parse", "quotes", "stage"}
    assert dict(result.outcomes) == {"parsed": 1, "rejected": 2}
    files = pq.read_table(staging / "files" / "batch-00007.parquet").to_pylist()
    assert sorted((Path(f["source_uri"]).name, f["outcome"]) for f in files) == [
        ("a.txt", "parsed"),
        ("b.txt", "rejected"),
        ("c.txt", "rejected"),
    ]


def test_known_content_is_not_parsed_again_and_the_window_filters_by_header_date(tmp_path):
    from transforms.ids import sha256_hex

    src = tmp_path / "src"
    src.mkdir()
    (src / "jan.txt").write_text(" date 2022-01-15 https://example.com/j\nT\nBody.", encoding="utf-8")
    (src / "feb.txt").write_text(" date 2022-02-15 https://example.com/f\nT\nBody.", encoding="utf-8")
    (src / "undated.txt").write_text("T\nBody.", encoding="utf-8")
    files = discover([src]).files
    known = {str(src / "jan.txt"): sha256_hex((src / "jan.txt").read_bytes())}
    options = BatchOptions(
        "run-1", str(tmp_path / "staging"), since=dt.date(2022, 1, 1), until=dt.date(2022, 1, 31)
    )
    result = process_batch(files, 0, options, known)
    assert dict(result.outcomes) == {"unchanged": 1, "outside_window": 2}
    assert result.articles == 0 and "parse" not in result.seconds


def test_a_failing_quote_extractor_costs_the_quotes_not_the_article(tmp_path, monkeypatch):
    import extract.batches as batches

    def broken(body):
        raise RuntimeError("extractor bug")

    monkeypatch.setattr(batches, "extract_quotes", broken)
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text('Title\n"We are ready," the mayor said.\n', encoding="utf-8")
    result = process_batch(discover([src]).files, 0, BatchOptions("run-1", str(tmp_path / "staging")))
    assert (result.articles, result.quotes) == (1, 0)
    assert result.fixes["quote_extraction_failed"] == 1


def test_a_parser_bug_costs_one_file_named_not_the_batch(tmp_path, monkeypatch):
    import extract.batches as batches

    real = batches.parse_article

    def fragile(text):
        if "explode" in text:
            raise IndexError("parser bug")
        return real(text)

    monkeypatch.setattr(batches, "parse_article", fragile)
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("Title\nA fine story.\n", encoding="utf-8")
    (src / "b.txt").write_text("Title\nThis one will explode.\n", encoding="utf-8")
    staging = tmp_path / "staging"
    result = process_batch(discover([src]).files, 0, BatchOptions("run-1", str(staging)))
    assert result.articles == 1 and dict(result.rejected) == {"parse_error": 1}
    (reject,) = pq.read_table(staging / "rejects" / "batch-00000.parquet").to_pylist()
    assert reject["stage"] == "parse" and "IndexError: parser bug" in reject["detail"]
