"""Which files are still under some SOURCEs: what ``news-etl prune`` compares the warehouse with."""

from __future__ import annotations

import os
from collections.abc import Sequence

from extract.discover import discover
from schemas.uris import SourcesPresent, display_path


def present_sources(sources: Sequence[str | os.PathLike[str]]) -> SourcesPresent:
    """Look at ``sources`` afresh: the files found (and the inputs refused, which are there too)
    and the directories that could not be listed (their files may be there, unseen).

    A SOURCE that does not exist (an unmounted or mistyped root, or a dangling link to one)
    would make all its files look gone: :class:`FileNotFoundError`, and nothing is pruned.
    """
    for source in sources:
        if not os.path.exists(source):
            raise FileNotFoundError(f"SOURCE {source} does not exist: nothing was pruned")
    found = discover(sources)
    return SourcesPresent.of(
        roots=[display_path(os.path.abspath(source)) for source in sources],
        found=[f.uri for f in found.files] + [r.source_uri for r in found.rejects],
        unlisted=[r.source_uri for r in found.rejects],  # directories not listed
    )
