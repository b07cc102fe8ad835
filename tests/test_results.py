"""Results as the contract's JSON objects: every public field, in field order, and nothing else."""

import dataclasses
from dataclasses import dataclass

import pytest

from extractors import EXTRACTORS, _function
from extractors.normalize import nfc
from extractors.results import Result
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
def test_every_result_of_the_mirror_gives_its_public_fields_in_order(key, path):
    mirror = load_mirror(MIRROR)
    found = 0
    for article in mirror.articles.values():
        text = nfc(article.title + "\n\n" + "\n".join(article.paragraphs))
        for result in _function(path)(text):
            as_dict = Result.as_dict(result)   # a kind may change a field's form after (legal issuers as a list)
            assert list(as_dict) == _public(result)
            assert as_dict == {name: getattr(result, name) for name in _public(result)}
            assert Result.as_dict(result) is not as_dict
            found += 1
    assert found > 0, key
