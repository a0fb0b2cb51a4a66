"""Exports for other tools: Parquet (articles with nested annotations), an ACLED-like CSV of
events, and the actor network as GEXF (Gephi) or GraphML.

``marsad.export`` writes FORMAT.md's JSONL and the per-article CSV; this module writes the
formats analysts load into pandas/R/DuckDB, spreadsheets and graph tools. Every writer takes
an iterable and streams it, so a whole store is exported in constant memory.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import networkx as nx
import pyarrow as pa
import pyarrow.parquet as pq

from marsad.model import Article, Event
from marsad.store import Store

EVENT_COLUMNS = (
    "date",
    "type",
    "actor1",
    "actor2",
    "place",
    "lat",
    "lon",
    "outlet",
    "sentence",
    "modality",
    "article",
)
ROW_GROUP = 500  # articles per Parquet row group

_span = [("start", pa.int32()), ("end", pa.int32())]
_s = pa.string()


def _list_of(*fields: tuple[str, pa.DataType]) -> pa.DataType:
    return pa.list_(pa.struct([pa.field(n, t) for n, t in fields]))


ARTICLE_SCHEMA = pa.schema(
    [
        ("key", _s),
        ("file", _s),
        ("index", pa.int32()),
        ("title", _s),
        ("outlet", _s),
        ("published", _s),
        ("published_how", _s),
        ("dateline", _s),
        ("agencies", pa.list_(_s)),
        ("url", _s),
        ("text", _s),
        (
            "entities",
            _list_of(
                ("id", _s),
                ("name", _s),
                ("type", _s),
                ("subtype", _s),
                ("wikidata", _s),
                ("lat", pa.float64()),
                ("lon", pa.float64()),
                ("country", _s),
                ("mentions", _list_of(*_span, ("text", _s), ("role", _s))),
            ),
        ),
        (
            "quotes",
            _list_of(
                *_span,
                ("text", _s),
                ("cue", _s),
                ("direct", pa.bool_()),
                ("speaker", _s),
                ("speaker_id", _s),
                ("anonymous", _s),
            ),
        ),
        ("times", _list_of(*_span, ("text", _s), ("value", _s), ("kind", _s))),
        (
            "events",
            _list_of(
                *_span,
                ("type", _s),
                ("source", _s),
                ("target", _s),
                ("place", _s),
                ("date", _s),
                ("trigger", _s),
                ("modality", _s),
            ),
        ),
        ("labels", _list_of(*_span, ("actor", _s), ("label", _s), ("stance", _s))),
    ]
)


def _fields_of(value: object, names: Iterable[str]) -> dict[str, Any]:
    return {n: getattr(value, n) for n in names}


def article_record(a: Article) -> dict[str, Any]:
    """One Parquet row: the article and its annotations as nested lists of structs."""

    def struct_names(column: str) -> list[str]:
        return [f.name for f in ARTICLE_SCHEMA.field(column).type.value_type]

    return {
        "key": a.key,
        "file": a.file,
        "index": a.index,
        "title": a.title,
        "outlet": a.outlet,
        "published": a.published,
        "published_how": a.published_how,
        "dateline": a.dateline,
        "agencies": list(a.agencies),
        "url": a.url,
        "text": a.text,
        "entities": [
            {
                **_fields_of(e, struct_names("entities")[:-1]),
                "mentions": [_fields_of(m, ("start", "end", "text", "role")) for m in e.mentions],
            }
            for e in a.entities
        ],
        **{
            column: [_fields_of(x, struct_names(column)) for x in getattr(a, column)]
            for column in ("quotes", "times", "events", "labels")
        },
    }


def write_parquet(articles: Iterable[Article], out: Path) -> int:
    """All articles to one Parquet file, ``ROW_GROUP`` articles at a time; returns the count."""
    n = 0
    with pq.ParquetWriter(out, ARTICLE_SCHEMA, compression="zstd") as writer:
        for group in _groups(articles, ROW_GROUP):
            rows = [article_record(a) for a in group]
            writer.write_table(pa.Table.from_pylist(rows, schema=ARTICLE_SCHEMA))
            n += len(rows)
    return n


def _groups(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    group: list[Article] = []
    for item in items:
        group.append(item)
        if len(group) == size:
            yield group
            group = []
    if group:
        yield group


def event_rows(a: Article) -> Iterator[dict[str, Any]]:
    """The article's events as ACLED-like rows; the place is geocoded from its own entities."""
    places = {e.name: e for e in a.entities if e.type == "LOC" and e.lat is not None}
    for ev in a.events:
        place = places.get(ev.place or "")
        yield {
            "date": ev.date or a.published,
            "type": ev.type,
            "actor1": ev.source,
            "actor2": ev.target,
            "place": ev.place,
            "lat": place.lat if place else None,
            "lon": place.lon if place else None,
            "outlet": a.outlet,
            "sentence": sentence(a, ev),
            "modality": ev.modality,
            "article": a.key,
        }


def sentence(a: Article, ev: Event) -> str:
    return " ".join(a.text[ev.start : ev.end].split())


def write_events_csv(articles: Iterable[Article], fh: IO[str]) -> int:
    """One row per event (``EVENT_COLUMNS``); open ``fh`` with ``newline=""``. Returns rows."""
    writer = csv.DictWriter(fh, fieldnames=EVENT_COLUMNS)
    writer.writeheader()
    n = 0
    for a in articles:
        for row in event_rows(a):
            writer.writerow({k: "" if v is None else v for k, v in row.items()})
            n += 1
    return n


def graph_for_file(graph: nx.Graph) -> nx.Graph:
    """A copy whose attributes GEXF/GraphML can hold: scalars kept, None dropped, lists and
    mappings as JSON text."""
    out = graph.__class__()
    out.graph.update(_scalars(graph.graph))
    out.add_nodes_from((str(n), _scalars(d)) for n, d in graph.nodes(data=True))
    out.add_edges_from((str(u), str(v), _scalars(d)) for u, v, d in graph.edges(data=True))
    return out


def _scalars(attrs: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in attrs.items():
        if v is None:
            continue
        if isinstance(v, str | int | float | bool):
            out[str(k)] = v
        else:
            out[str(k)] = json.dumps(_plain(v), ensure_ascii=False, sort_keys=True, default=str)
    return out


def _plain(v: Any) -> Any:
    if isinstance(v, set | frozenset):
        return sorted(v, key=str)
    if isinstance(v, Mapping):
        return {str(k): _plain(x) for k, x in v.items()}
    return v


def write_gexf(graph: nx.Graph, out: Path) -> None:
    nx.write_gexf(graph_for_file(graph), out)


def write_graphml(graph: nx.Graph, out: Path) -> None:
    nx.write_graphml(graph_for_file(graph), out)


def export_file(store: Store, fmt: str, out: Path) -> None:
    """The store's articles as Parquet, or its actor network as GEXF or GraphML, into ``out``."""
    if fmt == "parquet":
        write_parquet(store.iter_articles(), out)
        return
    from marsad.corpus import actor_network

    graph = actor_network(store)
    {"gexf": write_gexf, "graphml": write_graphml}[fmt](graph, out)
