"""The `danvan extract` command: facts of text and HTML files as JSON Lines (DESIGN.md §1)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from scrapers.errors import InputError

HELP = "extract facts from .txt/.html files, one JSON object per file"
DESCRIPTION = """\
Read each PATH (UTF-8 plain text, or HTML parsed to its article body) and print one JSON
object per file, in input order, with legal_refs, money, counts, percents, measures,
organizations, locations and dates. Offsets are character offsets into the NFC form of the text.
A file that cannot be read gives {"source": PATH, "error": "..."}; the exit status is 0 if
at least one file worked, 1 if none did."""

MAX_BYTES = 20 * 1024 * 1024
HTML_SUFFIXES = {".html", ".htm", ".aspx"}


def add_arguments(parser):
    parser.add_argument("paths", nargs="+", metavar="PATH", help="text (.txt) or HTML (.html) files")


def read_text(path: Path) -> str:
    """The text of one input file, or InputError saying why it cannot be used."""
    if not path.exists():
        raise InputError("no such file")
    if not path.is_file():
        raise InputError("not a regular file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(f"file too large ({size / 2**20:.1f} MiB; the limit is {MAX_BYTES // 2**20} MiB)")
    data = path.read_bytes()
    if b"\x00" in data:
        raise InputError("binary file (contains NUL bytes), not UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (bad byte at offset {exc.start})") from exc
    if not text.strip():
        raise InputError("empty file: no text to extract from")
    if path.suffix.lower() in HTML_SUFFIXES:
        from scrapers.parse import text_from_html

        text = text_from_html(text)
        if not text.strip():
            raise InputError("no article text in the page (a placeholder, or a page with no body)")
    return text


def extract_file(path: Path) -> dict:
    from extractors import extract

    try:
        text = read_text(path)
    except InputError as exc:
        return {"source": str(path), "error": str(exc)}
    except OSError as exc:
        return {"source": str(path), "error": f"cannot read: {exc.strerror or exc}"}
    return {"source": str(path), **extract(text)}


def run(options) -> int:
    ok = 0
    for path in options.paths:
        obj = extract_file(path)
        if "error" in obj:
            print(f"danvan extract: {path}: {obj['error']}", file=sys.stderr)
        else:
            ok += 1
        sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0 if ok else 1
