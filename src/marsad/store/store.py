"""``Store``: articles and their annotations in SQLite (a file, the default) or PostgreSQL.

One interface and one schema on both backends. Writing is idempotent by ``Article.key`` and
batched: each batch is one transaction, so a process killed mid-ingest leaves only whole
articles, and running the same ingest again stores each article once. Two processes may
ingest into one store at once: new rows go in with ``INSERT ... ON CONFLICT (key) DO
NOTHING``, changed rows are updated only where their hash still differs, and on SQLite every
write transaction takes the write lock up front (``BEGIN IMMEDIATE``) and waits for it.
Each actor's counts (``actor_counts``, for the actors' ranking) move in the transaction that
writes or replaces the mentions they count.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import (
    URL,
    Connection,
    Engine,
    RowMapping,
    and_,
    case,
    create_engine,
    delete,
    event,
    func,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from marsad.errors import MarsadError, Problem
from marsad.model import Article, Entity, Event, Label, Mention, Quote, TimeExpr
from marsad.store import schema
from marsad.store.migrations import SCHEMA_VERSION, migrate
from marsad.store.schema import (
    actor_counts,
    articles,
    duplicates,
    entities,
    events,
    labels,
    mention_counts,
    mentions,
    quotes,
    runs,
    times,
)

DEFAULT_PATH = Path("marsad.db")
BATCH_SIZE = 200  # articles per write transaction
BUSY_TIMEOUT_S = 60  # how long a SQLite writer waits for another one
_RETRIES = 5  # deadlocks / lock timeouts: the whole batch is retried
_IN_CHUNK = 500  # ids per IN (...) list

T = TypeVar("T")


@dataclass(frozen=True)
class UpsertCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.inserted + self.updated + self.unchanged

    def __add__(self, other: UpsertCounts) -> UpsertCounts:
        return UpsertCounts(
            self.inserted + other.inserted,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
        )


@dataclass(frozen=True)
class Run:
    id: int
    command: str
    started_at: datetime
    finished_at: datetime | None
    counts: dict[str, Any] | None


# -- opening -----------------------------------------------------------------------------


def open_store(url_or_path: str | Path | None = None) -> Store:
    """Open (creating and migrating as needed) the store at a SQLite path or a database URL.

    ``None`` is ``./marsad.db``; ``sqlite://...``, ``postgresql://...`` and
    ``postgresql+psycopg://...`` URLs are used as given (``postgresql://`` with psycopg 3).
    A store that cannot be opened raises MarsadError E201; one written by a newer marsad, E202.
    """
    shown = str(url_or_path if url_or_path is not None else DEFAULT_PATH)
    engine: Engine | None = None
    try:
        url = _to_url(url_or_path)
        shown = url.render_as_string(hide_password=True)
        engine = _engine(url)
        store = Store(engine)
        with store._write() as conn:
            migrate(conn, shown)
        return store
    except MarsadError:
        if engine is not None:
            engine.dispose()
        raise
    except (SQLAlchemyError, ImportError, OSError, ValueError) as e:
        if engine is not None:
            engine.dispose()
        raise MarsadError("E201", shown, _reason(e)) from e


def _to_url(url_or_path: str | Path | None) -> URL:
    if url_or_path is None or isinstance(url_or_path, Path) or "://" not in url_or_path:
        path = Path(url_or_path) if url_or_path is not None else DEFAULT_PATH
        if path.is_dir():
            raise ValueError("is a directory, not a SQLite file")
        if not path.parent.is_dir():
            raise ValueError(f"directory {path.parent} does not exist")
        return URL.create("sqlite+pysqlite", database=str(path))
    try:
        url = make_url(url_or_path)
    except ArgumentError as e:
        raise ValueError(f"not a database URL: {e}") from e
    backend = url.get_backend_name()
    if backend in ("postgresql", "postgres") and "+" not in url.drivername:
        return url.set(drivername="postgresql+psycopg")
    if backend not in ("sqlite", "postgresql"):
        raise ValueError(f"unsupported database {backend!r}: use a SQLite path or postgresql://")
    return url


def _engine(url: URL) -> Engine:
    dumps = partial(json.dumps, ensure_ascii=False)
    if url.get_backend_name() != "sqlite":
        return create_engine(url, json_serializer=dumps, pool_pre_ping=True)
    engine = create_engine(url, json_serializer=dumps, connect_args={"timeout": BUSY_TIMEOUT_S})
    in_memory = url.database in (None, "", ":memory:") or "mode=memory" in str(url)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # marsad emits BEGIN itself (see _on_begin)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
        cur.execute("PRAGMA foreign_keys = ON")
        if not in_memory:
            _use_wal(cur)
            cur.execute("PRAGMA synchronous = NORMAL")  # safe in WAL; a crash loses no commit
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # a writer takes the lock before its first read: a deferred transaction that reads,
        # then finds another writer committed, fails at once instead of waiting
        immediate = conn.get_execution_options().get("marsad_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _use_wal(cur: sqlite3.Cursor) -> None:
    """Switch the file to WAL once; the switch ignores busy_timeout, so wait for it here
    (processes opening a new file together race for it)."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            if cur.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cur.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _reason(e: BaseException) -> str:
    orig = getattr(e, "orig", None) or e
    lines = str(orig).strip().splitlines()
    return lines[0] if lines else type(orig).__name__


