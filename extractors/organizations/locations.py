"""Administrative units and settlements named with their level ("huyện Chư Sê", "thôn 3", "các xã Ia Sol, Ia Piar")."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from extractors.normalize import fold, matching_form, nfc
from extractors.organizations.common import Location
from extractors.overlap import resolve_overlaps
from extractors.prescan import matches_at
from extractors.patterns.organizations import SYLLABLE, OrganizationPatterns, organization_patterns, surface_key

def find_locations(text: str) -> list[Location]:
    """Administrative units named with their level ("huyện Chư Sê", "thôn 3", "các xã Ia Sol, Ia Piar")."""
    return list(_find_locations(nfc(text)))


@lru_cache(maxsize=4)   # organizations read the locations of the text that extract asks for next
def _find_locations(text: str) -> tuple[Location, ...]:
    form = matching_form(text)
    patterns = organization_patterns()
    found: list[Location] = []
    for match in matches_at(patterns.location, form, patterns.location_starts.starts(form)):
        level = patterns.levels[match.group("level").lower()]
        if _after_title(form, match.start(), patterns):
            continue
        written = match.group("level")
        if written[0].isupper() and written not in level.aliases and not _sentence_start(form, match.start()):
            continue
        place = match.group("place")
        is_number = place[0].isdigit() or place.startswith("số")
        if ("number" if is_number else "capital") not in level.named_by:
            continue
        if not is_number and (patterns.gazetteer.match(place) or surface_key(place) in patterns.peoples):
            continue
        if not is_number:
            place = place_name(place, level.level, patterns)
            if place is None:
                continue
        place_end = match.start("place") + len(place)
        found.append(_location(text, match.start(), place_end, match.start("place"), level.level, patterns))
        if place_end != match.end("place"):
            continue
        position = place_end
        while not is_number:
            more = patterns.list_continuation.match(form, position)
            if not more or not _continues_places(form, more, patterns):
                break
            found.append(_location(text, more.start("place"), more.end("place"), more.start("place"), level.level,
                                   patterns))
            position = more.end("place")
    found = resolve_overlaps(found)
    return tuple(_with_parents(found, form, patterns))


def _after_title(form: str, position: int, patterns: OrganizationPatterns) -> bool:
    before = form[max(0, position - 20):position].lower()
    return any(before.endswith(f"{title} ") for title in patterns.titles)


def _sentence_start(form: str, position: int) -> bool:
    before = form[max(0, position - 4):position].rstrip(" ")
    if not before:
        return position <= 4
    return before[-1] in ".!?:\n“\"(–-"


def _starts_organization(place: str, patterns: OrganizationPatterns) -> bool:
    first = place.split(" ")[0]
    return first in patterns.heads or first.lower() in patterns.levels or bool(patterns.gazetteer.match(place))


def _continues_places(form: str, more: re.Match, patterns: OrganizationPatterns) -> bool:
    place = more.group("place")
    if _starts_organization(place, patterns):
        return False
    if surface_key(place) in patterns.places:
        return True
    # "các huyện Ia Grai, Chư Păh, Công ty …": one capitalized syllable then a lower-case word is no place
    followed_by_lower = form[more.end():more.end() + 2][1:2].islower() and form[more.end():more.end() + 1] == " "
    return " " in place or not followed_by_lower


def _location(text: str, start: int, end: int, place_start: int, level: str,
              patterns: OrganizationPatterns) -> Location:
    name = single_spaced(matching_form(text[place_start:end]))
    return Location(text=text[start:end], start=start, end=end, name=name, level=level,
                    code=patterns.place_codes.get((surface_key(name), level)))


def place_start(location: Location) -> int:
    """Where the place's name begins in the text: after the level word ("huyện Chư  Sê" → "Chư  Sê")."""
    syllables = list(SYLLABLE.finditer(location.text))
    return location.start + syllables[-len(location.name.split())].start()


def _with_parents(found: list[Location], form: str, patterns: OrganizationPatterns) -> list[Location]:
    result = list(found)
    for i in range(len(result) - 1, -1, -1):
        this, following = result[i], result[i + 1] if i + 1 < len(result) else None
        if following is None or form[this.end:following.start].strip() != ",":
            continue
        if patterns.levels[following.level].rank < patterns.levels[this.level].rank:
            result[i] = replace(this, parent=following.name)
        elif following.level == this.level and following.parent and fold(following.text) == fold(following.name):
            result[i] = replace(this, parent=following.parent)
    return result


def place_name(place: str, level: str, patterns: OrganizationPatterns) -> str | None:
    """The place in a capitalized run after a level word, or None when the run names a person.

    "tỉnh Gia Lai Võ Ngọc Thành" → "Gia Lai"; a province must be known; a run of three syllables or more
    that starts with a family name is a person's name unless a known place starts it; a known place
    followed by a family name ends there.
    """
    if surface_key(place) in patterns.places:
        return place
    syllables = place.split()
    if level == "tỉnh" or (len(syllables) >= 3 and syllables[0] in patterns.family_names):
        return known_prefix(place, patterns)
    known = known_prefix(place, patterns)
    if known and syllables[len(known.split())] in patterns.family_names:
        return known  # "xã Ia Dom Rơ Châm Hyưu": the commune, then its chairman
    return place


def known_prefix(place: str, patterns: OrganizationPatterns) -> str | None:
    """The longest leading part of a capitalized run that is a known place ("Chư Sê" of "Chư Sê Rơ"), as written
    (its spaces kept, so that its length is its length in the text)."""
    for end in reversed([syllable.end() for syllable in SYLLABLE.finditer(place)]):
        if surface_key(place[:end]) in patterns.places:
            return place[:end]
    return None


def single_spaced(name: str) -> str:
    """A name as reported: one space between its syllables, whatever the text has ("Chư  Sê" → "Chư Sê")."""
    return " ".join(name.split())
