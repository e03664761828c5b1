"""Near-duplicate signatures: MinHash over word 5-grams (``datasketch``'s permutation scheme).

Rules:

* A body is lower-cased and cut into words at white space; each run of five consecutive words is
  a shingle (a body of fewer words is one shingle).
* Each word is hashed with CRC-32 and each shingle's hash combines its five word hashes, all in
  numpy. Only the shingles whose hash ends in two zero bits take part (a fixed rule, the same for
  every text, so two texts are compared on the same sample; it quarters the work); a text with no
  such shingle keeps its first one. Those hashes become the signature that ``datasketch.MinHash``
  (scheme ``affine32``, seed :data:`MINHASH_SEED`, :data:`NUM_PERM` permutations) gives them,
  computed here in numpy (:func:`_minhash_values`) with datasketch's permutation parameters.
* Two articles are near-duplicates when their estimated Jaccard similarity is at least
  :data:`NEAR_DUPLICATE_JACCARD`: the same story with a different clutter line or one edited
  paragraph is well above it; two stories that share a boilerplate sentence are far below.
* Which pairs are compared at all (:func:`find_near_duplicates`, and the warehouse's SQL that a
  test holds equal to it) is bounded per article, so that a story published in hundreds of
  versions costs linear work, not one comparison per pair. The signature is cut into LSH bands
  (:func:`lsh_bands`, ``datasketch``'s choice for the threshold); a band's values are its *key*.
  For each key, an article is compared with the first article that had that key (the key's
  representative) and the :data:`NEAR_DUPLICATE_RECENT_CANDIDATES` articles that had it last
  before it: at most ``bands × (1 + NEAR_DUPLICATE_RECENT_CANDIDATES)`` comparisons, whatever
  the size of the cluster. Example: versions v1 … v50 of one wire story, each sharing band keys
  with the others; v50 is compared with v1 (the representative) and v34 … v49, not with v2 … v33.
  The trade-off: the answer equals comparing every earlier article that shares a key as long as
  no key was held by more than ``1 + NEAR_DUPLICATE_RECENT_CANDIDATES`` earlier articles; beyond
  that, an article similar only to a middle member of a large, loose cluster (and to none of the
  first or latest holders of any of its keys) is missed. In a cluster of near-identical versions
  the representative and the latest versions are similar to each newcomer, so it is found. The
  bound was measured on 100,000 files in stories of 25-50 versions (``benchmarks/make_corpus.py
  --cluster-versions 25-50``): with 16 latest holders the same 94,255 articles are flagged as by
  comparing every pair (with 4, six borderline ones were missed: Jaccard 0.70-0.73, one shared
  key held by 10-17 earlier versions), in 10 s instead of 150 s.
"""

from __future__ import annotations

import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from functools import lru_cache

import numpy as np

from transforms.budget import check_budget
from transforms.words import word_slices

NUM_PERM = 64
MINHASH_SEED = 1
MINHASH_SCHEME = "affine32"
SHINGLE_WORDS = 5
NEAR_DUPLICATE_JACCARD = 0.7
#: per LSH band key, how many of its latest earlier holders an article is compared with (besides
#: the key's first holder): the bound on candidate pairs per article (module docstring)
NEAR_DUPLICATE_RECENT_CANDIDATES = 16
#: the LSH bands and rows per band that ``datasketch.MinHashLSH`` chooses for
#: :data:`NEAR_DUPLICATE_JACCARD` and :data:`NUM_PERM` (it integrates the false positive and
#: negative rates with SciPy at every start; a test holds these equal to its choice)
LSH_BANDS, LSH_ROWS = 8, 8

#: values permuted at once: a values × NUM_PERM uint32 matrix, 1 MiB at this size (a 20 MiB body
#: of short words has millions of sampled shingles: GiBs in one step)
MINHASH_UPDATE_VALUES = 4096

_MAX_HASH = np.uint64((1 << 32) - 1)
_MIX = np.uint64(0x9E3779B1)
_SAMPLE_MASK = np.uint64(3)  # keep the shingles whose hash ends in two zero bits
_MAX_HASH32 = np.uint32((1 << 32) - 1)
# the 32-bit MurmurHash3 finalizer, as datasketch's affine32 scheme mixes each value with it
_FMIX_SHIFT_1, _FMIX_SHIFT_2, _FMIX_SHIFT_3 = np.uint32(16), np.uint32(13), np.uint32(16)
_FMIX_MULTIPLIER_1, _FMIX_MULTIPLIER_2 = np.uint32(0x85EBCA6B), np.uint32(0xC2B2AE35)
#: white space that ``str.split`` cuts at and ``bytes.split`` does not (all but the ASCII six);
#: looked for character by character (``in`` is a fast scan; a regex class is five times slower)
_STR_ONLY_SPACES = tuple("\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
                         "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")  # fmt: skip