def _transient(e: DBAPIError) -> bool:
    """A deadlock, serialization failure or lock timeout: retrying the batch will do."""
    if getattr(e.orig, "sqlstate", None) in ("40001", "40P01", "55P03"):
        return True
    msg = str(e.orig).lower()
    return "database is locked" in msg or "database is busy" in msg


# -- the store ---------------------------------------------------------------------------


class Store:
    """Articles, their annotations, corpus-level entities, runs and problems."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.backend = engine.dialect.name  # "sqlite" | "postgresql"
        self.url = engine.url.render_as_string(hide_password=True)
        self.schema_version = SCHEMA_VERSION
        self._insert = postgresql.insert if self.backend == "postgresql" else sqlite.insert

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(marsad_write=True)
            with conn.begin():
                yield conn

    def transaction(self) -> Any:
        """A write transaction (the SQLite write lock taken up front), as a context manager
        giving the ``Connection``: for corpus steps that write beside the articles."""
        return self._write()

    def load_articles(self, conn: Connection, ids: Sequence[int]) -> dict[int, Article]:
        """Whole Articles by store id, read on ``conn`` (missing ids are left out)."""
        found: dict[int, Article] = {}
        for chunk in _chunks(list(ids), _IN_CHUNK):
            rows = conn.execute(select(articles).where(articles.c.id.in_(chunk))).mappings().all()
            found.update(zip((r["id"] for r in rows), _load(conn, rows), strict=True))
        return found

    def _retrying(self, work: Callable[[Connection], T]) -> T:
        for attempt in range(_RETRIES):
            try:
                with self._write() as conn:
                    return work(conn)
            except DBAPIError as e:
                if attempt == _RETRIES - 1 or not _transient(e):
                    raise
                time.sleep(0.05 * 2**attempt)
        raise AssertionError("unreachable")

    # -- writing articles ----------------------------------------------------------------

    def upsert_articles(
        self,
        articles: Iterable[Article],
        run_id: int | None = None,
        *,
        batch_size: int = BATCH_SIZE,
    ) -> UpsertCounts:
        """Insert new articles, update changed ones (by key and content hash), skip the rest.

        An article without ``key`` gets ``source:index``; one without ``content_hash`` gets a
        hash of all its fields. An updated article keeps its id and has its annotations
        replaced. Each batch of ``batch_size`` articles is committed atomically.
        """
        total = UpsertCounts()
        batch: list[Article] = []
        keys: set[str] = set()
        for article in articles:
            article = _with_identity(article)
            if len(batch) >= batch_size or article.key in keys:
                total += self._retrying(partial(self._upsert_batch, batch, run_id))
                batch, keys = [], set()
            batch.append(article)
            keys.add(article.key)
        if batch:
            total += self._retrying(partial(self._upsert_batch, batch, run_id))
        return total

    def _upsert_batch(
        self, batch: Sequence[Article], run_id: int | None, conn: Connection
    ) -> UpsertCounts:
        now = datetime.now(UTC)
        batch = sorted(batch, key=lambda a: a.key)  # one lock order for concurrent writers
        # 1. new keys go in; a key another writer holds waits for it, then does nothing
        stmt = self._insert(articles).on_conflict_do_nothing(index_elements=["key"])
        rows = [_article_row(a, run_id, now) for a in batch]
        result = conn.execute(stmt.returning(articles.c.id, articles.c.key), rows)
        inserted: dict[str, int] = {key: id_ for id_, key in result.all()}
        # 2. existing keys: unchanged when the hash is the same, else updated in place
        existing: dict[str, tuple[int, str]] = {}
        rest = [a.key for a in batch if a.key not in inserted]
        for chunk in _chunks(rest, _IN_CHUNK):
            q = select(articles.c.key, articles.c.id, articles.c.content_hash)
            for key, id_, h in conn.execute(q.where(articles.c.key.in_(chunk))):
                existing[key] = (id_, h)
        to_annotate = [(inserted[a.key], a) for a in batch if a.key in inserted]
        replaced: list[int] = []
        unchanged = 0
        for a in batch:
            if a.key in inserted:
                continue
            id_, h = existing[a.key]
            if h == a.content_hash:
                unchanged += 1
                continue
            values = _article_row(a, run_id, now)
            del values["key"], values["ingested_at"]
            res = conn.execute(
                update(articles)
                .where(articles.c.id == id_, articles.c.content_hash != a.content_hash)
                .values(values)
            )
            if res.rowcount == 1:
                replaced.append(id_)
                to_annotate.append((id_, a))
            else:  # another writer stored this very content meanwhile
                unchanged += 1
        # 3. annotations of changed articles are replaced, of new ones written; the actors'
        # counts go from what the replaced articles named to what the written ones name
        before = _actors_named(conn, replaced)
        for chunk in _chunks(replaced, _IN_CHUNK):
            for table in schema.ANNOTATION_TABLES:
                conn.execute(delete(table).where(table.c.article_id.in_(chunk)))
        self._write_annotations(conn, to_annotate)
        self._move_actor_counts(conn, before, _actors_named(conn, [id_ for id_, _ in to_annotate]))
        return UpsertCounts(len(inserted), len(replaced), unchanged)

    def _write_annotations(self, conn: Connection, items: Sequence[tuple[int, Article]]) -> None:
        rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        canonical: dict[str, Entity] = {}
        for article_id, a in items:
            for seq, t in enumerate(a.times):
                rows["times"].append(_ann(article_id, seq, t))
            seq = 0
            for entity_seq, e in enumerate(a.entities):
                if e.id not in canonical or _name_rank(e.name) > _name_rank(canonical[e.id].name):
                    canonical[e.id] = e
                for m in e.mentions:
                    row = {**_ann(article_id, seq, m), "annotator": e.annotator}
                    rows["mentions"].append(row | {"entity_id": e.id, "entity_seq": entity_seq})
                    seq += 1
            for seq, q in enumerate(a.quotes):
                rows["quotes"].append(_ann(article_id, seq, q))
            for seq, ev in enumerate(a.events):
                rows["events"].append(_ann(article_id, seq, ev))
            for seq, lb in enumerate(a.labels):
                rows["labels"].append(_ann(article_id, seq, lb))
        if canonical:
            self._upsert_entities(conn, [canonical[k] for k in sorted(canonical)])
        for table in schema.ANNOTATION_TABLES:
            if rows[table.name]:
                conn.execute(table.insert(), rows[table.name])

    def _move_actor_counts(
        self,
        conn: Connection,
        before: Mapping[str, tuple[int, int]],
        after: Mapping[str, tuple[int, int]],
    ) -> None:
        """Add ``after - before`` to each actor's kept (articles, mentions), in actor order:
        one lock order for concurrent writers."""
        rows = []
        for entity_id in sorted(before.keys() | after.keys()):
            (a0, m0), (a1, m1) = before.get(entity_id, (0, 0)), after.get(entity_id, (0, 0))
            if (a0, m0) != (a1, m1):
                rows.append({"entity_id": entity_id, "articles": a1 - a0, "mentions": m1 - m0})
        if rows:
            stmt = self._insert(actor_counts)
            stmt = stmt.on_conflict_do_update(
                index_elements=["entity_id"],
                set_={
                    "articles": actor_counts.c.articles + stmt.excluded.articles,
                    "mentions": actor_counts.c.mentions + stmt.excluded.mentions,
                },
            )
            conn.execute(stmt, rows)

    def _bytewise(self, col: Any) -> Any:
        """A text column compared by code point (SQLite compares bytes already; PostgreSQL's
        default collation is the locale's)."""
        return col.collate("C") if self.engine.dialect.name == "postgresql" else col

    def _upsert_entities(self, conn: Connection, ents: Sequence[Entity]) -> None:
        """New actors go in; a known one keeps the fullest name seen (longest, then first in
        code-point order: the same whatever order articles arrive in, so parallel ingests
        agree) and fills what it lacked."""
        stmt = self._insert(entities)
        new, old = stmt.excluded, entities.c
        new_len, old_len = func.length(new.name), func.length(old.name)
        fuller = or_(
            old.name.is_(None),
            new_len > old_len,
            and_(new_len == old_len, self._bytewise(new.name) < self._bytewise(old.name)),
        )
        merged = {
            "name": case((and_(new.name != "", fuller), new.name), else_=old.name),
            "type": func.coalesce(func.nullif(new.type, ""), old.type),
            **{c: func.coalesce(new[c], old[c]) for c in ("subtype", "wikidata", "lat", "lon")},
            "country": func.coalesce(new.country, old.country),
        }
        stmt = stmt.on_conflict_do_update(
            index_elements=["id"],
            set_=merged,
            where=or_(*(old[c].is_distinct_from(v) for c, v in merged.items())),
        )
        conn.execute(stmt, [_entity_row(e) for e in ents])

    # -- reading -------------------------------------------------------------------------

    def get_article(self, key: str) -> Article | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(articles).where(articles.c.key == key)).mappings().first()
            return _load(conn, [row])[0] if row is not None else None

    def iter_articles(
        self,
        batch: int = 500,
        outlet: str | None = None,
        since: str | date | None = None,
        until: str | date | None = None,
    ) -> Iterator[Article]:
        """Every stored article with its annotations, ordered by (file, index).

        ``since``/``until`` filter on ``published`` (ISO, both inclusive; ``until="2020-07"``
        takes all of July); an article with no ``published`` is left out by either.
        Each page of ``batch`` articles is read in its own short transaction.
        """
        where = []
        if outlet is not None:
            where.append(articles.c.outlet == outlet)
        if since is not None:
            where.append(articles.c.published >= _iso(since))
        if until is not None:
            u = _iso(until)
            where.append(or_(articles.c.published <= u, articles.c.published.startswith(u)))
        order = (articles.c.file, articles.c.idx, articles.c.id)
        after: tuple[str, int, int] | None = None
        while True:
            q = select(articles).where(*where).order_by(*order).limit(batch)
            if after is not None:
                q = q.where(tuple_(*order) > tuple_(*after))
            with self.engine.connect() as conn:
                rows = conn.execute(q).mappings().all()
                page = _load(conn, rows)
            yield from page
            if len(rows) < batch:
                return
            last = rows[-1]
            after = (last["file"], last["idx"], last["id"])

    def actor_ranking(self, conn: Connection) -> list[dict[str, Any]]:
        """Every actor that original articles name (near-duplicates, the copies in
        ``duplicates``, left out) with those articles and its mentions in them, most articles
        first, then by id; read on ``conn``. Each is a dict of ``id``, ``name``, ``type``,
        ``wikidata``, ``articles`` and ``mentions``.

        The counts the writes keep (``actor_counts``) less what the copies hold: a pass over
        the copies' mentions, not over every mention. Should the kept counts not add up to
        the stored mentions (rows deleted by hand, outside the store), the mentions
        themselves are counted.
        """
        kept = conn.execute(select(func.coalesce(func.sum(actor_counts.c.mentions), 0)))
        stored = conn.execute(select(func.count()).select_from(mentions))
        counts: Any = actor_counts
        if kept.scalar_one() != stored.scalar_one():
            counts = mention_counts().subquery()
        in_copies = mentions.c.article_id.in_(select(duplicates.c.article_id))
        copies = mention_counts(in_copies).subquery()
        n_articles = counts.c.articles - func.coalesce(copies.c.articles, 0)
        n_mentions = counts.c.mentions - func.coalesce(copies.c.mentions, 0)
        q = (
            select(
                entities.c.id,
                entities.c.name,
                entities.c.type,
                entities.c.wikidata,
                n_articles.label("articles"),
                n_mentions.label("mentions"),
            )
            .select_from(counts)
            .join(entities, entities.c.id == counts.c.entity_id)
            .outerjoin(copies, copies.c.entity_id == counts.c.entity_id)
            .where(n_articles > 0)
            .order_by(n_articles.desc(), entities.c.id)  # ids compare byte-wise (CText)
        )
        result = conn.execute(q)
        keys = list(result.keys())
        return [dict(zip(keys, r, strict=True)) for r in result]  # a third of .mappings()' time

    def count(self) -> dict[str, int]:
        """Rows per table: articles, times, entities, mentions, quotes, events, labels."""
        tables = (articles, times, entities, mentions, quotes, events, labels)
        with self.engine.connect() as conn:
            return {
                t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in tables
            }

    # -- runs and problems ---------------------------------------------------------------

    def start_run(self, command: str) -> int:
        with self._write() as conn:
            stmt = runs.insert().values(command=command, started_at=datetime.now(UTC))
            return conn.execute(stmt.returning(runs.c.id)).scalar_one()

    def finish_run(self, run_id: int, counts: Mapping[str, Any]) -> None:
        with self._write() as conn:
            conn.execute(
                update(runs)
                .where(runs.c.id == run_id)
                .values(finished_at=datetime.now(UTC), counts=dict(counts))
            )

    def runs(self) -> list[Run]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(runs).order_by(runs.c.id)).mappings().all()
        return [
            Run(**{**r, "started_at": _utc(r["started_at"]), "finished_at": _utc(r["finished_at"])})
            for r in rows
        ]

    def add_problems(self, run_id: int | None, problems: Iterable[Problem]) -> int:
        """Record the inputs a run skipped, and why; returns how many."""
        rows = [
            {"run_id": run_id, "code": p.code, "path": p.path, "reason": p.reason} for p in problems
        ]
        if rows:
            with self._write() as conn:
                conn.execute(schema.problems.insert(), rows)
        return len(rows)

    def problems(self, run_id: int | None = None) -> list[Problem]:
        """Problems recorded by one run, or by all runs, in the order they were added."""
        t = schema.problems
        q = select(t.c.code, t.c.path, t.c.reason).order_by(t.c.id)
        if run_id is not None:
            q = q.where(t.c.run_id == run_id)
        with self.engine.connect() as conn:
            return [Problem(*r) for r in conn.execute(q)]


