"""Regular expressions and word lists of activity triggers, built from extractors/data/activities.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from extractors.datafiles import load_yaml
from extractors.patterns.trie import trie_alternation
from extractors.prescan import CaseBlindRuns, first_pieces, first_run, is_word_character

NOT_AFTER_WORD = r"(?<![\w])"
NOT_BEFORE_WORD = r"(?![\w])"
SPACE = r"[ ]{1,2}"


@dataclass(frozen=True)
class Trigger:
    """One verb of the closed list: its action and the conditions under which it reports an act."""

    words: str
    action: str
    needs_object: frozenset[str] = frozenset()  # lower case
    not_before: tuple[str, ...] = ()
    becomes_if_certificate: str | None = None


def group_words(groups) -> list[str]:
    """The words of a grouped list of the data file (``- {words: [...], example: ...}``), in order."""
    return [word for group in groups for word in group["words"]]


def words_regex(words) -> str:
    """Alternatives of whole words, longest first, flexible in their spaces."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(SPACE.join(re.escape(part) for part in w.split()) for w in ordered)


def words_alternation(words, case_insensitive: bool = False) -> str:
    """The words of ``words_regex`` as a trie-shaped alternation (extractors/patterns/trie.py), read one letter at a
    time instead of one word after the other. It matches as the list does where two words that may match at one place
    always share a start, one going on from the other (the longer is tried first in both): so always for words matched
    as written, and without regard to case when the words are distinct in lower case, with no two of their letters
    taken for one another (``_distinct_without_case``); else the list of ``words_regex`` is given."""
    if case_insensitive and not _distinct_without_case(words):
        return words_regex(words)
    return trie_alternation(sorted({" ".join(w.split()) for w in words}),
                            lambda character: SPACE if character == " " else re.escape(character))


def _distinct_without_case(words) -> bool:
    """Whether *words* are distinct in lower case and no two of their letters match one another without regard to
    case (the long s and "s", the Kelvin sign and "k"): a case-insensitive trie of them matches as their list."""
    letters = sorted({c for w in words for c in w if not c.isspace()})
    if len({w.lower() for w in words}) != len(set(words)):
        return False
    return not any(re.fullmatch(re.escape(a), b, re.IGNORECASE) for i, a in enumerate(letters) for b in letters[i + 1:])


def _word_set(words, flags: int = 0) -> re.Pattern:
    """A pattern matching any of *words* as whole words (case as written unless *flags* say otherwise)."""
    return re.compile(rf"{NOT_AFTER_WORD}(?:{words_alternation(words, bool(flags & re.IGNORECASE))}){NOT_BEFORE_WORD}",
                      flags)


def whole_word(word: str) -> re.Pattern:
    r"""One word as a whole word, written word first (``về(?<!\wvề)(?!\w)``: the matches of ``(?<!\w)về(?!\w)``), so
    that the engine jumps from one occurrence of it to the next instead of trying every position."""
    written = re.escape(word)
    return re.compile(rf"{written}(?<!\w{written}){NOT_BEFORE_WORD}")


class WordSet:
    """Whole words of a list, in case as written, found as ``_word_set(words)`` finds them but faster: the
    pattern is the words and what must not follow them, which the engine searches for by the letters the words
    begin with instead of trying every position, and a match right after a letter or a digit is passed over
    (the search goes on one character further, as the engine would). The character before a match is told a word
    character by ``prescan.is_word_character``, not by a regex."""

    def __init__(self, words):
        self.pattern = re.compile(rf"(?:{words_alternation(words)}){NOT_BEFORE_WORD}")

    def search(self, form: str, start: int, end: int) -> re.Match | None:
        """The first whole word of the list in form[start:end] (the end as the end of the text)."""
        while True:
            match = self.pattern.search(form, start, end)
            if match is None:
                return None
            start = match.start()
            if start == 0 or not is_word_character(form[start - 1]):
                return match
            start += 1

    def finditer(self, form: str, start: int, end: int) -> Iterator[re.Match]:
        """Every whole word of the list in form[start:end], in order, none overlapping."""
        match = self.search(form, start, end)
        while match is not None:
            yield match
            match = self.search(form, match.end(), end)


