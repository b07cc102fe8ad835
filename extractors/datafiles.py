"""Read the pattern and gazetteer data files of ``extractors/data`` (YAML and TSV), each parsed once."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when PyYAML has it


@lru_cache(maxsize=None)
def load_yaml(name: str):
    """The YAML data file *name* of ``extractors/data``, parsed once; callers read it and never change it."""
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_YAML_LOADER)


@lru_cache(maxsize=None)
def load_tsv(name: str) -> tuple[dict[str, str], ...]:
    """The rows of the tab-separated data file *name* (a header line first; ``#`` lines are comments), parsed once."""
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return tuple(csv.DictReader(lines, delimiter="\t"))
