from __future__ import annotations

import pytest

from transforms.similarity import estimated_jaccard, find_near_duplicates, minhash_signature

STORY = " ".join(
    f"Paragraph {n}: the port authority and the dockworkers' union met again on day {n} of the strike, "
    f"and both sides said that the talks about the automation of terminal {n} had made some progress."
    for n in range(1, 9)
)


def test_signature_is_deterministic_and_compact():
    assert minhash_signature(STORY) == minhash_signature(STORY)
    assert len(minhash_signature(STORY)) == 64 * 4


def test_one_edited_paragraph_is_still_a_near_duplicate_but_another_story_is_not():
    edited = STORY.replace("had made some progress", "had broken down again", 1)
    other = "The orchestra played Mahler's second symphony in the new concert hall on Saturday night. " * 5
    assert estimated_jaccard(minhash_signature(STORY), minhash_signature(edited)) >= 0.7
    assert estimated_jaccard(minhash_signature(STORY), minhash_signature(other)) < 0.2


def test_find_near_duplicates_points_at_the_earliest_similar_article():
    edited = STORY + " Paragraph 9: a spokesman declined to comment."
    other = "The orchestra played Mahler's second symphony in the new concert hall on Saturday night. " * 5
    found = find_near_duplicates(
        [("old", minhash_signature(STORY))],
        [("new", minhash_signature(edited)), ("fresh", minhash_signature(other))],
    )
    assert found == {"new": "old"}
    among_incoming = find_near_duplicates(
        [], [("a", minhash_signature(STORY)), ("b", minhash_signature(edited))]
    )
    assert among_incoming == {"b": "a"}


def _signatures_sharing_band_zero(count: int, similar_at: int, seed: int = 3):
    """``count`` signatures that all hold the same first band (one LSH band key), otherwise
    random; the one at ``similar_at`` and a last one differ in one value per other band, so they
    share no other key but are near duplicates (57 of 64 values equal)."""
    import numpy as np

    from transforms.similarity import NUM_PERM, lsh_bands

    bands, rows = lsh_bands()
    rng = np.random.default_rng(seed)
    shared = rng.integers(0, 2**32, rows, dtype=np.uint32)
    signatures = []
    for _ in range(count):
        values = rng.integers(0, 2**32, NUM_PERM, dtype=np.uint32)
        values[:rows] = shared
        signatures.append(values)
    last = signatures[similar_at].copy()
    for band in range(1, bands):
        last[band * rows + int(rng.integers(rows))] ^= np.uint32(1)
    signatures.append(last)
    return [(f"a{n:02d}", values.astype("<u4").tobytes()) for n, values in enumerate(signatures)]


def test_each_band_key_offers_its_first_and_its_latest_holders_as_candidates():
    from transforms.similarity import NEAR_DUPLICATE_RECENT_CANDIDATES as RECENT

    count = RECENT + 5  # a key held by more articles than its candidates
    last = f"a{count:02d}"
    # the near duplicate is the key's first holder, or one of its latest: found
    for similar_at in (0, count - RECENT, count - 1):
        found = find_near_duplicates([], _signatures_sharing_band_zero(count, similar_at))
        assert found == {last: f"a{similar_at:02d}"}, similar_at
    # the bound: a near duplicate in the middle of a crowded key (and sharing no other) is missed
    assert find_near_duplicates([], _signatures_sharing_band_zero(count, 1)) == {}
    # standing articles come first, in the order given
    signatures = _signatures_sharing_band_zero(count, 0)
    assert find_near_duplicates(signatures[:1], signatures[1:]) == {last: "a00"}


def test_a_repeated_article_id_is_neither_compared_nor_entered_again():
    signatures = _signatures_sharing_band_zero(3, 0)
    repeated = [signatures[0], ("a00", signatures[3][1]), *signatures[1:]]
    assert find_near_duplicates([], repeated) == {"a03": "a00"}


# ------------------------------------------------------- the numpy MinHash is datasketch's, byte for byte
def _datasketch_signature(body: str) -> bytes:
    """The signature as ``datasketch`` computes it (the implementation before issue 15): the
    shingle hashes of :mod:`transforms.similarity`, with every word encoded on its own, fed to
    ``MinHash.update_batch``."""
    import zlib

    import numpy as np
    from datasketch import MinHash

    from transforms import similarity

    words = body.lower().split()
    hashes = np.array([zlib.crc32(word.encode("utf-8", "surrogatepass")) for word in words], dtype=np.uint64)
    if len(hashes) < similarity.SHINGLE_WORDS:
        folded = np.bitwise_xor.reduce(hashes) if len(hashes) else zlib.crc32(b"")
        values = [int(folded)]
    else:
        shingles = similarity._shingles(hashes)
        sampled = shingles[(shingles & similarity._SAMPLE_MASK) == 0]
        values = np.unique(sampled if len(sampled) else shingles[:1]).tolist()
    minhash = MinHash(
        num_perm=similarity.NUM_PERM,
        seed=similarity.MINHASH_SEED,
        scheme=similarity.MINHASH_SCHEME,
        hashfunc=int,
    )
    minhash.update_batch(values)
    return minhash.hashvalues.astype("<u4").tobytes()


@pytest.mark.parametrize(
    "body",
    [
        "",
        "one",
        "four words only here",
        "exactly five words right here",
        STORY,
        STORY.upper(),
        # white space that str.split cuts at and bytes.split does not, in ASCII and beyond
        "a\x1cb\x1dc\x1ed\x1fe f g h i j k l m n o p q r s t u v w x y z " * 3,
        "Über\u00a0die Grenze\u2009sagte\u3000der Minister\u2028am Montag, dass\x85die Gespräche " * 4,
        "lone \ud800 surrogate and \udfff another one, then more words to make shingles " * 3,
        "Ελληνικά κείμενα και 中文 文本 with “curly quotes” — dashes … " * 10,
        "x " * 70_000,  # longer than one word slice: shingles cross the cut
    ],
)
def test_signature_bytes_are_datasketchs(body):
    assert minhash_signature(body) == _datasketch_signature(body)


@pytest.mark.parametrize("corpus", ["kremlin-en-2022", "bbc-news-2005"])
def test_signature_bytes_are_datasketchs_on_every_reference_article(shared, corpus):
    """Warehouses signed before issue 15 keep their signatures: the numpy MinHash gives every
    article of the reference corpora the bytes ``datasketch`` gave it."""
    from transforms.article import parse_article
    from transforms.decode import Undecodable, decode_raw
    from transforms.rows import PARAGRAPH_SEPARATOR

    checked = 0
    for path in sorted((shared / "corpora" / corpus).rglob("*.txt")):
        decoded = decode_raw(path.read_bytes())
        if isinstance(decoded, Undecodable):
            continue
        body = PARAGRAPH_SEPARATOR.join(parse_article(decoded.text).paragraphs)
        assert minhash_signature(body) == _datasketch_signature(body), path.name
        checked += 1
    assert checked > 400


def test_the_lsh_bands_are_the_ones_datasketch_chooses_for_the_threshold():
    from datasketch import MinHashLSH

    from transforms.similarity import NEAR_DUPLICATE_JACCARD, NUM_PERM, lsh_bands

    index = MinHashLSH(threshold=NEAR_DUPLICATE_JACCARD, num_perm=NUM_PERM)
    assert lsh_bands() == (index.b, index.r)


def test_importing_the_signatures_does_not_import_scipy():
    import subprocess
    import sys

    code = "import sys, transforms.similarity; print('scipy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
