"""Organization names of general news that the political system's grammar misses, and where such names end.

Used by ``extractors.organizations`` at three points, each a small step over its candidates:

1. ``known_names``: names known as written (data/org_names.yaml: international bodies, big companies and banks,
   news agencies, clubs, with their acronyms and brands) and the names of clubs and national teams
   ("CLB Hải Phòng", "Hà Nội FC", "đội tuyển Việt Nam");
2. ``extend_names``: a name read by the grammar goes on over a few lower-case words to the capitalized word
   that ends it ("Quỹ Đổi mới sáng tạo Vingroup", "Công ty Cổ phần Lọc hóa dầu Bình Sơn");
3. ``split_definitions``: "Ngân hàng TMCP Quân đội (MB)" is two mentions, the name and its short form; and a
   unit written right before its parent is one name ("Cơ quan Cảnh sát điều tra Công an tỉnh Nghệ An").
"""

from __future__ import annotations

import re
from dataclasses import replace

DEFINITION = re.compile(r"[ ]?\([ ]?(?P<short>[^()]{1,40}?)[ ]?\)")


def split_definitions(candidates: list, form: str) -> list:
    """Each candidate whose span holds its short form in parentheses ("Ủy ban nhân dân (UBND) huyện") as two
    mentions: the name before the parenthesis and the short form inside it, both with the same fields."""
    result = []
    for candidate in candidates:
        short = candidate.abbreviation
        if not short:
            result.append(candidate)
            continue
        definition = _definition_in(form, candidate.start, candidate.end, short)
        if definition is None:
            result.append(candidate)
            continue
        result.append(replace(candidate, end=definition.start()))
        result.append(replace(candidate, start=definition.start("short"), end=definition.end("short")))
    return result


def _definition_in(form: str, start: int, end: int, short: str) -> re.Match | None:
    for match in DEFINITION.finditer(form, start, end):
        if match.group("short") == short and match.start() > start:
            return match
    return None
