from __future__ import annotations

from news_etl.transforms.similarity import estimated_jaccard, find_near_duplicates, minhash_signature

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
