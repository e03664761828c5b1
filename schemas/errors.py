"""Failures a stage raises and a layer above it catches, named here, below the stages, so that
the flow and the CLI handle them without importing the stage, and two stages share them without
importing each other."""

from __future__ import annotations

from typing import Any

from schemas.records import ExpectationOutcome
from schemas.results import LoadResult


class WarehouseOutOfMemory(RuntimeError):
    """DuckDB ran out of memory (and of its spill space) during a load or a check; nothing was
    written."""


class QualityFailure(RuntimeError):
    """A critical expectation failed: the run must not load (nothing was written).

    ``result`` is what the load found up to the checks (their outcomes, the rows quarantined,
    the report's figures), for the run's report.
    """

    def __init__(self, message: str, result: LoadResult) -> None:
        super().__init__(message)
        self.result = result

    def __reduce__(self) -> tuple[Any, ...]:  # a task runner may pickle it: keep the result
        return (type(self), (str(self), self.result))


class PruneQualityFailure(RuntimeError):
    """A critical expectation failed on the ``speakers`` rows a prune recomputed: the prune is
    rolled back (nothing was removed). ``outcomes``: every outcome of the check."""

    def __init__(self, message: str, outcomes: list[ExpectationOutcome]) -> None:
        super().__init__(message)
        self.outcomes = outcomes

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.outcomes))
