"""Site profiles for people: bad profiles refused at load with one line naming the key; names, paths, user sites."""

from __future__ import annotations

import pytest
import yaml

from scrapers.errors import ProfileError
from scrapers.profile import SITES_DIR, available_sites, load_profile, site_name_for

GIALAI = yaml.safe_load((SITES_DIR / "gialai.yaml").read_text(encoding="utf-8"))
CENTRAL = yaml.safe_load((SITES_DIR / "tuyengiaodanvan.yaml").read_text(encoding="utf-8"))


def changed(base: dict, path: str, value) -> dict:
    """A deep copy of *base* with the dotted *path* set to *value* (or removed, for ...)."""
    profile = yaml.safe_load(yaml.safe_dump(base, allow_unicode=True))
    *parents, last = path.split(".")
    node = profile
    for key in parents:
        node = node[key]
    if value is ...:
        del node[last]
    else:
        node[last] = value
    return profile


# (base profile, key changed, new value, words the one-line message must hold)
BAD_PROFILES = [
    (GIALAI, "colour", "blue", "unknown key 'colour'"),
    (GIALAI, "selectors.headline", "h1", "unknown key 'selectors.headline'"),
    (GIALAI, "selectors.title", "div.news-detail h1[", "'selectors.title' is not a valid CSS selector"),
    (GIALAI, "selectors.body", "div >> p", "'selectors.body' is not a valid CSS selector"),
    (GIALAI, "selectors.remove", ["script", "div:unknown-pseudo"], "'selectors.remove' is not a valid CSS selector"),
    (GIALAI, "selectors.title", ..., "missing selector 'selectors.title'"),
    (GIALAI, "urls.article", "^/[A-Za-z0-9-]+/([A-Za-z0-9-]+\\.aspx$", "'urls.article' is not a valid regular expression"),
    (GIALAI, "urls.attachment", "*.pdf", "'urls.attachment' is not a valid regular expression"),
    (GIALAI, "urls.listing", "Tin-hoat-dong.aspx", "'urls.listing' must be a path starting with /"),
    (GIALAI, "urls.listing_page", "/{category}.aspx", "'urls.listing_page' must contain {category} and {page}"),
    (GIALAI, "urls.listing", "/{category}.aspx?id={id}", "'urls.listing' uses {id}"),
    (GIALAI, "urls.listing", "/{category.aspx", "'urls.listing' is not a valid template"),
    (GIALAI, "urls.articles", "^/x$", "unknown key 'urls.articles'"),
    (GIALAI, "urls.article", ..., "missing 'urls.article'"),
    (GIALAI, "base_url", "bandanvan.gialai.gov.vn", "'base_url' must be an http(s) URL"),
    (GIALAI, "delay", 0.2, "'delay' must be a number of seconds"),
    (GIALAI, "user_agent", "danvan", "'user_agent' must name the crawler"),
    (GIALAI, "categories", [{"slug": "Tin-hoat-dong"}], "'categories' must be a list of {slug, name}"),
    (GIALAI, "pager", {"kind": "infinite"}, "'pager.kind' must be one of links, postback"),
    (GIALAI, "pager", {"kind": "postback", "argument": "Page\\$(\\d+)"}, "'pager.argument' must name a group"),
    (GIALAI, "pager", {"kind": "postback", "target": "x"}, "unknown key 'pager.target'"),
    (GIALAI, "author", {"rule": "last_short_line", "words": 6}, "unknown key 'author.words'"),
    (CENTRAL, "payload.fields.headline", "title", "unknown key 'payload.fields.headline'"),
    (CENTRAL, "payload.fields.date", ..., "missing 'payload.fields.date'"),
    (CENTRAL, "payload.list", "blogs", "unknown key 'payload.list'"),
    (CENTRAL, "payload.list_key", ..., "missing 'payload.list_key'"),
    (CENTRAL, "payload.sources", ["next_f", "graphql"], "'payload.sources' must be a list of"),
    (CENTRAL, "payload.timezone", "UTC+7", "'payload.timezone' must be an offset like +07:00"),
    (CENTRAL, "payload.page_size", 0, "'payload.page_size' must be a whole number"),
    (CENTRAL, "payload.article_url", "blogs/{slug}", "'payload.article_url' must be a path template"),
    (CENTRAL, "categories_from.pattern", "^/blogs/category/type/([a-z-]+)", "'categories_from.pattern' must name a group"),
    (CENTRAL, "categories_from.page", "vn", "'categories_from.page' must be a path starting with /"),
    (CENTRAL, "selectors.title", "h1 >", "'selectors.title' is not a valid CSS selector"),
]


