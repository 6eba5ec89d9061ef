"""How DuckDB reaches a folder of records at an object-store URL (``s3://``, ``gs://``...).

DuckDB's own reader of URLs, its ``httpfs`` extension, is downloaded from
DuckDB's servers on first use, which an offline or air-gapped machine cannot
do. fsspec's filesystems (s3fs for ``s3://``, gcsfs for ``gs://``, adlfs for
``az://``) install from a package index like any dependency (``pip install
'paygrade[s3]'``) and DuckDB reads through them once one is registered. So:
httpfs where it is installed (native, the faster), else the fsspec filesystem
of the URL's scheme where that is installed, else neither and DuckDB's error
says what to install (:func:`paygrade.parquet.open_folder`).

The fsspec filesystems read the usual settings: for S3 the ``AWS_*``
variables and ``~/.aws``, ``AWS_ENDPOINT_URL`` for MinIO, Ceph or another
S3-compatible store.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final
from urllib.parse import urlsplit

import duckdb

from paygrade.records import PaygradeError
from paygrade.store.db import scalar

# The schemes httpfs reads (DuckDB's documentation: S3 and its kin, GCS, R2, HTTP(S),
# Hugging Face). Another scheme goes to fsspec even where httpfs is installed.
HTTPFS_SCHEMES: Final = frozenset({"s3", "s3a", "s3n", "gs", "gcs", "r2", "http", "https", "hf"})

# The object stores fsspec reaches through its filesystems, by URL alone (credentials
# from the environment), and the package that implements each. Not ftp:// or sftp://
# (made with a host and a login, connecting as they are made) nor http(s)://.
FSSPEC_PACKAGES: Final = {
    "s3": "s3fs (pip install 'paygrade[s3]')",
    "s3a": "s3fs (pip install 'paygrade[s3]')",
    "gs": "gcsfs",
    "gcs": "gcsfs",
    "az": "adlfs",
    "abfs": "adlfs",
    "abfss": "adlfs",
}

# Every scheme a folder of records may be read from: a local path ("" or file://),
# DuckDB's httpfs, fsspec's object stores.
READABLE: Final = frozenset({"", "file", *HTTPFS_SCHEMES, *FSSPEC_PACKAGES})

# A dead endpoint is given up on within bounds rather than waited on: botocore's
# defaults wait 60 s for each unanswered connection and retry a refused one for
# about 5 s. Per fsspec protocol, the options its filesystem is made with. Attempts
# are counted in all (total_max_attempts): botocore's max_attempts counts the tries
# again after the first, and its 3 had sent a silent endpoint 4 requests (243 s).
BOUNDED: Final[dict[str, dict[str, Any]]] = {
    "s3": {
        "config_kwargs": {
            "connect_timeout": 10,
            "read_timeout": 60,
            "retries": {"total_max_attempts": 3, "mode": "standard"},
        }
    },
}


def scheme(location: str) -> str:
    """The URL scheme of ``location``, lower case; ``""`` for a local path.

    Example:
        >>> scheme("S3://bucket/records"), scheme("/data/records"), scheme("file:///data")
        ('s3', '', 'file')
    """
    return urlsplit(location).scheme.lower() if "://" in location else ""


def reach(con: duckdb.DuckDBPyConnection, location: str) -> str | None:
    """Make ``con`` able to read ``location``; say how: ``"httpfs"``, ``"fsspec"``
    (its filesystem registered on ``con``), or None: a local path, or no reader
    installed (DuckDB then tries to download httpfs, and its error says so).
    """
    found = scheme(location)
    if found in ("", "file"):
        return None
    if found in HTTPFS_SCHEMES and _httpfs_installed(con):
        return "httpfs"
    filesystem = fsspec_filesystem(found)
    if filesystem is None:
        return None
    con.register_filesystem(filesystem)
    return "fsspec"


def fsspec_filesystem(protocol: str) -> Any:
    """fsspec's filesystem for ``protocol`` (made with its ``BOUNDED`` options), or
    None when fsspec or the package implementing the protocol is not installed, or
    the protocol is not an object store's (``FSSPEC_PACKAGES``)."""
    if protocol not in FSSPEC_PACKAGES:
        return None
    try:
        import fsspec
    except ImportError:
        return None
    try:
        cls = fsspec.get_filesystem_class(protocol)
    except (ImportError, ValueError):  # not installed; a protocol fsspec does not know
        return None
    # The class's own first protocol keys the options: s3a:// is s3fs's too.
    names = (cls.protocol,) if isinstance(cls.protocol, str) else tuple(cls.protocol)
    filesystem = fsspec.filesystem(protocol, **BOUNDED.get(names[0], {}))
    if names[0] in BOUNDED and hasattr(filesystem, "retries"):
        # s3fs tries each call again 5 times over botocore's own 3 attempts: an endpoint
        # that took connections and never answered held a stats or export 1,225 s.
        filesystem.retries = 1
    # fsspec keeps one filesystem per protocol and options for the process, and with it
    # the listings it has read: a second question in one process (the library called
    # twice, a test's CLI calls) had been answered from the folder as the first saw it,
    # "no files found" of a file written since. Each question lists the folder anew.
    filesystem.invalidate_cache()
    return filesystem