_ASCII_STR_ONLY_SPACES = _STR_ONLY_SPACES[:4]


@lru_cache(maxsize=1)
def _permutations() -> np.ndarray:
    """The permutation parameters of the scheme, drawn once (datasketch draws them per sketch).

    ``datasketch`` is imported here, not with the module: it imports SciPy (0.4 s), which the
    flow's process, which never signs a body, need not pay for."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME).permutations


def minhash_signature(body: str) -> bytes:
    """The body's MinHash values (``NUM_PERM`` little-endian uint32) as bytes.

    Memory stays bounded whatever the body's length (a 20 MiB body is 3.5 million words): the
    words are hashed slice by slice (:func:`~.words.word_slices`), each slice's shingles are
    computed with the last ``SHINGLE_WORDS - 1`` word hashes of the slice before it, only the
    sampled shingle hashes are kept, and they are permuted :data:`MINHASH_UPDATE_VALUES` at a time
    (each step is a values × permutations matrix). The signature is the one of the rules.
    """
    sampled: list[np.ndarray] = []
    first: np.ndarray | None = None  # the body's first shingle, kept when none is sampled
    carry = np.empty(0, dtype=np.uint64)  # the last word hashes, whose shingles end further on
    for hashes in _word_hash_slices(body):
        window = np.concatenate((carry, hashes)) if len(carry) else hashes
        if len(window) >= SHINGLE_WORDS:
            shingles = _shingles(window)
            first = shingles[:1] if first is None else first
            sampled.append(shingles[(shingles & _SAMPLE_MASK) == 0])
        carry = window[-(SHINGLE_WORDS - 1) :]
    if first is None:  # fewer words than a shingle: the body is one shingle
        words = carry if len(carry) else np.array([zlib.crc32(b"")], dtype=np.uint64)
        values = np.array([int(np.bitwise_xor.reduce(words))], dtype=np.uint64)
    else:
        kept = np.concatenate(sampled)  # a value met twice changes no minimum: no need to unique
        values = kept if len(kept) else first
    return _minhash_values(values.astype(np.uint32)).astype("<u4").tobytes()


def _minhash_values(values: np.ndarray) -> np.ndarray:
    """``datasketch``'s ``affine32`` MinHash of ``values`` (uint32, at least one), in numpy.

    What ``MinHash(scheme="affine32", hashfunc=int, permutations=_permutations())
    .update_batch(values)`` computes, without its per-value Python calls: each value is mixed
    once with the 32-bit MurmurHash3 finalizer, each permutation ``k`` maps it to ``a_k·h + b_k``
    modulo 2³² (numpy's uint32 arithmetic wraps, which is the modulo), and the signature is the
    least result per permutation. A test holds it equal to ``datasketch`` on every article of
    the reference corpora, so stored signatures keep their bytes.
    """
    a, b = _permutations()
    mixed = values ^ (values >> _FMIX_SHIFT_1)
    mixed *= _FMIX_MULTIPLIER_1
    mixed ^= mixed >> _FMIX_SHIFT_2
    mixed *= _FMIX_MULTIPLIER_2
    mixed ^= mixed >> _FMIX_SHIFT_3
    signature = np.full(NUM_PERM, _MAX_HASH32, dtype=np.uint32)
    for start in range(0, len(mixed), MINHASH_UPDATE_VALUES):
        check_budget()
        permuted = np.multiply.outer(mixed[start : start + MINHASH_UPDATE_VALUES], a)
        permuted += b
        np.minimum(signature, permuted.min(axis=0), out=signature)
    return signature


def _word_hash_slices(body: str) -> Iterator[np.ndarray]:
    """CRC-32 of each lower-cased word of ``body``, as uint64, slice by slice.

    A slice is encoded to UTF-8 once and cut at its ASCII white space as bytes, which yields the
    UTF-8 of each word of ``str.split`` (no multi-byte character holds an ASCII byte), unless the
    slice holds white space that only ``str.split`` knows (U+001C-U+001F, U+0085, U+00A0, ...):
    such a slice is split as text and its words encoded one by one.
    """
    for piece in word_slices(body):
        lowered = piece.lower()
        spaces = _ASCII_STR_ONLY_SPACES if lowered.isascii() else _STR_ONLY_SPACES
        if not any(space in lowered for space in spaces):
            words = lowered.encode("utf-8", "surrogatepass").split()
        else:
            words = [word.encode("utf-8", "surrogatepass") for word in lowered.split()]
        yield np.fromiter(map(zlib.crc32, words), np.uint64, len(words))


def _shingles(word_hashes: np.ndarray) -> np.ndarray:
    """The hash of each run of ``SHINGLE_WORDS`` words (there must be that many), in place."""
    count = len(word_hashes) - SHINGLE_WORDS + 1
    shingles = word_hashes[:count].copy()
    for offset in range(1, SHINGLE_WORDS):
        np.multiply(shingles, _MIX, out=shingles)
        np.add(shingles, word_hashes[offset : count + offset], out=shingles)
        np.bitwise_and(shingles, _MAX_HASH, out=shingles)
    return shingles


def lsh_bands() -> tuple[int, int]:
    """``(bands, rows)`` of the LSH index for :data:`NEAR_DUPLICATE_JACCARD` (datasketch's choice):
    two signatures are candidates when all ``rows`` values of one band are equal."""
    return LSH_BANDS, LSH_ROWS


def signature_values(signature: bytes) -> np.ndarray:
    """A signature's MinHash values as the uint32 array ``datasketch`` works with."""
    return np.frombuffer(signature, dtype="<u4").astype(np.uint32)


def estimated_jaccard(first: bytes, second: bytes) -> float:
    return float(np.mean(signature_values(first) == signature_values(second)))


def band_keys(signature: bytes) -> list[bytes]:
    """The signature's LSH band keys: band ``b`` is bytes ``[b·rows·4, (b+1)·rows·4)``."""
    bands, rows = lsh_bands()
    width = rows * 4
    return [signature[band * width : (band + 1) * width] for band in range(bands)]


def find_near_duplicates(
    standing: Iterable[tuple[str, bytes]],
    incoming: Iterable[tuple[str, bytes]],
) -> dict[str, str]:
    """For each incoming ``(article_id, signature)``, in order, the earlier article it nearly
    duplicates: ``{article_id: duplicate_of}`` for the incoming articles that have one.

    The articles enter in order, ``standing`` (already in the warehouse) first. An article is
    compared with its candidates (module docstring: per band key, the key's first holder and its
    :data:`NEAR_DUPLICATE_RECENT_CANDIDATES` latest earlier holders) on the whole signature; the
    most similar candidate at or above :data:`NEAR_DUPLICATE_JACCARD` is the one it duplicates,
    the earliest on a tie. An ``article_id`` seen before is neither compared nor entered again
    (the warehouse settles repeated ids before). Example: of ``v1``, ``v2``, ``v3``, three
    versions of a story, ``v2`` duplicates ``v1``, and ``v3`` the more similar of the two.
    """
    values: dict[str, np.ndarray] = {}
    order: dict[str, int] = {}
    first: dict[tuple[int, bytes], str] = {}
    recent: dict[tuple[int, bytes], deque[str]] = {}

    def enter(article_id: str, signature: bytes, keys: list[tuple[int, bytes]]) -> None:
        values[article_id] = signature_values(signature)
        order[article_id] = len(order)
        for key in keys:
            first.setdefault(key, article_id)
            recent.setdefault(key, deque(maxlen=NEAR_DUPLICATE_RECENT_CANDIDATES)).append(article_id)

    for article_id, signature in standing:
        if article_id not in values:
            enter(article_id, signature, list(enumerate(band_keys(signature))))
    found: dict[str, str] = {}
    for article_id, signature in incoming:
        if article_id in values:
            continue
        keys = list(enumerate(band_keys(signature)))
        candidates = {first[key] for key in keys if key in first}
        candidates.update(c for key in keys for c in recent.get(key, ()))
        mine = signature_values(signature)
        best: tuple[float, int, str] | None = None
        for candidate in candidates:
            similarity = float(np.mean(values[candidate] == mine))
            rank = (-similarity, order[candidate], candidate)
            if similarity >= NEAR_DUPLICATE_JACCARD and (best is None or rank < best):
                best = rank
        if best is not None:
            found[article_id] = best[2]
        enter(article_id, signature, keys)
    return found
