"""Step 4 of reading legal references: the date, issuer and title written with each reference."""

from __future__ import annotations

import re

from extractors.dates import parse_date
from extractors.legal.common import Mention, date_fits, is_law_by_name, same_family
from extractors.normalize import word_key
from extractors.patterns.legal import (
    LIST_CONNECTOR,
    IssuerMatch,
    PAREN_TITLE,
    PLACE_WORD,
    PLACE_WORDS_LIMIT,
    PLAIN_TITLE,
    QUOTED_TITLE,
    SIGNING_VERB_BEFORE,
    STANDING_BODY,
    TERM,
    TITLE_TRAILING_CONNECTOR,
    TITLE_TRAILING_CONNECTOR_LONGEST,
    LegalPatterns,
)
from extractors.patterns.legal_dates import (
    CLAUSE_AFTER_DATE,
    CLAUSE_BOUNDARY,
    CLAUSE_ISSUING_DATE,
    DATE_AFTER_TITLE,
    DATE_BEFORE_REFERENCE,
    DATE_JUST_BEFORE,
    DAY_OF_ISSUING_AFTER,
    DOCUMENT_GOES_ON,
    ISSUE_DATE,
    PASSIVE_ISSUING_AFTER,
    SAME_CLAUSE_BEFORE,
    VERB_BEFORE_REFERENCE,
    YEAR_ALONE,
)

PLACE_STOP_WORDS = frozenset({"Về", "V/v", "Quy", "Ban", "Hướng", "Kế", "Nghị", "Quyết", "Chỉ", "Thông", "Kết"})
VERB_WINDOW = 16  # characters before a reference searched for the verb that issues it ("ký ban hành ")
TWO_DIGIT_YEAR_PIVOT = 50  # a two-digit year up to this is of the 2000s ("12/3/24"), above it of the 1900s ("98")
CLAUSE_WINDOW = 200  # characters before a reference searched for the date of the clause that issues it


# --- 4. date, issuer and title after a reference ------------------------------------------------------------
def read_tails(mentions: list[Mention], form: str, patterns: LegalPatterns) -> None:
    for index, mention in enumerate(mentions):
        limit = mentions[index + 1].start if index + 1 < len(mentions) else len(form)
        _read_tail(mention, form, patterns, limit)
        if mention.issued_on is None:
            _read_date_before(mention, form, mentions[index - 1] if index else None)
        if mention.issued_on is None and not mention.short_form:
            _read_date_later(mention, form, patterns, limit)
        if not mention.named_issuers and _is_joint(mention):
            _read_signing_bodies(mention, form, patterns, mentions[index - 1] if index else None)


def _read_tail(mention: Mention, form: str, patterns: LegalPatterns, limit: int) -> None:
    """Read the date, issuer and title written after *mention* (each at most once, in any order)."""
    position = mention.end
    read = set()
    if (year := YEAR_ALONE.match(form, position, limit)) and not is_law_by_name(mention):
        position = year.end()  # "Kế hoạch số 89-KH/HU năm 2023 của Huyện ủy": a year is no date; the issuer follows
    while len(read) < 3:
        if "date" not in read and (match := ISSUE_DATE.match(form, position, limit)):
            if _opens_clause(match, form, patterns, limit):
                break  # "…, ngày 12/3/2024, Ban Dân vận tổ chức …": the date is the next clause's
            issued_on = _issue_date(match["date"] or match["bare_date"], mention)
            if issued_on and date_fits(mention, issued_on):  # "04/2015/NĐ-CP" is of 2015, whatever follows
                mention.issued_on = issued_on
            position = mention.date_end = match.end()
            read.add("date")
            continue
        if "issuer" not in read and (match := _issuer_after(mention, form, patterns, position, limit)):
            match, between = match
            names, written, position = _issuer_list(match, form, patterns, limit, _is_joint(mention))
            mention.named_issuers = tuple(names)
            mention.issuer = None if between else written  # "giữa A và B": co-issuers; only "của" names an issuer
            read.add("issuer")
            continue
        if "title" not in read:
            match = QUOTED_TITLE.match(form, position, limit) or PAREN_TITLE.match(form, position, limit)
            if match:  # a date or issuer may follow a quoted or parenthesized title
                mention.title = without_trailing_connector(match["title"].strip(" ,"))
                position = match.end()
                read.add("title")
                continue
            match = PLAIN_TITLE.match(form, position, limit)
            if match:
                end = match.end()
                if "date" not in read and (cut := DATE_AFTER_TITLE.search(form, match.start("title"), end)):
                    end = cut.start()  # "về … được ban hành ngày 12/3/2024": the date (and issuer) follow the title
                mention.title = without_trailing_connector(form[match.start("title"):end].strip(" ,"))
                position = end
                read.add("title")
                continue  # a date may follow the title: "về … (ngày 12/3/2024)", "về … được ban hành ngày …"
        break
    mention.tail_end = position
    mention.closes_list = bool(read & {"issuer", "title"})


