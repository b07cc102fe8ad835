"""Find organizations of the political system and administrative places in Vietnamese text, with offsets.

A hybrid, each part data plus one small engine:

1. the gazetteer (data/organizations.yaml, with the abbreviated forms of data/abbreviations.yaml);
2. a name grammar for names no list holds: a head noun (data/org_heads.yaml) and its capitalized
   modifiers, word boundaries taken from underthesea's word segmentation of the few candidate phrases;
3. parts joined to the body written after them ("Ban Thường vụ" + "Huyện ủy"), then the level and place
   ("huyện Chư Sê", "các xã, phường") split off into ``level``/``locality``;
4. abbreviations defined in the text ("Hội Cựu chiến binh (CCB)") bound for the rest of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from extractors.normalize import matching_form, nfc
from extractors.overlap import resolve_overlaps
from extractors.patterns.organizations import (
    PLACE_NAME,
    SPACE,
    Body,
    OrganizationPatterns,
    organization_patterns,
    surface_key,
)
from extractors.results import Result

NAME_END = re.compile(r"[,.;:()“”\"!?\n\[\]«»]")
GRAMMAR_WINDOW = 80
PLACE_AFTER_COMMITTEE = re.compile(rf"{SPACE}(?P<place>{PLACE_NAME})(?![\w])")


@dataclass(frozen=True)
class Organization(Result):
    """A mention of an organization: canonical ``name`` without level and place, which are apart."""

    name: str
    abbreviation: str | None
    level: str | None
    locality: str | None
    family: str | None = None
    successor: str | None = None


@dataclass(frozen=True)
class Location(Result):
    """A mention of an administrative unit or settlement: ``xã Ia Blang`` → name Ia Blang, level xã."""

    name: str
    level: str
    parent: str | None = None
    code: int | None = None


@dataclass
class _Candidate:
    """An organization being read: a span of the matching form and what is known of it so far."""

    start: int
    end: int
    name: str
    family: str | None
    body: Body | None = None
    abbreviation: str | None = None
    level: str | None = None
    locality: str | None = None
    joined: bool = False


# --- locations ------------------------------------------------------------------------------------------------
def find_locations(text: str) -> list[Location]:
    """Administrative units named with their level ("huyện Chư Sê", "thôn 3", "các xã Ia Sol, Ia Piar")."""
    text = nfc(text)
    form = matching_form(text)
    patterns = organization_patterns()
    found: list[Location] = []
    for match in patterns.location.finditer(form):
        level = patterns.levels[match.group("level").lower()]
        if match.group("level")[0].isupper() and not _sentence_start(form, match.start()):
            continue
        place = match.group("place")
        is_number = place[0].isdigit() or place.startswith("số")
        if ("number" if is_number else "capital") not in level.named_by:
            continue
        if not is_number and patterns.gazetteer.match(place):
            continue
        found.append(_location(text, match.start(), match.end("place"), match.start("place"), level.level, patterns))
        position = match.end("place")
        while level.rank >= 3 and not is_number:
            more = patterns.list_continuation.match(form, position)
            if not more or not _continues_places(form, more, patterns):
                break
            found.append(_location(text, more.start("place"), more.end("place"), more.start("place"), level.level,
                                   patterns))
            position = more.end("place")
    found = resolve_overlaps(found)
    return _with_parents(found, form, patterns)


def _sentence_start(form: str, position: int) -> bool:
    before = form[:position].rstrip(" ")
    return not before or before[-1] in ".!?:\n“\"(–-"


def _starts_organization(place: str, patterns: OrganizationPatterns) -> bool:
    first = place.split(" ")[0]
    return first in patterns.heads or first.lower() in patterns.levels or bool(patterns.gazetteer.match(place))


def _continues_places(form: str, more: re.Match, patterns: OrganizationPatterns) -> bool:
    place = more.group("place")
    if _starts_organization(place, patterns):
        return False
    if surface_key(place) in patterns.places:
        return True
    single_then_lower = " " not in place and re.match(r"[ ][^\W\d_]", form[more.end():more.end() + 2] or "")
    return not (single_then_lower and form[more.end() + 1].islower())


def _location(text: str, start: int, end: int, place_start: int, level: str,
              patterns: OrganizationPatterns) -> Location:
    name = matching_form(text[place_start:end])
    return Location(text=text[start:end], start=start, end=end, name=name, level=level,
                    code=patterns.place_codes.get((surface_key(name), level)))


def _with_parents(found: list[Location], form: str, patterns: OrganizationPatterns) -> list[Location]:
    result = list(found)
    for i in range(len(result) - 1, -1, -1):
        this, following = result[i], result[i + 1] if i + 1 < len(result) else None
        if following is None or form[this.end:following.start].strip() != ",":
            continue
        if patterns.levels[following.level].rank < patterns.levels[this.level].rank:
            result[i] = replace(this, parent=following.name)
        elif following.level == this.level and following.parent and following.text == following.name:
            result[i] = replace(this, parent=following.parent)
    return result


# --- organizations ------------------------------------------------------------------------------------------
def find_organizations(text: str) -> list[Organization]:
    """Every mention of an organization, canonical name apart from its level and place, in text order."""
    text = nfc(text)
    form = matching_form(text)
    patterns = organization_patterns()
    locations = find_locations(text)
    place_spans = [(loc.end - len(loc.name), loc.end) for loc in locations]

    candidates = _gazetteer_candidates(form, patterns)
    candidates += _grammar_candidates(form, patterns, candidates, place_spans)
    candidates = [c for c in candidates if not _inside(c.start, place_spans)]
    candidates.sort(key=lambda c: (c.start, -c.end))
    candidates = _join_parts(candidates, form)
    candidates = _read_definitions(candidates, form, patterns)
    for candidate in candidates:
        _read_level_and_place(candidate, form, patterns)
    candidates = [c for c in candidates if _is_organization(c)]
    _infer_localities(candidates, locations)
    results = [
        Organization(
            text=text[c.start:c.end], start=c.start, end=c.end, name=c.name,
            abbreviation=c.abbreviation or (c.body.abbreviation if c.body and not c.joined else None),
            level=c.level, locality=c.locality, family=c.family,
            successor=c.body.successor if c.body and not c.joined else None,
        )
        for c in candidates
    ]
    return resolve_overlaps(results)


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _gazetteer_candidates(form: str, patterns: OrganizationPatterns) -> list[_Candidate]:
    found = []
    for match in patterns.gazetteer.finditer(form):
        if not match.group(0)[0].isupper():
            continue
        body = patterns.bodies_by_surface.get(surface_key(match.group(0)))
        if body is None:
            continue
        found.append(_Candidate(match.start(), match.end(), body.name, body.family, body))
    return found


def _grammar_candidates(form: str, patterns: OrganizationPatterns, known: list[_Candidate],
                        place_spans: list[tuple[int, int]]) -> list[_Candidate]:
    found = []
    for match in patterns.head.finditer(form):
        if any(c.start <= match.start() < c.end for c in known) or _inside(match.start(), place_spans):
            continue
        limit = min([c.start for c in known if c.start >= match.end()], default=len(form))
        end = _modifiers_end(form[:limit], match.end(), patterns)
        if end is None or any(match.start() < c.end and c.start < end for c in known):
            continue
        head = match.group("head")
        found.append(_Candidate(match.start(), end, form[match.start():end], patterns.heads[head]))
    return found


def _modifiers_end(form: str, position: int, patterns: OrganizationPatterns) -> int | None:
    """Where the capitalized modifiers after a head end, or None when there are none."""
    window = form[position:position + GRAMMAR_WINDOW]
    cut = NAME_END.search(window)
    if cut:
        window = window[:cut.start()]
    words = _words(window)
    end = None
    offset = 0
    pending_connector = False
    for index, word in enumerate(words):
        at = window.find(word, offset)
        if at < 0:
            break
        offset = at + len(word)
        if word in ("và", "-", "–") and end is not None:
            pending_connector = True
            continue
        if not _is_modifier(word, first=end is None, patterns=patterns):
            break
        end = position + offset
        pending_connector = False
    if pending_connector and end is None:
        return None
    return end


def _is_modifier(word: str, first: bool, patterns: OrganizationPatterns) -> bool:
    if not word[0].isupper() and not (word[0].isdigit() and not first):
        return False
    if word[0].isdigit():
        return word.isdigit()
    if first and surface_key(word) in patterns.not_modifiers:
        return False
    return word.lower() not in patterns.levels


@lru_cache(maxsize=4096)
def _words(window: str) -> list[str]:
    """Words of a short phrase: underthesea's segmentation when it is installed, else syllables."""
    segment = _segmenter()
    if segment is None:
        return _syllable_words(window)
    return list(segment(window))


