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
   a plan marker comes before it in its sentence (``Thời gian tới``, ``sẽ``, ``phấn đấu``, ``cần``); it stands
   inside parentheses (``(hướng dẫn hỗ trợ …)``), after an opening ``Việc``, after ``để`` without a count or an
   amount right after it (``để hỗ trợ đào tạo``, but ``để xây dựng 2 kho``), or states a rate (``mỗi căn được
   hỗ trợ``); its object is not of the right kind when the data asks for one (``xây dựng`` + a building,
   ``tổ chức`` + a meeting or ceremony, ``cấp`` + a gift or an amount, ``ký`` + an agreement; ``tổ chức``
   after ``được``/``do`` with an event before it: ``Hội nghị do … tổ chức``). ``tổ chức`` holding an oversight
   or dialogue (``tổ chức 12 hội nghị đối thoại``) gives way to it; an event noun right after an accepted
   ``tổ chức`` is part of it, and so is a second trigger of the same action joined by ``,``/``và`` (``đối
   thoại, tiếp xúc cử tri``). ``tặng`` + a certificate (``Bằng khen``) is ``commend``.
3. **Actor.** The first organization in the clause before the trigger that is not a partner or a beneficiary
   (after ``với``, ``cho``, ``tham mưu`` …, or listed after one), or a bare head referring back (``Hội``,
   ``Công ty``: the last organization named with that head). A second trigger in a clause keeps the actor
   of the first unless a new organization follows a comma or stands right before it (``UBND xã hỗ trợ … và Hội
   Nông dân xã tặng …``). A clause with no subject of its own (``; tặng 2 chiếc xe đạp``) keeps the actor of the
   clause before it in the sentence. A passive (``được tài trợ``) has
   no actor unless it names one after ``được`` (``được Ủy ban nhân dân tỉnh tặng``); ``được`` before an amount
   (``vận động được 3 tỷ đồng``) is no passive. A body after ``của`` is the actor's own (``đoàn công tác của
   Ban Dân vận``) unless a document or a direction comes before it (``Kế hoạch của …``: its issuer), or it
   owns a means in an opening phrase that a comma closes before another organization (``Với sự hỗ trợ của
   Ngân hàng …, Hội Phụ nữ xã đã trao``). A delegation named alone (``Đoàn công tác đã trao``) acts for the
   last organization named before it. Then, in this order: opening phrases closed by a comma (``Nhân dịp …,``,
   ``Thực hiện …,``, ``Năm 2024,``, ``… cho biết,``) are passed when an actor is named after them; a head in lower
   case refers back only where a subject stands (``Năm 2024, giáo xứ đã vận động``); the body right after
   ``do`` before the trigger acts (``kinh phí do UBND huyện cấp``); a passive without an agent takes the sponsor
   of its clause (``Với sự tài trợ của Công ty …, 5 căn nhà được xây mới``); after a causative (``chỉ đạo``,
   ``giao``, ``phân công``, ``tham mưu``, ``lãnh đạo``) the body it names acts, or no body when people follow it;
   the people a mobilizing trigger names act themselves (``vận động giáo dân hiến đất``: no body), and so does a
   count of people right before the trigger (``từ 1.650 tập thể, cá nhân ủng hộ``). Otherwise null.
