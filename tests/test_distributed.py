"""The build and extract-warc on a real local Dask cluster (a scheduler and 2 worker processes): the same rows as
the serial build, a worker killed mid-build changes nothing, Parquet row counts equal the database's."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlite_utils

distributed = pytest.importorskip("distributed")
pq = pytest.importorskip("pyarrow.parquet")
import cloudpickle  # noqa: E402  (installed with distributed)

from warcio.archiveiterator import ArchiveIterator  # noqa: E402

from pipeline.cluster import DaskExecutor, collect  # noqa: E402
from pipeline.options import Options  # noqa: E402
from scrapers.archive import ArchiveWriter, file_responses, warc_files  # noqa: E402
from scrapers.crawl import crawl  # noqa: E402
from scrapers.http import ClientSettings  # noqa: E402

cloudpickle.register_pickle_by_value(sys.modules[__name__])   # the workers need not import this test module

FAST = ClientSettings(user_agent="danvan-test/0.1 (+https://example.org/danvan)", delay=0, connect_timeout=1,
                      read_timeout=5, retries=1, backoff=0.01, max_retry_wait=0.1)
SHARDS = 4
OLD_TITLE_MARK = " (bản cũ, thay bằng bản mới)"
KILL_EVENT, KILL_PID, KILL_NEVER = "danvan-test-blocked", "danvan-test-pid", "danvan-test-never"


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address="127.0.0.1:0", silence_logs=50) as local, \
            distributed.Client(local) as client:
        yield local, client


@pytest.fixture(scope="module")
def mirror_crawl(tmp_path_factory) -> Path:
    """The embedded mirror crawled once: DATA_DIR with raw/ (one WARC file, the fetch and run logs)."""
    from scrapers.mirror import serve_mirror

    data_dir = tmp_path_factory.mktemp("crawled")
    with serve_mirror(host="127.0.0.1", port=0, quiet=True) as mirror:
        crawl(Options(data_dir=data_dir, base_url=mirror.base_url, delay=0), settings=FAST)
    return data_dir


def split_archive(source: Path, raw_dir: Path, shards: int) -> list[Path]:
    """The records of one WARC file written again as *shards* files, in order (a request stays with its response)."""
    data = source.read_bytes()
    members = []
    records = ArchiveIterator(io.BytesIO(data))
    for record in records:
        kind = record.rec_type
        records.read_to_end()
        members.append((kind, data[records.get_record_offset():records.get_record_offset()
                                   + records.get_record_length()]))
    warcinfo = members[0][1]
    pairs = [b"".join(member for _, member in members[i:i + 2]) for i in range(1, len(members), 2)]
    raw_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    size = -(-len(pairs) // shards)
    for number in range(shards):
        path = raw_dir / f"danvan-20300101T00000{number}-shard.warc.gz"
        path.write_bytes(warcinfo + b"".join(pairs[number * size:(number + 1) * size]))
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def archive(mirror_crawl, tmp_path_factory) -> Path:
    """DATA_DIR whose archive is the mirror crawl in SHARDS files, plus an older file with earlier versions of two
    pages (the newest is in another file) and a later file with one article archived at a second URL."""
    data_dir = tmp_path_factory.mktemp("sharded")
    raw = data_dir / "raw"
    (source,) = warc_files(mirror_crawl / "raw")
    split_archive(source, raw, SHARDS)
    for name in ("fetches.jsonl", "runs.jsonl"):
        shutil.copy(mirror_crawl / "raw" / name, raw / name)
    pages = [r for r in file_responses(source) if r.status == 200 and r.url.count("/") == 4
             and r.url.endswith(".aspx")]
    titled = [r for r in pages if b"<h1" in r.body or b"<title>" in r.body]
    with ArchiveWriter(raw, "20200101T000000-older") as older:
        for response in titled[:2]:
            title = response.body.split(b"<title>", 1)[1].split(b"</title>", 1)[0]
            older.write_exchange(url=response.url, request_headers=[], status=200, reason="OK",
                                 response_headers=list(response.headers),
                                 body=response.body.replace(title, title + OLD_TITLE_MARK.encode("utf-8")),
                                 fetched_at="2020-01-01T00:00:00.000000Z")
    with ArchiveWriter(raw, "20400101T000000-again") as again:
        copy = pages[-1]
        head, slug = copy.url.rsplit("/", 1)
        again.write_exchange(url=head + "/Ban-sao-" + slug, request_headers=[], status=200, reason="OK",
                             response_headers=list(copy.headers), body=copy.body,
                             fetched_at="2040-01-01T00:00:00.000000Z")
    return data_dir


def dump(db_path: Path) -> dict:
    """Every table's rows, ids included, in id order; only the time each article was loaded is left out."""
    db = sqlite_utils.Database(db_path)
    out = {}
    for table in db.table_names():
        if table.startswith("articles_fts_"):
            continue
        columns = [c.name for c in db[table].columns] if table != "articles_fts" else ["rowid", "title_folded",
                                                                                        "text_folded"]
        keep = [c for c in columns if c != "loaded_at"]
        out[table] = db.execute(f"select {', '.join(f'[{c}]' for c in keep)} from [{table}] order by rowid"
                                ).fetchall()
    return out


