"""Site profiles: load and validate a YAML file (shipped, the user's, or any path) into a SiteProfile."""

from __future__ import annotations

import ipaddress
import re
import string
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

import soupsieve
import yaml

from scrapers.errors import ProfileError
from scrapers.http import DEFAULT_PORTS, http_origin

SITES_DIR = Path(__file__).parent / "sites"
USER_SITES = "sites"            # DATA_DIR/sites/*.yaml: profiles a person added
REGISTRY_STEM = "registry"      # sites/registry.yaml is the registry of sites (scrapers/registry.py), not a profile
SITE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,80}")   # a site's or a profile's name (a file's stem too)
SITE_NAME_RULE = f"letters, digits and . _ - : only (at most 81, a letter or digit first), and not {REGISTRY_STEM!r}"

# What a profile may say (scrapers/sites/README.md describes each key); anything else is refused by name.
TOP_KEYS = frozenset({
    "name", "title", "base_url", "allowed_hosts", "language", "delay", "user_agent", "categories",
    "categories_from", "urls", "selectors", "author", "date_formats", "pager", "payload",
})
URL_KEYS = frozenset({"listing", "listing_page", "article", "attachment"})
SELECTOR_KEYS = frozenset({
    "listing_item", "listing_link", "listing_date", "pager", "breadcrumb", "breadcrumb_category", "title", "date",
    "body", "other_news", "attachments", "remove",
})
PAGER_KINDS = ("links", "postback")
PAGER_KEYS = frozenset({"kind", "argument"})
PAYLOAD_KEYS = frozenset({
    "sources", "object_key", "list_key", "fields", "published_statuses", "timezone", "article_url", "page_size",
})
PAYLOAD_SOURCES = ("next_f", "next_data", "json_ld")
PAYLOAD_FIELDS = frozenset({"id", "title", "slug", "date", "status", "body", "author", "type", "category", "file"})
CATEGORIES_FROM_KEYS = frozenset({"page", "pattern"})
AUTHOR_KEYS = frozenset({"rule", "max_words"})

# Selectors every profile of families A and B needs; family C reads its data from the payload instead.
REQUIRED_SELECTORS = (
    "listing_item", "listing_link", "pager", "breadcrumb", "title", "date", "body", "other_news", "attachments",
)
PAYLOAD_REQUIRED_SELECTORS = ("title", "body")


@dataclass(frozen=True)
class Category:
    slug: str
    name: str
    params: tuple[tuple[str, str], ...] = ()   # further fields of the listing URL templates, e.g. ("id", "65f…")


def _is_loopback(host: str | None) -> bool:
    """Whether *host* names this machine (localhost, 127.0.0.0/8, ::1)."""
    if not host:
        return False
    if host.lower() == "localhost" or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class SiteProfile:
    name: str
    title: str
    base_url: str
    allowed_hosts: tuple[str, ...]
    delay: float
    user_agent: str
    categories: tuple[Category, ...]
    urls: dict
    selectors: dict
    author: dict = field(default_factory=dict)
    date_formats: tuple[str, ...] = ()
    path: Path | None = None
    pager: dict = field(default_factory=lambda: {"kind": "links"})
    payload: dict | None = None
    categories_from: dict | None = None

    @property
    def origin(self) -> str:
        """scheme://host[:port] of the site."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def family(self) -> str:
        """The site family (scrapers/sites/README.md): A plain pager links, B postback pager, C embedded data."""
        if self.payload is not None:
            return "C"
        return "B" if self.pager.get("kind") == "postback" else "A"

    @property
    def reference(self) -> str:
        """How to load this profile again: its name when it is a shipped or a user's profile (DATA_DIR/sites/),
        else the file's absolute path."""
        if self.path is None or (self.path.parent.name == USER_SITES and self.path.stem == self.name):
            return self.name
        if self.path.parent.resolve() == SITES_DIR.resolve():
            return self.path.stem
        return str(self.path.resolve())

    def with_base_url(self, base_url: str) -> "SiteProfile":
        """The same profile pointed at another origin (a mirror, a test server): that origin only."""
        origin = http_origin(base_url)
        if origin is None:
            raise ProfileError(f"--base-url must be an http(s) URL with a host, not {base_url!r}")
        return replace(self, base_url=origin, allowed_hosts=(urlsplit(origin).netloc,))

    def with_categories(self, categories) -> "SiteProfile":
        return replace(self, categories=tuple(categories))

    def listing_url(self, category: str | Category, page: int = 1) -> str:
        if not isinstance(category, Category):
            category = next((c for c in self.categories if c.slug == category), Category(category, category))
        template = self.urls["listing"] if page == 1 else self.urls["listing_page"]
        return self.origin + template.format(**dict(category.params), category=category.slug, page=page)

    def public_url(self, fetched_url: str) -> str:
        """The address a reader can open for a page fetched at *fetched_url*: the same path and query on the
        profile's origin when the page was fetched from this machine (the embedded mirror or a test server given
        as --base-url, whose port is gone after the run); any other URL is returned as it is."""
        parts = urlsplit(fetched_url)
        if not _is_loopback(parts.hostname) or _is_loopback(urlsplit(self.base_url).hostname):
            return fetched_url
        return self.origin + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")

    def category_name(self, slug: str) -> str | None:
        for c in self.categories:
            if c.slug == slug:
                return c.name
        return None