def without_trailing_connector(title: str) -> str:
    """``TITLE_TRAILING_CONNECTOR.sub("", title)``: the title without the connector it ends with. Every match of the
    pattern ends at the end of the title and is at most TITLE_TRAILING_CONNECTOR_LONGEST characters long, so the
    leftmost is found searching from there (its look-behind still reads the character before); the empty match at the
    end that ``sub`` may find after it removes nothing. A search from the start would try every character."""
    match = TITLE_TRAILING_CONNECTOR.search(title, max(0, len(title) - TITLE_TRAILING_CONNECTOR_LONGEST))
    return title if match is None else title[:match.start()]


def _issuer_after(mention: Mention, form: str, patterns: LegalPatterns, position: int,
                  limit: int) -> tuple[IssuerMatch, bool] | None:
    """The issuer read at *position* ("của …", "do …"), or a joint document's first co-issuer after "giữa"; and
    whether it was "giữa" (its bodies are then co-issuers only, ``issuer`` stays null)."""
    if match := patterns.issuer(form, position, limit):
        return match, False
    if _is_joint(mention) and (match := patterns.joint_issuer(form, position, limit)):
        return match, True
    return None


def _issue_date(written: str, mention: Mention) -> str | None:
    """The ISO date of a document's date as written: every form parse_date reads, any dash or a two-digit year
    (``12‐3‐2024``, ``12/3/24`` → 2024-03-12; ``98`` → 1998), no year when the number has one (``ngày 5/3`` of
    ``12/2024/QĐ-UBND`` → 2024-03-05)."""
    issued_on = parse_date(written)
    if issued_on is not None:
        return issued_on
    numbers = "".join(c if c.isdigit() else " " for c in written).split()
    if len(numbers) == 2 and mention.key_year is not None:
        numbers.append(str(mention.key_year))
    if len(numbers) != 3:
        return None
    day, month, year = numbers
    if len(year) == 2:
        year = f"{20 if int(year) <= TWO_DIGIT_YEAR_PIVOT else 19}{year}"
    return parse_date(f"{day}/{month}/{year}")


def _opens_clause(match: re.Match, form: str, patterns: LegalPatterns, limit: int) -> bool:
    """Whether a date read after a comma or a line break belongs to the clause it opens, not to the document: a
    capitalized word follows it after a comma ("…, ngày 12/3/2024, Ban Dân vận Huyện ủy tổ chức"), or it opens a
    line ("Ngày 12/3/2024, Ban …" after a line break); "…, ngày 3/10/2017, của Ban Bí thư" keeps its date."""
    lead = form[match.start():match.start("date") if match["date"] else match.start("bare_date")]
    if "(" in lead:
        return False  # "…\n(ban hành ngày 12/4/2022), Ủy ban …": a date in parentheses is the document's
    if "\n" in lead and "Ngày" in lead:
        return not patterns.issuer(form, match.end(), limit)
    if "," not in lead and "\n" not in lead:
        return False
    after = CLAUSE_AFTER_DATE.match(form, match.end(), limit)
    if after is None or not after["first"].isupper():
        return False
    if patterns.issuer(form, match.end(), limit) or QUOTED_TITLE.match(form, match.end(), limit) \
            or PLAIN_TITLE.match(form, match.end(), limit):
        return False
    named = patterns.next_issuer(form, match.end(), limit)
    if named is None:
        return True
    _, end = _issuer_name(named, form, patterns, limit)
    return not DOCUMENT_GOES_ON.match(form, end, limit)  # ", Bộ Chính trị (khóa XII) về …": the issuer, unmarked


