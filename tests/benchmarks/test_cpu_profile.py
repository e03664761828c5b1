"""benchmarks/cpu_profile.py: a py-spy raw profile summed by process kind and stage."""

from __future__ import annotations

from tests.benchmarks.scripts import load_benchmark

cpu_profile = load_benchmark("cpu_profile")

WORKER = "<module> (<string>:1);spawn_main (multiprocessing/spawn.py:122);_process_worker (x.py:1)"
FLOW = "<module> (news-etl:8);ingest (flows/ingest.py:140)"


def test_samples_go_to_their_process_kind_and_every_stage_on_their_stack():
    lines = [
        f"{WORKER};parse_article (transforms/article.py:129);split (x.py:1) 30\n",
        f"{WORKER};article_rows (transforms/rows.py:81);extract_quotes (transforms/quotes/extract.py:105) 20\n",
        f"{FLOW};load_run (load/warehouse.py:301);export_months (load/export.py:24) 10\n",
        f"{FLOW};_find_and_load (<frozen importlib._bootstrap>:1165) 5\n",
        "uvicorn.run (uvicorn/main.py:1);serve (x.py:1) 7\n",
        "a line that is no sample\n",
    ]
    totals, stages = cpu_profile.summarise(lines)
    assert totals == {"worker": 50, "flow": 15, "server": 7}
    assert stages[("worker", "parse_article")] == 30
    assert stages[("worker", "article_rows")] == 20  # inclusive: it holds the quotes' samples
    assert stages[("worker", "  extract_quotes")] == 20
    assert stages[("flow", "load_run")] == 10
    assert stages[("flow", "  export_months")] == 10
    assert stages[("flow", "imports")] == 5
    assert ("worker", "load_run") not in stages
    lines_out = cpu_profile.report(totals, stages, rate=10.0)
    assert lines_out[0] == "flow: 1.5 s of samples"
    assert any(line.split() == ["parse_article", "3.0", "s", "60.0", "%"] for line in lines_out)


def test_every_stage_names_a_function_that_exists_where_it_says():
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    for label, frame in cpu_profile.STAGES:
        function, _, where = frame.partition(" (")
        if label == "imports":
            continue
        path = repo / where
        if path.suffix != ".py":  # a package: any module in it
            texts = [p.read_text(encoding="utf-8") for p in path.glob("*.py")] if path.is_dir() else []
        else:
            texts = [path.read_text(encoding="utf-8")] if path.exists() else []
        assert any(f"def {function}(" in text for text in texts), (label, frame)
