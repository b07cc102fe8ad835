"""Unicode normalization for Vietnamese text: NFC, a same-length matching form, and folding.

The rules, each used everywhere and written only here:

* ``nfc(text)`` — the reference form. Every offset danvan reports points into ``nfc(input)``.
* ``matching_form(text)`` — what extractors match against. It has **exactly the length of its
  NFC input**, character for character, so an offset found in it is an offset in the NFC text:
  odd spaces (no-break, tab, thin, figure) become a plain space, look-alikes become the letter they
  stand for — the Icelandic eth typed for ``Đ`` (``HÐND`` → ``HĐND``, ``QÐ-UBND`` → ``QĐ-UBND``), and
  the letters a case-insensitive match takes for ``i``, ``s`` or ``k`` (dotless ``ı``, ``İ``, long ``ſ``,
  the Kelvin sign), so that every word a pattern matched is found in its table — and old tone placement becomes
  the placement our canonical names use (``Uỷ`` → ``Ủy``, ``hoà`` → ``hòa``, ``khoá`` → ``khóa``):
  in an open syllable ending in *oa*, *oe* or *uy* (not after *q*), the tone mark moves from the
  last vowel to the one before it. Both are two characters before and after.
* ``fold(text)`` — for search and comparison only (length may change): NFC, diacritics removed,
  ``đ``/``Đ`` → ``d``, lower case, runs of whitespace collapsed.
* ``word_key(text)`` — how a matched phrase is looked up in a word table of ``extractors/data``
  (qualifiers, currencies, units, kinds of documents): lower case, single spaces, diacritics kept.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng

_ODD_SPACES = {c: " " for c in "\u00a0\t\u2007\u2009\u202f\u200a\u2002\u2003\u2004\u2005\u2006\u3000"}
_LOOK_ALIKES = {"Ð": "Đ", "ð": "đ", "ı": "i", "İ": "I", "ſ": "s", "\u212a": "K"}
_TO_PLAIN_SPACES = str.maketrans(_ODD_SPACES)
# Each character matching_form replaces, and what by: most texts hold none of them, and looking for each
# (``str.__contains__``, faster than one regex of all of them) spares them any copy; the few a text holds are
# replaced one after the other (``str.replace``, many times faster than ``str.translate`` on a text that is not
# ASCII), which gives what the translation gives, as no character is replaced by one that is replaced.
_TO_BE_REPLACED = tuple({**_ODD_SPACES, **_LOOK_ALIKES}.items())

_LETTER = r"[^\W\d_]"
# o + toned a/e, u + toned y, at the end of a syllable (no letter follows), not after q (looked at behind
# the vowel, so that the search can skip ahead to the next o or u).
_TONED_A_E = "àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ"
_TONED_Y = "ỳýỷỹỵỲÝỶỸỴ"
_TONED_A_E_Y = _TONED_A_E + _TONED_Y
_OLD_TONE = re.compile(rf"([oOuU])(?<![qQ][oOuU])([{_TONED_A_E_Y}])(?!{_LETTER})")
# The two letters every match of _OLD_TONE begins with, and nothing else: a text where this finds nothing holds no
# old tone placement (the search, with no group or look-around, is many times faster than _OLD_TONE's).
_O_OR_U_TONED = re.compile(rf"[oOuU][{_TONED_A_E_Y}]")
# The pairs whose tone _move_tone moves, one pattern for each first letter: each begins with a letter as written,
# which the regex engine looks for far faster than for one of a set of letters.
_TONE_MOVED_AT = tuple(re.compile(rf"{first}[{seconds}]")
                       for first, seconds in (("o", _TONED_A_E), ("O", _TONED_A_E), ("u", _TONED_Y), ("U", _TONED_Y)))


def nfc(text: str) -> str:
    """The NFC form of *text*: the text all offsets refer to. A whole text's form is kept for the extractors that
    ask for it again (each extractor normalizes the text it is given)."""
    return _cached_nfc(text) if len(text) > _SHORT else unicodedata.normalize("NFC", text)


@lru_cache(maxsize=8)
def _cached_nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _move_tone(match: re.Match) -> str:
    first, second = match.group(1), match.group(2)
    decomposed = unicodedata.normalize("NFD", second)
    base, marks = decomposed[0], decomposed[1:]
    if first.lower() == "o" and base.lower() not in "ae":
        return match.group(0)
    if first.lower() == "u" and base.lower() != "y":
        return match.group(0)
    tone = "".join(m for m in marks if m in TONE_MARKS)
    rest = "".join(m for m in marks if m not in TONE_MARKS)
    return unicodedata.normalize("NFC", first + tone) + unicodedata.normalize("NFC", base + rest)


def fix_tone_placement(text: str) -> str:
    """Old tone placement → canonical (``Uỷ ban`` → ``Ủy ban``); same length as the input.

    ``_OLD_TONE.sub(_move_tone, text)``, with _OLD_TONE tried only where one of _TONE_MOVED_AT matches, found by a
    search for its first letter (many times faster than _OLD_TONE's, or _O_OR_U_TONED's, over the whole text): each
    match that ``_move_tone`` changes (o and a toned a or e, u and a toned y) starts there, its look-behind reading
    the text before the start, the others are put back as they are, and no two matches overlap (the second letter is
    no o or u)."""
    first = _O_OR_U_TONED.search(text)
    if first is None:
        return text
    starts = sorted(match.start() for pattern in _TONE_MOVED_AT for match in pattern.finditer(text, first.start()))
    pieces = []
    done = 0
    for start in starts:
        if (match := _OLD_TONE.match(text, start)) is not None:
            pieces += text[done:start], _move_tone(match)
            done = match.end()
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def matching_form(text: str) -> str:
    """The form extractors match on: NFC, plain spaces, ``Đ`` for its look-alike, canonical tone placement;
    same length as ``nfc(text)``. A whole text's form is made once for all the extractors that ask for it."""
    return _cached_matching_form(text) if len(text) > _SHORT else _matching_form(text)


_SHORT = 200  # shorter strings (a number, a phrase) are not worth a place in the cache of texts


@lru_cache(maxsize=8)
def _cached_matching_form(text: str) -> str:
    return _matching_form(text)


def _matching_form(text: str) -> str:
    if text.isascii():   # already NFC, no tone mark to move, no look-alike: only a tab to make a space
        return text.replace("\t", " ")
    text = nfc(text)
    for character, replacement in _TO_BE_REPLACED:
        if character in text:
            text = text.replace(character, replacement)
    return fix_tone_placement(text)


_WS = re.compile(r"\s+")


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese diacritics, ``đ`` → ``d``; keeps case."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped).replace("đ", "d").replace("Đ", "D")


def fold(text: str) -> str:
    """Search/comparison key: no diacritics, ``đ`` → ``d``, lower case, single spaces."""
    return _WS.sub(" ", strip_diacritics(matching_form(text))).strip().lower()


def word_key(text: str) -> str:
    """The lookup form of a matched phrase (``Trên``, ``khoảng  chừng``): lower case, single spaces."""
    return " ".join(text.split()).lower()


def clean_whitespace(text: str) -> str:
    """Odd spaces to plain spaces, runs of spaces collapsed, lines trimmed (not offset-preserving)."""
    lines = [_WS.sub(" ", line.translate(_TO_PLAIN_SPACES)).strip() for line in text.splitlines()]
    return "\n".join(lines)
