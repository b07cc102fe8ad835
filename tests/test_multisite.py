"""Several sites in one run, on 127.0.0.1: a nightly publishes the sites that pass and leaves out the one that fails
(its old articles stay published); hosts are crawled in parallel while each host gets one request at a time."""

from __future__ import annotations

import time
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import yaml

from local_site import Article, LocalSite, Served, free_port, small_site
from pipeline.db import connect_read_only
from pipeline.nightly import nightly
from pipeline.options import Options
from scrapers.archive import read_fetch_log
from scrapers.http import ClientSettings
from scrapers.multi import crawl_sites, resolve_targets
from scrapers.profile import SITES_DIR

FAST = ClientSettings(user_agent="danvan-test/0.1 (+https://example.org/danvan)", delay=0, connect_timeout=1,
                      read_timeout=2, total_timeout=5, retries=1, backoff=0.01, max_retry_wait=0.1)
CATEGORIES = ("Tin-hoat-dong", "Dan-van-kheo")


def write_profile(data_dir: Path, name: str, base_url: str) -> None:
    """DATA_DIR/sites/NAME.yaml: the gialai profile at another origin, with the two categories the test sites have."""
    profile = yaml.safe_load((SITES_DIR / "gialai.yaml").read_text(encoding="utf-8"))
    profile.update(name=name, base_url=base_url, title=f"Board {name}")
    profile["categories"] = [c for c in profile["categories"] if c["slug"] in CATEGORIES]
    (data_dir / "sites").mkdir(parents=True, exist_ok=True)
    (data_dir / "sites" / f"{name}.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")


def board(tag: str, site: LocalSite | None = None) -> LocalSite:
    """Two categories of two articles each, in words of their own (the same text on two sites is one article)."""
    site = site if site is not None else LocalSite()
    for article in small_site(2, categories=CATEGORIES).articles.values():
        site.add(replace(article, title=f"{article.title} tại {tag}",
                         paragraphs=tuple(f"{p} Ban Dân vận {tag} chủ trì." for p in article.paragraphs)))
    return site


def new_article(site: LocalSite, number: int, category: str = "Tin-hoat-dong") -> Article:
    article = Article(slug=f"Bai-moi-{number}", category=category, title=f"Hội nghị dân vận mới số {number}",
                      published="01/05/2020",
                      paragraphs=(f"Ủy ban MTTQ huyện tổ chức hội nghị mới số {number} với 80 đại biểu.",))
    site.articles[article.path] = article
    site.categories[category].insert(0, article.path)
    return article


def articles_by_site(db_path: Path) -> dict[str, set[str]]:
    with closing(connect_read_only(db_path)) as conn:
        rows = conn.execute("select site, url from articles").fetchall()
    found: dict[str, set[str]] = {}
    for site, url in rows:
        found.setdefault(site, set()).add(url.split("/", 3)[3])
    return found


def run_nightly(data_dir: Path, names) -> object:
    options = Options(data_dir=data_dir, delay=0.0, progress=False, quiet=True, extra={"sites": list(names)})
    return nightly(options, settings=FAST)


