"""The progress bar: articles per second and the time left during the batches, then the step
the run is in; only on a terminal, only for runs large enough to need it."""

from __future__ import annotations

import io
import re

from rich.console import Console

from reporting.progress import CHECKING, LOADING, PROGRESS_MIN_FILES, PUBLISHING, Progress

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def console(*, terminal: bool) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=terminal, width=160, color_system=None), out


def shown(progress: Progress, out: io.StringIO) -> str:
    """What the bar shows now (the last frame drawn)."""
    bar = progress._bar
    assert bar is not None
    bar.refresh()
    frames = ANSI.sub("", out.getvalue()).replace("\r", "\n").splitlines()
    return [frame for frame in frames if frame.strip()][-1]


def test_the_bar_shows_articles_per_second_and_the_time_left_then_each_step():
    term, out = console(terminal=True)
    with Progress(enabled=True, console=term) as progress:
        progress.start(4_000, files_seen=4_100)
        progress.advance(1_000, 900)
        line = shown(progress, out)
        assert line.startswith("parsing") and "1000/4000" in line
        speed = re.search(r"([\d,]+) articles/s", line)
        assert speed is not None and int(speed.group(1).replace(",", "")) > 0
        assert re.search(r"ETA \d+:\d\d:\d\d", line)
        progress.advance(3_000, 2_950)
        for step in (LOADING, CHECKING, PUBLISHING):
            progress.step(step)
            line = shown(progress, out)
            assert line.startswith(step) and "4000/4000" in line and "ETA" not in line


def test_the_speed_counts_articles_not_files(monkeypatch):
    clock = iter([100.0, 110.0])
    monkeypatch.setattr("reporting.progress.time.perf_counter", lambda: next(clock))
    term, out = console(terminal=True)
    with Progress(enabled=True, console=term) as progress:
        progress.start(PROGRESS_MIN_FILES * 2, files_seen=PROGRESS_MIN_FILES * 2)
        progress.advance(1_000, 500)  # 10 s in: 500 articles of 1,000 files, 3,000 files left
        line = shown(progress, out)
    assert "50 articles/s" in line and "ETA 0:00:30" in line


def test_nothing_is_shown_off_a_terminal_when_disabled_or_for_a_small_run():
    for terminal, enabled, seen in ((False, True, 10_000), (True, False, 10_000), (True, True, 10)):
        term, out = console(terminal=terminal)
        with Progress(enabled=enabled, console=term) as progress:
            progress.start(seen, files_seen=seen)
            progress.advance(seen, seen)
            progress.step(LOADING)
            assert progress._bar is None
        assert out.getvalue() == ""
