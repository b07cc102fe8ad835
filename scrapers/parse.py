"""HTML pages → article text (simple body extraction; the full Article parser replaces it)."""

from __future__ import annotations

from bs4 import BeautifulSoup

from extractors.normalize import nfc


def text_from_html(html: str) -> str:
    """The readable body text of an HTML page, one paragraph a line, NFC."""
    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    body = soup.select_one("div.news-content") or soup.body or soup
    lines = [line.strip() for line in body.get_text("\n").splitlines()]
    return nfc("\n".join(line for line in lines if line))
