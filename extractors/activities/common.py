"""What the stages of activity extraction share: the other kinds' facts by position, the words around a place."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from extractors.patterns.activities import BETWEEN_SIZES, ActivityPatterns

SYLLABLE = re.compile(r"[\w’'\-%]+")
NUMBER = re.compile(r"[\d.,]+%?")
BREAK_MARKS = ",;:.()“”\"!?\n"   # punctuation the words before or after a trigger stop at
PUNCTUATION = ",;:.()“”\"!?…[]«»/"   # characters no syllable holds (SYLLABLE: letters, digits, _ ’ ' - %)
WORDS_BREAK = re.compile(f"[{re.escape(BREAK_MARKS)}]")
REFERRING_LOOKBACK = 60  # organizations looked back at for a referring head ("Hội" → the last "Hội …")
REFERRING_DISTANCE = 5000  # … named at most this many characters before it


class Facts:
    """The other kinds' results, with their starts sorted: the facts of a span are found in O(log n)."""

    KINDS = ("organizations", "locations", "money", "counts", "dates", "legal_refs")

    def __init__(self, facts: dict):
        self.lists = {kind: facts.get(kind) or [] for kind in self.KINDS}
        self._sorted = {}   # kind → the starts in order, the indices in that order, and their ends in that order
        for kind, items in self.lists.items():
            starts = [item["start"] for item in items]
            if starts == sorted(starts):   # in text order already (as every extractor gives them): sorting keeps it
                self._sorted[kind] = (starts, list(range(len(items))), [item["end"] for item in items])
                continue
            order = sorted(range(len(items)), key=lambda i: items[i]["start"])
            self._sorted[kind] = ([items[i]["start"] for i in order], order, [items[i]["end"] for i in order])
        self.location_by_name: dict[str, int] = {}
        for i, location in enumerate(self.lists["locations"]):
            self.location_by_name.setdefault(location.get("name"), i)

    def within(self, kind: str, start: int, end: int) -> list[int]:
        """Indices (into the kind's list) of the facts lying inside [start, end), in text order."""
        starts, order, ends = self._sorted[kind]
        first, last = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        if first == last:
            return []
        return [order[k] for k in range(first, last) if ends[k] <= end]

    def before(self, kind: str, position: int) -> list[int]:
        """Indices of the facts starting before *position*, nearest first (REFERRING_LOOKBACK of them at most,
        within REFERRING_DISTANCE characters)."""
        starts, order, _ends = self._sorted[kind]
        at = bisect.bisect_left(starts, position)
        first = max(bisect.bisect_left(starts, position - REFERRING_DISTANCE), at - REFERRING_LOOKBACK)
        return [order[k] for k in range(at - 1, first - 1, -1)]


@dataclass
class Candidate:
    start: int
    end: int
    action: str
    passive: bool = False
    actor: int | None = None


def syllables(text: str) -> list[str]:
    """``SYLLABLE.findall(text)``, read piece by piece between the whitespace (no part of a syllable): a piece that
    ``str.isalnum`` accepts is one syllable (``isalnum`` holds exactly for the characters ``\\w`` matches but "_", all
    in SYLLABLE), and so is one that does once stripped of PUNCTUATION ("dân," "(Hội"); only the other pieces are
    read by SYLLABLE, which costs far more than the string methods on Vietnamese text."""
    found = []
    for piece in text.split():
        if piece.isalnum():
            found.append(piece)
            continue
        core = piece.strip(PUNCTUATION)
        if core.isalnum():
            found.append(core)
        elif core:
            found.extend(SYLLABLE.findall(core))
    return found


def before_words(form: str, position: int, count: int, floor: int) -> list[str]:
    """The last *count* syllables before *position* (not before *floor*, nor across punctuation).

    Read from the last *count* pieces between whitespace after the last line break (``_syllables_after_mark``), else
    plainly."""
    chunk = form[max(floor, position - 60):position]
    chunk = chunk[chunk.rfind("\n") + 1:]   # the line break is a mark: no word before it is read
    if count > 0:
        words = _syllables_after_mark(reversed(chunk.rsplit(maxsplit=count)[-count:]))
        if words is not None:
            return words
    chunk = WORDS_BREAK.split(chunk)[-1]
    return syllables(chunk)[-count:]


def after_words(form: str, position: int, count: int) -> list[str]:
    """The first *count* syllables after *position*, lower case (not across punctuation); read from the first *count*
    pieces between whitespace before the first line break (``_syllables_before_mark``), as ``before_words`` reads the
    last ones."""
    chunk = form[position:position + 60]
    line_break = chunk.find("\n")
    chunk = chunk if line_break < 0 else chunk[:line_break]   # the line break is a mark: no word after it is read
    if count > 0:
        words = _syllables_before_mark(chunk.split(maxsplit=count)[:count])
        if words is not None:
            return [w.lower() for w in words]
    chunk = WORDS_BREAK.split(chunk)[0]
    return [w.lower() for w in syllables(chunk)[:count]]


# In a text without a line break (the one mark that is a whitespace), a piece between whitespace that ``str.isalnum``
# accepts is one syllable and holds no mark of BREAK_MARKS. So the syllables before the first mark are the pieces
# themselves up to a piece that begins with a mark (it gives nothing more) or is a syllable and marks after it ("hộ,"
# "nghèo”," give "hộ", "nghèo", then the words stop); the syllables after the last mark, read from the last piece
# backwards, likewise. A piece of another shape ("50%", "1.650", "a-b") makes them answer None: read plainly.
def _syllables_before_mark(pieces) -> list[str] | None:
    """The syllables of *pieces* (in order) before the first mark of BREAK_MARKS, or None."""
    words = []
    for piece in pieces:
        if piece.isalnum():
            words.append(piece)
            continue
        if piece[0] in BREAK_MARKS:
            return words
        core = piece.rstrip(BREAK_MARKS)
        if core.isalnum():
            words.append(core)
            return words
        return None
    return words


def _syllables_after_mark(pieces) -> list[str] | None:
    """The syllables of *pieces* (given last first) after the last mark of BREAK_MARKS, in text order, or None."""
    words = []
    for piece in pieces:
        if piece.isalnum():
            words.append(piece)
            continue
        if piece[-1] in BREAK_MARKS:
            break
        core = piece.lstrip(BREAK_MARKS)
        if core.isalnum():
            words.append(core)
            break
        return None
    words.reverse()
    return words


def skip_between(words: list[str], patterns: ActivityPatterns) -> list[str]:
    """*words* without the numbers, qualifiers and classifiers that open them ("hơn 300 lượt …" → "…")."""
    while words:
        if is_number(words[0]):
            words = words[1:]
            continue
        lowered = tuple(w.lower() for w in words[:3])
        skip = next((size for size in BETWEEN_SIZES if lowered[:size] in patterns.between_words), 0)
        if not skip:
            return words
        words = words[skip:]
    return words


def is_number(word: str) -> bool:
    """A number as written ("150", "1.650", "3,5", "50%"): NUMBER whole, with a digit. Every match of NUMBER begins
    with a digit (``\\d``: ``str.isdecimal``), "." or ",": a word beginning otherwise is passed without the regex."""
    if not word or not (word[0].isdecimal() or word[0] in ".,"):
        return False
    return bool(NUMBER.fullmatch(word)) and any(c.isdigit() for c in word)
