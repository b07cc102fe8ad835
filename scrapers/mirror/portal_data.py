"""The provincial portal's mirror files (families D/E): read and validate data/mirror/portal/ into a PortalSite."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from scrapers.mirror.common import DATA_ROOT, check_fields, problem, read_mapping, read_yaml, split_paragraphs

DEFAULT_ROOT = DATA_ROOT / "portal"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MONTH = re.compile(r"^(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])$")
ARTICLE_KEYS = {
    "id", "slug", "category", "title", "published", "modified", "author", "og_type", "tags", "sitemap_only",
    "comments", "body", "notes",
}
PAGINGS = ("start", "path")
SUMMARY_CHARS = 200


# --------------------------------------------------------------------------- the site's content


@dataclass(frozen=True)
class PortalCategory:
    slug: str
    name: str
    paging: str         # start: ?start=N; path: /page/N

    @property
    def path(self) -> str:
        return f"/chuyen-muc/{self.slug}"

    def page_path(self, page: int, per_page: int) -> str:
        if page <= 1:
            return self.path
        if self.paging == "path":
            return f"{self.path}/page/{page}"
        return f"{self.path}?start={(page - 1) * per_page}"


@dataclass(frozen=True)
class Comment:
    name: str
    text: str


@dataclass(frozen=True)
class PortalArticle:
    id: int
    slug: str
    category: PortalCategory
    title: str
    published: datetime         # with its UTC offset
    modified: datetime
    paragraphs: tuple[str, ...]
    author: str | None = None
    og_type: str = "article"
    tags: tuple[str, ...] = ()
    sitemap_only: bool = False
    comments: tuple[Comment, ...] = ()

    @property
    def path(self) -> str:
        return f"/tin-tuc/{self.slug}-{self.id}.html"

    @property
    def summary(self) -> str:
        first = self.paragraphs[0] if self.paragraphs else ""
        return first if len(first) <= SUMMARY_CHARS else first[:SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"


@dataclass(frozen=True)
class StaticPage:
    path: str
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class PortalSite:
    root: Path
    title: str
    generator: str
    per_page: int
    categories: tuple[PortalCategory, ...]
    articles_by_path: dict[str, PortalArticle]
    static_pages: dict[str, StaticPage]
    calendar_start: str                     # YYYY-MM shown by /lich-su-kien without ?thang
    events: dict[str, tuple[tuple[int, str], ...]]     # YYYY-MM → (day, event)
    footer: tuple[str, ...]
    robots: str | None
    tag_names: dict[str, str]               # tag slug → its words as shown

    def tag_name(self, tag: str) -> str:
        return self.tag_names.get(tag, tag.replace("-", " "))

    def all_tags(self) -> list[str]:
        return sorted({t for a in self.newest() for t in a.tags})

    @property
    def articles(self) -> dict[str, PortalArticle]:
        return self.articles_by_path

    def newest(self, listed_only: bool = True) -> list[PortalArticle]:
        """Articles newest first (ties by id); without the sitemap-only ones unless *listed_only* is False."""
        chosen = [a for a in self.articles_by_path.values() if not (listed_only and a.sitemap_only)]
        chosen.sort(key=lambda a: a.id, reverse=True)
        chosen.sort(key=lambda a: a.published, reverse=True)
        return chosen

    def category(self, slug: str) -> PortalCategory | None:
        return next((c for c in self.categories if c.slug == slug), None)

    def listing(self, category: PortalCategory) -> list[PortalArticle]:
        return [a for a in self.newest() if a.category == category]

    def tagged(self, tag: str) -> list[PortalArticle]:
        return [a for a in self.newest() if tag in a.tags]


def _stamp(value, key: str) -> datetime:
    """An ISO date-time with its offset (2025-03-12T08:30:00+07:00)."""
    try:
        stamp = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"'{key}' must be an ISO date-time with offset, not {value!r}") from None
    if stamp.tzinfo is None:
        raise ValueError(f"'{key}' must carry its UTC offset (+07:00), not {value!r}")
    return stamp


def _article(raw, where: str, categories: dict[str, PortalCategory]) -> PortalArticle:
    check_fields(raw, where, ARTICLE_KEYS, ("id", "slug", "category", "title", "published", "body"),
                 "each article is a mapping (id, slug, category, title, published, body, ...)")
    problems = []
    if not isinstance(raw["id"], int) or raw["id"] < 1:
        problems.append(f"'id' must be a positive whole number, not {raw['id']!r}")
    if not SLUG.match(str(raw["slug"])):
        problems.append(f"'slug' must be lowercase ASCII words joined by '-', not {raw['slug']!r}")
    category = categories.get(str(raw["category"]))
    if category is None:
        problems.append(f"unknown category {raw['category']!r} (site.yaml has {', '.join(sorted(categories))})")
    published = modified = None
    try:
        published = _stamp(raw["published"], "published")
        modified = _stamp(raw.get("modified") or raw["published"], "modified")
    except ValueError as exc:
        problems.append(str(exc))
    og_type = raw.get("og_type", "article")
    if og_type not in ("article", "website"):
        problems.append(f"'og_type' must be article or website, not {og_type!r}")
    tags = raw.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) and SLUG.match(t) for t in tags):
        problems.append("'tags' must be a list of lowercase slugs")
    comments = raw.get("comments") or []
    if not isinstance(comments, list) or not all(isinstance(c, dict) and {"name", "text"} <= set(c) for c in comments):
        problems.append("'comments' must be a list of {name, text}")
    if not isinstance(raw["body"], str) or not raw["body"].strip():
        problems.append("'body' must be text (paragraphs separated by a blank line)")
    if problems:
        raise problem(where, "; ".join(problems))
    return PortalArticle(
        id=raw["id"], slug=str(raw["slug"]), category=category, title=str(raw["title"]).strip(),
        published=published, modified=modified, paragraphs=split_paragraphs(raw["body"]),
        author=raw.get("author") or None, og_type=og_type, tags=tuple(tags),
        sitemap_only=bool(raw.get("sitemap_only")),
        comments=tuple(Comment(str(c["name"]), str(c["text"])) for c in comments),
    )


def load_portal(root: Path | str | None = None) -> PortalSite:
    """Load and validate the portal's mirror under *root* (default data/mirror/portal/)."""
    root = Path(root) if root is not None else DEFAULT_ROOT
    site_path = root / "site.yaml"
    site = read_mapping(site_path, "portal mirror")
    per_page = site.get("per_page", 10)
    if not isinstance(per_page, int) or per_page < 1:
        raise problem(site_path, f"'per_page' must be a positive whole number, not {per_page!r}")
    categories: dict[str, PortalCategory] = {}
    for i, raw in enumerate(site.get("categories") or []):
        if not isinstance(raw, dict) or not {"slug", "name"} <= set(raw) or not SLUG.match(str(raw["slug"])):
            raise problem(site_path, f"categories[{i}] needs a lowercase slug and a name")
        paging = raw.get("paging", "start")
        if paging not in PAGINGS:
            raise problem(site_path, f"categories[{i}].paging must be start or path, not {paging!r}")
        categories[str(raw["slug"])] = PortalCategory(str(raw["slug"]), str(raw["name"]), paging)
    if not categories:
        raise problem(site_path, "'categories' must list at least one category")
    static_pages = {}
    for i, raw in enumerate(site.get("static_pages") or []):
        if not isinstance(raw, dict) or not {"path", "title", "body"} <= set(raw):
            raise problem(site_path, f"static_pages[{i}] needs path, title and body")
        static_pages[str(raw["path"])] = StaticPage(str(raw["path"]), str(raw["title"]), split_paragraphs(raw["body"]))
    calendar_start = str(site.get("calendar_start", "2025-01"))
    if not MONTH.match(calendar_start):
        raise problem(site_path, f"'calendar_start' must be YYYY-MM, not {calendar_start!r}")
    events: dict[str, list[tuple[int, str]]] = {}
    for i, raw in enumerate(site.get("events") or []):
        try:
            day = date.fromisoformat(str(raw["date"]))
        except (TypeError, KeyError, ValueError):
            raise problem(site_path, f"events[{i}] needs an ISO date and a title") from None
        events.setdefault(day.strftime("%Y-%m"), []).append((day.day, str(raw.get("title", ""))))
    articles_path = root / "articles.yaml"
    items = read_yaml(articles_path) if articles_path.is_file() else None
    if not isinstance(items, list):
        raise problem(articles_path, "articles.yaml must be a list of articles")
    articles: dict[str, PortalArticle] = {}
    seen_ids: set[int] = set()
    for i, raw in enumerate(items):
        article = _article(raw, f"{articles_path} (item {i})", categories)
        if article.id in seen_ids:
            raise problem(articles_path, f"id {article.id} is used twice")
        seen_ids.add(article.id)
        articles[article.path] = article
    robots = root / "robots.txt"
    return PortalSite(
        root=root, title=str(site.get("title", "Ban Tuyên giáo và Dân vận")),
        generator=str(site.get("generator", "NukeViet v4.0")), per_page=per_page,
        categories=tuple(categories.values()), articles_by_path=articles, static_pages=static_pages,
        calendar_start=calendar_start, events={k: tuple(v) for k, v in events.items()},
        footer=tuple(str(line) for line in site.get("footer") or []),
        robots=robots.read_text(encoding="utf-8") if robots.is_file() else None,
        tag_names={str(k): str(v) for k, v in (site.get("tag_names") or {}).items()},
    )

