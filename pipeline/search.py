"""Search helpers over the folded index: the exact-phrase expression ranked first, and excerpts cut from the original text.

The rule of a search (``pipeline.db.search_articles`` and the ``search`` canned query): several words find
the articles holding **all** of them; those where they stand together as the phrase typed come first, then
the others. A query written in double quotes (``"ho tro"``) asks for that exact phrase only.

The index holds ``fold(text)``, whose length may differ from the text's; ``folded_with_offsets`` folds
character by character and keeps, for each folded character, the offset of the original character it came
from, so a match found in the folded copy is cut from the original text (diacritics kept) at the same place.
"""

from __future__ import annotations

import re

from extractors.normalize import fold, nfc

# FTS5's unicode61 tokens: runs of letters and digits (the index is folded, so plain ASCII letters mostly).
_TOKEN = re.compile(r"[^\W_]+")
EXCERPT_BEFORE, EXCERPT_AFTER = 60, 180   # characters of context around the first match
MARK_OPEN, MARK_CLOSE = "[", "]"


def query_terms(query: str) -> list[str]:
    """The folded search terms of *query*, in order (quotes and punctuation dropped)."""
    return _TOKEN.findall(fold(query or ""))


def phrase_query(query: str) -> str:
    """The FTS5 expression of the matches ranked first: all the words as one phrase.

    A query holding a double quote is taken as written (its quoted parts are phrases already), and a single
    word is its own phrase: then this is the same set as the whole query's matches.
    """
    from pipeline.db import fts_query

    terms = query_terms(query)
    if '"' in (query or "") or len(terms) < 2:
        return fts_query(query)
    return '"' + " ".join(terms) + '"'


def folded_with_offsets(text: str) -> tuple[str, list[int]]:
    """``text`` folded character by character (``fold`` of each one; any space → one space), and for each
    character of the folded copy the offset in *text* of the character it comes from."""
    pieces, origins = [], []
    for offset, character in enumerate(text):
        piece = " " if character.isspace() else fold(character)
        pieces.append(piece)
        origins.extend([offset] * len(piece))
    return "".join(pieces), origins


def _term_pattern(terms: list[str]) -> re.Pattern:
    """The terms as one phrase (anything but letters and digits between them), on word boundaries."""
    return re.compile(r"(?<![^\W_])" + r"[\W_]+".join(re.escape(t) for t in terms) + r"(?![^\W_])")


def match_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Spans of *text* (offsets into it) where the query matches on the folded copy: the whole phrase where
    it occurs, else each word on its own; in text order, not overlapping."""
    terms = query_terms(query)
    if not text or not terms:
        return []
    folded, origins = folded_with_offsets(text)

    def spans(pattern: re.Pattern) -> list[tuple[int, int]]:
        return [(origins[m.start()], origins[m.end() - 1] + 1) for m in pattern.finditer(folded)]

    found = spans(_term_pattern(terms)) if len(terms) > 1 else []
    if not found:
        found = sorted(span for term in dict.fromkeys(terms) for span in spans(_term_pattern([term])))
    kept, end = [], -1
    for start, stop in found:
        if start >= end:
            kept.append((start, stop))
            end = stop
    return kept


def excerpt(text: str | None, query: str | None, before: int = EXCERPT_BEFORE, after: int = EXCERPT_AFTER) -> str | None:
    """A passage of *text* around the query's first match, with its diacritics, every match in [brackets].

    The match is found on the folded copy (``dong`` finds ``đồng``) and cut from the original text at the same
    offsets. Without a match in the text (the words are in the title), the beginning of the text.
    """
    if text is None:
        return None
    text = nfc(text)
    spans = match_spans(text, query or "")
    first = spans[0][0] if spans else 0
    start = max(0, first - before)
    stop = min(len(text), first + after)
    if start > 0:   # begin and end on whole words
        space = text.find(" ", start, first)
        start = space + 1 if space >= 0 else start
    if stop < len(text):
        space = text.rfind(" ", max(first, spans[0][1] if spans else 0), stop)
        stop = space if space > first else stop
    parts, position = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > stop:
            continue
        parts += [text[position:span_start], MARK_OPEN, text[span_start:span_end], MARK_CLOSE]
        position = span_end
    parts.append(text[position:stop])
    body = " ".join("".join(parts).split())
    return ("…" if start > 0 else "") + body + ("…" if stop < len(text) else "")
