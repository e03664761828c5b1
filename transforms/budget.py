"""A time budget for parsing one file: cooperative deadline checks inside the parser's loops.

Why cooperative: batches run in the flow's process, in worker processes and on Dask worker
threads. ``SIGALRM`` interrupts only a main thread and a watchdog process costs a fork per file;
a deadline kept in a :class:`~contextvars.ContextVar` works in every one of them. The parser and
the quote extractor call :func:`check_budget` once per line, paragraph, sentence or candidate —
each step is itself linear in its input — so a file stops within one step of its budget.

Rules:

* Outside :func:`time_budget` (tests, a caller that wants no limit) :func:`check_budget` does
  nothing.
* Inside ``with time_budget(5.0):`` the first check after five seconds raises
  :class:`ParseTimeout` with the seconds spent; the batch rejects the file as ``parse_timeout``.
* Budgets nest: an inner budget never extends an outer one.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from contextvars import ContextVar

#: the default budget for parsing one file (``news-etl run --parse-timeout``)
PARSE_TIMEOUT_SECONDS = 5.0

_deadline: ContextVar[tuple[float, float] | None] = ContextVar("news_etl_parse_deadline", default=None)


class ParseTimeout(Exception):
    """Parsing one file took longer than its budget."""

    def __init__(self, seconds: float, budget: float) -> None:
        super().__init__(f"parsing took over {seconds:.1f} s (budget {budget:g} s)")
        self.seconds = seconds
        self.budget = budget


@contextlib.contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Run the block with at most ``seconds`` of parsing (``None``: no limit of its own)."""
    if seconds is None:
        yield
        return
    started = time.monotonic()
    deadline = started + seconds
    outer = _deadline.get()
    if outer is not None and outer[1] < deadline:
        started, deadline = outer
    token = _deadline.set((started, deadline))
    try:
        yield
    finally:
        _deadline.reset(token)


def check_budget() -> None:
    """Raise :class:`ParseTimeout` once the current budget is spent (no-op without one)."""
    current = _deadline.get()
    if current is None:
        return
    now = time.monotonic()
    if now > current[1]:
        raise ParseTimeout(now - current[0], current[1] - current[0])
