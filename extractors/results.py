"""The base of every extractor result: a frozen span of the NFC text with typed fields."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Result:
    """A fact found in a text: ``text == nfc_text[start:end]``; subclasses add typed fields."""

    text: str
    start: int
    end: int

    def as_dict(self) -> dict:
        """The JSON object of the contract (DESIGN.md §1), keys in field order."""
        return {name: getattr(self, name) for name in _public_fields(type(self))}

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


@lru_cache(maxsize=None)
def _public_fields(cls: type) -> tuple[str, ...]:
    """The names of a result class's fields that go into its JSON object (those not starting with ``_``)."""
    return tuple(f.name for f in dataclasses.fields(cls) if not f.name.startswith("_"))
