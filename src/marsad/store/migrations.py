"""Numbered schema migrations, applied in order inside one write transaction.

``schema_version`` holds one row per applied migration. Opening a store:

- fresh (no ``schema_version``): the tables of ``schema.py`` are created and every migration
  is recorded as applied: ``schema.py`` *is* the result of all of them;
- older: each pending migration runs in order, and is recorded;
- current: nothing is written;
- newer than this code: ``MarsadError`` E202 (an old marsad must not write into it).

To change the schema: edit ``schema.py`` and append a ``Migration`` that brings a database of
the previous version to the same shape (``ALTER TABLE ...``, new indexes, data moves). The
caller holds the write lock (SQLite ``BEGIN IMMEDIATE``; PostgreSQL an advisory lock taken
here), so two processes opening one new store migrate it once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, func, inspect, select, text

from marsad.errors import MarsadError
from marsad.store import schema


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[Connection], None]


def _initial(conn: Connection) -> None:
    schema.metadata.create_all(conn)


def _corpus(conn: Connection) -> None:
    """Near-duplicates, MinHash bands, stories, the search index; articles by update time."""
    for table in schema.CORPUS_TABLES:
        table.create(conn)
    for index in schema.articles.indexes:
        if index.name == "ix_articles_updated_at":
            index.create(conn)


def _actors(conn: Connection) -> None:
    """Indexes for the actor pages (quotes by speaker, labels by actor, events by source and
    target, mentions by actor and article); the per-actor counts, filled from the mentions.

    Each step checks first, so a store that already has part of it is brought to the same
    shape."""
    conn.execute(text("DROP INDEX IF EXISTS ix_mentions_entity_id"))
    for table in schema.ANNOTATION_TABLES:
        for index in table.indexes:
            if index.name in schema.ACTOR_INDEXES:
                index.create(conn, checkfirst=True)
    schema.actor_counts.create(conn, checkfirst=True)
    conn.execute(schema.actor_counts.delete())
    conn.execute(
        schema.actor_counts.insert().from_select(
            ["entity_id", "articles", "mentions"], schema.mention_counts()
        )
    )


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, annotations, entities, runs, problems", _initial),
    Migration(2, "near-duplicates, stories, search index", _corpus),
    Migration(3, "indexes for the actor pages; per-actor counts kept by writes", _actors),
)

SCHEMA_VERSION = MIGRATIONS[-1].version

_PG_LOCK = 0x6D61_7273_6164_0001  # pg_advisory_xact_lock key: "marsad" + 1


def current_version(conn: Connection) -> int:
    """The version recorded in the database; 0 for a database marsad never wrote."""
    if not inspect(conn).has_table(schema.schema_version.name):
        return 0
    return conn.execute(select(func.max(schema.schema_version.c.version))).scalar() or 0


def migrate(conn: Connection, where: str = "") -> tuple[int, int]:
    """Bring the database to ``SCHEMA_VERSION``; returns (version before, version after).

    Call inside a write transaction; ``where`` names the store in error messages.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
    before = current_version(conn)
    if before > SCHEMA_VERSION:
        raise MarsadError(
            "E202",
            where,
            f"its schema is version {before}, this marsad knows up to {SCHEMA_VERSION}",
        )
    if before == SCHEMA_VERSION:
        return before, before
    if before == 0:
        schema.metadata.create_all(conn)
        pending = MIGRATIONS
    else:
        pending = tuple(m for m in MIGRATIONS if m.version > before)
        for m in pending:
            m.apply(conn)
    now = datetime.now(UTC)
    conn.execute(
        schema.schema_version.insert(),
        [{"version": m.version, "description": m.description, "applied_at": now} for m in pending],
    )
    return before, SCHEMA_VERSION