# -- rows <-> model ----------------------------------------------------------------------


def _with_identity(a: Article) -> Article:
    """Fill an empty key (source:index) and content hash (of every field)."""
    changes: dict[str, object] = {}
    if not a.key:
        changes["key"] = f"{a.source or a.file}:{a.index}"
    if not a.content_hash:
        fields = dataclasses.asdict(a)
        del fields["key"], fields["content_hash"]
        blob = json.dumps(fields, ensure_ascii=False, sort_keys=True).encode()
        changes["content_hash"] = hashlib.sha256(blob).hexdigest()
    return a.with_(**changes) if changes else a


def _article_row(a: Article, run_id: int | None, now: datetime) -> dict[str, Any]:
    return {
        "key": a.key,
        "content_hash": a.content_hash,
        "file": a.file,
        "idx": a.index,
        "source": a.source,
        "fmt": a.fmt,
        "encoding": a.encoding,
        "url": a.url,
        "title": a.title,
        "outlet": a.outlet,
        "outlet_how": a.outlet_how,
        "dateline": a.dateline,
        "agencies": list(a.agencies),
        "published": a.published,
        "published_how": a.published_how,
        "meta_date": a.meta_date,
        "text": a.text,
        "removed": list(a.removed),
        "annotators": list(a.annotators),
        "ingested_at": now,
        "updated_at": now,
        "run_id": run_id,
    }