def serial_build(archive: Path, tmp_path: Path):
    from pipeline.build import build

    options = Options(data_dir=archive, database=tmp_path / "serial.db", progress=False)
    return build(options), dump(options.db_path)


@pytest.fixture(scope="module")
def serial(archive, tmp_path_factory):
    return serial_build(archive, tmp_path_factory.mktemp("serial"))


def test_the_archive_exercises_newest_and_duplicates(serial):
    summary, rows = serial
    assert summary.duplicates == 1 and summary.loaded == summary.articles > 20
    titles = [row[4] for row in rows["articles"]]
    assert not any(OLD_TITLE_MARK.strip() in (title or "") for title in titles)   # the newer version was loaded


def test_the_cluster_build_gives_the_serial_rows(archive, cluster, serial, tmp_path, capsys):
    from pipeline.cli import main

    local, _client = cluster
    data_dir = tmp_path / "data"
    shutil.copytree(archive / "raw", data_dir / "raw")
    status = main(["build", "--data-dir", str(data_dir), "--scheduler", local.scheduler_address, "--json",
                   "--quiet"])
    assert status == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["articles"] == serial[0].articles and summary["duplicates"] == serial[0].duplicates
    rows = dump(data_dir / "danvan.db")
    assert rows == serial[1]
    assert sum(len(r) for r in rows.values()) > 300
    assert {"articles", "money", "counts", "legal_citations", "runs", "fetches", "rejected_pages"} <= set(rows)


def blocking_collect(work, task):
    """Run a task; the task numbered 1, the first time it runs, first tells its worker's pid and waits to be killed."""
    from distributed import Event, Variable

    if task.index == 1:
        pid = Variable(KILL_PID)
        if pid.get(timeout=10) is None:
            pid.set(os.getpid())
            Event(KILL_EVENT).set()
            Event(KILL_NEVER).wait()
    return collect(work, task)


class BlockingExecutor(DaskExecutor):
    def submit(self, work, task):
        return self.client.submit(blocking_collect, work, task, pure=False)


def test_a_worker_killed_mid_build_changes_nothing(archive, cluster, serial, tmp_path):
    from distributed import Event, Variable

    from pipeline.build import build

    local, client = cluster
    Variable(KILL_PID, client=client).set(None)
    outcome = {}
    options = Options(data_dir=archive, database=tmp_path / "killed.db", progress=False)

    def run():
        try:
            outcome["summary"] = build(options, executor=BlockingExecutor(client, "test cluster"))
        except BaseException as exc:   # reported by the test below
            outcome["error"] = exc

    builder = threading.Thread(target=run)
    builder.start()
    assert Event(KILL_EVENT, client=client).wait(timeout=60), "the blocking task never started"
    pid = Variable(KILL_PID, client=client).get(timeout=10)
    os.kill(pid, signal.SIGKILL)
    builder.join(timeout=120)
    assert not builder.is_alive()
    assert "error" not in outcome, outcome.get("error")
    assert outcome["summary"].articles == serial[0].articles
    assert dump(options.db_path) == serial[1]
    Event(KILL_NEVER, client=client).set()    # nothing waits for it any more
    client.wait_for_workers(2, timeout=60)   # the nanny restarted the killed worker


def parquet_rows(out: Path, kind: str) -> int:
    files = sorted((out / kind).glob("*.parquet"))
    return sum(pq.read_table(path).num_rows for path in files)


@pytest.fixture(scope="module")
def plain_shards(mirror_crawl, tmp_path_factory) -> Path:
    """DATA_DIR whose archive is only the mirror crawl, in SHARDS files (each page once, no duplicates)."""
    data_dir = tmp_path_factory.mktemp("plain")
    (source,) = warc_files(mirror_crawl / "raw")
    split_archive(source, data_dir / "raw", SHARDS)
    return data_dir


