"""Steps 4 and 5 of activity extraction: amounts, place, date, object and beneficiary of each act."""

from __future__ import annotations

from extractors.activities.common import Candidate, Facts, skip_between, syllables
from extractors.patterns.activities import ActivityPatterns, whole_word
from extractors.results import Result, frozen

BENEFICIARY_MARK = whole_word("cho")
LEGAL_DATE_GAP = 25  # a date starting this close after a legal reference is the document's date
PHRASE_SYLLABLES = 6


@frozen
class Activity(Result):
    """An act reported in a clause; ``actor``/``place``/``money``/``counts`` index ``extract``'s other lists."""

    action: str
    sentence: str
    actor: int | None
    place: int | None
    date: str | None
    money: tuple[int, ...]
    counts: tuple[int, ...]
    object: str | None
    beneficiary: str | None

    def as_dict(self) -> dict:
        out = super().as_dict()
        out["money"], out["counts"] = list(self.money), list(self.counts)
        return out


def link_amounts(triggers: list[Candidate], index: Facts, c_start: int, c_end: int) -> list[dict[str, list[int]]]:
    if not triggers:
        return []
    links = [{"money": [], "counts": []} for _ in triggers]
    organizations = index.lists["organizations"]
    names = [(organizations[i]["start"], organizations[i]["end"])
             for i in index.within("organizations", c_start, c_end)]
    for kind in ("money", "counts"):
        for i in index.within(kind, c_start, c_end):
            fact = index.lists[kind][i]
            if any(s < fact["end"] and fact["start"] < e for s, e in names):
                continue
            links[_owner(triggers, fact["start"], fact["end"])][kind].append(i)
    return links


def _owner(triggers: list[Candidate], start: int, end: int) -> int:
    for i, trigger in enumerate(triggers):
        if trigger.start < end and start < trigger.end:
            return i
    before = [i for i, trigger in enumerate(triggers) if trigger.end <= start]
    return before[-1] if before else 0


def build_activity(text: str, form: str, trigger: Candidate, links: dict, index: Facts, sentence: tuple[int, int],
              clause: tuple[int, int], triggers: list[Candidate], i: int, patterns: ActivityPatterns) -> Activity:
    scope_end = triggers[i + 1].start if i + 1 < len(triggers) else clause[1]
    obj, beneficiary = _phrases(form, trigger.end, scope_end, index, patterns)
    return Activity(
        text=text[trigger.start:trigger.end], start=trigger.start, end=trigger.end, action=trigger.action,
        sentence=text[sentence[0]:sentence[1]], actor=trigger.actor,
        place=_place(trigger, index, clause), date=_date(index, clause),
        money=tuple(links["money"]), counts=tuple(links["counts"]), object=obj, beneficiary=beneficiary,
    )


def _place(trigger: Candidate, index: Facts, clause: tuple[int, int]) -> int | None:
    locations = index.lists["locations"]
    inside = index.within("locations", clause[0], clause[1])
    if inside:
        return min(inside, key=lambda i: abs(locations[i]["start"] - trigger.start))
    if trigger.actor is None:
        return None
    locality = index.lists["organizations"][trigger.actor].get("locality")
    return index.location_by_name.get(locality) if locality else None


def _date(index: Facts, clause: tuple[int, int]) -> str | None:
    refs = index.lists["legal_refs"]
    for i in index.within("dates", clause[0], clause[1]):
        date = index.lists["dates"][i]
        value = date.get("value") or ""
        if len(value) != 10:
            continue
        nearby = index.within("legal_refs", clause[0], date["start"])
        if any(0 <= date["start"] - refs[j]["end"] <= LEGAL_DATE_GAP for j in nearby):
            continue
        return value
    return None


def _phrases(form: str, end: int, scope_end: int, index: Facts, patterns: ActivityPatterns
             ) -> tuple[str | None, str | None]:
    """The object after the trigger (a count's object when a count follows it) and the beneficiary."""
    obj = None
    for i in index.within("counts", end, scope_end):
        count = index.lists["counts"][i]
        if count["start"] <= end + 12 and not form[end:count["start"]].strip(" ,"):
            obj = " ".join(w for w in (count.get("unit"), count.get("object")) if w) or None
            break
    if obj is None:
        obj = _phrase(form, end, scope_end, patterns)
    beneficiary = None
    cho = BENEFICIARY_MARK.search(form, end, scope_end)
    if cho:
        beneficiary = _phrase(form, cho.end(), scope_end, patterns)
    elif obj and _starts_with_one_of(obj, patterns.beneficiary_nouns):
        obj, beneficiary = None, obj
    return obj, beneficiary


def _starts_with_one_of(phrase: str, nouns: frozenset[str]) -> bool:
    """The first one, two or three words of *phrase* are one of *nouns*."""
    words = phrase.split(" ", 3)
    return any(" ".join(words[:size]) in nouns for size in (1, 2, 3))


def _phrase(form: str, start: int, end: int, patterns: ActivityPatterns) -> str | None:
    stop = patterns.phrase_stop.search(form, start + 1, end)
    words = skip_between(syllables(form[start:stop.start() if stop else end]), patterns)[:PHRASE_SYLLABLES]
    return " ".join(words) if words else None
