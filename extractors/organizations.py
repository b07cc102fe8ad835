"""Find organizations of the political system and administrative places in Vietnamese text, with offsets.

A hybrid, each part data plus one small engine:

1. the gazetteer (data/organizations.yaml, with the abbreviated forms of data/abbreviations.yaml);
2. a name grammar for names no list holds: a head noun (data/org_heads.yaml) and its capitalized
   modifiers, words and their parts of speech taken from underthesea (its fast "v2.0" model, shared with the
   counts) for the few candidate phrases only;
3. parts joined to the body written after them ("Ban Thường vụ" + "Huyện ủy"), then the level and place
   ("huyện Chư Sê", "các xã, phường") split off into ``level``/``locality``;
4. abbreviations defined in the text ("Hội Cựu chiến binh (CCB)") bound for the rest of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from extractors.normalize import fold, matching_form, nfc
from extractors.org_names import extend_names, finish_mentions, known_names, read_province_after
from extractors.overlap import SpanIndex, resolve_overlaps
from extractors.prescan import in_lower_case, matches_at
from extractors.patterns.organizations import (
    BRANCH_PLACE,
    DEFINITION_REACH,
    PLACE_NAME,
    SPACE,
    Body,
    OrganizationPatterns,
    organization_patterns,
    surface_key,
)
from extractors.results import Result
from extractors.tagging import TaggedPhrase, phrase_tagger

NAME_END = re.compile(r"[,.;:()“”\"!?\n\[\]«»]")
SYLLABLE = re.compile(r"\S+")
GRAMMAR_WINDOW = 80
SYLLABLES_CASE_FREE = 4
NOUN_TAGS = frozenset({"N", "Nc", "Nu"})
MAX_LOWER_NOUNS = 2
INHERITED_FAMILY = "inherit"  # a part ("Ban Thường vụ") of the family of the body it is joined to
LEVEL_AFTER = re.compile(r"[ ]{1,2}(?P<word>\w+)")
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
    successor: str | None = None
    several_places: bool = False  # its level names several places ("các xã", "15 xã", "cấp xã"): no locality


# --- locations ------------------------------------------------------------------------------------------------
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
            place = _place_name(place, level.level, patterns)
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
    name = _single_spaced(matching_form(text[place_start:end]))
    return Location(text=text[start:end], start=start, end=end, name=name, level=level,
                    code=patterns.place_codes.get((surface_key(name), level)))


def _place_start(location: Location) -> int:
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


# --- organizations ------------------------------------------------------------------------------------------
def find_organizations(text: str) -> list[Organization]:
    """Every mention of an organization, canonical name apart from its level and place, in text order."""
    text = nfc(text)
    form = matching_form(text)
    patterns = organization_patterns()
    locations = find_locations(text)
    place_spans = SpanIndex([(_place_start(loc), loc.end) for loc in locations])

    candidates = _gazetteer_candidates(form, patterns)
    candidates += _grammar_candidates(form, patterns, candidates, place_spans)
    extend_names(candidates, form, patterns)
    candidates += [_Candidate(*known) for known in known_names(form)]
    candidates = [c for c in candidates if not place_spans.covers(c.start)]
    candidates.sort(key=lambda c: (c.start, -c.end))
    candidates = _join_parts(candidates, form)
    candidates = _read_definitions(candidates, form, patterns)
    for candidate in candidates:
        _read_level_and_place(candidate, form, patterns)
    read_province_after(candidates, form)
    candidates = [c for c in candidates if _is_organization(c) and _on_word_boundaries(c, form)]
    _infer_localities(candidates, locations)
    candidates = finish_mentions(candidates, form, patterns.places)
    results = [
        Organization(
            text=text[c.start:c.end], start=c.start, end=c.end, name=c.name,
            abbreviation=c.abbreviation or (c.body.abbreviation if c.body and not c.joined else None),
            level=c.level, locality=c.locality, family=None if c.family == INHERITED_FAMILY else c.family,
            successor=c.successor,
        )
        for c in candidates
    ]
    return resolve_overlaps(results)


def _gazetteer_candidates(form: str, patterns: OrganizationPatterns) -> list[_Candidate]:
    found = []
    lower_case = in_lower_case(form)
    gazetteer, subject = (patterns.gazetteer, form) if lower_case is None else (patterns.gazetteer_in_lower_case,
                                                                                  lower_case)
    for match in matches_at(gazetteer, subject, patterns.gazetteer_starts.starts(form)):
        written = form[match.start():match.end()]
        key = surface_key(written)
        body = patterns.bodies_by_surface.get(key)
        if body is None:
            continue
        if not written[0].isupper():
            if not _lower_case_name(form, written, match.end(), body, patterns):
                continue
        elif not _capitals_fit(written, patterns.written_by_surface[key]):
            continue
        found.append(_Candidate(match.start(), match.end(), body.name, body.family, body, successor=body.successor))
    return found


def _lower_case_name(form: str, written: str, end: int, body: Body, patterns: OrganizationPatterns) -> bool:
    """ "hội phụ nữ xã", "đoàn thanh niên huyện": a mass organization's name all in lower case counts when a
    level word follows it (*written* ends at *end*)."""
    if body.family != "mass" or not written.islower():
        return False
    following = LEVEL_AFTER.match(form, end)
    return following is not None and following.group("word").lower() in patterns.levels


@lru_cache(maxsize=4096)   # a name comes back within a text and from one text to the next
def _capitals_fit(written: str, listed: str) -> bool:
    """Short names must keep their capitals ("Ban tổ chức" of an event is not the Party's "Ban Tổ chức");
    names of four syllables or more are unambiguous whatever their case."""
    words = re.split(r"[\s\-\u2010-\u2014]+", written.strip())
    listed_words = re.split(r"[\s\-\u2010-\u2014]+", listed.strip())
    if len(listed_words) >= SYLLABLES_CASE_FREE:
        return True
    return all(a[:1].isupper() == b[:1].isupper() for a, b in zip(words, listed_words) if a and b)


def _grammar_candidates(form: str, patterns: OrganizationPatterns, known: list[_Candidate],
                        place_spans: SpanIndex) -> list[_Candidate]:
    found = []
    known_spans = SpanIndex([(c.start, c.end) for c in known])
    for match in matches_at(patterns.head, form, patterns.head_starts.starts(form)):
        if known_spans.covers(match.start()) or place_spans.covers(match.start()):
            continue
        limit = known_spans.next_start(match.end(), len(form))
        end = _modifiers_end(form, match.end(), limit, patterns)
        if end is None or known_spans.overlaps(match.start(), end):
            continue
        head = match.group("head")
        found.append(_Candidate(match.start(), end, form[match.start():end], patterns.heads[head]))
    return found


def _modifiers_end(form: str, position: int, limit: int, patterns: OrganizationPatterns) -> int | None:
    """Where the modifiers after a head end, or None when there are none.

    Modifiers are words with a capital ("Trung tâm Y tế", "Trường THPT Anh Hùng Núp"), joined by "và" or
    "-"; then at most two lower-case compound nouns that go on with the name ("Quỹ Hỗ trợ nông dân"),
    never a level.
    """
    window = form[position:min(position + GRAMMAR_WINDOW, limit)]
    cut = NAME_END.search(window)
    if cut:
        window = window[:cut.start()]
    end = None
    offset = 0
    pending_connector = False
    lower_nouns = 0
    last_word = ""
    phrase = _tagged_words(window)
    for word, tag_source in _joined_compounds(phrase.words, patterns):
        at = window.find(word, offset)
        if at < 0:
            break
        offset = at + len(word)
        if word in ("và", "-", "–") and end is not None and not lower_nouns:
            pending_connector = True
            continue
        if pending_connector and _starts_with_head(word, patterns):
            break  # "Báo Gia Lai và Trường THPT …": a second organization begins
        if lower_nouns and word[0].isupper() and surface_key(word) in patterns.places:
            end = position + offset  # "Ban Quản lý rừng phòng hộ Kbang"
            break
        if not lower_nouns and _is_modifier(word, first=end is None, patterns=patterns):
            end, pending_connector, last_word = position + offset, False, word
            continue
        if (end is not None and not pending_connector and word[0].islower() and " " in word
                and lower_nouns < MAX_LOWER_NOUNS and _tag(phrase, tag_source) in NOUN_TAGS):
            syllables = word.split(" ")
            level_at = next((i for i, s in enumerate(syllables) if s.lower() in patterns.levels), None)
            if level_at is None:
                end, lower_nouns = position + offset, lower_nouns + 1
                continue
            if level_at > 0 and len(last_word.split(" ")) == 1 and last_word[0].isupper():
                # "Nông" + "dân làng": the segmenter glued the name's last syllable to the level word
                end = position + at + len(" ".join(syllables[:level_at]))
        break
    return end


def _joined_compounds(words: tuple[str, ...], patterns: OrganizationPatterns) -> list[tuple[str, int | str]]:
    """The words of a tagged phrase with a name compound cut by the segmenter made whole again (name_compounds of
    org_heads.yaml): "Tin" + "lành" → "Tin lành"; "Tin" + "lành Plei" + "Ơi" → "Tin lành" + "Plei Ơi".

    Each word comes with where its tag is (``_tag``): the index of the phrase's word whose tag it keeps, or the
    tag itself ("Np") for a compound made whole."""
    sourced: list[tuple[str, int | str]] = [(word, index) for index, word in enumerate(words)]
    joined: list[tuple[str, int | str]] = []
    i = 0
    while i < len(sourced):
        word, source = sourced[i]
        if i + 1 < len(sourced) and " " not in word and word[:1].isupper():
            following, following_source = sourced[i + 1]
            first, _space, rest = following.partition(" ")
            if (word.lower(), first.lower()) in patterns.name_compounds:
                joined.append((f"{word} {first}", "Np"))
                if rest:
                    after = sourced[i + 2][0] if i + 2 < len(sourced) else ""
                    if " " not in rest and rest[:1].isupper() and after[:1].isupper() and " " not in after:
                        # "lành Plei" + "Ơi": the name's next syllables, as the segmenter reads "Plei Thơ"
                        sourced[i + 2] = (f"{rest} {after}", "Np")
                        i += 2
                    else:
                        sourced[i + 1] = (rest, following_source)
                        i += 1
                else:
                    i += 2
                continue
        joined.append((word, source))
        i += 1
    return joined


def _tag(phrase: TaggedPhrase, source: int | str) -> str | None:
    """The tag of a word of ``_joined_compounds``: the phrase's tag at its index, or the tag it was given."""
    return phrase.tag(source) if isinstance(source, int) else source


def _starts_with_head(word: str, patterns: OrganizationPatterns) -> bool:
    syllables = word.split(" ")
    return any(" ".join(syllables[:size]) in patterns.heads for size in range(1, min(3, len(syllables)) + 1))


def _is_modifier(word: str, first: bool, patterns: OrganizationPatterns) -> bool:
    if not word[0].isupper() and not (word[0].isdigit() and not first):
        return False
    if word[0].isdigit():
        return word.isdigit()
    if first and surface_key(word) in patterns.not_modifiers:
        return False
    return word.lower() not in patterns.levels


@lru_cache(maxsize=4096)
def _tagged_words(window: str) -> TaggedPhrase:
    """Words of a short phrase, their parts of speech read when first asked (``TaggedPhrase``): underthesea's
    segmenter and tagger when it is installed, else syllables without tags."""
    tagger = _tagger()
    if tagger is None:
        return TaggedPhrase(_syllable_words(window))
    return tagger(window)


def _tagger():
    """The shared tagger (``extractors.tagging``, the one the counts use); None without underthesea."""
    return phrase_tagger()


def _syllable_words(window: str) -> list[str]:
    """Without a segmenter: a capitalized syllable keeps one lower-case syllable that a capital follows."""
    syllables = window.split()
    words: list[str] = []
    for i, syllable in enumerate(syllables):
        following = syllables[i + 1] if i + 1 < len(syllables) else ""
        if words and syllable[0].islower() and syllable != "và" and words[-1][0].isupper() \
                and " " not in words[-1] and following[:1].isupper():
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


def _read_definitions(candidates: list[_Candidate], form: str, patterns: OrganizationPatterns) -> list[_Candidate]:
    """ "Hội Cựu chiến binh (CCB)": the short form names the body for the rest of the text."""
    bound: dict[str, _Candidate] = {}
    definitions_at: dict[str, int] = {}
    for candidate in candidates:
        if form.find("(", candidate.end, candidate.end + DEFINITION_REACH) < 0:
            continue
        match = patterns.abbreviation_definition.match(form, candidate.end)
        if not match or re.fullmatch(r"[IVX]+", match.group("short")):
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
        for match in re.finditer(rf"(?<![\w/\-]){re.escape(short)}(?![\w/])", form[definitions_at[short]:]):
            start = definitions_at[short] + match.start()
            end = definitions_at[short] + match.end()
            if taken.overlaps(start, end):
                continue
            more.append(_Candidate(start, end, source.name, source.family, source.body, abbreviation=short,
                                   joined=source.joined, successor=source.successor))
    return sorted(candidates + more, key=lambda c: c.start)


def _initials_fit(short: str, name: str) -> bool:
    """ "BVQTE" fits "Hội Bảo vệ quyền trẻ em": the short form spells the initials of the last syllables."""
    letters = fold(short).replace(" ", "")
    initials = "".join(syllable[0] for syllable in fold(name).split())
    return len(letters) >= 2 and initials.endswith(letters)


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
                candidate.locality = _single_spaced(known)
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
                place = _place_name(place, patterns.levels[words[0].lower()].level, patterns)
            if place:
                candidate.locality = _single_spaced(place)
                candidate.end = match.start("place") + len(place)
                return
            candidate.end = match.end("levels")
            return
        candidate.end = match.end()
        return
    branch = BRANCH_PLACE.match(form, candidate.end)
    if branch and body is not None:
        known = _known_prefix(branch.group("place"), patterns)
        if known:
            levels = patterns.places.get(surface_key(known), {})
            candidate.level = branch.group("level") or ("tỉnh" if "tỉnh" in levels else next(iter(levels), None))
            candidate.locality = _single_spaced(known)
            candidate.end = branch.start("place") + len(known)
            return
    place = PLACE_AFTER_COMMITTEE.match(form, candidate.end)
    if place and body is not None:
        known = _known_prefix(place.group("place"), patterns)
        if known and "tỉnh" in patterns.places.get(surface_key(known), {}):
            candidate.level, candidate.locality = "tỉnh", _single_spaced(known)
            candidate.end = place.start("place") + len(known)


def _place_name(place: str, level: str, patterns: OrganizationPatterns) -> str | None:
    """The place in a capitalized run after a level word, or None when the run names a person.

    "tỉnh Gia Lai Võ Ngọc Thành" → "Gia Lai"; a province must be known; a run of three syllables or more
    that starts with a family name is a person's name unless a known place starts it; a known place
    followed by a family name ends there.
    """
    if surface_key(place) in patterns.places:
        return place
    syllables = place.split()
    if level == "tỉnh" or (len(syllables) >= 3 and syllables[0] in patterns.family_names):
        return _known_prefix(place, patterns)
    known = _known_prefix(place, patterns)
    if known and syllables[len(known.split())] in patterns.family_names:
        return known  # "xã Ia Dom Rơ Châm Hyưu": the commune, then its chairman
    return place


def _known_prefix(place: str, patterns: OrganizationPatterns) -> str | None:
    """The longest leading part of a capitalized run that is a known place ("Chư Sê" of "Chư Sê Rơ"), as written
    (its spaces kept, so that its length is its length in the text)."""
    for end in reversed([syllable.end() for syllable in SYLLABLE.finditer(place)]):
        if surface_key(place[:end]) in patterns.places:
            return place[:end]
    return None


def _single_spaced(name: str) -> str:
    """A name as reported: one space between its syllables, whatever the text has ("Chư  Sê" → "Chư Sê")."""
    return " ".join(name.split())


def _on_word_boundaries(candidate: _Candidate, form: str) -> bool:
    """Whether a mention can stand on whole words: one that ends inside a word ("… 50" of "50ạ") is cut back
    to its last whole word when its name is its own words (the name grammar), and dropped otherwise."""
    if candidate.start > 0 and form[candidate.start - 1].isalnum():
        return False
    if candidate.end >= len(form) or not form[candidate.end].isalnum():
        return True
    if candidate.body is not None or candidate.joined:
        return False
    spaces = [m.start() for m in re.finditer(r"\s", form[candidate.start:candidate.end])]
    end = candidate.start + spaces[-1] if spaces else candidate.start
    while end > candidate.start and not form[end - 1].isalnum():
        end -= 1
    if end <= candidate.start or " " not in form[candidate.start:end].strip():
        return False
    candidate.end = end
    candidate.name = form[candidate.start:end]
    return True


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
        if (candidate.locality is None and not candidate.several_places and candidate.level in by_level
                and len(by_level[candidate.level]) == 1):
            candidate.locality = next(iter(by_level[candidate.level]))
