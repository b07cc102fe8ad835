"""The mirror's families side by side: each starts on a free loopback port, and `danvan mirror` serves all three."""

from __future__ import annotations

import re

import pytest
import requests

from scrapers.errors import InputError
from scrapers.mirror import FAMILIES, MirrorServer, load_family, serve_mirror
from tests.conftest import interrupt, mirror_command

TIMEOUT = 10

# family → (a page that must answer 200, a marker of the family in it, its Server header)
FAMILY_PAGES = {
    "gialai": ("/Tin-hoat-dong.aspx", "__VIEWSTATE", "Microsoft-IIS/8.5"),
    "central": ("/vn", "self.__next_f.push", "nginx"),
    "portal": ("/", 'content="NukeViet v4.0"', "Apache"),
}


def test_every_family_is_registered():
    assert set(FAMILIES) == set(FAMILY_PAGES)


@pytest.mark.parametrize("family", sorted(FAMILY_PAGES))
def test_each_family_starts_on_port_0(family):
    path, marker, server_header = FAMILY_PAGES[family]
    with serve_mirror(family=family) as server:
        assert server.port > 0 and server.family.name == family
        response = requests.get(server.base_url + path, timeout=TIMEOUT)
        assert response.status_code == 200 and marker in response.text
        assert response.headers["Server"] == server_header
        assert server.count(path) == 1
        assert requests.get(server.base_url + "/khong-co-trang-nay", timeout=TIMEOUT).status_code == 404


def test_default_family_is_gialai():
    with serve_mirror() as server:
        assert server.family.name == "gialai"
        assert "__VIEWSTATE" in requests.get(server.base_url + "/", timeout=TIMEOUT).text


def test_unknown_family_and_foreign_objects_are_refused():
    with pytest.raises(InputError, match="unknown mirror family 'wordpress'"):
        serve_mirror(family="wordpress")
    with pytest.raises(InputError, match="not a loaded mirror"):
        MirrorServer(object())
    with pytest.raises(InputError, match="not a loopback address"):
        MirrorServer(load_family("portal"), host="0.0.0.0")


def test_mirror_command_serves_three_families_and_prints_their_urls():
    with mirror_command("--port", "0", "--quiet") as process:
        lines = [process.stdout.readline() for _ in range(3)]
        urls = {}
        for line in lines:
            match = re.search(r"serving (\w+) .* at (http://127\.0\.0\.1:\d+)/", line)
            assert match, line
            urls[match[1]] = match[2]
        assert list(urls) == ["gialai", "central", "portal"] and len(set(urls.values())) == 3
        for family, url in urls.items():
            path, marker, _ = FAMILY_PAGES[family]
            assert marker in requests.get(url + path, timeout=TIMEOUT).text
        assert interrupt(process) == 0
        assert "stopped" in process.stdout.read()


def test_mirror_command_serves_one_family_on_request():
    with mirror_command("--port", "0", "--quiet", "--family", "central") as process:
        first, second = process.stdout.readline(), process.stdout.readline()
        assert "serving central" in first and "Ctrl-C" in second
        url = re.search(r"http://127\.0\.0\.1:\d+", first).group(0)
        assert requests.get(url + "/robots.txt", timeout=TIMEOUT).status_code == 200
        assert interrupt(process) == 0
