"""The name grammar: a head noun (data/org_heads.yaml) and the modifiers after it, for names no list holds;
words and their parts of speech from underthesea's segmenter and tagger (``extractors.tagging``)."""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.organizations.common import Candidate
from extractors.overlap import SpanIndex
from extractors.prescan import matches_at
from extractors.patterns.organizations import OrganizationPatterns, surface_key
from extractors.tagging import TaggedPhrase, phrase_tagger

NAME_END = re.compile(r"[,.;:()“”\"!?\n\[\]«»]")
GRAMMAR_WINDOW = 80
NOUN_TAGS = frozenset({"N", "Nc", "Nu"})
MAX_LOWER_NOUNS = 2


def grammar_candidates(form: str, patterns: OrganizationPatterns, known: list[Candidate],
                        place_spans: SpanIndex) -> list[Candidate]:
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
        found.append(Candidate(match.start(), end, form[match.start():end], patterns.heads[head]))
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
