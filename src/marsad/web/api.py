"""The HTTP JSON API under ``/api``: everything the dashboard shows, as JSON.

Reading is open; writing (``POST``) needs ``Authorization: Bearer <token>`` and is off when the
app was created without a token. Lists page with ``limit``/``offset`` and give a ``next`` link
while more remain; ``/api/export.jsonl`` streams the whole store without a cap. Every value a
client sends reaches SQL as a bound parameter (SQLAlchemy Core), never as SQL text.

The data functions here (``article_page``, ``article_json``, ``stats``...) are shared with the
HTML pages and the static report, so a page never shows what the API cannot give.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from sqlalchemy import and_, exists, func, or_, select

from marsad import corpus
from marsad.corpus.common import story_of
from marsad.export import article_to_output
from marsad.model import Article, RawDocument
from marsad.pipeline import Resources, load_resources, process
from marsad.search import search
from marsad.settings import Settings
from marsad.store import Store
from marsad.store.schema import articles, events, labels, mentions, quotes, times

MAX_LIMIT = 500  # per page of a list; the export stream has no cap

router = APIRouter(prefix="/api", tags=["api"])

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, description="Items to skip.")]
Since = Annotated[str | None, Query(description="ISO date, inclusive (2020-07-01).")]
Until = Annotated[str | None, Query(description="ISO date or prefix, inclusive (2020-07).")]


@dataclasses.dataclass(frozen=True)
class Filters:
    """What a list of articles, a search or a timeline can be narrowed to."""

    outlet: str | None = None
    actor: str | None = None  # an actor id (entities.id)
    since: str | None = None
    until: str | None = None
    event_type: str | None = None

    def given(self) -> dict[str, str]:
        return {k: v for k, v in dataclasses.asdict(self).items() if v}


def filters(
    outlet: Annotated[str | None, Query(description="Outlet name, exactly.")] = None,
    actor: Annotated[str | None, Query(description="Actor id (Wikidata or marsad id).")] = None,
    since: Since = None,
    until: Until = None,
    event_type: Annotated[str | None, Query(description="PLOVER event type.")] = None,
) -> Filters:
    # an empty form field means "any"
    return Filters(outlet or None, actor or None, since or None, until or None, event_type or None)


def get_store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]
FiltersDep = Annotated[Filters, Depends(filters)]


def require_token(request: Request) -> None:
    """Writing needs the app's bearer token; with no token configured, writing is off."""
    expected: str | None = request.app.state.token
    if not expected:
        raise HTTPException(403, "writing is disabled: start the server with --token")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(401, "missing or wrong bearer token", {"WWW-Authenticate": "Bearer"})


# -- data functions, shared with the pages and the report --------------------------------


def page(
    request: Request, items: list[Any], limit: int, offset: int, *, total: int | None = None
) -> dict[str, Any]:
    """A page of a list; ``items`` may hold one extra item, which only says more remain."""
    more = offset + limit < total if total is not None else len(items) > limit
    nxt = request.url.include_query_params(limit=limit, offset=offset + limit) if more else None
    return {
        "total": total,
        "limit": limit,
        "offset": offset,
        "next": str(nxt) if nxt else None,
        "items": jsonable_encoder(items[:limit]),
    }


def _where(f: Filters) -> list[Any]:
    where: list[Any] = []
    if f.outlet:
        where.append(articles.c.outlet == f.outlet)
    if f.since:
        where.append(articles.c.published >= f.since)
    if f.until:
        where.append(
            or_(
                articles.c.published <= f.until,
                articles.c.published.startswith(f.until, autoescape=True),
            )
        )
    if f.actor:
        where.append(
            exists().where(
                and_(mentions.c.article_id == articles.c.id, mentions.c.entity_id == f.actor)
            )
        )
    if f.event_type:
        where.append(
            exists().where(
                and_(events.c.article_id == articles.c.id, events.c.type == f.event_type)
            )
        )
    return where


def _count_of(table: Any) -> Any:
    return (
        select(func.count())
        .where(table.c.article_id == articles.c.id)
        .scalar_subquery()
        .label(f"n_{table.name}")
    )


def article_page(store: Store, f: Filters, limit: int, offset: int) -> tuple[int, list[dict]]:
    """(total, rows) of the articles matching ``f``, newest first, with annotation counts."""
    where = _where(f)
    cols = [
        articles.c.id,
        articles.c.key,
        articles.c.file,
        articles.c.idx.label("index"),
        articles.c.title,
        articles.c.outlet,
        articles.c.published,
        articles.c.dateline,
        func.substr(articles.c.text, 1, 200).label("lead"),
        story_of().label("story"),
        *(_count_of(t) for t in (times, mentions, quotes, events, labels)),
    ]
    order = (articles.c.published.is_(None), articles.c.published.desc(), articles.c.id)
    with store.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(articles).where(*where)).scalar_one()
        q = select(*cols).where(*where).order_by(*order).limit(limit).offset(offset)
        rows = [dict(r) for r in conn.execute(q).mappings()]
    return total, rows


