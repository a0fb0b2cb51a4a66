"""``update_corpus``: the incremental corpus step, run after articles are stored.

Only articles the corpus steps have not seen, or whose content hash changed since, are
processed, in order of publication, in write transactions of ``BATCH`` articles. A batch
reads what it needs in a few queries (the articles' words and annotations, the band matches
of all its fingerprints, the copy links, dates and stories of those matches, the document
frequencies of its terms), then takes its articles one after another:

1. search index: the article's word keys (``search_tokens``);
2. story features and the document frequencies they are weighted by (``term_df``);
3. near-duplicates: MinHash band lookups (the store's, and the batch's own articles before
   it), exact check, link to the group's original;
4. stories: a copy joins its original's story; any other article joins the best story in
   its time window or opens one; an article keeps the story it was given;

and writes the rows of the whole batch at its end, many rows per statement; only what the
next article's story lookup must see (a new story, its keys, its dates) is written at once.

5. the stories touched get their dates and counts again, and their title and summary when
   their leading articles changed.

Each article's outcome is the one it would have had alone, one at a time: a batch only
changes how often the store is asked. Running it again with nothing new writes nothing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, or_, select, text, update

from marsad.corpus import dedup
from marsad.corpus import stories as S
from marsad.corpus.terms import keys
from marsad.store import Store
from marsad.store.schema import (
    articles,
    corpus_articles,
    duplicates,
    entities,
    events,
    mentions,
    minhash_bands,
    search_tokens,
    stories,
    story_articles,
    story_keys,
    term_df,
    times,
)

BATCH = 500
_PG_LOCK = 0x6D61_7273_6164_0002  # one corpus update at a time on PostgreSQL
_IN = 500  # values per IN (...) list
_ROWS = 5000  # rows per multi-row write
MAX_DUP_CANDIDATES = 200  # articles checked exactly per article (lowest ids first)


@dataclass
class _Counts:
    processed: int = 0
    new: int = 0
    changed: int = 0
    duplicates: int = 0
    stories_opened: int = 0
    stories_joined: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def update_corpus(store: Store, batch: int = BATCH) -> dict[str, int]:
    """Bring the corpus tables up to date with the stored articles; returns counts
    (processed, new, changed, duplicates, stories_opened, stories_joined, stories)."""
    counts = _Counts()
    while True:  # again for the articles stored meanwhile
        with store.engine.connect() as conn:
            todo = [id_ for id_, _ in conn.execute(_pending())]
        if not todo:
            break
        for ids in _chunks(todo, batch):
            with store.transaction() as conn:
                if conn.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
                # still to do (another process may have done them since the list was read)
                still = dict(_select_in(conn, _pending(), articles.c.id, ids))
                pending = [(i, bool(still[i])) for i in ids if i in still]
                if pending:
                    _Batch(store, conn, counts).run(pending)
    with store.engine.connect() as conn:
        n_stories = conn.execute(select(func.count()).select_from(stories)).scalar_one()
    return counts.as_dict() | {"stories": n_stories}


def _pending() -> Any:
    """(article id, seen before) of the articles to process, earliest published first. The
    list is read once, then each batch checks its own ids: sorting what is left of 100,000
    articles before every batch took as long as the batch."""
    ca = corpus_articles
    return (
        select(articles.c.id, ca.c.article_id.is_not(None))
        .select_from(articles.outerjoin(ca, ca.c.article_id == articles.c.id))
        .where(or_(ca.c.article_id.is_(None), ca.c.content_hash != articles.c.content_hash))
        .order_by(articles.c.published.is_(None), articles.c.published, articles.c.id)
    )


@cache
def _candidates() -> Any:
    """The ``MAX_CANDIDATES`` stories sharing most of the key terms ``:keys`` whose reports
    reach into the days ``:lo`` .. ``:hi`` and lie within ``:first`` .. ``:last`` (those the
    article keeps ``within_span``: stories that could not take it leave their place to
    others): (id, first date, last date). Built once."""
    shared = func.count().label("shared")
    near = (
        select(story_keys.c.story_id, shared)
        .join(stories, stories.c.id == story_keys.c.story_id)
        .where(
            story_keys.c.term.in_(bindparam("keys", expanding=True)),
            stories.c.last_date >= bindparam("lo"),
            stories.c.first_date <= bindparam("hi"),
            stories.c.first_date >= bindparam("first"),
            stories.c.last_date <= bindparam("last"),
        )
        .group_by(story_keys.c.story_id)
        .order_by(shared.desc(), story_keys.c.story_id)
        .limit(S.MAX_CANDIDATES)
        .subquery()
    )
    return select(stories.c.id, stories.c.first_date, stories.c.last_date).join(
        near, near.c.story_id == stories.c.id
    )


def _chunks(seq: Sequence[Any], n: int = _IN) -> list[Sequence[Any]]:
    return [seq[i : i + n] for i in range(0, len(seq), n)]


def _select_in(conn: Connection, q: Any, column: Any, values: Iterable[Any]) -> list[Any]:
    """Rows of ``q`` where ``column`` is one of ``values``, asked ``_IN`` values at a time."""
    rows: list[Any] = []
    for chunk in _chunks(sorted(set(values))):
        rows += conn.execute(q.where(column.in_(chunk))).all()
    return rows


def _write(conn: Connection, stmt: Any, rows: list[dict[str, Any]]) -> None:
    for chunk in _chunks(rows, _ROWS):
        conn.execute(stmt, list(chunk))


def _bulk(conn: Connection, sql: str, rows: list[tuple[Any, ...]]) -> None:
    """Many plain rows through the driver's ``executemany``, without SQLAlchemy's work per
    row (most of the time of 100,000 rows); ``sql`` is written with ``?`` placeholders."""
    if conn.dialect.name == "postgresql":
        sql = sql.replace("?", "%s")
    for chunk in _chunks(rows, _ROWS):
        conn.exec_driver_sql(sql, list(chunk))


def _append(conn: Connection, table: str, columns: str, rows: list[tuple[Any, ...]]) -> None:
    """New rows into ``table``: ``COPY`` on PostgreSQL (psycopg 3), else ``_bulk``."""
    if conn.dialect.driver != "psycopg":
        marks = ", ".join("?" * len(columns.split(",")))
        _bulk(conn, f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
        return
    cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    with cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


@dataclass
class _Doc:
    """One article of the batch as the corpus steps use it."""

    id: int
    seen: bool
    title: str | None
    text: str
    content_hash: str
    facts: S.Facts
    fp: dedup.Fingerprint = field(init=False)

    def __post_init__(self) -> None:
        self.fp = dedup.fingerprint_of(self.facts.text_words)


def _read(conn: Connection, pending: Sequence[tuple[int, bool]]) -> list[_Doc]:
    """The batch's articles: text, words and the annotations stories use, in a few queries."""
    seen = dict(pending)
    ids = list(seen)
    ents: dict[int, list[Any]] = defaultdict(list)
    q = (
        select(
            mentions.c.article_id,
            mentions.c.entity_seq,
            mentions.c.entity_id,
            entities.c.type,
            func.count(),
        )
        .join(entities, entities.c.id == mentions.c.entity_id)
        .group_by(
            mentions.c.article_id, mentions.c.entity_seq, mentions.c.entity_id, entities.c.type
        )
    )
    for r in sorted(_select_in(conn, q, mentions.c.article_id, ids), key=lambda r: r[:2]):
        ents[r[0]].append(r)
    evs: dict[int, list[Any]] = defaultdict(list)
    q = select(events.c.article_id, events.c.seq, events.c.type, events.c.source, events.c.target)
    for r in sorted(_select_in(conn, q, events.c.article_id, ids), key=lambda r: r[:2]):
        evs[r[0]].append((r.type, r.source, r.target))
    days: dict[int, list[str]] = defaultdict(list)
    q = select(times.c.article_id, times.c.value).where(times.c.value.is_not(None))
    for a, v in _select_in(conn, q, times.c.article_id, ids):
        if v:
            days[a].append(v)
    q = select(
        articles.c.id,
        articles.c.title,
        articles.c.text,
        articles.c.published,
        articles.c.content_hash,
    )
    rows = {r.id: r for r in _select_in(conn, q, articles.c.id, ids)}
    docs = []
    for id_ in ids:
        r = rows[id_]
        # an article's entities in order; a repeated id keeps its last entity's count
        kinds = [(e.entity_id, e.type, e[4]) for e in ents[id_]]
        facts = S.Facts(
            title_words=tuple(keys(r.title or "")),
            text_words=tuple(keys(r.text)),
            actors={e: n for e, t, n in kinds if t in ("PER", "ORG")},
            places={e: n for e, t, n in kinds if t == "LOC"},
            events=tuple(evs[id_]),
            published=r.published,
            days=tuple(days[id_]),
        )
        docs.append(_Doc(id_, seen[id_], r.title, r.text, r.content_hash, facts))
    return docs


