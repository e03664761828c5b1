"""Digests of what the parser and the quote extractor make of the reference corpora.

Usage (from the repository root)::

    python benchmarks/digests.py [--save FILE.json] [--diff FILE.json] [--show N]

Every file of ``../shared/corpora/*`` and ``../shared/seed`` is decoded, parsed and read for quotes
exactly as a run does (without Prefect or a warehouse); each file's result (title, teaser, summary,
paragraphs, language, source encoding, quotes with speaker, resolution, cue, offsets,
confidence and the speaker's identity across articles) is hashed.
The script prints one digest per corpus: a refactor must leave them all unchanged. ``--save``
keeps the per-file hashes; ``--diff`` compares with a saved run and lists the files whose parse
changed, with the first differing field, so an intended change can be checked to touch only the
files it should.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from schemas import Quote
from transforms.article import parse_article
from transforms.decode import Undecodable, decode_raw
from transforms.language import detect_language
from transforms.quotes import extract_quotes
from transforms.rows import PARAGRAPH_SEPARATOR, QUOTED_LANGUAGES
from transforms.speakers.identity import identify

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"


def _identity(body: str, quote: Quote) -> tuple[str | None, str | None, str | None]:
    """The speaker's identity across articles, as the quote's row holds it."""
    found = identify(body, quote)
    return found.kind, found.speaker_id, found.role


def parse_record(data: bytes) -> dict[str, Any]:
    """What a run makes of one raw file, as plain JSON-able values."""
    decoded = decode_raw(data)
    if isinstance(decoded, Undecodable):
        return {"rejected": decoded.reason}
    parsed = parse_article(decoded.text)
    body = PARAGRAPH_SEPARATOR.join(parsed.paragraphs)
    language = detect_language(parsed.title, body)
    quotes = extract_quotes(body) if parsed.paragraphs and language in QUOTED_LANGUAGES else []
    record: dict[str, Any] = {
        "title": parsed.title,
        "teaser": parsed.teaser,
        "summary": parsed.summary,
        "paragraphs": parsed.paragraphs,
        "language": language,
        "quotes": [
            [
                q.kind,
                q.quote_start,
                q.quote_end,
                q.speaker,
                q.speaker_resolved,
                q.cue,
                list(q.fragments),
                q.confidence,
                *_identity(body, q),
            ]
            for q in quotes
        ],
        "source_encoding": decoded.encoding,
    }
    return record


def corpora() -> dict[str, list[Path]]:
    found = {"seed": sorted(p for p in (SHARED / "seed").glob("*.txt"))}
    for corpus in sorted((SHARED / "corpora").iterdir()):
        if corpus.is_dir():
            found[corpus.name] = sorted(p for p in corpus.iterdir() if p.is_file())
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--save", type=Path, help="write the per-file hashes here")
    parser.add_argument("--diff", type=Path, help="compare with hashes saved by --save")
    parser.add_argument("--show", type=int, default=20, help="changed files listed per corpus")
    args = parser.parse_args(argv)
    if not (SHARED / "corpora").is_dir():
        print(f"{SHARED / 'corpora'} is missing: nothing to digest", file=sys.stderr)
        return 2
    before: dict[str, dict[str, Any]] = json.loads(args.diff.read_text()) if args.diff else {}
    saved: dict[str, dict[str, Any]] = {}
    for name, paths in corpora().items():
        whole = hashlib.sha256()
        changed: list[str] = []
        for path in paths:
            record = parse_record(path.read_bytes())
            fields = {
                key: hashlib.sha256(json.dumps(value, ensure_ascii=False).encode()).hexdigest()[:16]
                for key, value in record.items()
            }
            key = f"{name}/{path.name}"
            saved[key] = fields
            whole.update(f"{key}\t{json.dumps(fields, sort_keys=True)}\n".encode())
            old = before.get(key)
            if args.diff and old != fields:
                what = sorted(
                    k for k in fields.keys() | (old or {}).keys() if (old or {}).get(k) != fields.get(k)
                )
                changed.append(f"    {key}: {', '.join(what)}")
        line = f"{name:<18} {len(paths):>5} files  digest {whole.hexdigest()[:16]}"
        if args.diff:
            line += f"  changed {len(changed)}"
        print(line)
        for entry in changed[: args.show]:
            print(entry)
    if args.save:
        args.save.write_text(json.dumps(saved, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
