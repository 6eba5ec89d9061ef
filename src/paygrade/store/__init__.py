"""The embedded store: one DuckDB file, numbered migrations, one transaction per file."""

from paygrade.store.db import (
    OutdatedStore,
    Store,
    StoreBusy,
    StoreError,
    damaged,
    discard_if_empty,
    no_store,
    scalar,
)

__all__ = [
    "OutdatedStore",
    "Store",
    "StoreBusy",
    "StoreError",
    "damaged",
    "discard_if_empty",
    "no_store",
    "scalar",
]
