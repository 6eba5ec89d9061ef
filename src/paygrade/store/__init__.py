"""The embedded store: one DuckDB file, numbered migrations, one transaction per file."""

from paygrade.store.db import Store, StoreError, scalar

__all__ = ["Store", "StoreError", "scalar"]
