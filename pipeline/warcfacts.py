"""`danvan extract-warc`: the facts of any WARC collection as Parquet, a file per input shard under a directory per kind.

Each input file (a shard) is one task, run in this process or on a Dask cluster: read its responses (any site,
any WARC compression; damaged records reported and passed over), keep the newest of each page by the build's rule
(``pipeline.pages.newest_per_page``, within the shard), parse the pages with the chosen site's parser,
extract, and write ``OUT/<kind>/<shard>.parquet`` for every kind, with the columns of the matching database table
plus ``warc_file`` and ``warc_record_id`` (the response record the row comes from; a fact's record is its
article's). The ids that link rows inside the database (``id``, ``article_id``, ``organization_id``,
``count_id``) are null: rows join on ``warc_record_id``. Files are written under temporary names and renamed,
then a note ``OUT/_shards/<shard>.json`` records the shard as done, so a re-run skips it and a crash leaves no
half shard.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePosixPath

from scrapers.errors import InputError

ARTICLES = "articles"
DONE_DIR = "_shards"
KIND_DIRS = {"legal_refs": "legal"}          # extract's key → directory, where the two differ
EXTRA_COLUMNS = {"organizations": {"name": str, "abbreviation": str},   # the organization a mention names
                 "money": {"count_index": int}}   # the position of the count a sum pays for (`tặng 120 suất, mỗi suất …`)
WARC_COLUMNS = {"warc_file": str, "warc_record_id": str}
# A fact's index in its article's list of its kind in extract's output: what an activity's `actor`, `place`,
# `money` and `counts` (in its details) and a sum's `count_index` point at, within the same warc_record_id.
POSITION_COLUMN = {"position": int}
OLDER_RESPONSE = "an older response of a page the shard holds again"   # the build's choice: the newest only
_PAGE_TITLE = re.compile(r"""\s*\((?:page title )?['"].*['"]\)""")   # a page's own words in a reason


@dataclass(frozen=True)
class ShardTask:
    """One input WARC file and where its Parquet files go."""

    index: int
    source: str          # a path, or an fsspec URL (s3://…, gs://…, https://…)
    name: str            # the shard's file name under each kind's directory, without .parquet
    out: str
    site: str
    pages = 1            # progress counts shards


@dataclass(frozen=True)
class ExtractWarcSummary:
    """What one extract-warc run did; `line()` is the summary printed at the end."""

    shards: int = 0
    written: int = 0
    skipped: int = 0
    failed: int = 0              # shards that could not be read at all (tried again by the next run)
    responses: int = 0
    articles: int = 0
    rows: dict = field(default_factory=dict)
    not_articles: dict = field(default_factory=dict)
    damaged: int = 0
    damage: tuple = ()
    elapsed: float = 0.0

    def as_dict(self) -> dict:
        return {**self.__dict__, "rows": dict(self.rows), "not_articles": dict(self.not_articles),
                "damage": list(self.damage)}

    def line(self) -> str:
        text = (f"extract-warc: {self.shards} shards ({self.written} written, {self.skipped} already done, {self.failed} unreadable), "
                f"{self.responses} responses, {self.articles} articles, "
                f"{sum(self.not_articles.values())} not articles, {self.damaged} damaged records, "
                f"in {self.elapsed:.1f} s")
        if self.rows:
            text += "; rows: " + ", ".join(f"{n} {kind}" for kind, n in self.rows.items())
        if self.not_articles:
            text += "; not articles: " + "; ".join(f"{n} {reason}" for reason, n in self.not_articles.items())
        for damage in self.damage:
            offset = damage["offset"]
            where = f"at byte {offset}" if isinstance(offset, int) and offset >= 0 else "(offset unknown)"
            text += f"\n  damaged: {damage['warc_file']} {where}: {damage['reason']}"
        return text


def choose_profile(site: str):
    """The profile pages are parsed with: a shipped or user profile by name or path; None for `auto`, where each
    page is read as a page of a site with no profile (``profile_of``)."""
    if site == "auto":
        return None
    from pipeline.pages import site_profile

    return site_profile(site)


@lru_cache(maxsize=256)
def _auto_profile(origin: str):
    from scrapers.auto import auto_profile
    from scrapers.profile import site_name_for

    return auto_profile(site_name_for(origin), origin)


def profile_of(url: str, profile):
    """The profile a page is read with: the one chosen, or with `auto` the stand-in of its own site (named from
    its origin, its articles told by their content: scrapers/generic.py)."""
    if profile is not None:
        return profile
    from scrapers.http import origin_of

    scheme, host = origin_of(url)
    return _auto_profile(f"{scheme}://{host}")


def _stem(source: str) -> str:
    name = PurePosixPath(source.rstrip("/")).name
    return re.sub(r"\.(warc|arc)(\.gz)?$", "", name, flags=re.IGNORECASE) or "shard"


def shard_tasks(patterns: list[str], out: str, site: str) -> list[ShardTask]:
    """The input files of the patterns (local globs, or fsspec URLs with globs), in a stable order; one task each."""
    sources = []
    for pattern in patterns:
        if "://" in pattern:
            import fsspec

            fs, _, paths = fsspec.get_fs_token_paths(pattern)
            found = [fs.unstrip_protocol(path) for path in sorted(paths)]
        else:
            found = sorted(glob.glob(os.path.expanduser(pattern))) or ([pattern] if os.path.exists(pattern) else [])
            found = [os.path.abspath(path) for path in found if os.path.isfile(path)]
        if not found:
            raise InputError(f"no WARC file matches {pattern!r}")
        sources += [path for path in found if path not in sources]
    stems = Counter(_stem(source) for source in sources)
    tasks = []
    for index, source in enumerate(sources):
        name = _stem(source)
        if stems[name] > 1:   # the same file name in two directories: told apart by their paths
            name += "-" + hashlib.sha1(source.encode("utf-8")).hexdigest()[:8]
        tasks.append(ShardTask(index=index, source=source, name=name, out=out, site=site))
    return tasks


def _open(source: str):
    if "://" in source:
        import fsspec

        return fsspec.open(source, "rb").open()
    return open(source, "rb")


def _schema(kind: str):
    """(directory, pyarrow schema) of a kind of rows: the matching table's columns, the shard's columns."""
    import pyarrow as pa

    from pipeline.db import FACT_TABLES, TABLES

    types = {int: pa.int64(), float: pa.float64(), str: pa.string()}
    if kind == ARTICLES:
        columns = dict(TABLES["articles"]["columns"])
    elif kind in FACT_TABLES:
        columns = {**TABLES[FACT_TABLES[kind][0]]["columns"], **EXTRA_COLUMNS.get(kind, {}), **POSITION_COLUMN}
    else:   # a kind of fact with no table of its own (yet): offsets, and the rest as JSON
        columns = {"text": str, "start": int, "end": int, "details": str, **POSITION_COLUMN}
    columns.update(WARC_COLUMNS)
    return KIND_DIRS.get(kind, kind), pa.schema([(name, types[kind_]) for name, kind_ in columns.items()])


def _fact_rows(facts: dict, text: str, year, version: str, warc: dict, site: str | None = None) -> dict[str, list[dict]]:
    from extractors.sentences import Sentences
    from pipeline.db import FACT_TABLES
    from pipeline.load import fact_row

    sentences = Sentences.of(text)
    rows: dict[str, list[dict]] = {}
    for key, found in facts.items():
        if not isinstance(found, list):
            continue
        for position, fact in enumerate(found):
            if not isinstance(fact, dict):
                continue
            if key in FACT_TABLES:
                row = fact_row(key, fact, text, sentences, year, version, site)
                if row is None:
                    continue
                if key in EXTRA_COLUMNS:
                    row.update({column: fact.get(column) for column in EXTRA_COLUMNS[key]})
            else:
                row = {"text": fact.get("text"), "start": fact.get("start"), "end": fact.get("end"),
                       "details": json.dumps({k: v for k, v in fact.items() if k not in ("text", "start", "end")},
                                             ensure_ascii=False, sort_keys=True)}
            rows.setdefault(key, []).append({**row, "position": position, **warc})
    return rows


def _reason(text: str) -> str:
    return _PAGE_TITLE.sub("", text)


def _cell(value, arrow_type):
    """A value as its column holds it, converted the way SQLite's column affinity converts it in the database."""
    import pyarrow as pa

    if value is None:
        return None
    if pa.types.is_string(arrow_type) and not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else str(value)
    if pa.types.is_integer(arrow_type) and isinstance(value, float) and value.is_integer():
        return int(value)
    if pa.types.is_floating(arrow_type) and isinstance(value, int):
        return float(value)
    return value


def _write(out: str, kind: str, name: str, rows: list[dict]) -> None:
    """Write one kind's rows of a shard: a temporary file, renamed when complete."""
    import fsspec
    import pyarrow as pa
    import pyarrow.parquet as pq

    directory, schema = _schema(kind)
    kinds = {f.name: f.type for f in schema}
    table = pa.Table.from_pylist([{column: _cell(row.get(column), kinds[column]) for column in schema.names}
                                  for row in rows], schema=schema)
    fs, root = fsspec.core.url_to_fs(out)
    folder = f"{root.rstrip('/')}/{directory}"
    fs.makedirs(folder, exist_ok=True)
    final, temporary = f"{folder}/{name}.parquet", f"{folder}/.{name}.parquet.tmp"
    with fs.open(temporary, "wb") as f:
        pq.write_table(table, f)
    fs.mv(temporary, final)


def _done_note(out: str, name: str) -> str:
    return f"{out.rstrip('/')}/{DONE_DIR}/{name}.json"


def extract_shard(task: ShardTask) -> dict:
    """Extract one shard and write its Parquet files (or read its note if a run did it already); its figures."""
    import fsspec

    from extractors import EXTRACTOR_VERSION, extract
    from pipeline.db import FACT_TABLES
    from pipeline.load import article_values
    from pipeline.pages import article_row, newest_per_page, parse_page
    from scrapers.warcscan import Damage

    note = _done_note(task.out, task.name)
    fs, note_path = fsspec.core.url_to_fs(note)
    if fs.exists(note_path):
        with fs.open(note_path, "r", encoding="utf-8") as f:
            return {**json.load(f), "skipped": True}
    profile = choose_profile(task.site)
    warc_file = PurePosixPath(task.source).name
    rows: dict[str, list[dict]] = {ARTICLES: [], **{key: [] for key in FACT_TABLES}}
    not_articles, damage = Counter(), []
    responses = 0
    try:
        _open(task.source).close()
    except OSError as exc:   # missing, unreadable: reported, and tried again by the next run (no note)
        return {"shard": task.name, "source": task.source, "responses": 0, "rows": {}, "not_articles": {},
                "damage": [{"warc_file": warc_file, "offset": None, "reason": f"cannot read the file: {exc}"}],
                "skipped": False, "failed": True}
    chosen = set(newest_per_page(_responses(task.source, warc_file, profile)).values())
    ordinal = -1
    for item in _scanned(task.source, warc_file):
        if isinstance(item, Damage):
            damage.append({"warc_file": warc_file, "offset": item.offset, "reason": item.reason})
            continue
        responses += 1
        ordinal += 1
        if item.status != 200:
            not_articles[f"HTTP status {item.status}"] += 1
            continue
        if ordinal not in chosen:
            not_articles[OLDER_RESPONSE] += 1
            continue
        page_profile = profile_of(item.url, profile)
        article = parse_page(item.body, item.url, page_profile, item.header("Content-Type"))
        if isinstance(article, str):
            not_articles[_reason(article)] += 1
            continue
        row = {**article_row(article, page_profile.public_url(item.url), item.fetched_at, page_profile.name),
               "fetched_from": item.url}   # as the build makes it: a mirror's page keeps the live site's address
        values = article_values(row, EXTRACTOR_VERSION)
        warc = {"warc_file": warc_file, "warc_record_id": item.record_id}
        rows[ARTICLES].append({"id": None, "url": row["url"], **values, **warc})
        text = values["text"]
        for kind, found in _fact_rows(extract(text), text, values["year"], EXTRACTOR_VERSION, warc,
                                             values["site"]).items():
            rows.setdefault(kind, []).extend(found)
    for kind, kind_rows in rows.items():
        _write(task.out, kind, task.name, kind_rows)
    figures = {"shard": task.name, "source": task.source, "responses": responses,
               "rows": {KIND_DIRS.get(kind, kind): len(kind_rows) for kind, kind_rows in rows.items()},
               "not_articles": dict(not_articles), "damage": damage, "finished_at": time.time()}
    fs.makedirs(note_path.rsplit("/", 1)[0], exist_ok=True)
    with fs.open(note_path + ".tmp", "w", encoding="utf-8") as f:
        json.dump(figures, f, ensure_ascii=False)
    fs.mv(note_path + ".tmp", note_path)
    return {**figures, "skipped": False}


def _responses(source: str, warc_file: str, profile):
    """(site, url, status, method, position) of a shard's responses in the order written, for ``newest_per_page``."""
    from scrapers.warcscan import Damage

    responses = (item for item in _scanned(source, warc_file) if not isinstance(item, Damage))
    for ordinal, item in enumerate(responses):
        yield profile_of(item.url, profile).name, item.url, item.status, item.method, ordinal


def _scanned(source: str, warc_file: str):
    from scrapers.warcscan import scan_warc

    yield from scan_warc(lambda: _open(source), warc_file)


def _shard_results(task: ShardTask):
    yield extract_shard(task)


def extract_warc(patterns: list[str], out: str, site: str, executor, progress: bool = False) -> ExtractWarcSummary:
    """Extract every shard of *patterns* into *out* on *executor*; the summary of the run."""
    import sys

    from tqdm import tqdm

    started = time.monotonic()
    choose_profile(site)   # an unknown site is an error before any work is sent
    tasks = shard_tasks(patterns, out if "://" in out else os.path.abspath(out), site)
    rows, not_articles, damage = Counter(), Counter(), []
    written = skipped = failed = responses = 0
    with tqdm(total=len(tasks), desc="extract-warc", unit=" shards", file=sys.stderr, disable=not progress,
              leave=False) as bar:
        for figures in executor.ordered(_shard_results, tasks, lambda _pages: bar.update(1)):
            failed += figures.get("failed", False)
            skipped += figures["skipped"]
            written += not figures["skipped"] and not figures.get("failed", False)
            responses += figures["responses"]
            rows.update(figures["rows"])
            not_articles.update(figures["not_articles"])
            damage += figures["damage"]
    return ExtractWarcSummary(shards=len(tasks), written=written, skipped=skipped, failed=failed, responses=responses,
                              articles=rows.get(ARTICLES, 0), rows=dict(rows),
                              not_articles=dict(not_articles.most_common()), damaged=len(damage),
                              damage=tuple(damage), elapsed=time.monotonic() - started)
