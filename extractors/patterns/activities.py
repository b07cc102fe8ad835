"""Regular expressions and word lists of activity triggers, built from extractors/data/activities.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractors.datafiles import load_yaml
from extractors.prescan import LeadingRuns, first_run

NOT_AFTER_WORD = r"(?<![\w])"
NOT_BEFORE_WORD = r"(?![\w])"
SPACE = r"[ ]{1,2}"


@dataclass(frozen=True)
class Trigger:
    """One verb of the closed list: its action and the conditions under which it reports an act."""

    words: str
    action: str
    needs_object: tuple[str, ...] = ()
    not_before: tuple[str, ...] = ()
    becomes_if_certificate: str | None = None


def words_regex(words) -> str:
    """Alternatives of whole words, longest first, flexible in their spaces."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(SPACE.join(re.escape(part) for part in w.split()) for w in ordered)


def _word_set(words) -> re.Pattern:
    """A pattern matching any of *words* as whole words (case as written)."""
    return re.compile(rf"{NOT_AFTER_WORD}(?:{words_regex(words)}){NOT_BEFORE_WORD}")


@dataclass
class ActivityPatterns:
    """Everything the activity extractor matches with, built once."""

    triggers: dict[str, Trigger]  # lower-case words → trigger
    trigger: re.Pattern  # any trigger, case-insensitive, whole words
    trigger_starts: LeadingRuns  # where a trigger may start (extractors.prescan)
    objects: dict[str, tuple[str, ...]]  # list name → object words
    between_words: tuple[tuple[str, ...], ...]  # each as its syllables, longest first
    not_after: frozenset[str]  # lower case
    approval_before: re.Pattern  # a not_after_across_comma word ending the text before a trigger
    not_before_any: frozenset[str]
    campaign_word: str
    plan_marker: re.Pattern  # case-insensitive
    not_actor_after: frozenset[str]
    referring_head: re.Pattern
    document_word: re.Pattern  # a document or a direction, before "của" + its issuer
    not_referring: tuple[str, ...]
    subjectless: re.Pattern  # any subjectless word, whole words, case-insensitive
    beneficiary_nouns: tuple[str, ...]
    phrase_stop: re.Pattern


@lru_cache(maxsize=1)
def activity_patterns() -> ActivityPatterns:
    """Build (once) the trigger pattern and the word lists of extractors/data/activities.yaml."""
    data = load_yaml("activities.yaml")
    triggers: dict[str, Trigger] = {}
    for action, entries in data["actions"].items():
        for entry in entries:
            needs = entry.get("needs_object")
            triggers[entry["trigger"].lower()] = Trigger(
                words=entry["trigger"], action=action,
                needs_object=tuple(data["objects"][needs]) if needs else (),
                not_before=tuple(entry.get("not_before", [])),
                becomes_if_certificate=entry.get("becomes_if_certificate"),
            )
    trigger = re.compile(
        rf"""
        {NOT_AFTER_WORD}
        (?P<trigger> {words_regex(triggers)} )
        {NOT_BEFORE_WORD}
        """,
        re.VERBOSE | re.IGNORECASE,
    )
    return ActivityPatterns(
        triggers=triggers,
        trigger=trigger,
        trigger_starts=LeadingRuns(re.compile(
            "|".join(re.escape(run) for run in sorted({first_run(t) for t in triggers}, key=len, reverse=True)),
            re.IGNORECASE)),
        objects={name: tuple(words) for name, words in data["objects"].items()},
        between_words=tuple(sorted((tuple(w.split()) for w in data["between_words"]), key=len, reverse=True)),
        not_after=frozenset(w.lower() for w in data["not_after"]),
        approval_before=re.compile(rf"{NOT_AFTER_WORD}(?:{words_regex(data['not_after_across_comma'])})\s*,?\s*$",
                                   re.IGNORECASE),
        not_before_any=frozenset(data["not_before_any"]),
        campaign_word=data["campaign_word"],
        plan_marker=re.compile(rf"{NOT_AFTER_WORD}(?:{words_regex(data['plan_markers'])}){NOT_BEFORE_WORD}",
                               re.IGNORECASE),
        not_actor_after=frozenset(data["not_actor_after"]),
        referring_head=_word_set(data["referring_heads"]),
        document_word=re.compile(rf"{NOT_AFTER_WORD}(?:{words_regex(data['document_words'])}){NOT_BEFORE_WORD}",
                                 re.IGNORECASE),
        not_referring=tuple(data["not_referring"]),
        subjectless=re.compile(rf"{NOT_AFTER_WORD}(?:{words_regex(data['subjectless_words'])}){NOT_BEFORE_WORD}",
                               re.IGNORECASE),
        beneficiary_nouns=tuple(data["beneficiary_nouns"]),
        phrase_stop=re.compile(rf"[,;.:()“”\"!?\n]|{NOT_AFTER_WORD}(?:{words_regex(data['phrase_stops'])}){NOT_BEFORE_WORD}"),
    )
