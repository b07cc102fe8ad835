"""The `danvan extract` command: facts of text and HTML files as JSON Lines (DESIGN.md §1)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from scrapers.errors import InputError

HELP = "extract facts from .txt/.html files (or - for standard input), one JSON object per input"
DESCRIPTION = """\
Read each PATH (UTF-8 plain text, or HTML parsed to its article body; - reads standard input, HTML
when it starts like a page) and print one JSON object per input, in input order, with legal_refs,
money, counts, percents, measures, organizations, locations, dates and activities. Offsets are character
offsets into the NFC form of the text. A long text is extracted in chunks cut at paragraph ends,
by --workers processes, and written as it goes (a progress bar on a terminal). An input that cannot
be read gives {"source": PATH, "error": "..."}; the exit status is 0 if at least one input worked,
1 if none did."""

MAX_BYTES = 20 * 1024 * 1024
HTML_SUFFIXES = {".html", ".htm", ".aspx"}
STDIN = "-"


def add_arguments(parser):
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="text (.txt) or HTML (.html) files; - for standard input")
    parser.add_argument("--workers", type=int, metavar="N",
                        help="processes extracting the chunks of a long text (default: 2, or 1 on one core)")


def too_large(size: int) -> InputError:
    return InputError(f"too large ({size / 2**20:.1f} MiB; the limit is {MAX_BYTES // 2**20} MiB)")


def read_text(path: Path) -> str:
    """The text of one input file, or InputError saying why it cannot be used."""
    if not path.exists():
        raise InputError("no such file")
    if not path.is_file():
        raise InputError("not a regular file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(f"file too large ({size / 2**20:.1f} MiB; the limit is {MAX_BYTES // 2**20} MiB)")
    return decode_input(path.read_bytes(), html=path.suffix.lower() in HTML_SUFFIXES, what="file")


def read_stdin(stream) -> str:
    """The text of standard input (HTML when it starts like a page), or InputError saying why it cannot be used."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(f"standard input too large (over {MAX_BYTES // 2**20} MiB, the limit)")
    head = data[:512].lstrip().lower()
    return decode_input(data, html=head.startswith((b"<!doctype html", b"<html")), what="input")


def decode_input(data: bytes, html: bool, what: str) -> str:
    """UTF-8 text of an input's bytes (an HTML page: its article body), or InputError."""
    if b"\x00" in data:
        raise InputError(f"binary {what} (contains NUL bytes), not UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (bad byte at offset {exc.start})") from exc
    if not text.strip():
        raise InputError(f"empty {what}: no text to extract from")
    if html:
        from scrapers.parse import text_from_html

        text = text_from_html(text)
        if not text.strip():
            raise InputError("no article text in the page (a placeholder, or a page with no body)")
    return text


def input_text(source: str) -> str:
    if source == STDIN:
        return read_stdin(sys.stdin.buffer)
    return read_text(Path(source))


def run(options) -> int:
    from tqdm import tqdm

    from extractors.stream import CHUNK_CHARS, write_object

    workers = options.extra.get("workers") or min(2, os.cpu_count() or 1)
    if workers < 1:
        raise InputError("--workers must be at least 1")
    ok = 0
    for path in options.paths:
        source = str(path)
        try:
            text = input_text(source)
        except (InputError, OSError) as exc:
            error = str(exc) if isinstance(exc, InputError) else f"cannot read: {exc.strerror or exc}"
            print(f"danvan extract: {source}: {error}", file=sys.stderr)
            sys.stdout.write(json.dumps({"source": source, "error": error}, ensure_ascii=False) + "\n")
            sys.stdout.flush()
            continue
        show = sys.stderr.isatty() and len(text) > CHUNK_CHARS
        with tqdm(total=len(text), desc=Path(source).name if source != STDIN else "stdin", unit=" chars", unit_scale=True, file=sys.stderr,
                  disable=not show, leave=False) as bar:
            write_object(sys.stdout, {"source": source}, text, progress=bar.update, workers=workers)
        sys.stdout.flush()
        ok += 1
    return 0 if ok else 1
