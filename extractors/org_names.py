"""Organization names of general news that the political system's grammar misses, and where such names end.

Used by ``extractors.organizations`` at four points, each a small step over its candidates:

1. ``known_names``: names known as written (data/org_names.yaml: international bodies, news agencies, big
   companies and banks, clubs, by their acronyms and brands) and the names of clubs and national teams
   ("CLB Hải Phòng", "Hà Nội FC", "đội tuyển Việt Nam");
2. ``extend_names``: a name read by the grammar goes on over a few lower-case words to the capitalized words
   that end it ("Quỹ Đổi mới sáng tạo Vingroup", "Công ty Cổ phần Lọc hóa dầu Bình Sơn");
3. ``read_province_after``: a province or centrally-run city written right after a body is its place
   ("Sở Giáo dục và Đào tạo Hà Nội", "Công an Hà Nội");
4. ``finish_mentions``: "Ngân hàng TMCP Quân đội (MB)" is two mentions, the name and its short form; a unit
   written right before its parent is one name ("Cơ quan Cảnh sát điều tra Công an tỉnh Nghệ An"); the short
   name of a company or club the text names in full ("Tập đoàn Hòa Phát" → "Hòa Phát") is a mention elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from extractors.datafiles import load_yaml
from extractors.normalize import matching_form
from extractors.overlap import SpanIndex
from extractors.prescan import first_run, starts_and_runs_of, word_runs
from extractors.patterns.org_names import (
    ACRONYM_AFTER_NUMBER,
    CLUBS_AND_TEAMS,
    CLUB_BEFORE_FC,
    CLUB_RUNS,
    DEFINITION,
    EXTENSION,
    FC_REACH,
    LATE_DEFINITION,
    MAX_SHORT_SYLLABLES,
    NAME_HEAD_STARTS,
    SHORT_NAME_HEADS,
    UNIT_GAP,
    bounded_name,
)
from extractors.patterns.organizations import surface_key


@dataclass(frozen=True)
class KnownName:
    name: str
    family: str


@dataclass(frozen=True)
class _Data:
    by_written: dict[str, KnownName]
    by_first_run: dict[str, re.Pattern]  # the first run of letters of a written form → the forms it begins
    leading_runs: frozenset[str]  # the first runs and the runs of CLUB_RUNS
    breaks: frozenset[str]
    provinces: dict[str, tuple[str, str]]  # surface key → (level, name)
    place_short_forms: dict[str, str]  # "HCM" → "Hồ Chí Minh"
    province: re.Pattern


@lru_cache(maxsize=1)
def _data() -> _Data:
    data = load_yaml("org_names.yaml")
    by_written: dict[str, KnownName] = {}
    for entry in data["names"]:
        for written in entry["written"]:
            by_written.setdefault(matching_form(written), KnownName(entry["name"], entry["family"]))
    by_first: dict[str, list[str]] = {}
    for written in sorted(by_written, key=len, reverse=True):
        by_first.setdefault(first_run(written), []).append(re.escape(written))
    places = load_yaml("places.yaml")["provinces_before_2025"]
    provinces = {surface_key(name): (level, name) for level, names in places.items() for name in names}
    province_names = "|".join(re.escape(matching_form(n)) for _level, n in sorted(provinces.values(),
                                                                                key=lambda p: -len(p[1])))
    return _Data(
        by_written=by_written,
        by_first_run={run: re.compile(bounded_name("|".join(forms))) for run, forms in by_first.items()},
        leading_runs=frozenset(by_first) | CLUB_RUNS,
        breaks=frozenset(data["breaks"]["words"]),
        provinces=provinces,
        place_short_forms={e["short"]: e["place"] for e in data["place_short_forms"]},
        province=re.compile(rf"[ ]{{1,2}}(?P<place>{province_names})(?![\w])"),
    )


# --- 1. known names, clubs and teams ------------------------------------------------------------------------
def known_names(form: str) -> list[tuple[int, int, str, str]]:
    """(start, end, canonical name, family) of the names of the data and of clubs and teams in *form*."""
    data = _data()
    found: list[tuple[int, int, str, str]] = []
    leading = word_runs(form)[2] & data.leading_runs
    if not leading:
        return found
    searched_from = 0
    for start, run in starts_and_runs_of(leading, form):
        if start < searched_from:
            continue
        if run in CLUB_RUNS:
            if run == "FC":
                before = CLUB_BEFORE_FC.search(form, max(0, start - FC_REACH), start + 2)
                if before:
                    found.append((before.start(), before.end(), before.group(0), "sports"))
            match = CLUBS_AND_TEAMS.match(form, start)
            if match is not None:
                if match.group("medium"):   # "báo Tuổi Trẻ": the lower-case common noun is outside the name
                    found.append((match.start("medium"), match.end(), match.group("medium"), "media"))
                else:
                    found.append((match.start(), match.end(), _club_name(match), "sports"))
                searched_from = match.end()
                continue
        pattern = data.by_first_run.get(run)
        match = pattern.match(form, start) if pattern is not None else None
        if match is None:
            continue
        written = match.group(0)
        if form[max(0, start - 3):start] == "mã " or (
                written.isupper() and len(written) <= 3 and ACRONYM_AFTER_NUMBER.search(form, max(0, start - 2), start)):
            continue  # "mã VCB" is a stock ticker, "100 MB" a size
        known = data.by_written[written]
        found.append((start, match.end(), known.name, known.family))
        searched_from = match.end()
    return found


def _club_name(match: re.Match) -> str:
    if match.group("club"):
        return f"Câu lạc bộ {match.group('club_name')}"
    if match.group("team"):
        return f"Đội tuyển {match.group('team_name')}"
    return match.group(0)


# --- 2. names that go on over lower-case words ------------------------------------------------------------------
def extend_names(candidates: list, form: str, patterns) -> None:
    """Each name read by the grammar (no body) goes on to the capitalized words a few lower-case words after it,
    when no word between breaks a name and the capitalized words begin no other name, level, title or person."""
    data = _data()
    ordered = sorted(candidates, key=lambda c: c.start)
    for i, candidate in enumerate(ordered):
        if candidate.body is not None or not form.startswith(" ", candidate.end):
            continue
        limit = ordered[i + 1].start if i + 1 < len(ordered) else len(form)
        match = EXTENSION.match(form, candidate.end, min(limit, candidate.end + 60))
        if match is None:
            continue
        lower = match.group("lower").split()
        if any(word in data.breaks or word in patterns.levels for word in lower):
            continue
        name = match.group("name")
        first = name.split(" ")[0]
        if (first in patterns.heads or first.lower() in patterns.levels or surface_key(first) in patterns.not_modifiers
                or first in patterns.family_names
                or (not lower and surface_key(name) in data.provinces)):
            continue
        candidate.end = match.end()
        candidate.name = form[candidate.start:candidate.end]


# --- 3. a province after a body -------------------------------------------------------------------------------------
def read_province_after(candidates: list, form: str) -> None:
    """A body with no level or place that a province or centrally-run city follows takes it as its place; a place
    read in its short form ("TP.HCM") is named in full ("Hồ Chí Minh")."""
    data = _data()
    for candidate in candidates:
        if candidate.locality in data.place_short_forms:
            candidate.locality = data.place_short_forms[candidate.locality]
        if candidate.level is not None or candidate.locality is not None:
            continue
        if candidate.body is not None and candidate.body.national:
            continue
        match = data.province.match(form, candidate.end)
        if match is None:
            continue
        level, name = data.provinces[surface_key(match.group("place"))]
        candidate.level, candidate.locality, candidate.end = level, name, match.end()


# --- 4. definitions, units and parents, short names --------------------------------------------------------------
def finish_mentions(candidates: list, form: str, places: dict) -> list:
    """The mentions as the text writes them: definitions split, units joined to their parent, short names bound;
    a body named for every province ("UBND các tỉnh, thành phố") is no mention."""
    candidates = [c for c in split_definitions(candidates, form) if not _every_province(c)]
    return _bind_short_names(_join_units(candidates, form), form, places)


def _every_province(candidate) -> bool:
    return candidate.several_places and (candidate.level or "").startswith("tỉnh")


def split_definitions(candidates: list, form: str) -> list:
    """Each candidate whose span holds its short form in parentheses ("Ủy ban nhân dân (UBND) huyện") as two
    mentions: the name before the parenthesis and the short form inside it, both with the same fields. A name
    read by the grammar takes the canonical name the data gives its short form ("… (Techcombank)")."""
    data = _data()
    result = []
    for candidate in candidates:
        short = candidate.abbreviation
        definition = _definition_in(form, candidate.start, candidate.end, short) if short else None
        if definition is None:
            result.append(candidate)
            continue
        if candidate.body is None and short in data.by_written:
            candidate.name = data.by_written[short].name
        result.append(replace(candidate, end=definition.start()))
        result.append(replace(candidate, start=definition.start("short"), end=definition.end("short")))
    return result


def _definition_in(form: str, start: int, end: int, short: str) -> re.Match | None:
    for match in DEFINITION.finditer(form, start, end):
        if match.group("short") == short and match.start() > start:
            return match
    return None


def _join_units(candidates: list, form: str) -> list:
    """A name read by the grammar that ends in lower-case words ("Cơ quan Cảnh sát điều tra"), written right
    before a body of the gazetteer ("Công an tỉnh Nghệ An"), is a unit of it: one mention."""
    breaks = _data().breaks
    result: list = []
    for candidate in candidates:
        previous = result[-1] if result else None
        gap = (UNIT_GAP.fullmatch(form, previous.end, candidate.start)
               if previous is not None and previous.body is None and candidate.body is not None else None)
        if (gap is not None and not candidate.body.national
                and (gap.group("lower") or form[previous.end - 1].islower())
                and not any(word in breaks for word in gap.group("lower").split())):
            unit = form[previous.start:candidate.start - 1]
            result[-1] = replace(candidate, start=previous.start, name=f"{unit} {candidate.name}", joined=True)
            continue
        result.append(candidate)
    return result


def _bind_short_names(candidates: list, form: str, places: dict) -> list:
    """ "Tập đoàn Hòa Phát", "CLB Công an Hà Nội": the name after the head ("Hòa Phát") names the same body
    anywhere in the text, unless it is a place; it replaces a reading of the gazetteer at the same span. A short
    form in parentheses after a name and its place ("Trung tâm Kiểm soát bệnh tật TP.HCM (HCDC)") is a mention
    of it, and so is every later use of that short form."""
    bound: dict[str, object] = {}
    more = []
    for candidate in candidates:
        if candidate.abbreviation:
            continue
        defined = LATE_DEFINITION.match(form, candidate.end) if form.startswith(" (", candidate.end) else None
        if defined:
            short = defined.group("short")
            more.append(replace(candidate, start=defined.start("short"), end=defined.end("short"), abbreviation=short))
            bound.setdefault(short, more[-1])
            continue
        if not form.startswith(NAME_HEAD_STARTS, candidate.start):
            continue
        match = SHORT_NAME_HEADS.fullmatch(form, candidate.start, candidate.end)
        if match is None:
            continue
        short = match.group("short")
        words = short.split()
        if (len(words) > MAX_SHORT_SYLLABLES or surface_key(short) in places
                or not all(w[0].isupper() or w[0].isdigit() for w in (words[0], words[-1]))
                or not (match.group("club") or all(w[0].isupper() or w[0].isdigit() for w in words))):
            continue
        bound.setdefault(short, candidate)
    if more:
        candidates = sorted(candidates + more, key=lambda c: c.start)
    if not bound:
        return candidates
    by_span = {(c.start, c.end): i for i, c in enumerate(candidates)}
    taken = SpanIndex([(c.start, c.end) for c in candidates])
    more = []
    for short, source in bound.items():
        for match in re.finditer(bounded_name(re.escape(short)), form):
            span = (match.start(), match.end())
            if span in by_span:
                existing = candidates[by_span[span]]
                if existing.body is not None:
                    candidates[by_span[span]] = replace(existing, name=source.name, family=source.family,
                                                        body=None, level=None, locality=None)
                continue
            if taken.overlaps(*span):
                continue
            more.append(replace(source, start=span[0], end=span[1]))
    return sorted(candidates + more, key=lambda c: c.start)
