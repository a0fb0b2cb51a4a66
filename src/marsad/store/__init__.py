"""The store: one schema on SQLite (a file, the default) and PostgreSQL (by URL)."""

from marsad.store.migrations import SCHEMA_VERSION
from marsad.store.store import Run, Store, UpsertCounts, open_store

__all__ = ["SCHEMA_VERSION", "Run", "Store", "UpsertCounts", "open_store"]
