"""A progress bar for long runs: files done, articles per second and the time left while the
batches parse, then the name of the step the run is in (loading, checking, publishing).

After the batches a large run still spends seconds in one process on the warehouse; without a
line saying so, a finished bar looks like a run that hangs. The speed is articles parsed per
second of the batches (not files: rejected files cost almost nothing and would flatter it), and
the time left is the files still to parse at the files' own pace so far.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress

PROGRESS_MIN_FILES = 2_000

#: the steps after the batches, as the bar names them
LOADING = "loading the warehouse"
CHECKING = "checking the warehouse"
PUBLISHING = "publishing the report"


class Progress:
    """Shown on a terminal (``console``, default stderr) when enabled and the run has at least
    ``PROGRESS_MIN_FILES`` files; otherwise every method does nothing."""

    def __init__(self, *, enabled: bool, console: Console | None = None) -> None:
        self._console = console
        self._enabled = enabled
        self._bar: RichProgress | None = None
        self._task: TaskID | None = None
        self._started = 0.0
        self._files = 0
        self._articles = 0
        self._total = 0

    def start(self, total: int, *, files_seen: int) -> None:
        """Show the bar for ``total`` files to parse, when the run (``files_seen``) is large enough."""
        console = self._console or Console(file=sys.stderr)
        if not (self._enabled and files_seen >= PROGRESS_MIN_FILES and console.is_terminal):
            return
        self._bar = RichProgress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[speed]}"),
            TimeElapsedColumn(),
            TextColumn("{task.fields[eta]}"),
            console=console,
            transient=True,
        )
        self._total = total
        self._started = time.perf_counter()
        self._task = self._bar.add_task("parsing", total=max(total, 1), speed="", eta="")
        self._bar.start()

    def advance(self, files: int, articles: int) -> None:
        """A batch is done: ``files`` more files parsed, ``articles`` of them loaded as articles."""
        if self._bar is None or self._task is None:
            return
        self._files += files
        self._articles += articles
        elapsed = max(time.perf_counter() - self._started, 1e-9)
        left = (self._total - self._files) * elapsed / self._files if self._files else None
        self._bar.update(
            self._task,
            advance=files,
            speed=f"{self._articles / elapsed:>7,.0f} articles/s",
            eta="" if left is None else f"ETA {_clock(left)}",
        )

    def step(self, name: str) -> None:
        """The run has moved on to ``name`` (``LOADING``, ``CHECKING``, ``PUBLISHING``)."""
        if self._bar is None or self._task is None:
            return
        self._bar.update(self._task, description=name, completed=self._total, eta="")

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
