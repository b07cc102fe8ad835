"""Vietnamese calendar dates: parse one (``parse_date``) or find every one in a text (``find_dates``)."""

from __future__ import annotations

import datetime
import re
from typing import Iterator

from extractors.normalize import matching_form, nfc
from extractors.patterns.dates import (
    DATE_IN_TEXT, DATE_PARTS, DATE_START, LONGEST_DATE, YEAR_LENGTH, YEAR_OPENINGS, YEAR_RUN,
)
from extractors.prescan import matches_at, written_at
from extractors.results import Result, frozen


@frozen
class DateMention(Result):
    """A date written in the text: ``value`` is ISO (``2009-12-08``; ``2009-12`` for a month, ``2009`` for a year)."""

    value: str
    precision: str  # "day", "month" or "year"


def parse_date(text: str) -> str | None:
    """The ISO date of a written date (``ngày 08 tháng 12 năm 2009`` → ``2009-12-08``); None if not a real date."""
    match = DATE_PARTS.search(matching_form(text))
    if match is None:
        return None
    try:
        day = datetime.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None
    return day.isoformat()


def find_dates(text: str) -> list[DateMention]:
    """Every calendar date of *text*: days, months of a year, and years written ``năm 2024`` (not a bare
    ``2024``, nor a span ``năm 2019 - 2020``)."""
    text = nfc(text)
    found = []
    for match in date_matches(matching_form(text)):
        if match["day_date"]:
            value, precision = parse_date(match["day_date"]), "day"
        elif match["year_date"]:
            value, precision = match["year_only"], "year"
        else:
            value, precision = f"{int(match['year']):04d}-{int(match['month']):02d}", "month"
        if value is None:
            continue
        found.append(DateMention(text[match.start():match.end()], match.start(), match.end(), value, precision))
    return found


def date_matches(form: str) -> Iterator[re.Match]:
    """The matches ``DATE_IN_TEXT.finditer(form)`` gives, looked for only before the runs of four digits that may be
    a date's year (extractors/patterns/dates.py): the leftmost match from where the last one ended is always among
    the characters tried. The runs are those ``YEAR_RUN.finditer`` gives, tried only where a year's first two digits
    are written (YEAR_OPENINGS)."""
    searched_from = 0
    for year in matches_at(YEAR_RUN, form, written_at(form, YEAR_OPENINGS)):
        if year.start() < searched_from:
            continue
        earliest = max(searched_from, year.start() + YEAR_LENGTH - LONGEST_DATE)
        for start in DATE_START.finditer(form, earliest, year.start() + 1):
            match = DATE_IN_TEXT.match(form, start.start())
            if match is not None:
                yield match
                searched_from = match.end()
                break
