"""Reading the corpus: stories, actors, outlets, and each article's story and original.

Plain dicts and lists, ready for JSON. Counts leave near-duplicates out; lists of outlets
keep the outlets that only re-published a copy.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, TypeVar, cast
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, func, select

from marsad.corpus.common import original
from marsad.corpus.framing import UNKNOWN_OUTLET, story_framing
from marsad.corpus.stories import WINDOW_DAYS
from marsad.corpus.timeline import story_timeline
from marsad.store import Store
from marsad.store.schema import (
    articles,
    duplicates,
    entities,
    labels,
    mentions,
    quotes,
    stories,
    story_articles,
)

_STORY_COLS = (
    stories.c.id,
    stories.c.title,
    stories.c.first_date,
    stories.c.last_date,
    stories.c.n_articles,
    stories.c.summary,
    stories.c.updated_at,
)


def _story_head(row: Any, outlets: list[str]) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "first": row.first_date,
        "last": row.last_date,
        "n_articles": row.n_articles,
        "outlets": outlets,
        "summary": row.summary,
        "updated_at": row.updated_at.isoformat() if row.updated_at else None,
    }


def list_stories(
    store: Store, limit: int = 20, offset: int = 0, min_articles: int = 1
) -> list[dict[str, Any]]:
    """Stories, most recent last report first (then most articles), with their outlets."""
    q = (
        select(*_STORY_COLS)
        .where(stories.c.n_articles >= min_articles)
        .order_by(
            stories.c.last_date.is_(None),
            stories.c.last_date.desc(),
            stories.c.n_articles.desc(),
            stories.c.id,
        )
        .limit(limit)
        .offset(offset)
    )
    with store.engine.connect() as conn:
        rows = conn.execute(q).all()
        ids = [r.id for r in rows]
        outlets: dict[int, list[str]] = defaultdict(list)
        if ids:
            oq = (
                select(story_articles.c.story_id, articles.c.outlet)
                .join(articles, articles.c.id == story_articles.c.article_id)
                .where(story_articles.c.story_id.in_(ids))
                .distinct()
                .order_by(story_articles.c.story_id, articles.c.outlet)
            )
            for sid, o in conn.execute(oq):
                outlets[sid].append(o or UNKNOWN_OUTLET)
    return [_story_head(r, outlets[r.id]) for r in rows]


def get_story(store: Store, story_id: int) -> dict[str, Any] | None:
    """One story: its articles (copies marked), outlets, the outlets active around it that
    did not cover it, first and last report, merged timeline, summary, per-outlet framing."""
    with store.engine.connect() as conn:
        row = conn.execute(select(*_STORY_COLS).where(stories.c.id == story_id)).first()
        if row is None:
            return None
        q = (
            select(
                articles.c.id,
                articles.c.key,
                articles.c.file,
                articles.c.idx,
                articles.c.title,
                articles.c.outlet,
                articles.c.published,
                story_articles.c.similarity,
                duplicates.c.original_id,
            )
            .join(story_articles, story_articles.c.article_id == articles.c.id)
            .outerjoin(duplicates, duplicates.c.article_id == articles.c.id)
            .where(story_articles.c.story_id == story_id)
            .order_by(articles.c.published.is_(None), articles.c.published, articles.c.id)
        )
        members = conn.execute(q).all()
        key_of = {m.id: m.key for m in members}
        outlets = sorted({m.outlet or UNKNOWN_OUTLET for m in members})
        missing: list[str] = []
        if row.first_date and row.last_date:
            w = timedelta(days=WINDOW_DAYS)
            lo = (date.fromisoformat(row.first_date) - w).isoformat()
            hi = (date.fromisoformat(row.last_date) + w).isoformat()
            active = select(articles.c.outlet).where(
                articles.c.outlet.is_not(None),
                articles.c.published >= lo,
                articles.c.published <= hi,
            )
            missing = sorted(set(conn.execute(active.distinct()).scalars()) - set(outlets))
        story = _story_head(row, outlets) | {
            "articles": [
                {
                    "key": m.key,
                    "file": m.file,
                    "article": m.idx,
                    "title": m.title,
                    "outlet": m.outlet,
                    "published": m.published,
                    "similarity": m.similarity,
                    "duplicate_of": key_of.get(m.original_id, m.original_id)
                    if m.original_id
                    else None,
                }
                for m in members
            ],
            "missing_outlets": missing,
            "timeline": story_timeline(conn, story_id),
            "framing": story_framing(conn, story_id),
        }
    return story


def corpus_links(store: Store) -> dict[str, dict[str, Any]]:
    """Per article key: its ``story`` id and ``duplicate_of`` ({file, article} of the
    original, or None) — what FORMAT.md's system output carries."""
    orig = articles.alias("orig")
    q = (
        select(
            articles.c.key,
            story_articles.c.story_id,
            orig.c.file,
            orig.c.idx,
        )
        .select_from(articles)
        .outerjoin(story_articles, story_articles.c.article_id == articles.c.id)
        .outerjoin(duplicates, duplicates.c.article_id == articles.c.id)
        .outerjoin(orig, orig.c.id == duplicates.c.original_id)
    )
    with store.engine.connect() as conn:
        return {
            key: {
                "story": sid,
                "duplicate_of": {"file": f, "article": i} if f is not None else None,
            }
            for key, sid, f, i in conn.execute(q)
        }


# -- actors and outlets -------------------------------------------------------------------


