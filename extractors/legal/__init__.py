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
   hành Chỉ thị số 15-CT/TU``: the subject is no issuer), else a date written later: in its clause after a title
   (``… thành lập Ban Chỉ đạo do đồng chí Bí thư ký ngày 09/5/2024``) or in the next sentence naming it by its kind
   (``Kế hoạch này được ban hành ngày 25/4/2024``, or its family: ``Chương trình được ký kết ngày …``); a joint
   document also reads its co-issuers after ``giữa`` (``issuer`` stays null: only ``của`` names one) or as the
   bodies that sign it just before it (``A và B ký kết Chương trình phối hợp số …``);
5. a short form takes the key and kind of a full reference of the same kind, or family, and number earlier in the
   text (``Chương trình hành động số 15-CTr/TU`` … ``Chương trình 15``; ``resolved_from: "short_form"``); one with no such reference keeps ``key: null`` and its number, unless its kind
   is cited short only after the full reference (``Kế hoạch 190``: then it is left out);
6. mentions of one document (same key) complete each other's date, issuer and title.

Steps 1-3 are in ``mentions``, 4 in ``tails`` (a list's shared date and issuer in ``sharing``), 5-6 in
``sharing``; ``common`` holds the reference while it is read.

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

from extractors.legal.common import Mention, is_law_by_name
from extractors.legal.mentions import laws_by_name, laws_without_year, numbered, short_forms, unnumbered_resolutions
from extractors.legal.sharing import resolve_short_forms, share_document_fields, share_list_fields
from extractors.legal.tails import read_tails
from extractors.normalize import matching_form, nfc
from extractors.overlap import resolve_overlaps
from extractors.patterns.legal import legal_patterns
from extractors.results import Result, frozen


@frozen
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


def find_legal_refs(text: str, *, earlier: dict | None = None) -> list[LegalRef]:
    """Every legal reference of *text*, in text order, with offsets into ``nfc(text)``.

    *earlier* (kept by the caller across calls) holds the full references of texts read before, for short
    forms to resolve against; the full references of *text* are added to it.
    """
    text = nfc(text)
    form = matching_form(text)
    patterns = legal_patterns()
    laws = laws_by_name(form, patterns)
    candidates = [*numbered(form, patterns), *short_forms(form, patterns), *laws,
                  *laws_without_year(form, patterns, laws), *unnumbered_resolutions(form, patterns)]
    mentions = resolve_overlaps(candidates)
    read_tails(mentions, form, patterns)
    share_list_fields(mentions, form)
    resolve_short_forms(mentions, {} if earlier is None else earlier)
    mentions = [m for m in mentions if not (m.needs_full and m.key is None)]  # "Kế hoạch 5" citing nothing
    share_document_fields(mentions)
    return [_freeze(mention, text) for mention in mentions]


def _freeze(mention: Mention, text: str) -> LegalRef:
    if mention.law_year is not None:
        year = mention.law_year
    elif mention.key_year is not None:
        year = mention.key_year
    else:  # a law by name keeps the year written with its name (none here), whatever its date
        year = int(mention.issued_on[:4]) if mention.issued_on and not is_law_by_name(mention) else None
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