def test_a_site_that_is_down_or_broken_is_left_out_and_the_others_are_published(tmp_path):
    names = ("board-a", "board-b", "board-c")
    sites = {name: board(name) for name in names}
    down_port = free_port()
    with Served(sites["board-a"]) as a, Served(sites["board-b"]) as b, Served(sites["board-c"]) as c:
        for name, served in zip(names, (a, b, c)):
            write_profile(tmp_path, name, served.base_url)
        first = run_nightly(tmp_path, names)
        assert first.status == "ok", first.problems
        before = articles_by_site(tmp_path / "danvan.db")
        assert {n: len(before[n]) for n in names} == {n: 4 for n in names}
        assert sorted(first.stats["sites"]) == list(names)
        assert all(row["published"] and row["health"] == "ok" for row in first.stats["sites"].values())

        # board-c goes down; a and b each have a new article
        write_profile(tmp_path, "board-c", f"http://127.0.0.1:{down_port}")
        fresh = {name: new_article(sites[name], 10 + i) for i, name in enumerate(names)}
        second = run_nightly(tmp_path, names)
        assert second.status == "partial" and second.database_replaced and second.exit_code == 0
        assert [(p.site, p.check, p.fatal) for p in second.problems] == [("board-c", "reachable", True)]
        after = articles_by_site(tmp_path / "danvan.db")
        for name in ("board-a", "board-b"):
            assert after[name] == before[name] | {fresh[name].path.lstrip("/")}
        assert after["board-c"] == before["board-c"]          # its old articles stay published
        rows = second.stats["sites"]
        assert (rows["board-c"]["health"], rows["board-c"]["published"]) == ("failed", False)
        assert rows["board-c"]["requests"] >= 1 and rows["board-c"]["failed_requests"] == rows["board-c"]["requests"]
        assert rows["board-a"]["new_articles"] == rows["board-b"]["new_articles"] == 1
        report = Path(second.report["markdown"]).read_text(encoding="utf-8")
        assert "## Sites" in report and all(f"| {name} |" in report for name in names)
        assert "articles_per_site" in second.report

        # board-c is back with a new article, but one of its listings answers 200 with no items: it fetched the
        # new article, which must not be published tonight, while board-a's new one is
        write_profile(tmp_path, "board-c", c.base_url)
        sites["board-c"].categories["Dan-van-kheo"] = []
        late_c = new_article(sites["board-c"], 30)
        late_a = new_article(sites["board-a"], 31)
        third = run_nightly(tmp_path, names)
        assert third.status == "partial", third.problems
        assert {(p.site, p.check) for p in third.problems if p.fatal} == {("board-c", "listing")}
        fetched_c = [row["url"] for row in read_fetch_log(tmp_path / "raw")
                     if row["run_id"] == third.run_id and row["url"].startswith(c.base_url)]
        assert any(url.endswith(late_c.path) for url in fetched_c)
        final = articles_by_site(tmp_path / "danvan.db")
        assert late_a.path.lstrip("/") in final["board-a"]
        assert late_c.path.lstrip("/") not in final["board-c"] and final["board-c"] == before["board-c"]

        # fixed: the next run that passes builds what board-c fetched before
        sites["board-c"].categories["Dan-van-kheo"] = list(
            p for p in sites["board-c"].articles if "/Dan-van-kheo/" in p)
        fourth = run_nightly(tmp_path, names)
        assert fourth.status == "ok", fourth.problems
        assert late_c.path.lstrip("/") in articles_by_site(tmp_path / "danvan.db")["board-c"]


