"""Find organizations of the political system and administrative places in Vietnamese text, with offsets.

A hybrid, each part data plus one small engine, each a module of this package:

1. the gazetteer (``gazetteer``: data/organizations.yaml, with the abbreviated forms of data/abbreviations.yaml);
2. a name grammar for names no list holds (``grammar``): a head noun (data/org_heads.yaml) and its capitalized
   modifiers, words and their parts of speech taken from underthesea (its fast "v2.0" model, shared with the
   counts) for the few candidate phrases only;
3. parts joined to the body written after them ("Ban Thường vụ" + "Huyện ủy"), then the level and place
   ("huyện Chư Sê", "các xã, phường") split off into ``level``/``locality`` (``assembly``);
4. abbreviations defined in the text ("Hội Cựu chiến binh (CCB)") bound for the rest of the article;

with the administrative places named with their level (``locations``) and the names of general news
(``extractors.org_names``).
"""

from __future__ import annotations

from extractors.normalize import matching_form, nfc
from extractors.org_names import extend_names, finish_mentions, known_names, read_province_after
from extractors.organizations.assembly import (
    infer_localities,
    is_organization,
    join_parts,
    on_word_boundaries,
    read_definitions,
    read_level_and_place,
)
from extractors.organizations.common import INHERITED_FAMILY, Candidate, Location, Organization
from extractors.organizations.gazetteer import gazetteer_candidates
from extractors.organizations.grammar import grammar_candidates
from extractors.organizations.locations import find_locations, place_start
from extractors.overlap import SpanIndex, resolve_overlaps
from extractors.patterns.organizations import organization_patterns

__all__ = ["Location", "Organization", "find_locations", "find_organizations"]


def find_organizations(text: str) -> list[Organization]:
    """Every mention of an organization, canonical name apart from its level and place, in text order."""
    text = nfc(text)
    form = matching_form(text)
    patterns = organization_patterns()
    locations = find_locations(text)
    place_spans = SpanIndex([(place_start(loc), loc.end) for loc in locations])

    candidates = gazetteer_candidates(form, patterns)
    candidates += grammar_candidates(form, patterns, candidates, place_spans)
    extend_names(candidates, form, patterns)
    candidates += [Candidate(*known) for known in known_names(form)]
    candidates = [c for c in candidates if not place_spans.covers(c.start)]
    candidates.sort(key=lambda c: (c.start, -c.end))
    candidates = join_parts(candidates, form)
    candidates = read_definitions(candidates, form, patterns)
    for candidate in candidates:
        read_level_and_place(candidate, form, patterns)
    read_province_after(candidates, form)
    candidates = [c for c in candidates if is_organization(c) and on_word_boundaries(c, form)]
    infer_localities(candidates, locations)
    candidates = finish_mentions(candidates, form, patterns.places)
    results = [
        Organization(
            text=text[c.start:c.end], start=c.start, end=c.end, name=c.name,
            abbreviation=c.abbreviation or (c.body.abbreviation if c.body and not c.joined else None),
            level=c.level, locality=c.locality, family=None if c.family == INHERITED_FAMILY else c.family,
            successor=c.successor,
        )
        for c in candidates
    ]
    return resolve_overlaps(results)
