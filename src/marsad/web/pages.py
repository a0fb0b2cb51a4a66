"""The dashboard: server-rendered Arabic (right-to-left) pages over the same data as the API.

Templates autoescape everything. Article text reaches a page only as ``Piece`` texts, which
the template escapes; highlighting is the nesting of ``<span>`` elements around those pieces,
never HTML built from the text. Plots are plain plotly figure dicts, handed to the page as
JSON (``|tojson`` escapes ``<``, ``>`` and ``&``) and drawn by ``static/marsad.js``.
"""

from __future__ import annotations

import dataclasses
import html as htmlmod
import textwrap
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.exceptions import HTTPException as StarletteHTTPException

from marsad import corpus
from marsad.model import Article
from marsad.web import api
from marsad.web.api import FiltersDep, Limit, Offset, RowId, StoreDep

router = APIRouter(include_in_schema=False, dependencies=[Depends(api.no_nul)])

ENTITY_TYPES = {"PER": "شخص", "ORG": "منظمة", "LOC": "مكان"}
FONT = "DejaVu Sans, Noto Naskh Arabic, Tahoma, sans-serif"


def _t(value: Any) -> str:
    """Text for a plot: plotly reads a little HTML in labels and hover text, so escape it."""
    return htmlmod.escape(str(value), quote=False)


