"""Arabic-aware full-text search over the stored articles.

The corpus step indexes every article's title and body as word keys (``search_tokens``:
one row per distinct key per article, primary key (token, article_id)); a query goes
through the same ``word_key`` (letters folded, proclitics و ف ب ل ك ال لل stripped), so
``حفتر`` finds ``لحفتر`` and ``وحفتر``, and ``الجزائر`` finds ``والجزائر``. The words of a query
are ANDed: each is an index lookup, and the article ids are intersected in SQL. Hits come
most recent first, with a snippet around the first match; every value is a bound parameter.
The page is chosen on ids and dates alone, then only its rows are read (a common word
matches most of the corpus: sorting whole rows with their texts would cost seconds).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, intersect, or_, select

from marsad.corpus.common import actor_name, date_between, story_of
from marsad.corpus.terms import iter_words, query_keys
from marsad.store import Store
from marsad.store.schema import articles, entities, events, mentions, search_tokens

SNIPPET_CHARS = 80  # on each side of the first match
_HIT_COLUMNS = ("id", "key", "file", "idx", "title", "outlet", "published", "text")
MAX_LIMIT = 500


@dataclass(frozen=True)
class Hit:
    key: str
    file: str
    index: int
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str
    matches: tuple[tuple[int, int], ...]  # offsets into ``snippet`` of the matched words
    story: int | None
    start: int  # offset of ``snippet`` in the article text


@dataclass(frozen=True)
class SearchResult:
    total: int
    hits: tuple[Hit, ...] = field(default=())
    query: tuple[str, ...] = ()  # the keys searched for


def search(
    store: Store,
    query: str,
    *,
    outlet: str | None = None,
    actor: str | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
    event_type: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchResult:
    """Articles holding every word of ``query`` (see the module docstring), filtered by
    outlet, actor (entity id or name, mentioned in the article), publication date
    (``since``/``until`` ISO, inclusive) and event type; ``total`` counts all matches."""
    keys = query_keys(query)
    if not keys:
        return SearchResult(0, (), ())
    limit = max(0, min(limit, MAX_LIMIT))
    lookups = [select(search_tokens.c.article_id).where(search_tokens.c.token == k) for k in keys]
    ids = lookups[0] if len(lookups) == 1 else intersect(*lookups)
    matched = ids.subquery()
    where: list[Any] = [articles.c.id.in_(select(matched.c.article_id))]
    with store.engine.connect() as conn:
        if outlet is not None:
            where.append(articles.c.outlet == outlet)
        if actor is not None:
            where.append(_mentions(conn, actor))
        if event_type is not None:
            where.append(
                articles.c.id.in_(select(events.c.article_id).where(events.c.type == event_type))
            )
        where += date_between(articles.c.published, since, until)
        if len(where) == 1:  # the words alone: every indexed article is stored
            count = select(func.count()).select_from(matched)
        else:
            count = select(func.count()).select_from(articles).where(*where)
        total = conn.execute(count).scalar_one()
        # the page as ids first, so only the page's rows (and texts) are read
        page = (
            conn.execute(
                select(articles.c.id)
                .where(*where)
                .order_by(
                    articles.c.published.is_(None), articles.c.published.desc(), articles.c.id
                )
                .limit(limit)
                .offset(offset)
            )
            .scalars()
            .all()
        )
        found = {
            r.id: r
            for r in conn.execute(
                select(*[articles.c[c] for c in _HIT_COLUMNS], story_of().label("story")).where(
                    articles.c.id.in_(page)
                )
            )
        }
        rows = [found[i] for i in page]
    hits = tuple(
        Hit(
            key=r.key,
            file=r.file,
            index=r.idx,
            title=r.title,
            outlet=r.outlet,
            published=r.published,
            story=r.story,
            **snippet(r.text, set(keys), r.title),
        )
        for r in rows
    )
    return SearchResult(total, hits, tuple(keys))


def _mentions(conn: Any, actor: str) -> Any:
    """Articles that mention the actor (entity id, or a canonical name)."""
    ids = select(entities.c.id).where(
        or_(entities.c.id == actor, entities.c.name == actor_name(conn, actor))
    )
    return articles.c.id.in_(select(mentions.c.article_id).where(mentions.c.entity_id.in_(ids)))


_SPACES = re.compile(r"\s+")


def snippet(text: str, keys: set[str], title: str | None = None) -> dict[str, Any]:
    """The text around the first word whose key is searched for, with the offsets of every
    matched word inside it (the title when only the title matches)."""
    found = [(s, e) for s, e, k in iter_words(text) if k in keys]
    if not found:
        source = title or text[: 2 * SNIPPET_CHARS]
        return {
            "snippet": source,
            "matches": tuple((s, e) for s, e, k in iter_words(source) if k in keys),
            "start": 0,
        }
    lo = max(0, found[0][0] - SNIPPET_CHARS)
    hi = min(len(text), found[0][1] + SNIPPET_CHARS)
    while lo > 0 and not text[lo - 1].isspace():  # whole words only
        lo += 1
        if lo >= found[0][0]:
            lo = found[0][0]
            break
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    return {
        "snippet": text[lo:hi],
        "matches": tuple((s - lo, e - lo) for s, e in found if lo <= s and e <= hi),
        "start": lo,
    }