@pytest.mark.parametrize("base, key, value, message", BAD_PROFILES, ids=[row[1] for row in BAD_PROFILES])
def test_a_bad_profile_is_refused_at_load_with_one_line_naming_the_key(tmp_path, base, key, value, message):
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(changed(base, key, value), allow_unicode=True), encoding="utf-8")
    with pytest.raises(ProfileError) as error:
        load_profile(path)
    text = str(error.value)
    assert message in text and "\n" not in text and str(path) in text


@pytest.mark.parametrize("text, message", [
    ("name: x\nbase_url: [", "not valid YAML"),
    ("- a list\n", "a profile is a mapping"),
    ("", "a profile is a mapping"),
])
def test_a_file_that_is_no_profile_is_refused_in_one_line(tmp_path, text, message):
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError, match=message) as error:
        load_profile(path)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("base, family", [(GIALAI, "A"), (changed(GIALAI, "pager", {"kind": "postback"}), "B"),
                                          (CENTRAL, "C")])
def test_the_shipped_and_changed_profiles_load_with_their_family(tmp_path, base, family):
    path = tmp_path / "good.yaml"
    path.write_text(yaml.safe_dump(base, allow_unicode=True), encoding="utf-8")
    profile = load_profile(path)
    assert profile.family == family and profile.reference == str(path)


def test_profiles_load_by_name_by_path_and_from_the_data_directory(tmp_path):
    assert load_profile("gialai").reference == "gialai"
    assert {"gialai", "tuyengiaodanvan"} <= set(available_sites())
    user = tmp_path / "sites"
    user.mkdir()
    (user / "bacgiang.yaml").write_text(
        yaml.safe_dump({**GIALAI, "name": "bacgiang", "base_url": "https://bandanvan.bacgiang.gov.vn",
                        "allowed_hosts": ["bandanvan.bacgiang.gov.vn"]}, allow_unicode=True), encoding="utf-8")
    profile = load_profile("bacgiang", tmp_path)
    assert profile.name == "bacgiang" and profile.origin == "https://bandanvan.bacgiang.gov.vn"
    assert profile.reference == "bacgiang"              # the run log names it, the build finds it again
    assert "bacgiang" in available_sites(tmp_path)
    with pytest.raises(ProfileError, match="no site profile 'bacgiang'"):
        load_profile("bacgiang")                       # not without the data directory
    with pytest.raises(ProfileError, match="no site profile"):
        load_profile(tmp_path / "absent.yaml")


@pytest.mark.parametrize("origin, name", [
    ("https://bandanvan.gialai.gov.vn", "bandanvan.gialai.gov.vn"),
    ("https://bandanvan.gialai.gov.vn/", "bandanvan.gialai.gov.vn"),
    ("https://Bandanvan.Gialai.gov.vn:443/Tin.aspx", "bandanvan.gialai.gov.vn"),
    ("http://bandanvan.gialai.gov.vn:80", "bandanvan.gialai.gov.vn"),
    ("http://bandanvan.gialai.gov.vn:443", "bandanvan.gialai.gov.vn:443"),   # not http's default
    ("https://tuyengiaodanvan.vn:8443", "tuyengiaodanvan.vn:8443"),
    ("http://127.0.0.1:8001", "127.0.0.1:8001"),
    ("http://127.0.0.1:8002/vn", "127.0.0.1:8002"),                          # two ports, two sites
    ("http://[::1]:8001", "[::1]:8001"),
    ("localhost:9000", "localhost:9000"),
])
def test_a_site_known_by_its_origin_is_named_by_host_and_port(origin, name):
    assert site_name_for(origin) == name


@pytest.mark.parametrize("origin", ["", "http://", "http://host:notaport"])
def test_an_origin_without_host_is_refused(origin):
    with pytest.raises(ProfileError):
        site_name_for(origin)


def test_the_command_line_names_the_bad_key_in_one_line(tmp_path, capsys):
    from pipeline.cli import main

    path = tmp_path / "typo.yaml"
    path.write_text(yaml.safe_dump(changed(GIALAI, "selectors.title", "h1.news-title["), allow_unicode=True),
                    encoding="utf-8")
    assert main(["crawl", "--data-dir", str(tmp_path / "data"), "--site", str(path), "--quiet"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "'selectors.title' is not a valid CSS selector" in err
    assert not (tmp_path / "data" / "raw").exists() or not list((tmp_path / "data" / "raw").glob("*.warc.gz"))
