"""Extract a long text piece by piece: chunks cut at paragraph ends, each through ``extract``, offsets into the whole text.

``extract_chunks(text)`` yields, for each chunk, the same object ``extract`` gives, with ``start``/``end`` (and
``count_index``) shifted so that they refer to the whole NFC text; ``write_object`` writes the object of
DESIGN.md §1 for a whole text to a stream without holding every fact (each kind's facts are spooled to a
temporary file as JSON, then copied out in order), so memory stays a small multiple of the text.

What a chunk boundary keeps and loses:

* a chunk ends at a line break (danvan's paragraphs are lines) once it holds ``CHUNK_CHARS`` characters;
  a paragraph longer than ``2 × CHUNK_CHARS`` is cut at a sentence end, else at a space. A text shorter
  than a chunk is one chunk, so its object is exactly ``extract(text)``;
* a legal short form (``Kết luận 62``) is resolved against the full references of every earlier chunk
  (``extract(..., known_references=...)`` carries them forward), as in one text;
* what reads the neighbourhood of a fact stays within its chunk: the date, issuer and title one mention
  of a document lends the others (step 6 of ``extractors.legal``, in ``extractors.legal.sharing``), the place an
  organization takes from the text before it, a sum of money's count (``count_index``) and an activity's actor,
  place, sums and counts. Facts never span two chunks; at a paragraph end none can.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Callable, Iterator

from extractors import INDEX_FIELDS, KINDS, extract
from extractors.normalize import nfc

CHUNK_CHARS = 256 * 1024
SENTENCE_END = re.compile(r"[.!?…][\"”’»)\]]*\s+")
SPACE = re.compile(r"\s+")


def chunk_bounds(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of consecutive chunks covering *text*: each ends after a line break past *size* characters."""
    start, length = 0, len(text)
    while start < length:
        if length - start <= size:
            yield start, length
            return
        end = text.find("\n", start + size, start + 2 * size)
        if end >= 0:
            end += 1
        else:
            end = _first_match_end(SENTENCE_END, text, start + size, start + 2 * size) \
                or _first_match_end(SPACE, text, start + size, start + 2 * size) or start + 2 * size
        yield start, end
        start = end


def _first_match_end(pattern: re.Pattern, text: str, low: int, high: int) -> int | None:
    """The end of the first match of *pattern* in ``text[low:high]``, or None."""
    match = pattern.search(text, low, high)
    return match.end() if match else None


def _shifted(found: dict, base: int, seen: dict[str, int]) -> dict:
    """*found* with offsets moved by *base* and the indexes of ``INDEX_FIELDS`` by *seen* (facts of each kind in the
    chunks before)."""
    for facts in found.values():
        for fact in facts:
            fact["start"] += base
            fact["end"] += base
    for kind, field, target in INDEX_FIELDS:
        for fact in found[kind]:
            value = fact.get(field)
            if isinstance(value, list):
                fact[field] = [index + seen[target] for index in value]
            elif value is not None:
                fact[field] = value + seen[target]
    return found


def extract_chunks(text: str, size: int = CHUNK_CHARS, progress: Callable[[int], None] | None = None,
                   workers: int = 1) -> Iterator[dict]:
    """``extract`` of each chunk of ``nfc(text)``, offsets and indexes into the whole; *progress* gets chunk lengths.

    With ``workers > 1`` the chunks are extracted by that many forked processes, a few chunks ahead of the
    one being written; a chunk holding a short form left unresolved is then read again for its legal
    references here, in order, against the full references of the chunks before it.
    """
    from extractors.legal import find_legal_refs

    text = nfc(text)
    bounds = list(chunk_bounds(text, size))
    known_references: dict = {}
    seen = dict.fromkeys(KINDS, 0)
    parallel = workers > 1 and len(bounds) > 1
    if parallel:   # load what the extractors load lazily (underthesea's tagger) once, for the forked workers to share
        extract(text[:min(bounds[0][1], 4096)])
    with _Ahead(workers if parallel else 0) as ahead:
        found_by_chunk = ahead.map(_extract_with_references, [(text, start, end) for start, end in bounds]) \
            if parallel else ((extract(text[start:end], known_references=known_references), {}) for start, end in bounds)
        for (start, end), (found, references) in zip(bounds, found_by_chunk):
            if parallel and known_references and any(_unresolved(ref) for ref in found["legal_refs"]):
                found["legal_refs"] = [ref.as_dict() for ref in
                                       find_legal_refs(text[start:end], earlier=known_references)]
            else:   # nothing to resolve here: the chunk's own full references serve the chunks after it
                for reference, mention in references.items():
                    known_references.setdefault(reference, mention)
            found = _shifted(found, start, seen)
            for kind in KINDS:
                seen[kind] += len(found[kind])
            if progress:
                progress(end - start)
            yield found


def _extract_with_references(chunk: str) -> tuple[dict, dict]:
    """``extract`` of a chunk in a worker, with the full legal references it found (for the chunks after it)."""
    references: dict = {}
    return extract(chunk, known_references=references), references


def _unresolved(ref: dict) -> bool:
    """A legal short form that found no full reference in its own chunk (one of an earlier chunk may fit)."""
    return ref["key"] is None and ref["name"] is None and ref["number"] is not None


class _Ahead:
    """A pool of forked workers that runs a function over text slices, at most two chunks a worker ahead."""

    def __init__(self, workers: int):
        self.workers = workers
        self.pool = None

    def __enter__(self):
        if self.workers:
            import multiprocessing

            self.pool = multiprocessing.get_context("fork").Pool(self.workers)
        return self

    def __exit__(self, *exc):
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()

    def map(self, function, slices) -> Iterator:
        from collections import deque

        pending: deque = deque()
        slices = iter(slices)
        for text, start, end in slices:
            pending.append(self.pool.apply_async(function, (text[start:end],)))
            if len(pending) >= 2 * self.workers:
                break
        for text, start, end in slices:
            yield pending.popleft().get()
            pending.append(self.pool.apply_async(function, (text[start:end],)))
        while pending:
            yield pending.popleft().get()


def write_object(out, head: dict, text: str, size: int = CHUNK_CHARS,
                 progress: Callable[[int], None] | None = None, workers: int = 1) -> dict[str, int]:
    """Write ``{**head, **extract(text)}`` as one JSON line to *out*, chunk by chunk; the number of facts by kind.

    The bytes are those of ``json.dumps(..., ensure_ascii=False)`` of the whole object.
    """
    keys = KINDS
    spools = {key: tempfile.TemporaryFile("w+", encoding="utf-8") for key in keys}
    counts = dict.fromkeys(keys, 0)
    try:
        for found in extract_chunks(text, size, progress, workers):
            for key in keys:
                for fact in found[key]:
                    spools[key].write((", " if counts[key] else "") + json.dumps(fact, ensure_ascii=False))
                    counts[key] += 1
        out.write(json.dumps(head, ensure_ascii=False)[:-1] + (", " if head else ""))
        for index, key in enumerate(keys):
            out.write(("" if index == 0 else ", ") + json.dumps(key) + ": [")
            spool = spools[key]
            spool.seek(0)
            while piece := spool.read(1 << 20):
                out.write(piece)
            out.write("]")
        out.write("}\n")
    finally:
        for spool in spools.values():
            spool.close()
    return counts
