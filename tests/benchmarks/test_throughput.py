"""Smoke test of the throughput benchmark (benchmarks/throughput.py) on a small corpus.

No timing is asserted: the test checks that the benchmark runs end to end with every part of
issue 15's table (another size, the clustered corpus, the daily runs), writes every measure and
every target's verdict to its JSON file, that the rerun parsed nothing and the daily run only the
new files, and that the corpus builder makes distinct bodies with about 2 % bad files. It needs
the reference corpora in ../shared/corpora.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.benchmarks.scripts import load_benchmark

REPO = Path(__file__).resolve().parents[2]
CORPORA = REPO.parent / "shared" / "corpora"
N = 1_000
SMALLER = 500  # the other size (--compare) and the daily run's base (--daily-base)
DAILY = 100
CLUSTERED = 200

pytestmark = [pytest.mark.shared, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
def corpora() -> Path:
    if not all((CORPORA / sub).is_dir() for sub in ("kremlin-en-2022", "bbc-news-2005")):
        pytest.skip(
            f"the reference corpora are not in {CORPORA} (../shared is absent): benchmark test skipped"
        )
    return CORPORA


@pytest.fixture(scope="module")
def bench(corpora: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    throughput = load_benchmark("throughput")
    workdir = tmp_path_factory.mktemp("bench")
    results_dir = workdir / "results"
    code = throughput.main(
        [
            "--articles",
            str(N),
            "--variant",
            "",
            "--compare",
            str(SMALLER),
            "--cluster-versions",
            "3-5",
            "--cluster-articles",
            str(CLUSTERED),
            "--daily",
            str(DAILY),
            "--daily-base",
            str(SMALLER),
            "--corpora",
            str(corpora),
            "--workdir",
            str(workdir / "work"),
            "--keep",
            "--results-dir",
            str(results_dir),
        ]
    )
    assert code == 0
    written = sorted(results_dir.glob(f"throughput-{N}-*.json"))
    assert len(written) == 1, written
    return json.loads(written[0].read_text(encoding="utf-8")), workdir / "work" / f"corpus-{N}"


def test_json_has_every_measure(bench: tuple[dict, Path]) -> None:
    results, _ = bench
    assert results["articles"] == N
    assert results["corpus"]["files"] == N
    assert results["floor"]["files"] == N and results["floor"]["articles_per_s"] > 0
    run = results["runs"]["default"]
    full = run["full"]
    assert full["exit_code"] == 0
    assert full["files_seen"] == N
    assert full["articles_loaded"] + full["files_rejected"] == N
    assert full["wall_s"] > 0 and full["articles_per_s"] > 0
    assert full["peak_rss_mb"] > 0
    assert set(full["stage_s"]) >= {"discover", "read", "parse", "quotes", "validate", "load", "publish"}
    assert full["single_writer_s"] > 0 and full["reconciles"]
    figures = results["figures"]
    for key in ("floor_articles_per_s", "query_best_s", "extract_quotes_articles_per_s"):
        assert figures[key] is not None and figures[key] > 0, key
    for key in (
        "end_to_end_articles_per_s",
        "ratio_to_floor",
        "single_writer_s",
        "rerun_wall_s",
        "peak_rss_mb",
    ):
        assert figures["default"][key] is not None, key
    assert set(figures["rss_by_size_mb"]) == {str(SMALLER), str(N)} and figures["rss_ratio"] > 0
    assert figures["rss_ratio_sizes"] == [SMALLER, N]
    assert figures["daily_wall_s"] > 0 and figures["daily_base"] == SMALLER and figures["daily_growth"] > 0
    assert 0 < figures["daily_speakers_s"] < figures["daily_wall_s"]
    assert results["query"]["rows"] > 0
    assert results["prefect"]["mode"] == "server" and results["prefect"]["start_s"] > 0
    every_target = set(results["targets"])
    assert every_target >= {
        "end_to_end_articles_per_s",
        "ratio_to_floor",
        "single_writer_s",
        "peak_rss_mb",
        "rss_ratio",
        "rerun_wall_s",
        "rerun_files_parsed",
        "daily_wall_s",
        "daily_growth",
        "daily_speakers_s",
        "extract_quotes_articles_per_s",
        "query_best_s",
        "clustered_loaded_completely",
    }
    verdicts = {row["key"]: row["verdict"] for row in results["targets_met"]}
    assert set(verdicts) == every_target and set(verdicts.values()) <= {"ok", "MISSED"}  # no n/a
    assert verdicts["rerun_files_parsed"] == verdicts["clustered_loaded_completely"] == "ok"
    assert results["report"], "the printed report is kept in the JSON"
    assert any(line.startswith("targets of issues 15 and 18") for line in results["report"])


def test_the_clustered_corpus_loads_completely_and_flags_its_versions(bench: tuple[dict, Path]) -> None:
    clustered = bench[0]["clustered"]
    full = clustered["full"]
    assert full["files_seen"] == clustered["articles"] == CLUSTERED and full["reconciles"]
    assert full["articles_loaded"] + full["files_rejected"] == CLUSTERED
    assert clustered["articles_in_warehouse"] == full["articles_loaded"]
    assert clustered["near_duplicates"] > CLUSTERED / 2
    assert full["wall_s"] > 0 and full["peak_rss_mb"] > 0


def test_the_daily_run_parses_only_the_new_files(bench: tuple[dict, Path]) -> None:
    results, corpus = bench
    for size in (N, SMALLER):
        daily = results["daily"][str(size)]
        run = daily["run"]
        assert daily["new_files"] == DAILY
        assert (run["files_seen"], run["files_parsed"], run["files_unchanged"]) == (size + DAILY, DAILY, size)
        assert run["reconciles"] and run["single_writer_s"] > 0
    new = sorted(corpus.rglob("daily-*.txt"))
    assert len(new) == DAILY
    assert {f.relative_to(corpus).parts[:3] for f in new} == {
        ("2025", "12", "29"),
        ("2025", "12", "30"),
        ("2025", "12", "31"),
    }


def test_rerun_parsed_nothing(bench: tuple[dict, Path]) -> None:
    results, _ = bench
    rerun = results["runs"]["default"]["rerun"]
    assert rerun["exit_code"] == 0
    assert rerun["files_parsed"] == 0
    assert rerun["files_unchanged"] == rerun["files_seen"] == N
    assert results["figures"]["default"]["rerun_files_parsed"] == 0


def _classify(data: bytes) -> str | bytes:
    """'bad' for an empty, binary or header-only file, else the body (what follows header and title)."""
    if not data.strip() or b"\x00" in data[:8192]:
        return "bad"
    lines = [line for line in data.split(b"\n") if line.strip()]
    if lines and lines[0].startswith(b" date "):
        lines = lines[1:]
    if len(lines) < 2:
        return "bad"
    return b"\n".join(lines[1:])


def test_corpus_bodies_distinct_and_two_percent_bad(bench: tuple[dict, Path]) -> None:
    results, corpus = bench
    files = sorted(f for f in corpus.rglob("*.txt") if not f.name.startswith("daily-"))
    assert len(files) == N
    assert all(len(f.relative_to(corpus).parts) == 4 for f in files), "OUT/YYYY/MM/DD/file.txt"
    years = {f.relative_to(corpus).parts[0] for f in files}
    assert len(years) >= 4, years
    bodies: dict[str, Path] = {}
    bad = 0
    for path in files:
        data = path.read_bytes()
        body = _classify(data)
        if isinstance(body, str):  # "bad"
            bad += 1
            continue
        assert data.startswith(b" date "), f"{path} has no header line"
        digest = hashlib.sha256(body).hexdigest()
        assert digest not in bodies, f"{path} has the same body as {bodies[digest]}"
        bodies[digest] = path
    assert 0.01 * N <= bad <= 0.03 * N, bad
    assert bad == sum(results["corpus"]["bad"].values())


def test_corpus_is_deterministic(corpora: Path, tmp_path: Path) -> None:
    make_corpus = load_benchmark("make_corpus")
    first = make_corpus.build_corpus(50, tmp_path / "a", corpora=corpora, seed=7)
    second = make_corpus.build_corpus(50, tmp_path / "b", corpora=corpora, seed=7)
    assert first.files == second.files == 50
    for path in sorted((tmp_path / "a").rglob("*.txt")):
        twin = tmp_path / "b" / path.relative_to(tmp_path / "a")
        assert twin.read_bytes() == path.read_bytes()


def test_make_corpus_without_corpora(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_corpus = load_benchmark("make_corpus")
    code = make_corpus.main(["10", str(tmp_path / "out"), "--corpora", str(tmp_path / "nowhere")])
    assert code == 2
    assert "not found" in capsys.readouterr().err


def test_a_run_is_measured_from_the_record_it_prints_not_from_its_text() -> None:
    """The figures come from ``news-etl run --json``'s record; the module scrapes no text."""
    import datetime as dt

    from schemas import RunRecord

    throughput = load_benchmark("throughput")
    assert not hasattr(throughput, "parse_summary") and not hasattr(throughput, "parse_log")
    started = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    record = RunRecord(
        run_id="r", warehouse="/w", started_at=started, finished_at=started + dt.timedelta(seconds=8)
    )
    record.files_seen, record.files_new, record.files_changed, record.files_unchanged = 10, 6, 1, 2
    record.articles_loaded, record.quotes_loaded, record.seconds = 7, 30, {"discover": 0.5, "parse": 3.0}
    record.add_rejects({"empty": 1})
    figures = throughput.RunFigures(command=[], exit_code=0, wall_s=10.0)
    throughput.record_figures(figures, json.loads(json.dumps(record.to_json())), 10.0)
    assert (figures.files_seen, figures.files_parsed, figures.files_unchanged) == (10, 7, 2)
    assert (figures.articles_loaded, figures.files_rejected, figures.quotes_loaded) == (7, 1, 30)
    assert figures.articles_per_s == 1.0 and figures.flow_s == 8.0
    assert figures.stage_s["parse"] == 3.0 and figures.stage_s["load"] is None