def _ts(values: Iterable[Any]) -> list[str]:
    return [_t(v) for v in values]


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("marsad.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["path"] = lambda v: quote(str(v), safe="")
    env.filters["http_url"] = lambda v: bool(v) and urlsplit(str(v)).scheme in ("http", "https")
    env.globals["ENTITY_TYPES"] = ENTITY_TYPES
    return env


def render_template(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)


def html(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(render_template(name, **context), status_code=status)


# -- highlighting ------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Mark:
    """One annotation as the page marks it; ``id`` ties its pieces to its side-list row."""

    id: str
    kind: str  # ent | quote | time | event | label
    cls: str
    title: str


@dataclasses.dataclass(frozen=True)
class Piece:
    """A run of text covered by the same marks, outermost first."""

    text: str
    marks: tuple[Mark, ...]


def marks(article: Article) -> list[tuple[int, int, Mark]]:
    """Every annotation of the article as (start, end, mark)."""
    out: list[tuple[int, int, Mark]] = []
    for i, ev in enumerate(article.events):
        who = " → ".join(x for x in (ev.source, ev.target) if x) or "؟"
        where = " · ".join(x for x in (ev.place, ev.date) if x)
        title = f"حدث {ev.type}: {who}" + (f" · {where}" if where else "")
        out.append((ev.start, ev.end, Mark(f"v{i}", "event", "event", title)))
    for i, q in enumerate(article.quotes):
        who = q.speaker or (f"مصدر: {q.anonymous}" if q.anonymous else "متحدث غير معروف")
        cls = "quote direct" if q.direct else "quote"
        out.append((q.start, q.end, Mark(f"q{i}", "quote", cls, f"{who} ({q.cue})")))
    for i, lb in enumerate(article.labels):
        title = f"توصيف ({lb.stance}): {lb.actor or '؟'}"
        out.append((lb.start, lb.end, Mark(f"l{i}", "label", f"label {lb.stance}", title)))
    for i, e in enumerate(article.entities):
        for m in e.mentions:
            title = f"{e.name} · {ENTITY_TYPES.get(e.type, e.type)}" + (
                f" · {m.role}" if m.role else ""
            )
            out.append((m.start, m.end, Mark(f"e{i}", "ent", f"ent ent-{e.type}", title)))
    for i, t in enumerate(article.times):
        title = f"{t.value or 'غير محدد'} ({t.kind})"
        out.append((t.start, t.end, Mark(f"t{i}", "time", "time", title)))
    return out


def pieces(text: str, spans: Iterable[tuple[int, int, Mark]]) -> list[Piece]:
    """Cut ``text`` at every span boundary; each piece lists the spans covering it.

    Overlapping spans need not nest: a span is simply repeated around each of its pieces.
    Outer (earlier-starting, then longer) spans come first, so the HTML nests properly.
    """
    n = len(text)
    spans = sorted(
        ((max(0, s), min(n, e), order, m) for order, (s, e, m) in enumerate(spans) if s < e),
        key=lambda x: (x[0], -x[1], x[2]),
    )
    bounds = sorted({0, n, *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    out: list[Piece] = []
    active: list[tuple[int, int, int, Mark]] = []
    nxt = 0
    for a, b in zip(bounds, bounds[1:], strict=False):
        active = [x for x in active if x[1] > a]
        while nxt < len(spans) and spans[nxt][0] <= a:
            active.append(spans[nxt])
            nxt += 1
        active.sort(key=lambda x: (x[0], -x[1], x[2]))
        out.append(Piece(text[a:b], tuple(x[3] for x in active)))
    return out


def marked(text: str, matches: Iterable[Sequence[int]]) -> list[Piece]:
    """A search snippet with its matched words as marked pieces."""
    hit = Mark("m", "match", "match", "")
    return pieces(text, ((s, e, hit) for s, e in matches))


def article_view(article: Article) -> dict[str, Any]:
    """What the article page shows: highlighted pieces and the side lists."""
    ids = {e.name: e.id for e in article.entities}
    return {
        "a": article,
        "pieces": pieces(article.text, marks(article)),
        "name_ids": ids,
        "roles": {e.id: sorted({m.role for m in e.mentions if m.role}) for e in article.entities},
    }


# -- plots -------------------------------------------------------------------------------


def _layout(**extra: Any) -> dict[str, Any]:
    return {
        "font": {"family": FONT, "size": 13},
        "margin": {"l": 60, "r": 30, "t": 30, "b": 60},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        **extra,
    }


HEAT = [[0, "#fff7ec"], [0.2, "#fdd49e"], [0.5, "#fc8d59"], [1, "#b30000"]]  # none = pale


def heatmap_figure(
    x: Sequence[str], y: Sequence[str], z: Sequence[Sequence[float]]
) -> dict[str, Any]:
    """Counts with a row per ``y`` and a column per ``x``."""
    return {
        "data": [
            {
                "type": "heatmap",
                "x": _ts(x),
                "y": _ts(y),
                "z": [list(r) for r in z],
                "colorscale": HEAT,
                "xgap": 1,
                "ygap": 1,
                "hovertemplate": "%{y} · %{x}: %{z}<extra></extra>",
            }
        ],
        "layout": _layout(
            xaxis={"automargin": True, "tickangle": -35},
            yaxis={"automargin": True},
            margin=_margins(x, y, angled=True),
            height=max(300, 34 * len(y) + 200),
        ),
    }


def _margins(x: Sequence[str], y: Sequence[str], *, angled: bool = False) -> dict[str, int]:
    """Room for category labels (plotly's automargin under-measures Arabic text)."""
    longest_y = max((len(str(v)) for v in y), default=0)
    longest_x = max((len(str(v)) for v in x), default=0)
    bottom = 40 + (int(longest_x * 5.5) if angled else 20)
    return {"l": min(320, 30 + 8 * longest_y), "r": 30, "t": 30, "b": min(220, bottom)}


def timeline_figure(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """One marker per dated event, a row per event type, the sentence on hover."""
    by_type: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for r in rows:
        if r.get("date"):
            by_type[str(r.get("type") or "?")].append(r)
    data = []
    for etype, rs in sorted(by_type.items()):
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": _t(etype),
                "x": [_day(r["date"]) for r in rs],
                "y": [_t(etype)] * len(rs),
                "text": [_event_hover(r) for r in rs],
                "hovertemplate": "%{x}<br>%{text}<extra></extra>",
                "marker": {"size": 11, "opacity": 0.75},
            }
        )
    return {
        "data": data,
        "layout": _layout(
            xaxis={"type": "date", "title": {"text": "التاريخ"}},
            yaxis={"automargin": True},
            margin=_margins([], list(by_type)),
            height=max(320, 34 * len(by_type) + 140),
            showlegend=False,
        ),
    }


def _day(value: str) -> str:
    """An ISO date, month or year as a day plotly can place (its first day)."""
    parts = str(value).split("-")
    return "-".join([*parts, *["01"] * (3 - len(parts))][:3])


def _event_hover(r: Mapping[str, Any]) -> str:
    who = " → ".join(str(x) for x in (r.get("source"), r.get("target")) if x)
    head = _t(" · ".join(str(b) for b in (who, r.get("place"), r.get("outlet")) if b))
    sentence = str(r.get("sentence") or "")
    return head + "<br>" + _wrap(sentence[:240] + ("…" if len(sentence) > 240 else ""))


def _wrap(text: str, width: int = 70) -> str:
    """Plotly hover text breaks lines only at ``<br>``; HTML in the text is escaped first."""
    return "<br>".join(_t(line) for line in textwrap.wrap(text, width))


def network_figure(graph: Any) -> dict[str, Any]:
    """Actors as nodes (sized by degree), who-did-what-to-whom as edges."""
    import networkx as nx

    if graph.number_of_nodes() == 0:
        return {"data": [], "layout": _layout(height=300)}
    pos = nx.spring_layout(graph, seed=7, k=1.2 / max(1, graph.number_of_nodes()) ** 0.5)
    ex: list[float | None] = []
    ey: list[float | None] = []
    mx, my, mtext = [], [], []
    for u, v, d in graph.edges(data=True):
        (x0, y0), (x1, y1) = pos[u], pos[v]
        ex += [float(x0), float(x1), None]
        ey += [float(y0), float(y1), None]
        mx.append(float(x0 + x1) / 2)
        my.append(float(y0 + y1) / 2)
        mtext.append(_t(f"{_node_name(graph, u)} → {_node_name(graph, v)}: {_edge_label(d)}"))
    nodes = list(graph.nodes)
    degree = dict(graph.degree)
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines",
                "x": ex,
                "y": ey,
                "line": {"width": 1, "color": "#9aa7b1"},
                "hoverinfo": "skip",
            },
            {
                "type": "scatter",
                "mode": "markers",
                "x": mx,
                "y": my,
                "text": mtext,
                "marker": {"size": 6, "color": "#9aa7b1", "opacity": 0.4},
                "hovertemplate": "%{text}<extra></extra>",
            },
            {
                "type": "scatter",
                "mode": "markers+text",
                "x": [float(pos[n][0]) for n in nodes],
                "y": [float(pos[n][1]) for n in nodes],
                "text": [_t(_node_name(graph, n)) for n in nodes],
                "customdata": [_actor_id(graph, n) or "" for n in nodes],
                "textposition": "top center",
                "marker": {
                    "size": [10 + 3 * min(degree[n], 10) for n in nodes],
                    "color": [_TYPE_COLOURS.get(graph.nodes[n].get("type"), "#777") for n in nodes],
                    "line": {"width": 1, "color": "#fff"},
                },
                "hovertemplate": "%{text}<extra></extra>",
            },
        ],
        "layout": _layout(
            showlegend=False,
            height=640,
            xaxis={"visible": False},
            yaxis={"visible": False},
            hovermode="closest",
        ),
    }


