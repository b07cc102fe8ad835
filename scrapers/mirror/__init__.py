"""The embedded mirror: offline copies of the boards' sites (data/mirror/), one family per kind of site, served on loopback.

Modules by stage: ``common`` (shared pieces), ``load`` (the Gia Lai files), ``gialai`` (Gia Lai pages),
``central`` (the central board's Next.js app: its files and pages), ``portal`` (a provincial PHP portal
with sitemap, feed and crawler traps: its files and pages), ``server`` (HTTP serving, faults, the family
registry: ``serve_mirror(family="gialai" | "central" | "portal")``).
"""

from scrapers.http import is_loopback
from scrapers.mirror.central import CentralSite, load_central
from scrapers.mirror.common import Response, split_paragraphs
from scrapers.mirror.gialai import (
    layout, render_article, render_body, render_error, render_home, render_listing, render_static, respond,
)
from scrapers.mirror.load import (
    DEFAULT_ROOT, Attachment, Image, ListedPage, ListingEntry, Mirror, MirrorArticle, load_mirror,
    parse_article_file,
)
from scrapers.mirror.portal import PortalSite, load_portal
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
