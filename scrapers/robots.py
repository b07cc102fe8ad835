"""robots.txt, fetched before anything else and obeyed: 404 allows all, 5xx or unreachable stops the crawl."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from urllib.robotparser import RobotFileParser

from scrapers.errors import FetchError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Robots:
    """The rules of one origin for our User-Agent."""

    user_agent: str
    parser: RobotFileParser | None = None   # None: no robots.txt, everything allowed
    disallow_all: bool = False
    source: str = ""

    def allowed(self, url: str) -> bool:
        if self.disallow_all:
            return False
        if self.parser is None:
            return True
        return self.parser.can_fetch(self.user_agent, url)

    @property
    def crawl_delay(self) -> float | None:
        if self.parser is None:
            return None
        value = self.parser.crawl_delay(self.user_agent)
        return float(value) if value is not None else None


# A Crawl-delay line whose value is no whole number in ASCII digits ("²", "1.5", "-3"): left out, as if absent.
BAD_CRAWL_DELAY = re.compile(r"^\s*crawl-delay\s*:(?!\s*[0-9]+\s*(?:#.*)?$)", re.IGNORECASE)


def parse_robots(text: str, user_agent: str, source: str = "") -> Robots:
    parser = RobotFileParser()
    parser.parse([line for line in text.splitlines() if not BAD_CRAWL_DELAY.match(line)])
    return Robots(user_agent=user_agent, parser=parser, source=source)


def fetch_robots(client, origin: str) -> Robots:
    """Fetch ORIGIN/robots.txt with the polite client; FetchError when the crawl must not go on."""
    url = origin.rstrip("/") + "/robots.txt"
    user_agent = client.settings.user_agent
    fetched = client.get(url)
    if fetched.status is None:
        raise FetchError(f"cannot read {url} ({fetched.error}); nothing else was fetched")
    if fetched.status >= 500 or fetched.status == 429:
        raise FetchError(f"{url} answered HTTP {fetched.status}; the site is not well, nothing else was fetched")
    if fetched.status in (401, 403):
        log.warning("%s answered HTTP %s: taking it as 'crawl nothing'", url, fetched.status)
        return Robots(user_agent=user_agent, disallow_all=True, source=url)
    if fetched.status >= 400:
        log.info("%s answered HTTP %s: no rules, everything allowed", url, fetched.status)
        return Robots(user_agent=user_agent, source=url)
    if fetched.error:
        raise FetchError(f"cannot read {url} ({fetched.error}); nothing else was fetched")
    return parse_robots(fetched.text, user_agent, source=url)


def obey_crawl_delay(client, robots: Robots, delay_given: bool) -> dict | None:
    """Lengthen the client's delay to robots.txt's Crawl-delay, unless a delay was given (--delay), and never past
    the client's ``max_crawl_delay``. When the cap applied: a warning, and the note for the run log, else None."""
    asked = robots.crawl_delay
    settings = client.settings
    if delay_given or not asked or asked <= settings.delay:
        return None
    used = min(asked, max(settings.max_crawl_delay, settings.delay))
    client.settings = replace(settings, delay=used)
    if used >= asked:
        return None
    log.warning("%s asks for a Crawl-delay of %g s: capped at %g s between requests", robots.source or "robots.txt",
                asked, used)
    return {"event": "crawl_delay_capped", "robots": robots.source, "asked": asked, "used": used}
