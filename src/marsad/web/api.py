"""The HTTP JSON API under ``/api``: everything the dashboard shows, as JSON.

Reading is open; writing (``POST``) needs ``Authorization: Bearer <token>`` and is off when the
app was created without a token. Lists page with ``limit``/``offset`` and give a ``next`` link
while more remain; ``/api/export.jsonl`` streams the whole store without a cap. Every value a
client sends reaches SQL as a bound parameter (SQLAlchemy Core), never as SQL text.

The data functions here (``article_page``, ``article_json``, ``stats``...) are shared with the
HTML pages and the static report, so a page never shows what the API cannot give.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from functools import cache, partial
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException, Path, Query, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse
from fastapi.security import HTTPBearer
from pydantic import BaseModel, Field, TypeAdapter
from sqlalchemy import Connection, and_, exists, func, or_, select

from marsad import corpus, errors
from marsad.corpus.common import story_of
from marsad.corpus.queries import memoized
from marsad.export import article_to_output
from marsad.model import Article, RawDocument
from marsad.pipeline import Resources, load_resources, process
from marsad.search import search
from marsad.settings import Settings
from marsad.store import Store
from marsad.store.schema import articles, events, labels, mentions, quotes, times

MAX_LIMIT = 500  # per page of a list; the export stream has no cap
MAX_INT = 2**31 - 1  # ids are INTEGER columns on PostgreSQL: larger numbers are a client error


# PostgreSQL text cannot hold NUL, nor be compared with it: every text a client gives is
# documented with this pattern, and no_nul turns a NUL into a 422 before any query runs
NO_NUL = r"^[^\x00]*$"
NUL_MESSAGE = "holds a NUL character (%00), which no stored text has: remove it"


def no_nul(request: Request) -> None:
    """Refuse a NUL character in the path or a query parameter: no stored text has one, and
    PostgreSQL cannot even compare with it (a 500 otherwise). Shared with the pages."""
    given = [(["path"], request.url.path)]
    given += [(["query", k], f"{k}={v}") for k, v in request.query_params.multi_items()]
    bad = [
        {"type": "value_error", "loc": loc, "msg": NUL_MESSAGE, "input": text}
        for loc, text in given
        if "\x00" in text
    ]
    if bad:
        raise RequestValidationError(bad)


router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(no_nul)])

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=MAX_INT, description="Items to skip.")]
RowId = Annotated[int, Path(ge=1, le=MAX_INT, description="The id the lists give.")]
Since = Annotated[
    str | None, Query(pattern=NO_NUL, description="ISO date, inclusive (2020-07-01).")
]
Until = Annotated[
    str | None, Query(pattern=NO_NUL, description="ISO date or prefix, inclusive (2020-07).")
]


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
    outlet: Annotated[
        str | None, Query(pattern=NO_NUL, description="Outlet name, exactly.")
    ] = None,
    actor: Annotated[
        str | None, Query(pattern=NO_NUL, description="Actor id (Wikidata or marsad id).")
    ] = None,
    since: Since = None,
    until: Until = None,
    event_type: Annotated[
        str | None, Query(pattern=NO_NUL, description="PLOVER event type.")
    ] = None,
) -> Filters:
    # an empty form field means "any"
    return Filters(outlet or None, actor or None, since or None, until or None, event_type or None)


def get_store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]
FiltersDep = Annotated[Filters, Depends(filters)]


class Problem(BaseModel):
    """What an error answer carries."""

    detail: str


class CodedProblem(BaseModel):
    """A coded error (``marsad.errors``): what was wrong with the input and what to do."""

    detail: str = Field(description="The whole message: code, title, input, reason and fix.")
    code: str = Field(description="The marsad error code, e.g. E111.")
    reason: str
    fix: str


class InvalidField(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class InvalidRequest(BaseModel):
    """FastAPI's answer to a request its schema refuses."""

    detail: list[InvalidField]


def coded(problem: errors.Problem) -> dict[str, str]:
    """The body of a coded error answer."""
    return {
        "detail": str(problem),
        "code": problem.code,
        "reason": problem.reason,
        "fix": errors.FIXES.get(problem.code, ""),
    }


NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": Problem, "description": "Not found"}}
WRITE_REFUSED: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "Missing or wrong bearer token"},
    403: {"model": Problem, "description": "Writing is off: the server has no token"},
}

# documents the scheme in OpenAPI; require_token does the checking and answers 401 or 403
bearer = HTTPBearer(auto_error=False, description="The token given to `marsad serve --token`.")


