"""Fields shared between references: a list's items (step 4), short forms resolved (5), one document's mentions (6)."""

from __future__ import annotations

from extractors.legal.common import Mention, date_fits, family_of, is_law_by_name, same_family
from extractors.normalize import word_key
from extractors.patterns.legal import LIST_CONNECTOR

LIST_GAP_LIMIT = 24  # longest connector between two items of a list (", và các ")


# --- 4. coordinated lists: their items share the date and issuer after the last one --------------------------
def share_list_fields(mentions: list[Mention], form: str) -> None:
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
                if item.issued_on is None and shared.issued_on and date_fits(item, shared.issued_on):
                    item.issued_on, item.date_from_list = shared.issued_on, True
                if item.issuer is None and not item.named_issuers and (shared.issuer or shared.named_issuers):
                    item.issuer, item.named_issuers = shared.issuer, shared.named_issuers
            first = mentions[index]
            if first.date_before:  # "Ngày 12/3/2024, … ban hành Kế hoạch số 20-KH/TU và Kế hoạch số 21-KH/TU"
                for before, item in zip(mentions[index:last], mentions[index + 1:last + 1]):
                    if ";" in form[before.tail_end:item.start]:
                        break  # "…; Kế hoạch số 21-KH/TU được thực hiện …": a new clause
                    if item.issued_on is None and _same_family(item, first) and date_fits(item, first.issued_on):
                        item.issued_on, item.date_from_list = first.issued_on, True
            for before, item in zip(mentions[index:last], mentions[index + 1:last + 1]):
                if not item.kind_from_word and before.first_code == item.first_code and before.doc_type:
                    item.doc_type = before.doc_type  # "Quy định số 123-QĐ/TW và 124-QĐ/TW": both Quy định
        index = last + 1


def _continues_list(item: Mention, following: Mention, form: str) -> bool:
    """Whether *following* is the next item of a list that *item* belongs to: only a connector lies between
    them, and *item* has no issuer or title of its own (a date of its own is allowed:
    "Kết luận 62-KL/TW ngày 08/12/2009 và Kết luận 120-KL/TW ngày 07/01/2016 của Bộ Chính trị")."""
    if _is_named(item) or _is_named(following):
        return False  # laws by name carry their own year; a resolution named by its plenum or congress, its issuer
    if item.closes_list or following.start - item.tail_end > LIST_GAP_LIMIT:
        return False
    return LIST_CONNECTOR.match(form[item.tail_end:following.start]) is not None


def _is_named(mention: Mention) -> bool:
    """A law by name, or a Party resolution cited without a number (NQ-TW5-XII): neither shares a list's fields."""
    return is_law_by_name(mention) or (mention.number is None and mention.key is not None and mention.symbol is None)


def _same_family(item: Mention, last: Mention) -> bool:
    """Whether two items of a list may share a date and issuer: both Party documents (62-KL/TW), or State
    documents whose symbols name the same issuer; a short form goes with anything."""
    if item.symbol is None or last.symbol is None:
        return True
    if item.party != last.party:
        return False
    return item.party or item.code_issuer == last.code_issuer



# --- 5. short forms resolved; fields of one document shared by its mentions ------------------------------------
def _number_value(number: str | None) -> int | None:
    return int(number) if number and number.isdigit() else None


def resolve_short_forms(mentions: list[Mention], earlier: dict[tuple, Mention]) -> None:
    """A short form takes the key of the full reference of its kind and number read before, else of one of the same
    family (common.same_family: "Chương trình hành động số 15-CTr/TU" … "Chương trình 15")."""
    for mention in mentions:
        value = _number_value(mention.number)
        if mention.key is not None:
            earlier.setdefault(("kind", mention.doc_type, value), mention)
            earlier.setdefault(("family", family_of(mention.doc_type), value), mention)
            continue
        if not mention.short_form:
            continue
        full = earlier.get(("kind", mention.doc_type, value)) or earlier.get(("family", mention.doc_type, value)) \
            or earlier.get(("kind", family_of(mention.doc_type), value))  # same_family, looked up by key
        if full is None:
            continue
        mention.key, mention.symbol, mention.key_year = full.key, full.symbol, full.key_year
        mention.doc_type = full.doc_type  # every mention of a document has its kind: "Chương trình 15" of a CTHĐ
        mention.resolved_from = "short_form"
        mention.code_issuer, mention.code_issuers = full.code_issuer, full.code_issuers


def share_document_fields(mentions: list[Mention]) -> None:
    """Mentions of the same document (same key, or the same number and codes written in either style: ``120-KH/HU``
    and ``120/KH-HU``, ``59/2023/NĐ-CP`` and ``59/NĐ-CP``) complete each other's date, issuer and title."""
    by_key: dict[object, list[Mention]] = {}
    for mention in mentions:
        if mention.key is not None or is_law_by_name(mention):
            by_key.setdefault(_document_identity(mention), []).append(mention)
    _lend_from_short_forms_before(mentions, by_key)
    for same in by_key.values():
        _share_document_date(same)
        for field in ("issuer", "named_issuers", "title"):
            known = next((getattr(m, field) for m in same if getattr(m, field)), None)
            for mention in same:
                if not getattr(mention, field) and known:  # none read: None, or no co-issuer ()
                    setattr(mention, field, known)


def _lend_from_short_forms_before(mentions: list[Mention], by_key: dict[object, list[Mention]]) -> None:
    """A short form written before its full reference (a heading's "Quán triệt Kết luận 120 ngày 7/1/2016 của Bộ
    Chính trị" above "Kết luận số 120-KL/TW") gives the document the date and issuer written with it."""
    lenders = [m for m in mentions if m.short_form and m.key is None and (m.issued_on or m.issuer or m.named_issuers)]
    for lender in lenders:
        value = _number_value(lender.number)
        same = next((group for group in by_key.values() if group[0].short_form is False
                     and same_family(group[0].doc_type, lender.doc_type) and _number_value(group[0].number) == value),
                    None)
        if same is None:
            continue
        for mention in same:
            if mention.issued_on is None and lender.issued_on and date_fits(mention, lender.issued_on):
                mention.issued_on, mention.date_from_list = lender.issued_on, True  # written, but not with the key
            if mention.issuer is None and not mention.named_issuers and (lender.issuer or lender.named_issuers):
                mention.issuer, mention.named_issuers = lender.issuer, lender.named_issuers


def _share_document_date(same: list[Mention]) -> None:
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
        if mention.issued_on != known and date_fits(mention, known):
            mention.issued_on = known


def _document_identity(mention: Mention) -> object:
    """What tells one document from another: its number and the codes of its symbol (a year written in one mention
    and not in another, ``59/2023/NĐ-CP`` and ``59/NĐ-CP``, is checked by date_fits when a date is shared); its key
    when it has no number and symbol (``NQ-TW5-XII``); a law's name when it is cited by name."""
    if is_law_by_name(mention):
        return "law", word_key(mention.name)
    if mention.number is None or mention.symbol is None:
        return mention.key
    return _number_value(mention.number), tuple(mention.symbol.replace("-", "/").split("/"))


def _borrowed_date(mention: Mention) -> bool:
    """Whether a mention's date is not written with it: the date of the clause issuing it, or of its list."""
    return mention.date_before or mention.date_from_list