4. **Amounts.** Each money and count of the clause (not inside an organization's name) goes to the trigger
   it contains, else the nearest trigger before it in the clause, else the first one after it.
5. **Place, date, object, beneficiary.** The location of the clause nearest the trigger, else the place of
   the actor's locality; a day-precise date of the clause that no legal reference carries; the noun phrase
   after the trigger; the phrase after ``cho`` (or the object, when it names people).
"""

from __future__ import annotations

import bisect
import re

from extractors.activities.actors import Pending, resolve_actors
from extractors.activities.common import Facts
from extractors.activities.details import Activity, build_activity, link_amounts
from extractors.activities.triggers import find_triggers
from extractors.normalize import matching_form, nfc
from extractors.patterns.activities import activity_patterns
from extractors.prescan import in_lower_case, matches_at, written_at
from extractors.sentences import sentence_spans

CLAUSE_ENDS = (";", ":")   # the marks that cut a sentence into clauses
QUOTES = re.compile(r"“[^”\n]{0,400}”|\"[^\"\n]{0,400}\"")
OPENING_QUOTES = ("“", '"')   # where every match of QUOTES begins


def find_activities(text: str, facts: dict | None = None) -> list[Activity]:
    """Every activity of *text*; *facts* is ``extract(text)`` (computed when not given)."""
    text = nfc(text)
    if facts is None:
        from extractors import extract
        facts = extract(text)
    form = matching_form(text)
    patterns = activity_patterns()
    quoted = [(m.start(), m.end()) for m in matches_at(QUOTES, form, written_at(form, OPENING_QUOTES))]
    index = Facts(facts)
    matches = list(matches_at(patterns.trigger, form, patterns.trigger_starts.starts(form)))
    match_starts = [m.start() for m in matches]
    lower_case = in_lower_case(form)
    activities: list[Activity] = []
    title_end = _title_end(form)
    for s_start, s_end in sentence_spans(text):
        if s_end <= title_end or bisect.bisect_left(match_starts, s_start) == bisect.bisect_left(match_starts, s_end):
            continue   # the title, or a sentence without a trigger word: nothing to report
        sentence_actor: int | None | Pending = None
        sentence_last = bisect.bisect_left(match_starts, s_end)
        plan = _first_plan_marker(form, lower_case, s_start, s_end, patterns)
        plan_end = plan.end() if plan else s_end + 1   # a trigger after a plan marker reports no act
        for c_start, c_end in _clauses(form, s_start, s_end):
            first, last = bisect.bisect_left(match_starts, c_start), bisect.bisect_left(match_starts, c_end)
            if first == last == sentence_last:
                break   # no trigger word in this clause nor after it: nothing more to report in the sentence
            triggers = find_triggers(form, matches[first:last], c_start, c_end, s_start, plan_end, quoted, index,
                                 patterns) if first < last else []
            sentence_actor = resolve_actors(form, c_start, c_end, triggers, index, sentence_actor, patterns)
            links = link_amounts(triggers, index, c_start, c_end)
            for i, trigger in enumerate(triggers):
                activities.append(build_activity(text, form, trigger, links[i], index, (s_start, s_end),
                                            (c_start, c_end), triggers, i, patterns))
    return activities


def _first_plan_marker(form: str, lower_case: str | None, start: int, end: int, patterns) -> re.Match | None:
    """``patterns.plan_marker.search(form, start, end)`` (case-insensitive), found as the plan markers in lower case on
    *lower_case*, ``in_lower_case(form)``, where the engine skips to the letters they begin with; on *form* when
    *lower_case* is None (tests/test_activities.py checks every character the two may read apart)."""
    if lower_case is None:
        return patterns.plan_marker.search(form, start, end)
    return patterns.plan_marker_in_lower_case.search(lower_case, start, end)


def _title_end(form: str) -> int:
    """The end of the title line (a first line, then a blank line, no full stop at its end), else 0."""
    first = form.find("\n")
    if first <= 0 or not form[first:first + 3].startswith(("\n\n", "\n\r\n")):
        return 0
    return 0 if form[:first].rstrip().endswith(".") else first


def _clauses(form: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of the sentence form[start:end]: its pieces between the marks of CLAUSE_ENDS, blank ones left out
    (a sentence without one of them is one clause)."""
    if form.find(";", start, end) < 0 and form.find(":", start, end) < 0:   # no mark of CLAUSE_ENDS
        return [(start, end)] if form[start:end].strip() else []
    spans, at = [], start
    for mark in written_at(form, CLAUSE_ENDS, start, end):
        spans.append((at, mark))
        at = mark + 1
    spans.append((at, end))
    return [(s, e) for s, e in spans if form[s:e].strip()]