def require_token(request: Request, _: Annotated[Any, Depends(bearer)]) -> None:
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
    """A page of a list; ``items`` may hold one extra item, which only says more remain.

    The items go out as they are: FastAPI serialises an endpoint's answer itself (pydantic),
    and ``jsonable_encoder`` here took as long again as the database on a page of articles.
    """
    more = offset + limit < total if total is not None else len(items) > limit
    nxt = request.url.include_query_params(limit=limit, offset=offset + limit) if more else None
    return {
        "total": total,
        "limit": limit,
        "offset": offset,
        "next": str(nxt) if nxt else None,
        "items": items[:limit],
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
    """(total, rows) of the articles matching ``f``, newest first (undated ones last), with
    annotation counts.

    Dated and undated articles are read apart, and the page's ids are picked from the
    ``published`` index alone before any row is read, so a page reads its 20 rows instead of
    sorting every matching article (or every article of the newest day).
    """
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
    dated, undated = articles.c.published.is_not(None), articles.c.published.is_(None)
    with store.engine.connect() as conn:
        counts = select(func.count(), func.count(articles.c.published)).where(*where)
        total, n_dated = conn.execute(counts).one()
        rows: list[dict] = []
        if offset < n_dated:
            newest = (articles.c.published.desc(), articles.c.id)
            ids = select(articles.c.id).where(*where, dated).order_by(*newest)
            q = select(*cols).where(articles.c.id.in_(ids.limit(limit).offset(offset)))
            rows = [dict(r) for r in conn.execute(q.order_by(*newest)).mappings()]
        if len(rows) < limit and offset + len(rows) < total:
            q = select(*cols).where(*where, undated).order_by(articles.c.id)
            q = q.limit(limit - len(rows)).offset(max(0, offset - n_dated))
            rows += [dict(r) for r in conn.execute(q).mappings()]
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


@cache
def _article_adapter() -> TypeAdapter[Article]:
    return TypeAdapter(Article)


def article_json(store: Store, article: Article, id_: int) -> dict[str, Any]:
    """Every field and annotation of an article (the full model, not only FORMAT.md's),
    with its id and its story. (pydantic's serialiser gives what ``jsonable_encoder(asdict())``
    gave, 25 times faster.)"""
    return {
        "id": id_,
        "story": article_story(store, id_),
        **_article_adapter().dump_python(article, mode="json"),
    }


def stats(store: Store) -> dict[str, Any]:
    """What the store holds: rows per table, outlets, first and last date, events per type
    (counted once per change of the store, not per call)."""
    return copy.deepcopy(memoized(store, "stats", partial(_stats, store)))


def _stats(store: Store, conn: Connection) -> dict[str, Any]:
    counts = store.count()
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


def actors(
    store: Store,
    q: str | None = None,
    type: str | None = None,  # noqa: A002 - the API's name for it
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Actors by the number of original articles naming them: ``corpus.list_actors``."""
    return corpus.list_actors(store, q=q, type=type, limit=limit, offset=offset)


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


@router.get("/articles/by-key", summary="One article by its store key", responses=NOT_FOUND)
def get_article_by_key(
    store: StoreDep, key: Annotated[str, Query(pattern=NO_NUL)]
) -> dict[str, Any]:
    id_ = article_id(store, key)
    article = store.get_article(key) if id_ is not None else None
    if article is None or id_ is None:
        raise HTTPException(404, "no article with this key")
    return article_json(store, article, id_)


@router.get("/articles/{id_}", summary="One article with every annotation", responses=NOT_FOUND)
def get_article(store: StoreDep, id_: RowId) -> dict[str, Any]:
    article = article_by_id(store, id_)
    if article is None:
        raise HTTPException(404, f"no article {id_}")
    return article_json(store, article, id_)


@router.get("/search", summary="Arabic-aware full-text search")
def get_search(
    request: Request,
    store: StoreDep,
    f: FiltersDep,
    q: Annotated[str, Query(min_length=1, pattern=NO_NUL, description="Words to find.")],
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    total, hits = run_search(store, q, f, limit, offset)
    return page(request, hits, limit, offset, total=total)


@router.get("/actors", summary="Actors, filtered by name and type, paged")
def get_actors(
    request: Request,
    store: StoreDep,
    q: Annotated[str | None, Query(pattern=NO_NUL, description="Part of a name or alias.")] = None,
    type: Annotated[str | None, Query(pattern=NO_NUL, description="PER, ORG or LOC.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    items = actors(store, q=q or None, type=type or None, limit=limit + 1, offset=offset)
    return page(request, items, limit, offset)


@router.get(
    "/actors/{actor_id:path}",
    summary="One actor: names, roles, quotes, labels",
    responses=NOT_FOUND,
)
def get_actor(store: StoreDep, actor_id: Annotated[str, Path(pattern=NO_NUL)]) -> dict[str, Any]:
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


@router.get("/stories/{story_id}", summary="One story, outlet by outlet", responses=NOT_FOUND)
def get_story(store: StoreDep, story_id: RowId) -> dict[str, Any]:
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
    outlet: Annotated[str | None, Query(pattern=NO_NUL)] = None,
    actor: Annotated[str | None, Query(pattern=NO_NUL)] = None,
) -> list[Any]:
    return jsonable_encoder(corpus.outlet_labels(store, outlet=outlet or None, actor=actor or None))


@router.get("/quotes/share", summary="Who gets quoted, per outlet")
def get_quote_share(
    store: StoreDep, outlet: Annotated[str | None, Query(pattern=NO_NUL)] = None
) -> list[Any]:
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


Line = Annotated[str, Field(pattern=NO_NUL)]  # stored as it is given


class NewArticle(BaseModel):
    """Raw text to read, clean, annotate and store, as a text file would be."""

    text: str = Field(min_length=1, max_length=2_000_000)
    title: Line | None = None
    url: Line | None = None
    outlet: Line | None = None
    date: Line | None = Field(None, description="Publication date as the source gives it.")


NOTHING_TO_STORE: dict[int | str, dict[str, Any]] = {
    422: {
        "model": CodedProblem | InvalidRequest,
        "description": "The body breaks the schema, or its text cleans to nothing (E111: only "
        "whitespace, control characters or boilerplate lines); nothing is stored",
    }
}

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
    responses={400: {"model": Problem, "description": "The body is not UTF-8 JSON"}}
    | NOTHING_TO_STORE
    | WRITE_REFUSED,
)
def post_article(
    request: Request, response: Response, store: StoreDep, new: Annotated[NewArticle, Body()]
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
    if not found:  # an answer that says why, not a 201 that stored nothing
        response.status_code = 422
        reason = "the text is only whitespace, control characters or boilerplate lines"
        return coded(errors.Problem("E111", raw.source, reason))
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
    responses=WRITE_REFUSED,
)
def post_corpus_update(store: StoreDep) -> dict[str, Any]:
    return jsonable_encoder(corpus.update_corpus(store))
