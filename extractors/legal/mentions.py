"""Steps 1-3 of reading legal references: the mentions a text holds (numbered, short forms, by name, unnumbered)."""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.legal.common import Mention
from extractors.normalize import word_key
from extractors.patterns.legal import NUMBER_AND_SYMBOL, NUMBER_RUN, SYMBOL_PIECE, Kind, LegalPatterns
from extractors.prescan import DigitRuns, matches_at, written_at
from extractors.results import frozen

PREFIX_WINDOW = 100  # characters before a number searched for its kind word ("Luật Tố cáo số ")
_NUMBER_RUNS = DigitRuns(NUMBER_RUN)
LAW_NAME_WORDS_LIMIT = 8  # a law's name read word by word (not in law_names.yaml) is at most this long


# --- 1. numbers with a symbol ----------------------------------------------------------------------------------
def numbered(form: str, patterns: LegalPatterns) -> list[Mention]:
    found = []
    for match in matches_at(NUMBER_AND_SYMBOL, form, _NUMBER_RUNS.starts(form)):
        mention = _numbered_mention(match, form, patterns)
        if mention is not None:
            found.append(mention)
    return found


@frozen
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


def _may_name_a_law(before: str, patterns: LegalPatterns) -> bool:
    """Whether the words before a number (*before*, written backwards) may hold a law's name and kind: the last word of
    one of the kinds of laws is in them, backwards (``named_kind_before_number`` matches a kind as written, so it cannot
    match where none is; most numbers have none before them, and the pattern, tried word after word, is slow)."""
    return any(word in before for word in _law_kind_last_words(patterns))


@lru_cache(maxsize=1)
def _law_kind_last_words(patterns: LegalPatterns) -> tuple[str, ...]:
    """The last word of each kind of laws as written, backwards ("tậuL", "tậul" of "Bộ luật", "hnệl", "páhp")."""
    return tuple(sorted({kind.split()[-1][::-1] for kind in patterns.law_kind_words}))


def _without_term_number(code: str) -> str:
    """QH14 → QH, UBTVQH13 → UBTVQH: the code without the term number some symbols carry."""
    return code.rstrip("0123456789") or code


def _numbered_mention(match: re.Match, form: str, patterns: LegalPatterns) -> Mention | None:
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
        prefix = patterns.named_kind_before_number.match(before) if _may_name_a_law(before, patterns) else None
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
    return Mention(
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
        joint_kind=kind_word is not None and _is_joint_kind(kind_word, patterns),
    )


def _is_joint_kind(kind_word: str, patterns: LegalPatterns) -> bool:
    """Whether a kind as written is a joint one: "Quy chế phối hợp", "Kế hoạch liên tịch" (joint_kind_words)."""
    lowered = kind_word.lower()
    return any(word in lowered for word in patterns.joint_kind_words)


def _issuers_from_codes(codes: list[str], patterns: LegalPatterns) -> tuple[str, ...]:
    """The issuers a symbol names (TTLT-BTC-BNV → Bộ Tài chính, Bộ Nội vụ); none for an ambiguous code (TW)."""
    names = []
    for code in codes:
        issuer = patterns.issuer_by_code.get(code) or patterns.issuer_by_code.get(_without_term_number(code))
        if issuer and issuer not in names:
            names.append(issuer)
    return tuple(names)


# --- 2. short forms ------------------------------------------------------------------------------------------
SHORT_FORM_REACH = 40  # characters before a number read backwards for the kind word of a short form


def short_forms(form: str, patterns: LegalPatterns) -> list[Mention]:
    found = []
    for match in matches_at(patterns.short_form, form, _short_form_starts(form, patterns)):
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
            Mention(start=start, end=match.end(), doc_type=kind.name, number=match["number"], short_form=True,
                     kind_from_word=True, needs_full=kind.resolved_only,
                     joint_kind=_is_joint_kind(kind_word, patterns))
        )
    return found


def _short_form_starts(form: str, patterns: LegalPatterns) -> list[int]:
    """Where a short form may start: before a number, a kind word and " số " (read backwards); the pattern itself
    is then tried there only (numbers are fewer than the first letters of kind words)."""
    starts = []
    for number in _NUMBER_RUNS.starts(form):
        if not _may_follow_words(form, number):
            continue
        before = form[max(0, number - SHORT_FORM_REACH):number][::-1]
        if prefix := patterns.short_form_before_number.match(before):
            starts.append(number - prefix.end())
    return starts


# --- 3. laws and codes by name -------------------------------------------------------------------------------
def _may_cite_a_law(form: str, patterns: LegalPatterns) -> bool:
    """Whether every word of a law's kind (``Luật``; ``Bộ`` and ``luật``) is in the text: a cheap test before the
    patterns of laws are tried (the kind words are matched as written, so a text without them cites no law)."""
    return any(all(word in form for word in kind.split()) for kind in patterns.law_kind_words)


def _law_kind_starts(form: str, patterns: LegalPatterns) -> list[int]:
    """Every place where the first word of a law's kind is written (``Luật``, ``Bộ`` of ``Bộ luật``), in order. The
    patterns of laws begin with a kind word matched as written, so each of their matches starts at one of these: they
    are tried there only, not at every character of the text."""
    return written_at(form, {kind.split()[0] for kind in patterns.law_kind_words})


def laws_by_name(form: str, patterns: LegalPatterns) -> list[Mention]:
    """Laws and codes cited by name and year: what ``law_by_name.search`` finds from the start of the text, then from the
    end of each law read (from the next character after a match rejected: a later kind word inside it may start a law),
    tried at the kind words only (``_law_kind_starts``)."""
    found = []
    if not _may_cite_a_law(form, patterns):
        return found
    position = 0
    for start in _law_kind_starts(form, patterns):
        if start < position or (match := patterns.law_by_name.match(form, start)) is None:
            continue
        mention = _law_mention(match, form, patterns)
        if mention is None:
            position = match.start() + 1
            continue
        found.append(mention)
        position = match.end()
    return found


def _law_mention(match: re.Match, form: str, patterns: LegalPatterns) -> Mention | None:
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
    return Mention(start=start, end=match.end(), doc_type=kind.name, name=name, law_year=int(match["year"]),
                    kind_from_word=True)


def laws_without_year(form: str, patterns: LegalPatterns, with_year: list[Mention]) -> list[Mention]:
    """Laws and codes cited by name alone (``Bộ luật Dân sự``, ``Luật Đất đai``): ``year`` null."""
    taken = {mention.start for mention in with_year}
    found = []
    if not _may_cite_a_law(form, patterns):
        return found
    for match in matches_at(patterns.law_kind, form, _law_kind_starts(form, patterns)):
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
        found.append(Mention(start=start, end=end, doc_type=kind.name, name=name, kind_from_word=True))
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


def unnumbered_resolutions(form: str, patterns: LegalPatterns) -> list[Mention]:
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
        found.append(Mention(start=match.start(), end=end, doc_type="Nghị quyết", key=key, kind_from_word=True,
                              party=True, issuer="Đảng" if match["of_party"] else None,
                              named_issuers=("Đảng",) if match["of_party"] else ()))
    return found

