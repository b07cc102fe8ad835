"""The build's work on archived pages: choose the newest response of each page, then parse, extract and fold them.

A task is the chosen pages of one WARC file (or of a slice of its responses); running it is pure (it reads the
file, returns rows and facts, writes nothing), so a worker may run it again after a failure. The tasks are
numbered in archive order and their results are loaded in that order, whatever order they finish in.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from scrapers.archive import file_responses, noted_responses, page_key, warc_files
from scrapers.errors import DatabaseError

log = logging.getLogger(__name__)

PAGES_PER_TASK = 200   # at most this many pages parsed by one task (a large WARC file is several tasks)


def content_sha256(title: str, text: str) -> str:
    """The identity of an article's content: its title and body text (both NFC)."""
    return hashlib.sha256(f"{title}\n\n{text}".encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class PageTask:
    """The pages one task parses and extracts: positions among one WARC file's responses, ascending."""

    index: int                       # the task's place in archive order
    warc_path: str
    ordinals: tuple[int, ...]
    urls: tuple[str, ...]            # the URL noted for each position (checked against the file)
    profile: object                  # the SiteProfile of the site that fetched the file's pages
    stored: dict = field(default_factory=dict)   # url → (content_sha256, extractor_version, fetched_at) in the database

    @property
    def pages(self) -> int:
        return len(self.ordinals)


@dataclass(frozen=True)
class PageResult:
    """One parsed page: the article's row and its facts, or the reason it is not an article."""

    url: str
    fetched_at: str
    record_id: str
    warc_file: str
    reason: str | None = None
    row: dict | None = None          # an `articles` row without its id
    facts: dict | None = None        # None: the stored article is unchanged, it was not extracted again
    folded: tuple | None = None      # (title, text) folded for the search index, when extracted


@lru_cache(maxsize=8)
def site_profile(site: str):
    """The profile pages are parsed with (loaded once per process)."""
    from scrapers.profile import load_profile

    return load_profile(site)


def parse_page(body: bytes, url: str, profile, content_type: str | None = None):
    """The Article of one archived page, or the reason it is not one (the one place the page parser is called).
    An answer whose Content-Type is given and is no HTML (a feed, a sitemap, a PDF at an article-like address) is
    no page: "not HTML (application/rss+xml)"."""
    from scrapers.errors import NotAnArticle
    from scrapers.parse import parse_page as parse_for_family

    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type and "html" not in media_type:
        return f"not HTML ({media_type})"
    try:
        return parse_for_family(body, url, profile)
    except NotAnArticle as exc:
        return getattr(exc, "reason", None) or str(exc)
    except Exception as exc:  # a parser bug must not stop a build: the page is recorded as rejected
        log.warning("%s: the parser failed: %s: %s", url, type(exc).__name__, exc)
        return f"parser error: {type(exc).__name__}: {exc}"


def article_row(article, url: str, fetched_at: str, site: str) -> dict:
    """The `articles` row of a parsed article (without its id)."""
    sha = content_sha256(article.title or "", article.text)
    return {
        "url": url, "site": site, "category": article.category, "title": article.title,
        "published_on": article.published_on, "author": article.author, "text": article.text,
        "content_sha256": sha, "fetched_at": fetched_at,
        "captions": list(article.captions), "attachments": list(article.attachments), "other_urls": [],
    }


def page_results(task: PageTask):
    """Parse and extract the task's pages, one at a time, in the order they were archived."""
    from extractors import EXTRACTOR_VERSION, extract
    from extractors.normalize import fold

    profile = task.profile
    wanted = dict(zip(task.ordinals, task.urls))
    last = task.ordinals[-1] if task.ordinals else -1
    for ordinal, response in enumerate(file_responses(Path(task.warc_path))):
        if ordinal > last:
            return
        if ordinal not in wanted:
            continue
        if response.url != wanted.pop(ordinal):
            raise DatabaseError(f"{task.warc_path}: response {ordinal} is {response.url}, not the one its index "
                                "names (the file changed during the build); build again")
        url = profile.public_url(response.url)   # a mirror's page keeps the live site's address; fetched_from the other
        common = {"url": url, "fetched_at": response.fetched_at, "record_id": response.record_id,
                  "warc_file": response.warc_file}
        article = parse_page(response.body, response.url, profile, response.header("Content-Type"))
        if isinstance(article, str):
            yield PageResult(**common, reason=article)
            continue
        row = {**article_row(article, url, response.fetched_at, profile.name), "fetched_from": response.url}
        if task.stored.get(row["url"]) == (row["content_sha256"], EXTRACTOR_VERSION, row["fetched_at"]):
            yield PageResult(**common, row=row)   # unchanged: nothing to extract or index
            continue
        yield PageResult(**common, row=row, facts=extract(row["text"]),
                         folded=(fold(row["title"] or ""), fold(row["text"])))
    if wanted:
        raise DatabaseError(f"{task.warc_path}: {len(wanted)} responses its index names are not in the file "
                            "(the file changed during the build); build again")


def newest_per_page(responses) -> dict:
    """The build's choice among archived responses: of each page, the newest 200 answer to a GET (a POST answer is a
    listing page of a postback pager, never an article; an error answer never replaces a good one).

    *responses* are ``(site, url, status, method, value)`` in archive order (written last = newest); a page is
    its site and ``page_key(url)`` (path and query: the same page from a mirror and from the live host is one).
    Returns ``{(site, page key): value}`` of the chosen responses."""
    newest = {}
    for site, url, status, method, value in responses:
        if status == 200 and method == "GET":
            newest[(site, page_key(url))] = value
    return newest


def plan_tasks(raw_dir: Path, profiles, stored: dict, pages_per_task: int | None = PAGES_PER_TASK,
               skip: frozenset = frozenset()) -> list[PageTask]:
    """The tasks of a build, in archive order: the newest 200 GET response of each article page, chosen over the
    whole archive from the files' indexes (no body is read when the indexes are current). Each file's pages are
    told and parsed by the profile of the site that fetched them (*profiles*, a scrapers.profile.ArchiveProfiles);
    POST answers are listing pages of a postback pager, never articles; the WARC files named in *skip* (a nightly's
    failed sites) are left out."""
    files = warc_files(raw_dir)
    file_profiles = {}

    def article_responses():   # (site, url, status, method, (file number, position, url)), in archive order
        for number, path in enumerate(files):
            if path.name in skip:
                continue
            site, responses = noted_responses(path)
            profile = profiles.named(site or profiles.default.name)
            if profile is None:   # a site whose profile cannot be read: ArchiveProfiles reports it
                continue
            file_profiles[number] = profile
            article_path = re.compile(profile.urls["article"])
            for ordinal, (url, status, method) in enumerate(responses):
                if article_path.search(page_key(url).split("?", 1)[0]):
                    yield profile.name, url, status, method, (number, ordinal, url)

    by_file: dict[int, list[tuple[int, str]]] = {}
    for number, ordinal, url in newest_per_page(article_responses()).values():
        by_file.setdefault(number, []).append((ordinal, url))
    tasks = []
    for number in sorted(by_file):
        pages = sorted(by_file[number])
        size = pages_per_task or len(pages)
        profile = file_profiles[number]
        for start in range(0, len(pages), size):
            chunk = pages[start:start + size]
            public = {u: profile.public_url(u) for _, u in chunk}
            tasks.append(PageTask(   # absolute paths: a worker's working directory may be another one
                index=len(tasks), warc_path=os.path.abspath(files[number]), ordinals=tuple(o for o, _ in chunk),
                urls=tuple(u for _, u in chunk), profile=profile,
                stored={public[u]: stored[public[u]] for _, u in chunk if public[u] in stored},
            ))
    return tasks