def _read_date_before(mention: Mention, form: str, previous: Mention | None) -> None:
    """The date of the clause that issues a full reference, written before it (the subject is no issuer):
    "Ngày 12/3/2024, Ban Thường vụ Tỉnh ủy ban hành Chỉ thị số 15-CT/TU", "… và UBND tỉnh ban hành Kế hoạch số …"
    after such a reference, "Ngày 24/11/2023, Nghị quyết số 43-NQ/TW được ban hành". The text read stops at the
    reference before it."""
    if mention.short_form or (mention.symbol is None and not is_law_by_name(mention)):
        return
    start, floor = mention.start, max(previous.end, previous.date_end) if previous else 0  # not the date before's
    issued_on = None
    if VERB_BEFORE_REFERENCE.search(form, max(floor, start - VERB_WINDOW), start):
        if match := _day_of_issuing_after(mention, form):
            mention.issued_on = _issue_date(match["date"], mention)  # "ban hành Chỉ thị số 15-CT/TU vào ngày 12/3/2024"
            if mention.issued_on and not date_fits(mention, mention.issued_on):
                mention.issued_on = None
            return
        if match := DATE_BEFORE_REFERENCE.search(form, max(floor, start - CLAUSE_WINDOW), start):
            issued_on = _issue_date(match["date"] or match["inner_date"], mention)
        elif previous and previous.date_before and SAME_CLAUSE_BEFORE.match(form, previous.tail_end, start):
            issued_on = previous.issued_on
    elif (match := DATE_JUST_BEFORE.search(form, max(floor, start - VERB_WINDOW - 24), start)) and \
            PASSIVE_ISSUING_AFTER.match(form, mention.tail_end):
        issued_on = _issue_date(match["date"], mention)
    if issued_on and date_fits(mention, issued_on):
        mention.issued_on, mention.date_before = issued_on, True


def _read_date_later(mention: Mention, form: str, patterns: LegalPatterns, limit: int) -> None:
    """The day a reference was issued, written later than its tail: in its clause after a title without "về"
    ("Quyết định số 1845-QĐ/TU thành lập Ban Chỉ đạo … do đồng chí Bí thư Tỉnh ủy ký ngày 09/5/2024"), or in the next
    sentence or clause that names it by its kind or family ("… . Kế hoạch này được ban hành ngày 25/4/2024", "…;
    văn bản này ký ngày 14/5/2024", "Chương trình phối hợp số … . Chương trình được ký kết ngày …"). Another reference in
    between ends the search; an effect date ("có hiệu lực từ ngày") or a meeting's has no issuing verb."""
    end = CLAUSE_BOUNDARY.search(form, mention.tail_end, limit)
    clause_end = end.start() if end else limit
    if _holds_day_word(form, mention.tail_end, clause_end) and \
            (match := CLAUSE_ISSUING_DATE.search(form, mention.tail_end, clause_end)):
        _set_later_date(mention, match["date"])
        return
    if end is None or form[end.start()] not in ".;":
        return
    match = patterns.date_in_next_sentence.match(form, end.start(), limit)
    if match is None:
        return
    named = word_key(match["kind"])
    kind = patterns.kind_by_word.get(named)
    if named in patterns.any_kind_words or (kind is not None and same_family(kind.name, mention.doc_type)):
        _set_later_date(mention, match["date"])


def _holds_day_word(form: str, start: int, end: int) -> bool:
    """Whether "ngày" (any case) is written between *start* and *end*: a cheap test before a search."""
    return form.find("ngày", start, end) >= 0 or form.find("Ngày", start, end) >= 0 or \
        form.find("NGÀY", start, end) >= 0


def _set_later_date(mention: Mention, written: str) -> None:
    issued_on = _issue_date(written, mention)
    if issued_on and date_fits(mention, issued_on):
        mention.issued_on = issued_on


def _day_of_issuing_after(mention: Mention, form: str) -> re.Match | None:
    """"vào ngày …" right after a reference or its issuer; not after its title ("về tổ chức Ngày hội vào ngày
    18/11/2024": the day of the event the title names)."""
    if mention.title is None and mention.tail_end > mention.end:
        return DAY_OF_ISSUING_AFTER.match(form, mention.tail_end)
    return DAY_OF_ISSUING_AFTER.match(form, mention.end)


