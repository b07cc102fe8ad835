"""The Gia Lai mirror's content (family A): read and validate data/mirror/ (site.yaml, articles/, pages/) into a Mirror."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from scrapers.errors import InputError
from scrapers.mirror.common import DATA_ROOT, as_date, check_fields, problem, read_yaml, split_paragraphs

DEFAULT_ROOT = DATA_ROOT

ARTICLE_KEYS = {
    "slug", "categories", "title", "published", "date_style", "time", "author", "markup", "form",
    "status", "images", "attachments", "body", "notes",
}
DATE_STYLES = ("plain", "weekday", "dash")
MARKUPS = ("p", "div", "br")
FORMS = ("NFC", "NFD")
FAULT_KINDS = ("error_once", "unavailable_once", "rate_limited_once", "slow")

# Monday first, as date.weekday() counts.
WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")

SLUG = re.compile(r"^[A-Za-z0-9-]+$")
CLOCK_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
SUMMARY_CHARS = 220
HOME_NEWEST = 6


# --------------------------------------------------------------------------- the mirror's content


@dataclass(frozen=True)
class Image:
    after: int          # 0-based paragraph index the image follows
    src: str
    caption: str


@dataclass(frozen=True)
class Attachment:
    href: str
    label: str


@dataclass(frozen=True)
class MirrorArticle:
    """One article of the mirror, as written in its YAML file (or a placeholder of site.yaml)."""

    slug: str
    categories: tuple[str, ...]
    title: str
    published: date
    paragraphs: tuple[str, ...]
    date_style: str = "plain"
    time: str = "08:00"
    author: str | None = None
    markup: str = "p"
    form: str = "NFC"
    status: int = 200
    images: tuple[Image, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    source: str = ""

    @property
    def category(self) -> str:
        """The article's own category: its URL and breadcrumb."""
        return self.categories[0]

    @property
    def path(self) -> str:
        return f"/{self.category}/{self.slug}.aspx"

    @property
    def is_placeholder(self) -> bool:
        return not self.paragraphs

    @property
    def date_text(self) -> str:
        """The date line as the page shows it: 15/04/2020, Thứ tư, 15/04/2020 - 08:30, or 15-04-2020."""
        day = self.published.strftime("%d/%m/%Y")
        if self.date_style == "weekday":
            return f"{WEEKDAYS[self.published.weekday()]}, {day} - {self.time}"
        if self.date_style == "dash":
            return self.published.strftime("%d-%m-%Y")
        return day

    @property
    def summary(self) -> str:
        """The listing's summary: the start of the first paragraph, cut at a word."""
        if not self.paragraphs:
            return ""
        first = self.paragraphs[0]
        if len(first) <= SUMMARY_CHARS:
            return first
        return first[:SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"


@dataclass(frozen=True)
class ListedPage:
    """A static page that a category listing shows like an article (a page of another kind)."""

    path: str
    category: str
    title: str
    published: date


@dataclass(frozen=True)
class ListingEntry:
    path: str
    title: str
    published: date
    summary: str
    article: MirrorArticle | None   # None for a listed static page


@dataclass(frozen=True)
class Mirror:
    """Everything the server renders: site settings, articles by path, static pages, robots.txt."""

    root: Path
    title: str
    per_page: int
    categories: tuple[tuple[str, str], ...]     # (slug, name) in menu order
    menu_pages: tuple[tuple[str, str], ...]     # (path, name)
    home_text: str
    footer: tuple[str, ...]
    articles: dict[str, MirrorArticle]          # own path → article
    listed_pages: tuple[ListedPage, ...]
    faults: dict[str, str]                      # fault kind → request target (path[?query])
    slow_seconds: float
    robots: str | None
    pages: dict[str, Path] = field(default_factory=dict)    # URL path → file under pages/

    def category_name(self, slug: str) -> str | None:
        return dict(self.categories).get(slug)

    def listing(self, category: str) -> list[ListingEntry]:
        """The entries of a category's listing, newest first (ties by path, for a stable order)."""
        entries = [
            ListingEntry(a.path, a.title, a.published, a.summary, a)
            for a in self.articles.values() if category in a.categories
        ]
        entries += [
            ListingEntry(p.path, p.title, p.published, "", None)
            for p in self.listed_pages if p.category == category
        ]
        entries.sort(key=lambda e: e.path)
        entries.sort(key=lambda e: e.published, reverse=True)
        return entries

    def last_page(self, category: str) -> int:
        return max(1, -(-len(self.listing(category)) // self.per_page))

    def newest_articles(self, n: int = HOME_NEWEST) -> list[MirrorArticle]:
        ordered = sorted(self.articles.values(), key=lambda a: a.path)
        return sorted(ordered, key=lambda a: a.published, reverse=True)[:n]



def parse_article_file(raw, source: Path | str, category_slugs: set[str]) -> MirrorArticle:
    """Validate one article mapping (the YAML of README.md's format) and build the MirrorArticle."""
    check_fields(raw, source, ARTICLE_KEYS, ("slug", "categories", "title", "published", "body"),
                 "an article file is a mapping of fields (slug, categories, title, ...)")
    problems = []
    slug = str(raw["slug"])
    if not SLUG.match(slug):
        problems.append(f"'slug' must be ASCII letters, digits and '-', not {slug!r}")
    categories = raw["categories"]
    if isinstance(categories, str):
        categories = [categories]
    if not isinstance(categories, list) or not categories:
        problems.append("'categories' must be a non-empty list of category slugs")
        categories = []
    for cat in categories:
        if cat not in category_slugs:
            problems.append(f"unknown category {cat!r} (site.yaml has {', '.join(sorted(category_slugs))})")
    title = raw["title"]
    if not isinstance(title, str) or not title.strip():
        problems.append("'title' must be non-empty text")
    date_style = raw.get("date_style", "plain")
    if date_style not in DATE_STYLES:
        problems.append(f"'date_style' must be one of {', '.join(DATE_STYLES)}, not {date_style!r}")
    clock = str(raw.get("time") or "08:00")
    if not CLOCK_TIME.match(clock):
        problems.append(f"'time' must be HH:MM, not {clock!r}")
    markup = raw.get("markup", "p")
    if markup not in MARKUPS:
        problems.append(f"'markup' must be one of {', '.join(MARKUPS)}, not {markup!r}")
    form = raw.get("form", "NFC")
    if form not in FORMS:
        problems.append(f"'form' must be NFC or NFD, not {form!r}")
    status = raw.get("status", 200)
    if status not in (200, 404):
        problems.append(f"'status' must be 200 or 404, not {status!r}")
    author = raw.get("author")
    if author is not None and not isinstance(author, str):
        problems.append("'author' must be text")
    body = raw["body"]
    if not isinstance(body, str):
        problems.append("'body' must be text (paragraphs separated by a blank line)")
        body = ""
    paragraphs = split_paragraphs(body)
    images = []
    for i, item in enumerate(raw.get("images") or []):
        if not isinstance(item, dict) or not {"after", "src", "caption"} <= set(item):
            problems.append(f"images[{i}] must have 'after', 'src' and 'caption'")
            continue
        after = item["after"]
        if not isinstance(after, int) or not 0 <= after < max(1, len(paragraphs)):
            problems.append(f"images[{i}].after must be a paragraph index 0..{len(paragraphs) - 1}, not {after!r}")
            continue
        images.append(Image(after, str(item["src"]), str(item["caption"])))
    attachments = []
    for i, item in enumerate(raw.get("attachments") or []):
        if not isinstance(item, dict) or not {"href", "label"} <= set(item):
            problems.append(f"attachments[{i}] must have 'href' and 'label'")
            continue
        attachments.append(Attachment(str(item["href"]), str(item["label"])))
    published = None
    try:
        published = as_date(raw["published"], "published")
    except ValueError as exc:
        problems.append(str(exc))
    if problems:
        raise problem(source, "; ".join(problems))
    return MirrorArticle(
        slug=slug, categories=tuple(categories), title=title.strip(), published=published,
        paragraphs=paragraphs, date_style=date_style, time=clock, author=(author or None),
        markup=markup, form=form, status=status, images=tuple(images), attachments=tuple(attachments),
        source=str(source),
    )



def _placeholder(raw, source: str, category_slugs: set[str]) -> MirrorArticle:
    if not isinstance(raw, dict) or not {"slug", "category", "title", "published"} <= set(raw):
        raise problem(source, "each placeholder needs slug, category, title and published")
    fields = {
        "slug": raw["slug"], "categories": [raw["category"]], "title": raw["title"],
        "published": raw["published"], "body": "", "date_style": raw.get("date_style", "plain"),
    }
    return parse_article_file(fields, source, category_slugs)


def _fault_target(kind: str, raw, articles_by_slug: dict[str, MirrorArticle], source: str) -> str:
    if isinstance(raw, dict) and "article" in raw:
        article = articles_by_slug.get(str(raw["article"]))
        if article is None:
            raise problem(source, f"faults.{kind}: no article with slug {raw['article']!r}")
        return article.path
    if isinstance(raw, dict) and "path" in raw and str(raw["path"]).startswith("/"):
        return str(raw["path"])
    raise problem(source, f"faults.{kind} must be {{article: SLUG}} or {{path: /PATH[?QUERY]}}")


def _static_pages(root: Path) -> dict[str, Path]:
    pages_dir = root / "pages"
    if not pages_dir.is_dir():
        return {}
    return {
        "/" + path.relative_to(pages_dir).as_posix(): path
        for path in sorted(pages_dir.rglob("*")) if path.is_file()
    }


def load_mirror(root: Path | str | None = None) -> Mirror:
    """Load and validate the mirror under *root* (default data/mirror/); errors name the file."""
    root = Path(root) if root is not None else DEFAULT_ROOT
    site_path = root / "site.yaml"
    if not site_path.is_file():
        raise InputError(f"no mirror at {root}: {site_path} is missing")
    site = read_yaml(site_path)
    if not isinstance(site, dict):
        raise problem(site_path, "site.yaml is a mapping of settings")
    categories = site.get("categories") or []
    if not isinstance(categories, list) or not all(isinstance(c, dict) and {"slug", "name"} <= set(c) for c in categories):
        raise problem(site_path, "'categories' must be a list of {slug, name}")
    category_slugs = {str(c["slug"]) for c in categories}
    menu_pages = site.get("menu_pages") or []
    if not isinstance(menu_pages, list) or not all(isinstance(p, dict) and {"path", "name"} <= set(p) for p in menu_pages):
        raise problem(site_path, "'menu_pages' must be a list of {path, name}")
    per_page = site.get("per_page", 10)
    if not isinstance(per_page, int) or per_page < 1:
        raise problem(site_path, f"'per_page' must be a positive whole number, not {per_page!r}")

    articles: dict[str, MirrorArticle] = {}
    by_slug: dict[str, MirrorArticle] = {}
    files = sorted((root / "articles").glob("*.yaml")) if (root / "articles").is_dir() else []
    sources = [(p, read_yaml(p)) for p in files]
    for i, raw in enumerate(site.get("placeholders") or []):
        sources.append((Path(f"{site_path} (placeholders[{i}])"), {"_placeholder": raw}))
    for path, raw in sources:
        if isinstance(raw, dict) and "_placeholder" in raw:
            article = _placeholder(raw["_placeholder"], str(path), category_slugs)
        else:
            article = parse_article_file(raw, path, category_slugs)
        if article.path in articles or article.slug in by_slug:
            other = (articles.get(article.path) or by_slug[article.slug]).source
            raise problem(path, f"slug {article.slug!r} is used by {other} too")
        articles[article.path] = article
        by_slug[article.slug] = article

    pages = _static_pages(root)
    listed = []
    for i, raw in enumerate(site.get("listed_pages") or []):
        where = f"{site_path} (listed_pages[{i}])"
        if not isinstance(raw, dict) or not {"path", "category", "title", "published"} <= set(raw):
            raise problem(where, "each listed page needs path, category, title and published")
        if raw["path"] not in pages:
            raise problem(where, f"no file pages{raw['path']} for the listed page")
        if raw["category"] not in category_slugs:
            raise problem(where, f"unknown category {raw['category']!r}")
        try:
            published = as_date(raw["published"], "published")
        except ValueError as exc:
            raise problem(where, str(exc)) from None
        listed.append(ListedPage(str(raw["path"]), str(raw["category"]), str(raw["title"]), published))

    fault_settings = dict(site.get("faults") or {})
    slow_seconds = fault_settings.pop("slow_seconds", 2)
    if not isinstance(slow_seconds, (int, float)) or slow_seconds < 0:
        raise problem(site_path, "faults.slow_seconds must be a number of seconds")
    faults = {}
    for kind, raw in fault_settings.items():
        if kind not in FAULT_KINDS:
            raise problem(site_path, f"unknown fault {kind!r} (known: {', '.join(FAULT_KINDS)})")
        faults[kind] = _fault_target(kind, raw, by_slug, str(site_path))

    robots_path = root / "robots.txt"
    return Mirror(
        root=root,
        title=str(site.get("title", "Ban Dân vận")),
        per_page=per_page,
        categories=tuple((str(c["slug"]), str(c["name"])) for c in categories),
        menu_pages=tuple((str(p["path"]), str(p["name"])) for p in menu_pages),
        home_text=str(site.get("home_text", "")),
        footer=tuple(str(line) for line in site.get("footer") or []),
        articles=articles,
        listed_pages=tuple(listed),
        faults=faults,
        slow_seconds=float(slow_seconds),
        robots=robots_path.read_text(encoding="utf-8") if robots_path.is_file() else None,
        pages=pages,
    )
