"""The named exceptions of danvan, shared by every layer; the command line turns them into friendly messages."""


class DanvanError(Exception):
    """Base of every error danvan reports to a user (message only, no traceback)."""

    exit_code = 1


class InputError(DanvanError):
    """A file or argument given by the user cannot be used."""


class ProfileError(DanvanError):
    """A site profile is missing or invalid."""


class RegistryError(ProfileError):
    """The registry of sites (shipped or DATA_DIR/sites/registry.yaml) cannot be used as it is."""


class FetchError(DanvanError):
    """The site could not be fetched as needed (unreachable, forbidden by robots.txt, ...)."""


class ResponseTooLarge(FetchError):
    """A response is past the client's size cap, as sent or once decompressed (a gzip bomb): refused, not read."""


class DatabaseError(DanvanError):
    """The database is missing, locked or not in the expected shape."""


class DamagedDatabase(DatabaseError):
    """The database file fails SQLite's integrity check (a damaged page, a truncated file, not a database)."""


class LockedError(DanvanError):
    """Another run holds the data directory's lock."""

    exit_code = 75  # EX_TEMPFAIL: try again later


class HealthCheckError(DanvanError):
    """A run's health checks failed; nothing was published."""

    exit_code = 3


class NotAnArticle(DanvanError):
    """A fetched page is not an article (a placeholder with no body, a page of another kind, an error page).

    ``reason`` says why, in a few words; the page is recorded with it, not loaded.
    """

    def __init__(self, reason: str, url: str | None = None):
        super().__init__(f"{url}: {reason}" if url else reason)
        self.reason = reason
        self.url = url


class ClusterError(DanvanError):
    """The Dask cluster cannot be reached or started, or lost a task for good."""
