"""A progress bar for long runs: files done, articles per second and the time left."""

from __future__ import annotations

import sys
from types import TracebackType

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as RichProgress

PROGRESS_MIN_FILES = 2_000


class Progress:
    """Shown on a terminal when enabled and the run has at least ``PROGRESS_MIN_FILES`` files."""

    def __init__(self, total: int, *, enabled: bool) -> None:
        self._bar: RichProgress | None = None
        self._task = None
        if enabled and total >= PROGRESS_MIN_FILES and sys.stderr.isatty():
            self._bar = RichProgress(
                TextColumn("parsing"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]:>7,.0f} files/s"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                transient=True,
            )
            self._task = self._bar.add_task("parse", total=total, rate=0.0)

    def __enter__(self) -> Progress:
        if self._bar is not None:
            self._bar.start()
        return self

    def advance(self, files: int) -> None:
        if self._bar is None or self._task is None:
            return
        self._bar.advance(self._task, files)
        task = self._bar.tasks[0]
        self._bar.update(self._task, rate=task.speed or 0.0)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.stop()
