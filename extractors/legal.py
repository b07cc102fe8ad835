"""Legal references: every Party and State document a text cites, with its key, type, date, issuer and title.

How a text is read (patterns in extractors/patterns/legal.py, kinds and issuers in extractors/data/):

1. numbers with a symbol (``62-KL/TW``, ``121/2017/TT-BTC``), with the kind word written before them
   (``Kết luận``, ``Quyết định số``, ``QĐ số:``), or, without one, a symbol whose first part is a known kind
   (``KL``, ``TT``); a number whose symbol names no kind and has no kind word before it is not taken
   (so the footer's ``Giấy phép số: 10/GP-STTTT`` — a licence, not a document cited — is left out);
2. short forms: a kind word and a bare number (``Kết luận 62``, ``NQ 25``);
3. laws and codes by name and year (``Luật Mặt trận Tổ quốc Việt Nam năm 2015``, ``Hiến pháp năm 2013``), or by
   name alone (``Bộ luật Dân sự``: ``year`` null; a name of law_names.yaml is read whole, another name up to a
   word of ``law_name_stops``); Party resolutions cited without a number (``Nghị quyết Trung ương 5 khóa XII``
   → key ``NQ-TW5-XII``, ``Nghị quyết Đại hội XIII của Đảng`` → ``NQ-ĐH-XIII``);
4. after each reference: its date (``ngày 08 tháng 12 năm 2009``), issuer (``của Bộ Chính trị``) and title
   (``về …``, the quoted trích yếu or ``(về …)``), in any order, across a comma, a parenthesis or a line break;
   a joint document (``liên tịch``) reads every co-issuer (``của Bộ Tài chính và Bộ Nội vụ``); the items of a
   coordinated list
   (``217-QĐ/TW và 218-QĐ/TW ngày 12/12/2013 của Bộ Chính trị``) share the date and issuer that follow the list;
   a date opening the next clause (``…, ngày 12/3/2024, Ban Dân vận tổ chức …``) is not the document's; with no date
   after it, a reference takes the date of the clause that issues it (``Ngày 12/3/2024, Ban Thường vụ Tỉnh ủy ban
   hành Chỉ thị số 15-CT/TU``: the subject is no issuer);
5. a short form takes the key of a full reference of the same kind and number earlier in the text
   (``resolved_from: "short_form"``); one with no such reference keeps ``key: null`` and its number;
6. mentions of one document (same key) complete each other's date, issuer and title.

``issuer`` is only what the text names; the issuer a State symbol implies (``TT-BTC`` → Bộ Tài chính) is given
apart as ``symbol_issuer`` (``/TW`` implies none: the Central Committee, the Politburo and the Secretariat all
use it). ``issuers`` lists every issuer the text names (``["Bộ Tài chính", "Bộ Nội vụ"]``), or, when it names
none, those the symbol's codes name (``TTLT-BTC-BNV``). Extra keys beyond DESIGN.md §1: ``title``,
``symbol_issuer``, ``issuers``.

Speed: every pattern is bounded (no nested unbounded repeat) and the words before a number are read backwards
with one anchored match, so time grows with the text's length and the number of references found; benchmark
note: 5 MB of digits, slashes, dashes and kind words takes about the time of 5 MB of article text, and a text
that is nothing but references (one every 40 characters) about 2-3 times that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractors.dates import parse_date
from extractors.normalize import matching_form, nfc, word_key
from extractors.overlap import resolve_overlaps
from extractors.patterns.legal import (
    CLAUSE_AFTER_DATE,
    DATE_AFTER_TITLE,
    DATE_BEFORE_REFERENCE,
    DATE_JUST_BEFORE,
    DAY_OF_ISSUING_AFTER,
    DOCUMENT_GOES_ON,
    ISSUE_DATE,
    LIST_CONNECTOR,
    NUMBER_AND_SYMBOL,
    NUMBER_RUN,
    PAREN_TITLE,
    PASSIVE_ISSUING_AFTER,
    PLACE_WORD,
    PLACE_WORDS_LIMIT,
    PLAIN_TITLE,
    QUOTED_TITLE,
    SAME_CLAUSE_BEFORE,
    SYMBOL_PIECE,
    TERM,
    TITLE_TRAILING_CONNECTOR,
    VERB_BEFORE_REFERENCE,
    Kind,
    LegalPatterns,
    legal_patterns,
)
from extractors.prescan import LeadingRuns, matches_at
from extractors.results import Result

PREFIX_WINDOW = 100  # characters before a number searched for its kind word ("Luật Tố cáo số ")
LIST_GAP_LIMIT = 24  # longest connector between two items of a list (", và các ")
PLACE_STOP_WORDS = frozenset({"Về", "V/v", "Quy", "Ban", "Hướng", "Kế", "Nghị", "Quyết", "Chỉ", "Thông", "Kết"})
_NUMBER_RUNS = LeadingRuns(NUMBER_RUN)
LAW_NAME_WORDS_LIMIT = 8  # a law's name read word by word (not in law_names.yaml) is at most this long
VERB_WINDOW = 16  # characters before a reference searched for the verb that issues it ("ký ban hành ")
TWO_DIGIT_YEAR_PIVOT = 50  # a two-digit year up to this is of the 2000s ("12/3/24"), above it of the 1900s ("98")
CLAUSE_WINDOW = 200  # characters before a reference searched for the date of the clause that issues it


@dataclass(frozen=True)
class LegalRef(Result):
    """A document cited in the text (DESIGN.md §1 ``legal_refs``); ``title`` is the trích yếu when given."""

    doc_type: str | None
    number: str | None
    year: int | None
    symbol: str | None
    key: str | None
    issued_on: str | None
    issuer: str | None
    name: str | None
    resolved_from: str | None
    title: str | None = None
    symbol_issuer: str | None = None  # the issuer the symbol's codes name (TT-BTC → Bộ Tài chính), if any
    issuers: tuple[str, ...] = ()  # every issuer named (joint documents: each co-issuer), else the symbol's

    def as_dict(self) -> dict:
        return {**super().as_dict(), "issuers": list(self.issuers)}


@dataclass
class _Mention:
    """A reference while it is being read (mutable); frozen into a LegalRef at the end."""

    start: int
    end: int
    doc_type: str | None
    number: str | None = None
    symbol: str | None = None
    key: str | None = None
    key_year: int | None = None
    name: str | None = None
    law_year: int | None = None
    code_issuer: str | None = None
    code_issuers: tuple[str, ...] = ()
    first_code: str | None = None
    kind_from_word: bool = False
    short_form: bool = False
    issued_on: str | None = None
    issuer: str | None = None
    named_issuers: tuple[str, ...] = ()
    title: str | None = None
    resolved_from: str | None = None
    tail_end: int = 0
    party: bool = False  # a Party-style number and symbol (62-KL/TW)
    closes_list: bool = False  # an issuer or title of its own follows it: no list goes on past it
    date_before: bool = False  # its date is the one of the clause that issues it ("Ngày 12/3/2024, … ban hành")
    date_from_list: bool = False  # its date is the one written after the list it stands in


def find_legal_refs(text: str, *, earlier: dict | None = None) -> list[LegalRef]:
    """Every legal reference of *text*, in text order, with offsets into ``nfc(text)``.

    *earlier* (kept by the caller across calls) holds the full references of texts read before, for short
    forms to resolve against; the full references of *text* are added to it.
    """
    text = nfc(text)
    form = matching_form(text)
    patterns = legal_patterns()
    laws = _laws_by_name(form, patterns)
    candidates = [*_numbered(form, patterns), *_short_forms(form, patterns), *laws,
                  *_laws_without_year(form, patterns, laws), *_unnumbered_resolutions(form, patterns)]
    mentions = resolve_overlaps(candidates)
    _read_tails(mentions, form, patterns)
    _share_list_fields(mentions, form)
    _resolve_short_forms(mentions, {} if earlier is None else earlier)
    _share_document_fields(mentions)
    return [_freeze(mention, text) for mention in mentions]


# --- 1. numbers with a symbol ----------------------------------------------------------------------------------
def _numbered(form: str, patterns: LegalPatterns) -> list[_Mention]:
    found = []
    for match in matches_at(NUMBER_AND_SYMBOL, form, _NUMBER_RUNS.starts(form)):
        mention = _numbered_mention(match, form, patterns)
        if mention is not None:
            found.append(mention)
    return found


@dataclass(frozen=True)
class _Symbol:
    """What a symbol as written says: its normalized spelling, its first code, the kind and issuer it names."""

    spelling: str
    first_code: str
    kind: Kind | None
    issuers: tuple[str, ...]

    @property
    def issuer(self) -> str | None:
        return " - ".join(self.issuers) if self.issuers else None


@lru_cache(maxsize=4096)
def _read_symbol(symbol_text: str, patterns: LegalPatterns) -> _Symbol:
    """Read a symbol as written (``QĐ - ubnd``): codes in their official spelling, separators unified."""
    codes, spelling = [], []
    for piece in SYMBOL_PIECE.finditer(symbol_text):
        code = piece["code"]
        code = patterns.code_spelling.get(code.upper(), code.upper() if code.islower() else code)
        separator = "/" if piece["separator"] == "/" else ("-" if piece["separator"] else "")
        codes.append(code)
        spelling.append(separator + code)
    first = codes[0]
    kind = patterns.kind_by_code.get(first) or patterns.kind_by_code.get(_without_term_number(first))
    return _Symbol("".join(spelling), first, kind, _issuers_from_codes(codes, patterns))


def _may_follow_words(form: str, position: int) -> bool:
    """Whether a kind word may end just before *position*: the last character before it, spaces aside,
    is a letter or the colon of "số:" (a quick test that spares reading backwards after ", " or a digit)."""
    index = position - 1
    while index >= 0 and form[index] in " \r\n" and position - index <= 6:
        index -= 1
    return index >= 0 and (form[index].isalpha() or form[index] == ":")


def _without_term_number(code: str) -> str:
    """QH14 → QH, UBTVQH13 → UBTVQH: the code without the term number some symbols carry."""
    return code.rstrip("0123456789") or code


def _numbered_mention(match: re.Match, form: str, patterns: LegalPatterns) -> _Mention | None:
    number = match["number"]
    party = match["party_symbol"] is not None
    symbol = _read_symbol(match["party_symbol"] if party else match["state_symbol"], patterns)
    year = int(match["year"]) if match["year"] else None
    if party:
        key = f"{number}-{symbol.spelling}"
    else:
        key = f"{number}/{year}/{symbol.spelling}" if year else f"{number}/{symbol.spelling}"

    start, kind_word, name, prefix_length = match.start(), None, None, 0
    if _may_follow_words(form, match.start()):
        before = form[max(0, match.start() - PREFIX_WINDOW):match.start()][::-1]
        prefix = patterns.named_kind_before_number.match(before)
        if prefix is not None and patterns.not_in_law_name.search(prefix["name"][::-1]):
            prefix = None  # "Luật Đất đai quy định Quyết định số 12/QĐ-UBND": the kind is Quyết định
        if prefix is not None:
            kind_word = prefix["kind"][::-1]
            name = " ".join(f"{kind_word} {prefix['name'][::-1]}".split())
        else:
            prefix = patterns.kind_before_number.match(before)
            if prefix is not None and prefix["kind"]:
                kind_word = prefix["kind"][::-1]
        if kind_word is not None:
            prefix_length = prefix.end()
    if kind_word is not None:
        start = match.start() - prefix_length
        kind = patterns.kind_by_word.get(word_key(kind_word))
    else:
        kind = symbol.kind
        if kind is None:
            return None  # no kind word and no kind in the symbol: a licence, a form number, not a document cited
    return _Mention(
        start=start,
        end=match.end(),
        doc_type=kind.name if kind else None,
        number=number,
        symbol=symbol.spelling,
        key=key,
        key_year=year,
        name=name,
        code_issuer=symbol.issuer,
        code_issuers=symbol.issuers,
        first_code=symbol.first_code,
        party=party,
        kind_from_word=kind_word is not None,
    )


def _issuers_from_codes(codes: list[str], patterns: LegalPatterns) -> tuple[str, ...]:
    """The issuers a symbol names (TTLT-BTC-BNV → Bộ Tài chính, Bộ Nội vụ); none for an ambiguous code (TW)."""
    names = []
    for code in codes:
        issuer = patterns.issuer_by_code.get(code) or patterns.issuer_by_code.get(_without_term_number(code))
        if issuer and issuer not in names:
            names.append(issuer)
    return tuple(names)


# --- 2. short forms ------------------------------------------------------------------------------------------
def _short_forms(form: str, patterns: LegalPatterns) -> list[_Mention]:
    found = []
    for match in patterns.short_form.finditer(form):
        start = match.start()
        if start > 0 and form[start - 1].isalpha():
            continue
        kind_word = match["kind"]
        kind = patterns.kind_by_word.get(word_key(kind_word))
        if kind is None:
            continue
        if not (kind_word[0].isupper() or match["number_word"]):
            continue  # "ra quyết định 3 lần": a lowercase kind word needs "số" to be a citation
        if patterns.counted_after_number.match(form, match.end()):
            continue  # "Hướng dẫn 12 hộ gia đình": the number counts households
        found.append(
            _Mention(start=start, end=match.end(), doc_type=kind.name, number=match["number"], short_form=True,
                     kind_from_word=True)
        )
    return found


# --- 3. laws and codes by name -------------------------------------------------------------------------------
def _laws_by_name(form: str, patterns: LegalPatterns) -> list[_Mention]:
    found = []
    position = 0
    while (match := patterns.law_by_name.search(form, position)) is not None:
        mention = _law_mention(match, form, patterns)
        if mention is None:
            position = match.start() + 1  # a later kind word inside the rejected span may still start a law
            continue
        found.append(mention)
        position = match.end()
    return found


def _law_mention(match: re.Match, form: str, patterns: LegalPatterns) -> _Mention | None:
    start = match.start()
    if start > 0 and form[start - 1].isalpha():
        return None
    kind = patterns.kind_by_word.get(word_key(match["kind"]))
    if kind is None:
        return None
    words = match["name"].replace(",", " , ").split()
    if any(word in patterns.law_kind_words for word in words):
        return None  # "Luật Tố cáo và Luật Đất đai năm 2024": the year is the second law's
    if kind.name == "Hiến pháp":
        name = kind.name
    else:
        if not words or not words[0][0].isupper():
            return None  # "Luật" is a law's name only when its own name follows, capitalized
        if patterns.not_in_law_name.search(match["name"]):
            return None  # "Luật Tố cáo được Quốc hội thông qua năm 2018": the year is not the name's
        if any(before == "," and after[0].isupper() for before, after in zip(words, words[1:])):
            return None  # "Luật Ngân sách nhà nước, Luật Đầu tư công năm 2019": two laws, the second is read alone
        name = " ".join([match["kind"], *words]).replace(" , ", ", ")
    return _Mention(start=start, end=match.end(), doc_type=kind.name, name=name, law_year=int(match["year"]),
                    kind_from_word=True)


def _laws_without_year(form: str, patterns: LegalPatterns, with_year: list[_Mention]) -> list[_Mention]:
    """Laws and codes cited by name alone (``Bộ luật Dân sự``, ``Luật Đất đai``): ``year`` null."""
    taken = {mention.start for mention in with_year}
    found = []
    for match in patterns.law_kind.finditer(form):
        start = match.start()
        if start in taken or _word_before(form, start) in patterns.not_before_law:
            continue
        kind = patterns.kind_by_word.get(word_key(match["kind"]))
        if kind is None:
            continue
        if kind.name == "Hiến pháp":
            name, end = kind.name, match.end()
        elif known := patterns.known_law_name.match(form, start):
            name, end = patterns.law_name_by_key[word_key(known["name"])], known.end()
        else:
            name, end = _read_law_name(match, form, patterns)
            if name is None:
                continue
        found.append(_Mention(start=start, end=end, doc_type=kind.name, name=name, kind_from_word=True))
    return found


def _word_before(form: str, position: int) -> str:
    """The word that ends just before *position* (one space between), or ""."""
    end = position - 1
    if end < 1 or form[end] != " ":
        return ""
    begin = end
    while begin > 0 and form[begin - 1].isalpha():
        begin -= 1
    return form[begin:end]


def _read_law_name(match: re.Match, form: str, patterns: LegalPatterns) -> tuple[str | None, int]:
    """A name not in law_names.yaml: capitalized first word, then words up to a stop word or punctuation."""
    words, position = [], match.end()
    while len(words) < LAW_NAME_WORDS_LIMIT and (word := patterns.law_name_word.match(form, position)):
        text = word["word"]
        following = patterns.law_name_word.match(form, word.end())
        pair = word_key(f"{text} {following['word']}") if following else ""
        if word_key(text) in patterns.law_name_stops or pair in patterns.law_name_stops:
            break
        if text in patterns.law_kind_words:
            break
        words.append(text)
        position = word.end()
    if not words or not words[0][0].isupper():
        return None, position  # "Luật sư", "Luật có hiệu lực": no name follows
    return " ".join([" ".join(match["kind"].split()), *words]), position


def _unnumbered_resolutions(form: str, patterns: LegalPatterns) -> list[_Mention]:
    """Party resolutions cited without a number, keyed by plenum and term or by congress."""
    found = []
    for match in patterns.unnumbered_resolution.finditer(form):
        if match.start() > 0 and form[match.start() - 1].isalpha():
            continue
        if match["congress"]:
            key = patterns.resolution_keys["congress_key"].format(term=match["congress"].upper())
        else:
            plenum = match["plenum"] or match["plenum_of"]
            value = int(plenum) if plenum.isdigit() else patterns.ordinal_value.get(word_key(plenum))
            if not value:
                continue
            key = patterns.resolution_keys["plenum_key"].format(plenum=value, term=match["term"].upper())
        end = match.start("of_party") if match["of_party"] else match.end()
        found.append(_Mention(start=match.start(), end=end, doc_type="Nghị quyết", key=key, kind_from_word=True,
                              party=True, issuer="Đảng" if match["of_party"] else None,
                              named_issuers=("Đảng",) if match["of_party"] else ()))
    return found


# --- 4. date, issuer and title after a reference; coordinated lists --------------------------------------------
def _read_tails(mentions: list[_Mention], form: str, patterns: LegalPatterns) -> None:
    for index, mention in enumerate(mentions):
        limit = mentions[index + 1].start if index + 1 < len(mentions) else len(form)
        _read_tail(mention, form, patterns, limit)
        if mention.issued_on is None:
            _read_date_before(mention, form, mentions[index - 1] if index else None)


def _read_tail(mention: _Mention, form: str, patterns: LegalPatterns, limit: int) -> None:
    """Read the date, issuer and title written after *mention* (each at most once, in any order)."""
    position = mention.end
    read = set()
    while len(read) < 3:
        if "date" not in read and (match := ISSUE_DATE.match(form, position, limit)):
            if _opens_clause(match, form, patterns, limit):
                break  # "…, ngày 12/3/2024, Ban Dân vận tổ chức …": the date is the next clause's
            issued_on = _issue_date(match["date"] or match["bare_date"], mention)
            if issued_on and _date_fits(mention, issued_on):  # "04/2015/NĐ-CP" is of 2015, whatever follows
                mention.issued_on = issued_on
            position = match.end()
            read.add("date")
            continue
        if "issuer" not in read and (match := patterns.issuer.match(form, position, limit)):
            name, position = _issuer_name(match, form, patterns, limit)
            names, written = [name], name
            while _is_joint(mention) and (match := patterns.next_issuer.match(form, position, limit)):
                name, position = _issuer_name(match, form, patterns, limit)
                names.append(name)
                written += (" và " if "và" in match[0][:match.start("issuer") - match.start()] else ", ") + name
            mention.named_issuers, mention.issuer = tuple(names), written
            read.add("issuer")
            continue
        if "title" not in read:
            match = QUOTED_TITLE.match(form, position, limit) or PAREN_TITLE.match(form, position, limit)
            if match:  # a date or issuer may follow a quoted or parenthesized title
                mention.title = TITLE_TRAILING_CONNECTOR.sub("", match["title"].strip(" ,"))
                position = match.end()
                read.add("title")
                continue
            match = PLAIN_TITLE.match(form, position, limit)
            if match:
                end = match.end()
                if "date" not in read and (cut := DATE_AFTER_TITLE.search(form, match.start("title"), end)):
                    end = cut.start()  # "về … được ban hành ngày 12/3/2024": the date (and issuer) follow the title
                mention.title = TITLE_TRAILING_CONNECTOR.sub("", form[match.start("title"):end].strip(" ,"))
                position = end
                read.add("title")
                continue  # a date may follow the title: "về … (ngày 12/3/2024)", "về … được ban hành ngày …"
        break
    mention.tail_end = position
    mention.closes_list = bool(read & {"issuer", "title"})


def _issue_date(written: str, mention: _Mention) -> str | None:
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
    if "\n" in lead and "Ngày" in lead:
        return not patterns.issuer.match(form, match.end(), limit)
    if "," not in lead and "\n" not in lead:
        return False
    after = CLAUSE_AFTER_DATE.match(form, match.end(), limit)
    if after is None or not after["first"].isupper():
        return False
    if patterns.issuer.match(form, match.end(), limit) or QUOTED_TITLE.match(form, match.end(), limit) \
            or PLAIN_TITLE.match(form, match.end(), limit):
        return False
    named = patterns.next_issuer.match(form, match.end(), limit)
    if named is None:
        return True
    _, end = _issuer_name(named, form, patterns, limit)
    return not DOCUMENT_GOES_ON.match(form, end, limit)  # ", Bộ Chính trị (khóa XII) về …": the issuer, unmarked


def _read_date_before(mention: _Mention, form: str, previous: _Mention | None) -> None:
    """The date of the clause that issues a full reference, written before it (the subject is no issuer):
    "Ngày 12/3/2024, Ban Thường vụ Tỉnh ủy ban hành Chỉ thị số 15-CT/TU", "… và UBND tỉnh ban hành Kế hoạch số …"
    after such a reference, "Ngày 24/11/2023, Nghị quyết số 43-NQ/TW được ban hành". The text read stops at the
    reference before it."""
    if mention.short_form or (mention.symbol is None and not _is_law_by_name(mention)):
        return
    start, floor = mention.start, previous.end if previous else 0
    issued_on = None
    if VERB_BEFORE_REFERENCE.search(form, max(floor, start - VERB_WINDOW), start):
        if match := _day_of_issuing_after(mention, form):
            mention.issued_on = _issue_date(match["date"], mention)  # "ban hành Chỉ thị số 15-CT/TU vào ngày 12/3/2024"
            if mention.issued_on and not _date_fits(mention, mention.issued_on):
                mention.issued_on = None
            return
        if match := DATE_BEFORE_REFERENCE.search(form, max(floor, start - CLAUSE_WINDOW), start):
            issued_on = _issue_date(match["date"] or match["inner_date"], mention)
        elif previous and previous.date_before and SAME_CLAUSE_BEFORE.match(form, previous.tail_end, start):
            issued_on = previous.issued_on
    elif (match := DATE_JUST_BEFORE.search(form, max(floor, start - VERB_WINDOW - 24), start)) and \
            PASSIVE_ISSUING_AFTER.match(form, mention.tail_end):
        issued_on = _issue_date(match["date"], mention)
    if issued_on and _date_fits(mention, issued_on):
        mention.issued_on, mention.date_before = issued_on, True


def _day_of_issuing_after(mention: _Mention, form: str) -> re.Match | None:
    """"vào ngày …" right after a reference or its issuer; not after its title ("về tổ chức Ngày hội vào ngày
    18/11/2024": the day of the event the title names)."""
    if mention.title is None and mention.tail_end > mention.end:
        return DAY_OF_ISSUING_AFTER.match(form, mention.tail_end)
    return DAY_OF_ISSUING_AFTER.match(form, mention.end)


def _is_joint(mention: _Mention) -> bool:
    """A document of several issuers: a joint kind (Thông tư liên tịch, NQLT, TTLT, CTPH) or a symbol naming two."""
    return bool((mention.doc_type or "").endswith("liên tịch") or (mention.first_code or "").endswith(("LT", "PH"))
                or len(mention.code_issuers) > 1)


def _issuer_name(match: re.Match, form: str, patterns: LegalPatterns, limit: int) -> tuple[str, int]:
    """The canonical name of the issuer matched, with its level, place and term; and where it ends."""
    issuer, suffix = patterns.issuer_by_phrase[word_key(match["issuer"])]
    name = f"{issuer.name} {suffix}" if suffix else issuer.name
    position = match.end()
    if issuer.place and (suffix or not issuer.levels):
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


def _share_list_fields(mentions: list[_Mention], form: str) -> None:
    """Items of a coordinated list take the date and issuer written after its last item."""
    index = 0
    while index < len(mentions):
        last = index
        while last + 1 < len(mentions) and _continues_list(mentions[last], mentions[last + 1], form):
            last += 1
        if last > index:
            shared = mentions[last]
            for item in mentions[index:last]:
                if not _same_family(item, shared):
                    continue
                if item.issued_on is None and shared.issued_on and _date_fits(item, shared.issued_on):
                    item.issued_on, item.date_from_list = shared.issued_on, True
                if item.issuer is None and shared.issuer:
                    item.issuer, item.named_issuers = shared.issuer, shared.named_issuers
            first = mentions[index]
            if first.date_before:  # "Ngày 12/3/2024, … ban hành Kế hoạch số 20-KH/TU và Kế hoạch số 21-KH/TU"
                for before, item in zip(mentions[index:last], mentions[index + 1:last + 1]):
                    if ";" in form[before.tail_end:item.start]:
                        break  # "…; Kế hoạch số 21-KH/TU được thực hiện …": a new clause
                    if item.issued_on is None and _same_family(item, first) and _date_fits(item, first.issued_on):
                        item.issued_on, item.date_from_list = first.issued_on, True
            for before, item in zip(mentions[index:last], mentions[index + 1:last + 1]):
                if not item.kind_from_word and before.first_code == item.first_code and before.doc_type:
                    item.doc_type = before.doc_type  # "Quy định số 123-QĐ/TW và 124-QĐ/TW": both Quy định
        index = last + 1


def _continues_list(item: _Mention, following: _Mention, form: str) -> bool:
    """Whether *following* is the next item of a list that *item* belongs to: only a connector lies between
    them, and *item* has no issuer or title of its own (a date of its own is allowed:
    "Kết luận 62-KL/TW ngày 08/12/2009 và Kết luận 120-KL/TW ngày 07/01/2016 của Bộ Chính trị")."""
    if _is_named(item) or _is_named(following):
        return False  # laws by name carry their own year; a resolution named by its plenum or congress, its issuer
    if item.closes_list or following.start - item.tail_end > LIST_GAP_LIMIT:
        return False
    return LIST_CONNECTOR.match(form[item.tail_end:following.start]) is not None


def _is_law_by_name(mention: _Mention) -> bool:
    return mention.name is not None and mention.key is None


def _is_named(mention: _Mention) -> bool:
    """A law by name, or a Party resolution cited without a number (NQ-TW5-XII): neither shares a list's fields."""
    return _is_law_by_name(mention) or (mention.number is None and mention.key is not None and mention.symbol is None)


def _same_family(item: _Mention, last: _Mention) -> bool:
    """Whether two items of a list may share a date and issuer: both Party documents (62-KL/TW), or State
    documents whose symbols name the same issuer; a short form goes with anything."""
    if item.symbol is None or last.symbol is None:
        return True
    if item.party != last.party:
        return False
    return item.party or item.code_issuer == last.code_issuer


def _date_fits(mention: _Mention, issued_on: str) -> bool:
    """Whether a date may be the document's: the year of its number (121/2017/TT-BTC) or of its name (Luật … năm
    2022), when written, is the date's year."""
    year = mention.key_year if mention.key_year is not None else mention.law_year
    return year is None or str(year) == issued_on[:4]


# --- 5. short forms resolved; fields of one document shared by its mentions ------------------------------------
def _number_value(number: str | None) -> int | None:
    return int(number) if number and number.isdigit() else None


def _resolve_short_forms(mentions: list[_Mention], earlier: dict[tuple[str, int], _Mention]) -> None:
    for mention in mentions:
        if mention.key is not None:
            earlier.setdefault((mention.doc_type, _number_value(mention.number)), mention)
            continue
        if not mention.short_form:
            continue
        full = earlier.get((mention.doc_type, _number_value(mention.number)))
        if full is None:
            continue
        mention.key, mention.symbol, mention.key_year = full.key, full.symbol, full.key_year
        mention.resolved_from = "short_form"
        mention.code_issuer, mention.code_issuers = full.code_issuer, full.code_issuers


def _share_document_fields(mentions: list[_Mention]) -> None:
    """Mentions of the same document (same key, or the same number and codes written in either style: ``120-KH/HU``
    and ``120/KH-HU``, ``59/2023/NĐ-CP`` and ``59/NĐ-CP``) complete each other's date, issuer and title."""
    by_key: dict[object, list[_Mention]] = {}
    for mention in mentions:
        if mention.key is not None or _is_law_by_name(mention):
            by_key.setdefault(_document_identity(mention), []).append(mention)
    _lend_from_short_forms_before(mentions, by_key)
    for same in by_key.values():
        _share_document_date(same)
        for field in ("issuer", "named_issuers", "title"):
            known = next((getattr(m, field) for m in same if getattr(m, field)), None)
            for mention in same:
                if getattr(mention, field) is None and known is not None:
                    setattr(mention, field, known)


def _lend_from_short_forms_before(mentions: list[_Mention], by_key: dict[object, list[_Mention]]) -> None:
    """A short form written before its full reference (a heading's "Quán triệt Kết luận 120 ngày 7/1/2016 của Bộ
    Chính trị" above "Kết luận số 120-KL/TW") gives the document the date and issuer written with it."""
    lenders = [m for m in mentions if m.short_form and m.key is None and (m.issued_on or m.issuer)]
    for lender in lenders:
        value = _number_value(lender.number)
        same = next((group for group in by_key.values() if group[0].short_form is False
                     and group[0].doc_type == lender.doc_type and _number_value(group[0].number) == value), None)
        if same is None:
            continue
        for mention in same:
            if mention.issued_on is None and lender.issued_on and _date_fits(mention, lender.issued_on):
                mention.issued_on, mention.date_from_list = lender.issued_on, True  # written, but not with the key
            if mention.issuer is None and lender.issuer:
                mention.issuer, mention.named_issuers = lender.issuer, lender.named_issuers


def _share_document_date(same: list[_Mention]) -> None:
    """One date for every mention of a document: a date written with it wins over a clause's or a list's, and of
    two written dates of a Party document the earlier (a document comes before the meetings that carry it out:
    "Sơ kết 5 năm thực hiện Chỉ thị số 15-CT/TU ngày 12/3/2024" beside "Chỉ thị số 15-CT/TU ngày 12/3/2019 của …")."""
    written = [m.issued_on for m in same if m.issued_on and not _borrowed_date(m)]
    known = min(written) if written else next((m.issued_on for m in same if m.issued_on), None)
    if known is None:
        return
    for mention in same:
        if mention.issued_on is not None and not _borrowed_date(mention) and not mention.party:
            continue  # a State number is reused year after year (01/KH-UBND): its own date stays
        if mention.issued_on != known and _date_fits(mention, known):
            mention.issued_on = known


def _document_identity(mention: _Mention) -> object:
    """What tells one document from another: its number and the codes of its symbol (a year written in one mention
    and not in another, ``59/2023/NĐ-CP`` and ``59/NĐ-CP``, is checked by _date_fits when a date is shared); its key
    when it has no number and symbol (``NQ-TW5-XII``); a law's name when it is cited by name."""
    if _is_law_by_name(mention):
        return "law", word_key(mention.name)
    if mention.number is None or mention.symbol is None:
        return mention.key
    return _number_value(mention.number), tuple(mention.symbol.replace("-", "/").split("/"))


def _borrowed_date(mention: _Mention) -> bool:
    """Whether a mention's date is not written with it: the date of the clause issuing it, or of its list."""
    return mention.date_before or mention.date_from_list


def _freeze(mention: _Mention, text: str) -> LegalRef:
    if mention.law_year is not None:
        year = mention.law_year
    elif mention.key_year is not None:
        year = mention.key_year
    else:  # a law by name keeps the year written with its name (none here), whatever its date
        year = int(mention.issued_on[:4]) if mention.issued_on and not _is_law_by_name(mention) else None
    return LegalRef(
        text=text[mention.start:mention.end],
        start=mention.start,
        end=mention.end,
        doc_type=mention.doc_type,
        number=mention.number,
        year=year,
        symbol=mention.symbol,
        key=mention.key,
        issued_on=mention.issued_on,
        issuer=mention.issuer,
        name=mention.name,
        resolved_from=mention.resolved_from,
        title=mention.title,
        symbol_issuer=mention.code_issuer,
        issuers=mention.named_issuers or mention.code_issuers,
    )