_TYPE_COLOURS = {"PER": "#c0392b", "ORG": "#2c6e8f", "LOC": "#3c8d40"}


def _node_name(graph: Any, node: Any) -> str:
    return str(graph.nodes[node].get("label") or node)


def _edge_label(d: Mapping[str, Any]) -> str:
    """``CONSULT:3;AGREE:1`` as ``CONSULT (3)، AGREE (1)``."""
    parts = [p.partition(":") for p in str(d.get("types") or "").split(";") if p]
    return "، ".join(f"{t} ({n})" for t, _, n in parts)


# -- pages -------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request,
    store: StoreDep,
    f: FiltersDep,
    q: Annotated[str, Query()] = "",
    limit: Limit = 20,
    offset: Offset = 0,
) -> HTMLResponse:
    q = q.strip()
    if q:
        total, items = api.run_search(store, q, f, limit, offset)
        for it in items:
            it["marked"] = marked(it["snippet"], it["matches"])
    else:
        total, items = api.article_page(store, f, limit, offset)
    more = offset + limit < total
    return html(
        "index.html",
        q=q,
        f=f,
        items=items,
        total=total,
        limit=limit,
        offset=offset,
        prev=str(request.url.include_query_params(offset=max(0, offset - limit)))
        if offset
        else None,
        next=str(request.url.include_query_params(offset=offset + limit)) if more else None,
        stats=api.stats(store),
        outlets=api.outlet_names(store),
        actors=api.actors(store, limit=200),
        event_types=api.event_types(store),
    )


@router.get("/article")
def article_by_key(store: StoreDep, key: Annotated[str, Query()]) -> Response:
    id_ = api.article_id(store, key)
    if id_ is None:
        raise HTTPException(404, "لا توجد مقالة بهذا المفتاح")
    return RedirectResponse(f"/articles/{id_}", status_code=303)


