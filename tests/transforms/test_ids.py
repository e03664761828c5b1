from __future__ import annotations

import pytest

from transforms.ids import article_id, normalise_url, url_domain


@pytest.mark.parametrize(
    "variant",
    [
        "https://www.example.com/news/story-1/",
        "http://example.com/news/story-1",
        "HTTPS://WWW.EXAMPLE.COM/news/story-1?utm_source=x&utm_medium=y",
        "https://example.com/news/story-1#comments",
        "https://example.com:443/news/story-1?fbclid=abc",
    ],
)
def test_the_same_page_normalises_to_one_url(variant):
    assert normalise_url(variant) == "example.com/news/story-1"


def test_meaningful_query_parameters_stay_sorted():
    assert normalise_url("https://example.com/a?page=2&id=7&utm_campaign=z") == "example.com/a?id=7&page=2"


def test_path_case_is_kept():
    assert normalise_url("https://example.com/News/A") != normalise_url("https://example.com/news/a")


def test_domain():
    assert url_domain("https://www.Sputniknews.com/2022/x") == "sputniknews.com"
    assert url_domain(None) is None


def test_article_id_is_stable_and_url_based():
    first = article_id("https://www.example.com/a/", "Title", "Body one")
    again = article_id("http://example.com/a", "Another title", "Body two")
    assert first == again
    assert len(first) == 16
    assert first != article_id("https://example.com/b", "Title", "Body one")


def test_article_without_url_is_named_by_its_text():
    assert article_id(None, "T", "Body") == article_id(None, "T", "Body")
    assert article_id(None, "T", "Body") != article_id(None, "T", "Other body")