class _Batch:
    """One transaction's worth of articles: read together, processed one after another,
    written together."""

    def __init__(self, store: Store, conn: Connection, counts: _Counts) -> None:
        self.store, self.conn, self.counts = store, conn, counts
        self.insert = store._insert
        self.rarity = S.Rarity()
        self.df_delta: Counter[str] = Counter()
        self.now = datetime.now(UTC)
        # what the batch knows of articles before it (read up front) and of its own
        self.bands: dict[tuple[int, str], list[int]] = defaultdict(list)  # band -> article ids
        self.shingles: dict[int, frozenset[str]] = {}
        self.original: dict[int, int | None] = {}  # article -> the original it copies
        self.date_from: dict[int, str | None] = {}
        self.story_of: dict[int, int] = {}
        self.story_json: dict[int, dict[str, Any]] = {}  # story -> features (JSON)
        self.story_view: dict[int, S.Candidate] = {}  # story -> its features, ready to compare
        # rows written at the end
        self.rows: dict[str, list[Any]] = defaultdict(list)
        self.new_copies: dict[int, tuple[int, float]] = {}  # copy -> (original, similarity)
        self.changed_features: set[int] = set()  # stories whose features to write back
        self.touched: dict[int, set[int]] = defaultdict(set)  # story -> articles placed now
        self.reread: set[int] = set()  # stories whose leading articles may have changed

    def run(self, pending: Sequence[tuple[int, bool]]) -> None:
        docs = _read(self.conn, pending)
        self._forget([d.id for d in docs if d.seen])
        wanted = {S.N_TERM}
        for d in docs:
            wanted |= d.facts.df_terms
        self._load_terms(wanted)
        self._prefetch(docs)
        for d in docs:
            self._one(d)
        self._flush()
        _refresh(self.conn, self.touched, self.reread, {d.id: d for d in docs}, self.now)

    # -- reading ahead ------------------------------------------------------------------

    def _forget(self, ids: list[int]) -> None:
        """Changed articles: their index rows and copy link are made again; their story stays."""
        for chunk in _chunks(ids):
            for t in (search_tokens, minhash_bands, duplicates, corpus_articles):
                self.conn.execute(delete(t).where(t.c.article_id.in_(chunk)))

    def _load_terms(self, wanted: set[str]) -> None:
        """Read the frequencies of ``wanted`` terms (0 for a term never counted)."""
        wanted = {t for t in wanted if t not in self.rarity}
        for t in sorted(wanted):
            self.rarity.set(t, 0)
        q = select(term_df.c.term, term_df.c.df)
        for t, n in _select_in(self.conn, q, term_df.c.term, wanted):
            self.rarity.set(t, n)

    def _prefetch(self, docs: Sequence[_Doc]) -> None:
        """The stored articles sharing a band with the batch's, their texts, copy links,
        dates and stories; the stories of the batch's changed articles."""
        conn = self.conn
        by_band: dict[int, set[str]] = defaultdict(set)
        for d in docs:
            for b, h in d.fp.bands:
                by_band[b].add(h)
        mb = minhash_bands.c
        for b, hashes in sorted(by_band.items()):
            q = select(mb.hash, mb.article_id).where(mb.band == b)
            for h, a in _select_in(conn, q, mb.hash, hashes):
                self.bands[(b, h)].append(a)
        stored: set[int] = set()  # the stored articles a batch article may be compared with
        for d in docs:
            stored.update(self._stored_candidates(d))
        q = select(articles.c.id, articles.c.text)
        for id_, text_ in _select_in(conn, q, articles.c.id, stored):
            self.shingles[id_] = dedup.shingles(text_)
        q = select(duplicates.c.article_id, duplicates.c.original_id)
        self.original.update(_select_in(conn, q, duplicates.c.article_id, stored))
        known = stored | {o for o in self.original.values() if o is not None}
        q = select(corpus_articles.c.article_id, corpus_articles.c.date_from)
        self.date_from.update(_select_in(conn, q, corpus_articles.c.article_id, known))
        known |= {d.id for d in docs if d.seen}
        q = select(story_articles.c.article_id, story_articles.c.story_id)
        self.story_of.update(_select_in(conn, q, story_articles.c.article_id, known))

    def _stored_candidates(self, d: _Doc) -> list[int]:
        """The stored articles sharing a band with ``d``, at most the lowest
        ``MAX_DUP_CANDIDATES`` ids (those the batch's own articles can only push out)."""
        found = {a for band in d.fp.bands for a in self.bands.get(band, ())}
        return sorted(found)[:MAX_DUP_CANDIDATES]

    # -- document frequencies ----------------------------------------------------------

    def _count(self, terms: frozenset[str]) -> None:
        terms = terms | {S.N_TERM}
        self.rarity.count(terms)
        self.df_delta.update(terms)

    # -- one article -------------------------------------------------------------------

    def _one(self, d: _Doc) -> None:
        self.counts.processed += 1
        if d.seen:  # a changed article keeps its first contribution to the frequencies
            self.counts.changed += 1
        else:
            self.counts.new += 1
            self._count(d.facts.df_terms)
        # 1. search index
        tokens = set(d.facts.title_words) | set(d.facts.text_words)
        self.rows["tokens"] += [(t, d.id) for t in tokens]
        # 2. story features
        feats = S.article_features(d.facts, self.rarity)
        self.date_from[d.id] = feats.date_from
        self.rows["corpus_articles"].append(
            {
                "article_id": d.id,
                "content_hash": d.content_hash,
                "date_from": feats.date_from,
                "date_to": feats.date_to,
                "features": dict(feats.terms),
                "processed_at": self.now,
            }
        )
        # 3. near-duplicates
        copy_of = self._dedup(d)
        # 4. stories
        current = self.story_of.get(d.id)
        if current is not None:
            self.touched[current].add(d.id)
            self.reread.add(current)  # its text or dates changed
            return
        if copy_of is not None:
            original, score = copy_of
            sid = self.story_of.get(original)
            if sid is not None:
                self._join(d.id, sid, score)
                return
        self._place(d.id, feats)

    def _dedup(self, d: _Doc) -> tuple[int, float] | None:
        """Link a copy to its group's original; returns (the article it repeats, score)."""
        if not d.fp.bands:
            return None
        found = {a for band in d.fp.bands for a in self.bands.get(band, ())}
        found.discard(d.id)
        for band in d.fp.bands:  # the batch's next articles find this one
            self.bands[band].append(d.id)
        self.rows["bands"] += [(b, h, d.id) for b, h in d.fp.bands]
        self.shingles[d.id] = d.fp.shingles
        if not found:
            return None
        cands = sorted(found)[:MAX_DUP_CANDIDATES]
        match = dedup.best_match(d.fp.shingles, [(i, self.shingles[i]) for i in cands])
        if match is None:
            return None
        other, score = match
        root = self.original.get(other) or other
        self.counts.duplicates += 1
        members = [(root, self.date_from.get(root)), (d.id, self.date_from[d.id])]
        if dedup.pick_original(members) == d.id:
            # the new article is the earlier one: the group now points to it
            self.conn.execute(
                update(duplicates).where(duplicates.c.original_id == root).values(original_id=d.id)
            )
            for a, o in self.original.items():
                if o == root:
                    self.original[a] = d.id
            for a, (o, s) in self.new_copies.items():
                if o == root:
                    self.new_copies[a] = (d.id, s)
            self._copy(root, d.id, score)
            if root in self.story_of:  # the story's original changed
                self.reread.add(self.story_of[root])
        else:
            self._copy(d.id, root, score)
        return root, score

    def _copy(self, copy: int, original: int, score: float) -> None:
        self.new_copies[copy] = (original, score)
        self.original[copy] = original

    def _place(self, id_: int, feats: S.Features) -> None:
        """Join the best story in the time window, or open a new one."""
        conn = self.conn
        best = None
        keys_ = S.key_terms(feats, self.rarity)
        within: dict[int, tuple[str, str]] = {}
        if feats.date_from is not None and feats.date_to is not None and keys_:
            start, end = date.fromisoformat(feats.date_from), date.fromisoformat(feats.date_to)
            w, span = timedelta(days=S.WINDOW_DAYS), timedelta(days=S.MAX_SPAN_DAYS)
            q = _candidates()
            params = {
                "keys": keys_,
                "lo": (start - w).isoformat(),
                "hi": (end + w).isoformat(),
                "first": (start - span).isoformat(),
                "last": (end + span).isoformat(),
            }
            within = {sid: (fd, ld) for sid, fd, ld in conn.execute(q, params)}
            self._load_stories(list(within))
            cands = [(sid, self._story(sid), dates) for sid, dates in within.items()]
            best = S.best_story(feats, cands, self.rarity)
        if best is not None:
            sid, score = best
            self.story_json[sid] = S.add_to_story(self.story_json[sid], feats)
            self.story_view.pop(sid, None)
            self.changed_features.add(sid)
            first, last = within[sid]
            if feats.date_from < first or feats.date_to > last:  # type: ignore[operator]
                conn.execute(
                    update(stories)
                    .where(stories.c.id == sid)
                    .values(
                        first_date=min(first, feats.date_from),  # type: ignore[type-var]
                        last_date=max(last, feats.date_to),  # type: ignore[type-var]
                    )
                )
            self._join(id_, sid, score)
            self._keys(sid, keys_)
            return
        story = S.add_to_story({}, feats)
        sid = conn.execute(
            insert(stories)
            .values(
                first_date=feats.date_from,
                last_date=feats.date_to,
                n_articles=1,
                features=story,
                updated_at=self.now,
            )
            .returning(stories.c.id)
        ).scalar_one()
        self.story_json[sid] = story
        self.counts.stories_opened += 1
        self._member(id_, sid, None)
        self._keys(sid, keys_)

    def _load_stories(self, sids: list[int]) -> None:
        """Features of the stories not read yet, and the frequencies of their terms."""
        missing = [s for s in sids if s not in self.story_json]
        if not missing:
            return
        q = select(stories.c.id, stories.c.features)
        loaded = dict(_select_in(self.conn, q, stories.c.id, missing))
        self._load_terms({t for f in loaded.values() for t in f.get("terms") or {}})
        self.story_json.update(loaded)

    def _story(self, sid: int) -> S.Candidate:
        if sid not in self.story_view:
            self.story_view[sid] = S.Candidate(self.story_json[sid], self.rarity)
        return self.story_view[sid]

    def _keys(self, sid: int, keys_: Sequence[str]) -> None:
        if keys_:
            stmt = self.insert(story_keys).on_conflict_do_nothing()
            self.conn.execute(stmt, [{"term": t, "story_id": sid} for t in keys_])

    def _join(self, id_: int, sid: int, score: float) -> None:
        self._member(id_, sid, round(score, 4))
        self.counts.stories_joined += 1

    def _member(self, id_: int, sid: int, score: float | None) -> None:
        self.rows["story_articles"].append(
            {"article_id": id_, "story_id": sid, "similarity": score}
        )
        self.story_of[id_] = sid
        self.touched[sid].add(id_)

    # -- writing ------------------------------------------------------------------------

    def _flush(self) -> None:
        conn, rows = self.conn, self.rows
        _write(conn, insert(corpus_articles), rows["corpus_articles"])
        # in index order: the B-tree pages are written one after another
        _append(conn, "search_tokens", "token, article_id", sorted(rows["tokens"]))
        _append(conn, "minhash_bands", "band, hash, article_id", sorted(rows["bands"]))
        copies = [
            {"article_id": a, "original_id": o, "similarity": s}
            for a, (o, s) in sorted(self.new_copies.items())
        ]
        _write(conn, insert(duplicates), copies)
        _write(conn, insert(story_articles), rows["story_articles"])
        for sid in sorted(self.changed_features):
            conn.execute(
                update(stories).where(stories.c.id == sid).values(features=self.story_json[sid])
            )
        _bulk(
            conn,
            "INSERT INTO term_df (term, df) VALUES (?, ?)"
            " ON CONFLICT (term) DO UPDATE SET df = term_df.df + excluded.df",
            sorted(self.df_delta.items()),
        )


