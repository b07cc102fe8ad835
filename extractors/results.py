"""The base of every extractor result: a frozen span of the NFC text with typed fields."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from typing import Callable


@dataclass(frozen=True)
class Result:
    """A fact found in a text: ``text == nfc_text[start:end]``; subclasses add typed fields."""

    text: str
    start: int
    end: int

    def as_dict(self) -> dict:
        """The JSON object of the contract (DESIGN.md §1), keys in field order."""
        names, values = _public_fields(type(self))
        if names is None:   # every field public, and nothing but the fields in the instance: its attributes, copied
            return self.__dict__.copy()
        return dict(zip(names, values(self)))

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


@lru_cache(maxsize=None)
def _public_fields(cls: type) -> tuple[tuple[str, ...] | None, Callable[[object], tuple] | None]:
    """The names of a result class's fields that go into its JSON object (those not starting with ``_``), and a
    function giving their values, in that order; (None, None) when every field goes into it."""
    fields = dataclasses.fields(cls)
    names = tuple(f.name for f in fields if not f.name.startswith("_"))
    if len(names) == len(fields):
        return None, None
    getter = attrgetter(*names)
    return names, (getter if len(names) > 1 else lambda result: (getter(result),))
