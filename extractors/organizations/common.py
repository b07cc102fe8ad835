"""What the stages of organization finding share: the results and the candidate being read."""

from __future__ import annotations

from dataclasses import dataclass

from extractors.patterns.organizations import Body
from extractors.results import Result, frozen

INHERITED_FAMILY = "inherit"  # a part ("Ban Thường vụ") of the family of the body it is joined to


@frozen
class Organization(Result):
    """A mention of an organization: canonical ``name`` without level and place, which are apart."""

    name: str
    abbreviation: str | None
    level: str | None
    locality: str | None
    family: str | None = None
    successor: str | None = None


@frozen
class Location(Result):
    """A mention of an administrative unit or settlement: ``xã Ia Blang`` → name Ia Blang, level xã."""

    name: str
    level: str
    parent: str | None = None
    code: int | None = None


@dataclass
class Candidate:
    """An organization being read: a span of the matching form and what is known of it so far."""

    start: int
    end: int
    name: str
    family: str | None
    body: Body | None = None
    abbreviation: str | None = None
    level: str | None = None
    locality: str | None = None
    joined: bool = False
    successor: str | None = None
    several_places: bool = False  # its level names several places ("các xã", "15 xã", "cấp xã"): no locality