def _actors_named(conn: Connection, ids: Sequence[int]) -> dict[str, tuple[int, int]]:
    """Per actor, how many of the articles ``ids`` name it and its mentions in them."""
    found: dict[str, tuple[int, int]] = {}
    for chunk in _chunks(ids, _IN_CHUNK):  # each article is in one chunk: the sums are exact
        for entity_id, n_articles, n_mentions in conn.execute(
            mention_counts(mentions.c.article_id.in_(chunk))
        ):
            a, m = found.get(entity_id, (0, 0))
            found[entity_id] = (a + n_articles, m + n_mentions)
    return found


def _ann(article_id: int, seq: int, value: object) -> dict[str, Any]:
    """The row of one annotation: its fields, plus where it belongs."""
    fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}  # type: ignore[arg-type]
    return {"article_id": article_id, "seq": seq, **fields}


def _name_rank(name: str | None) -> tuple[int, list[int]]:
    """Which of two names of one actor the store keeps: the longer, then the first in
    code-point order (as :meth:`Store._upsert_entities` decides in SQL)."""
    name = name or ""
    return len(name), [-ord(c) for c in name]


def _entity_row(e: Entity) -> dict[str, Any]:
    return {
        "id": e.id,
        "name": e.name,
        "type": e.type,
        "subtype": e.subtype,
        "wikidata": e.wikidata,
        "lat": e.lat,
        "lon": e.lon,
        "country": e.country,
    }


