"""Site profiles: load and validate a YAML file of scrapers/sites/ into a SiteProfile."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from scrapers.errors import ProfileError

SITES_DIR = Path(__file__).parent / "sites"

REQUIRED_SELECTORS = (
    "listing_item", "listing_link", "pager", "breadcrumb", "title", "date", "body", "other_news", "attachments",
)


@dataclass(frozen=True)
class Category:
    slug: str
    name: str


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

    @property
    def origin(self) -> str:
        """scheme://host[:port] of the site."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    def with_base_url(self, base_url: str) -> "SiteProfile":
        """The same profile pointed at another origin (a mirror, a test server): that origin only."""
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ProfileError(f"--base-url must be an http(s) URL with a host, not {base_url!r}")
        return replace(self, base_url=f"{parts.scheme}://{parts.netloc}", allowed_hosts=(parts.netloc,))

    def listing_url(self, category: str, page: int = 1) -> str:
        template = self.urls["listing"] if page == 1 else self.urls["listing_page"]
        return self.origin + template.format(category=category, page=page)

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


URL_TEMPLATES = {"listing": ("{category}",), "listing_page": ("{category}", "{page}")}
URL_PATTERNS = ("article", "attachment")


def _url_problems(urls) -> list[str]:
    """What is wrong with a profile's `urls`: listing templates and the path patterns of pages."""
    if not isinstance(urls, dict):
        return ["'urls' must be a mapping (listing, listing_page, article)"]
    problems = []
    for key, fields in URL_TEMPLATES.items():
        template = urls.get(key)
        if not isinstance(template, str) or not template.startswith("/"):
            problems.append(f"'urls.{key}' must be a path starting with /")
        elif not all(f in template for f in fields):
            problems.append(f"'urls.{key}' must contain {' and '.join(fields)}")
    if "article" not in urls:
        problems.append("missing 'urls.article' (the path pattern of an article page)")
    for key in URL_PATTERNS:
        if key in urls:
            try:
                re.compile(str(urls[key]))
            except re.error as exc:
                problems.append(f"'urls.{key}' is not a valid regular expression: {exc}")
    return problems


def available_sites() -> list[str]:
    return sorted(p.stem for p in SITES_DIR.glob("*.yaml"))


def load_profile(name_or_path: str | Path = "gialai") -> SiteProfile:
    """Load a profile by name (scrapers/sites/NAME.yaml) or path, validating it with clear messages."""
    path = Path(name_or_path)
    if not path.suffix:
        path = SITES_DIR / f"{name_or_path}.yaml"
    if not path.is_file():
        raise ProfileError(f"no site profile {str(name_or_path)!r}; available: {', '.join(available_sites())}")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ProfileError(f"{path}: not valid YAML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise ProfileError(f"{path}: not UTF-8 (bad byte at offset {exc.start})") from exc
    if not isinstance(raw, dict):
        raise ProfileError(f"{path}: a profile is a mapping of settings")
    problems = []
    for key in ("name", "base_url", "categories", "urls", "selectors"):
        if key not in raw:
            problems.append(f"missing '{key}'")
    selectors = raw.get("selectors") or {}
    for key in REQUIRED_SELECTORS:
        if key not in selectors:
            problems.append(f"missing selector 'selectors.{key}'")
    base = urlsplit(str(raw.get("base_url", "")))
    if raw.get("base_url") and (base.scheme not in ("http", "https") or not base.netloc):
        problems.append("'base_url' must be an http(s) URL")
    categories = raw.get("categories") or []
    if not isinstance(categories, list) or not all(isinstance(c, dict) and "slug" in c and "name" in c for c in categories):
        problems.append("'categories' must be a list of {slug, name}")
    delay = raw.get("delay", 1.0)
    if not isinstance(delay, (int, float)) or delay < 1:
        problems.append("'delay' must be a number of seconds, at least 1 for a live site")
    problems += _url_problems(raw.get("urls"))
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
        categories=tuple(Category(str(c["slug"]), str(c["name"])) for c in categories),
        urls=dict(raw["urls"]),
        selectors=dict(selectors),
        author=dict(raw.get("author") or {}),
        date_formats=tuple(raw.get("date_formats") or ()),
        path=path,
    )
