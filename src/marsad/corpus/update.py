"""``update_corpus``: the incremental corpus step, run after articles are stored.

Only articles the corpus steps have not seen, or whose content hash changed since, are
processed, in order of publication, in write transactions of ``BATCH`` articles:

1. search index: the article's word keys (``search_tokens``);
2. story features and the document frequencies they are weighted by (``term_df``);
3. near-duplicates: MinHash band lookups, exact check, link to the group's original;
4. stories: a copy joins its original's story; any other article joins the best story in
   its time window or opens one; an article keeps the story it was given;
5. the stories touched get their dates, counts, title and summary again.

Running it again with nothing new writes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, func, insert, or_, select, text, tuple_, update

from marsad.corpus import dedup
from marsad.corpus import stories as S
from marsad.corpus.terms import content_keys, keys
from marsad.model import Article
from marsad.store import Store
from marsad.store.schema import (
    articles,
    corpus_articles,
    duplicates,
    minhash_bands,
    search_tokens,
    stories,
    story_articles,
    story_keys,
    term_df,
)

BATCH = 500
_PG_LOCK = 0x6D61_7273_6164_0002  # one corpus update at a time on PostgreSQL
_IN = 500


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
    while True:
        with store.transaction() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
            pending = _pending(conn, batch)
            if not pending:
                break
            _Batch(store, conn, counts).run(pending)
    with store.engine.connect() as conn:
        n_stories = conn.execute(select(func.count()).select_from(stories)).scalar_one()
    return counts.as_dict() | {"stories": n_stories}


def _pending(conn: Connection, limit: int) -> list[tuple[int, bool]]:
    """(article id, seen before) of the articles to process next, earliest published first."""
    ca = corpus_articles
    q = (
        select(articles.c.id, ca.c.article_id.is_not(None))
        .select_from(articles.outerjoin(ca, ca.c.article_id == articles.c.id))
        .where(or_(ca.c.article_id.is_(None), ca.c.content_hash != articles.c.content_hash))
        .order_by(articles.c.published.is_(None), articles.c.published, articles.c.id)
        .limit(limit)
    )
    return [(id_, bool(seen)) for id_, seen in conn.execute(q)]


def _chunks(seq: Sequence[Any], n: int = _IN) -> list[Sequence[Any]]:
    return [seq[i : i + n] for i in range(0, len(seq), n)]


class _Batch:
    """One transaction's worth of articles, processed one after another."""

    def __init__(self, store: Store, conn: Connection, counts: _Counts) -> None:
        self.store, self.conn, self.counts = store, conn, counts
        self.insert = store._insert
        self.df: dict[str, int] = {}
        self.df_delta: Counter[str] = Counter()
        self.touched: set[int] = set()
        self.now = datetime.now(UTC)
        self.shingle_cache: dict[int, frozenset[str]] = {}

    def run(self, pending: Sequence[tuple[int, bool]]) -> None:
        arts = self.store.load_articles(self.conn, [i for i, _ in pending])
        self._load_df(arts.values())
        for id_, seen in pending:
            self._one(id_, arts[id_], seen)
        self._write_df()
        for sid in sorted(self.touched):
            refresh_story(self.conn, sid, self.now)

    # -- document frequencies ----------------------------------------------------------

    def _load_df(self, arts: Sequence[Article] | Any) -> None:
        wanted = {S.N_TERM}
        for a in arts:
            wanted.update(_df_terms(a))
        self._load_terms(wanted)

    def _load_terms(self, wanted: set[str]) -> None:
        """Read the frequencies of ``wanted`` terms (0 for a term never counted)."""
        for t in wanted:
            self.df.setdefault(t, 0)
        for chunk in _chunks(sorted(wanted)):
            q = select(term_df.c.term, term_df.c.df).where(term_df.c.term.in_(chunk))
            self.df.update({t: n for t, n in self.conn.execute(q)})

    def _count(self, terms: set[str]) -> None:
        for t in terms | {S.N_TERM}:
            self.df[t] = self.df.get(t, 0) + 1
            self.df_delta[t] += 1

    def _write_df(self) -> None:
        if not self.df_delta:
            return
        stmt = self.insert(term_df)
        stmt = stmt.on_conflict_do_update(
            index_elements=["term"], set_={"df": term_df.c.df + stmt.excluded.df}
        )
        rows = [{"term": t, "df": n} for t, n in sorted(self.df_delta.items())]
        for chunk in _chunks(rows, 1000):
            self.conn.execute(stmt, list(chunk))

    # -- one article -------------------------------------------------------------------

    def _one(self, id_: int, a: Article, seen: bool) -> None:
        conn = self.conn
        self.counts.processed += 1
        if seen:  # changed: its index rows and copy link are made again; its story stays
            self.counts.changed += 1
            for t in (search_tokens, minhash_bands, duplicates):
                conn.execute(delete(t).where(t.c.article_id == id_))
            conn.execute(delete(corpus_articles).where(corpus_articles.c.article_id == id_))
        else:  # a changed article keeps its first contribution to the frequencies
            self.counts.new += 1
            self._count(_df_terms(a))
        # 1. search index
        tokens = sorted(set(keys(a.title or "")) | set(keys(a.text)))
        if tokens:
            conn.execute(insert(search_tokens), [{"token": t, "article_id": id_} for t in tokens])
        # 2. story features
        feats = S.article_features(a, self.df, self.df.get(S.N_TERM, 0))
        conn.execute(
            insert(corpus_articles).values(
                article_id=id_,
                content_hash=a.content_hash,
                date_from=feats.date_from,
                date_to=feats.date_to,
                features=dict(feats.terms),
                processed_at=self.now,
            )
        )
        # 3. near-duplicates
        copy_of = self._dedup(id_, a, feats.date_from)
        # 4. stories
        current = conn.execute(
            select(story_articles.c.story_id).where(story_articles.c.article_id == id_)
        ).scalar()
        if current is not None:
            self.touched.add(current)
            return
        if copy_of is not None:
            original, score = copy_of
            sid = conn.execute(
                select(story_articles.c.story_id).where(story_articles.c.article_id == original)
            ).scalar()
            if sid is not None:
                self._join(id_, sid, score)
                return
        self._place(id_, feats)

    def _dedup(self, id_: int, a: Article, date_from: str | None) -> tuple[int, float] | None:
        """Link a copy to its group's original; returns (the article it repeats, score)."""
        conn = self.conn
        fp = dedup.fingerprint(a.text)
        if not fp.bands:
            return None
        q = (
            select(minhash_bands.c.article_id)
            .where(tuple_(minhash_bands.c.band, minhash_bands.c.hash).in_(list(fp.bands)))
            .where(minhash_bands.c.article_id != id_)
            .distinct()
        )
        cand_ids = sorted(conn.execute(q).scalars())
        conn.execute(
            insert(minhash_bands),
            [{"article_id": id_, "band": b, "hash": h} for b, h in fp.bands],
        )
        if not cand_ids:
            return None
        texts = conn.execute(
            select(articles.c.id, articles.c.text).where(articles.c.id.in_(cand_ids[:200]))
        ).all()
        match = dedup.best_match(fp.shingles, [(i, self._shingles(i, t)) for i, t in texts])
        if match is None:
            return None
        other, score = match
        root = (
            conn.execute(
                select(duplicates.c.original_id).where(duplicates.c.article_id == other)
            ).scalar()
            or other
        )
        root_from = conn.execute(
            select(corpus_articles.c.date_from).where(corpus_articles.c.article_id == root)
        ).scalar()
        self.counts.duplicates += 1
        if dedup.pick_original([(root, root_from), (id_, date_from)]) == id_:
            # the new article is the earlier one: the group now points to it
            conn.execute(
                update(duplicates).where(duplicates.c.original_id == root).values(original_id=id_)
            )
            conn.execute(
                insert(duplicates).values(article_id=root, original_id=id_, similarity=score)
            )
        else:
            conn.execute(
                insert(duplicates).values(article_id=id_, original_id=root, similarity=score)
            )
        return root, score

    def _shingles(self, id_: int, text_: str) -> frozenset[str]:
        if id_ not in self.shingle_cache:
            self.shingle_cache[id_] = dedup.shingles(text_)
        return self.shingle_cache[id_]

    def _place(self, id_: int, feats: S.Features) -> None:
        """Join the best story in the time window, or open a new one."""
        conn = self.conn
        best = None
        n_docs = self.df.get(S.N_TERM, 0)
        keys = S.key_terms(feats, self.df, n_docs)
        if feats.date_from is not None and feats.date_to is not None and keys:
            w = timedelta(days=S.WINDOW_DAYS)
            lo = (date.fromisoformat(feats.date_from) - w).isoformat()
            hi = (date.fromisoformat(feats.date_to) + w).isoformat()
            shared = func.count().label("shared")
            near = (
                select(story_keys.c.story_id, shared)
                .join(stories, stories.c.id == story_keys.c.story_id)
                .where(
                    story_keys.c.term.in_(keys),
                    stories.c.last_date >= lo,
                    stories.c.first_date <= hi,
                )
                .group_by(story_keys.c.story_id)
                .order_by(shared.desc(), story_keys.c.story_id)
                .limit(S.MAX_CANDIDATES)
                .subquery()
            )
            q = select(
                stories.c.id, stories.c.features, stories.c.first_date, stories.c.last_date
            ).join(near, near.c.story_id == stories.c.id)
            cands = [(sid, f, (fd, ld)) for sid, f, fd, ld in conn.execute(q)]
            self._load_terms({t for _, f, _ in cands for t in f["terms"]} - self.df.keys())
            best = S.best_story(feats, cands, self.df, n_docs)
        if best is not None:
            sid, score = best
            old = conn.execute(select(stories.c.features).where(stories.c.id == sid)).scalar_one()
            conn.execute(
                update(stories)
                .where(stories.c.id == sid)
                .values(
                    features=S.add_to_story(old, feats),
                    first_date=func.min(stories.c.first_date, feats.date_from)
                    if conn.dialect.name == "sqlite"
                    else func.least(stories.c.first_date, feats.date_from),
                    last_date=func.max(stories.c.last_date, feats.date_to)
                    if conn.dialect.name == "sqlite"
                    else func.greatest(stories.c.last_date, feats.date_to),
                )
            )
            self._join(id_, sid, score)
            self._keys(sid, keys)
            return
        sid = conn.execute(
            insert(stories)
            .values(
                first_date=feats.date_from,
                last_date=feats.date_to,
                n_articles=1,
                features=S.add_to_story({}, feats),
                updated_at=self.now,
            )
            .returning(stories.c.id)
        ).scalar_one()
        self.counts.stories_opened += 1
        conn.execute(insert(story_articles).values(article_id=id_, story_id=sid, similarity=None))
        self._keys(sid, keys)
        self.touched.add(sid)

    def _keys(self, sid: int, keys: Sequence[str]) -> None:
        if keys:
            stmt = self.insert(story_keys).on_conflict_do_nothing()
            self.conn.execute(stmt, [{"term": t, "story_id": sid} for t in keys])

    def _join(self, id_: int, sid: int, score: float) -> None:
        self.conn.execute(
            insert(story_articles).values(article_id=id_, story_id=sid, similarity=round(score, 4))
        )
        self.counts.stories_joined += 1
        self.touched.add(sid)