def article_id(store: Store, key: str) -> int | None:
    with store.engine.connect() as conn:
        return conn.execute(select(articles.c.id).where(articles.c.key == key)).scalar()


def article_ids(store: Store, keys: list[str]) -> dict[str, int]:
    """The id of each stored key, for links."""
    if not keys:
        return {}
    with store.engine.connect() as conn:
        q = select(articles.c.key, articles.c.id).where(articles.c.key.in_(keys))
        return {k: i for k, i in conn.execute(q)}


def article_by_id(store: Store, id_: int) -> Article | None:
    with store.engine.connect() as conn:
        key = conn.execute(select(articles.c.key).where(articles.c.id == id_)).scalar()
    return store.get_article(key) if key is not None else None


def article_story(store: Store, id_: int) -> int | None:
    with store.engine.connect() as conn:
        return conn.execute(select(story_of()).where(articles.c.id == id_)).scalar()


def article_json(store: Store, article: Article, id_: int) -> dict[str, Any]:
    """Every field and annotation of an article (the full model, not only FORMAT.md's),
    with its id and its story."""
    return {
        "id": id_,
        "story": article_story(store, id_),
        **jsonable_encoder(dataclasses.asdict(article)),
    }


def stats(store: Store) -> dict[str, Any]:
    counts = store.count()
    with store.engine.connect() as conn:
        q = select(func.count(articles.c.outlet.distinct()), func.min(articles.c.published))
        n_outlets, first = conn.execute(q).one()
        last = conn.execute(select(func.max(articles.c.published))).scalar()
        types = conn.execute(
            select(events.c.type, func.count()).group_by(events.c.type).order_by(events.c.type)
        ).all()
    return {
        "counts": counts,
        "outlets": n_outlets,
        "first": first,
        "last": last,
        "event_types": {t: n for t, n in types},
        "backend": store.backend,
        "schema_version": store.schema_version,
    }


def event_types(store: Store) -> list[str]:
    with store.engine.connect() as conn:
        return list(
            conn.execute(select(events.c.type).distinct().order_by(events.c.type)).scalars()
        )


def outlet_names(store: Store) -> list[str]:
    """The outlets named by stored articles, for filter menus."""
    q = select(articles.c.outlet).distinct().where(articles.c.outlet.is_not(None))
    with store.engine.connect() as conn:
        return sorted(conn.execute(q).scalars())


