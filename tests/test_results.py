"""Results as the contract's JSON objects: every public field, in field order, and nothing else; ``frozen``
result classes behave as frozen dataclasses."""

import dataclasses
import pickle
from dataclasses import dataclass, field

import pytest

from extractors import EXTRACTORS, extractor_function
from extractors.normalize import nfc
from extractors.results import Result, frozen
from scrapers.mirror import load_mirror
from tests.conftest import MIRROR


@dataclass(frozen=True)
class _WithPrivate(Result):
    name: str
    _note: str = "not in the object"


def _public(result) -> list[str]:
    return [f.name for f in dataclasses.fields(result) if not f.name.startswith("_")]


def test_private_fields_stay_out():
    result = _WithPrivate(text="Ban", start=0, end=3, name="Ban Dân vận")
    assert result.as_dict() == {"text": "Ban", "start": 0, "end": 3, "name": "Ban Dân vận"}


def test_the_object_is_a_copy():
    result = _WithPrivate(text="Ban", start=0, end=3, name="Ban Dân vận")
    result.as_dict()["name"] = "changed"
    assert result.name == "Ban Dân vận"


@pytest.mark.parametrize("key, path", EXTRACTORS)
def test_every_result_of_the_mirror_gives_its_public_fields_in_order_and_is_frozen(key, path):
    mirror = load_mirror(MIRROR)
    found = 0
    for article in mirror.articles.values():
        text = nfc(article.title + "\n\n" + "\n".join(article.paragraphs))
        for result in extractor_function(path)(text):
            as_dict = Result.as_dict(result)   # a kind may change a field's form after (legal issuers as a list)
            assert list(as_dict) == _public(result)
            assert as_dict == {name: getattr(result, name) for name in _public(result)}
            assert Result.as_dict(result) is not as_dict
            with pytest.raises(dataclasses.FrozenInstanceError):
                result.start = -1
            found += 1
    assert found > 0, key


@frozen
class _Reading(Result):
    value: int
    vague: bool = False
    unit: str | None = None
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class _DataclassReading(Result):
    value: int
    vague: bool = False
    unit: str | None = None
    words: tuple[str, ...] = ()


# (arguments, keyword arguments): the same calls to the class made with ``frozen`` and to its dataclass twin
CALLS = [
    (("hơn 30", 0, 6, 30), {}),
    (("hàng trăm", 3, 12, 100, True), {}),
    (("30 hộ", 0, 5), {"value": 30, "unit": "hộ", "words": ("hộ",)}),
    ((), {"text": "2 tỷ", "start": 9, "end": 13, "value": 2_000_000_000, "vague": False, "unit": None}),
]


@pytest.mark.parametrize("args, kwargs", CALLS)
def test_frozen_builds_what_a_frozen_dataclass_builds(args, kwargs):
    made, twin = _Reading(*args, **kwargs), _DataclassReading(*args, **kwargs)
    assert dataclasses.astuple(made) == dataclasses.astuple(twin)
    assert list(vars(made).items()) == list(vars(twin).items())   # the attributes in field order
    assert made.as_dict() == twin.as_dict() and list(made.as_dict()) == list(twin.as_dict())
    assert repr(made) == repr(twin).replace("_DataclassReading", "_Reading")
    assert made == _Reading(*args, **kwargs) and hash(made) == hash(_Reading(*args, **kwargs))
    assert pickle.loads(pickle.dumps(made)) == made
    replaced = dataclasses.replace(made, value=7)
    assert (replaced.value, replaced.text, replaced.unit) == (7, made.text, made.unit)


@pytest.mark.parametrize("args, kwargs", [((), {}), (("30 hộ", 0, 5), {}), (("30 hộ", 0, 5, 30), {"spam": 1}),
                                          (("30 hộ", 0, 5, 30), {"text": "again"}),
                                          (("30 hộ", 0, 5, 30, False, None, (), "one too many"), {})])
def test_frozen_refuses_the_calls_a_frozen_dataclass_refuses(args, kwargs):
    for cls in (_Reading, _DataclassReading):
        with pytest.raises(TypeError):
            cls(*args, **kwargs)


def test_a_frozen_result_cannot_change():
    made = _Reading("30 hộ", 0, 5, 30)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.value = 31
    with pytest.raises(dataclasses.FrozenInstanceError):
        del made.unit
    assert made.value == 30


# (name, class body): what a frozen dataclass would build but ``frozen`` refuses
REFUSED = [
    ("WithFactory", {"__annotations__": {"words": list}, "words": field(default_factory=list)}),
    ("WithPostInit", {"__annotations__": {"value": int}, "__post_init__": lambda self: None}),
    ("WithKeywordOnly", {"__annotations__": {"value": int}, "value": field(kw_only=True)}),
    ("WithFieldOutOfInit", {"__annotations__": {"value": int}, "value": field(default=0, init=False)}),
]


@pytest.mark.parametrize("name, body", REFUSED)
def test_frozen_refuses_what_it_does_not_build(name, body):
    dataclass(frozen=True)(type(name, (), dict(body)))   # a frozen dataclass builds it
    with pytest.raises(TypeError, match="plain fields only"):
        frozen(type(name, (), dict(body)))
