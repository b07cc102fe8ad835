"""The `danvan demo` command: serve the embedded mirror on loopback, crawl it, build the database, summarize."""

from __future__ import annotations

from pathlib import Path

from pipeline.commands import add_data_dir, quiet_logging

HELP = "crawl the embedded mirror and build DATA_DIR/danvan.db (offline, end to end)"
DESCRIPTION = """\
Start the embedded mirror (data/mirror/) on a free port of 127.0.0.1, crawl it with no delay
into DATA_DIR/raw/, build DATA_DIR/danvan.db, stop the mirror, and print what the database holds:
articles and facts by kind. Then `make serve` (or `danvan serve`) opens it in Datasette."""

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

    from pipeline.build import build
    from scrapers.lock import data_dir_lock
    from scrapers.crawl import crawl
    from scrapers.mirror import serve_mirror

    quiet_logging(options)
    with data_dir_lock(options.data_dir, "demo"):
        mirror = serve_mirror(host="127.0.0.1", port=0, quiet=True)
        try:
            print(f"demo: serving the embedded mirror at {mirror.base_url}")
            crawled = crawl(options.with_(base_url=mirror.base_url, delay=0.0))
        finally:
            mirror.stop()
        print(crawled.line())
        built = build(options)
        print(built.line())
    db = sqlite_utils.Database(options.db_path)
    try:
        articles = db["articles"].count if "articles" in db.table_names() else 0
    finally:
        db.close()
    facts = ", ".join(f"{built.facts.get(kind, 0)} {name}" for kind, name in FACT_NAMES.items())
    print(f"\n{options.db_path}: {articles} articles; facts: {facts}")
    make_serve = "make serve" if options.data_dir == Path("data") else f"make serve DATA={options.data_dir}"
    print(f"Browse it in Datasette:  {make_serve}   (or: danvan serve --data-dir {options.data_dir})"
          " → http://127.0.0.1:8001")
    return 0
