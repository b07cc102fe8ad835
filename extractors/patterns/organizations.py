"""Regular expressions and lookup tables of organizations and places, built from the data files.

Every piece is small and bounded (no nested unbounded repeat), so scanning time grows with the text only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from extractors.datafiles import load_yaml
from extractors.normalize import matching_form, word_key
from extractors.patterns.trie import trie_alternation
from extractors.prescan import CaseBlindRuns, ListedRuns, first_run


def _letters(predicate) -> str:
    """Every Latin letter (ASCII and Vietnamese precomposed) for which *predicate* holds, as a class body."""
    chars = [chr(c) for c in list(range(0x41, 0x7B)) + list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00))]
    return "".join(re.escape(c) for c in chars if c.isalpha() and predicate(c))


# --- small pieces ------------------------------------------------------------------------------------------
UPPER = f"[{_letters(str.isupper)}]"
LOWER = f"[{_letters(str.islower)}]"
LETTER = r"[^\W\d_]"
APOSTROPHE = r"['’]"
# A syllable written with a capital: "Chư", "Păh", "H’Bông", "K'Dang", "Kbang".
CAPITAL_SYLLABLE = rf"(?:{UPPER}{LETTER}{{0,7}}(?:{APOSTROPHE}{UPPER}?{LETTER}{{1,7}})?)"
LOWER_SYLLABLE = rf"(?:{LOWER}{LETTER}{{0,7}})"
NOT_AFTER_WORD = r"(?<![\w/\-\u2013])"  # not glued to a word or to a document symbol (QĐ-UBND)
NOT_BEFORE_WORD = r"(?![\w/])"
DASH = r"[\-\u2010-\u2014]"
SPACE = r"[ ]{1,2}"
SYLLABLE = re.compile(r"\S+")   # what stands between spaces: "Chư", "H’Bông", "TP.HCM"
# Between a level word and its place: a space, or nothing after a level written with a dot ("TP.HCM").
AFTER_LEVEL = r"(?:[ ]|(?<=\.))"
# A place name: one to four capitalized syllables ("Gia Lai", "Chư A Thai", "Plei Kte Lớn"), each
# possibly joined by a dash ("Bà Rịa - Vũng Tàu" is read by the gazetteer, not here).
PLACE_NAME = rf"(?:{CAPITAL_SYLLABLE}(?:{SPACE}{CAPITAL_SYLLABLE}){{0,3}})"
PLACE_NUMBER = r"(?:(?:số[ ])?\d{1,3}[A-Za-z]?(?![\d/.,]\d))"
ROMAN_NUMBER = r"(?:[IVX]{1,5}(?![\w]))"
# The lower-case words that may stand between a name and its short form in parentheses ("Hội Bảo vệ quyền trẻ em
# (BVQTE)": none; "Ủy ban nhân dân tỉnh (UBND)": one), then the space before the parenthesis; the parenthesis
# stands at most DEFINITION_REACH - 1 characters after the name (four words of a space and eight letters, a space).
DEFINITION_WORDS = rf"(?P<words> (?: [ ]{LOWER_SYLLABLE} ){{0,4}} ) [ ]?"
DEFINITION_REACH = 4 * (1 + 8) + 1 + 1
# A bank's branch named by its place: "BIDV Chi nhánh Gia Lai", "Chi nhánh tỉnh Gia Lai" (the lower-case "chi nhánh"
# + level is read by the level phrase).
BRANCH_PLACE = re.compile(
    rf"""
    {SPACE} [Cc]hi[ ]nhánh
    (?: [ ] (?P<level> tỉnh | thành[ ]phố | huyện | thị[ ]xã ) )?
    [ ] (?P<place> {PLACE_NAME} )
    (?![\w])
    """,
    re.VERBOSE,
)


@lru_cache(maxsize=8192)
def surface_key(text: str) -> str:
    """How a written form is looked up: canonical tones, lower case, one space, one kind of dash."""
    text = _ANY_DASH.sub("-", matching_form(text))
    return word_key(_DASH_AND_SPACES.sub(" - ", text))


_ANY_DASH = re.compile(DASH)
_DASH_AND_SPACES = re.compile(r"\s*-\s*")


_SPACE_TOKEN, _DASH_TOKEN = "<space>", "<dash>"   # the flexible pieces of a written form, as trie tokens


def _surface_tokens(surface: str) -> tuple[str, ...]:
    """A written form as trie tokens: each character, a space, or a dash with the spaces around it."""
    tokens: list[str] = []
    for part in re.split(r"(\s*[\-\u2010-\u2014]\s*|\s+)", surface.strip()):
        if not part:
            continue
        if re.fullmatch(r"\s*[\-\u2010-\u2014]\s*", part):
            tokens.append(_DASH_TOKEN)
        elif part.isspace():
            tokens.append(_SPACE_TOKEN)
        else:
            tokens.extend(part)
    return tuple(tokens)


def _surface_piece(token: str) -> str:
    """A token of a written form as a regex: flexible spaces and dashes, everything else literal."""
    if token == _SPACE_TOKEN:
        return SPACE
    if token == _DASH_TOKEN:
        return rf"[ ]{{0,2}}{DASH}[ ]{{0,2}}"
    return re.escape(token)


def surfaces_pattern(surfaces) -> str:
    """The written forms *surfaces* as one alternation (a trie: the longest form that fits wins)."""
    return "(?:" + trie_alternation(map(_surface_tokens, surfaces), _surface_piece) + ")"


# --- the gazetteer ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Body:
    """One organization of the gazetteer (organizations.yaml)."""

    name: str
    family: str
    abbreviation: str | None = None
    attaches: bool = False
    only_attached: bool = False
    committee: str | None = None
    needs_level: bool = False
    national: bool = False
    successor: str | None = None


@dataclass(frozen=True)
class Abbreviation:
    abbreviation: str
    expansion: str
    standalone: bool


@dataclass(frozen=True)
class Level:
    level: str
    rank: int
    aliases: tuple[str, ...]
    named_by: tuple[str, ...]


@dataclass
class OrganizationPatterns:
    """Everything the organization and location extractors match with, built once."""

    bodies_by_surface: dict[str, Body]
    written_by_surface: dict[str, str]  # surface key → the form as the data writes it (its capitals)
    gazetteer: re.Pattern
    gazetteer_in_lower_case: re.Pattern  # the gazetteer, to match on the lower-case text (extractors.organizations)
    gazetteer_starts: CaseBlindRuns  # where a match of the gazetteer may start (extractors.prescan)
    heads: dict[str, str]  # head → family
    head: re.Pattern
    head_starts: ListedRuns  # where a head may start (extractors.prescan)
    not_modifiers: frozenset[str]
    name_compounds: frozenset[tuple[str, str]]  # ("tin", "lành"): two syllables one modifier of a name
    levels: dict[str, Level]  # level word or alias (lower case) → Level
    titles: tuple[str, ...]  # words before a level word that make it a person's title ("già làng")
    level_phrase: re.Pattern
    location: re.Pattern
    location_starts: CaseBlindRuns  # where a match of the location pattern may start (extractors.prescan)
    list_continuation: re.Pattern
    abbreviation_definition: re.Pattern
    places: dict[str, dict[str, str]] = field(default_factory=dict)  # place key → {level: canonical name}
    peoples: frozenset[str] = frozenset()  # keys of names of peoples, never places ("làng Bahnar")
    family_names: frozenset[str] = frozenset()  # first syllables of persons' names ("Nguyễn", "Ksor")
    place_codes: dict[tuple[str, str], int] = field(default_factory=dict)  # (place key, level) → code, if unique

    @cached_property
    def longest_runs(self) -> tuple[int, int]:
        """The most syllables of a level word and of one of not_modifiers (the longest runs the grammar looks up)."""
        return (max(len(word.split(" ")) for word in self.levels),
                max(len(words.split(" ")) for words in self.not_modifiers))


def _bodies() -> list[tuple[Body, list[str]]]:
    data = load_yaml("organizations.yaml")
    bodies = []
    for entry in data["bodies"]:
        body = Body(
            name=entry["name"],
            family=entry["family"],
            abbreviation=entry.get("abbreviation"),
            attaches=bool(entry.get("attaches")),
            only_attached=bool(entry.get("only_attached")),
            committee=entry.get("committee"),
            needs_level=bool(entry.get("needs_level")),
            national=bool(entry.get("national")),
            successor=entry.get("successor"),
        )
        bodies.append((body, [entry["name"], *entry.get("variants", [])]))
    for entry in data["sectors"]:
        sector = entry["sector"]
        for head in entry.get("heads", ["Bộ", "Sở", "Phòng"]):
            successor = f"{head} {entry['successor']}" if entry.get("successor") else None
            body = Body(
                name=f"{head} {sector}",
                family="state",
                abbreviation=entry.get("ministry_abbreviation") if head == "Bộ" else None,
                national=head == "Bộ",
                successor=successor,
            )
            bodies.append((body, [f"{head} {sector}", *(f"{head} {v}" for v in entry.get("variants", []))]))
    return bodies


def _abbreviated_forms(surface: str, abbreviations: list[Abbreviation]) -> set[str]:
    """*surface* and every form with some of its expansions written as abbreviations."""
    forms = {surface}
    for _ in range(3):
        new = set()
        for form in forms:
            for abbreviation in abbreviations:
                pattern = re.compile(rf"(?<!\w){re.escape(abbreviation.expansion)}(?!\w)", re.IGNORECASE)
                replaced = pattern.sub(abbreviation.abbreviation, form)
                if replaced != form and (abbreviation.standalone or replaced != abbreviation.abbreviation):
                    new.add(replaced)
        if new <= forms:
            break
        forms |= new
    return forms


def _places(levels: dict[str, Level]) -> tuple[dict[str, dict[str, str]], dict[tuple[str, str], int]]:
    data = load_yaml("places.yaml")
    places: dict[str, dict[str, str]] = {}

    def add(name: str, level: str) -> None:
        places.setdefault(surface_key(name), {}).setdefault(level, name)

    for level, names in data["provinces_before_2025"].items():
        for name in names:
            add(name, level)
    for district in data["gia_lai_districts"]:
        add(district["name"], district["level"])
        for commune in district.get("communes", []):
            add(commune, "xã")
    codes: dict[tuple[str, str], int] = {}
    ambiguous: set[tuple[str, str]] = set()
    for name, level, code in _current_units():
        add(name, level)
        key = (surface_key(name), level)
        if key in codes:
            ambiguous.add(key)
        codes[key] = code
    return places, {key: code for key, code in codes.items() if key not in ambiguous}


def _current_units() -> list[tuple[str, str, int]]:
    """(name, level, code) of the provinces and communes in force, from the `vietnam-provinces` package."""
    try:
        from vietnam_provinces import Province, Ward
    except ImportError:
        return []
    units = []
    for province in Province.iter_all():
        kind = province.division_type.value
        level = "thành phố" if kind == "thành phố trung ương" else kind
        name = re.sub(r"^(?:Tỉnh|Thành phố)\s+", "", province.name)
        units.append((name, level, int(province.code)))
    for ward in Ward.iter_all():
        level = ward.division_type.value
        name = re.sub(r"^(?:Xã|Phường|Đặc khu)\s+", "", ward.name)
        units.append((name, level, int(ward.code)))
    return units


@lru_cache(maxsize=1)
def organization_patterns() -> OrganizationPatterns:
    """Build (once) the patterns of organizations and places from extractors/data."""
    abbreviations = [
        Abbreviation(a["abbreviation"], a["expansion"], bool(a.get("standalone")))
        for a in load_yaml("abbreviations.yaml")["abbreviations"]
    ]
    bodies_by_surface: dict[str, Body] = {}
    written_by_surface: dict[str, str] = {}
    for body, surfaces in _bodies():
        for surface in surfaces:
            for form in _abbreviated_forms(surface, abbreviations):
                bodies_by_surface.setdefault(surface_key(form), body)
                written_by_surface.setdefault(surface_key(form), form)
    surfaces = sorted(bodies_by_surface, key=len, reverse=True)
    gazetteer_body = rf"{NOT_AFTER_WORD}{surfaces_pattern(surfaces)}{NOT_BEFORE_WORD}"
    gazetteer = re.compile(gazetteer_body, re.IGNORECASE)
    # The same on the lower-case text (the surface keys are lower case): plain comparisons, much faster.
    gazetteer_in_lower_case = re.compile(gazetteer_body)
    # The gazetteer is tried only at a run of letters and digits that begins a listed name ("Ban", "UBND").
    gazetteer_leading = {first_run(s) for s in surfaces}

    heads_data = load_yaml("org_heads.yaml")
    heads = {h["head"]: h["family"] for h in heads_data["heads"]}
    for group in heads_data["lower_case_heads"]:
        heads.update({word: heads[word[0].upper() + word[1:]] for word in group["words"]})
    head = re.compile(
        rf"""
        {NOT_AFTER_WORD}
        (?P<head> {trie_alternation(heads)} )
        (?= {SPACE} (?: {UPPER} ) )
        """,
        re.VERBOSE,
    )
    # A head is tried only at a run of letters and digits that begins one, as written ("Trung" of "Trung tâm").
    head_leading = {first_run(h) for h in heads}
    not_modifiers = frozenset(surface_key(w["words"]) for w in heads_data["not_modifiers"])

    levels: dict[str, Level] = {}
    levels_data = load_yaml("admin_levels.yaml")
    titles = tuple(t["words"] for t in levels_data["titles"])
    for entry in levels_data["levels"]:
        level = Level(entry["level"], entry["rank"], tuple(entry.get("aliases", [])), tuple(entry["named_by"]))
        for word in (level.level, *level.aliases):
            levels[word.lower()] = level
    level_words = sorted((w for w in levels), key=len, reverse=True)
    level_word = "|".join(re.escape(w) for w in level_words)
    # After an organization a level stands alone ("Chi bộ thôn", "UBND huyện"), so levels named only by a
    # number ("tổ 7") are left out: "Sở Văn hóa ... tổ chức" has no level.
    named_levels = [lv for lv in levels.values() if "capital" in lv.named_by]
    written_level_words = sorted({w for lv in named_levels for w in (lv.level, *lv.aliases)}, key=len, reverse=True)
    named_level_word = "|".join(re.escape(w) for w in written_level_words)
    # A level after an organization: "huyện Chư Sê", "thị xã", "các xã, phường", "cấp xã", "cùng cấp",
    # "15 xã, thị trấn". Level words are lower case here, except that "TP." may be used.
    level_list = rf"(?:{named_level_word})(?:[ ]?,[ ]?(?:{named_level_word})(?![ ]{UPPER})){{0,4}}"
    level_phrase = re.compile(
        rf"""
        (?P<gap> [ ]{{1,2}} )
        (?: chi[ ]nhánh[ ] )?   # a branch: "Ngân hàng Chính sách xã hội chi nhánh tỉnh"
        (?:
            (?P<generic> cùng[ ]cấp | các[ ]cấp | cấp[ ](?P<rank_level> {named_level_word} ) | ba[ ]cấp )
          | (?: (?P<plural> các|\d{{1,3}} ) [ ] )? (?P<levels> {level_list} )
            (?: {AFTER_LEVEL} (?P<place> {PLACE_NAME} | {PLACE_NUMBER} ) )?
        )
        (?![\w])
        """,
        re.VERBOSE,
    )
    location = re.compile(
        rf"""
        {NOT_AFTER_WORD}
        (?P<level> (?i:{level_word}) )
        [ ]
        (?P<place> {PLACE_NAME} | {PLACE_NUMBER} | {ROMAN_NUMBER} )
        (?![\w])
        """,
        re.VERBOSE,
    )
    # A location is tried only at a run of letters and digits that begins a level word ("huyện", "TP").
    location_leading = {first_run(w) for w in level_words}
    list_continuation = re.compile(rf"(?P<gap>[ ]?,[ ]|[ ]và[ ])(?P<place>{PLACE_NAME})(?![\w])")
    abbreviation_definition = re.compile(
        rf"""
        {DEFINITION_WORDS} \( [ ]?
        (?P<short> {UPPER}[{_letters(str.isupper)}&\-]{{1,11}} | [A-Z][a-z]+(?:[ ][A-Z][a-z]+){{0,3}} )
        [ ]? \) (?![\w])
        """,
        re.VERBOSE,
    )
    places, codes = _places(levels)
    places_data = load_yaml("places.yaml")
    peoples = frozenset(surface_key(name) for name in places_data["peoples"]["names"])
    family_names = frozenset(places_data["family_names"]["names"])
    return OrganizationPatterns(
        bodies_by_surface=bodies_by_surface,
        written_by_surface=written_by_surface,
        gazetteer=gazetteer,
        gazetteer_in_lower_case=gazetteer_in_lower_case,
        gazetteer_starts=CaseBlindRuns(gazetteer_leading),
        heads=heads,
        head=head,
        head_starts=ListedRuns(head_leading),
        not_modifiers=not_modifiers,
        name_compounds=frozenset(tuple(word.lower().split()) for group in heads_data["name_compounds"]
                                 for word in group["words"]),
        levels=levels,
        titles=titles,
        level_phrase=level_phrase,
        location=location,
        location_starts=CaseBlindRuns(location_leading),
        list_continuation=list_continuation,
        abbreviation_definition=abbreviation_definition,
        places=places,
        place_codes=codes,
        peoples=peoples,
        family_names=family_names,
    )
