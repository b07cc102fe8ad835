"""The name grammar: a head noun (data/org_heads.yaml) and the modifiers after it, for names no list holds;
words and their parts of speech from underthesea's segmenter and tagger (``extractors.tagging``)."""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.organizations.common import Candidate
from extractors.overlap import SpanIndex
from extractors.prescan import matches_at
from extractors.patterns.organizations import SYLLABLE, OrganizationPatterns, surface_key
from extractors.tagging import TaggedPhrase, phrase_tagger, plain_tokens

NAME_END = re.compile(r"[,.;:()“”\"!?\n\[\]«»]")
GRAMMAR_WINDOW = 80
NOUN_TAGS = frozenset({"N", "Nc", "Nu"})
MAX_LOWER_NOUNS = 2
CONNECTORS = ("và", "-", "–")
SYLLABLES_PAST_CAPITALS = 11   # a window is first tagged to this many syllables past its capitalized run
SETTLED_SYLLABLES = 4   # the words of a cut window read as in the whole window end this many syllables before the cut
SETTLED_WORDS_AFTER_A_TAG = 2   # … and a tag read is that of a word these many such words follow


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

    The window (up to GRAMMAR_WINDOW characters, cut at NAME_END) is first tagged only to its first cut
    (``_first_cut``), SYLLABLES_PAST_CAPITALS syllables past its capitalized run, since the segmenter and the
    tagger cost in proportion to what they read; the whole window is tagged only when the reading of the cut one is
    not decided (``_read_modifiers``). Both models label a token from the tokens up to two places on each side
    of it, so a cut changes what they read for the last two tokens only: the reading of the cut window is taken
    only when every word it examines ends SETTLED_SYLLABLES syllables before the cut (the labels that begin and
    end it, and the features they are read from, are those of the whole window) and every word whose tag it reads
    is followed by SETTLED_WORDS_AFTER_A_TAG words that end there too (its features are those of the whole
    window). Only the best path, which each model finds over the whole phrase, could still tell the two apart:
    with three syllables it did, twice in 18,411 cuts of the 2,087 windows after a capitalized word in the
    mirror's and the development gold's texts; with four, the settled words and tags were those of the whole
    window in every one of 16,324 cuts, and the names found in the tests' texts are those of the whole windows.
    """
    window = form[position:min(position + GRAMMAR_WINDOW, limit)]
    cut = NAME_END.search(window)
    if cut:
        window = window[:cut.start()]
    capitalized = _capitalized_end(window, patterns)
    if capitalized is not None:
        return position + capitalized
    first = _first_cut(window)
    if first is not None:
        decided, end = _read_modifiers(window[:first[0]], patterns, settled=first[1])
        if decided:
            return None if end is None else position + end
    _decided, end = _read_modifiers(window, patterns, settled=None)
    return None if end is None else position + end


def _capitalized_end(window: str, patterns: OrganizationPatterns) -> int | None:
    """Where the modifiers end in a window of syllables that all begin with a capital letter, read without the
    segmenter ("Hà Bầu", "THPT Anh Hùng Núp"); None when the segmenter must read the window.

    Every word the segmenter can make of such syllables (the tokens it is fed, ``plain_tokens``, being the
    syllables themselves, one space apart) begins with a capital, so each is a modifier (``_is_modifier``)
    unless it is a level word or, first, one of not_modifiers; when no run of the syllables is a level word and
    no run that begins the window is one of not_modifiers, every word is a modifier, however the syllables are
    cut into words, and the modifiers end where the last syllable does."""
    syllables = window.strip(" ").split(" ")
    if not syllables[0] or not all(syllable[0].isupper() for syllable in syllables if syllable):
        return None
    if plain_tokens(window) != syllables:
        return None
    level_size, not_modifier_size = patterns.longest_runs
    for start in range(len(syllables)):
        for end in range(start + 1, min(len(syllables), start + level_size) + 1):
            if " ".join(syllables[start:end]).lower() in patterns.levels:
                return None
    for end in range(1, min(len(syllables), not_modifier_size) + 1):
        if surface_key(" ".join(syllables[:end])) in patterns.not_modifiers:
            return None
    return len(window.rstrip(" "))


def _first_cut(window: str) -> tuple[int, int] | None:
    """Where a window is first cut and where its settled part ends (character offsets), or None when the
    window is no longer than its capitalized run and SYLLABLES_PAST_CAPITALS syllables.

    The capitalized run ends at the last syllable with a capital or a digit before two other syllables in a row
    ("và" and dashes aside): "Tin lành Plei Ơi" of "Tin lành Plei Ơi vận động tín đồ …"."""
    syllables = list(SYLLABLE.finditer(window))
    run = lower = 0
    for index, syllable in enumerate(syllables):
        first_letter = syllable.group()[0]
        if first_letter.isupper() or first_letter.isdigit():
            run, lower = index + 1, 0
        elif syllable.group() not in CONNECTORS:
            lower += 1
            if lower == 2:
                break
    cut = run + SYLLABLES_PAST_CAPITALS
    if cut >= len(syllables):
        return None
    return syllables[cut - 1].end(), syllables[cut - 1 - SETTLED_SYLLABLES].end()


def _read_modifiers(window: str, patterns: OrganizationPatterns, settled: int | None) -> tuple[bool, int | None]:
    """(decided, where the modifiers end in *window* or None): the reading of ``_modifiers_end`` over the words of
    *window*. With *settled* (the window is a cut one), the reading is decided only when it stops at a word that
    ends by *settled*, having examined no word past it and read the tag of no word with fewer than
    SETTLED_WORDS_AFTER_A_TAG words after it that end by it."""
    end = None
    offset = 0
    pending_connector = False
    lower_nouns = 0
    last_word = ""
    phrase = _tagged_words(window)
    for word, tag_source in _joined_compounds(phrase.words, patterns):
        at = window.find(word, offset)
        if at < 0:
            return settled is None, end
        offset = at + len(word)
        if settled is not None and offset > settled:
            return False, end
        if word in CONNECTORS and end is not None and not lower_nouns:
            pending_connector = True
            continue
        if pending_connector and _starts_with_head(word, patterns):
            break  # "Báo Gia Lai và Trường THPT …": a second organization begins
        if lower_nouns and word[0].isupper() and surface_key(word) in patterns.places:
            end = offset  # "Ban Quản lý rừng phòng hộ Kbang"
            break
        if not lower_nouns and _is_modifier(word, first=end is None, patterns=patterns):
            end, pending_connector, last_word = offset, False, word
            continue
        if (end is not None and not pending_connector and word[0].islower() and " " in word
                and lower_nouns < MAX_LOWER_NOUNS):
            if settled is not None and not _tag_settled(window, phrase.words, tag_source, settled):
                return False, end
            if _tag(phrase, tag_source) in NOUN_TAGS:
                syllables = word.split(" ")
                level_at = next((i for i, s in enumerate(syllables) if s.lower() in patterns.levels), None)
                if level_at is None:
                    end, lower_nouns = offset, lower_nouns + 1
                    continue
                if level_at > 0 and len(last_word.split(" ")) == 1 and last_word[0].isupper():
                    # "Nông" + "dân làng": the segmenter glued the name's last syllable to the level word
                    end = at + len(" ".join(syllables[:level_at]))
        break
    else:
        return settled is None, end
    return True, end


def _tag_settled(window: str, words: tuple[str, ...], source: int | str, settled: int) -> bool:
    """Whether the tag at *source* (``_joined_compounds``) is read as in the whole window: a tag given, or that of
    a word followed by SETTLED_WORDS_AFTER_A_TAG words that end by *settled*."""
    if not isinstance(source, int):
        return True
    last = source + SETTLED_WORDS_AFTER_A_TAG
    if last >= len(words):
        return False
    offset = 0
    for word in words[:last + 1]:
        at = window.find(word, offset)
        if at < 0:
            return False
        offset = at + len(word)
    return offset <= settled


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
