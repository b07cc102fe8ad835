"""What every family of the mirror shares: the data directory, a response, HTML escaping, reading the YAML files."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from scrapers.errors import InputError
from scrapers.profile import read_yaml as read_yaml_file

DATA_ROOT = Path(__file__).resolve().parent.parent.parent / "data" / "mirror"
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()


def html_response(status: int, page: str) -> Response:
    return Response(status, page.encode("utf-8"))


def esc_text(value: str) -> str:
    """Plain text → HTML text: escaped, a no-break space written as &nbsp;."""
    return html.escape(value, quote=False).replace("\u00a0", "&nbsp;")


def esc_attr(value: str) -> str:
    return html.escape(value, quote=True)


def problem(source: Path | str, message: str) -> InputError:
    return InputError(f"mirror file {source}: {message}")


def check_fields(raw, source: Path | str, allowed: frozenset, required: tuple[str, ...], what: str) -> None:
    """Refuse, naming every problem at once, a mapping of *what* with unknown or missing fields (or no mapping)."""
    if not isinstance(raw, dict):
        raise problem(source, what)
    problems = []
    unknown = sorted(set(raw) - allowed)
    if unknown:
        problems.append(f"unknown field(s) {', '.join(unknown)}")
    problems += [f"missing '{key}'" for key in required if key not in raw]
    if problems:
        raise problem(source, "; ".join(problems))


def as_date(value, key: str) -> date:
    """A YAML date (or ISO text) as a date; ValueError with the field's rule otherwise."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"'{key}' must be an ISO date YYYY-MM-DD, not {value!r}") from None


def read_yaml(path: Path):
    """A mirror file's YAML content; a bad file is an InputError naming it."""
    return read_yaml_file(path, lambda message: problem(path, message))


def read_mapping(path: Path, what: str) -> dict:
    """A YAML file that must exist and hold a mapping; clear errors otherwise."""
    if not path.is_file():
        raise InputError(f"no {what} at {path.parent}: {path} is missing")
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise problem(path, f"{path.name} is a mapping of settings")
    return raw


def split_paragraphs(body: str) -> tuple[str, ...]:
    """The paragraphs of a YAML body: separated by a blank line; lines inside one are joined by a space."""
    body = (body or "").strip("\n")
    if not body.strip():
        return ()
    paragraphs = []
    for chunk in PARAGRAPH_BREAK.split(body):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if lines:
            paragraphs.append(" ".join(line.rstrip("\n") for line in lines))
    return tuple(paragraphs)


def page_number(values: list[str] | None, default: int = 1) -> int:
    """A page number from a query value: ASCII digits only (not "²" nor "٣"), else *default*."""
    value = (values or [""])[0]
    return int(value) if value.isascii() and value.isdigit() else default
