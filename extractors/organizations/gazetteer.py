"""Organizations of the gazetteer (data/organizations.yaml, abbreviations.yaml) as written in the text."""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.organizations.common import Candidate
from extractors.prescan import in_lower_case, matches_at
from extractors.patterns.organizations import Body, OrganizationPatterns, surface_key

SYLLABLES_CASE_FREE = 4
LEVEL_AFTER = re.compile(r"[ ]{1,2}(?P<word>\w+)")


def gazetteer_candidates(form: str, patterns: OrganizationPatterns) -> list[Candidate]:
    found = []
    lower_case = in_lower_case(form)
    gazetteer, subject = (patterns.gazetteer, form) if lower_case is None else (patterns.gazetteer_in_lower_case,
                                                                                  lower_case)
    for match in matches_at(gazetteer, subject, patterns.gazetteer_starts.starts(form)):
        written = form[match.start():match.end()]
        key = surface_key(written)
        body = patterns.bodies_by_surface.get(key)
        if body is None:
            continue
        if not written[0].isupper():
            if not _lower_case_name(form, written, match.end(), body, patterns):
                continue
        elif not _capitals_fit(written, patterns.written_by_surface[key]):
            continue
        found.append(Candidate(match.start(), match.end(), body.name, body.family, body, successor=body.successor))
    return found


def _lower_case_name(form: str, written: str, end: int, body: Body, patterns: OrganizationPatterns) -> bool:
    """ "hội phụ nữ xã", "đoàn thanh niên huyện": a mass organization's name all in lower case counts when a
    level word follows it (*written* ends at *end*)."""
    if body.family != "mass" or not written.islower():
        return False
    following = LEVEL_AFTER.match(form, end)
    return following is not None and following.group("word").lower() in patterns.levels


_BETWEEN_WORDS = re.compile(r"[\s\-\u2010-\u2014]+")   # what separates the words of a name: spaces, dashes


@lru_cache(maxsize=4096)   # a name comes back within a text and from one text to the next
def _capitals_fit(written: str, listed: str) -> bool:
    """Short names must keep their capitals ("Ban tổ chức" of an event is not the Party's "Ban Tổ chức");
    names of four syllables or more are unambiguous whatever their case."""
    words = _BETWEEN_WORDS.split(written.strip())
    listed_words = _BETWEEN_WORDS.split(listed.strip())
    if len(listed_words) >= SYLLABLES_CASE_FREE:
        return True
    return all(a[:1].isupper() == b[:1].isupper() for a, b in zip(words, listed_words) if a and b)
