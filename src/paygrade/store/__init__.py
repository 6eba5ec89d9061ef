"""The embedded store: one DuckDB file, numbered migrations, one transaction per file."""

from paygrade.store.db import (
    OutdatedStore,
    Store,
    StoreBusy,
    StoreError,
    damage_said,
    damaged,
    discard_if_empty,
    first_row,
    no_store,
    scalar,
)

__all__ = [
    "OutdatedStore",
    "Store",
    "StoreBusy",
    "StoreError",
    "damage_said",
    "damaged",
    "discard_if_empty",
    "first_row",
    "no_store",
    "scalar",
]