def missing_reader(location: str, to: str = "read") -> str | None:
    """What to install to read (or write) ``location`` through fsspec; None for a
    scheme fsspec is not used for.

    Example:
        >>> missing_reader("s3://bucket/records")
        "install s3fs (pip install 'paygrade[s3]') to read s3:// through fsspec"
        >>> missing_reader("gs://bucket/records", to="write")
        'install gcsfs to write gs:// through fsspec'
        >>> missing_reader("ftp://host/records") is None
        True
    """
    found = scheme(location)
    package = FSSPEC_PACKAGES.get(found)
    return None if package is None else f"install {package} to {to} {found}:// through fsspec"


def url_problem(location: str) -> str | None:
    """What is wrong with an object-store URL as one: no bucket, a user or a port beside
    the bucket, an empty step in its key (``s3://b//records`` was written under a key
    with a leading "/" that no URL read back); else None.

    Example:
        >>> url_problem("gs://"), url_problem("s3://bucket/records")
        ('gs:// names no bucket or host', None)
        >>> url_problem("s3://bucket//records")
        "s3://bucket//records: an empty step in the key ('//')"
        >>> url_problem("s3://me@bucket/records")
        's3://me@bucket/records: a bucket has no user or port (me@bucket)'
        >>> url_problem("file:///data/records") is None
        True
    """
    parts = urlsplit(location)
    found = parts.scheme.lower()
    if found in ("", "file"):
        return None
    if not parts.netloc:
        return f"{location} names no bucket or host"
    if found in FSSPEC_PACKAGES and ("@" in parts.netloc or ":" in parts.netloc):
        return f"{location}: a bucket has no user or port ({parts.netloc})"
    if "//" in parts.path:
        return f"{location}: an empty step in the key ('//')"
    return None


def as_read(location: str) -> str:
    """``location`` with its scheme in lower case, as fsspec and DuckDB know it
    ("S3://b" was a ParamValidationError cut off at its colon).

    Example:
        >>> as_read("S3://Bucket/Records"), as_read("/Data/x")
        ('s3://Bucket/Records', '/Data/x')
    """
    found = scheme(location)
    return found + location[len(found) :] if found else location


def _httpfs_installed(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(
        scalar(con, "SELECT installed FROM duckdb_extensions() WHERE extension_name = 'httpfs'")
    )


class ObjectStoreError(PaygradeError):
    """An object store refused, or could not be reached, for a write."""


class Prefix:
    """The objects under one URL prefix, through fsspec: what ``paygrade export`` writes to.

    Every failure of the store (refused, unreachable, no such bucket) is an
    :class:`ObjectStoreError` naming the URL and the store's own reason.
    """

    def __init__(self, filesystem: Any, url: str) -> None:
        self._fs = filesystem
        self.url = url.rstrip("/")
        self._root = filesystem._strip_protocol(self.url)

    @classmethod
    def at(cls, url: str) -> Prefix:
        """The prefix at ``url``, or an error saying what to install to write there."""
        if (wrong := url_problem(url)) is not None:
            raise ObjectStoreError(wrong)
        if scheme(url) not in FSSPEC_PACKAGES:
            stores = ", ".join(f"{name}://" for name in ("s3", "gs", "az"))
            raise ObjectStoreError(
                f"cannot write to {url}: an export goes to a local folder or an object "
                f"store ({stores}); {scheme(url)}:// is neither"
            )
        filesystem = fsspec_filesystem(scheme(url))
        if filesystem is None:
            raise ObjectStoreError(
                f"cannot write to {url}: {missing_reader(url, to='write')}, "
                "or export to a local folder and copy it there"
            )
        return cls(filesystem, url)

    def names(self) -> set[str]:
        """The objects under the prefix, by their names relative to it."""
        found = self._call("list", lambda: self._fs.find(self._root))
        return {str(key)[len(self._root) :].lstrip("/") for key in found}

    def put(self, local: str, name: str) -> None:
        self._call(f"write {name} to", lambda: self._fs.put_file(local, f"{self._root}/{name}"))

    def remove(self, names: list[str]) -> None:
        if names:
            paths = [f"{self._root}/{name}" for name in names]
            self._call(f"delete {len(paths)} earlier objects at", lambda: self._fs.rm(paths))

    def _call(self, doing: str, action: Callable[[], Any]) -> Any:
        try:
            return action()
        except Exception as exc:  # fsspec's, botocore's, aiohttp's: no common base to name
            lines = str(exc).strip().splitlines()
            said = f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
            raise ObjectStoreError(f"cannot {doing} {self.url}: {said}") from None