@lru_cache(maxsize=1)
def _segmenter():
    try:
        from underthesea import word_tokenize
    except ImportError:
        return None
    return word_tokenize


def _syllable_words(window: str) -> list[str]:
    """Without a segmenter: a capitalized syllable keeps one lower-case syllable that a capital follows."""
    syllables = window.split()
    words: list[str] = []
    for i, syllable in enumerate(syllables):
        following = syllables[i + 1] if i + 1 < len(syllables) else ""
        if words and syllable[0].islower() and words[-1][0].isupper() and " " not in words[-1] \
                and following[:1].isupper():
            words[-1] = f"{words[-1]} {syllable}"
        else:
            words.append(syllable)
    return words


def _join_parts(candidates: list[_Candidate], form: str) -> list[_Candidate]:
    """A part written right before its body becomes one organization: "Ban Thường vụ" + "Huyện ủy"."""
    joined: list[_Candidate] = []
    for candidate in candidates:
        previous = joined[-1] if joined else None
        if (previous and previous.body and previous.body.attaches and previous.end < candidate.start
                and form[previous.end:candidate.start] in (" ", "  ") and candidate.body is not None):
            previous.end = candidate.end
            previous.name = f"{previous.name} {candidate.name}"
            previous.body = candidate.body
            previous.joined = True
            continue
        if previous and candidate.start < previous.end:
            continue
        joined.append(candidate)
    return joined