class PhraseStop:
    """Where a phrase stops: a punctuation mark of *marks* (a character class) or a whole word of *words*, as
    ``marks|(?<!\\w)(?:words)(?!\\w)`` finds them, searched as a mark and as a ``WordSet`` (the first of the two)."""

    def __init__(self, marks: str, words):
        self.mark = re.compile(marks)
        self.word = WordSet(words)

    def search(self, form: str, start: int, end: int) -> re.Match | None:
        """The first mark or whole word of the list in form[start:end] (the end as the end of the text)."""
        mark = self.mark.search(form, start, end)
        word = self.word.search(form, start, mark.start() if mark else end)
        return word if word is not None else mark


class WordsBefore:
    """Where one of *words* ends the text searched, past spaces and a comma (``(?<!\\w)(?:words)\\s*,?\\s*$``,
    case-insensitive), searched only when the span in lower case holds the first piece of one of the words
    (``prescan.first_pieces``), as every match does: most spans hold none, and are passed at once."""

    def __init__(self, words):
        words = list(words)
        self.pattern = re.compile(rf"{NOT_AFTER_WORD}(?:{words_alternation(words, True)})\s*,?\s*$", re.IGNORECASE)
        self.pieces = first_pieces(words)

    def search(self, form: str, start: int, end: int) -> re.Match | None:
        """The match in form[start:end] (the end as the end of the text), or None."""
        span = form[start:end].lower()
        for piece in self.pieces:
            if piece in span:
                return self.pattern.search(form, start, end)
        return None


@dataclass
class ActivityPatterns:
    """Everything the activity extractor matches with, built once."""

    triggers: dict[str, Trigger]  # lower-case words → trigger
    trigger: re.Pattern  # any trigger, case-insensitive, whole words
    trigger_starts: CaseBlindRuns  # where a trigger may start (extractors.prescan)
    objects: dict[str, tuple[str, ...]]  # list name → object words
    between_words: frozenset[tuple[str, ...]]  # each as its lower-case syllables (one to three)
    objects_lower: dict[str, frozenset[str]]  # list name → its object words in lower case
    not_after: frozenset[str]  # lower case
    purpose_words: frozenset[str]  # a purpose: an act only with an amount or a count right after it
    not_after_lifted: frozenset[str]  # two words before a trigger that lift not_after ("từng nhà")
    approval_before: WordsBefore  # a not_after_across_comma word ending the text before a trigger
    not_before_any: frozenset[str]
    campaign_word: str
    plan_marker: re.Pattern  # case-insensitive
    plan_marker_in_lower_case: WordSet  # the plan markers in lower case, for the text in lower case
    not_actor_after: frozenset[str]
    subject_roles: frozenset[str]  # of not_actor_after: people leading the body after them, at a subject's start
    person_address: re.Pattern  # "đồng chí", "ông", "bà" at the start of the text searched (case-insensitive)
    referring_head: WordSet
    referring_head_lower: WordSet  # the heads in lower case, referring back only at a subject's place
    subject_opener: re.Pattern  # an adverbial phrase's first words, at the start of the text searched
    speech_verb: re.Pattern  # a speech verb ending the text searched ("…cho biết,")
    causative: WordSet  # verbs making another body act ("chỉ đạo", "giao")
    people_subjects: frozenset[str]  # lower case
    sponsor: re.Pattern  # a sponsor phrase followed by "của"
    document_word: re.Pattern  # a document or a direction, before "của" + its issuer
    not_referring: tuple[str, ...]
    not_referring_lower: tuple[str, ...]
    delegation: WordSet  # a delegation named without its body ("Đoàn công tác")
    subjectless: re.Pattern  # any subjectless word, whole words, case-insensitive
    beneficiary_nouns: frozenset[str]
    phrase_stop: PhraseStop


def _leading_runs(words) -> CaseBlindRuns:
    """Where one of *words* may start, without regard to case: the runs of letters and digits that are the
    first run of one of them (read by their lower case, as the case-insensitive list of those runs reads them)."""
    return CaseBlindRuns({first_run(word) for word in words})


BETWEEN_SIZES = (3, 2, 1)   # the syllables of a between-word entry, longest tried first