def run_search(
    store: Store, q: str, f: Filters, limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    """(total, hits) of ``marsad.search`` with the filters; each hit carries its article id."""
    result = search(store, q, limit=limit, offset=offset, **f.given())
    hits = [jsonable_encoder(h) for h in result.hits]
    ids = article_ids(store, [h["key"] for h in hits if h.get("key")])
    for h in hits:
        h.setdefault("id", ids.get(h.get("key", "")))
    return result.total, hits


def network_json(store: Store) -> dict[str, Any]:
    import networkx as nx

    return jsonable_encoder(nx.node_link_data(corpus.actor_network(store), edges="edges"))


def iter_jsonl(store: Store, f: Filters) -> Iterator[str]:
    """The FORMAT.md system output of every matching article, one line each, page by page."""
    for a in store.iter_articles(outlet=f.outlet, since=f.since, until=f.until):
        yield json.dumps(article_to_output(a), ensure_ascii=False) + "\n"


# -- reading endpoints -------------------------------------------------------------------


@router.get("/stats", summary="What the store holds")
def get_stats(store: StoreDep) -> dict[str, Any]:
    return stats(store)


@router.get("/outlets", summary="Outlets with their article counts")
def get_outlets(store: StoreDep) -> list[Any]:
    return jsonable_encoder(corpus.list_outlets(store))


@router.get("/articles", summary="Articles, newest first, filtered and paged")
def get_articles(
    request: Request, store: StoreDep, f: FiltersDep, limit: Limit = 20, offset: Offset = 0
) -> dict[str, Any]:
    total, rows = article_page(store, f, limit, offset)
    return page(request, rows, limit, offset, total=total)


@router.get("/articles/by-key", summary="One article by its store key")
def get_article_by_key(store: StoreDep, key: Annotated[str, Query()]) -> dict[str, Any]:
    id_ = article_id(store, key)
    article = store.get_article(key) if id_ is not None else None
    if article is None or id_ is None:
        raise HTTPException(404, "no article with this key")
    return article_json(store, article, id_)


@router.get("/articles/{id_}", summary="One article with every annotation")
def get_article(store: StoreDep, id_: int) -> dict[str, Any]:
    article = article_by_id(store, id_)
    if article is None:
        raise HTTPException(404, f"no article {id_}")
    return article_json(store, article, id_)


@router.get("/search", summary="Arabic-aware full-text search")
def get_search(
    request: Request,
    store: StoreDep,
    f: FiltersDep,
    q: Annotated[str, Query(min_length=1, description="Words to find.")],
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    total, hits = run_search(store, q, f, limit, offset)
    return page(request, hits, limit, offset, total=total)


@router.get("/actors", summary="Actors, filtered by name and type, paged")
def get_actors(
    request: Request,
    store: StoreDep,
    q: Annotated[str | None, Query(description="Part of a name or alias.")] = None,
    type: Annotated[str | None, Query(description="PER, ORG or LOC.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    items = corpus.list_actors(
        store, q=q or None, type=type or None, limit=limit + 1, offset=offset
    )
    return page(request, list(items), limit, offset)


@router.get("/actors/{actor_id:path}", summary="One actor: names, roles, quotes, labels")
def get_actor(store: StoreDep, actor_id: str) -> dict[str, Any]:
    actor = corpus.get_actor(store, actor_id)
    if actor is None:
        raise HTTPException(404, "no such actor")
    return jsonable_encoder(actor)


@router.get("/stories", summary="Stories: articles clustered across outlets, paged")
def get_stories(
    request: Request, store: StoreDep, limit: Limit = 20, offset: Offset = 0
) -> dict[str, Any]:
    items = corpus.list_stories(store, limit=limit + 1, offset=offset)
    return page(request, list(items), limit, offset)


@router.get("/stories/{story_id}", summary="One story, outlet by outlet")
def get_story(store: StoreDep, story_id: int) -> dict[str, Any]:
    story = corpus.get_story(store, story_id)
    if story is None:
        raise HTTPException(404, "no such story")
    return jsonable_encoder(story)


@router.get("/labels", summary="Outlet × actor counts of loaded labels")
def get_label_matrix(store: StoreDep) -> dict[str, Any]:
    return jsonable_encoder(corpus.label_matrix(store))


@router.get("/labels/list", summary="The labels outlets attach to actors")
def get_outlet_labels(
    store: StoreDep,
    outlet: Annotated[str | None, Query()] = None,
    actor: Annotated[str | None, Query()] = None,
) -> list[Any]:
    return jsonable_encoder(corpus.outlet_labels(store, outlet=outlet or None, actor=actor or None))


@router.get("/quotes/share", summary="Who gets quoted, per outlet")
def get_quote_share(store: StoreDep, outlet: Annotated[str | None, Query()] = None) -> list[Any]:
    return jsonable_encoder(corpus.quote_share(store, outlet=outlet or None))


@router.get("/timeline", summary="Events in date order")
def get_timeline(store: StoreDep, f: FiltersDep) -> list[Any]:
    return jsonable_encoder(corpus.timeline(store, **f.given()))


@router.get("/network", summary="Who meets, calls, attacks whom (node-link JSON)")
def get_network(store: StoreDep) -> dict[str, Any]:
    return network_json(store)


@router.get(
    "/export.jsonl",
    summary="Every article as FORMAT.md JSONL, streamed",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/x-ndjson": {}}}},
)
def export_jsonl(store: StoreDep, f: FiltersDep) -> StreamingResponse:
    return StreamingResponse(iter_jsonl(store, f), media_type="application/x-ndjson")


# -- writing endpoints (bearer token) ----------------------------------------------------


class NewArticle(BaseModel):
    """Raw text to read, clean, annotate and store, as a text file would be."""

    text: str = Field(min_length=1, max_length=2_000_000)
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    date: str | None = Field(None, description="Publication date as the source gives it.")


_resources_lock = threading.Lock()


def _resources(request: Request) -> Resources:
    """The pipeline's resources, loaded once per app on the first ingest."""
    with _resources_lock:
        if request.app.state.resources is None:
            request.app.state.resources = load_resources(request.app.state.settings)
        return request.app.state.resources


@router.post(
    "/articles",
    summary="Ingest an article's text (needs the bearer token)",
    status_code=201,
    dependencies=[Depends(require_token)],
)
def post_article(
    request: Request, store: StoreDep, new: Annotated[NewArticle, Body()]
) -> dict[str, Any]:
    digest = hashlib.sha256(new.text.encode("utf-8")).hexdigest()[:16]
    raw = RawDocument(
        source=f"<api:{digest}>",
        record=0,
        text=new.text,
        fmt="txt",
        encoding="utf-8",
        title=new.title,
        url=new.url,
        date=new.date,
        outlet=new.outlet,
    )
    settings: Settings = request.app.state.settings
    found = process(raw, _resources(request), settings)
    counts = store.upsert_articles(found)
    ids = article_ids(store, [a.key for a in found])
    return {
        "inserted": counts.inserted,
        "updated": counts.updated,
        "unchanged": counts.unchanged,
        "articles": [{"id": ids.get(a.key), "key": a.key, "title": a.title} for a in found],
    }


@router.post(
    "/corpus/update",
    summary="Bring stories, duplicates and framing up to date (needs the bearer token)",
    dependencies=[Depends(require_token)],
)
def post_corpus_update(store: StoreDep) -> dict[str, Any]:
    return jsonable_encoder(corpus.update_corpus(store))
