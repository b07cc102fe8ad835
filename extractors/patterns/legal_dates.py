"""Regular expressions of a legal reference's date: its forms, the words that lead to it after the reference, and the
clauses before or after the reference that give it (read by extractors/legal/tails.py)."""

from __future__ import annotations

import re

from extractors.patterns.dates import ANY_DATE, DAY, MONTH, NUMERIC_DATE
from extractors.patterns.legal_pieces import (
    DASH, GAP, NOT_AFTER_LETTER, NOT_BEFORE_WORD_CHARACTER, SPACE, YEAR,
)

# A document's date: every form of extractors/patterns/dates.py in any case ("NGÀY 12 THÁNG 3 NĂM 2024" in a
# heading), and also any dash, a two-digit year ("12‐3‐2024", "12/3/24") or no year ("ngày 12/3": the year of the
# document's number, else no date, the words still read); read by extractors.legal.tails._issue_date.
WIDE_DATE_SEPARATOR = r"[ ]?[/.\-\u2010-\u2015\u2212][ ]?"
# A worded date broken by a line break ("ngày 28 tháng 02\nnăm 2024": a <br> of the page) is read as well.
BROKEN_WORDED_DATE = rf"""
    {DAY} {GAP} (?i: tháng ) {GAP} {MONTH} {GAP} (?i: năm ) {GAP} {YEAR} (?! \d )
"""
ISSUE_DAY = rf"""
    (?: (?i: {ANY_DATE} ) | {BROKEN_WORDED_DATE}
      | {DAY} {WIDE_DATE_SEPARATOR} {MONTH} {WIDE_DATE_SEPARATOR} (?: {YEAR} | \d\d ) (?! \d )
      | {DAY} (?: {WIDE_DATE_SEPARATOR} | [ ]{{0,2}} (?i: tháng ) [ ]{{0,2}} ) {MONTH}
        (?! {WIDE_DATE_SEPARATOR} \d | \d | [.,]\d )
    )
"""
# "ngày", "ngày mồng", "ngày mùng" before a date's day.
DAY_WORD = rf"(?: (?i: ngày ) {GAP} (?: (?i: mồng | mùng ) [ ]{{1,2}} )? )"
# A weekday before the day: "vào thứ Hai, ngày 15/01/2024", "Chủ nhật (ngày 5/5/2024)".
WEEKDAY = r"""(?: (?i: thứ [ ]{1,2} (?: hai | ba | tư | năm | sáu | bảy | 2 | 3 | 4 | 5 | 6 | 7 ) | chủ [ ]nhật )
              [ ]{0,2} [,(]? [ ]{0,2} )"""
# A weekday after the day: "ngày 01/3/2024 (thứ Sáu)", "ngày 01/3/2024, thứ Sáu," (read, then the issuer may follow).
WEEKDAY_AFTER = r"""(?: [ ]{0,2} (?: \( [ ]{0,2} | , [ ]{1,2} )
    (?i: thứ [ ]{1,2} (?: hai | ba | tư | năm | sáu | bảy | 2 | 3 | 4 | 5 | 6 | 7 ) | chủ [ ]nhật )
    (?! [ ]{0,2} [^\W_] ) [ ]{0,2} \)? )"""