def _df_terms(a: Article) -> set[str]:
    """Every term an article adds to the document frequencies (all its content words)."""
    terms = {f"w:{w}" for w in content_keys(f"{a.title or ''}\n{a.text}")}
    terms.update(f"a:{e.id}" for e in a.entities if e.type in ("PER", "ORG"))
    terms.update(f"p:{e.id}" for e in a.entities if e.type == "LOC")
    for e in a.events:
        terms.add(f"e:{e.type}")
        terms.add(f"e:{e.type}|{e.source or ''}|{e.target or ''}")
    return terms


def refresh_story(conn: Connection, sid: int, now: datetime) -> None:
    """Dates, count of originals, title and summary of one story, from its articles."""
    q = (
        select(
            articles.c.id,
            articles.c.title,
            articles.c.text,
            corpus_articles.c.date_from,
            corpus_articles.c.date_to,
            duplicates.c.original_id,
        )
        .join(story_articles, story_articles.c.article_id == articles.c.id)
        .join(corpus_articles, corpus_articles.c.article_id == articles.c.id)
        .outerjoin(duplicates, duplicates.c.article_id == articles.c.id)
        .where(story_articles.c.story_id == sid)
    )
    rows = conn.execute(q).all()
    if not rows:
        conn.execute(delete(stories).where(stories.c.id == sid))
        return
    originals = sorted(
        (r for r in rows if r.original_id is None),
        key=lambda r: (r.date_from is None, r.date_from or "", r.id),
    ) or sorted(rows, key=lambda r: r.id)
    froms = [r.date_from for r in rows if r.date_from]
    tos = [r.date_to for r in rows if r.date_to]
    title = next((r.title for r in originals if r.title), None)
    summary = S.summarize([r.text for r in originals])
    if title is None and summary:
        title = summary[0][:120]
    conn.execute(
        update(stories)
        .where(stories.c.id == sid)
        .values(
            first_date=min(froms) if froms else None,
            last_date=max(tos) if tos else None,
            n_articles=len([r for r in rows if r.original_id is None]),
            title=title,
            summary=" ".join(summary) or None,
            updated_at=now,
        )
    )
