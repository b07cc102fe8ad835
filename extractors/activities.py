"""Find the acts of mass-mobilization work a text reports, linked to the organizations, places, dates and amounts.

A pure function over the text and the other kinds' results (``find_activities(text, facts)``, where *facts*
is ``extract``'s object without ``activities``). The rules, each a small step:

1. **Where.** The title (a first line followed by a blank line, without a full stop) is skipped. Each
   sentence (``extractors.sentences``) is cut into clauses at ``;`` and ``:``.
2. **Triggers.** A verb of the closed list (data/activities.yaml) is an activity unless: it stands inside
   quotes (a slogan, a campaign, a document's title); it has a capital letter away from the sentence start
   (``Ban Giám sát``); a word of ``not_after`` is right before it (``mức hỗ trợ``, ``công tác vận động``,
   ``về giám sát``), or ``cuộc`` without a number (``Cuộc vận động``, but ``46 cuộc giám sát``), or a
   rejected trigger joined by ``,``/``và`` (``hình thức giám sát, phản biện``); it comes after ``về`` and
   before the next organization of its clause (the subject of a document: ``Chỉ thị … về xây dựng gia đình``);
   a plan marker comes before it in its sentence (``Thời gian tới``, ``sẽ``, ``phấn đấu``, ``cần``); its
   object is not of the right kind when the data asks for one (``xây dựng`` + a building, ``tổ chức`` + a
   meeting or ceremony, ``cấp`` + a gift, ``ký`` + an agreement). ``tổ chức`` holding an oversight or
   dialogue (``tổ chức 12 hội nghị đối thoại``) gives way to it; an event noun right after an accepted
   ``tổ chức`` is part of it. ``tặng`` + a certificate (``Bằng khen``) is ``commend``.
3. **Actor.** The first organization in the clause before the trigger that is not a partner or a beneficiary
   (after ``với``, ``cho``, ``tham mưu`` …, or listed after one), or a bare head referring back (``Hội``,
   ``Công ty``: the last organization named with that head). A second trigger in a clause keeps the actor
   of the first unless a new organization follows a comma. A clause with no subject of its own (``; tặng 2
   chiếc xe đạp``) keeps the actor of the clause before it in the sentence. A passive (``được tài trợ``) has
   no actor unless it names one after ``được`` (``được Ủy ban nhân dân tỉnh tặng``); ``được`` before an amount
   (``vận động được 3 tỷ đồng``) is no passive. A body after ``của`` is the actor's own (``đoàn công tác của
   Ban Dân vận``) unless a document or a direction comes before it (``Kế hoạch của …``: its issuer), or it
   owns a means in an opening phrase that a comma closes before another organization (``Với sự hỗ trợ của
   Ngân hàng …, Hội Phụ nữ xã đã trao``). A delegation named alone (``Đoàn công tác đã trao``) acts for the
   last organization named before it. Otherwise null.
4. **Amounts.** Each money and count of the clause (not inside an organization's name) goes to the trigger
   it contains, else the nearest trigger before it in the clause, else the first one after it.
5. **Place, date, object, beneficiary.** The location of the clause nearest the trigger, else the place of
   the actor's locality; a day-precise date of the clause that no legal reference carries; the noun phrase
   after the trigger; the phrase after ``cho`` (or the object, when it names people).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from extractors.normalize import matching_form, nfc
from extractors.patterns.activities import BETWEEN_SIZES, ActivityPatterns, Trigger, activity_patterns
from extractors.prescan import matches_at
from extractors.results import Result
from extractors.sentences import sentence_spans

CLAUSE_END = re.compile(r"[;:]")
TOPIC = re.compile(r"(?<!\w)về(?!\w)")
BENEFICIARY_MARK = re.compile(r"(?<!\w)cho(?!\w)")
PASSIVE = re.compile(r"(?<!\w)được(?!\w)")
DOCUMENT_WINDOW = 80  # characters before "của" + organization where a document is looked for
QUOTES = re.compile(r"“[^”\n]{0,400}”|\"[^\"\n]{0,400}\"")
SYLLABLE = re.compile(r"[\w’'\-%]+")
NUMBER = re.compile(r"[\d.,]+%?")
WORDS_BREAK = re.compile(r"[,;:.()“”\"!?\n]")   # punctuation the words before or after a trigger stop at
OBJECT_WINDOW = 6  # syllables after a trigger where its object is looked for
PASSIVE_WINDOW = 6  # syllables before "được tổ chức" or "do … tổ chức" where the event is looked for
PURPOSE_WINDOW = 25  # characters after a trigger after "để" where its count or amount must start
EVENT_ABSORB_CHARS = 40  # an event noun this close after an accepted "tổ chức" is part of it
LEGAL_DATE_GAP = 25  # a date starting this close after a legal reference is the document's date
PHRASE_SYLLABLES = 6
ABSORBING = ("oversee", "dialogue")
NO_OBJECT = "no object"   # _accepted_action's answer for a trigger whose object is not of the right kind
JOINED = re.compile(r"\s*(?:,|và|hoặc)\s*")   # what joins two triggers of one act
LISTED = re.compile(r"[\s,]*(?:và|cùng)?[\s,]*")   # what joins two bodies of a list
DELEGATION = "delegation"   # a candidate actor that is a delegation named alone
DETERMINERS = frozenset({"các", "những", "mỗi"})   # words before a noun of people
PEOPLE_GLUE = frozenset({"và", "đã", "cũng", "đều"})   # words a people subject may hold besides its nouns
RATE = "mỗi"   # "mỗi căn được hỗ trợ …" states a rate
NOMINAL = "việc"   # "Việc vận động …" opening a clause names the act as a subject
REFERRING_LOOKBACK = 60  # organizations looked back at for a referring head ("Hội" → the last "Hội …")
REFERRING_DISTANCE = 5000  # … named at most this many characters before it


@dataclass(frozen=True)
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


class _Facts:
    """The other kinds' results, with their starts sorted: the facts of a span are found in O(log n)."""

    KINDS = ("organizations", "locations", "money", "counts", "dates", "legal_refs")

    def __init__(self, facts: dict):
        self.lists = {kind: facts.get(kind) or [] for kind in self.KINDS}
        self._sorted = {}
        for kind, items in self.lists.items():
            order = sorted(range(len(items)), key=lambda i: items[i]["start"])
            self._sorted[kind] = ([items[i]["start"] for i in order], order)
        self.location_by_name: dict[str, int] = {}
        for i, location in enumerate(self.lists["locations"]):
            self.location_by_name.setdefault(location.get("name"), i)

    def within(self, kind: str, start: int, end: int) -> list[int]:
        """Indices (into the kind's list) of the facts lying inside [start, end), in text order."""
        starts, order = self._sorted[kind]
        items = self.lists[kind]
        return [order[k] for k in range(bisect.bisect_left(starts, start), bisect.bisect_left(starts, end))
                if items[order[k]]["end"] <= end]

    def before(self, kind: str, position: int) -> list[int]:
        """Indices of the facts starting before *position*, nearest first (REFERRING_LOOKBACK of them at most,
        within REFERRING_DISTANCE characters)."""
        starts, order = self._sorted[kind]
        at = bisect.bisect_left(starts, position)
        first = max(bisect.bisect_left(starts, position - REFERRING_DISTANCE), at - REFERRING_LOOKBACK)
        return [order[k] for k in range(at - 1, first - 1, -1)]


