"""Regular expressions of legal references (numbers and symbols, kind words, issuers, titles), built from data; the
pieces they share are in legal_pieces.py and the patterns of a document's date in legal_dates.py.

Every piece is small and bounded: no nested unbounded repeat, so the time to scan a text grows with its
length only, whatever the text holds (see tests/test_legal.py::test_adversarial_input_is_fast).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractors.datafiles import load_yaml
from extractors.normalize import word_key
from extractors.patterns.legal_dates import DATE_LEAD, DAY_WORD, ISSUE_DAY, WEEKDAY
from extractors.patterns.legal_pieces import (
    CODE, CODE_SEPARATOR, DASH, GAP, LATER_CODE, NOT_AFTER_LETTER, NOT_AFTER_WORD_CHARACTER, NOT_BEFORE_LETTER,
    NOT_BEFORE_WORD_CHARACTER, NUMBER, NUMBER_WORD, REVERSED_GAP, REVERSED_NUMBER_WORD, REVERSED_SPACE, SPACE,
    YEAR,
)
from extractors.patterns.trie import trie_alternation
from extractors.results import frozen

# Party style: 62-KL/TW, 62- KL/TW, 62 –KL/TW, 12-HD/BDVTW.
PARTY_SYMBOL = rf"""
    {GAP} {DASH} {GAP}
    (?P<party_symbol> {CODE} [ ]?/[ ]? {LATER_CODE} (?: {CODE_SEPARATOR} {LATER_CODE} ){{0,3}} )
"""
# State style: 1250/QĐ-UBND, 121/2017/TT-BTC, 01/2019/TTLT-BTC-BNV, 25/2018/QH14.
STATE_SYMBOL = rf"""
    {GAP} / {GAP}
    (?: (?P<year> {YEAR} ) {GAP} / {GAP} )?
    (?P<state_symbol> {CODE} (?: {CODE_SEPARATOR} {LATER_CODE} ){{0,4}} )
