"""The actor network: who does what to whom, as a networkx graph (GEXF, GraphML).

Nodes are actors (entity id, with name, type, wikidata); a directed edge source -> target
carries the number of events between them (``weight``), one count per event type (``CONSULT``,
``ASSAULT``...) and ``types`` ("CONSULT:3;AGREE:1"). With ``cooccurrence=True``, actors named
in the same article are also joined, both ways, by ``cooccur`` (articles). Near-duplicate
articles are left out. Events name actors by their canonical name; a name no stored entity
has becomes a node of type null.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

import networkx as nx
from sqlalchemy import select

from marsad.corpus.common import original
from marsad.store import Store
from marsad.store.schema import articles, entities, events, mentions


def actor_network(store: Store, cooccurrence: bool = False) -> nx.DiGraph:
    """The directed actor graph of the corpus (see the module docstring)."""
    g = nx.DiGraph()
    with store.engine.connect() as conn:
        ents = conn.execute(
            select(entities.c.id, entities.c.name, entities.c.type, entities.c.wikidata)
        ).all()
        by_name: dict[str, str] = {}
        for eid, name, _typ, _wd in sorted(ents, key=lambda e: (e.wikidata is None, e.id)):
            by_name.setdefault(name, eid)
        info = {e.id: e for e in ents}
        q = (
            select(events.c.type, events.c.source, events.c.target)
            .join(articles, articles.c.id == events.c.article_id)
            .where(original(), events.c.source.is_not(None), events.c.target.is_not(None))
        )
        pairs: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for typ, src, tgt in conn.execute(q):
            s, t = by_name.get(src, src), by_name.get(tgt, tgt)
            if s != t:
                pairs[(s, t)][typ] += 1
        co: Counter[tuple[str, str]] = Counter()
        if cooccurrence:
            q2 = (
                select(mentions.c.article_id, mentions.c.entity_id)
                .join(articles, articles.c.id == mentions.c.article_id)
                .where(original())
                .distinct()
                .order_by(mentions.c.article_id, mentions.c.entity_id)
            )
            per_article: dict[int, list[str]] = defaultdict(list)
            for aid, eid in conn.execute(q2):
                per_article[aid].append(eid)
            for ids in per_article.values():
                co.update(combinations(sorted(ids), 2))
    nodes = {n for pair in pairs for n in pair} | {n for pair in co for n in pair}
    for n in sorted(nodes):
        e = info.get(n)
        g.add_node(
            n,
            label=e.name if e else n,
            type=e.type if e else "",
            wikidata=(e.wikidata or "") if e else "",
        )
    for (s, t), types in sorted(pairs.items()):
        attrs = {typ: n for typ, n in sorted(types.items())}
        g.add_edge(
            s,
            t,
            weight=sum(types.values()),
            types=";".join(f"{k}:{v}" for k, v in types.most_common()),
            **attrs,
        )
    for (a, b), n in sorted(co.items()):
        for s, t in ((a, b), (b, a)):
            if g.has_edge(s, t):
                g.edges[s, t]["cooccur"] = n
            else:
                g.add_edge(s, t, weight=0, types="", cooccur=n)
    return g


def write_network(graph: nx.Graph, path: str | Path) -> Path:
    """Write the graph as GEXF (``.gexf``) or GraphML (``.graphml``), by the file suffix."""
    path = Path(path)
    if path.suffix == ".gexf":
        nx.write_gexf(graph, path)
    elif path.suffix == ".graphml":
        nx.write_graphml(graph, path)
    else:
        raise ValueError(f"{path}: use a .gexf or .graphml file name")
    return path
