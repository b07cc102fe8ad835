"""Extract typed facts from Vietnamese text: ``extract(text)`` gives one object of DESIGN.md §1.

Each extractor is a pure function ``text -> list[Result]`` listed in ``EXTRACTORS``; results carry
offsets into the NFC form of the text (``extractors.normalize.nfc``).
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from extractors.normalize import nfc

EXTRACTOR_VERSION = "0.2.0"  # raised when the facts found change: a build then extracts every article again

# (key in the output object, "module:function"); the order is the order of the keys.
EXTRACTORS = [
    ("legal_refs", "extractors.legal:find_legal_refs"),
    ("money", "extractors.money:find_money"),
    ("counts", "extractors.quantities:find_counts"),
    ("percents", "extractors.quantities:find_percents"),
    ("measures", "extractors.quantities:find_measures"),
    ("organizations", "extractors.organizations:find_organizations"),
    ("locations", "extractors.organizations:find_locations"),
    ("dates", "extractors.dates:find_dates"),
]
# Kinds read from the other kinds' results, after them: (key in the output object, "module:function").
LINKED_EXTRACTORS = [
    ("activities", "extractors.activities:find_activities"),
]
# Every key of the output object, in its order.
KINDS = [key for key, _path in EXTRACTORS + LINKED_EXTRACTORS]
# Fields that point into another list of the same object: (kind, field, kind pointed into). A field holds one
# index, a list of indexes, or null. Whoever joins the objects of several pieces of one text shifts them.
INDEX_FIELDS = [
    ("money", "count_index", "counts"),
    ("activities", "actor", "organizations"),
    ("activities", "place", "locations"),
    ("activities", "money", "money"),
    ("activities", "counts", "counts"),
]


@lru_cache(maxsize=None)
def extractor_function(path: str):
    """The function a ``"module:function"`` path of EXTRACTORS or LINKED_EXTRACTORS names (imported once)."""
    module_name, name = path.split(":")
    return getattr(importlib.import_module(module_name), name)


def extract(text: str, *, known_references: dict | None = None) -> dict:
    """All facts of *text* as the contract's JSON object (without ``source``); ``activities`` are read last,
    from the text and the other kinds' results.

    *known_references*, a dict the caller keeps from one call to the next (``extractors.stream`` does, chunk
    after chunk), lets a legal short form resolve against the full references of the texts extracted before.
    """
    text = nfc(text)
    results = {key: extractor_function(path)(text) if known_references is None or key != "legal_refs"
               else extractor_function(path)(text, earlier=known_references) for key, path in EXTRACTORS}
    out = {key: [r.as_dict() for r in found] for key, found in results.items()}
    extractor_function("extractors.money:link_money_to_counts")(out["money"], out["counts"], text)
    for key, path in LINKED_EXTRACTORS:
        out[key] = [r.as_dict() for r in extractor_function(path)(text, out)]
    return out