"""
NUMBER_AND_SYMBOL = re.compile(
    rf"""
    {NUMBER}
    (?: {PARTY_SYMBOL} | {STATE_SYMBOL} )
    """,
    re.VERBOSE,
)

# Every number and symbol starts a run of letters and digits (NUMBER: no letter, digit or mark before it) that
# begins with a digit: the pattern is tried at those runs only (extractors.prescan).
NUMBER_RUN = re.compile(r"\d\w*")

# How the pieces of a symbol are separated, to rebuild it without spaces.
SYMBOL_PIECE = re.compile(rf"(?P<separator>[/\-\u2010-\u2015\u2212]?)[ \r\n]*(?P<code>{LATER_CODE})")

# After a reference, its trích yếu in quotes or after "về" / "V/v".
QUOTED_TITLE = re.compile(
    r"""
    [ ]{0,2} ,? [ ]{0,2} [“"«] [ ]{0,2} (?P<title> [^”"»\n]{1,400} ) [”"»]
    """,
    re.VERBOSE,
)
# "(về tăng cường …)": a title in parentheses, after which the date and issuer may still follow.
PAREN_TITLE = re.compile(
    r"""
    [ ]{0,2} \( [ ]{0,2} (?P<title> (?i: về | v/v ) [ ]{1,2} [^()\n]{1,250} ) \)
    """,
    re.VERBOSE,
)
# A plain title may hold a quoted name ("về đẩy mạnh phong trào thi đua “Chung tay xóa nhà tạm”, ban hành ngày …"):
# the quotes are read through, so that the date or issuer after them is still the document's.
PLAIN_TITLE = re.compile(
    r"""
    [ ]{0,2} ,? [ ]{0,2}
    (?P<title> (?i: về | v/v ) [ ]{1,2} (?: [^\n.;:“”"«»()] | “ [^”\n]{1,120} ” | " [^"\n]{1,120} " ){1,250} )
    """,
    re.VERBOSE,
)
# What a title read up to the next reference may end with: "về Mặt trận và" → "về Mặt trận".
TRAILING_CONNECTORS = ("và", "hoặc")
TITLE_TRAILING_CONNECTOR = re.compile(
    rf"""
    [ ,;]{{0,3}} (?: {NOT_AFTER_LETTER} (?: {" | ".join(TRAILING_CONNECTORS)} ) )? [ ,;]{{0,3}} \Z
    """,
    re.VERBOSE,
)
TITLE_TRAILING_CONNECTOR_LONGEST = 3 + max(map(len, TRAILING_CONNECTORS)) + 3   # the longest text it matches
# A Party or National Assembly term after an issuer: "(khóa XI)", "khóa XII", "Trung ương 8 khóa XIII" (the
# plenum's number before the term is read and left out).
TERM = re.compile(
    rf"""
    (?: [ ]{{1,2}} \d{{1,2}} )? [ ]{{0,2}} ,? [ ]{{0,2}} \(? [ ]{{0,2}}
    (?i: khóa ) [ ]{{1,2}} (?P<term> [IVXLC]{{1,7}} ) {NOT_BEFORE_WORD_CHARACTER} [ ]{{0,2}} \)?
    """,
    re.VERBOSE,
)
# One word of a place name after a local issuer: "Gia Lai", "Chư Păh", "An Khê" (read while capitalized).
PLACE_WORD = re.compile(
    rf"""
    [ ]{{1,2}} (?P<word> [^\W\d_][^\W\d_'’]{{0,12}} ) {NOT_BEFORE_WORD_CHARACTER} (?! / )
    """,
    re.VERBOSE,
)
PLACE_WORDS_LIMIT = 4
# Between two items of a coordinated list: ", ", " và ", "; ", ", và các ".
LIST_CONNECTOR = re.compile(
    rf"""
    \A {GAP} (?: , | ; | (?i: và | hoặc ) | , [ ]{{0,2}} (?i: và ) ) {GAP} (?: (?i: các ) [ ]{{1,2}} )? \Z
    """,
    re.VERBOSE,
)
# Words before an issuer that are not part of its name: "Hội nghị lần thứ bảy Ban Chấp hành Trung ương Đảng",
# "Hội nghị Trung ương 7 Ban Chấp hành …", "Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh".
ISSUER_PREAMBLE = r"""
    (?i: hội [ ]nghị ) [ ]{1,2} (?: (?i: lần [ ]thứ ) [ ]{1,2} [^\W_]{1,6} | (?i: trung [ ]ương ) [ ]{1,2} \d{1,2} )
        [ ]{0,2} ,? [ ]{1,2} (?: (?i: của ) [ ]{1,2} )?
  | (?i: ban [ ]thường [ ]trực | thường [ ]trực ) [ ]{1,2}
"""

# The standing body named in such words ("Ban Thường trực", "Thường trực"): kept in a joint document's co-issuer.
STANDING_BODY = re.compile(r"(?P<board> (?i: ban ) [ ]{1,2} )? (?i: thường [ ]trực )", re.VERBOSE)


# --- patterns built from the data tables ---------------------------------------------------------------------
@dataclass(frozen=True)
class Kind:
    """One document kind of legal_doc_types.yaml."""

    name: str
    words: tuple[str, ...]
    codes: tuple[str, ...]
    running: tuple[str, ...]
    short_form: bool
    by_name: bool
    resolved_only: bool = False  # a short form of it counts only when it points back to a full reference
    family: str = ""  # the shorter kind that may name it later ("Chương trình" of "Chương trình phối hợp")


@dataclass(frozen=True)
class Issuer:
    """One issuer of legal_issuers.yaml."""

    name: str
    variants: tuple[str, ...]
    term: bool
    levels: tuple[str, ...]
    committees: tuple[str, ...]
    place: bool


def _words_pattern(words, case_insensitive: bool, reverse: bool = False) -> str:
    """An alternation of phrases, longest first, any run of spaces (or one line break) between words;
    with *reverse*, of the phrases written backwards (for matching a reversed text)."""
    unique = {" ".join((w.lower() if case_insensitive else w).split()) for w in words if w.strip()}
    body = _trie([w[::-1] for w in unique] if reverse else unique, REVERSED_SPACE if reverse else SPACE)
    return f"(?i:{body})" if case_insensitive else f"(?:{body})"


def _trie(words, space: str) -> str:
    """*words* as one trie-shaped alternation (a longer word tried before a word it extends, as in a list sorted
    longest first), each space matching *space*: the engine reads one letter at a time, not word after word."""
    return trie_alternation(words, lambda character: space if character == " " else re.escape(character))


def _first_letter_check(words) -> str:
    """A look-ahead for the first letters of *words* (either case): it lets the scan skip other positions fast."""
    letters = {w[0] for w in words}
    letters |= {c.lower() for c in letters} | {c.upper() for c in letters}
    return f"(?=[{re.escape(''.join(sorted(letters)))}])"


# Before an issuer's name: "của ", ", do ", "của Hội nghị lần thứ bảy ", or a plenum named alone ("Hội nghị Trung
# ương 7 Ban Chấp hành …").
ISSUER_LEAD = re.compile(
    rf"""
    [ ]{{0,2}} ,? {GAP}
    (?: (?i: của | do ) {SPACE} (?P<preamble> {ISSUER_PREAMBLE} )?
      | (?= (?i: hội [ ]nghị ) ) (?P<preamble_alone> {ISSUER_PREAMBLE} )?
    )
    """,
    re.VERBOSE,
)
# Between two co-issuers: ", ", " và ", ", và ", " với " (the word kept in the joint issuer as written).
NEXT_ISSUER_LEAD = re.compile(
    rf"""
    [ ]{{0,2}} (?: , [ ]{{0,2}} (?: (?i: và ) [ ]{{1,2}} )? | (?P<joined> (?i: và | với ) ) [ ]{{1,2}} )
    (?P<preamble> {ISSUER_PREAMBLE} )?
    """,
    re.VERBOSE,
)
# A joint document names its issuers after "giữa": "Chương trình phối hợp số 02/CTPH-UBND-MTTQ ngày 15/01/2021 giữa
# UBND tỉnh và Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh", "… giữa Ban Dân vận Tỉnh ủy với Đảng ủy Khối …".
JOINT_ISSUER_LEAD = re.compile(
    rf"""
    [ ]{{0,2}} ,? {GAP} (?i: giữa ) {SPACE} (?P<preamble> {ISSUER_PREAMBLE} )?
    """,
    re.VERBOSE,
)

# A body that signs a joint document, as the subject before the verb (no lead word): "Ban Dân vận Huyện ủy",
# "Ban Thường trực Ủy ban MTTQ huyện".
SUBJECT_ISSUER_LEAD = re.compile(rf"(?P<preamble> {ISSUER_PREAMBLE} )?", re.VERBOSE)
# The verb the bodies that sign a joint document write right before it: "… và Ủy ban MTTQ huyện ký kết ",
# "… đã ký ", "… thống nhất ban hành ", "… vừa cùng ký kết ", "… đã có ".
SIGNING_VERB_BEFORE = re.compile(
    rf"""
    [ ]{{1,2}} (?: (?i: đã | vừa | cùng [ ]nhau | cùng | chính [ ]thức ) [ ]{{1,2}} ){{0,3}}
    (?: (?i: thống [ ]nhất ) [ ]{{1,2}} )? (?i: ký [ ]kết | ký | ban [ ]hành | có ) {SPACE} \Z
    """,
    re.VERBOSE,
)


SUFFIX_WORD = re.compile(r"\S+")  # a word of an issuer's level or committee ("Tỉnh", "ủy")


@frozen
class IssuerMatch:
    """An issuer read after its lead: where the lead starts, where the name starts and ends, the name as written,
    and the word joining it to the issuer before ("và", "với"; None after a comma)."""

    start: int
    end: int
    issuer_start: int
    issuer: str
    joined: str | None


@dataclass(frozen=True, eq=False)
class LegalPatterns:
    """Everything the legal extractor matches with, built once from the data tables."""

    kind_by_word: dict  # word_key(kind word or running code) → Kind
    counted_after_number: re.Pattern  # "… 12 hộ": a counted noun after a short form's number
    not_in_law_name: re.Pattern  # a phrase or another kind's word inside what would be a law's name
    kind_by_code: dict  # code as officially written (QĐ, QĐi, TTg-less) → Kind
    code_spelling: dict  # CODE.upper() → official spelling (QĐI → QĐi, TTG → TTg)
    issuer_by_phrase: dict  # word_key(surface) → (Issuer, suffix: level or committee or "")
    issuer_by_code: dict  # issuer code in a symbol → canonical issuer
    kind_before_number: re.Pattern
    named_kind_before_number: re.Pattern
    short_form: re.Pattern
    short_form_before_number: re.Pattern  # the kind word of a short form, read backwards from its number
    law_by_name: re.Pattern
    issuer_phrase: re.Pattern  # the name of an issuer (every variant, level and committee)
    law_kind: re.Pattern  # a law's kind word, to read a name cited without its year
    known_law_name: re.Pattern  # a name of law_names.yaml right after its kind word
    law_name_by_key: dict  # word_key(name) → the name as law_names.yaml writes it
    law_name_word: re.Pattern  # the next word of a name read word by word
    law_name_stops: frozenset  # word_key of words (and two-word phrases) that end such a name
    not_before_law: frozenset  # words before "Luật" that make it part of another name
    law_kind_words: frozenset  # the kind words of laws as written (Luật, Bộ luật, Pháp lệnh, Hiến pháp)
    unnumbered_resolution: re.Pattern  # "Nghị quyết Trung ương 5 khóa XII", "Nghị quyết Đại hội XIII"
    resolution_keys: dict  # "plenum_key" / "congress_key" formats
    ordinal_value: dict  # word_key(ordinal word) → its value ("tám" → 8, "tư" → 4)
    joint_kind_words: tuple  # words of a kind as written that make a document joint ("phối hợp", "liên tịch")
    any_kind_words: frozenset  # word_key of words naming a document of any kind in the next sentence ("Văn bản")
    date_in_next_sentence: re.Pattern  # ". Kế hoạch này được ban hành ngày 25/4/2024"
    family_by_kind: dict  # kind name → the family it belongs to ("Chương trình phối hợp" → "Chương trình")

    def issuer(self, form: str, position: int, limit: int) -> IssuerMatch | None:
        """An issuer after "của" or "do", or a Central Committee plenum: "của Ban Thường vụ Tỉnh ủy"."""
        return self._issuer_after(ISSUER_LEAD, form, position, limit)

    def next_issuer(self, form: str, position: int, limit: int) -> IssuerMatch | None:
        """A co-issuer after an issuer: ", Chính phủ", " và Hội Nông dân Việt Nam", " với Đảng ủy Khối …"."""
        return self._issuer_after(NEXT_ISSUER_LEAD, form, position, limit)

    def joint_issuer(self, form: str, position: int, limit: int) -> IssuerMatch | None:
        """The first issuer of a joint document after "giữa": "giữa UBND tỉnh và …"."""
        return self._issuer_after(JOINT_ISSUER_LEAD, form, position, limit)

    def subject_issuer(self, form: str, position: int, limit: int) -> IssuerMatch | None:
        """An issuer named as a subject at *position*, without a lead word: "Ban Dân vận Huyện ủy và …"."""
        return self._issuer_after(SUBJECT_ISSUER_LEAD, form, position, limit)

    def _issuer_end(self, name: re.Match) -> int | None:
        """Where the issuer read ends: after its level or committee when the pair is one of issuer_by_phrase
        ("UBND" + "tỉnh"), else after the fewer words of it that are ("UBND tỉnh ủy quyền": "tỉnh", not "tỉnh ủy"),
        else after the variant alone ("Tỉnh ủy"); None when the variant needs a committee it lacks."""
        base = name["base"]
        if name["suffix"]:
            words = list(SUFFIX_WORD.finditer(name["suffix"]))
            for count in range(len(words), 0, -1):
                if word_key(f"{base} {name['suffix'][:words[count - 1].end()]}") in self.issuer_by_phrase:
                    return name.start("suffix") + words[count - 1].end()
        return name.end("base") if word_key(base) in self.issuer_by_phrase else None

    def _issuer_after(self, lead: re.Pattern, form: str, position: int, limit: int) -> IssuerMatch | None:
        head = lead.match(form, position, limit)
        if head is None:
            return None
        # After a preamble ("Hội nghị Trung ương 7 ", "Ban Thường trực "), else from where it starts ("Hội nghị
        # Trung ương" is itself a name of the Central Committee).
        groups = head.groupdict()
        preamble = next((name for name in ("preamble", "preamble_alone") if groups.get(name)), None)
        for at in (head.end(), head.start(preamble)) if preamble else (head.end(),):
            if (name := self.issuer_phrase.match(form, at, limit)) is None:
                continue
            if (end := self._issuer_end(name)) is not None:
                return IssuerMatch(head.start(), end, at, form[at:end], groups.get("joined"))
        return None


@lru_cache(maxsize=1)
def legal_patterns() -> LegalPatterns:
    """Build (once) the patterns of legal references from legal_doc_types.yaml and legal_issuers.yaml."""
    kinds = tuple(
        Kind(
            name=entry["name"],
            words=tuple(entry.get("words", [])),
            codes=tuple(entry.get("codes", [])),
            running=tuple(entry.get("running", [])),
            short_form=bool(entry.get("short_form", False)),
            by_name=bool(entry.get("by_name", False)),
            resolved_only=entry.get("short_form") == "resolved",
            family=entry.get("family", entry["name"]),
        )
        for entry in load_yaml("legal_doc_types.yaml")["kinds"]
    )
    issuer_data = load_yaml("legal_issuers.yaml")
    issuers = tuple(
        Issuer(
            name=entry["name"],
            variants=tuple(entry["variants"]),
            term=bool(entry.get("term", False)),
            levels=tuple(entry.get("levels", [])),
            committees=tuple(entry.get("of", [])),
            place=bool(entry.get("place", False)),
        )
        for entry in issuer_data["issuers"]
    )
    kind_by_word = {}
    kind_by_code = {}
    code_spelling = {}
    counted_words = _words_pattern(load_yaml("legal_doc_types.yaml")["not_after_short_form"]["words"],
                                   case_insensitive=False)
    not_counted = _words_pattern(load_yaml("legal_doc_types.yaml")["not_after_short_form"]["not_when"],
                                 case_insensitive=False)
    counted_after_number = re.compile(
        rf"{SPACE} (?! {not_counted} {NOT_BEFORE_WORD_CHARACTER} ) {counted_words} {NOT_BEFORE_WORD_CHARACTER}",
        re.VERBOSE)
    name_breakers = load_yaml("legal_doc_types.yaml")["not_in_law_name"]["phrases"] + [
        w for k in kinds if not k.by_name for w in k.words
    ]
    not_in_law_name = re.compile(
        rf"{NOT_AFTER_LETTER} {_words_pattern(name_breakers, case_insensitive=True)} {NOT_BEFORE_WORD_CHARACTER}",
        re.VERBOSE,
    )
    for kind in kinds:
        for word in (*kind.words, *kind.running):
            kind_by_word.setdefault(word_key(word), kind)
        for code in kind.codes:
            kind_by_code.setdefault(code, kind)
            code_spelling.setdefault(code.upper(), code)
    issuer_by_code = dict(issuer_data.get("symbol_codes", {}))
    for code in issuer_by_code:
        code_spelling.setdefault(code.upper(), code)
    for code in list(code_spelling.values()):
        code_spelling.setdefault(code.upper().replace("Đ", "D"), code)  # typed without "Đ": QD-UBND → QĐ-UBND

    issuer_by_phrase = {}
    for issuer in issuers:
        for variant in issuer.variants:
            if issuer.committees:
                for committee in issuer.committees:
                    issuer_by_phrase.setdefault(word_key(f"{variant} {committee}"), (issuer, committee))
                continue
            issuer_by_phrase.setdefault(word_key(variant), (issuer, ""))
            for level in issuer.levels:
                issuer_by_phrase.setdefault(word_key(f"{variant} {level}"), (issuer, level))
    # The central Party committee is often named by "Trung ương" alone.
    central = next(i for i in issuers if i.name == "Ban Chấp hành Trung ương Đảng")
    issuer_by_phrase.setdefault("trung ương", (central, ""))

    running_codes = _words_pattern([c for k in kinds for c in k.running], case_insensitive=False)
    short_words = _words_pattern([w for k in kinds if k.short_form for w in k.words], case_insensitive=True)
    named_words = _words_pattern([w for k in kinds if k.by_name for w in k.words], case_insensitive=False)
    # An issuer's name is one of its variants, then perhaps a level or committee ("UBND" + "tỉnh", "Ban Thường vụ" +
    # "Tỉnh ủy"): the two parts are matched apart (a few hundred phrases less to compile) and the pair checked
    # against issuer_by_phrase when read.
    issuer_variants = _words_pattern([v for issuer in issuers for v in issuer.variants] + ["Trung ương"],
                                     case_insensitive=True)
    issuer_suffixes = _words_pattern({s for issuer in issuers for s in (*issuer.levels, *issuer.committees)},
                                     case_insensitive=True)

    # The words before a number are read backwards: the text before the number, reversed, is matched from its
    # first character, so finding a kind word costs one anchored attempt whatever the text before it holds.
    reversed_kind_words = _words_pattern([w for k in kinds for w in k.words], case_insensitive=True, reverse=True)
    reversed_running_codes = _words_pattern([c for k in kinds for c in k.running], case_insensitive=False,
                                            reverse=True)
    reversed_named_words = _words_pattern([w for k in kinds if k.by_name for w in k.words], case_insensitive=False,
                                          reverse=True)
    # "Kết luận ", "Quyết định số ", "QĐ số: ", "Số: " before a number and symbol (reversed).
    kind_before_number = re.compile(
        rf"""
        {REVERSED_GAP} :? [ ]{{0,2}}
        (?: (?: {REVERSED_NUMBER_WORD} {REVERSED_SPACE} )? {NOT_AFTER_WORD_CHARACTER}
            (?P<kind> {reversed_kind_words} | {reversed_running_codes} ) {NOT_BEFORE_LETTER}
          | {REVERSED_NUMBER_WORD} {NOT_BEFORE_LETTER}
        )
        """,
        re.VERBOSE,
    )
    # "Luật Tố cáo số " before a number: a law's name between its kind and its number (reversed).
    named_kind_before_number = re.compile(
        rf"""
        {REVERSED_GAP} :? [ ]{{0,2}} {REVERSED_NUMBER_WORD} {REVERSED_SPACE}
        (?P<name> (?: [^\W\d_]{{1,12}} [ ]{{1,2}} ){{1,10}}? )
        (?P<kind> {reversed_named_words} ) {NOT_BEFORE_LETTER}
        """,
        re.VERBOSE,
    )
    # "Kết luận 62", "Quyết định số 218", "NQ 25": a kind and a bare number (no symbol follows).
    short_form_first_letters = _first_letter_check(
        [w for k in kinds if k.short_form for w in k.words] + [c for k in kinds for c in k.running]
    )
    short_form = re.compile(
        rf"""
        {short_form_first_letters}
        (?P<kind> {short_words} | {running_codes} ) {NOT_BEFORE_WORD_CHARACTER}
        {SPACE} (?: (?P<number_word> {NUMBER_WORD} ) [ ]{{0,2}} :? {GAP} )?
        {NUMBER}
        (?! {GAP} [/\-\u2010-\u2015\u2212] {GAP} [^\W_] | [.,]\d )
        (?! [^\W_] | [ ]{{0,2}} % )
        """,
        re.VERBOSE,
    )
    # Where a short form can start, found from the numbers of the text (rarer than the first letters of kind
    # words): the text before a number, reversed, read as " số ", " " and a kind word ("Kết luận số 62" → "Kết").
    reversed_short_words = _words_pattern([w for k in kinds if k.short_form for w in k.words], case_insensitive=True,
                                          reverse=True)
    short_form_before_number = re.compile(
        rf"""
        (?: {REVERSED_GAP} :? [ ]{{0,2}} {REVERSED_NUMBER_WORD} )? {REVERSED_SPACE}
        (?P<kind> {reversed_short_words} | {reversed_running_codes} )
        """,
        re.VERBOSE,
    )
    # "Luật Mặt trận Tổ quốc Việt Nam năm 2015", "Bộ luật Lao động 2019", "Hiến pháp năm 2013".
    law_by_name = re.compile(
        rf"""
        (?P<kind> {named_words} ) {NOT_BEFORE_WORD_CHARACTER}
        (?P<name> (?: ,? [ ]{{1,2}} [^\W\d_][\w\-]{{0,15}} ){{0,14}}? )
        (?: [ ]{{1,2}} \( (?i: sửa [ ] đổi (?: ,? [ ]{{1,2}} bổ [ ] sung )? ) \) )?
        [ ]{{1,2}} (?: (?i: năm ) [ ]{{1,2}} )? (?P<year> {YEAR} ) (?! [\d/] )
        """,
        re.VERBOSE,
    )
    doc_types = load_yaml("legal_doc_types.yaml")
    law_names = load_yaml("law_names.yaml")["names"]
    law_first_letters = "".join(sorted({w[0] for k in kinds if k.by_name for w in k.words}))  # written as listed
    law_kind = re.compile(
        rf"""(?=[{re.escape(law_first_letters)}])
        {NOT_AFTER_LETTER} (?P<kind> {named_words} ) {NOT_BEFORE_WORD_CHARACTER}""",
        re.VERBOSE,
    )
    known_law_name = re.compile(
        rf"(?P<name> {_words_pattern(law_names, case_insensitive=True)} ) {NOT_BEFORE_WORD_CHARACTER}", re.VERBOSE
    )
    law_name_word = re.compile(r"(?P<separator> [ ]{1,2} ) (?P<word> [^\W\d_][\w\-]{0,15} )", re.VERBOSE)
    number_words = load_yaml("number_words.yaml")
    ordinal_value = {e["word"]: e["value"] for e in number_words["digits"] if e.get("start") is not False}
    ordinal_value.update({e["word"]: e["value"] for e in number_words["ordinals"]})
    ten = next(e["word"] for e in number_words["tens"] if e.get("start") is not False)
    counting = {e["word"]: e["value"] for e in number_words["digits"] if e.get("start") is not False}
    ordinal_value.update({f"{ten} {w}": 10 + v for w, v in counting.items() if 0 < v < 10})
    ordinal_value.update({f"{ten} {e['word']}": 10 + e["value"] for e in number_words["digits"]
                          if e.get("start") is False and e["value"] in (1, 5)})  # mười mốt, mười lăm
    ordinal_value[ten] = 10
    ordinal = rf"(?: \d{{1,2}} | {_words_pattern(ordinal_value, case_insensitive=True)} ) {NOT_BEFORE_WORD_CHARACTER}"
    central = r"(?: Trung [ ]ương | TW )"
    term = rf"(?i: khóa ) [ ]{{1,2}} (?P<term> [IVXLC]{{1,7}} ) {NOT_BEFORE_WORD_CHARACTER}"
    unnumbered_resolution = re.compile(
        rf"""
        (?P<kind> Nghị [ ]quyết ) [ ]{{1,2}} (?: (?i: hội [ ]nghị ) [ ]{{1,2}} )?
        (?: (?: {central} [ ]{{0,2}} (?: (?i: lần [ ]thứ ) [ ]{{1,2}} )? (?P<plenum> {ordinal} )
              | (?i: lần [ ]thứ ) [ ]{{1,2}} (?P<plenum_of> {ordinal} ) [ ]{{1,2}} (?: của [ ]{{1,2}} )?
                (?: Ban [ ]Chấp [ ]hành | BCH ) [ ]{{1,2}} {central} (?: [ ]{{1,2}} Đảng (?! [ ]bộ ) )?
            )
            [ ]{{0,2}} ,? [ ]{{0,2}} (?P<open> \( [ ]{{0,2}} )? {term} (?(open) [ ]{{0,2}} \) )
          | Đại [ ]hội [ ]{{1,2}} (?: (?i: đại [ ]biểu ) [ ]{{1,2}} )? (?: Đảng [ ]{{1,2}} )? (?: (?i: toàn [ ]quốc ) [ ]{{1,2}} )?
            (?: (?i: lần [ ]thứ ) [ ]{{1,2}} )? (?P<congress> [IVXLC]{{1,7}} ) {NOT_BEFORE_WORD_CHARACTER}
            (?! [ ]{{1,2}} Đảng [ ]bộ )
        )
        (?P<of_party> [ ]{{1,2}} của [ ]{{1,2}} Đảng (?! [ ]{{1,2}} (?: bộ | ủy | viên | đoàn ) {NOT_BEFORE_WORD_CHARACTER}
                                                    | [^\W_] ) )?
        """,
        re.VERBOSE,
    )
    # The issuer's name alone, read after one of the leads below (ISSUER_LEAD, NEXT_ISSUER_LEAD, JOINT_ISSUER_LEAD):
    # the long alternation of every issuer is compiled once, not once per lead.
    issuer_phrase = re.compile(
        rf"(?P<base> {issuer_variants} ) (?: {SPACE} (?P<suffix> {issuer_suffixes} ) )? {NOT_BEFORE_WORD_CHARACTER}",
        re.VERBOSE,
    )
    # The next sentence or clause names the document by its kind and gives the day it was issued: ". Kế hoạch này
    # được ban hành ngày 25/4/2024", "; văn bản này ký ngày 14/5/2024", ". Chỉ thị được ký ban hành ngày 12 tháng 7 năm 2023", ". Chương trình được ký vào thứ
    # Hai, ngày 15/01/2024" (the kind is checked against the reference's in extractors/legal/tails.py).
    date_in_next_sentence = re.compile(
        rf"""
        [ ]{{0,2}} (?: [.] {SPACE} (?= [A-ZĐ] ) | ; {SPACE} )
        (?P<kind> [^\W\d_]{{1,9}} (?: [ ] [^\W\d_]{{1,8}} ){{0,3}}? ) {NOT_BEFORE_WORD_CHARACTER}
        (?: [ ]{{1,2}} (?: này | trên | nói [ ]trên ) {NOT_BEFORE_WORD_CHARACTER} )? [ ]{{1,2}}
        {DATE_LEAD} {WEEKDAY}? {DAY_WORD} (?P<date> {ISSUE_DAY} ) (?! \d )
        """,
        re.VERBOSE,
    )
    return LegalPatterns(
        kind_by_word=kind_by_word,
        counted_after_number=counted_after_number,
        not_in_law_name=not_in_law_name,
        kind_by_code=kind_by_code,
        code_spelling=code_spelling,
        issuer_by_phrase=issuer_by_phrase,
        issuer_by_code=issuer_by_code,
        kind_before_number=kind_before_number,
        named_kind_before_number=named_kind_before_number,
        short_form=short_form,
        short_form_before_number=short_form_before_number,
        law_by_name=law_by_name,
        issuer_phrase=issuer_phrase,
        law_kind=law_kind,
        known_law_name=known_law_name,
        law_name_by_key={word_key(name): name for name in law_names},
        law_name_word=law_name_word,
        law_name_stops=frozenset(word_key(w) for w in doc_types["law_name_stops"]["words"]),
        not_before_law=frozenset(doc_types["not_before_law"]["words"]),
        law_kind_words=frozenset(w for k in kinds if k.by_name for w in k.words),
        unnumbered_resolution=unnumbered_resolution,
        resolution_keys=dict(doc_types["unnumbered_resolutions"]),
        ordinal_value={word_key(w): v for w, v in ordinal_value.items()},
        joint_kind_words=tuple(doc_types["joint_kind_words"]["words"]),
        any_kind_words=frozenset(word_key(w) for w in doc_types["any_kind_words"]["words"]),
        date_in_next_sentence=date_in_next_sentence,
        family_by_kind={kind.name: kind.family for kind in kinds},
    )
