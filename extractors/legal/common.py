"""What the stages of reading legal references share: a reference while it is read, and the tests on it."""

from __future__ import annotations

from dataclasses import dataclass

from extractors.patterns.legal import legal_patterns


@dataclass
class Mention:
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
    date_end: int = 0  # where the date read after it ends (0: none read)
    party: bool = False  # a Party-style number and symbol (62-KL/TW)
    closes_list: bool = False  # an issuer or title of its own follows it: no list goes on past it
    date_before: bool = False  # its date is the one of the clause that issues it ("Ngày 12/3/2024, … ban hành")
    date_from_list: bool = False  # its date is the one written after the list it stands in
    signed_before: bool = False  # its co-issuers are the bodies that sign it, named just before it
    joint_kind: bool = False  # its kind as written is a joint one ("Quy chế phối hợp", "Kế hoạch liên tịch")
    needs_full: bool = False  # a short form of a kind cited so only after its full reference (Kế hoạch 190)


def is_law_by_name(mention: Mention) -> bool:
    """A law or code cited by its name (``Luật Đất đai năm 2024``), not by a number and symbol."""
    return mention.name is not None and mention.key is None


def date_fits(mention: Mention, issued_on: str) -> bool:
    """Whether a date may be the document's: the year of its number (121/2017/TT-BTC) or of its name (Luật … năm
    2022), when written, is the date's year."""
    year = mention.key_year if mention.key_year is not None else mention.law_year
    return year is None or str(year) == issued_on[:4]


def same_family(first: str | None, second: str | None) -> bool:
    """Whether two kinds as written may name one document: the same kind, or a kind and the shorter kind of its
    family ("Chương trình hành động số 15-CTr/TU" and "Chương trình 15", "Quy chế phối hợp" and "Quy chế được ký
    kết ngày …"); two longer kinds of one family ("Chương trình phối hợp", "Chương trình hành động") do not."""
    return first == second or (first is not None and second is not None
                               and (family_of(first) == second or family_of(second) == first))


def family_of(doc_type: str | None) -> str | None:
    """The family of a kind as written ("Chương trình phối hợp" → "Chương trình"); the kind itself if it has none."""
    return legal_patterns().family_by_kind.get(doc_type, doc_type) if doc_type else doc_type