def _between_words(words: list[str]) -> frozenset[tuple[str, ...]]:
    entries = frozenset(tuple(w.lower().split()) for w in words)
    if any(len(entry) not in BETWEEN_SIZES for entry in entries):
        raise ValueError("a between-word of activities.yaml has more syllables than BETWEEN_SIZES allows")
    return entries


@lru_cache(maxsize=1)
def activity_patterns() -> ActivityPatterns:
    """Build (once) the trigger pattern and the word lists of extractors/data/activities.yaml."""
    data = load_yaml("activities.yaml")
    objects = {name: tuple(group_words(groups)) for name, groups in data["objects"].items()}
    triggers: dict[str, Trigger] = {}
    for action, entries in data["actions"].items():
        for entry in entries:
            needs = entry.get("needs_object")
            triggers[entry["trigger"].lower()] = Trigger(
                words=entry["trigger"], action=action,
                needs_object=frozenset(w.lower() for w in objects[needs]) if needs else frozenset(),
                not_before=tuple(entry.get("not_before", [])),
                becomes_if_certificate=entry.get("becomes_if_certificate"),
            )
    trigger = re.compile(
        rf"""
        {NOT_AFTER_WORD}
        (?P<trigger> {words_alternation(triggers, True)} )
        {NOT_BEFORE_WORD}
        """,
        re.VERBOSE | re.IGNORECASE,
    )
    return ActivityPatterns(
        triggers=triggers,
        trigger=trigger,
        trigger_starts=_leading_runs(triggers),
        objects=objects,
        between_words=_between_words(group_words(data["between_words"])),
        objects_lower={name: frozenset(w.lower() for w in words) for name, words in objects.items()},
        not_after=frozenset(w.lower() for w in group_words(data["not_after"])),
        purpose_words=frozenset(w.lower() for w in group_words(data["purpose_words"])),
        not_after_lifted=frozenset(w.lower() for w in group_words(data["not_after_lifted"])),
        approval_before=WordsBefore(group_words(data["not_after_across_comma"])),
        not_before_any=frozenset(group_words(data["not_before_any"])),
        campaign_word=data["campaign_word"],
        plan_marker=_word_set(group_words(data["plan_markers"]), re.IGNORECASE),
        plan_marker_in_lower_case=WordSet(word.lower() for word in group_words(data["plan_markers"])),
        not_actor_after=frozenset(group_words(data["not_actor_after"])),
        subject_roles=frozenset(group_words(data["subject_roles"])),
        person_address=re.compile(rf"\s*(?:{words_alternation(group_words(data['person_addresses']), True)})"
                                  rf"{NOT_BEFORE_WORD}",
                                  re.IGNORECASE),
        referring_head=WordSet(group_words(data["referring_heads"])),
        referring_head_lower=WordSet(group_words(data["referring_heads_lower"])),
        subject_opener=re.compile(rf"\s*(?:{words_alternation(group_words(data['subject_openers']), True)})"
                                  rf"{NOT_BEFORE_WORD}",
                                  re.IGNORECASE),
        speech_verb=re.compile(rf"{NOT_AFTER_WORD}(?:{words_alternation(group_words(data['speech_verbs']))})\s*$"),
        causative=WordSet(group_words(data["causatives"])),
        people_subjects=frozenset(w.lower() for w in group_words(data["people_subjects"])),
        sponsor=re.compile(rf"{NOT_AFTER_WORD}(?:{words_alternation(group_words(data['sponsor_phrases']), True)})"
                           rf"{SPACE}của{NOT_BEFORE_WORD}",
                           re.IGNORECASE),
        document_word=_word_set(group_words(data["document_words"]), re.IGNORECASE),
        not_referring=tuple(group_words(data["not_referring"])),
        not_referring_lower=tuple(w.lower() for w in group_words(data["not_referring"])),
        delegation=WordSet(group_words(data["delegations"])),
        subjectless=_word_set(group_words(data["subjectless_words"]), re.IGNORECASE),
        beneficiary_nouns=frozenset(group_words(data["beneficiary_nouns"])),
        phrase_stop=PhraseStop(r"[,;.:()“”\"!?\n]", group_words(data["phrase_stops"])),
    )