@dataclass
class _Trigger:
    start: int
    end: int
    action: str
    passive: bool = False
    actor: int | None = None


def find_activities(text: str, facts: dict | None = None) -> list[Activity]:
    """Every activity of *text*; *facts* is ``extract(text)`` (computed when not given)."""
    text = nfc(text)
    if facts is None:
        from extractors import extract
        facts = extract(text)
    form = matching_form(text)
    patterns = activity_patterns()
    quoted = [(m.start(), m.end()) for m in QUOTES.finditer(form)]
    index = _Facts(facts)
    matches = list(matches_at(patterns.trigger, form, patterns.trigger_starts.starts(form)))
    match_starts = [m.start() for m in matches]
    activities: list[Activity] = []
    title_end = _title_end(form)
    for s_start, s_end in sentence_spans(text):
        if s_end <= title_end or bisect.bisect_left(match_starts, s_start) == bisect.bisect_left(match_starts, s_end):
            continue   # the title, or a sentence without a trigger word: nothing to report
        sentence_actor: int | None | _Pending = None
        sentence_last = bisect.bisect_left(match_starts, s_end)
        plan = patterns.plan_marker.search(form, s_start, s_end)
        plan_end = plan.end() if plan else s_end + 1   # a trigger after a plan marker reports no act
        for c_start, c_end in _clauses(form, s_start, s_end):
            first, last = bisect.bisect_left(match_starts, c_start), bisect.bisect_left(match_starts, c_end)
            if first == last == sentence_last:
                break   # no trigger word in this clause nor after it: nothing more to report in the sentence
            triggers = _triggers(form, matches[first:last], c_start, c_end, s_start, plan_end, quoted, index,
                                 patterns) if first < last else []
            sentence_actor = _resolve_actors(form, c_start, c_end, triggers, index, sentence_actor, patterns)
            links = _link_amounts(triggers, index, c_start, c_end)
            for i, trigger in enumerate(triggers):
                activities.append(_activity(text, form, trigger, links[i], index, (s_start, s_end),
                                            (c_start, c_end), triggers, i, patterns))
    return activities