def store_version(conn: Connection) -> tuple[Any, ...]:
    """A value that changes whenever what the corpus read functions count changes.

    Writers only add articles (a new id, a larger count) or update them (a new
    ``updated_at``; annotations and actors are replaced along with their article), and the
    corpus step rewrites the near-duplicate rows of the articles it processes, so the
    articles' count, last id and last update with the set of duplicate ids say it all. Each
    part is an index read: 2.5 ms together on 6,195 articles (SQLite).
    """
    parts = (func.count(), func.max(articles.c.id), func.max(articles.c.updated_at))
    version = tuple(conn.execute(select(p).select_from(articles)).scalar() for p in parts)
    copies = conn.execute(select(duplicates.c.article_id).order_by(duplicates.c.article_id))
    return (*version, tuple(copies.scalars()))


T = TypeVar("T")
_memo: WeakKeyDictionary[Store, dict[str, tuple[tuple[Any, ...], Any]]] = WeakKeyDictionary()
_memo_lock = threading.Lock()


def memoized(store: Store, name: str, compute: Callable[[Connection], T]) -> T:
    """``compute(conn)``, computed again only when ``store_version`` has changed: for
    figures that aggregate the whole store, which every page and API call would otherwise
    recompute."""
    with store.engine.connect() as conn:
        version = store_version(conn)
        with _memo_lock:
            known = _memo.setdefault(store, {}).get(name)
        if known is not None and known[0] == version:
            return cast(T, known[1])
        value = compute(conn)
    with _memo_lock:
        _memo[store][name] = (version, value)
    return value


def list_actors(
    store: Store,
    q: str | None = None,
    type: str | None = None,  # noqa: A002 - the API's name for it
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Actors by number of articles naming them (copies not counted); ``q`` is a part of
    the canonical name, ``type`` PER, ORG or LOC.

    The ranking (``Store.actor_ranking``, from the counts the store keeps) is kept
    (``memoized``) until the store changes; a page is then a slice of it.
    """
    ranking = memoized(store, "actor_ranking", store.actor_ranking)
    if type:
        ranking = [r for r in ranking if r["type"] == type]
    if q:  # LIKE, as each backend has it (SQLite's ignores the case of Latin letters)
        sel = select(entities.c.id).where(entities.c.name.contains(q, autoescape=True))
        with store.engine.connect() as conn:
            named = set(conn.execute(sel).scalars())
        ranking = [r for r in ranking if r["id"] in named]
    return [dict(r) for r in ranking[offset : offset + limit]]


def get_actor(store: Store, actor_id: str) -> dict[str, Any] | None:
    """One actor: the names it is given (with counts), roles, mentions and articles,
    quotes per month, and the labels each outlet attaches to it."""
    with store.engine.connect() as conn:
        ent = conn.execute(select(entities).where(entities.c.id == actor_id)).mappings().first()
        if ent is None:
            return None
        mq = (
            select(mentions.c.text, mentions.c.role, mentions.c.article_id)
            .join(articles, articles.c.id == mentions.c.article_id)
            .where(mentions.c.entity_id == actor_id, original())
        )
        names: Counter[str] = Counter()
        roles: Counter[str] = Counter()
        arts: set[int] = set()
        n_mentions = 0
        for t, role, aid in conn.execute(mq):
            names[t] += 1
            n_mentions += 1
            arts.add(aid)
            if role:
                roles[role] += 1
        month = func.substr(articles.c.published, 1, 7)
        qq = (
            select(month.label("month"), articles.c.outlet, func.count().label("n"))
            .join(articles, articles.c.id == quotes.c.article_id)
            .where(quotes.c.speaker_id == actor_id, original())
            .group_by(month, articles.c.outlet)
            .order_by(month, articles.c.outlet)
        )
        quotes_over_time = [{"month": m, "outlet": o, "quotes": n} for m, o, n in conn.execute(qq)]
        lq = (
            select(articles.c.outlet, labels.c.label, func.count().label("n"))
            .join(articles, articles.c.id == labels.c.article_id)
            .where(labels.c.actor == ent["name"], original())
            .group_by(articles.c.outlet, labels.c.label)
        )
        by_outlet: dict[str, Counter[str]] = defaultdict(Counter)
        for o, lb, n in conn.execute(lq):
            by_outlet[o or UNKNOWN_OUTLET][lb] += n
    return {
        **dict(ent),
        "names": [{"text": t, "count": n} for t, n in names.most_common()],
        "roles": [{"role": r, "count": n} for r, n in roles.most_common()],
        "mentions": n_mentions,
        "articles": len(arts),
        "quotes_over_time": quotes_over_time,
        "labels_by_outlet": {o: dict(c.most_common()) for o, c in sorted(by_outlet.items())},
    }


def list_outlets(store: Store) -> list[dict[str, Any]]:
    """Outlets with their articles (originals), copies, stories and first/last date."""
    q = (
        select(
            articles.c.outlet,
            func.count().label("total"),
            func.count(duplicates.c.article_id).label("copies"),
            func.count(func.distinct(story_articles.c.story_id)).label("stories"),
            func.min(articles.c.published).label("first"),
            func.max(articles.c.published).label("last"),
        )
        .outerjoin(duplicates, duplicates.c.article_id == articles.c.id)
        .outerjoin(story_articles, story_articles.c.article_id == articles.c.id)
        .group_by(articles.c.outlet)
        .order_by(func.count().desc(), articles.c.outlet)
    )
    with store.engine.connect() as conn:
        rows = conn.execute(q).all()
    return [
        {
            "outlet": r.outlet or UNKNOWN_OUTLET,
            "articles": r.total - r.copies,
            "copies": r.copies,
            "stories": r.stories,
            "first": r.first,
            "last": r.last,
        }
        for r in rows
    ]
