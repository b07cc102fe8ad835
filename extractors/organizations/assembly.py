"""Candidates made mentions: parts joined to their body, short forms defined, level and place read off."""

from __future__ import annotations

import re
from typing import Iterator

from extractors.normalize import fold
from extractors.organizations.common import INHERITED_FAMILY, Candidate, Location
from extractors.organizations.locations import known_prefix, place_name, single_spaced
from extractors.overlap import SpanIndex
from extractors.patterns.organizations import (
    BRANCH_PLACE,
    DEFINITION_REACH,
    PLACE_NAME,
    SPACE,
    OrganizationPatterns,
    surface_key,
)

PLACE_AFTER_COMMITTEE = re.compile(rf"{SPACE}(?P<place>{PLACE_NAME})(?![\w])")
_ROMAN_NUMERAL = re.compile(r"[IVX]+")   # "(II)" after a name numbers it, defines no short form
_SPACE = re.compile(r"\s")


def join_parts(candidates: list[Candidate], form: str) -> list[Candidate]:
    """A part written right before its body becomes one organization: "Ban Thường vụ" + "Huyện ủy"."""
    joined: list[Candidate] = []
    for candidate in candidates:
        previous = joined[-1] if joined else None
        if (previous and previous.body and previous.body.attaches and previous.end < candidate.start
                and form[previous.end:candidate.start] in (" ", "  ") and candidate.body is not None):
            previous.end = candidate.end
            previous.successor = f"{previous.successor} {candidate.name}" if previous.successor else None
            previous.name = f"{previous.name} {candidate.name}"
            if previous.family == INHERITED_FAMILY:
                previous.family = candidate.family
            previous.body = candidate.body
            previous.joined = True
            continue
        if (previous and previous.body is None and candidate.body is not None and candidate.body.only_attached
                and candidate.body.national and form[previous.end:candidate.start] in (" ", "  ")):
            previous.end = candidate.end  # "Bệnh viện Nhi" + "Trung ương": a name read by the grammar goes on
            previous.name = f"{previous.name} {candidate.name}"
            continue
        if previous and candidate.start < previous.end:
            continue
        joined.append(candidate)
    return joined


def read_definitions(candidates: list[Candidate], form: str, patterns: OrganizationPatterns) -> list[Candidate]:
    """ "Hội Cựu chiến binh (CCB)": the short form names the body for the rest of the text."""
    bound: dict[str, Candidate] = {}
    definitions_at: dict[str, int] = {}
    for candidate in candidates:
        if form.find("(", candidate.end, candidate.end + DEFINITION_REACH) < 0:
            continue
        match = patterns.abbreviation_definition.match(form, candidate.end)
        if not match or _ROMAN_NUMERAL.fullmatch(match.group("short")):
            continue
        short, words = match.group("short"), match.group("words")
        if words and not _initials_fit(short, f"{candidate.name}{words}"):
            continue
        if words and candidate.body is None:
            candidate.name = f"{candidate.name}{words}"
        elif words:
            continue
        candidate.end = match.end()
        candidate.abbreviation = short
        if surface_key(short) not in patterns.bodies_by_surface:
            bound.setdefault(short, candidate)
            definitions_at.setdefault(short, match.end())
    if not bound:
        return candidates
    more = []
    taken = SpanIndex([(c.start, c.end) for c in candidates])
    for short, source in bound.items():
        for start, end in _uses(form, short, definitions_at[short]):
            if taken.overlaps(start, end):
                continue
            more.append(Candidate(start, end, source.name, source.family, source.body, abbreviation=short,
                                   joined=source.joined, successor=source.successor))
    return sorted(candidates + more, key=lambda c: c.start)


def _uses(form: str, short: str, start: int) -> Iterator[tuple[int, int]]:
    """The spans of *short* in *form* from *start* on, each a word of its own: not after a letter, a digit, "_",
    "/" or "-", nor before a letter, a digit, "_" or "/" (within *form*, and with nothing before *start*), each
    looked for after the last; what ``re.finditer`` gives for *short* between those look-arounds in
    ``form[start:]``, without compiling a pattern for each short form a text defines (a letter, a digit or "_" is
    what ``str.isalnum`` or "_" holds for, as the pattern's word character does)."""
    position = start
    while (at := form.find(short, position)) >= 0:
        end = at + len(short)
        before = form[at - 1] if at > start else ""
        after = form[end] if end < len(form) else ""
        if (not before or not (before.isalnum() or before in "_/-")) and (
                not after or not (after.isalnum() or after in "_/")):
            yield at, end
            position = end
        else:
            position = at + 1


