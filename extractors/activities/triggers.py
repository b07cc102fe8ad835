"""Step 2 of activity extraction: the trigger words of a clause that report an act, and their actions."""

from __future__ import annotations

import bisect
import re

from extractors.activities.common import (
    WORDS_BREAK, after_words, before_words, Candidate, Facts, is_number, skip_between, syllables,
)
from extractors.patterns.activities import ActivityPatterns, Trigger, whole_word

TOPIC = whole_word("về")
OBJECT_WINDOW = 6  # syllables after a trigger where its object is looked for
PASSIVE_WINDOW = 6  # syllables before "được tổ chức" or "do … tổ chức" where the event is looked for
PURPOSE_WINDOW = 25  # characters after a trigger after "để" where its count or amount must start
EVENT_ABSORB_CHARS = 40  # an event noun this close after an accepted "tổ chức" is part of it
ABSORBING = ("oversee", "dialogue")
NO_OBJECT = "no object"   # _accepted_action's answer for a trigger whose object is not of the right kind
REJECTED = (None, None)   # _accepted_action's answer for a trigger the rules reject
JOINED = re.compile(r"\s*(?:,|và|hoặc)\s*")   # what joins two triggers of one act
RATE = "mỗi"   # "mỗi căn được hỗ trợ …" states a rate
NOMINAL = "việc"   # "Việc vận động …" opening a clause names the act as a subject
FIGURE_BREAK = re.compile(r"[;:()]|[,.](?!\d)")   # punctuation between a trigger and its figure (not in a number)


def find_triggers(form: str, matches: list[re.Match], c_start: int, c_end: int, s_start: int, plan_end: int,
              quoted: list[tuple[int, int]], index: Facts, patterns: ActivityPatterns) -> list[Candidate]:
    found: list[Candidate] = []
    rejected_ends: list[int] = []
    topic_from = _topic_start(form, c_start, c_end, index)
    for match in matches:
        start, end = match.span("trigger")
        if end > c_end:
            continue
        spec = patterns.triggers[" ".join(match.group("trigger").lower().split())]
        if start >= plan_end:
            continue
        action, word_before = _accepted_action(form, start, end, spec, s_start, quoted, rejected_ends, topic_from,
                                               index, patterns)
        if action is None or action == NO_OBJECT:
            if action is None:
                rejected_ends.append(end)   # a noun: a trigger listed right after it is one too
            continue
        found.append(Candidate(start, end, action, word_before == "được"))
    return _absorb(form, found, patterns)


def _accepted_action(form: str, start: int, end: int, spec: Trigger, s_start: int, quoted, rejected_ends,
                     topic_from: list[tuple[int, int]], index: Facts, patterns: ActivityPatterns
                     ) -> tuple[str | None, str | None]:
    """The action *spec* reports at form[start:end], None when the rules of step 2 reject it as a noun, a name or
    a plan, NO_OBJECT when its object is not of the right kind; and, with an action, the syllable right before the
    trigger as written (None when there is none, or no action), for the passive check.

    That syllable is the last of the words read before the trigger back to its sentence's start, and it is the one
    ``before_words(form, start, 1, c_start)`` gives back to its clause's start: a clause starts at its sentence's
    start or right after a ";" or ":", marks the words before a trigger stop at, and the last syllable
    ``before_words`` gives does not depend on how many are asked for (tests/test_activities_scans.py)."""
    inside = bisect.bisect_left(quoted, (start,)) - 1
    if inside >= 0 and quoted[inside][1] > start:
        return REJECTED
    if form.rfind("(", s_start, start) > form.rfind(")", s_start, start):
        return REJECTED   # a parenthesis explains a document or a name: "(hướng dẫn hỗ trợ phát triển hợp tác xã)"
    if form[start].isupper() and form[s_start:start].strip(" “\"(-–"):
        return REJECTED
    following = after_words(form, end, OBJECT_WINDOW)
    after = following[:2]
    if after and (after[0] in spec.not_before or " ".join(after) in spec.not_before
                  or after[0] in patterns.not_before_any):
        return REJECTED
    if patterns.approval_before.search(form, max(s_start, start - 30), start):
        return REJECTED
    written = before_words(form, start, 4, s_start)
    word_before = written[-1] if written else None
    preceding = [w.lower() for w in written]
    before = preceding[-2:]
    if before and (before[-1] in patterns.not_after or " ".join(before) in patterns.not_after) \
            and " ".join(before) not in patterns.not_after_lifted:
        return REJECTED
    if before and before[-1] in patterns.purpose_words and not _figure_follows(form, end, index):
        return REJECTED
    if before and before[-1] == "được" and RATE in preceding[:-1]:
        return REJECTED   # "mỗi căn được hỗ trợ 40 triệu đồng": a rate of the act before, not an act of its own
    if preceding == [NOMINAL]:
        return REJECTED   # "Việc vận động được thực hiện …": the act named as a subject, not reported
    if before and before[-1] == patterns.campaign_word and not (len(before) == 2 and is_number(before[0])):
        return REJECTED
    if rejected_ends and _joined_to_rejected(form, start, rejected_ends):
        return REJECTED
    if topic_from and any(s <= start < e for s, e in topic_from):
        return REJECTED
    if spec.needs_object and not _object_fits(following, spec.needs_object, patterns) \
            and not (spec.action == "give" and _amount_follows(form, end, index, patterns)):
        if not (spec.words == "tổ chức" and _event_before(form, start, s_start, patterns)):
            return NO_OBJECT, word_before
    if spec.becomes_if_certificate and _object_fits(following, patterns.objects_lower["certificates"], patterns):
        return spec.becomes_if_certificate, word_before
    return spec.action, word_before


