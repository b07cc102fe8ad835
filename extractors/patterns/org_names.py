"""Regular expressions of the organization names of general news (read by extractors/org_names.py): clubs, teams,
media after a common noun, the lower-case words inside a name, short forms in parentheses, units before parents.

Small named pieces; every repeat is bounded, so scanning time grows with the text only.
"""

from __future__ import annotations

import re

from extractors.patterns.organizations import CAPITAL_SYLLABLE, LOWER, LOWER_SYLLABLE, UPPER

def bounded_name(alternatives: str) -> str:
    """*alternatives* (escaped written forms joined by ``|``) as a whole name: not inside a word, an acronym or a
    dotted or hyphenated form, and not the first word of a longer capitalized name ("ASEAN" but not "ASEAN Cup")."""
    return rf"(?<![\w&.\-])(?:{alternatives})(?![\w&]|[ ]{UPPER})"


DEFINITION = re.compile(r"[ ]?\([ ]?(?P<short>[^()]{1,40}?)[ ]?\)")
# A word of a name: a capitalized syllable, an acronym with digits or "&" ("PVF", "GD&ĐT", "U23"), a number.
NAME_WORD = rf"(?:{CAPITAL_SYLLABLE}|{UPPER}[\w&]{{1,9}}|\d{{1,3}})"
SHORT_RUN = rf"(?:{NAME_WORD}(?:[ ]{NAME_WORD}){{0,3}})"
# A club's name may hold lower-case syllables between its capitalized words ("CLB Công an Hà Nội").
CLUB_RUN = rf"(?:{NAME_WORD}(?:(?:[ ]{LOWER_SYLLABLE}){{1,2}}[ ](?={UPPER}){NAME_WORD}|(?:[ ]|[ ]?-[ ]?){NAME_WORD}){{0,4}})"
CLUBS_AND_TEAMS = re.compile(
    rf"""
    (?<![\w])
    (?:
        (?P<club> (?:CLB|Câu[ ]lạc[ ]bộ) (?:[ ][Bb]óng[ ]đá)? [ ] (?P<club_name> {CLUB_RUN} ) )
      | (?P<team> [Đđ]ội[ ]tuyển (?:[ ](?:bóng[ ]đá|futsal|bóng[ ]chuyền|nữ|quốc[ ]gia|U\d{{2}}|Olympic)){{0,3}}
                  [ ] (?P<team_name> {SHORT_RUN} ) )
      | (?P<fc_first> FC [ ] {SHORT_RUN} )
      | (?: (?<!dự[ ])(?<!thông[ ])(?<!cảnh[ ])(?<!tình[ ])(?<!họp[ ])(?<!đăng[ ])
            (?:báo|tờ|hãng[ ]tin|hãng[ ]thông[ ]tấn) [ ] (?!{UPPER}{{2,4}}(?![\w])) (?P<medium> {SHORT_RUN} ) )
    )
    (?![\w])
    """,
    re.VERBOSE,
)
# "Hà Nội FC": read backwards from "FC", in the few words before it.
CLUB_BEFORE_FC = re.compile(rf"(?<![\w])(?P<fc_name>{SHORT_RUN})[ ]FC$")
FC_REACH = 40
# The runs of letters a club, a team or a medium starts with: only there are those patterns tried.
CLUB_RUNS = frozenset({"CLB", "Câu", "đội", "Đội", "FC", "báo", "tờ", "hãng"})
NAME_HEAD_STARTS = ("Tập đoàn", "Tổng công ty", "Công ty", "CLB", "Câu lạc bộ", "Báo")
# After a name read by the grammar: at most three lower-case syllables, then the capitalized words that end it
# before punctuation, a parenthesis, a lower-case word or the end.
EXTENSION = re.compile(
    rf"""
    (?P<lower> (?: [ ]{LOWER_SYLLABLE} ){{0,3}} )
    [ ] (?P<name> (?={UPPER}) {SHORT_RUN} )
    (?= [ ]?[(,.;:\n] | [ ]{LOWER} | $ )
    """,
    re.VERBOSE,
)
# A company, club or newspaper named in full, whose name after the head and legal form is its short name.
SHORT_NAME_HEADS = re.compile(
    r"""
    (?: Tập[ ]đoàn | Tổng[ ]công[ ]ty | Công[ ]ty | (?P<club> CLB | Câu[ ]lạc[ ]bộ ) | Báo )
    (?: [ ] (?: Cổ[ ]phần | cổ[ ]phần | TNHH | Bóng[ ]đá ) )?
    [ ] (?P<short> .+ )
    """,
    re.VERBOSE,
)
# A short form in parentheses right after a mention that its grammar did not read as a definition: two capitals
# at least ("HCDC", "VinIF").
LATE_DEFINITION = re.compile(r"[ ]\((?P<short>(?=(?:[^)]*[A-ZĐ]){2})[A-ZĐ][A-Za-zĐ&]{1,9})\)")
MAX_SHORT_SYLLABLES = 4
UNIT_GAP = re.compile(rf"(?P<lower>(?:[ ]{LOWER_SYLLABLE}){{0,2}})[ ]")
ACRONYM_AFTER_NUMBER = re.compile(r"\d[ ]?$")
