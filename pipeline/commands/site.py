"""The `danvan site` command: draft a profile for a new site (init), see what a profile finds (check), list profiles."""

from __future__ import annotations

import argparse
import sys

from pipeline.commands import add_data_dir, quiet_logging, run_hint
from scrapers.errors import InputError

HELP = "draft, check, register and list sites (site init URL, site check NAME|URL, site add URL, site list)"
DESCRIPTION = """\
  danvan site init URL [--name NAME]   probe a site (at most 30 polite, archived requests), decide its family
                                       and write a draft profile to DATA_DIR/sites/NAME.yaml for review
  danvan site check NAME|URL           fetch a handful of pages and print what the profile (or, for a URL,
                                       auto mode) finds on each: title, date, body length, facts by kind
  danvan site add URL [--name NAME]    register a site (DATA_DIR/sites/registry.yaml): its profile NAME if there is
                                       one, else `site init` drafts it first; `crawl --all` then includes it
  danvan site list                     the shipped profiles and the user's (DATA_DIR/sites/), then the registry:
                                       active or retired, and when `site check` last passed against the live host

Every request goes through the polite client (robots.txt, delay, User-Agent) and is archived in DATA_DIR/raw/."""

CHECK_PAGES = 6


def add_arguments(parser):
    add_data_dir(parser)
    actions = parser.add_subparsers(dest="site_action", metavar="ACTION", required=True)
    init = actions.add_parser("init", help="probe a site and write a draft profile")
    init.add_argument("url", metavar="URL", help="the site (its home page, or a listing page)")
    init.add_argument("--name", help="the profile's name (default: the site's host, plus its port if not default)")
    init.add_argument("--force", action="store_true", help="replace DATA_DIR/sites/NAME.yaml if it exists")
    check = actions.add_parser("check", help="print what a profile finds on a handful of pages")
    check.add_argument("target", metavar="NAME|URL", help="a profile (shipped, the user's, or a path) or a site's URL")
    check.add_argument("--pages", type=int, default=CHECK_PAGES, metavar="N",
                       help=f"article pages to check (default {CHECK_PAGES})")
    check.add_argument("--base-url", metavar="URL", help="check the profile against another origin (a mirror)")
    add = actions.add_parser("add", help="register a site (drafting its profile with init when it has none)")
    add.add_argument("url", metavar="URL", help="the site (its home page)")
    add.add_argument("--name", help="the site's name (default: the site's host, plus its port if not default)")
    add.add_argument("--title", help="the board's name (default: the profile's title)")
    add.add_argument("--organization", default="unknown", help="the organization the board belongs to")
    add.add_argument("--retired", action="store_true",
                     help="a merged board's old site: kept readable in the archive, not crawled by --all")
    listing = actions.add_parser("list", help="the shipped and user profiles, and the registry of sites")
    for sub in (init, check, add, listing):   # also after the action; given there, it wins
        sub.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                         help="where the archive, database, logs and profiles live (default: data/)")
    for sub in (init, check, add):
        sub.add_argument("--delay", type=float, metavar="S",
                         help="seconds between requests (default 1.5; below 1 only for 127.0.0.1)")
        sub.add_argument("--quiet", action="store_true", help="only the result")


def run(options) -> int:
    action = options.extra["site_action"]
    if options.delay is not None and options.delay < 0:
        raise InputError("--delay cannot be negative")
    quiet_logging(options)
    if action == "list":
        return list_sites(options)
    from scrapers.lock import data_dir_lock

    with data_dir_lock(options.data_dir, f"site {action}"):
        if action == "init":
            return init(options)
        if action == "add":
            return add_site(options)
        return check(options)


def init(options) -> int:
    from scrapers.draft import init_site

    result = init_site(options.with_(progress=False), options.extra["url"], name=options.extra.get("name"),
                       force=bool(options.extra.get("force")))
    draft = result.draft
    print(f"{result.path}: family {draft.family}, {len(draft.samples)} sample articles parsed, "
          f"{result.requests} requests")
    for note in draft.notes:
        print(f"  note: {note}")
    for sample in draft.samples:
        print(f"  {sample.title} | {sample.published_on or 'no date'} | {sample.chars} chars | {sample.url}")
    print(f"review it, then: {run_hint('site', options.data_dir, 'check', draft.profile['name'])}")
    return 0


