"""Helpers shared by test modules (a test module never imports another test module)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from load.warehouse import Warehouse
from quality.invariants import check_warehouse


def check(store: Warehouse, months: Iterable[str] | None = None) -> list[str]:
    """The warehouse's broken invariants, through a short read-only connection (as the CLI does)."""
    with contextlib.closing(store.connect(read_only=True)) as con:
        return check_warehouse(con, store.parquet_dir, months)