def _read_signing_bodies(mention: Mention, form: str, patterns: LegalPatterns, previous: Mention | None) -> None:
    """The co-issuers of a joint document that sign it, named as the subjects right before it: "Ban Dân vận Huyện ủy
    và Ủy ban MTTQ huyện ký kết Chương trình phối hợp số …" (two bodies at least, in its clause; no issuer), and
    those of the list it ends ("… ký kết Chương trình phối hợp số 01/… và Quy chế phối hợp số 02/…")."""
    if previous and previous.signed_before and LIST_CONNECTOR.match(form[previous.tail_end:mention.start]):
        mention.named_issuers, mention.signed_before = previous.named_issuers, True  # "ký kết Chương trình … và …"
        return
    floor = max(previous.end, previous.date_end) if previous else 0  # a title read up to here may hold them
    verb = SIGNING_VERB_BEFORE.search(form, max(floor, mention.start - VERB_WINDOW - 24), mention.start)
    if verb is None:
        return
    end = verb.start()
    clause = max(floor, end - CLAUSE_WINDOW)
    for stop in CLAUSE_BOUNDARY.finditer(form, clause, end):
        clause = stop.end()
    for at in _word_starts(form, clause, end):
        if (match := patterns.subject_issuer(form, at, end)) is None:
            continue
        names, _written, position = _issuer_list(match, form, patterns, end, joint=True)
        if position == end and len(names) > 1:
            mention.named_issuers, mention.signed_before = tuple(names), True
            return


def _word_starts(form: str, start: int, end: int) -> list[int]:
    """Where a capitalized word begins between *start* and *end* (a subject's first word)."""
    return [i for i in range(start, end) if form[i].isupper() and (i == 0 or not form[i - 1].isalnum())]


def _is_joint(mention: Mention) -> bool:
    """A document of several issuers: a joint kind (Thông tư liên tịch, Quy chế phối hợp, NQLT, TTLT, CTPH) or a
    symbol naming two."""
    return bool(mention.joint_kind or (mention.doc_type or "").endswith("liên tịch")
                or (mention.first_code or "").endswith(("LT", "PH")) or len(mention.code_issuers) > 1)


def _issuer_list(match: IssuerMatch, form: str, patterns: LegalPatterns, limit: int,
                 joint: bool) -> tuple[list[str], str, int]:
    """The issuer matched and, for a joint document, the co-issuers after it (", Chính phủ", " và Hội Nông dân …",
    " với Đảng ủy Khối …"): their names, the names written as one issuer with their connectors, and where the last
    ends."""
    name, position = _issuer_name(match, form, patterns, limit, joint)
    names, written = [name], name
    while joint and (match := patterns.next_issuer(form, position, limit)):
        name, position = _issuer_name(match, form, patterns, limit, joint)
        names.append(name)
        written += f" {match.joined.lower()} " if match.joined else (
            " và " if "và" in form[match.start:match.issuer_start] else ", ")
        written += name
    return names, written, position


def _issuer_name(match: IssuerMatch, form: str, patterns: LegalPatterns, limit: int,
                 joint: bool = False) -> tuple[str, int]:
    """The canonical name of the issuer matched, with its level, place and term; and where it ends. A co-issuer of a
    joint document keeps its standing body ("Ban Thường trực Ủy ban MTTQ tỉnh, Hội LHPN tỉnh"): the joint issuer is
    read as a whole."""
    issuer, suffix = patterns.issuer_by_phrase[word_key(match.issuer)]
    name = f"{issuer.name} {suffix}" if suffix else issuer.name
    if joint and (standing := STANDING_BODY.search(form, match.start, match.issuer_start)):
        name = f"{'Ban Thường trực' if standing['board'] else 'Thường trực'} {name}"
    position = match.end
    if issuer.place and (suffix or not issuer.levels) or suffix and issuer.committees:   # "Huyện ủy Sa Thầy"
        words = []
        while len(words) < PLACE_WORDS_LIMIT and (word := PLACE_WORD.match(form, position, limit)):
            if not word["word"][0].isupper() or word["word"] in PLACE_STOP_WORDS:
                break
            words.append(word["word"])
            position = word.end()
        if words:
            name = f"{name} {' '.join(words)}"
    if issuer.term:
        term = TERM.match(form, position, limit)
        if term:
            name = f"{name} (khóa {term['term']})"
            position = term.end()
    return name, position