# The items of a list dated together: "các Chỉ thị số 05-CT/HU, 06-CT/HU và 07-CT/HU cùng ngày 10/8/2021".
TOGETHER = r"(?: (?i: cùng | đều ) [ ]{1,2} )"
# The verb of issuing, signing or passing a document: "ban hành", "ký", "ký ban hành", "ký kết", "thông qua" (a law).
ISSUING_VERB = r"(?i: ban [ ]hành | ký (?: [ ]{1,2} (?: ban [ ]hành | kết ) )? | thông [ ]qua )"
# The agent of a passive between "được" and the verb (no issuer by the gold rules): "Ban Bí thư khóa XIII ",
# "Quốc hội khóa XV, kỳ họp thứ 4 ".
PASSIVE_AGENT = r"(?: [^\W_][\w'’\-]{0,15} ,? [ ]{1,2} ){0,10}?"
# Where a law was passed, between the verb and its date: "tại Kỳ họp thứ 4 ".
PLACE_OF_PASSING = r"(?: (?i: tại ) [ ]{1,2} (?: [^\W_][\w'’\-]{0,15} [ ]{1,2} ){1,8}? )"
# Words between a reference and its date: "ban hành ", "ký ngày", "được ban hành vào ", "ban hành từ ",
# "ra đời ", "ra ", "đã được ký ban hành ", "do đồng chí Bí thư Tỉnh ủy ký ",
# "được Ban Bí thư ban hành ".
DATE_LEAD = rf"""
    (?: (?i: đã | vừa | mới ) [ ]{{1,2}} )? (?: (?i: được | do ) [ ]{{1,2}} {PASSIVE_AGENT} )?
    (?: {ISSUING_VERB} | (?i: đề | ra (?: [ ]đời )? ) ) [ ]{{1,2}} {PLACE_OF_PASSING}? (?: (?i: vào | từ ) [ ]{{1,2}} )?
"""
# After a reference, its date of issue: ", ngày 08 tháng 12 năm 2009", "ban hành ngày 15/11/2017", "(ngày 1-7-2016)",
# " – ngày 3/4/2024",
# "được Ban Bí thư ban hành ngày 10/10/2023", "(12/3/2024)"; also on the next line ("…\n(ngày 03/3/2025)").
ISSUE_DATE = re.compile(
    rf"""
    {GAP} (?: [,(] | {DASH} (?= [ ]{{0,2}} (?i: ngày ) ) )? {GAP}
    (?: (?: {DATE_LEAD} )? {TOGETHER}? {WEEKDAY}? {DAY_WORD} (?P<date> {ISSUE_DAY} )
      | (?<= \( ) [ ]{{0,2}} (?P<bare_date> {NUMERIC_DATE} ) (?= [ ]{{0,2}} \) )
    )
    (?! \d ) [ ]{{0,2}} \)? {WEEKDAY_AFTER}?
    """,
    re.VERBOSE,
)
# After a reference, a year alone (no issue date, but the issuer may follow): "Kế hoạch số 89-KH/HU năm 2023 của
# Huyện ủy" → issuer Huyện ủy, issued_on null.
YEAR_ALONE = re.compile(rf"[ ]{{0,2}} ,? [ ]{{1,2}} (?i: năm ) [ ]{{1,2}} {YEAR} (?! [\d/\-] )", re.VERBOSE)
# Later in the clause of a reference, after a title written without "về", the passive that issues it and its day:
# "Quyết định số 1845-QĐ/TU thành lập Ban Chỉ đạo … do đồng chí Bí thư Tỉnh ủy ký ngày 09/5/2024".
CLAUSE_ISSUING_DATE = re.compile(
    rf"""
    {NOT_AFTER_LETTER} (?i: được | do ) [ ]{{1,2}} {PASSIVE_AGENT} {ISSUING_VERB} [ ]{{1,2}}
    (?: (?i: vào ) [ ]{{1,2}} )? {WEEKDAY}? {DAY_WORD} (?P<date> {ISSUE_DAY} ) (?! \d )
    """,
    re.VERBOSE,
)
# Where a clause ends (and the next begins): a full stop, a semicolon, a colon, a line break; the end of a
# reference's clause for CLAUSE_ISSUING_DATE, the start of the clause of the bodies that sign a joint document.
CLAUSE_BOUNDARY = re.compile(r"[.;:\n]")
# After a date read behind a comma or a line break: ", Ban Dân vận Huyện ủy tổ chức …" — a capitalized word opens
# a new clause, and the date is that clause's, not the document's (checked in extractors/legal/tails.py).
CLAUSE_AFTER_DATE = re.compile(r"[ ]{0,2} , [ ]{1,2} (?P<first> [^\W\d_] )", re.VERBOSE)
# What follows an issuer named without "của" when the words still describe the document (", ngày 24/11/2023, Ban
# Chấp hành Trung ương Đảng khóa XIII về …"), not a clause of its own (", Ban Dân vận Huyện ủy đã tổ chức …").
DOCUMENT_GOES_ON = re.compile(r"[ ]{0,2} (?: [,.;)“\"\n] | \Z | (?i: về | v/v ) (?![^\W_]) )", re.VERBOSE)
# Inside a title read up to the next reference, where the document's date begins: "về … được ban hành ngày …",
# "về … ngày 12/3/2024 của Ban …" (a date in a title without a verb or an issuer after it stays in the title).
DATE_AFTER_TITLE = re.compile(
    rf"""
    [ ]{{0,2}} ,? [ ]{{1,2}}
    (?= {DATE_LEAD} {DAY_WORD} {ISSUE_DAY}
      | {DAY_WORD} {ISSUE_DAY} (?! \d ) [ ]{{0,2}} ,? [ ]{{0,2}} của [ ]{{1,2}} [A-ZĐỦ] )
    """,
    re.VERBOSE,
)
# The verb that issues a document, right before the reference: "… ban hành Chỉ thị", "… có Công văn".
ISSUING_VERB_BEFORE = r"""(?: ban [ ]hành | ký (?: [ ](?: ban [ ]hành | kết ) )? | có | ra | thông [ ]qua | phát [ ]hành
                          | xây [ ]dựng | gửi )"""
