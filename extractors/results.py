"""The base of every extractor result: a frozen span of the NFC text with typed fields."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    """A fact found in a text: ``text == nfc_text[start:end]``; subclasses add typed fields."""

    text: str
    start: int
    end: int

    def as_dict(self) -> dict:
        """The JSON object of the contract (DESIGN.md §1), keys in field order."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if not f.name.startswith("_")}

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)
