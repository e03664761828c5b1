"""Near-duplicate signatures: MinHash over word 5-grams (``datasketch``'s permutation scheme).

Rules:

* A body is lower-cased and cut into words at white space; each run of five consecutive words is
  a shingle (a body of fewer words is one shingle).
* Each word is hashed with CRC-32 and each shingle's hash combines its five word hashes, all in
  numpy. Only the shingles whose hash ends in two zero bits take part (a fixed rule, the same for
  every text, so two texts are compared on the same sample; it quarters the work); a text with no
  such shingle keeps its first one. ``datasketch.MinHash`` (scheme ``affine32``, seed
  :data:`MINHASH_SEED`, :data:`NUM_PERM` permutations) turns those hashes into the signature,
  and ``datasketch.MinHashLSH`` searches the signatures (:func:`find_near_duplicates`; the
  warehouse runs the same banding, :func:`lsh_bands`, as a join in DuckDB).
* Two articles are near-duplicates when their estimated Jaccard similarity is at least
  :data:`NEAR_DUPLICATE_JACCARD`: the same story with a different clutter line or one edited
  paragraph is well above it; two stories that share a boilerplate sentence are far below.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

NUM_PERM = 64
MINHASH_SEED = 1
MINHASH_SCHEME = "affine32"
SHINGLE_WORDS = 5
NEAR_DUPLICATE_JACCARD = 0.7

_MAX_HASH = np.uint64((1 << 32) - 1)
_MIX = np.uint64(0x9E3779B1)
_SAMPLE_MASK = np.uint64(3)  # keep the shingles whose hash ends in two zero bits


@lru_cache(maxsize=1)
def _permutations() -> np.ndarray:
    """The permutation parameters of the scheme, drawn once (datasketch draws them per sketch)."""
    return MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME).permutations


def minhash_signature(body: str) -> bytes:
    """The body's MinHash values (``NUM_PERM`` little-endian uint32) as bytes."""
    words = body.lower().split() or [""]
    vocabulary = {word: zlib.crc32(word.encode("utf-8", "surrogatepass")) for word in set(words)}
    word_hashes = np.fromiter(map(vocabulary.__getitem__, words), np.uint64, len(words))
    if len(word_hashes) >= SHINGLE_WORDS:
        shingles = word_hashes[: len(word_hashes) - SHINGLE_WORDS + 1].copy()
        for offset in range(1, SHINGLE_WORDS):
            shingles = (
                shingles * _MIX + word_hashes[offset : len(word_hashes) - SHINGLE_WORDS + 1 + offset]
            ) & _MAX_HASH
    else:
        shingles = np.array([int(np.bitwise_xor.reduce(word_hashes))], dtype=np.uint64)
    sampled = shingles[(shingles & _SAMPLE_MASK) == 0]
    minhash = MinHash(
        num_perm=NUM_PERM,
        seed=MINHASH_SEED,
        scheme=MINHASH_SCHEME,
        hashfunc=int,
        permutations=_permutations(),
    )
    minhash.update_batch(np.unique(sampled if len(sampled) else shingles[:1]).tolist())
    return minhash.hashvalues.astype("<u4").tobytes()


@lru_cache(maxsize=1)
def lsh_bands() -> tuple[int, int]:
    """``(bands, rows)`` of the LSH index for :data:`NEAR_DUPLICATE_JACCARD` (datasketch's choice):
    two signatures are candidates when all ``rows`` values of one band are equal."""
    index = MinHashLSH(threshold=NEAR_DUPLICATE_JACCARD, num_perm=NUM_PERM)
    return int(index.b), int(index.r)


def signature_values(signature: bytes) -> np.ndarray:
    """A signature's MinHash values as the uint32 array ``datasketch`` works with."""
    return np.frombuffer(signature, dtype="<u4").astype(np.uint32)


def estimated_jaccard(first: bytes, second: bytes) -> float:
    return float(np.mean(signature_values(first) == signature_values(second)))


def find_near_duplicates(
    standing: Iterable[tuple[str, bytes]],
    incoming: Iterable[tuple[str, bytes]],
) -> dict[str, str]:
    """For each incoming ``(article_id, signature)``, in order, the article it nearly duplicates.

    ``standing`` articles (already in the warehouse) and the incoming ones before it are the
    candidates; the most similar candidate at or above :data:`NEAR_DUPLICATE_JACCARD` wins (the
    earliest on a tie). Returns ``{article_id: duplicate_of}`` for the incoming ones that have one.
    """
    index = MinHashLSH(threshold=NEAR_DUPLICATE_JACCARD, num_perm=NUM_PERM)
    values: dict[str, np.ndarray] = {}
    order: dict[str, int] = {}

    def add(article_id: str, signature: bytes) -> LeanMinHash:
        minhash = LeanMinHash(
            seed=MINHASH_SEED, hashvalues=signature_values(signature), scheme=MINHASH_SCHEME
        )
        if article_id not in values:
            values[article_id] = minhash.hashvalues
            order[article_id] = len(order)
            index.insert(article_id, minhash, check_duplication=False)
        return minhash

    for article_id, signature in standing:
        add(article_id, signature)
    found: dict[str, str] = {}
    for article_id, signature in incoming:
        minhash = LeanMinHash(
            seed=MINHASH_SEED, hashvalues=signature_values(signature), scheme=MINHASH_SCHEME
        )
        best: tuple[float, int, str] | None = None
        for candidate in index.query(minhash):
            if candidate == article_id:
                continue
            similarity = float(np.mean(values[candidate] == minhash.hashvalues))
            key = (-similarity, order[candidate], candidate)
            if similarity >= NEAR_DUPLICATE_JACCARD and (best is None or key < best):
                best = key
        if best is not None:
            found[article_id] = best[2]
        add(article_id, signature)
    return found