def valid_site_name(name) -> bool:
    """True when `name` may name a site of the registry or a profile (SITE_NAME_RULE says what may)."""
    return isinstance(name, str) and SITE_NAME.fullmatch(name) is not None and name != REGISTRY_STEM


def site_name_for(origin: str) -> str:
    """The name of a site known only by its origin: the host, plus the port when it is not the scheme's default
    (``https://a.gov.vn`` → ``a.gov.vn``, ``http://127.0.0.1:8001/x`` → ``127.0.0.1:8001``)."""
    parts = urlsplit(origin if "//" in origin else f"http://{origin}")
    host = (parts.hostname or "").lower()
    if not host:
        raise ProfileError(f"not an origin with a host: {origin!r}")
    try:
        port = parts.port
    except ValueError as exc:
        raise ProfileError(f"not a valid port in {origin!r}") from exc
    if ":" in host:
        host = f"[{host}]"
    if port is None or port == DEFAULT_PORTS.get(parts.scheme.lower()):
        return host
    return f"{host}:{port}"


def _template_fields(template: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError:
        return {"{"}


def _url_problems(urls, category_params: set[str]) -> list[str]:
    """What is wrong with a profile's `urls`: listing templates and the path patterns of pages."""
    if not isinstance(urls, dict):
        return ["'urls' must be a mapping (listing, listing_page, article)"]
    problems = [f"unknown key 'urls.{key}'" for key in urls if key not in URL_KEYS]
    for key, required in (("listing", {"category"}), ("listing_page", {"category", "page"})):
        template = urls.get(key)
        if not isinstance(template, str) or not template.startswith("/"):
            problems.append(f"'urls.{key}' must be a path starting with /")
            continue
        names = _template_fields(template)
        if "{" in names or "" in names:
            problems.append(f"'urls.{key}' is not a valid template (write fields as {{category}}, {{page}})")
        elif not required <= names:
            problems.append(f"'urls.{key}' must contain {' and '.join('{' + f + '}' for f in sorted(required))}")
        elif names - {"category", "page"} - category_params:
            unknown = sorted(names - {"category", "page"} - category_params)
            problems.append(f"'urls.{key}' uses {{{unknown[0]}}}, which not every category gives")
    if "article" not in urls:
        problems.append("missing 'urls.article' (the path pattern of an article page)")
    for key in ("article", "attachment"):
        if key in urls:
            try:
                re.compile(str(urls[key]))
            except re.error as exc:
                problems.append(f"'urls.{key}' is not a valid regular expression: {exc}")
    return problems


def _selector_problems(selectors, required) -> list[str]:
    if not isinstance(selectors, dict):
        return ["'selectors' must be a mapping of CSS selectors"]
    problems = [f"unknown key 'selectors.{key}'" for key in selectors if key not in SELECTOR_KEYS]
    problems += [f"missing selector 'selectors.{key}'" for key in required if key not in selectors]
    for key, value in selectors.items():
        for selector in value if isinstance(value, list) else [value]:
            if not isinstance(selector, str) or not selector.strip():
                problems.append(f"'selectors.{key}' must be a CSS selector")
                continue
            try:
                soupsieve.compile(selector)
            except (soupsieve.SelectorSyntaxError, ValueError) as exc:
                problems.append(f"'selectors.{key}' is not a valid CSS selector ({str(exc).splitlines()[0]})")
    return problems


def _section_problems(raw: dict) -> list[str]:
    """The optional sections: pager, payload, categories_from, author."""
    problems = []
    for name, allowed in (("pager", PAGER_KEYS), ("payload", PAYLOAD_KEYS),
                          ("categories_from", CATEGORIES_FROM_KEYS), ("author", AUTHOR_KEYS)):
        section = raw.get(name)
        if section is None:
            continue
        if not isinstance(section, dict):
            problems.append(f"'{name}' must be a mapping")
            continue
        problems += [f"unknown key '{name}.{key}'" for key in section if key not in allowed]
    pager = raw.get("pager") or {}
    if isinstance(pager, dict):
        if pager.get("kind", "links") not in PAGER_KINDS:
            problems.append(f"'pager.kind' must be one of {', '.join(PAGER_KINDS)}")
        if "argument" in pager:
            problems += _regex_problem("pager.argument", pager["argument"], group="page")
    payload = raw.get("payload")
    if isinstance(payload, dict):
        sources = payload.get("sources", list(PAYLOAD_SOURCES))
        if not isinstance(sources, list) or not sources or any(s not in PAYLOAD_SOURCES for s in sources):
            problems.append(f"'payload.sources' must be a list of {', '.join(PAYLOAD_SOURCES)}")
        fields = payload.get("fields")
        if not isinstance(fields, dict) or not all(isinstance(v, str) and v for v in fields.values()):
            problems.append("'payload.fields' must map fields (id, title, date, …) to the payload's keys")
        else:
            problems += [f"unknown key 'payload.fields.{key}'" for key in fields if key not in PAYLOAD_FIELDS]
            problems += [f"missing 'payload.fields.{key}'" for key in ("id", "title", "date") if key not in fields]
        for key in ("object_key", "list_key", "article_url"):
            if not isinstance(payload.get(key), str) or not payload.get(key):
                problems.append(f"missing 'payload.{key}'")
        if isinstance(payload.get("article_url"), str) and not payload["article_url"].startswith("/"):
            problems.append("'payload.article_url' must be a path template starting with /")
        if not isinstance(payload.get("page_size", 10), int) or payload.get("page_size", 10) < 1:
            problems.append("'payload.page_size' must be a whole number of items per listing page")
        if not re.fullmatch(r"[+-]\d\d:\d\d", str(payload.get("timezone", "+07:00"))):
            problems.append("'payload.timezone' must be an offset like +07:00")
    found = raw.get("categories_from")
    if isinstance(found, dict):
        if not str(found.get("page", "")).startswith("/"):
            problems.append("'categories_from.page' must be a path starting with /")
        problems += _regex_problem("categories_from.pattern", found.get("pattern"), group="category")
    return problems


def _regex_problem(key: str, pattern, *, group: str) -> list[str]:
    try:
        compiled = re.compile(str(pattern))
    except re.error as exc:
        return [f"'{key}' is not a valid regular expression: {exc}"]
    if group not in compiled.groupindex:
        return [f"'{key}' must name a group (?P<{group}>…)"]
    return []


def available_sites(data_dir: str | Path | None = None) -> list[str]:
    """Names of the shipped profiles and of the user's (DATA_DIR/sites/*.yaml)."""
    found = {p.stem for p in SITES_DIR.glob("*.yaml")}
    if data_dir is not None:
        found |= {p.stem for p in (Path(data_dir) / USER_SITES).glob("*.yaml")}
    return sorted(found - {REGISTRY_STEM})


def profile_path(name_or_path: str | Path, data_dir: str | Path | None = None) -> Path:
    """The file of a profile: a path as given (it ends in .yaml/.yml), else DATA_DIR/sites/NAME.yaml, else the
    shipped scrapers/sites/NAME.yaml."""
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") or len(path.parts) > 1:
        return path
    if data_dir is not None and (user := Path(data_dir) / USER_SITES / f"{name_or_path}.yaml").is_file():
        return user
    return SITES_DIR / f"{name_or_path}.yaml"


def read_yaml(path: Path, error: Callable[[str], Exception]):
    """The content of a YAML file; a bad file raises error(one line saying why: not valid YAML, not UTF-8)."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise error(f"not valid YAML: {' '.join(str(exc).split())}") from exc
    except UnicodeDecodeError as exc:
        raise error(f"not UTF-8 (bad byte at offset {exc.start})") from exc


def load_profile(name_or_path: str | Path = "gialai", data_dir: str | Path | None = None) -> SiteProfile:
    """Load a profile by name (the user's DATA_DIR/sites/NAME.yaml, else scrapers/sites/NAME.yaml) or path,
    validating it: any problem is a ProfileError whose one line names the key."""
    path = profile_path(name_or_path, data_dir)
    if path.stem == REGISTRY_STEM and path.parent.name == USER_SITES:
        raise ProfileError(f"{path} is the registry of sites, not a site profile")
    if not path.is_file():
        raise ProfileError(f"no site profile {str(name_or_path)!r}; available: {', '.join(available_sites(data_dir))}")
    raw = read_yaml(path, lambda message: ProfileError(f"{path}: {message}"))
    if not isinstance(raw, dict):
        raise ProfileError(f"{path}: a profile is a mapping of settings")
    problems = [f"unknown key '{key}'" for key in raw if key not in TOP_KEYS]
    for key in ("name", "base_url", "urls", "selectors"):
        if key not in raw:
            problems.append(f"missing '{key}'")
    if "categories" not in raw and "categories_from" not in raw:
        problems.append("missing 'categories' (or 'categories_from')")
    required = PAYLOAD_REQUIRED_SELECTORS if raw.get("payload") is not None else REQUIRED_SELECTORS
    problems += _selector_problems(raw.get("selectors") or {}, required)
    base = urlsplit(str(raw.get("base_url", "")))
    if raw.get("base_url") and http_origin(str(raw["base_url"])) is None:
        problems.append("'base_url' must be an http(s) URL")
    categories = raw.get("categories") or []
    if not isinstance(categories, list) or not all(isinstance(c, dict) and "slug" in c and "name" in c for c in categories):
        problems.append("'categories' must be a list of {slug, name}")
        categories = []
    params = set.intersection(*(set(c) - {"slug", "name"} for c in categories)) if categories else set()
    if not categories and isinstance(raw.get("categories_from"), dict):
        pattern = str(raw["categories_from"].get("pattern", ""))
        params = set(re.findall(r"\(\?P<(\w+)>", pattern)) - {"category"}
    delay = raw.get("delay", 1.0)
    if not isinstance(delay, (int, float)) or delay < 1:
        problems.append("'delay' must be a number of seconds, at least 1 for a live site")
    problems += _url_problems(raw.get("urls"), params)
    problems += _section_problems(raw)
    if "http" not in str(raw.get("user_agent", "")):
        problems.append("'user_agent' must name the crawler with a contact URL, e.g. 'danvan/0.1 (+https://…)'")
    if problems:
        raise ProfileError(f"{path}: invalid site profile: " + "; ".join(problems))
    return SiteProfile(
        name=str(raw["name"]),
        title=str(raw.get("title", raw["name"])),
        base_url=str(raw["base_url"]).rstrip("/"),
        allowed_hosts=tuple(raw.get("allowed_hosts") or (base.netloc,)),
        delay=float(delay),
        user_agent=str(raw.get("user_agent", "danvan/0.1")),
        categories=tuple(Category(str(c["slug"]), str(c["name"]),
                                  tuple((str(k), str(v)) for k, v in c.items() if k not in ("slug", "name")))
                         for c in categories),
        urls=dict(raw["urls"]),
        selectors=dict(raw["selectors"]),
        author=dict(raw.get("author") or {}),
        date_formats=tuple(raw.get("date_formats") or ()),
        path=path,
        pager={"kind": "links", **(raw.get("pager") or {})},
        payload=dict(raw["payload"]) if raw.get("payload") is not None else None,
        categories_from=dict(raw["categories_from"]) if raw.get("categories_from") else None,
    )


class ArchiveProfiles:
    """The profile of each site an archive holds, from its crawl runs' start lines (``site``, ``profile``): the
    build and ``extract-warc`` parse each response with the profile of the site that fetched it.

    A response that names no site (archives older than site names) belongs to *default*; a site whose profile
    cannot be loaded any more is reported once and its responses are left aside (``of`` gives None).
    """

    def __init__(self, run_events: list[dict], default: SiteProfile, data_dir: str | Path | None = None):
        self.default = default
        self.data_dir = data_dir
        self.references: dict[str, str] = {}
        self.runs: dict[str, list[dict]] = {}
        for event in run_events:
            if event.get("event") == "start" and event.get("site"):
                self.references[event["site"]] = event.get("profile") or event["site"]
                self.runs.setdefault(event["site"], []).append(event)
        self._loaded: dict[str, SiteProfile | None] = {default.name: default}
        self.unreadable: dict[str, str] = {}

    def of(self, response) -> SiteProfile | None:
        """The profile of the site that fetched an archived response."""
        return self.named(getattr(response, "site", None) or self.default.name)

    def named(self, site: str) -> SiteProfile | None:
        if site not in self._loaded:
            try:
                from scrapers.auto import auto_profile_for   # --site auto, or a profile of family D/E
                run = (self.runs.get(site) or [{}])[-1]
                profile = (auto_profile_for(site, self.references.get(site), run.get("origin"), run.get("family"))
                           or load_profile(self.references.get(site, site), self.data_dir))
                self._loaded[site] = replace(profile, name=site)
            except ProfileError as exc:
                self.unreadable[site] = str(exc)
                self._loaded[site] = None
        return self._loaded[site]