# --- where ---------------------------------------------------------------------------------------------------
def _title_end(form: str) -> int:
    """The end of the title line (a first line, then a blank line, no full stop at its end), else 0."""
    first = form.find("\n")
    if first <= 0 or not form[first:first + 3].startswith(("\n\n", "\n\r\n")):
        return 0
    return 0 if form[:first].rstrip().endswith(".") else first


def _clauses(form: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, at = [], start
    for match in CLAUSE_END.finditer(form, start, end):
        spans.append((at, match.start()))
        at = match.end()
    spans.append((at, end))
    return [(s, e) for s, e in spans if form[s:e].strip()]


# --- triggers ------------------------------------------------------------------------------------------------
def _triggers(form: str, matches: list[re.Match], c_start: int, c_end: int, s_start: int, plan_end: int,
              quoted: list[tuple[int, int]], index: _Facts, patterns: ActivityPatterns) -> list[_Trigger]:
    found: list[_Trigger] = []
    rejected_ends: list[int] = []
    topic_from = _topic_start(form, c_start, c_end, index)
    for match in matches:
        start, end = match.span("trigger")
        if end > c_end:
            continue
        spec = patterns.triggers[" ".join(match.group("trigger").lower().split())]
        if start >= plan_end:
            continue
        action = _accepted_action(form, start, end, spec, s_start, quoted, rejected_ends, topic_from, index, patterns)
        if action is None or action == NO_OBJECT:
            if action is None:
                rejected_ends.append(end)   # a noun: a trigger listed right after it is one too
            continue
        passive = _before_words(form, start, 1, c_start) == ["được"]
        found.append(_Trigger(start, end, action, passive))
    return _absorb(form, found, patterns)


def _accepted_action(form: str, start: int, end: int, spec: Trigger, s_start: int, quoted, rejected_ends,
                     topic_from: list[tuple[int, int]], index: _Facts, patterns: ActivityPatterns) -> str | None:
    """The action *spec* reports at form[start:end], None when the rules of step 2 reject it as a noun, a name or
    a plan, NO_OBJECT when its object is not of the right kind."""
    inside = bisect.bisect_left(quoted, (start,)) - 1
    if inside >= 0 and quoted[inside][1] > start:
        return None
    if form.rfind("(", s_start, start) > form.rfind(")", s_start, start):
        return None   # a parenthesis explains a document or a name: "(hướng dẫn hỗ trợ phát triển hợp tác xã)"
    if form[start].isupper() and form[s_start:start].strip(" “\"(-–"):
        return None
    following = _after_words(form, end, OBJECT_WINDOW)
    after = following[:2]
    if after and (after[0] in spec.not_before or " ".join(after) in spec.not_before
                  or after[0] in patterns.not_before_any):
        return None
    if patterns.approval_before.search(form, max(s_start, start - 30), start):
        return None
    preceding = [w.lower() for w in _before_words(form, start, 4, s_start)]
    before = preceding[-2:]
    if before and (before[-1] in patterns.not_after or " ".join(before) in patterns.not_after) \
            and " ".join(before) not in patterns.not_after_lifted:
        return None
    if before and before[-1] in patterns.purpose_words and not _figure_follows(form, end, index):
        return None
    if before and before[-1] == "được" and RATE in preceding[:-1]:
        return None   # "mỗi căn được hỗ trợ 40 triệu đồng": a rate of the act before, not an act of its own
    if preceding == [NOMINAL]:
        return None   # "Việc vận động được thực hiện …": the act named as a subject, not reported
    if before and before[-1] == patterns.campaign_word and not (len(before) == 2 and _is_number(before[0])):
        return None
    if _joined_to_rejected(form, start, rejected_ends):
        return None
    if any(s <= start < e for s, e in topic_from):
        return None
    if spec.needs_object and not _object_fits(following, spec.needs_object, patterns) \
            and not (spec.action == "give" and _amount_follows(form, end, index, patterns)):
        if not (spec.words == "tổ chức" and _event_before(form, start, s_start, patterns)):
            return NO_OBJECT
    if spec.becomes_if_certificate and _object_fits(following, patterns.objects_lower["certificates"], patterns):
        return spec.becomes_if_certificate
    return spec.action


def _topic_start(form: str, c_start: int, c_end: int, index: _Facts) -> list[tuple[int, int]]:
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
    words = _before_words(form, start, 2 * PASSIVE_WINDOW + 2, s_start)
    marks = [i for i, w in enumerate(words) if w.lower() in ("được", "do")]
    if not marks:
        return False
    window = [w.lower() for w in words[max(0, marks[-1] - PASSIVE_WINDOW):marks[-1]]]
    events = patterns.objects_lower["event_objects"]
    return any(" ".join(window[i:i + size]) in events for i in range(len(window)) for size in (1, 2, 3, 4))


def _figure_follows(form: str, end: int, index: _Facts) -> bool:
    """A count or an amount of money starts within PURPOSE_WINDOW characters after a trigger, no punctuation between
    (a comma or a point inside a number is no break)."""
    for kind in ("counts", "money"):
        following = index.within(kind, end, end + PURPOSE_WINDOW + 60)
        if following and index.lists[kind][following[0]]["start"] < end + PURPOSE_WINDOW \
                and not re.search(r"[;:()]|[,.](?!\d)", form[end:index.lists[kind][following[0]]["start"]]):
            return True
    return False


def _amount_follows(form: str, end: int, index: _Facts, patterns: ActivityPatterns) -> bool:
    """ "cấp 150 triệu đồng": an amount of money right after the trigger (past qualifiers) is its object."""
    following = index.within("money", end, end + 40)
    if not following:
        return False
    between = SYLLABLE.findall(form[end:index.lists["money"][following[0]]["start"]])
    return not _skip_between(between, patterns) and not WORDS_BREAK.search(form, end, index.lists["money"][following[0]]["start"])


def _object_fits(following: list[str], objects: frozenset[str], patterns: ActivityPatterns) -> bool:
    """The first noun of the words *following* a trigger, past numbers, qualifiers and classifiers, starts with
    one of *objects*."""
    words = _skip_between(following, patterns)
    return not objects.isdisjoint(" ".join(words[:size]) for size in range(1, len(words) + 1))


def _absorb(form: str, found: list[_Trigger], patterns: ActivityPatterns) -> list[_Trigger]:
    """ "tổ chức 9 hội nghị phản biện" is the oversight; "tổ chức … tập huấn" is one event."""
    kept: list[_Trigger] = []
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


# --- actors --------------------------------------------------------------------------------------------------
class _Pending:
    """The subject of a clause without an act, found only if a later clause of its sentence needs it."""

    def __init__(self, form: str, span: tuple[int, int], index: _Facts, patterns: ActivityPatterns, previous):
        self.args, self.previous = (form, *span, index, patterns), previous

    def value(self) -> int | None:
        subject = _subject(*self.args)
        return subject if subject is not None else _actor_value(self.previous)


def _actor_value(actor: int | None | _Pending) -> int | None:
    return actor.value() if isinstance(actor, _Pending) else actor


def _resolve_actors(form: str, c_start: int, c_end: int, triggers: list[_Trigger], index: _Facts,
                    previous_actor: int | None | _Pending, patterns: ActivityPatterns) -> int | None | _Pending:
    """Set each trigger's actor (step 3); return the clause's subject for the clause after it."""
    if not triggers:
        return _Pending(form, (c_start, c_end), index, patterns, previous_actor)
    first_end = triggers[0].start
    subject = _subject(form, c_start, first_end, index, patterns)
    if subject is None and _subjectless(form, c_start, first_end, patterns):
        subject = previous_actor = _actor_value(previous_actor)
    actor = subject
    for i, trigger in enumerate(triggers):
        gap_start = triggers[i - 1].end if i else c_start
        if i > 0:
            comma = _list_comma(form, gap_start, trigger.start)
            newer = _first_actor(form, comma, trigger.start, index, patterns) if comma >= 0 else None
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


def _list_comma(form: str, start: int, end: int) -> int:
    """The first comma of form[start:end] that is not inside a number ("3,5 tỷ đồng"), or -1."""
    at = form.find(",", start, end)
    while at >= 0 and 0 < at < len(form) - 1 and form[at - 1].isdigit() and form[at + 1].isdigit():
        at = form.find(",", at + 1, end)
    return at


def _subject(form: str, start: int, end: int, index: _Facts, patterns: ActivityPatterns) -> int | None:
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


def _do_agent(form: str, start: int, end: int, index: _Facts) -> int | None:
    """ "Hội nghị do Ủy ban MTTQ tỉnh tổ chức": the organization named right after the last "do" of form[start:end],
    with nothing but spaces between its end and the trigger at *end*."""
    organizations = index.lists["organizations"]
    for i in reversed(index.within("organizations", start, end)):
        org = organizations[i]
        if form[org["end"]:end].strip():
            continue
        return i if re.search(r"(?<!\w)do\s+$", form[max(start, org["start"] - 8):org["start"]]) else None
    return None


def _sponsor(form: str, start: int, end: int, index: _Facts) -> int | None:
    """ "Với sự tài trợ của Công ty …, 5 căn nhà đã được xây mới": the organization right after a sponsor phrase."""
    patterns = activity_patterns()
    for match in patterns.sponsor.finditer(form, start, end):
        following = index.within("organizations", match.end(), end)
        if following and not form[match.end():index.lists["organizations"][following[0]]["start"]].strip():
            return following[0]
    return None


def _caused(form: str, start: int, end: int, index: _Facts, patterns: ActivityPatterns) -> tuple[bool, int | None]:
    """After the last causative verb of form[start:end] ("chỉ đạo", "giao", "phân công"), not opening its phrase:
    (True, the body named right after it) or (True, None) when people follow it; (False, None) otherwise."""
    last = None
    for match in patterns.causative.finditer(form, start, end):
        last = match
    if last is None or not form[max(start, form.rfind(",", start, last.start()) + 1):last.start()].strip():
        return False, None
    if _after_words(form, last.end(), 1) in (["của"], ["cho"]) or _before_words(form, last.start(), 1, start) == ["sự"]:
        return False, None
    following = index.within("organizations", last.end(), end)
    organizations = index.lists["organizations"]
    if following and not form[last.end():organizations[following[0]]["start"]].strip():
        return True, following[0]
    first = _after_words(form, last.end(), 1)
    if first and first[0] in patterns.people_subjects:
        return True, None
    return False, None


def _people_first(form: str, start: int, end: int, patterns: ActivityPatterns) -> bool:
    """form[start:end], with no punctuation, begins with a noun of people ("giáo dân", "các hộ", "nhân dân")."""
    if WORDS_BREAK.search(form, start, end):
        return False
    words = [w.lower() for w in SYLLABLE.findall(form[start:end])[:4]]
    if words and words[0] in DETERMINERS:
        words = words[1:]
    people = patterns.people_subjects | patterns.beneficiary_nouns
    return any(" ".join(words[:size]) in people - DETERMINERS for size in (1, 2, 3))


def _people_subject(form: str, start: int, end: int, index: _Facts, patterns: ActivityPatterns) -> bool:
    """A count of people right before the trigger, with only people nouns after it: its own subject
    ("tiếp nhận 7 tỷ đồng từ 1.650 tập thể, cá nhân, doanh nghiệp ủng hộ")."""
    counts = index.within("counts", start, end)
    if not counts:
        return False
    count = index.lists["counts"][counts[-1]]
    gap = form[count["end"]:end]
    if re.search(r"[;:.()]", gap) or gap.rstrip().endswith(","):
        return False   # "trao quà cho 30 phụ nữ, hỗ trợ 10 hộ": a comma right before the trigger goes back to the subject
    people = patterns.people_subjects | patterns.beneficiary_nouns
    gap_words = [w.lower() for w in SYLLABLE.findall(gap)]
    if "," in gap and _only_phrases([w.lower() for w in SYLLABLE.findall(gap.rsplit(",", 1)[1])], PEOPLE_GLUE):
        return False   # "Hội …, với 12.000 hội viên, đã vận động": the count stands in an apposition
    count_words = [w.lower() for w in SYLLABLE.findall(count["text"])]
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
        following = _after_words(form, match.end(), 1)
        if following and (_is_number(following[0]) or _skip_between(following, patterns) != following):
            continue
        if form[start:match.start()].strip():
            last = match.end()
    return last


def _first_actor(form: str, start: int, end: int, index: _Facts, patterns: ActivityPatterns) -> int | None:
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
        if _before_words(form, match.start(), 1, start) or any(s <= match.start() < e for s, e in taken):
            continue
        if form.startswith(patterns.not_referring_lower, match.start()):
            continue
        candidates.append((match.start(), match.end(), None, match.group(0)))
    for match in patterns.delegation.finditer(form, start, end):
        if not any(s <= match.start() < e for s, e in taken) and _after_words(form, match.end(), 1) != ["của"]:
            candidates.append((match.start(), match.end(), None, DELEGATION))
    candidates.sort()
    previous_partner = False  # the candidate before was a partner or beneficiary: one listed after it is too
    previous_end = start
    for k, (c_start, c_end, found, head) in enumerate(candidates):
        before = _before_words(form, c_start, 2, previous_end if previous_partner else start)
        if previous_partner and LISTED.fullmatch(form, previous_end, c_start):
            previous_end = c_end
            continue
        if before and before[-1] == "của":
            if _of_a_document(form, c_start, index, patterns) or _owner_before_subject(form, c_end, candidates[k + 1:], index):
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


def _of_a_document(form: str, position: int, index: _Facts, patterns: ActivityPatterns) -> bool:
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


def _owner_before_subject(form: str, position: int, later: list[tuple[int, int, int | None, str]], index: _Facts) -> bool:
    """ "Với sự hỗ trợ của Ngân hàng Chính sách xã hội, Hội Phụ nữ xã đã trao …": a body after "của" in a phrase
    a comma closes, with an organization after that comma, is the owner of a means; the one after acts."""
    comma = form.find(",", position)
    return comma >= 0 and any(c_start > comma and (found is not None or (head and _referred(head, c_start, index) is not None))
                              for c_start, _end, found, head in later)


def _follows_organization(form: str, position: int, taken: list[tuple[int, int]]) -> bool:
    """ "Công đoàn Công ty": a head right after a mention qualifies it."""
    return any(0 < position - e <= 2 and not form[e:position].strip() for _s, e in taken)


def _referred(head: str, position: int, index: _Facts) -> int | None:
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
    rest = " ".join(SYLLABLE.findall(form[start:end]))
    return not patterns.subjectless.sub(" ", rest).strip()


# --- amounts, place, date, phrases ---------------------------------------------------------------------------
def _link_amounts(triggers: list[_Trigger], index: _Facts, c_start: int, c_end: int) -> list[dict[str, list[int]]]:
    links = [{"money": [], "counts": []} for _ in triggers]
    if not triggers:
        return links
    organizations = index.lists["organizations"]
    names = [(organizations[i]["start"], organizations[i]["end"]) for i in index.within("organizations", c_start, c_end)]
    for kind in ("money", "counts"):
        for i in index.within(kind, c_start, c_end):
            fact = index.lists[kind][i]
            if any(s < fact["end"] and fact["start"] < e for s, e in names):
                continue
            links[_owner(triggers, fact["start"], fact["end"])][kind].append(i)
    return links


def _owner(triggers: list[_Trigger], start: int, end: int) -> int:
    for i, trigger in enumerate(triggers):
        if trigger.start < end and start < trigger.end:
            return i
    before = [i for i, trigger in enumerate(triggers) if trigger.end <= start]
    return before[-1] if before else 0


def _activity(text: str, form: str, trigger: _Trigger, links: dict, index: _Facts, sentence: tuple[int, int],
              clause: tuple[int, int], triggers: list[_Trigger], i: int, patterns: ActivityPatterns) -> Activity:
    scope_end = triggers[i + 1].start if i + 1 < len(triggers) else clause[1]
    obj, beneficiary = _phrases(form, trigger.end, scope_end, index, patterns)
    return Activity(
        text=text[trigger.start:trigger.end], start=trigger.start, end=trigger.end, action=trigger.action,
        sentence=text[sentence[0]:sentence[1]], actor=trigger.actor,
        place=_place(trigger, index, clause), date=_date(index, clause),
        money=tuple(links["money"]), counts=tuple(links["counts"]), object=obj, beneficiary=beneficiary,
    )


def _place(trigger: _Trigger, index: _Facts, clause: tuple[int, int]) -> int | None:
    locations = index.lists["locations"]
    inside = index.within("locations", clause[0], clause[1])
    if inside:
        return min(inside, key=lambda i: abs(locations[i]["start"] - trigger.start))
    if trigger.actor is None:
        return None
    locality = index.lists["organizations"][trigger.actor].get("locality")
    return index.location_by_name.get(locality) if locality else None


def _date(index: _Facts, clause: tuple[int, int]) -> str | None:
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


def _phrases(form: str, end: int, scope_end: int, index: _Facts, patterns: ActivityPatterns
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
    words = _skip_between(SYLLABLE.findall(form[start:stop.start() if stop else end]), patterns)[:PHRASE_SYLLABLES]
    return " ".join(words) if words else None


# --- words ---------------------------------------------------------------------------------------------------
def _before_words(form: str, position: int, count: int, floor: int) -> list[str]:
    """The last *count* syllables before *position* (not before *floor*, nor across punctuation)."""
    chunk = form[max(floor, position - 60):position]
    chunk = WORDS_BREAK.split(chunk)[-1]
    return SYLLABLE.findall(chunk)[-count:]


def _after_words(form: str, position: int, count: int) -> list[str]:
    """The first *count* syllables after *position*, lower case (not across punctuation)."""
    chunk = WORDS_BREAK.split(form[position:position + 60])[0]
    return [w.lower() for w in SYLLABLE.findall(chunk)[:count]]


def _skip_between(words: list[str], patterns: ActivityPatterns) -> list[str]:
    """*words* without the numbers, qualifiers and classifiers that open them ("hơn 300 lượt …" → "…")."""
    while words:
        if _is_number(words[0]):
            words = words[1:]
            continue
        lowered = tuple(w.lower() for w in words[:3])
        skip = next((size for size in BETWEEN_SIZES if lowered[:size] in patterns.between_words), 0)
        if not skip:
            return words
        words = words[skip:]
    return words


def _is_number(word: str) -> bool:
    return bool(NUMBER.fullmatch(word)) and any(c.isdigit() for c in word)
