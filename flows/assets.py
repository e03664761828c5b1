"""The run's lineage in Prefect: which assets the load materializes, and from which sources.

The load task materializes six assets, the ``articles``, ``paragraphs`` and ``quotes`` tables of
the DuckDB file and their Parquet folders, each with every SOURCE root of the run as an upstream
asset; the UI's lineage graph draws sources -> tables. One materializing task per run (the load),
never a task per file.

Prefect names an asset by a URI-like key: a lowercase scheme, at most 512 characters, and none of
spaces, quotes, ``%#?&<>[]{}|\\^``` or control characters, so a key cannot be the path as given
(and percent-encoding is out: ``%`` itself is refused). :func:`asset_key` keeps a path made of
plain characters as it is (``file:///data/scrapes``); any other path becomes its characters with
every other one replaced by ``_``, then ``~`` and a hash of the exact path
(``file:///data/my_scrapes~1f0c5d2e9a7b3c44``). ``~`` is never kept from a path, so a key with it
always has the hash: two distinct paths never share a key (barring a 64-bit hash collision), and
a run over the same paths always finds the same keys.
"""

from __future__ import annotations

import hashlib
import os
import string
from collections.abc import Sequence

from prefect.assets import Asset, AssetProperties

from load.warehouse import Warehouse

#: Prefect's limit (prefect.types.names.MAX_ASSET_KEY_LENGTH)
MAX_ASSET_KEY_CHARS = 512
#: hex digits of the path's SHA-256 in a key that could not keep the path as it is: 64 bits
HASH_CHARS = 16
#: the characters a key keeps from a path; ``~`` is not one of them: it marks the hash
KEPT_CHARACTERS = frozenset(string.ascii_letters + string.digits + "/._-:+=,@")
#: the tables the load materializes, in the order the UI lists them
TABLES = ("articles", "paragraphs", "quotes")


def asset_key(scheme: str, path: str) -> str:
    """The asset key ``SCHEME://PATH`` when Prefect accepts ``PATH`` as it is; else ``PATH``'s
    kept characters (``_`` for the others, the last ones when it is long) then ``~`` and a hash
    of the exact ``PATH``."""
    prefix = f"{scheme}://"
    if all(c in KEPT_CHARACTERS for c in path) and len(prefix) + len(path) <= MAX_ASSET_KEY_CHARS:
        return prefix + path
    digest = hashlib.sha256(path.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_CHARS]
    room = MAX_ASSET_KEY_CHARS - len(prefix) - 1 - HASH_CHARS
    readable = "".join(c if c in KEPT_CHARACTERS else "_" for c in path[-room:])
    return f"{prefix}{readable}~{digest}"


def source_assets(sources: Sequence[str]) -> list[Asset]:
    """One upstream asset per SOURCE root, named by its absolute path (symlinks as given)."""
    return [
        Asset(key=asset_key("file", path), properties=AssetProperties(name=os.path.basename(path) or path))
        for path in sorted({os.path.abspath(source) for source in sources})
    ]


def table_assets(store: Warehouse) -> dict[str, tuple[Asset, Asset]]:
    """Each table's two assets: its DuckDB table and its Parquet folder."""
    return {
        table: (
            Asset(
                key=asset_key("duckdb", f"{store.db_path}/{table}"),
                properties=AssetProperties(name=f"{table} (DuckDB)"),
            ),
            Asset(
                key=asset_key("file", str(store.parquet_dir / table)),
                properties=AssetProperties(name=f"{table} (Parquet)"),
            ),
        )
        for table in TABLES
    }