@router.get("/articles/{id_}", response_class=HTMLResponse)
def article_page(store: StoreDep, id_: RowId) -> HTMLResponse:
    article = api.article_by_id(store, id_)
    if article is None:
        raise HTTPException(404, "لا توجد مقالة بهذا الرقم")
    return html(
        "article.html", id=id_, story=api.article_story(store, id_), **article_view(article)
    )


@router.get("/actors", response_class=HTMLResponse)
def actors_page(
    request: Request,
    store: StoreDep,
    q: Annotated[str, Query()] = "",
    type: Annotated[str, Query()] = "",
    limit: Limit = 100,
    offset: Offset = 0,
) -> HTMLResponse:
    items = api.actors(store, q=q or None, type=type or None, limit=limit + 1, offset=offset)
    return html(
        "actors.html",
        q=q,
        type=type,
        items=items[:limit],
        offset=offset,
        next=str(request.url.include_query_params(offset=offset + limit))
        if len(items) > limit
        else None,
    )


@router.get("/actors/{actor_id:path}", response_class=HTMLResponse)
def actor_page(store: StoreDep, actor_id: str) -> HTMLResponse:
    actor = corpus.get_actor(store, actor_id)
    if actor is None:
        raise HTTPException(404, "لا يوجد فاعل بهذا المعرّف")
    actor = jsonable_encoder(actor)
    total, arts = api.article_page(store, api.Filters(actor=actor_id), limit=100, offset=0)
    return html(
        "actor.html",
        actor=actor,
        articles=arts,
        n_articles=total,
        events=jsonable_encoder(corpus.timeline(store, actor=actor_id)),
        **actor_plots(actor),
    )


def actor_plots(actor: Mapping[str, Any]) -> dict[str, Any]:
    """Quotes per month (stacked by outlet) and the labels each outlet gives the actor."""
    per = actor["quotes_over_time"]
    months = sorted({r["month"] or "؟" for r in per})
    by_outlet: dict[str, Counter[str]] = defaultdict(Counter)
    for r in per:
        by_outlet[r["outlet"] or "؟"][r["month"] or "؟"] += r["quotes"]
    quotes_fig = {
        "data": [
            {"type": "bar", "name": _t(o), "x": months, "y": [c[m] for m in months]}
            for o, c in sorted(by_outlet.items())
        ],
        "layout": _layout(barmode="stack", height=320, xaxis={"type": "category"}),
    }
    labels = actor["labels_by_outlet"]
    outlets = sorted(labels)
    names = sorted({n for o in outlets for n in labels[o]})
    return {
        "quotes_fig": quotes_fig if per else None,
        "labels_fig": heatmap_figure(
            outlets, names, [[labels[o].get(n, 0) for o in outlets] for n in names]
        )
        if names
        else None,
    }


@router.get("/stories", response_class=HTMLResponse)
def stories_page(
    request: Request, store: StoreDep, limit: Limit = 50, offset: Offset = 0
) -> HTMLResponse:
    items = corpus.list_stories(store, limit=limit + 1, offset=offset)
    return html(
        "stories.html",
        items=jsonable_encoder(items[:limit]),
        offset=offset,
        next=str(request.url.include_query_params(offset=offset + limit))
        if len(items) > limit
        else None,
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(store: StoreDep, story_id: RowId) -> HTMLResponse:
    story = corpus.get_story(store, story_id)
    if story is None:
        raise HTTPException(404, "لا توجد قصة بهذا المعرّف")
    story = jsonable_encoder(story)
    ids = api.article_ids(store, [a["key"] for a in story["articles"]])
    return html("story.html", story=story, ids=ids, left_out=left_out(story["framing"]))


def left_out(framing: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, list[Any]]]:
    """Per outlet of a story: the events, speakers and labelled actors other outlets of the
    story report and it does not."""

    def keys(o: str) -> dict[str, set[Any]]:
        f = framing[o]
        return {
            "events": {(e["type"], e["source"], e["target"]) for e in f["events"]},
            "speakers": {sp["speaker"] for sp in f["speakers"] if sp["speaker"]},
            "labels": {lb["actor"] for lb in f["labels"]},
        }

    have = {o: keys(o) for o in framing}
    out: dict[str, dict[str, list[Any]]] = {}
    for o in framing:
        others = [have[x] for x in framing if x != o]
        out[o] = {
            kind: sorted(set().union(*(h[kind] for h in others)) - have[o][kind], key=str)
            for kind in ("events", "speakers", "labels")
        }
    return out


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(store: StoreDep, f: FiltersDep) -> HTMLResponse:
    rows = jsonable_encoder(corpus.timeline(store, **f.given()))
    return html(
        "timeline.html",
        f=f,
        rows=rows,
        fig=timeline_figure(rows),
        outlets=api.outlet_names(store),
        actors=api.actors(store, limit=200),
        event_types=api.event_types(store),
    )


