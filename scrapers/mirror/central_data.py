"""The central board's mirror files (family C): read and validate data/mirror/central/ into a CentralSite."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from scrapers.mirror.common import DATA_ROOT, check_fields, esc_text, problem, read_mapping, read_yaml, split_paragraphs

DEFAULT_ROOT = DATA_ROOT / "central"
HEX_ID = re.compile(r"^[0-9a-f]{24}$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
UTC_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
STATUSES = ("approved", "draft", "pending")
BLOG_KEYS = {
    "id", "category", "slug", "title", "description", "publish_date", "created_at", "status", "kind",
    "author", "featured", "split", "legacy", "upload", "body", "notes",
}
VIETNAM = timezone(timedelta(hours=7))
MAX_SIZE = 50
DESCRIPTION_CHARS = 200


# --------------------------------------------------------------------------- the site's content


@dataclass(frozen=True)
class Category:
    key: str            # the name items use in blogs.yaml
    id: str             # 24 hex, the listing's categoryId
    type: str           # the type slug in the URLs
    name: str

    @property
    def path(self) -> str:
        return f"/blogs/category/type/{self.type}?&categoryId={self.id}"


@dataclass(frozen=True)
class Blog:
    """One item of blogs.yaml: an article, a draft or an uploaded file."""

    id: str
    category: Category
    slug: str
    title: str
    description: str
    publish_date: str           # ISO UTC, as the app sends it
    created_at: str
    status: str
    kind: str                   # the blog object's "type"
    paragraphs: tuple[str, ...]
    author: str | None = None
    featured: bool = False
    split: bool = False
    legacy: bool = False
    upload: str | None = None   # /api/v1/upload/… for an uploaded file

    @property
    def path(self) -> str:
        """The item's own URL: the uploaded file, or the article page."""
        return self.upload or self.page_path

    @property
    def page_path(self) -> str:
        return f"/blogs/{self.category.type}/{self.slug}-{self.id}"

    @property
    def is_article(self) -> bool:
        return self.status == "approved" and self.upload is None

    @property
    def published(self) -> datetime:
        return datetime.strptime(self.publish_date, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)

    @property
    def vietnam_date(self) -> str:
        """The publication day in Vietnam (UTC+7), as the page shows it: dd/mm/yyyy."""
        return self.published.astimezone(VIETNAM).strftime("%d/%m/%Y")

    @property
    def content(self) -> str:
        return "".join(f"<p>{esc_text(p)}</p>" for p in self.paragraphs)

    def as_object(self, root_org_id: str, with_content: bool) -> dict:
        """The blog object of the app's payload."""
        obj = {
            "id": self.id, "title": self.title, "slug": self.slug, "description": self.description,
            "publishDate": self.publish_date, "createdAt": self.created_at, "status": self.status,
            "type": self.kind, "categoryId": self.category.id,
            "thumbnail": f"/api/v1/upload/images/{self.id}.jpg", "rootOrgId": root_org_id,
        }
        if self.upload:
            obj["fileUrl"] = self.upload
        if with_content:
            obj["content"] = self.content
        if self.author:
            obj["author"] = self.author
        return obj


@dataclass(frozen=True)
class CentralSite:
    root: Path
    title: str
    root_org_id: str
    per_page: int
    categories: tuple[Category, ...]
    blogs: tuple[Blog, ...]          # newest first
    footer: tuple[str, ...]
    robots: str | None
    static: dict[str, Path]          # /_next/static/… → file

    @property
    def articles(self) -> dict[str, Blog]:
        """Published articles by their page path (what a crawler should load)."""
        return {b.page_path: b for b in self.blogs if b.is_article}

    def category(self, type_slug: str, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.type == type_slug and c.id == category_id), None)

    def listing(self, category: Category) -> list[Blog]:
        return [b for b in self.blogs if b.category == category]


