"""The base of every extractor result: a frozen span of the NFC text with typed fields."""

from __future__ import annotations

import dataclasses
from dataclasses import MISSING, dataclass
from functools import lru_cache
from operator import attrgetter
from typing import Callable, TypeVar, dataclass_transform

T = TypeVar("T", bound=type)


@dataclass_transform(frozen_default=True)
def frozen(cls: T) -> T:
    """``dataclass(frozen=True)`` for the classes made by the dozen for every text read (results, numbers read),
    whose ``__init__`` fills the instance's attributes in one step.

    A frozen dataclass's own ``__init__`` sets each field through ``object.__setattr__``, one call per field (about
    2.4 µs for the 15 fields of a legal reference, against 0.3 µs in one step). Everything else is the dataclass's:
    fields, defaults, equality, hash, ``repr``, ``dataclasses.replace`` and the refusal to set or delete an attribute
    (``dataclasses.FrozenInstanceError``). The attributes are in field order, as the dataclass's ``__init__`` sets
    them. A class with a default factory, a field left out of ``__init__``, a keyword-only field or a
    ``__post_init__`` is refused (TypeError): none is needed."""
    cls = dataclass(frozen=True)(cls)
    fields = dataclasses.fields(cls)
    if hasattr(cls, "__post_init__") or any(
            f.default_factory is not MISSING or not f.init or f.kw_only for f in fields):
        raise TypeError(f"{cls.__name__}: frozen() takes plain fields only (no factory, init=False, kw_only, "
                        f"__post_init__)")
    defaults = {f"_default_{f.name}": f.default for f in fields if f.default is not MISSING}
    parameters = ", ".join(f.name if f.default is MISSING else f"{f.name}=_default_{f.name}" for f in fields)
    attributes = ", ".join(f"{f.name!r}: {f.name}" for f in fields)
    namespace: dict = {}
    exec(f"def __init__(self, {parameters}):\n    self.__dict__.update({{{attributes}}})\n", defaults, namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    cls.__init__ = init
    return cls


@frozen
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
