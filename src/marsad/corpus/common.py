"""What the corpus read functions share: the 'originals only' filter, actor and date
conditions, example sentences."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Connection, exists, or_, select

from marsad.corpus.terms import sentence_at
from marsad.store.schema import articles, duplicates, entities, story_articles

EXAMPLES = 3  # example sentences per row of a framing table


def original() -> ColumnElement[bool]:
    """Articles that are not a near-duplicate of another: each figure counts them once."""
    return ~exists().where(duplicates.c.article_id == articles.c.id)


def actor_name(conn: Connection, actor: str | None) -> str | None:
    """An actor given by entity id or by name -> the name annotations use."""
    if actor is None:
        return None
    name = conn.execute(select(entities.c.name).where(entities.c.id == actor)).scalar()
    return name or actor


def iso(d: str | date | None) -> str | None:
    return d.isoformat() if isinstance(d, date) else d


def date_between(
    column: Any, since: str | date | None, until: str | date | None
) -> list[ColumnElement[bool]]:
    """ISO dates, both ends inclusive; ``until="2020-07"`` takes all of July."""
    where = []
    if since is not None:
        where.append(column >= iso(since))
    if until is not None:
        u = iso(until)
        where.append(or_(column <= u, column.startswith(u)))
    return where


def texts(conn: Connection, ids: Sequence[int]) -> dict[int, str]:
    if not ids:
        return {}
    q = select(articles.c.id, articles.c.text).where(articles.c.id.in_(sorted(set(ids))))
    return {i: t for i, t in conn.execute(q)}


def example(text: str, start: int, end: int, where: Mapping[str, Any]) -> dict[str, Any]:
    """An annotation shown in its sentence: the sentence, and offsets into the article and
    into the sentence."""
    s, e = sentence_at(text, start, end)
    return {
        **where,
        "sentence": text[s:e],
        "start": start,
        "end": end,
        "sentence_start": s,
        "in_sentence": [start - s, end - s],
    }


def story_of() -> Any:
    """A scalar subquery: the story id of ``articles.c.id``."""
    return (
        select(story_articles.c.story_id)
        .where(story_articles.c.article_id == articles.c.id)
        .correlate(articles)
        .scalar_subquery()
    )
