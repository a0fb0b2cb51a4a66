"""Events over time across the corpus, and the merged timeline of one story.

An event is dated by its own resolved date, else by its article's publication date.
Near-duplicate articles are left out, so a syndicated event is listed once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, or_, select

from marsad.corpus.common import actor_name, date_between, example, original, story_of, texts
from marsad.store import Store
from marsad.store.schema import articles, events, story_articles


def _query() -> Any:
    when = func.coalesce(events.c.date, articles.c.published)
    return (
        select(
            when.label("when"),
            events.c.type,
            events.c.source,
            events.c.target,
            events.c.place,
            events.c.date,
            events.c.trigger,
            events.c.modality,
            events.c.start,
            events.c.end,
            articles.c.id.label("article_id"),
            articles.c.key,
            articles.c.file,
            articles.c.idx,
            articles.c.outlet,
            articles.c.published,
            story_of().label("story"),
        )
        .join(articles, articles.c.id == events.c.article_id)
        .where(original())
    ), when


def _rows(conn: Connection, q: Any) -> list[dict[str, Any]]:
    rows = conn.execute(q).mappings().all()
    body = texts(conn, [r["article_id"] for r in rows])
    out = []
    for r in rows:
        where = {
            "date": r["when"],
            "type": r["type"],
            "source": r["source"],
            "target": r["target"],
            "place": r["place"],
            "trigger": r["trigger"],
            "modality": r["modality"],
            "key": r["key"],
            "file": r["file"],
            "article": r["idx"],
            "outlet": r["outlet"],
            "published": r["published"],
            "story": r["story"],
        }
        out.append(example(body[r["article_id"]], r["start"], r["end"], where))
    return out


def timeline(
    store: Store,
    actor: str | None = None,
    outlet: str | None = None,
    event_type: str | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
) -> list[dict[str, Any]]:
    """Events in date order (undated last), each with its sentence, article and story;
    ``actor`` (entity id or name) as source or target, ``since``/``until`` ISO inclusive."""
    q, when = _query()
    with store.engine.connect() as conn:
        if actor is not None:
            name = actor_name(conn, actor)
            q = q.where(or_(events.c.source == name, events.c.target == name))
        if outlet is not None:
            q = q.where(articles.c.outlet == outlet)
        if event_type is not None:
            q = q.where(events.c.type == event_type)
        q = q.where(*date_between(when, since, until))
        q = q.order_by(when.is_(None), when, articles.c.id, events.c.seq)
        return _rows(conn, q)


def story_timeline(conn: Connection, story_id: int) -> list[dict[str, Any]]:
    """The events of a story's articles, merged: one entry per (date, type, source, target,
    place), with the outlets and articles that report it, in date order."""
    q, when = _query()
    q = q.join(story_articles, story_articles.c.article_id == articles.c.id).where(
        story_articles.c.story_id == story_id
    )
    q = q.order_by(when.is_(None), when, articles.c.id, events.c.seq)
    return merge_events(_rows(conn, q))


def merge_events(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per distinct happening (date, type, source, target, place): the first
    telling as the example, with every outlet and article that reports it."""
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    for r in rows:
        k = (r["date"], r["type"], r["source"], r["target"], r["place"])
        entry = merged.get(k)
        if entry is None:
            entry = merged[k] = {
                "date": r["date"],
                "type": r["type"],
                "source": r["source"],
                "target": r["target"],
                "place": r["place"],
                "sentence": r["sentence"],
                "outlets": [],
                "articles": [],
            }
        if r["outlet"] not in entry["outlets"]:
            entry["outlets"].append(r["outlet"])
        ref = {"key": r["key"], "file": r["file"], "article": r["article"]}
        if ref not in entry["articles"]:
            entry["articles"].append(ref)
    return list(merged.values())
