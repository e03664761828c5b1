"""DuckDB's memory during a load: the bound (``--memory-limit``), the spill files beyond it, and
what a load that still runs out says.

DuckDB keeps its buffers within ``memory_limit`` and spills the rest to ``W/_spill`` (at most
:data:`DUCKDB_MAX_SPILL_BYTES` or half the free disk). When both are exhausted the load fails
with :class:`~schemas.errors.WarehouseOutOfMemory`, naming the step of the load that ran out,
and the warehouse is as it was.
"""

from __future__ import annotations

import functools
import re
import shutil
from pathlib import Path

import duckdb

from schemas.errors import WarehouseOutOfMemory

#: DuckDB's buffers (``--memory-limit``); the run's process needs room beside them
DUCKDB_MEMORY_LIMIT = "512MB"
#: where a writing connection spills what does not fit in its memory limit (inside the warehouse)
DUCKDB_SPILL_DIRNAME = "_spill"
#: the most a writing connection may spill: this, or half the free disk space if that is less
DUCKDB_MAX_SPILL_BYTES = 20 * 1024**3


#: what a load is doing, by the function of the load package that raised (for
#: :class:`WarehouseOutOfMemory`)
_LOAD_STEPS = {
    "stage": "reading the staged batches",
    "settle_duplicates": "settling duplicates",
    "flag_near_duplicates": "flagging near duplicates",
    "check_quality": "checking data quality",
    "load_checks": "checking data quality",
    "quarantine": "quarantining rows",
    "collect_report_stats": "collecting the report's figures",
    "replace_rows": "replacing rows",
    "update_ledger": "updating the ledger",
    "_export": "exporting Parquet partitions",
    "export_months": "exporting Parquet partitions",
    "copy_to_parquet": "exporting Parquet partitions",
}


_PACKAGE = __name__.partition(".")[0]


def out_of_memory(exc: duckdb.OutOfMemoryException, memory_limit: str) -> WarehouseOutOfMemory:
    """The failure to raise for ``exc``: which step of the load ran out and what to do about it
    (the step is the innermost function of the ``load`` package in the traceback)."""
    step = "loading"
    traceback = exc.__traceback__
    while traceback is not None:
        code = traceback.tb_frame.f_code
        module = str(traceback.tb_frame.f_globals.get("__name__"))
        if module.partition(".")[0] == _PACKAGE and code.co_name in _LOAD_STEPS:
            step = _LOAD_STEPS[code.co_name]
        traceback = traceback.tb_next
    return WarehouseOutOfMemory(
        f"DuckDB ran out of memory while {step}; nothing was loaded (the warehouse is as before). "
        f"Rerun with a larger --memory-limit (now {memory_limit}) or free disk space for its spill "
        f"files. DuckDB said: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
    )


@functools.lru_cache(maxsize=64)
def spill_config(root: Path) -> dict[str, str]:
    """DuckDB settings for a writing connection's spill files: in ``root/_spill``, at most
    :data:`DUCKDB_MAX_SPILL_BYTES` or half the disk's free space (what the load may take of it
    and leave the Parquet export and everything else on the disk room). Measured once per
    process: DuckDB refuses a second connection to a file with other settings than the first."""
    try:
        free = shutil.disk_usage(root).free
    except OSError:
        free = DUCKDB_MAX_SPILL_BYTES
    limit = max(0, min(DUCKDB_MAX_SPILL_BYTES, free // 2))
    return {"temp_directory": str(root / DUCKDB_SPILL_DIRNAME), "max_temp_directory_size": f"{limit}B"}


_MEMORY_LIMIT = re.compile(r"\s*\d+(?:\.\d+)?\s*(?:[KMGT]i?B|B|%)\s*", re.IGNORECASE)


def check_memory_limit(text: str) -> str:
    """``text`` if it is a DuckDB memory limit that bounds memory: a number with a unit (``512MB``,
    ``2GB``, ``1.5GiB``) or a share of the machine's RAM (``50%``). DuckDB also takes ``-1`` and
    ``none`` (80 % of RAM, whatever else runs) and fails late on a typo: both are refused here."""
    if not _MEMORY_LIMIT.fullmatch(text):
        raise ValueError(f"{text!r} is not a memory limit: give a number and a unit, e.g. 512MB, 2GB or 50%")
    return text.strip()