def test_extract_warc_parquet_counts_equal_the_database(plain_shards, tmp_path, capsys):
    import pyarrow.parquet

    from pipeline.build import build
    from pipeline.cli import main

    summary = build(Options(data_dir=plain_shards, database=tmp_path / "plain.db", progress=False))
    assert summary.duplicates == 0 and summary.articles > 20
    out = tmp_path / "facts"
    status = main(["extract-warc", str(plain_shards / "raw" / "*.warc.gz"), "--out", str(out),
                   "--workers", "1", "--json", "--quiet"])   # a local cluster of its own, as --workers starts
    assert status == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["written"] == SHARDS and figures["damaged"] == 0
    assert figures["not_articles"] and sum(figures["not_articles"].values()) > 0   # listings, robots.txt, …
    db = sqlite_utils.Database(tmp_path / "plain.db")
    expected = {"articles": "articles", "legal": "legal_citations", "money": "money", "counts": "counts",
                "percents": "percents", "measures": "measures", "organizations": "organization_mentions",
                "locations": "location_mentions"}
    for kind, table in expected.items():
        assert len(list((out / kind).glob("*.parquet"))) == SHARDS
        assert parquet_rows(out, kind) == db[table].count, kind
    money = pyarrow.parquet.read_table(out / "money").to_pylist()
    assert money and all(row["warc_file"].endswith(".warc.gz") and row["warc_record_id"] for row in money)
    articles = {row["warc_record_id"]: row for row in pyarrow.parquet.read_table(out / "articles").to_pylist()}
    assert all(row["warc_record_id"] in articles for row in money)
    for row in money:
        text = articles[row["warc_record_id"]]["text"]
        assert text[row["start"]:row["end"]] == row["text"]
    # The same values as the database's, column for column, but the ids that link rows inside the database.
    links = {"id", "article_id", "organization_id", "count_id", "loaded_at"}
    stored = {row["url"]: {k: v for k, v in row.items() if k not in links} for row in db["articles"].rows}
    assert {row["url"]: {k: row[k] for k in stored[row["url"]]} for row in articles.values()} == stored
    url_of = {record_id: row["url"] for record_id, row in articles.items()}
    for kind, table in expected.items():
        if kind == "articles":
            continue
        columns = [c.name for c in db[table].columns if c.name not in links]
        in_db = sorted((tuple(row) for row in db.execute(
            f"select a.url, {', '.join(f't.[{c}]' for c in columns)} from [{table}] t "
            "join articles a on a.id = t.article_id")), key=repr)
        in_parquet = sorted(((url_of[row["warc_record_id"]], *(row[c] for c in columns))
                             for row in pyarrow.parquet.read_table(out / kind).to_pylist()), key=repr)
        assert in_parquet == in_db, kind


def test_extract_warc_reports_a_truncated_shard_does_the_others_and_skips_them_next_time(plain_shards, tmp_path):
    from pipeline.cluster import executor_for
    from pipeline.warcfacts import extract_warc

    raw = tmp_path / "raw"
    shutil.copytree(plain_shards / "raw", raw)
    files = warc_files(raw)
    damaged = files[1]
    damaged.write_bytes(damaged.read_bytes()[:-300])                    # a shard cut short
    with open(files[2], "r+b") as f:                                     # a corrupt record inside another
        data = bytearray(f.read())
        middle = len(data) // 2
        data[middle:middle + 64] = b"\0" * 64
        f.seek(0)
        f.write(data)
    (raw / "not-a-warc.warc.gz").write_bytes(b"plain text, not an archive\n" * 10)
    out = tmp_path / "facts"
    with executor_for() as executor:
        first = extract_warc([str(raw / "*.warc.gz")], str(out), "gialai", executor)
    assert first.shards == SHARDS + 1 and first.written == SHARDS + 1 and first.skipped == 0
    reasons = {(Path(d["warc_file"]).name, d["reason"].split(":")[0]) for d in first.damage}
    assert any(name == damaged.name and "cut short" in reason for name, reason in reasons), reasons
    assert any(name == files[2].name for name, _ in reasons)
    assert any(name == "not-a-warc.warc.gz" for name, _ in reasons)
    assert first.articles > 15 and len(list((out / "articles").glob("*.parquet"))) == SHARDS + 1
    assert "damaged:" in first.line()
    written = {path: path.stat().st_mtime_ns for path in out.rglob("*.parquet")}

    with executor_for() as executor:
        again = extract_warc([str(raw / "*.warc.gz")], str(out), "gialai", executor)
    assert again.written == 0 and again.skipped == SHARDS + 1
    assert again.rows == first.rows and again.damaged == first.damaged
    assert {path: path.stat().st_mtime_ns for path in out.rglob("*.parquet")} == written
    assert not list(out.rglob("*.tmp"))


