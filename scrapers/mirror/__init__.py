"""The embedded mirror: offline copies of the boards' sites (data/mirror/), one family per kind of site, served on loopback.

Modules by stage: ``common`` (shared pieces); loading the files: ``load`` (Gia Lai), ``central_data``,
``portal_data``; rendering, one module per family: ``gialai``, ``central`` (the central board's Next.js
app), ``portal`` (a provincial PHP portal) with ``portal_feeds`` (its feed and sitemaps); serving:
``server`` (HTTP, faults, the family registry: ``serve_mirror(family="gialai" | "central" | "portal")``).
"""

from scrapers.http import is_loopback
from scrapers.mirror.central_data import CentralSite, load_central
from scrapers.mirror.common import Response, split_paragraphs
from scrapers.mirror.gialai import (
    layout, render_article, render_body, render_error, render_home, render_listing, render_static, respond,
)
from scrapers.mirror.load import (
    DEFAULT_ROOT, Attachment, Image, ListedPage, ListingEntry, Mirror, MirrorArticle, load_mirror,
    parse_article_file,
)
from scrapers.mirror.portal_data import PortalSite, load_portal
from scrapers.mirror.server import (
    DEFAULT_FAMILY, FAMILIES, Family, MirrorServer, family_named, load_family, serve_mirror,
)

__all__ = [
    "DEFAULT_FAMILY", "DEFAULT_ROOT", "FAMILIES", "Attachment", "CentralSite", "PortalSite", "load_central",
    "load_portal", "Family", "Image", "ListedPage", "ListingEntry",
    "Mirror", "MirrorArticle", "MirrorServer", "Response", "family_named", "is_loopback", "layout", "load_family",
    "load_mirror", "parse_article_file", "render_article", "render_body", "render_error", "render_home",
    "render_listing", "render_static", "respond", "serve_mirror", "split_paragraphs",
]
