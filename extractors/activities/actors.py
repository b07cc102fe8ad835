"""Step 3 of activity extraction: the acting body of each trigger of a clause."""

from __future__ import annotations

import re

from extractors.activities.common import (
    WORDS_BREAK, after_words, before_words, Candidate, Facts, is_number, skip_between, syllables,
)
from extractors.patterns.activities import activity_patterns, ActivityPatterns, whole_word

PASSIVE = whole_word("được")
DO_BEFORE = re.compile(r"(?<!\w)do\s+$")   # "do" right before an organization: its agent ("do UBND huyện cấp")
GAP_BREAK = re.compile(r"[;:.()]")   # punctuation between a count of people and a trigger that parts them
DOCUMENT_WINDOW = 80  # characters before "của" + organization where a document is looked for
LISTED = re.compile(r"[\s,]*(?:và|cùng)?[\s,]*")   # what joins two bodies of a list
DELEGATION = "delegation"   # a candidate actor that is a delegation named alone
DETERMINERS = frozenset({"các", "những", "mỗi"})   # words before a noun of people
PEOPLE_GLUE = frozenset({"và", "đã", "cũng", "đều"})   # words a people subject may hold besides its nouns


class Pending:
    """The subject of a clause without an act, found only if a later clause of its sentence needs it."""

    def __init__(self, form: str, span: tuple[int, int], index: Facts, patterns: ActivityPatterns, previous):
        self.args, self.previous = (form, *span, index, patterns), previous

    def value(self) -> int | None:
        subject = _subject(*self.args)
        return subject if subject is not None else _actor_value(self.previous)


def _actor_value(actor: int | None | Pending) -> int | None:
    return actor.value() if isinstance(actor, Pending) else actor


def resolve_actors(form: str, c_start: int, c_end: int, triggers: list[Candidate], index: Facts,
                    previous_actor: int | None | Pending, patterns: ActivityPatterns) -> int | None | Pending:
    """Set each trigger's actor (step 3); return the clause's subject for the clause after it."""
    if not triggers:
        return Pending(form, (c_start, c_end), index, patterns, previous_actor)
    first_end = triggers[0].start
    subject = _office_holder(form, c_start, first_end, index, patterns)
    if subject is None:
        subject = _subject(form, c_start, first_end, index, patterns)
    if subject is None and _subjectless(form, c_start, first_end, patterns):
        subject = previous_actor = _actor_value(previous_actor)
    actor = subject
    for i, trigger in enumerate(triggers):
        gap_start = triggers[i - 1].end if i else c_start
        if i > 0:
            comma = _list_comma(form, gap_start, trigger.start)
            newer = _first_actor(form, comma, trigger.start, index, patterns) if comma >= 0 else None
            if newer is None:
                newer = _named_before(form, gap_start, trigger.start, index, patterns)
            actor = newer if newer is not None else actor
        agent = _do_agent(form, gap_start, trigger.start, index)
        if agent is not None:
            trigger.actor = agent   # "kinh phí do UBND huyện cấp": the body after "do" acts
            continue
        passive = _passive_from(form, gap_start, trigger.start, patterns)
        if trigger.passive or passive is not None:
            # "Hội được Ủy ban nhân dân tỉnh tặng Bằng khen": the agent after "được" acts, if it is named; else a
            # sponsor of the clause ("với sự tài trợ của Công ty …")
            named = _first_actor(form, passive, trigger.start, index, patterns) if passive else None
            trigger.actor = named if named is not None else _sponsor(form, c_start, c_end, index)
            continue
        caused, by = _caused(form, gap_start, trigger.start, index, patterns)
        if i > 0 and triggers[i - 1].action == "mobilize" and _people_first(form, gap_start, trigger.start, patterns):
            trigger.actor = None   # "vận động giáo dân hiến 800 m2 đất": the people mobilized give, no body
        elif caused:
            trigger.actor = by   # "giao Ban Dân vận Tỉnh ủy tổ chức": the body given the task acts
        elif _people_subject(form, gap_start, trigger.start, index, patterns):
            trigger.actor = None   # "từ 1.650 tập thể, cá nhân ủng hộ": people act, no body
        else:
            trigger.actor = actor
    return subject if subject is not None else previous_actor


