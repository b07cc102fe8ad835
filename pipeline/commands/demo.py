"""The `danvan demo` command: serve the three embedded mirrors on loopback, crawl them, build one database."""

from __future__ import annotations

from pipeline.commands import add_data_dir, quiet_logging, run_hint

HELP = "crawl the embedded mirrors (three site families) and build DATA_DIR/danvan.db (offline, end to end)"
DESCRIPTION = """\
Start the three embedded mirrors (data/mirror/) on free ports of 127.0.0.1: the Gia Lai board (family A,
crawled with its profile gialai), the central board (family C, profile tuyengiaodanvan) and a provincial
portal (families D/E, a demo site that is no real board, read with auto and named portal-demo). Crawl
them in parallel with no delay into DATA_DIR/raw/, build DATA_DIR/danvan.db, stop the mirrors, and print
what the database holds: articles by site and facts by kind. Then `make serve` (or `danvan serve`; the last line
says which, with the data directory) opens it in Datasette."""

# (site name, mirror family, profile or auto): the three families of the embedded mirror
DEMO_SITES = (
    ("gialai", "gialai", "gialai"),
    ("tuyengiaodanvan", "central", "tuyengiaodanvan"),
    ("portal-demo", "portal", "auto"),
)

FACT_NAMES = {
    "legal_refs": "legal references",
    "money": "amounts of money",
    "counts": "counts",
    "organizations": "organization mentions",
}


def add_arguments(parser):
    add_data_dir(parser)
    parser.add_argument("--quiet", action="store_true", help="no progress bars")


def run(options) -> int:
    import sqlite_utils

    from contextlib import ExitStack

    from pipeline.build import build
    from scrapers.lock import data_dir_lock
    from scrapers.mirror import serve_mirror
    from scrapers.multi import SiteTarget, crawl_sites

    quiet_logging(options)
    with data_dir_lock(options.data_dir, "demo"):
        with ExitStack() as mirrors:
            targets = []
            for name, family, profile in DEMO_SITES:
                mirror = mirrors.enter_context(serve_mirror(host="127.0.0.1", port=0, quiet=True, family=family))
                print(f"demo: serving the {family} mirror at {mirror.base_url} ({name})")
                crawl_options = options.with_(site=profile, base_url=mirror.base_url, delay=0.0)
                targets.append(SiteTarget(name, crawl_options, auto_name=name if profile == "auto" else None))
            crawled = crawl_sites(targets, options.raw_dir)
        for site_run in crawled:
            if site_run.error is not None:
                raise site_run.error
            print(site_run.summary.line())
        built = build(options)
        print(built.line())
    db = sqlite_utils.Database(options.db_path)
    try:
        articles = db["articles"].count if "articles" in db.table_names() else 0
        by_site = dict(db.execute("select site, count(*) from articles group by site").fetchall()) if articles else {}
    finally:
        db.close()
    facts = ", ".join(f"{built.facts.get(kind, 0)} {name}" for kind, name in FACT_NAMES.items())
    print(f"\n{options.db_path}: {articles} articles ("
          + ", ".join(f"{by_site.get(name, 0)} from {name}" for name, _, _ in DEMO_SITES) + f"); facts: {facts}")
    print(f"Browse it in Datasette: {run_hint('serve', options.data_dir, target='serve')} → http://127.0.0.1:8001")
    return 0