def _topic_start(form: str, c_start: int, c_end: int, index: Facts) -> list[tuple[int, int]]:
    """Spans of a clause that are a document's subject: from "về" to the next organization or the clause end."""
    spans = []
    for match in TOPIC.finditer(form, c_start, c_end):
        start = match.start()
        following = index.within("organizations", start + 1, c_end)
        spans.append((start, index.lists["organizations"][following[0]]["start"] if following else c_end))
    return spans


def _joined_to_rejected(form: str, start: int, rejected_ends: list[int]) -> bool:
    """ "hình thức giám sát, phản biện": a trigger listed right after a rejected one is rejected too."""
    return any(JOINED.fullmatch(form, end, start) for end in rejected_ends[-2:])


def _event_before(form: str, start: int, s_start: int, patterns: ActivityPatterns) -> bool:
    """ "hội nghị người lao động được tổ chức", "Hội nghị do Ủy ban MTTQ tỉnh tổ chức": an event named in the
    syllables before the last "được" or "do" before "tổ chức" (no punctuation between)."""
    words = before_words(form, start, 2 * PASSIVE_WINDOW + 2, s_start)
    marks = [i for i, w in enumerate(words) if w.lower() in ("được", "do")]
    if not marks:
        return False
    window = [w.lower() for w in words[max(0, marks[-1] - PASSIVE_WINDOW):marks[-1]]]
    events = patterns.objects_lower["event_objects"]
    return any(" ".join(window[i:i + size]) in events for i in range(len(window)) for size in (1, 2, 3, 4))


def _figure_follows(form: str, end: int, index: Facts) -> bool:
    """A count or an amount of money starts within PURPOSE_WINDOW characters after a trigger, no punctuation between
    (a comma or a point inside a number is no break)."""
    for kind in ("counts", "money"):
        following = index.within(kind, end, end + PURPOSE_WINDOW + 60)
        if following and index.lists[kind][following[0]]["start"] < end + PURPOSE_WINDOW \
                and not FIGURE_BREAK.search(form[end:index.lists[kind][following[0]]["start"]]):
            return True
    return False


def _amount_follows(form: str, end: int, index: Facts, patterns: ActivityPatterns) -> bool:
    """ "cấp 150 triệu đồng": an amount of money right after the trigger (past qualifiers) is its object."""
    following = index.within("money", end, end + 40)
    if not following:
        return False
    money_start = index.lists["money"][following[0]]["start"]
    return not skip_between(syllables(form[end:money_start]), patterns) \
        and not WORDS_BREAK.search(form, end, money_start)


def _object_fits(following: list[str], objects: frozenset[str], patterns: ActivityPatterns) -> bool:
    """The first noun of the words *following* a trigger, past numbers, qualifiers and classifiers, starts with
    one of *objects*."""
    words = skip_between(following, patterns)
    return not objects.isdisjoint(" ".join(words[:size]) for size in range(1, len(words) + 1))


def _absorb(form: str, found: list[Candidate], patterns: ActivityPatterns) -> list[Candidate]:
    """ "tổ chức 9 hội nghị phản biện" is the oversight; "tổ chức … tập huấn" is one event."""
    kept: list[Candidate] = []
    for i, trigger in enumerate(found):
        following = found[i + 1] if i + 1 < len(found) else None
        close = following is not None and following.start - trigger.end <= EVENT_ABSORB_CHARS \
            and "," not in form[trigger.end:following.start]
        if trigger.action == "event" and close and following.action in ABSORBING \
                and form[trigger.start:trigger.end].lower() == "tổ chức":
            continue
        previous = kept[-1] if kept else None
        if previous and previous.action == trigger.action and JOINED.fullmatch(form, previous.end, trigger.start):
            continue   # "hội nghị đối thoại, tiếp xúc cử tri", "xây mới và sửa chữa 612 căn": one act listed twice
        if (previous and previous.action == "event" and trigger.action == "event"
                and trigger.start - previous.end <= EVENT_ABSORB_CHARS
                and "," not in form[previous.end:trigger.start]):
            continue
        kept.append(trigger)
    return kept