def _refresh(
    conn: Connection,
    touched: dict[int, set[int]],
    reread: set[int],
    docs: dict[int, _Doc],
    now: datetime,
) -> None:
    """Dates and count of originals of the stories ``touched`` (story -> the articles placed
    in it now), from their articles; their title and summary again when the articles they are
    made from (the first originals) may have changed: one of them was placed now, or the
    story is in ``reread``."""
    if not touched:
        return
    q = (
        select(
            story_articles.c.story_id,
            articles.c.id,
            articles.c.title,
            corpus_articles.c.date_from,
            corpus_articles.c.date_to,
            duplicates.c.original_id,
        )
        .join(articles, story_articles.c.article_id == articles.c.id)
        .join(corpus_articles, corpus_articles.c.article_id == articles.c.id)
        .outerjoin(duplicates, duplicates.c.article_id == articles.c.id)
    )
    members: dict[int, list[Any]] = defaultdict(list)
    for r in _select_in(conn, q, story_articles.c.story_id, touched):
        members[r.story_id].append(r)
    changes: dict[int, dict[str, Any]] = {}
    leads: dict[int, list[int]] = {}
    for sid in sorted(touched):
        rows = members.get(sid)
        if not rows:
            conn.execute(delete(stories).where(stories.c.id == sid))
            continue
        originals = sorted(
            (r for r in rows if r.original_id is None),
            key=lambda r: (r.date_from is None, r.date_from or "", r.id),
        ) or sorted(rows, key=lambda r: r.id)
        froms = [r.date_from for r in rows if r.date_from]
        tos = [r.date_to for r in rows if r.date_to]
        changes[sid] = {
            "first_date": min(froms) if froms else None,
            "last_date": max(tos) if tos else None,
            "n_articles": len([r for r in rows if r.original_id is None]),
            "updated_at": now,
        }
        title = next((r.title for r in originals if r.title), None)
        if title is not None:
            changes[sid]["title"] = title
        lead = [r.id for r in originals[: S.SUMMARY_ARTICLES]]
        if sid in reread or touched[sid] & set(lead):
            leads[sid] = lead
            changes[sid]["title"] = title
    stored = {a for lead in leads.values() for a in lead if a not in docs}
    q = select(articles.c.id, articles.c.text)
    texts = dict(_select_in(conn, q, articles.c.id, stored)) | {i: d.text for i, d in docs.items()}
    for sid, lead in leads.items():
        summary = S.summarize([texts[a] for a in lead])
        if changes[sid]["title"] is None and summary:
            changes[sid]["title"] = summary[0][:120]
        changes[sid]["summary"] = " ".join(summary) or None
    by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for sid, values in changes.items():
        by_columns[tuple(sorted(values))].append(
            {"sid": sid, **{f"v_{k}": v for k, v in values.items()}}
        )
    for columns, rows_ in sorted(by_columns.items()):
        stmt = (
            update(stories)
            .where(stories.c.id == bindparam("sid"))
            .values({c: bindparam(f"v_{c}") for c in columns})
        )
        _write(conn, stmt, rows_)