class TimedSite(LocalSite):
    """A LocalSite that notes when each request started and ended, and takes a moment to answer."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.times: list[tuple[float, float]] = []

    def answer(self, path_and_query):
        start = time.monotonic()
        time.sleep(0.01)
        result = super().answer(path_and_query)
        with self.lock:
            self.times.append((start, time.monotonic()))
        return result


def timed_site(tag: str) -> TimedSite:
    return board(tag, TimedSite())


def test_hosts_are_crawled_in_parallel_with_one_request_at_a_time_per_host(tmp_path):
    delay = 0.15
    sites = [timed_site(f"p{i}") for i in range(3)]
    with Served(sites[0]) as a, Served(sites[1]) as b, Served(sites[2]) as c:
        for name, served in zip(("p1", "p2", "p3"), (a, b, c)):
            write_profile(tmp_path, name, served.base_url)
        options = Options(data_dir=tmp_path, delay=delay, progress=False, quiet=True)
        settings = ClientSettings(user_agent=FAST.user_agent, delay=delay, retries=1, backoff=0.01)
        runs = crawl_sites(resolve_targets(options, ["p1", "p2", "p3"]), options.raw_dir, parallel=3,
                           settings=settings)
    assert [r.error for r in runs] == [None] * 3 and all(r.summary.articles_new == 4 for r in runs)
    for site in sites:
        times = sorted(site.times)
        assert len(times) >= 6
        for (start, end), (next_start, _) in zip(times, times[1:]):
            assert next_start >= end                          # never two requests at once on one host
            assert next_start - start >= delay * 0.5          # the delay between them (server clock, some slack)
    spans = [(min(s for s, _ in site.times), max(e for _, e in site.times)) for site in sites]
    overlapping = [(i, j) for i in range(3) for j in range(i + 1, 3)
                   if spans[i][0] < spans[j][1] and spans[j][0] < spans[i][1]]
    assert overlapping                                        # different hosts at the same time
    warcs = sorted(p.name for p in (tmp_path / "raw").glob("*.warc.gz"))
    assert len(warcs) == 3 and {w.rsplit("-", 1)[1] for w in warcs} == {"p1.warc.gz", "p2.warc.gz", "p3.warc.gz"}


def test_one_host_at_a_time_when_parallel_is_one(tmp_path):
    sites = [timed_site(f"q{i}") for i in range(2)]
    with Served(sites[0]) as a, Served(sites[1]) as b:
        write_profile(tmp_path, "q1", a.base_url)
        write_profile(tmp_path, "q2", b.base_url)
        options = Options(data_dir=tmp_path, delay=0.0, progress=False, quiet=True)
        runs = crawl_sites(resolve_targets(options, ["q1", "q2"]), options.raw_dir, parallel=1, settings=FAST)
    assert [r.error for r in runs] == [None, None]
    assert max(e for _, e in sites[0].times) <= min(s for s, _ in sites[1].times)


def test_a_nightly_over_the_three_mirror_families_checks_each_by_its_family(tmp_path):
    from scrapers.mirror import serve_mirror
    from scrapers.registry import USER_REGISTRY

    with serve_mirror(family="gialai") as g, serve_mirror(family="central") as c, \
            serve_mirror(family="portal") as p:
        (tmp_path / "sites").mkdir()
        for name, shipped, served in (("gl", "gialai", g), ("tg", "tuyengiaodanvan", c)):
            profile = yaml.safe_load((SITES_DIR / f"{shipped}.yaml").read_text(encoding="utf-8"))
            profile.update(name=name, base_url=served.base_url)
            (tmp_path / "sites" / f"{name}.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True),
                                                             encoding="utf-8")
        entry = {"name": "portal", "title": "Cổng thông tin (demo)", "base_url": p.base_url, "profile": "auto",
                 "status": "active", "organization": "unknown", "verified": False}
        (tmp_path / USER_REGISTRY).write_text(yaml.safe_dump({"sites": [entry]}, allow_unicode=True),
                                              encoding="utf-8")
        result = run_nightly(tmp_path, ("gl", "tg", "portal"))
        assert result.status in ("ok", "partial") and not [p for p in result.problems if p.fatal], result.problems
        by_site = articles_by_site(tmp_path / "danvan.db")
        assert set(by_site) == {"gl", "tg", "portal"} and all(by_site.values())
        assert {name: row["new_articles"] for name, row in result.stats["sites"].items()} == \
            {name: len(urls) for name, urls in by_site.items()}

        # the central board's profile with its categories listed: checked by the family C listing parser
        listed = yaml.safe_load((tmp_path / "sites" / "tg.yaml").read_text(encoding="utf-8"))
        listed.pop("categories_from")
        listed["categories"] = [{"slug": slug, "name": slug, "id": f"65a1f0c2d4e6b8a0c1e2f30{i}"}
                                for i, slug in enumerate(("tin-tuc", "dan-van", "van-ban"), start=1)]
        (tmp_path / "sites" / "tg.yaml").write_text(yaml.safe_dump(listed, allow_unicode=True), encoding="utf-8")
        listed_run = run_nightly(tmp_path, ("gl", "tg", "portal"))
        assert not [p for p in listed_run.problems if p.fatal], listed_run.problems

        for category in listed["categories"]:      # the application renumbered its categories: every listing 404
            category["id"] = category["id"][::-1]
        (tmp_path / "sites" / "tg.yaml").write_text(yaml.safe_dump(listed, allow_unicode=True), encoding="utf-8")
        broken = run_nightly(tmp_path, ("gl", "tg", "portal"))
        assert broken.status == "partial" and broken.database_replaced
        assert {(p.site, p.check) for p in broken.problems if p.fatal} == {("tg", "reachable"), ("tg", "error_rate")}
        assert broken.stats["sites"]["tg"]["published"] is False
        assert broken.stats["sites"]["gl"]["published"] and broken.stats["sites"]["portal"]["published"]
        assert articles_by_site(tmp_path / "danvan.db") == by_site


def test_a_fault_in_one_sites_crawl_is_recorded_and_the_other_sites_are_crawled(tmp_path, monkeypatch):
    import scrapers.multi as multi

    sites = [timed_site(f"r{i}") for i in range(2)]
    real_crawl_one = multi.crawl_one

    def crawl_one(target, settings=None):   # a fault of danvan's own code while crawling the first site
        if target.name == "r1":
            raise RuntimeError("a parser bug")
        return real_crawl_one(target, settings)

    monkeypatch.setattr(multi, "crawl_one", crawl_one)
    with Served(sites[0]) as a, Served(sites[1]) as b:
        write_profile(tmp_path, "r1", a.base_url)
        write_profile(tmp_path, "r2", b.base_url)
        options = Options(data_dir=tmp_path, delay=0.0, progress=False, quiet=True)
        runs = crawl_sites(resolve_targets(options, ["r1", "r2"]), options.raw_dir, parallel=1, settings=FAST)
    assert runs[0].summary is None and "RuntimeError: a parser bug" in str(runs[0].error)
    assert runs[1].error is None and runs[1].summary.articles_new == 4


def test_two_sites_of_one_host_are_crawled_one_after_the_other_with_the_delay_between(tmp_path):
    delay = 0.15
    site = timed_site("shared")
    with Served(site) as served:
        write_profile(tmp_path, "s1", served.base_url)
        write_profile(tmp_path, "s2", served.base_url + "/")
        options = Options(data_dir=tmp_path, delay=delay, progress=False, quiet=True)
        settings = ClientSettings(user_agent=FAST.user_agent, delay=delay, retries=1, backoff=0.01)
        runs = crawl_sites(resolve_targets(options, ["s1", "s2"]), options.raw_dir, parallel=4, settings=settings)
    assert [r.error for r in runs] == [None, None] and [r.summary.site for r in runs] == ["s1", "s2"]
    times = sorted(site.times)
    assert len(times) == runs[0].summary.requests + runs[1].summary.requests
    for (start, end), (next_start, _) in zip(times, times[1:]):
        assert next_start >= end and next_start - start >= delay * 0.5   # also where s2 took over from s1


def test_crawl_of_several_sites_reports_the_one_that_fails_and_crawls_the_others(tmp_path, capsys):
    from pipeline.cli import main

    with Served(board("up")) as up:
        write_profile(tmp_path, "up", up.base_url)
        write_profile(tmp_path, "broken", up.base_url)
        broken = yaml.safe_load((tmp_path / "sites" / "broken.yaml").read_text(encoding="utf-8"))
        broken["selectors"]["title"] = "h1[["                  # its markup was mistyped: the profile is refused
        (tmp_path / "sites" / "broken.yaml").write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
        status = main(["crawl", "--site", "broken", "--site", "up", "--data-dir", str(tmp_path), "--delay", "0",
                       "--quiet", "--parallel", "2"])
    out, err = capsys.readouterr()
    assert status == 1
    assert "crawl up (" in out and " 4 new articles" in out and "crawl broken (" not in out
    failure = [line for line in err.splitlines() if line.startswith("crawl broken: failed:")]
    assert len(failure) == 1 and "'selectors.title'" in failure[0]
    assert main(["crawl", "--site", "up", "--parallel", "0", "--data-dir", str(tmp_path)]) == 1
    assert "--parallel must be at least 1" in capsys.readouterr().err
