"""The embedded event store (DuckDB)."""

from dyad.store.duckdb_store import DEFAULT_DB, EventStore

__all__ = ["DEFAULT_DB", "EventStore"]
