"""The registry of sites: which boards danvan crawls (active) or keeps readable (retired), loaded and checked.

Shipped entries are in ``scrapers/sites/registry.yaml``; a person's own in ``DATA_DIR/sites/registry.yaml``
(``danvan site add``). Both have the same shape: ``sites: [{name, title, base_url, profile, status,
organization, verified, note}]``. Any problem is a RegistryError whose one line names the file and the key.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from scrapers.errors import RegistryError
from scrapers.profile import SITE_NAME_RULE, valid_site_name

SHIPPED_REGISTRY = Path(__file__).parent / "sites" / "registry.yaml"
USER_REGISTRY = Path("sites") / "registry.yaml"     # under DATA_DIR
STATUSES = ("active", "retired")
REQUIRED = ("name", "title", "base_url", "profile", "status", "organization", "verified")
KEYS = frozenset(REQUIRED) | {"note"}
_WRITING = threading.Lock()


@dataclass(frozen=True)
class RegisteredSite:
    """One board's site: what it is called, where it lives, how it is read, and whether it is still crawled."""

    name: str
    title: str
    base_url: str
    profile: str                 # a profile's name, or "auto" (read by discovery, named `name`)
    status: str                  # active | retired (a merged board's old site: kept readable, not crawled)
    organization: str
    verified: date | None        # when `danvan site check` last passed against the live host; None: never
    note: str = ""
    source: str = "shipped"      # shipped | user

    @property
    def active(self) -> bool:
        return self.status == "active"

    def as_dict(self) -> dict:
        row = {"name": self.name, "title": self.title, "base_url": self.base_url, "profile": self.profile,
               "status": self.status, "organization": self.organization,
               "verified": self.verified.isoformat() if self.verified else False}
        if self.note:
            row["note"] = self.note
        return row


def parse_entry(raw, where: str, index: int, source: str = "shipped") -> RegisteredSite:
    """One entry of a registry file, checked; `where` (the file) and the index name it in errors."""
    label = f"{where}: sites[{index}]"
    if not isinstance(raw, dict):
        raise RegistryError(f"{label} is not a mapping of keys")
    label = f"{where}: sites[{index}] ({raw.get('name', '?')})"
    unknown = sorted(set(map(str, raw)) - KEYS)
    if unknown:
        raise RegistryError(f"{label}: unknown key {unknown[0]!r} (known: {', '.join(sorted(KEYS))})")
    for key in REQUIRED:
        if key not in raw or raw[key] is None or raw[key] == "":
            raise RegistryError(f"{label}: {key!r} is missing")
    for key in ("name", "title", "base_url", "profile", "status", "organization"):
        if not isinstance(raw[key], str):
            raise RegistryError(f"{label}: {key!r} must be a string, not {raw[key]!r}")
    if not valid_site_name(raw["name"]):
        raise RegistryError(f"{label}: 'name' {raw['name']!r}: {SITE_NAME_RULE}")
    parts = urlsplit(raw["base_url"])
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RegistryError(f"{label}: 'base_url' must be an http(s) URL with a host, not {raw['base_url']!r}")
    if raw["status"] not in STATUSES:
        raise RegistryError(f"{label}: 'status' is active or retired, not {raw['status']!r}")
    if not valid_site_name(raw["profile"]):
        raise RegistryError(f"{label}: 'profile' is a profile's name or auto, not {raw['profile']!r}")
    verified = raw["verified"]
    if verified is False:
        verified = None
    elif isinstance(verified, str):
        try:
            verified = date.fromisoformat(verified)
        except ValueError:
            raise RegistryError(f"{label}: 'verified' is false or a date YYYY-MM-DD, not {verified!r}") from None
    elif not isinstance(verified, date) or verified is True:
        raise RegistryError(f"{label}: 'verified' is false or a date YYYY-MM-DD, not {verified!r}")
    note = raw.get("note") or ""
    if not isinstance(note, str):
        raise RegistryError(f"{label}: 'note' must be a string")
    return RegisteredSite(name=raw["name"], title=raw["title"], base_url=raw["base_url"].rstrip("/"),
                          profile=raw["profile"], status=raw["status"], organization=raw["organization"],
                          verified=verified, note=note, source=source)


def read_registry(path: Path, source: str = "shipped") -> list[RegisteredSite]:
    """The entries of one registry file (none when it does not exist)."""
    path = Path(path)
    if not path.is_file():
        return []
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RegistryError(f"{path}: not a readable YAML file ({str(exc).splitlines()[0]})") from exc
    if raw is None:
        return []
    if not isinstance(raw, dict) or set(raw) != {"sites"} or not isinstance(raw["sites"], list):
        raise RegistryError(f"{path}: a registry is one key 'sites' holding a list of sites")
    entries = [parse_entry(item, str(path), i, source) for i, item in enumerate(raw["sites"])]
    seen = set()
    for entry in entries:
        if entry.name in seen:
            raise RegistryError(f"{path}: site {entry.name!r} is named twice")
        seen.add(entry.name)
    return entries


def load_registry(data_dir: str | Path | None = None) -> list[RegisteredSite]:
    """The shipped registry and the user's (DATA_DIR/sites/registry.yaml); a user's site may not reuse a
    shipped name."""
    shipped = read_registry(SHIPPED_REGISTRY)
    if data_dir is None:
        return shipped
    names = {entry.name for entry in shipped}
    user_path = Path(data_dir) / USER_REGISTRY
    user = read_registry(user_path, "user")
    for entry in user:
        if entry.name in names:
            raise RegistryError(f"{user_path}: site {entry.name!r} is a shipped site's name; choose another")
    return shipped + user


def registered(name: str, data_dir: str | Path | None = None) -> RegisteredSite | None:
    """The registry's entry named `name`, if any."""
    return next((entry for entry in load_registry(data_dir) if entry.name == name), None)


def active_sites(data_dir: str | Path | None = None) -> list[RegisteredSite]:
    """The sites `--all` crawls: the registry's active ones, in its order."""
    return [entry for entry in load_registry(data_dir) if entry.active]


def mark_verified(data_dir: str | Path, name: str, day: date) -> Path | None:
    """Set `verified: DAY` on the user's entry `name` (DATA_DIR/sites/registry.yaml); None when the user's registry
    has no such entry (a shipped entry is marked by hand in scrapers/sites/registry.yaml)."""
    path = Path(data_dir) / USER_REGISTRY
    with _WRITING:
        entries = read_registry(path, "user")
        if not any(e.name == name for e in entries):
            return None
        rows = [e.as_dict() if e.name != name else {**e.as_dict(), "verified": day.isoformat()} for e in entries]
        temporary = path.with_suffix(".tmp")
        temporary.write_text(yaml.safe_dump({"sites": rows}, allow_unicode=True, sort_keys=False), encoding="utf-8")
        temporary.replace(path)
    return path


def append_site(data_dir: str | Path, entry: RegisteredSite) -> Path:
    """Add `entry` to DATA_DIR/sites/registry.yaml (refused when its name is taken); returns the file."""
    path = Path(data_dir) / USER_REGISTRY
    with _WRITING:
        if registered(entry.name, data_dir) is not None:
            raise RegistryError(f"site {entry.name!r} is registered already ({path} or the shipped registry)")
        rows = [e.as_dict() for e in read_registry(path, "user")] + [entry.as_dict()]
        parse_entry(entry.as_dict(), str(path), len(rows) - 1, "user")
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(yaml.safe_dump({"sites": rows}, allow_unicode=True, sort_keys=False), encoding="utf-8")
        temporary.replace(path)
    return path
