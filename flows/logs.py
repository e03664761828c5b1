"""The project's loggers, said in the Prefect run's log.

The stages log on their own module loggers (``extract.batches`` says which file failed to parse,
``load.warehouse`` that it waits for the database): plain ``logging`` loggers that Prefect does
not send to its API. :func:`project_logs_to_run` puts one handler on each project package's
logger that hands every record to the run logger of the run it was logged in (the flow run's, or
the task run's in a batch task, whichever thread or process that task runs in); the Prefect
logger sends it to the API, so the message is in the flow run's log in the UI, and prints it once
(the project loggers stop propagating to the root logger's console handler meanwhile).

Entered around the flow's body and around each batch task's body: in a worker process of the
pool or on a Dask worker, the task's own entry installs the handler there. Nested entries (the
batch tasks of a run that stays in the flow's process) share one handler, removed by the last.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator

from prefect import get_run_logger
from prefect.exceptions import MissingContextError

#: every top-level package of the project (pyproject's packages): their loggers, and their
#: modules' loggers below them, reach the run's log
PROJECT_PACKAGES = ("news_etl", "flows", "extract", "load", "quality", "reporting", "transforms", "schemas")


class RunLogHandler(logging.Handler):
    """Hands a record to the Prefect run logger of the run it was logged in; outside any run (a
    thread the run did not start), to the root logger's handlers, as without this handler."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            run_logger = get_run_logger()
        except MissingContextError:
            logging.getLogger().handle(record)
            return
        try:
            # "%s": the message is already formatted, and may hold a file name with a %
            run_logger.log(record.levelno, "%s", record.getMessage(), exc_info=record.exc_info)
        except Exception:
            self.handleError(record)


_lock = threading.Lock()
_entered = 0
_handler = RunLogHandler()
_propagate: dict[str, bool] = {}
_levels: dict[str, int] = {}


def _run_level() -> int | None:
    """The level of the current run's logger (``PREFECT_LOGGING_LEVEL`` and the logging config),
    or None outside a run."""
    try:
        run_logger = get_run_logger()
    except MissingContextError:
        return None
    return run_logger.getEffectiveLevel()


@contextlib.contextmanager
def project_logs_to_run() -> Iterator[None]:
    """Meanwhile, every project logger's records go to the current Prefect run's log, at the run
    logger's level: a project logger left unset inherits the root's (WARNING under Prefect's
    logging config) and would drop an INFO record the run's log is set to show."""
    global _entered
    with _lock:
        if _entered == 0:
            level = _run_level()
            for name in PROJECT_PACKAGES:
                logger = logging.getLogger(name)
                logger.addHandler(_handler)
                _propagate[name], logger.propagate = logger.propagate, False
                if level is not None:
                    _levels[name] = logger.level
                    logger.setLevel(level)
        _entered += 1
    try:
        yield
    finally:
        with _lock:
            _entered -= 1
            if _entered == 0:
                for name in PROJECT_PACKAGES:
                    logger = logging.getLogger(name)
                    logger.removeHandler(_handler)
                    logger.propagate = _propagate.pop(name, True)
                    if name in _levels:
                        logger.setLevel(_levels.pop(name))
