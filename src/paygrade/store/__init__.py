"""The embedded store: one DuckDB file, numbered migrations, one transaction per file."""

from paygrade.store.db import Store, StoreError, discard_if_empty, scalar

__all__ = ["Store", "StoreError", "discard_if_empty", "scalar"]
