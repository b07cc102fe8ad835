"""Small named pieces of the legal-reference patterns (spaces, line breaks, dashes, years, numbers, codes), shared
by extractors/patterns/legal.py and extractors/patterns/legal_dates.py."""

from __future__ import annotations

DASH = r"[\-\u2010-\u2015\u2212]"  # hyphen, en/em dashes, minus
LINE_BREAK = r"(?:\r?\n)"
GAP = rf"(?:[ ]{{0,2}}{LINE_BREAK}?[ ]{{0,2}})"  # nothing, a few spaces, at most one line break
SPACE = rf"(?:[ ]{{1,2}}|[ ]{{0,2}}{LINE_BREAK}[ ]{{0,2}})"  # at least one space or a line break
NOT_AFTER_LETTER = r"(?<![^\W\d_])"
NOT_BEFORE_WORD_CHARACTER = r"(?![^\W_])"
YEAR = r"(?:19|20)\d\d"
# A document number: 1 to 5 digits, not glued to a word, a decimal or another symbol.
NUMBER = r"(?<![\w/.,\-\u2010-\u2015])(?P<number>\d{1,5})(?!\d)"
# One part of a symbol: KL, TW, QĐ, UBND, TTg, QĐi, ThU, QH14, BDVTW, HĐTN (its look-alike "Ð" is made "Đ" by
# extractors.normalize.matching_form).
CODE = rf"(?:[A-ZĐ][A-ZĐ0-9]{{0,11}}[a-z]?[A-ZĐ0-9]{{0,8}}{NOT_BEFORE_WORD_CHARACTER})"
CODE_SEPARATOR = r"(?:[ ]?[/\-\u2013][ ]?)"
# A later part of a symbol may be typed in lower case (1250/QĐ-ubnd); the key spells it in upper case.
LATER_CODE = rf"(?:{CODE}|[a-zđ]{{2,8}}{NOT_BEFORE_WORD_CHARACTER})"
NUMBER_WORD = r"(?i:số)"  # "số", "Số", "SỐ"
# The same pieces for a text read backwards (the words before a number, reversed).
REVERSED_LINE_BREAK = r"(?:\n\r?)"
REVERSED_GAP = rf"(?:[ ]{{0,2}}{REVERSED_LINE_BREAK}?[ ]{{0,2}})"
REVERSED_SPACE = rf"(?:[ ]{{1,2}}|[ ]{{0,2}}{REVERSED_LINE_BREAK}[ ]{{0,2}})"
REVERSED_NUMBER_WORD = r"(?i:ốs)"
NOT_BEFORE_LETTER = r"(?![^\W\d_])"
NOT_AFTER_WORD_CHARACTER = r"(?<![^\W_])"