def add_site(options) -> int:
    """Register a site in DATA_DIR/sites/registry.yaml, with its profile (drafted by init when there is none)."""
    from urllib.parse import urlsplit

    from scrapers.profile import SITE_NAME as NAME
    from scrapers.profile import load_profile, profile_path, site_name_for
    from scrapers.registry import RegisteredSite, append_site, registered

    url = options.extra["url"]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"site add needs an http(s) URL with a host, not {url!r}")
    origin = f"{parts.scheme}://{parts.netloc}"
    name = options.extra.get("name") or site_name_for(origin)
    if not NAME.fullmatch(name):
        raise InputError(f"--name {name!r}: letters, digits and . _ - : only")
    if registered(name, options.data_dir) is not None:
        raise InputError(f"site {name!r} is registered already (danvan site list)")
    title = options.extra.get("title")
    if profile_path(name, options.data_dir).is_file():
        print(f"site add: using the existing profile {profile_path(name, options.data_dir)}")
    else:
        options.extra.update(name=name, force=False)
        init(options)
    if not title:
        from scrapers.auto import _read_yaml

        raw = _read_yaml(profile_path(name, options.data_dir))
        title = str((raw or {}).get("title") or name) if isinstance(raw, dict) else name
        if "family" not in (raw or {}):
            title = load_profile(name, options.data_dir).title or title
    entry = RegisteredSite(name=name, title=title, base_url=origin, profile=name,
                           status="retired" if options.extra.get("retired") else "active",
                           organization=options.extra.get("organization") or "unknown", verified=None)
    path = append_site(options.data_dir, entry)
    print(f"{path}: added {name} ({entry.status}, not verified): {run_hint('site', options.data_dir, 'check', name)}, "
          f"then {run_hint('crawl', options.data_dir, '--site', name)} (or --all)")
    return 0


def list_sites(options) -> int:
    from scrapers.auto import DISCOVERY_FAMILIES, _read_yaml
    from scrapers.profile import REGISTRY_STEM, SITES_DIR, USER_SITES

    rows = []
    for where, folder in (("shipped", SITES_DIR), ("user", options.data_dir / USER_SITES)):
        for path in sorted(p for p in folder.glob("*.yaml") if p.stem != REGISTRY_STEM):
            raw = _read_yaml(path)
            if not isinstance(raw, dict):
                rows.append((path.stem, where, "?", f"unreadable: {path}"))
                continue
            family = str(raw.get("family") or ("C" if raw.get("payload") else
                         "B" if (raw.get("pager") or {}).get("kind") == "postback" else "A"))
            family = family if family in ("A", "B", "C", *DISCOVERY_FAMILIES) else "?"
            rows.append((str(raw.get("name", path.stem)), where, family, str(raw.get("base_url", ""))))
    width = max([len(r[0]) for r in rows] + [4])
    print(f"{'name':<{width}}  where    family  base_url")
    for name, where, family, base in rows:
        print(f"{name:<{width}}  {where:<7}  {family:<6}  {base}")
    list_registry(options)
    return 0


def list_registry(options) -> None:
    """The registry's entries: name, active or retired, verified (the date) or not, profile, where, base URL."""
    from scrapers.registry import load_registry

    entries = load_registry(options.data_dir)
    width = max([len(e.name) for e in entries] + [4])
    print(f"\nregistry of sites ({len(entries)}):")
    print(f"{'name':<{width}}  status   verified    profile          where    base_url")
    for e in entries:
        verified = e.verified.isoformat() if e.verified else "no"
        print(f"{e.name:<{width}}  {e.status:<7}  {verified:<10}  {e.profile:<15}  {e.source:<7}  {e.base_url}")


def check(options) -> int:
    from scrapers.check import check_site

    target = options.extra["target"]
    pages = options.extra.get("pages") or CHECK_PAGES
    if pages < 1:
        raise InputError("--pages must be at least 1")
    report = check_site(options.with_(progress=False), target, pages=pages)
    print(report.header)
    for row in report.rows:
        print("  " + row.line())
    for problem in report.problems:
        print(f"  problem: {problem}", file=sys.stderr)
    passed = any(row.kind == "article" for row in report.rows)
    if passed and not report.problems:
        note_verified(options, target)
    return 0 if passed else 1


def note_verified(options, target: str) -> None:
    """A check of a registered site that passed against its live host (no --base-url, not this machine) marks the
    user's registry entry verified today; a shipped one is to be marked by hand."""
    from datetime import datetime, timezone
    from urllib.parse import urlsplit

    from scrapers.http import is_loopback
    from scrapers.registry import mark_verified, registered

    entry = registered(target, options.data_dir)
    if entry is None or options.base_url or is_loopback(urlsplit(entry.base_url).hostname or ""):
        return
    today = datetime.now(timezone.utc).date()
    path = mark_verified(options.data_dir, entry.name, today)
    if path is not None:
        print(f"{path}: {entry.name} verified {today.isoformat()}")
    else:
        print(f"passed against {entry.base_url}: set `verified: {today.isoformat()}` for {entry.name} in "
              "scrapers/sites/registry.yaml")
