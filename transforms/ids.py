"""Stable identifiers: the same page gets the same ``article_id`` however it was scraped.

Rules:

* ``normalise_url``: scheme dropped (http and https are one page), host lower-cased without
  ``www.`` and without a default port, trailing slash and fragment dropped, tracking query
  parameters (``utm_*``, ``fbclid``, ``gclid``, ...) removed and the rest sorted.
  ``HTTPS://www.Example.com/a/?utm_source=x&b=2#top`` → ``example.com/a?b=2``.
* ``article_id``: the first 16 hex digits of sha256 over ``url:`` + the normalised URL; an
  article without a URL is named by its content instead (``text:`` + title + body).
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit

ID_HEX_DIGITS = 16

TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "ref",
        "ref_src",
        "cmpid",
        "ocid",
        "_ga",
        "yclid",
        "spm",
    }
)


def normalise_url(url: str) -> str:
    """The URL reduced to what names the page (rules in the module docstring).

    A URL that cannot be taken apart (``https://[x``, a port that is not a number) is kept as
    written, trimmed: it still names its page, just without normalisation.
    """
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower().rstrip(".")
        port = parts.port if parts.port not in (None, 80, 443) else None
    except ValueError:
        return url.strip()
    host = host.removeprefix("www.")
    netloc = f"{host}:{port}" if port else host
    path = parts.path.rstrip("/")
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key.lower() not in TRACKING_PARAMS and not key.lower().startswith("utm_")
    ]
    normalised = netloc + path
    if query:
        normalised += "?" + urlencode(sorted(query))
    return normalised


def url_domain(url: str | None) -> str | None:
    """The URL's host, lower-cased, without ``www.``; None when there is no URL or host."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:  # a URL urllib cannot take apart has no host we can name
        return None
    return host.lower().rstrip(".").removeprefix("www.") or None


def sha256_hex(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()


def article_id(url: str | None, title: str | None, body: str) -> str:
    """Stable id of an article: from its normalised URL when it has one, else from its text."""
    if url:
        key = "url:" + normalise_url(url)
    else:
        key = "text:" + (title or "") + "\n" + body
    return sha256_hex(key)[:ID_HEX_DIGITS]