def _blog(raw, where: str, categories: dict[str, Category]) -> Blog:
    check_fields(raw, where, BLOG_KEYS, ("id", "category", "slug", "title", "publish_date", "body"),
                 "each item is a mapping (id, category, slug, title, publish_date, body, ...)")
    problems = []
    blog_id, slug = str(raw["id"]), str(raw["slug"])
    if not HEX_ID.match(blog_id):
        problems.append(f"'id' must be 24 lowercase hex digits, not {blog_id!r}")
    if not SLUG.match(slug):
        problems.append(f"'slug' must be lowercase ASCII words joined by '-', not {slug!r}")
    category = categories.get(str(raw["category"]))
    if category is None:
        problems.append(f"unknown category {raw['category']!r} (site.yaml has {', '.join(sorted(categories))})")
    publish_date = str(raw["publish_date"])
    created_at = str(raw.get("created_at") or publish_date)
    for key, value in (("publish_date", publish_date), ("created_at", created_at)):
        if not UTC_STAMP.match(value):
            problems.append(f"'{key}' must be UTC like 2025-03-11T18:30:00.000Z, not {value!r}")
    status = raw.get("status", "approved")
    if status not in STATUSES:
        problems.append(f"'status' must be one of {', '.join(STATUSES)}, not {status!r}")
    upload = raw.get("upload")
    if upload is not None and not str(upload).startswith("/api/v1/upload/"):
        problems.append(f"'upload' must be a path under /api/v1/upload/, not {upload!r}")
    if not isinstance(raw["body"], str):
        problems.append("'body' must be text (paragraphs separated by a blank line)")
    if problems:
        raise problem(where, "; ".join(problems))
    paragraphs = split_paragraphs(raw["body"])
    description = str(raw.get("description") or (paragraphs[0] if paragraphs else ""))
    if len(description) > DESCRIPTION_CHARS:
        description = description[:DESCRIPTION_CHARS].rsplit(" ", 1)[0] + "…"
    return Blog(
        id=blog_id, category=category, slug=slug, title=str(raw["title"]).strip(), description=description,
        publish_date=publish_date, created_at=created_at, status=status,
        kind=str(raw.get("kind") or ("document" if upload else "news")), paragraphs=paragraphs,
        author=raw.get("author") or None, featured=bool(raw.get("featured")), split=bool(raw.get("split")),
        legacy=bool(raw.get("legacy")), upload=str(upload) if upload else None,
    )


def load_central(root: Path | str | None = None) -> CentralSite:
    """Load and validate the central board's mirror under *root* (default data/mirror/central/)."""
    root = Path(root) if root is not None else DEFAULT_ROOT
    site_path = root / "site.yaml"
    site = read_mapping(site_path, "central-board mirror")
    root_org_id = str(site.get("root_org_id", ""))
    if not HEX_ID.match(root_org_id):
        raise problem(site_path, "'root_org_id' must be 24 lowercase hex digits")
    per_page = site.get("per_page", 10)
    if not isinstance(per_page, int) or not 1 <= per_page <= MAX_SIZE:
        raise problem(site_path, f"'per_page' must be a whole number 1..{MAX_SIZE}, not {per_page!r}")
    categories: dict[str, Category] = {}
    for i, raw in enumerate(site.get("categories") or []):
        if not isinstance(raw, dict) or not {"key", "id", "type", "name"} <= set(raw):
            raise problem(site_path, f"categories[{i}] needs key, id, type and name")
        if not HEX_ID.match(str(raw["id"])) or not SLUG.match(str(raw["type"])):
            raise problem(site_path, f"categories[{i}]: id is 24 hex digits, type a lowercase slug")
        categories[str(raw["key"])] = Category(str(raw["key"]), str(raw["id"]), str(raw["type"]), str(raw["name"]))
    if not categories:
        raise problem(site_path, "'categories' must list at least one category")
    blogs_path = root / "blogs.yaml"
    items = read_yaml(blogs_path) if blogs_path.is_file() else None
    if not isinstance(items, list):
        raise problem(blogs_path, "blogs.yaml must be a list of items")
    blogs: dict[str, Blog] = {}
    for i, raw in enumerate(items):
        blog = _blog(raw, f"{blogs_path} (item {i})", categories)
        if blog.id in blogs:
            raise problem(blogs_path, f"id {blog.id} is used twice")
        blogs[blog.id] = blog
    ordered = sorted(blogs.values(), key=lambda b: b.id)
    ordered.sort(key=lambda b: b.publish_date, reverse=True)
    static_dir = root / "static"
    static = {
        "/_next/static/" + p.relative_to(static_dir).as_posix(): p
        for p in sorted(static_dir.rglob("*")) if p.is_file()
    } if static_dir.is_dir() else {}
    robots = root / "robots.txt"
    return CentralSite(
        root=root, title=str(site.get("title", "Ban Tuyên giáo và Dân vận Trung ương")), root_org_id=root_org_id,
        per_page=per_page, categories=tuple(categories.values()), blogs=tuple(ordered),
        footer=tuple(str(line) for line in site.get("footer") or []),
        robots=robots.read_text(encoding="utf-8") if robots.is_file() else None, static=static,
    )