def _load(conn: Connection, rows: Sequence[RowMapping]) -> list[Article]:
    """Whole Articles for article rows: one query per annotation table for all of them."""
    if not rows:
        return []
    ids = [r["id"] for r in rows]
    found: dict[str, dict[int, list[RowMapping]]] = {}
    for table in schema.ANNOTATION_TABLES:
        q = select(table)
        if table is mentions:  # with the canonical actor each mention links to
            q = select(table, *_entity_cols()).join(entities, entities.c.id == table.c.entity_id)
        by_article: dict[int, list[RowMapping]] = defaultdict(list)
        for chunk in _chunks(ids, _IN_CHUNK):
            sel = q.where(table.c.article_id.in_(chunk)).order_by(table.c.article_id, table.c.seq)
            for r in conn.execute(sel).mappings():
                by_article[r["article_id"]].append(r)
        found[table.name] = by_article
    return [_article(r, {name: found[name][r["id"]] for name in found}) for r in rows]


_ENTITY_FIELDS = ("name", "type", "subtype", "wikidata", "lat", "lon", "country")


def _entity_cols() -> list[Any]:
    return [entities.c[c].label(f"e_{c}") for c in _ENTITY_FIELDS]


def _fields(cls: type, r: RowMapping, **extra: Any) -> Any:
    names = {f.name for f in dataclasses.fields(cls)} - extra.keys()
    return cls(**{n: r[n] for n in names}, **extra)