def _named_before(form: str, start: int, end: int, index: Facts, patterns: ActivityPatterns) -> int | None:
    """ "UBND xã hỗ trợ 10 triệu đồng và Hội Nông dân xã tặng 5 con bò": an organization named right before a
    later trigger of the clause (only words like "đã", "cũng" between), not as a partner, is its subject."""
    inside = index.within("organizations", start, end)
    if not inside:
        return None
    org = index.lists["organizations"][inside[-1]]
    before = before_words(form, org["start"], 1, start)
    if before and before[-1] in patterns.not_actor_after or not _subjectless(form, org["end"], end, patterns):
        return None
    return inside[-1]


def _list_comma(form: str, start: int, end: int) -> int:
    """The first comma of form[start:end] that is not inside a number ("3,5 tỷ đồng"), or -1."""
    at = form.find(",", start, end)
    while at >= 0 and 0 < at < len(form) - 1 and form[at - 1].isdigit() and form[at + 1].isdigit():
        at = form.find(",", at + 1, end)
    return at


def _subject(form: str, start: int, end: int, index: Facts, patterns: ActivityPatterns) -> int | None:
    """The acting body of a clause: named after its opening adverbial phrases when one is named there ("Nhân dịp
    …, Hội LHPN huyện trao"; "Linh mục … cho biết, giáo xứ luôn vận động"), else the first one of the clause."""
    at = start
    while True:
        comma = _list_comma(form, at, end)
        if comma < 0:
            break
        if not (patterns.subject_opener.match(form, at) or patterns.speech_verb.search(form, at, comma)):
            break
        at = comma + 1
        after = _first_actor(form, at, end, index, patterns)
        if after is not None:
            return after
    return _first_actor(form, start, end, index, patterns)


def _office_holder(form: str, start: int, end: int, index: Facts, patterns: ActivityPatterns) -> int | None:
    """ "Tại xã Bình Quý, đồng chí Nguyễn Văn Hùng, Phó Bí thư Huyện ủy, Chủ tịch Ủy ban MTTQ huyện, trao": a person
    named after an address word, then the offices they hold (capitalized titles), one a comma, up to a last comma
    before the trigger at *end* with no organization after it: the organization of the last office acts; after a
    speech verb ("cho biết,") the body named next acts; else None.

    The person and the offices after them are three pieces between commas at least: a span with fewer than two commas
    has no more than two pieces, and is passed without being cut."""
    if form.count(",", start, end) < 2:
        return None
    pieces, at = [], start
    while True:
        comma = _list_comma(form, at, end)
        pieces.append((at, comma if comma >= 0 else end))
        if comma < 0:
            break
        at = comma + 1
    person = next((k for k, (p_start, _e) in enumerate(pieces) if patterns.person_address.match(form, p_start)), None)
    if person is None or len(pieces) - person < 3:
        return None
    speech = next((p_end for p_start, p_end in pieces[person + 1:-1] if patterns.speech_verb.search(form, p_start, p_end)),
                  None)
    if speech is not None:
        return _first_actor(form, speech + 1, end, index, patterns)   # "…, Chủ tịch UBND xã, cho biết, Hội … đã trao"
    offices = [index.within("organizations", p_start, p_end) for p_start, p_end in pieces[person:]]
    titled = all(form[p_start:p_end].strip()[:1].isupper() for p_start, p_end in pieces[person + 1:-1])
    if offices[0] or offices[-1] or not offices[-2] or not titled:
        return None   # an organization in the name or after the offices, or a piece that is no office ("hội viên …")
    return offices[-2][-1]


def _do_agent(form: str, start: int, end: int, index: Facts) -> int | None:
    """ "Hội nghị do Ủy ban MTTQ tỉnh tổ chức": the organization named right after the last "do" of form[start:end],
    with nothing but spaces between its end and the trigger at *end*."""
    organizations = index.lists["organizations"]
    for i in reversed(index.within("organizations", start, end)):
        org = organizations[i]
        if form[org["end"]:end].strip():
            continue
        return i if DO_BEFORE.search(form[max(start, org["start"] - 8):org["start"]]) else None
    return None


def _sponsor(form: str, start: int, end: int, index: Facts) -> int | None:
    """ "Với sự tài trợ của Công ty …, 5 căn nhà đã được xây mới": the organization right after a sponsor phrase."""
    patterns = activity_patterns()
    for match in patterns.sponsor.finditer(form, start, end):
        following = index.within("organizations", match.end(), end)
        if following and not form[match.end():index.lists["organizations"][following[0]]["start"]].strip():
            return following[0]
    return None


