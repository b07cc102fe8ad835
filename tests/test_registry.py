"""The registry of sites: shipped entries, validation with one-line errors naming the key, `site add`, `--all`."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from local_site import free_port
from pipeline.cli import main
from pipeline.commands.crawl import sites_to_crawl
from pipeline.options import Options
from scrapers.archive import read_fetch_log
from scrapers.errors import RegistryError
from scrapers.mirror import serve_mirror
from scrapers.profile import available_sites, load_profile
from scrapers.registry import (SHIPPED_REGISTRY, USER_REGISTRY, active_sites, load_registry, mark_verified,
                               read_registry)

GOOD = {"name": "bacgiang", "title": "Ban Tuyên giáo và Dân vận Tỉnh ủy Bắc Giang",
        "base_url": "https://bandanvan.bacgiang.gov.vn", "profile": "auto", "status": "active",
        "organization": "Tỉnh ủy Bắc Giang", "verified": False}


def write(tmp_path, *entries, raw=None):
    path = tmp_path / "registry.yaml"
    path.write_text(raw if raw is not None else yaml.safe_dump({"sites": list(entries)}, allow_unicode=True),
                    encoding="utf-8")
    return path


def test_the_shipped_registry_names_sites_with_profiles_only():
    entries = read_registry(SHIPPED_REGISTRY)
    assert [e.name for e in entries] == ["gialai", "tuyengiaodanvan"]
    for entry in entries:
        assert entry.active and entry.verified is None          # never checked against the live host from here
        assert load_profile(entry.profile).origin == entry.base_url
    assert "registry" not in available_sites()


@pytest.mark.parametrize("change, words", [
    ({"colour": "red"}, "unknown key 'colour'"),
    ({"name": None}, "'name' is missing"),
    ({"title": ""}, "'title' is missing"),
    ({"organization": None}, "'organization' is missing"),
    ({"name": "bac giang"}, "'name' 'bac giang'"),
    ({"name": "registry"}, "'name' 'registry'"),
    ({"base_url": "bandanvan.bacgiang.gov.vn"}, "'base_url' must be an http(s) URL"),
    ({"base_url": "ftp://bandanvan.bacgiang.gov.vn"}, "'base_url' must be an http(s) URL"),
    ({"status": "merged"}, "'status' is active or retired"),
    ({"verified": True}, "'verified' is false or a date"),
    ({"verified": "yesterday"}, "'verified' is false or a date"),
    ({"profile": 3}, "'profile' must be a string"),
    ({"note": ["a"]}, "'note' must be a string"),
])
def test_invalid_entries_are_refused_in_one_line_naming_the_key(tmp_path, change, words):
    path = write(tmp_path, {**GOOD, **change})
    with pytest.raises(RegistryError) as error:
        read_registry(path)
    message = str(error.value)
    assert words in message and "\n" not in message and str(path) in message and "sites[0]" in message


@pytest.mark.parametrize("raw, words", [
    ("sites: {a: 1}\n", "one key 'sites' holding a list"),
    ("- a\n- b\n", "one key 'sites' holding a list"),
    ("sites: [\n", "not a readable YAML file"),
    ("sites:\n  - plain text\n", "sites[0] is not a mapping"),
])
def test_unusable_files_are_refused_in_one_line(tmp_path, raw, words):
    with pytest.raises(RegistryError, match=words.replace("(", r"\(").replace("[", r"\[")) as error:
        read_registry(write(tmp_path, raw=raw))
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("change, expected", [
    ({}, (None, "active")),
    ({"verified": "2026-11-30", "status": "retired"}, ("2026-11-30", "retired")),
    ({"verified": False, "note": "merged into the provincial board in 2025"}, (None, "active")),
])
def test_valid_entries(tmp_path, change, expected):
    [entry] = read_registry(write(tmp_path, {**GOOD, **change}))
    assert (entry.verified.isoformat() if entry.verified else None, entry.status) == expected
    assert entry.active == (expected[1] == "active")


def test_names_are_unique_and_user_sites_cannot_take_a_shipped_name(tmp_path):
    with pytest.raises(RegistryError, match="named twice"):
        read_registry(write(tmp_path, GOOD, GOOD))
    (tmp_path / "sites").mkdir()
    (tmp_path / USER_REGISTRY).write_text(yaml.safe_dump({"sites": [{**GOOD, "name": "gialai"}]}), encoding="utf-8")
    with pytest.raises(RegistryError, match="shipped site's name"):
        load_registry(tmp_path)


def test_all_means_the_active_sites_of_the_registry(tmp_path):
    (tmp_path / "sites").mkdir()
    retired = {**GOOD, "name": "old-board", "status": "retired"}
    (tmp_path / USER_REGISTRY).write_text(yaml.safe_dump({"sites": [GOOD, retired]}, allow_unicode=True),
                                          encoding="utf-8")
    assert [e.name for e in active_sites(tmp_path)] == ["gialai", "tuyengiaodanvan", "bacgiang"]
    options = Options(data_dir=tmp_path, extra={"all_sites": True})
    assert sites_to_crawl(options) == ["gialai", "tuyengiaodanvan", "bacgiang"]


def test_site_add_drafts_a_profile_registers_it_and_crawl_reads_it(tmp_path, capsys):
    with serve_mirror(family="gialai") as served:
        status = main(["site", "add", served.base_url + "/", "--name", "board", "--organization", "Tỉnh ủy X",
                       "--data-dir", str(tmp_path), "--delay", "0", "--quiet"])
        out = capsys.readouterr().out
        assert status == 0 and "added board (active, not verified)" in out
        [entry] = read_registry(tmp_path / USER_REGISTRY, "user")
        assert (entry.name, entry.profile, entry.base_url, entry.organization, entry.verified) == \
            ("board", "board", served.base_url, "Tỉnh ủy X", None)
        assert (tmp_path / "sites" / "board.yaml").is_file()
        assert main(["site", "list", "--data-dir", str(tmp_path)]) == 0
        listed = capsys.readouterr().out.split("registry of sites", 1)[1]
        assert any(line.split()[:4] == ["board", "active", "no", "board"] for line in listed.splitlines()[2:])
        fetches_before = len(read_fetch_log(tmp_path / "raw"))
        assert main(["site", "add", served.base_url, "--name", "board", "--data-dir", str(tmp_path)]) == 1
        assert "registered already" in capsys.readouterr().err
        assert len(read_fetch_log(tmp_path / "raw")) == fetches_before          # refused before any request
        assert main(["crawl", "--site", "board", "--data-dir", str(tmp_path), "--delay", "0", "--quiet"]) == 0
        assert "crawl board" in capsys.readouterr().out
        assert main(["site", "check", "board", "--data-dir", str(tmp_path), "--delay", "0", "--pages", "2"]) == 0
        assert "verified" not in capsys.readouterr().out   # a check against this machine verifies nothing
        assert read_registry(tmp_path / USER_REGISTRY, "user")[0].verified is None
    assert load_profile("board", tmp_path).family == "A"


def test_site_add_uses_an_existing_profile_without_fetching(tmp_path, capsys):
    (tmp_path / "sites").mkdir()
    profile = yaml.safe_load((SHIPPED_REGISTRY.parent / "gialai.yaml").read_text(encoding="utf-8"))
    dead = f"http://127.0.0.1:{free_port()}"
    profile.update(name="mine", base_url=dead, title="Ban Dân vận của tôi")
    (tmp_path / "sites" / "mine.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    assert main(["site", "add", dead, "--name", "mine", "--retired", "--data-dir", str(tmp_path)]) == 0
    [entry] = read_registry(tmp_path / USER_REGISTRY, "user")
    assert (entry.title, entry.status, entry.organization) == ("Ban Dân vận của tôi", "retired", "unknown")
    assert "mine" not in [e.name for e in active_sites(tmp_path)]
    assert not (tmp_path / "raw").exists() or not list((tmp_path / "raw").glob("*.warc.gz"))


def test_mark_verified_dates_the_users_entry_only(tmp_path):
    (tmp_path / "sites").mkdir()
    other = {**GOOD, "name": "other"}
    (tmp_path / USER_REGISTRY).write_text(yaml.safe_dump({"sites": [GOOD, other]}, allow_unicode=True),
                                          encoding="utf-8")
    assert mark_verified(tmp_path, "bacgiang", date(2026, 11, 30)) == tmp_path / USER_REGISTRY
    assert mark_verified(tmp_path, "gialai", date(2026, 11, 30)) is None      # shipped: marked by hand
    assert mark_verified(tmp_path, "nowhere", date(2026, 11, 30)) is None
    entries = {e.name: e for e in read_registry(tmp_path / USER_REGISTRY, "user")}
    assert entries["bacgiang"].verified == date(2026, 11, 30) and entries["other"].verified is None
    assert entries["bacgiang"].title == GOOD["title"]                          # the rest of the entry is kept


SITE_NAME_ROWS = [
    # (name, may name a site)
    ("bacgiang", True),
    ("127.0.0.1:8001", True),
    ("portal-demo", True),
    ("a" * 81, True),
    ("a" * 82, False),          # the registry once took any length, `site init` at most 81
    ("registry", False),
    ("bac giang", False),
    ("-bacgiang", False),
    ("bắc-giang", False),
]


@pytest.mark.parametrize("name, valid", SITE_NAME_ROWS)
def test_one_site_name_rule_for_the_registry_and_site_init(tmp_path, name, valid):
    from local_site import free_port
    from pipeline.options import Options
    from scrapers.draft import init_site
    from scrapers.errors import FetchError, InputError
    from scrapers.http import ClientSettings

    entry = {**GOOD, "name": name}
    if valid:
        assert read_registry(write(tmp_path, entry))[0].name == name
    else:
        with pytest.raises(RegistryError, match="letters, digits and"):
            read_registry(write(tmp_path, entry))
    # site init takes the same names: a valid one goes on to probe the site (refused here: nothing listens)
    settings = ClientSettings(user_agent="danvan-test", delay=0, retries=0, connect_timeout=1)
    url = f"http://127.0.0.1:{free_port()}/"
    with pytest.raises(FetchError if valid else InputError):
        init_site(Options(data_dir=tmp_path / "data"), url, name=name, settings=settings)
