"""Regular expressions of Vietnamese calendar dates (ngày 08 tháng 12 năm 2009, 15/11/2017, 1-7-2016)."""

from __future__ import annotations

import re

# Small pieces; none has a nested unbounded repeat, so no input makes them slow.
GAP = r"[ ]{0,2}"
DAY = r"(?:0?[1-9]|[12]\d|3[01])"
MONTH = r"(?:0?[1-9]|1[0-2])"
YEAR = r"(?:1[89]\d\d|20\d\d)"
NUMERIC_SEPARATOR = r"[ ]?[/.\-\u2013][ ]?"
NOT_AFTER_NUMBER = r"(?<![\d/.,\-])"
NOT_BEFORE_NUMBER = r"(?![\d/]|[.,]\d)"

# "08 tháng 12 năm 2009", "8 tháng 12, 2009", "08 tháng 12/2009"
WORDED_DATE = rf"""
    {DAY} {GAP} tháng {GAP} {MONTH} {GAP} (?: năm | , | / ) {GAP} {YEAR}
"""
# "15/11/2017", "1-7-2016", "15.04.2020"
NUMERIC_DATE = rf"""
    {DAY} {NUMERIC_SEPARATOR} {MONTH} {NUMERIC_SEPARATOR} {YEAR}
"""
# Either form, without capturing groups: for embedding in other patterns (legal references).
ANY_DATE = rf"""
    (?: {WORDED_DATE} | {NUMERIC_DATE} )
"""

# The parts of a date already found, to read its day, month and year.
DATE_PARTS = re.compile(
    rf"""
    (?P<day> {DAY} )
    (?: {GAP} tháng {GAP} | {NUMERIC_SEPARATOR} )
    (?P<month> {MONTH} )
    (?: {GAP} (?: năm | , | / ) {GAP} | {NUMERIC_SEPARATOR} )
    (?P<year> {YEAR} )
    """,
    re.VERBOSE | re.IGNORECASE,
)

# "năm 2019 - 2020", "năm 2016-2021": a span of years, not one year.
NOT_A_YEAR_SPAN = r"(?! [ ]{0,2} [\-\u2013] [ ]{0,2} \d )"
# A date in running text: full dates (with or without "ngày"), a month of a year, or a year written
# "năm 2024" (a year alone, "2024", is not taken: it may be anything from a number to a term).
DATE_IN_TEXT = re.compile(
    rf"""
    (?= [\dnNtT] )  # every date begins with a digit, "ngày", "tháng" or "năm": other positions fail at once
    {NOT_AFTER_NUMBER}
    (?: (?P<day_date> (?: ngày {GAP} )? {ANY_DATE} )
      | (?P<month_date> tháng {GAP} (?P<month> {MONTH} ) {GAP} (?: năm | / ) {GAP} (?P<year> {YEAR} ) )
      | (?<![^\W\d_]) (?P<year_date> năm {GAP} (?P<year_only> {YEAR} ) ) {NOT_A_YEAR_SPAN}
    )
    {NOT_BEFORE_NUMBER}
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Where dates are looked for. Every date ends with its year, four digits after a non-digit: YEAR_RUN finds each
# (with other numbers that look like years), and a date begins at most LONGEST_DATE - 4 characters before it, at a
# character DATE_START accepts (the look-ahead of DATE_IN_TEXT). DATE_IN_TEXT is tried at those characters only.
YEAR_RUN = re.compile(YEAR)
YEAR_OPENINGS = ("18", "19", "20")   # the first two digits of every match of YEAR (and of YEAR_RUN)
DATE_START = re.compile(r"[\dnNtT]", re.IGNORECASE)
LONGEST_DATE = len("ngày  31  tháng  12  năm  2009")   # the longest text DATE_IN_TEXT matches
YEAR_LENGTH = 4