def test_extract_warc_auto_reads_the_pages_of_a_site_it_has_no_profile_for(plain_shards, tmp_path):
    """`--site auto`: each page read as a page of its own site with no profile, articles told by their content."""
    import pyarrow.parquet

    from pipeline.build import build
    from pipeline.cluster import executor_for
    from pipeline.warcfacts import extract_warc

    build(Options(data_dir=plain_shards, database=tmp_path / "plain.db", progress=False))
    expected = {row["title"]: row["published_on"] for row in sqlite_utils.Database(tmp_path / "plain.db").query(
        "select title, published_on from articles")}
    with executor_for() as executor:
        summary = extract_warc([str(plain_shards / "raw" / "*.warc.gz")], str(tmp_path / "auto"), "auto", executor)
    assert summary.damaged == 0
    table = pyarrow.parquet.read_table(tmp_path / "auto" / "articles").to_pylist()
    found = {row["title"]: row["published_on"] for row in table}
    assert len(set(found) & set(expected)) >= 0.9 * len(expected)          # ≥ 90 % of the articles, by title
    assert all(found[title] == expected[title] for title in set(found) & set(expected))   # with their dates
    assert set(found) <= set(expected)                                      # and nothing that is not one
    assert {row["site"] for row in table} == {urlsplit(table[0]["url"]).netloc}   # named from the origin


def test_cluster_options_are_checked_before_any_work(archive, tmp_path, capsys):
    from pipeline.cli import main

    data_dir = tmp_path / "data"
    shutil.copytree(archive / "raw", data_dir / "raw")
    assert main(["build", "--data-dir", str(data_dir), "--workers", "0"]) == 1
    assert "--workers must be at least 1" in capsys.readouterr().err
    assert not (data_dir / "danvan.db").exists()
    with pytest.raises(SystemExit) as exited:
        main(["build", "--data-dir", str(data_dir), "--workers", "2", "--scheduler", "tcp://127.0.0.1:1"])
    assert exited.value.code == 2 and "not allowed with argument" in capsys.readouterr().err


def test_a_file_shorter_than_its_index_is_an_error_not_missing_rows(archive, tmp_path):
    from pipeline.build import build
    from scrapers.archive import write_index
    from scrapers.errors import DatabaseError

    data_dir = tmp_path / "data"
    shutil.copytree(archive / "raw", data_dir / "raw")
    path = warc_files(data_dir / "raw")[1]
    listed = [(r.url, r.status, r.method) for r in file_responses(path)]
    article_url = next(url for url, status, _method in listed if status == 200 and url.count("/") == 4)
    write_index(path, listed + [(article_url.replace(".aspx", "-x.aspx"), 200, "GET")])   # one response too many
    with pytest.raises(DatabaseError, match="not in the file"):
        build(Options(data_dir=data_dir, progress=False))


def test_extract_warc_reads_and_writes_fsspec_urls(plain_shards):
    """Object storage goes through fsspec URLs; its in-memory filesystem stands in for one here."""
    import fsspec
    import pyarrow.parquet

    from pipeline.cluster import executor_for
    from pipeline.warcfacts import extract_warc

    memory = fsspec.filesystem("memory")
    source = warc_files(plain_shards / "raw")[0]
    memory.pipe("/warcs/one.warc.gz", source.read_bytes())
    try:
        with executor_for() as executor:
            summary = extract_warc(["memory://warcs/*.warc.gz"], "memory://facts", "gialai", executor)
        assert summary.written == 1 and summary.damaged == 0
        with memory.open("/facts/articles/one.parquet", "rb") as f:
            articles = pyarrow.parquet.read_table(f).to_pylist()
        assert len(articles) == summary.articles > 0
        assert {row["warc_file"] for row in articles} == {"one.warc.gz"}
        assert memory.exists("/facts/_shards/one.json") and not memory.glob("/facts/**/.*.tmp")
        with executor_for() as executor:
            assert extract_warc(["memory://warcs/*.warc.gz"], "memory://facts", "gialai", executor).skipped == 1
    finally:
        memory.rm("/warcs", recursive=True)
        memory.rm("/facts", recursive=True)
