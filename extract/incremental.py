"""Which files a run must read: the ledger decides (pure; the ledger is read by the warehouse).

Rules:

* A file the ledger has never seen is **new**: read and parsed.
* A file whose size and modification time equal the ledger's is **unchanged**: not even opened.
* Any other file the ledger knows is read; if its bytes hash to the ledger's sha256 it is still
  unchanged (a ``touch`` or a copy with a new mtime) and is not parsed; otherwise it is
  **changed**: parsed again, and its new rows replace every row its old version produced.
* A **stale** file (it loaded once; its last re-read was rejected, and its old rows were kept)
  is read every run, whatever its size and mtime, until it parses again (its new rows replace
  the old) or hashes back to the version that loaded (it is ``loaded`` again, nothing parsed).
* ``full_refresh`` ignores the ledger: every file is read and parsed again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from schemas import SourceFile
from schemas.results import LedgerEntry


@dataclass(slots=True)
class RunPlan:
    to_read: list[SourceFile] = field(default_factory=list)
    unchanged: list[SourceFile] = field(default_factory=list)  # same size and mtime: not opened
    known_sha256: dict[str, str] = field(default_factory=dict)  # uri -> ledger sha256, for to_read


def plan_run(files: list[SourceFile], ledger: Mapping[str, LedgerEntry], *, full_refresh: bool) -> RunPlan:
    """Split the discovered files into those to read and those unchanged (rules above)."""
    plan = RunPlan()
    for source in files:
        entry = None if full_refresh else ledger.get(source.uri)
        if entry is None:
            plan.to_read.append(source)
        elif entry.size == source.size >= 0 and entry.mtime == source.mtime and not entry.stale:
            plan.unchanged.append(source)
        else:
            plan.to_read.append(source)
            if entry.sha256:
                plan.known_sha256[source.uri] = entry.sha256
    return plan