def _read_definitions(candidates: list[_Candidate], form: str, patterns: OrganizationPatterns) -> list[_Candidate]:
    """ "Hội Cựu chiến binh (CCB)": the short form names the body for the rest of the text."""
    bound: dict[str, _Candidate] = {}
    definitions_at: dict[str, int] = {}
    for candidate in candidates:
        match = patterns.abbreviation_definition.match(form, candidate.end)
        if not match or re.fullmatch(r"[IVX]+", match.group("short")):
            continue
        short = match.group("short")
        candidate.end = match.end()
        candidate.abbreviation = short
        if surface_key(short) not in patterns.bodies_by_surface:
            bound.setdefault(short, candidate)
            definitions_at.setdefault(short, match.end())
    if not bound:
        return candidates
    more = []
    for short, source in bound.items():
        for match in re.finditer(rf"(?<![\w/\-]){re.escape(short)}(?![\w/])", form[definitions_at[short]:]):
            start = definitions_at[short] + match.start()
            end = definitions_at[short] + match.end()
            if any(c.start < end and start < c.end for c in candidates):
                continue
            more.append(_Candidate(start, end, source.name, source.family, source.body, abbreviation=short,
                                   joined=source.joined))
    return sorted(candidates + more, key=lambda c: c.start)


def _read_level_and_place(candidate: _Candidate, form: str, patterns: OrganizationPatterns) -> None:
    body = candidate.body
    if body is not None and body.national:
        return
    if body is not None and body.committee:
        candidate.level = body.committee
        place = PLACE_AFTER_COMMITTEE.match(form, candidate.end)
        if place:
            known = _known_prefix(place.group("place"), patterns)
            if known:
                candidate.locality = known
                candidate.end = place.start("place") + len(known)
        return
    match = patterns.level_phrase.match(form, candidate.end)
    if match:
        if match.group("generic"):
            candidate.level = match.group("rank_level") or match.group("generic")
        else:
            words = [w.strip() for w in match.group("levels").split(",")]
            candidate.level = ", ".join(patterns.levels[w.lower()].level for w in words)
            if match.group("place"):
                candidate.locality = match.group("place")
        candidate.end = match.end()
        return
    place = PLACE_AFTER_COMMITTEE.match(form, candidate.end)
    if place and body is not None:
        known = _known_prefix(place.group("place"), patterns)
        if known and "tỉnh" in patterns.places.get(surface_key(known), {}):
            candidate.level, candidate.locality = "tỉnh", known
            candidate.end = place.start("place") + len(known)


def _known_prefix(place: str, patterns: OrganizationPatterns) -> str | None:
    """The longest leading part of a capitalized run that is a known place ("Chư Sê" of "Chư Sê Rơ")."""
    syllables = place.split()
    for size in range(len(syllables), 0, -1):
        candidate = " ".join(syllables[:size])
        if surface_key(candidate) in patterns.places:
            return candidate
    return None


def _is_organization(candidate: _Candidate) -> bool:
    body = candidate.body
    if body is None or candidate.joined:
        return True
    if body.only_attached:
        return False
    return not (body.needs_level and candidate.level is None)


def _infer_localities(candidates: list[_Candidate], locations: list[Location]) -> None:
    """A bare level ("Ủy ban MTTQ Việt Nam thị xã") takes the article's only place of that level."""
    by_level: dict[str, set[str]] = {}
    for location in locations:
        by_level.setdefault(location.level, set()).add(location.name)
    for candidate in candidates:
        if candidate.locality is not None and candidate.level:
            by_level.setdefault(candidate.level, set()).add(candidate.locality)
    for candidate in candidates:
        if candidate.locality is None and candidate.level in by_level and len(by_level[candidate.level]) == 1:
            candidate.locality = next(iter(by_level[candidate.level]))