VERB_BEFORE_REFERENCE = re.compile(rf"{NOT_AFTER_LETTER} {ISSUING_VERB_BEFORE} {SPACE} \Z", re.VERBOSE)
# Before a reference, the clause that issues it on a date (the subject is no issuer): "Ngày 12/3/2024, Ban Thường
# vụ Tỉnh ủy ban hành ", "ngày 5/6/2024, UBND huyện có ", "Vào ngày 20/5/2024, Huyện ủy đã ký ", "Ngày 12/3/2024
# vừa qua, Ban Thường vụ Huyện ủy (khóa XVI) ban hành ". The date opens its clause: not "Từ ngày …", "Sáng ngày …";
# the words after it stay in its sentence (commas and parentheses, but no other date, no "." ";" ":").
# Words that make the issuing a thing reported, not done that day: "Ngày 12/3/2024, tại hội nghị, đồng chí Bí thư
# cho biết, thời gian qua Tỉnh ủy đã ban hành …".
REPORTED_NOT_DONE = r"""(?i: cho [ ]biết | nhấn [ ]mạnh | khẳng [ ]định | nêu [ ]rõ | cho [ ]rằng | thông [ ]tin
                        | báo [ ]cáo | thời [ ]gian [ ]qua | năm [ ]qua | trước [ ]đó )"""
CLAUSE_SUBJECT_WORD = rf"""(?: (?! {REPORTED_NOT_DONE} (?![^\W_]) )
    \(? [^\W_][\w'’]{{0,15}} (?: - [^\W\d_]\w{{0,10}} )? \)? ,? [ ]{{1,2}} )"""
# Or the date inside the clause, after its subject: "Ban Thường vụ Tỉnh ủy ngày 12/3/2024 đã ban hành " (not a
# span, an effect or a time of day: "từ ngày", "đến ngày", "sau ngày", "sáng ngày").
NOT_A_CLAUSE_DATE = "".join(
    rf"(?<! (?i: {word} ) [ ] )"
    for word in ("từ", "đến", "tới", "trước", "sau", "sáng", "chiều", "tối", "trưa", "đêm", "hết", "lực", "dụng")
)
CLAUSE_ADVERB = r"(?i: đã | vừa | mới | chính [ ]thức )"
DATE_BEFORE_REFERENCE = re.compile(
    rf"""
    (?<! [^\W_] )
    (?: (?<! [^\W_][ ] ) (?: (?i: vào ) [ ]{{1,2}} )? {DAY_WORD} (?P<date> {ISSUE_DAY} ) (?! \d )
        \)? [ ]{{0,2}} [,:]? [ ]{{0,2}} {CLAUSE_SUBJECT_WORD}{{1,24}}?
      | {NOT_A_CLAUSE_DATE} {DAY_WORD} (?P<inner_date> {ISSUE_DAY} ) (?! \d )
        [ ]{{0,2}} ,? [ ]{{0,2}} (?: {CLAUSE_ADVERB} [ ]{{1,2}} )?
    )
    {ISSUING_VERB_BEFORE} {SPACE} \Z
    """,
    re.VERBOSE,
)
# After a reference an issuing verb stands before, the day it was issued: "ban hành Chỉ thị số 15-CT/TU" + " vào
# ngày 12/3/2024".
DAY_OF_ISSUING_AFTER = re.compile(
    rf"""
    [ ]{{0,2}} ,? [ ]{{1,2}} (?i: vào ) [ ]{{1,2}} {DAY_WORD} (?P<date> {ISSUE_DAY} ) (?! \d )
    """,
    re.VERBOSE,
)
# Between a reference issued on a clause's date and the next: " và UBND tỉnh ban hành ", ", đồng thời ký ".
SAME_CLAUSE_BEFORE = re.compile(
    rf"""
    [ ]{{0,2}} ,? [ ]{{0,2}} (?: và | đồng [ ]thời ) [ ]{{1,2}}
    {CLAUSE_SUBJECT_WORD}{{0,16}}? {ISSUING_VERB_BEFORE} {SPACE} \Z
    """,
    re.VERBOSE,
)
# A clause's date right before a reference that a passive verb then issues: "Ngày 24/11/2023, " + "Nghị quyết số
# 43-NQ/TW" + " được ban hành".
DATE_JUST_BEFORE = re.compile(
    rf"""
    (?<! [^\W_] ) (?<! [^\W_][ ] )
    (?: (?i: vào ) [ ]{{1,2}} )? {DAY_WORD} (?P<date> {ISSUE_DAY} ) (?! \d ) [ ]{{0,2}} [,:]? [ ]{{0,2}} \Z
    """,
    re.VERBOSE,
)
PASSIVE_ISSUING_AFTER = re.compile(
    rf"""
    [ ]{{0,2}} ,? [ ]{{1,2}} (?: (?i: đã | vừa | mới ) [ ]{{1,2}} )?
    (?: (?i: được ) [ ]{{1,2}} {PASSIVE_AGENT} {ISSUING_VERB} | (?i: ra [ ]đời ) ) {NOT_BEFORE_WORD_CHARACTER}
    """,
    re.VERBOSE,
)