def _article(r: RowMapping, ann: Mapping[str, list[RowMapping]]) -> Article:
    grouped: dict[int, list[RowMapping]] = defaultdict(list)
    for m in ann["mentions"]:
        grouped[m["entity_seq"]].append(m)
    ents = []
    for _, ms in sorted(grouped.items()):
        first = ms[0]
        ents.append(
            Entity(
                id=first["entity_id"],
                mentions=tuple(_fields(Mention, m) for m in ms),
                annotator=first["annotator"],
                **{c: first[f"e_{c}"] for c in _ENTITY_FIELDS},
            )
        )
    return Article(
        file=r["file"],
        index=r["idx"],
        text=r["text"],
        key=r["key"],
        content_hash=r["content_hash"],
        source=r["source"],
        fmt=r["fmt"],
        encoding=r["encoding"],
        url=r["url"],
        title=r["title"],
        outlet=r["outlet"],
        outlet_how=r["outlet_how"],
        dateline=r["dateline"],
        agencies=tuple(r["agencies"]),
        published=r["published"],
        published_how=r["published_how"],
        meta_date=r["meta_date"],
        removed=tuple(r["removed"]),
        annotators=tuple(r["annotators"]),
        times=tuple(_fields(TimeExpr, t) for t in ann["times"]),
        entities=tuple(ents),
        quotes=tuple(_fields(Quote, q, direct=bool(q["direct"])) for q in ann["quotes"]),
        events=tuple(_fields(Event, e) for e in ann["events"]),
        labels=tuple(_fields(Label, lb) for lb in ann["labels"]),
    )


def _utc(t: datetime | None) -> datetime | None:
    """SQLite gives back naive datetimes: they were written in UTC."""
    return t.replace(tzinfo=UTC) if t is not None and t.tzinfo is None else t


def _iso(d: str | date) -> str:
    return d.isoformat() if isinstance(d, date) else d


def _chunks(seq: Sequence[T], n: int) -> Iterator[Sequence[T]]:
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


__all__ = ["BATCH_SIZE", "Run", "Store", "UpsertCounts", "open_store"]