def _caused(form: str, start: int, end: int, index: Facts, patterns: ActivityPatterns) -> tuple[bool, int | None]:
    """After the last causative verb of form[start:end] ("chỉ đạo", "giao", "phân công"), not opening its phrase:
    (True, the body named right after it) or (True, None) when people follow it; (False, None) otherwise."""
    last = None
    for match in patterns.causative.finditer(form, start, end):
        last = match
    if last is None or not form[max(start, form.rfind(",", start, last.start()) + 1):last.start()].strip():
        return False, None
    if after_words(form, last.end(), 1) in (["của"], ["cho"]) or before_words(form, last.start(), 1, start) == ["sự"]:
        return False, None
    following = index.within("organizations", last.end(), end)
    organizations = index.lists["organizations"]
    if following and not form[last.end():organizations[following[0]]["start"]].strip():
        return True, following[0]
    first = after_words(form, last.end(), 1)
    if first and first[0] in patterns.people_subjects:
        return True, None
    return False, None


def _people_first(form: str, start: int, end: int, patterns: ActivityPatterns) -> bool:
    """form[start:end], with no punctuation, begins with a noun of people ("giáo dân", "các hộ", "5 hộ")."""
    if WORDS_BREAK.search(form, start, end):
        return False
    words = [w.lower() for w in skip_between(syllables(form[start:end])[:6], patterns)]
    if words and words[0] in DETERMINERS:
        words = words[1:]
    people = patterns.people_subjects | patterns.beneficiary_nouns
    return any(" ".join(words[:size]) in people - DETERMINERS for size in (1, 2, 3))


def _people_subject(form: str, start: int, end: int, index: Facts, patterns: ActivityPatterns) -> bool:
    """A count of people right before the trigger, with only people nouns after it: its own subject
    ("tiếp nhận 7 tỷ đồng từ 1.650 tập thể, cá nhân, doanh nghiệp ủng hộ")."""
    counts = index.within("counts", start, end)
    if not counts:
        return False
    count = index.lists["counts"][counts[-1]]
    gap = form[count["end"]:end]
    if GAP_BREAK.search(gap) or gap.rstrip().endswith(","):
        return False   # "trao quà cho 30 phụ nữ, hỗ trợ 10 hộ": after a comma the trigger goes back to the subject
    people = patterns.people_subjects | patterns.beneficiary_nouns
    gap_words = [w.lower() for w in syllables(gap)]
    if "," in gap and _only_phrases([w.lower() for w in syllables(gap.rsplit(",", 1)[1])], PEOPLE_GLUE):
        return False   # "Hội …, với 12.000 hội viên, đã vận động": the count stands in an apposition
    count_words = [w.lower() for w in syllables(count["text"])]
    return _only_phrases(gap_words, people | PEOPLE_GLUE) and any(
        " ".join(count_words[i:i + size]) in people for i in range(len(count_words)) for size in (1, 2, 3))


def _only_phrases(words: list[str], phrases: frozenset[str]) -> bool:
    """*words* are, from left to right, a sequence of *phrases* (each of one to three words, longest tried first)."""
    at = 0
    while at < len(words):
        size = next((n for n in (3, 2, 1) if " ".join(words[at:at + n]) in phrases), 0)
        if not size:
            return False
        at += size
    return True


def _passive_from(form: str, start: int, end: int, patterns: ActivityPatterns) -> int | None:
    """Where the agent of a passive trigger may be named: after the last "được" of form[start:end] that neither
    follows a trigger right away nor comes before an amount ("vận động được 3 tỷ đồng", "tổ chức được 128
    cuộc giám sát" are no passives)."""
    last = None
    for match in PASSIVE.finditer(form, start, end):
        following = after_words(form, match.end(), 1)
        if following and (is_number(following[0]) or skip_between(following, patterns) != following):
            continue
        if form[start:match.start()].strip():
            last = match.end()
    return last