def _initials_fit(short: str, name: str) -> bool:
    """ "BVQTE" fits "Hội Bảo vệ quyền trẻ em": the short form spells the initials of the last syllables."""
    letters = fold(short).replace(" ", "")
    initials = "".join(syllable[0] for syllable in fold(name).split())
    return len(letters) >= 2 and initials.endswith(letters)


def read_level_and_place(candidate: Candidate, form: str, patterns: OrganizationPatterns) -> None:
    body = candidate.body
    if body is not None and body.national:
        return
    if body is not None and body.committee:
        candidate.level = body.committee
        place = PLACE_AFTER_COMMITTEE.match(form, candidate.end)
        if place:
            known = known_prefix(place.group("place"), patterns)
            if known:
                candidate.locality = single_spaced(known)
                candidate.end = place.start("place") + len(known)
        return
    match = patterns.level_phrase.match(form, candidate.end)
    if match:
        if match.group("generic"):
            candidate.level = match.group("rank_level") or match.group("generic")
            candidate.several_places = True
        else:
            words = [w.strip() for w in match.group("levels").split(",")]
            candidate.level = ", ".join(patterns.levels[w.lower()].level for w in words)
            candidate.several_places = bool(match.group("plural")) or len(words) > 1
            place = match.group("place")
            if place and not place[0].isdigit() and not place.startswith("số"):
                place = place_name(place, patterns.levels[words[0].lower()].level, patterns)
            if place:
                candidate.locality = single_spaced(place)
                candidate.end = match.start("place") + len(place)
                return
            candidate.end = match.end("levels")
            return
        candidate.end = match.end()
        return
    branch = BRANCH_PLACE.match(form, candidate.end)
    if branch and body is not None:
        known = known_prefix(branch.group("place"), patterns)
        if known:
            levels = patterns.places.get(surface_key(known), {})
            candidate.level = branch.group("level") or ("tỉnh" if "tỉnh" in levels else next(iter(levels), None))
            candidate.locality = single_spaced(known)
            candidate.end = branch.start("place") + len(known)
            return
    place = PLACE_AFTER_COMMITTEE.match(form, candidate.end)
    if place and body is not None:
        known = known_prefix(place.group("place"), patterns)
        if known and "tỉnh" in patterns.places.get(surface_key(known), {}):
            candidate.level, candidate.locality = "tỉnh", single_spaced(known)
            candidate.end = place.start("place") + len(known)


def on_word_boundaries(candidate: Candidate, form: str) -> bool:
    """Whether a mention can stand on whole words: one that ends inside a word ("… 50" of "50ạ") is cut back
    to its last whole word when its name is its own words (the name grammar), and dropped otherwise."""
    if candidate.start > 0 and form[candidate.start - 1].isalnum():
        return False
    if candidate.end >= len(form) or not form[candidate.end].isalnum():
        return True
    if candidate.body is not None or candidate.joined:
        return False
    spaces = [m.start() for m in _SPACE.finditer(form, candidate.start, candidate.end)]
    end = spaces[-1] if spaces else candidate.start
    while end > candidate.start and not form[end - 1].isalnum():
        end -= 1
    if end <= candidate.start or " " not in form[candidate.start:end].strip():
        return False
    candidate.end = end
    candidate.name = form[candidate.start:end]
    return True


def is_organization(candidate: Candidate) -> bool:
    body = candidate.body
    if body is None or candidate.joined:
        return True
    if body.only_attached:
        return False
    return not (body.needs_level and candidate.level is None)


def infer_localities(candidates: list[Candidate], locations: list[Location]) -> None:
    """A bare level ("Ủy ban MTTQ Việt Nam thị xã") takes the article's only place of that level."""
    by_level: dict[str, set[str]] = {}
    for location in locations:
        by_level.setdefault(location.level, set()).add(location.name)
    for candidate in candidates:
        if candidate.locality is not None and candidate.level:
            by_level.setdefault(candidate.level, set()).add(candidate.locality)
    for candidate in candidates:
        if (candidate.locality is None and not candidate.several_places and candidate.level in by_level
                and len(by_level[candidate.level]) == 1):
            candidate.locality = next(iter(by_level[candidate.level]))
