"""The one options object, built at the edge (command line, Makefile) and passed down."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Options:
    """Everything a command may need; each command reads the fields it uses."""

    data_dir: Path = Path("data")
    site: str = "gialai"
    base_url: str | None = None
    delay: float | None = None  # None: the profile's own politeness delay
    max_pages: int | None = None
    since: str | None = None  # YYYY-MM-DD
    refresh: bool = False
    rebuild: bool = False
    host: str = "127.0.0.1"
    port: int | None = None
    faults: bool = False
    paths: tuple[Path, ...] = ()
    gold: tuple[Path, ...] = ()
    verbose: bool = False
    quiet: bool = False
    progress: bool = True
    database: Path | None = None  # None: DATA_DIR/danvan.db (nightly builds into a new file)
    run_id: str | None = None  # set by `danvan nightly` so every fetch of the run carries it
    scheduler: str | None = None  # a Dask scheduler's address (tcp://HOST:PORT): build on that cluster
    workers: int | None = None  # start a local Dask cluster of this many worker processes for the run
    skip_warc_files: frozenset = frozenset()  # WARC file names the build leaves out (a nightly's failed sites)
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_namespace(cls, ns) -> "Options":
        """Build from an argparse namespace: known fields are taken, the rest go to `extra`."""
        names = {f.name for f in dataclasses.fields(cls)}
        values, extra = {}, {}
        for key, value in vars(ns).items():
            if key.startswith("_") or key == "command":
                continue
            if key in names:
                values[key] = value
            else:
                extra[key] = value
        for key in ("data_dir",):
            if values.get(key) is not None:
                values[key] = Path(values[key])
        for key in ("paths", "gold"):
            if values.get(key) is not None:
                values[key] = tuple(Path(p) for p in values[key])
        values = {k: v for k, v in values.items() if v is not None or k in ("base_url", "delay", "max_pages", "since", "port", "scheduler", "workers")}
        return cls(**values, extra=extra)

    def with_(self, **changes) -> "Options":
        return dataclasses.replace(self, **changes)

    @property
    def db_path(self) -> Path:
        return self.database or self.data_dir / "danvan.db"

    @property
    def raw_dir(self) -> Path:
        return self.data_dir / "raw"

    @property
    def logs_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def reports_dir(self) -> Path:
        return self.data_dir / "reports"