def _first_actor(form: str, start: int, end: int, index: Facts, patterns: ActivityPatterns) -> int | None:
    """The index of the acting organization named in form[start:end] (mentions and referring heads)."""
    candidates: list[tuple[int, int, int | None, str]] = []  # (start, end, organization index, referring head)
    organizations = index.lists["organizations"]
    inside = [(i, organizations[i]) for i in index.within("organizations", start, end)]
    for i, org in inside:
        candidates.append((org["start"], org["end"], i, ""))
    taken = [(o["start"], o["end"]) for _i, o in inside]
    for match in patterns.referring_head.finditer(form, start, end):
        if any(s <= match.start() < e for s, e in taken) or _follows_organization(form, match.start(), taken):
            continue
        if form.startswith(patterns.not_referring, match.start()):
            continue
        candidates.append((match.start(), match.end(), None, match.group(0)))
    for match in patterns.referring_head_lower.finditer(form, start, end):
        # "Năm 2024, giáo xứ đã vận động …": a head in lower case refers back only where a subject stands
        if before_words(form, match.start(), 1, start) or any(s <= match.start() < e for s, e in taken):
            continue
        if form.startswith(patterns.not_referring_lower, match.start()):
            continue
        candidates.append((match.start(), match.end(), None, match.group(0)))
    for match in patterns.delegation.finditer(form, start, end):
        if not any(s <= match.start() < e for s, e in taken) and after_words(form, match.end(), 1) != ["của"]:
            candidates.append((match.start(), match.end(), None, DELEGATION))
    candidates.sort()
    previous_partner = False  # the candidate before was a partner or beneficiary: one listed after it is too
    previous_end = start
    for k, (c_start, c_end, found, head) in enumerate(candidates):
        before = before_words(form, c_start, 2, previous_end if previous_partner else start)
        if previous_partner and LISTED.fullmatch(form, previous_end, c_start):
            previous_end = c_end
            continue
        if before and before[-1] == "của":
            if _of_a_document(form, c_start, index, patterns) \
                    or _owner_before_subject(form, c_end, candidates[k + 1:], index):
                previous_partner, previous_end = False, c_end
                continue
        elif before and (before[-1] in patterns.not_actor_after or " ".join(before) in patterns.not_actor_after) \
                and not _role_opens_subject(form, start, c_start, patterns):
            previous_partner, previous_end = True, c_end
            continue
        if head:
            found = _referred(head, c_start, index)
        if found is not None:
            return found
        previous_partner, previous_end = False, c_end
    return None


def _of_a_document(form: str, position: int, index: Facts, patterns: ActivityPatterns) -> bool:
    """ "Kế hoạch của Ban Thường vụ Tỉnh đoàn, Huyện đoàn đã …": the body after "của" issued a document (a legal
    reference or a document word stands just before), so it is not the actor; "đoàn công tác của Ban Dân vận
    Tỉnh ủy" names the actor."""
    window = max(0, position - DOCUMENT_WINDOW)
    if index.within("legal_refs", window, position):
        return True
    return patterns.document_word.search(form, window, position) is not None


def _role_opens_subject(form: str, start: int, position: int, patterns: ActivityPatterns) -> bool:
    """ "Tại buổi lễ, lãnh đạo Ủy ban MTTQ tỉnh đã trao …": a role word alone between the clause start (or the last
    comma) and the organization at *position* names its leaders, so the organization acts."""
    opening = form[start:position].rsplit(",", 1)[-1]
    return " ".join(opening.split()).lower() in patterns.subject_roles


def _owner_before_subject(form: str, position: int, later: list[tuple[int, int, int | None, str]],
                          index: Facts) -> bool:
    """ "Với sự hỗ trợ của Ngân hàng Chính sách xã hội, Hội Phụ nữ xã đã trao …": a body after "của" in a phrase
    a comma closes, with an organization after that comma, is the owner of a means; the one after acts."""
    comma = form.find(",", position)
    return comma >= 0 and any(
        c_start > comma and (found is not None or (head and _referred(head, c_start, index) is not None))
        for c_start, _end, found, head in later)


def _follows_organization(form: str, position: int, taken: list[tuple[int, int]]) -> bool:
    """ "Công đoàn Công ty": a head right after a mention qualifies it."""
    return any(0 < position - e <= 2 and not form[e:position].strip() for _s, e in taken)


def _referred(head: str, position: int, index: Facts) -> int | None:
    """The last organization named before *position* whose name is made with *head* ("Hội" → "Hội Nông dân"); for a
    delegation, the last organization named before it."""
    if head == DELEGATION:
        sender = index.before("organizations", position)
        return sender[0] if sender else None
    head = head[:1].upper() + head[1:]
    head = head.replace("Uỷ", "Ủy")
    for i in index.before("organizations", position):
        name = index.lists["organizations"][i].get("name") or ""
        if head == "Mặt trận" and "Mặt trận" in name:
            return i
        if name[:len(head)].lower() == head.lower() and (len(name) == len(head) or name[len(head)] == " "):
            if head == "Hội" and name.startswith("Hội đồng"):
                continue
            return i
    return None


def _subjectless(form: str, start: int, end: int, patterns: ActivityPatterns) -> bool:
    rest = " ".join(syllables(form[start:end]))
    return not patterns.subjectless.sub(" ", rest).strip()