@router.get("/network", response_class=HTMLResponse)
def network_page(store: StoreDep) -> HTMLResponse:
    graph = corpus.actor_network(store)
    edges = [
        {
            "source": _node_name(graph, u),
            "target": _node_name(graph, v),
            "source_id": _actor_id(graph, u),
            "target_id": _actor_id(graph, v),
            "types": _edge_label(d),
            "weight": d.get("weight", 0),
        }
        for u, v, d in sorted(graph.edges(data=True), key=lambda e: -e[2].get("weight", 0))
    ]
    return html(
        "network.html", fig=network_figure(graph), edges=edges, n_nodes=graph.number_of_nodes()
    )


def _actor_id(graph: Any, node: Any) -> str | None:
    """The node's actor id, when it is a stored actor (not a bare name from an event)."""
    return str(node) if graph.nodes[node].get("type") else None


@router.get("/labels", response_class=HTMLResponse)
def labels_page(
    store: StoreDep,
    outlet: Annotated[str, Query()] = "",
    actor: Annotated[str, Query()] = "",
) -> HTMLResponse:
    matrix = jsonable_encoder(corpus.label_matrix(store))
    rows = jsonable_encoder(corpus.outlet_labels(store, outlet=outlet or None, actor=actor or None))
    return html(
        "labels.html",
        fig=matrix_figure(matrix),
        rows=rows,
        outlet=outlet,
        actor=actor,
        outlets=api.outlet_names(store),
    )


def matrix_figure(matrix: Mapping[str, Any]) -> dict[str, Any] | None:
    """The outlet × actor label heatmap of ``corpus.label_matrix``: a row per outlet."""
    if not matrix.get("outlets") or not matrix.get("actors"):
        return None
    return heatmap_figure(matrix["actors"], matrix["outlets"], matrix["counts"])


@router.get("/outlets", response_class=HTMLResponse)
def outlets_page(store: StoreDep) -> HTMLResponse:
    share = jsonable_encoder(corpus.quote_share(store))
    return html(
        "outlets.html",
        outlets=jsonable_encoder(corpus.list_outlets(store)),
        share=share,
        share_fig=share_figure(share),
    )


def share_figure(share: Sequence[Mapping[str, Any]], top: int = 12) -> dict[str, Any] | None:
    """Stacked bars: per outlet, the share of its quotes each speaker got (the ``top`` most
    quoted speakers by name, the rest together)."""
    if not share:
        return None
    totals: Counter[str] = Counter()
    for r in share:
        totals[_speaker(r)] += r["quotes"]
    kept = [s for s, _ in totals.most_common(top)]
    outlets = sorted({r["outlet"] for r in share})
    values: dict[str, Counter[str]] = defaultdict(Counter)
    for r in share:
        who = _speaker(r) if _speaker(r) in kept else "آخرون"
        values[who][r["outlet"]] += r["share"]
    data = [
        {
            "type": "bar",
            "name": _t(who),
            "x": _ts(outlets),
            "y": [round(values[who][o], 4) for o in outlets],
            "hovertemplate": "%{fullData.name}: %{y:.0%}<extra>%{x}</extra>",
        }
        for who in [*kept, "آخرون"]
        if who in values
    ]
    layout = _layout(
        barmode="stack", height=460, yaxis={"tickformat": ".0%"}, legend={"traceorder": "normal"}
    )
    return {"data": data, "layout": layout}


def _speaker(r: Mapping[str, Any]) -> str:
    return str(r.get("speaker") or "مصادر غير مسماة")


# -- errors ------------------------------------------------------------------------------


def install_error_pages(app: FastAPI) -> None:
    """HTML errors for pages; the API keeps FastAPI's JSON errors."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api") or request.url.path == "/openapi.json":
            return JSONResponse(
                {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
            )
        return html(
            "error.html", status=exc.status_code, status_code=exc.status_code, detail=exc.detail
        )
