"""Shared fixtures.

``store`` is a fresh, empty, migrated store, once on a SQLite file and once on PostgreSQL, so a
test written against it runs with the same body on both backends. The PostgreSQL run is skipped
unless ``MARSAD_TEST_PG_URL`` names a database (e.g. ``postgresql://postgres@127.0.0.1/test``);
each test then gets a schema of its own, dropped afterwards.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

try:
    import marsad  # noqa: F401
except ImportError:  # not installed: test the source tree
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

PG_ENV = "MARSAD_TEST_PG_URL"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where an empty store lives: a SQLite file path, or a PostgreSQL URL to a fresh schema.

    Open it with ``marsad.store.open_store`` (as often as a test needs, from any process);
    close every store opened on it before the test ends.
    """
    if request.param == "sqlite":
        yield str(tmp_path / "marsad.db")
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set")
    yield from _pg_schema(base)


@pytest.fixture
def store(store_url: str) -> Iterator[object]:
    """A fresh, migrated ``marsad.store.Store`` on each backend."""
    from marsad.store import open_store

    with open_store(store_url) as s:
        yield s


def _pg_schema(base: str) -> Iterator[str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(base)
    if "+" not in url.drivername:
        url = url.set(drivername="postgresql+psycopg")
    name = f"marsad_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{name}"'))
        scoped = url.update_query_dict({"options": f"-csearch_path={name}"})
        yield scoped.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        admin.dispose()


def stored_export(db: str) -> list[str]:
    """A store's JSONL export, sorted (order-independent), each actor's name by its match key,
    for comparing what two runs stored (the store keeps an actor's fullest name whatever the
    order of writes, see ``Store._upsert_entities``; the key makes the comparison indifferent
    to that rule)."""
    import json

    from marsad.export import article_to_output
    from marsad.store import open_store
    from marsad.text.normalize import match_key

    rows = []
    with open_store(db) as store:
        for article in store.iter_articles():
            out = article_to_output(article)
            for entity in out["entities"]:
                entity["name"] = match_key(entity["name"])
            rows.append(json.dumps(out, ensure_ascii=False, sort_keys=True))
    return sorted(rows)
