"""paygrade: compensation intelligence for machine learning engineers, from real public data.

The library is the product; the CLI (and later the web app and report) are
thin skins over these calls.

Example:
    >>> from paygrade import Store, ingest_all, stats  # doctest: +SKIP
    >>> store = Store.open("var/paygrade.duckdb")  # doctest: +SKIP
    >>> ingest_all(store, Path("../shared/data"))  # doctest: +SKIP
    >>> stats(store, by=["level"], where={"role": ["ml_engineer"]})  # doctest: +SKIP
"""

from paygrade.config import Settings
from paygrade.ingest import IngestResult, ingest_all, ingest_file
from paygrade.records import (
    FIELD_NAMES,
    BadFilter,
    BadInputFile,
    PaygradeError,
    UnknownField,
    UnknownSource,
)
from paygrade.store import Store

__all__ = [
    "FIELD_NAMES",
    "BadFilter",
    "BadInputFile",
    "IngestResult",
    "PaygradeError",
    "Settings",
    "Store",
    "UnknownField",
    "UnknownSource",
    "ingest_all",
    "ingest_file",
]
