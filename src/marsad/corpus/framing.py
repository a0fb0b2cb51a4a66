"""How each outlet frames each actor: its labels, whom it quotes, how it tells a story.

Every figure counts an article once: near-duplicates (syndicated copies) are left out, so a
wire story re-published by five outlets does not weigh five times. Labels are grouped by
their ``match_key`` (``المعترف بها دوليًا`` and ``المعترف بها دوليا`` are one label), shown in
their most frequent spelling.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import Connection, func, select

from marsad.corpus.common import EXAMPLES, actor_name, example, original, texts
from marsad.store import Store
from marsad.store.schema import articles, events, labels, quotes, story_articles
from marsad.text.normalize import match_key

UNKNOWN_OUTLET = "(unknown outlet)"


def outlet_labels(
    store: Store, outlet: str | None = None, actor: str | None = None
) -> list[dict[str, Any]]:
    """Per outlet x actor x label: how many times it is used, in how many articles, and up
    to ``EXAMPLES`` example sentences with offsets; most used first. ``actor`` is an entity
    id or a name."""
    with store.engine.connect() as conn:
        q = (
            select(
                articles.c.outlet,
                labels.c.actor,
                labels.c.label,
                labels.c.start,
                labels.c.end,
                articles.c.id,
                articles.c.key,
                articles.c.file,
                articles.c.idx,
            )
            .join(articles, articles.c.id == labels.c.article_id)
            .where(original(), labels.c.actor.is_not(None))
            .order_by(articles.c.published, articles.c.id, labels.c.seq)
        )
        if outlet is not None:
            q = q.where(articles.c.outlet == outlet)
        if actor is not None:
            q = q.where(labels.c.actor == actor_name(conn, actor))
        groups: dict[tuple[str, str, str], list[Any]] = defaultdict(list)
        for r in conn.execute(q):
            groups[(r.outlet or UNKNOWN_OUTLET, r.actor, match_key(r.label))].append(r)
        wanted = [r.id for rows in groups.values() for r in rows[:EXAMPLES]]
        body = texts(conn, wanted)
    out = []
    for (out_name, act, _), rows in groups.items():
        out.append(
            {
                "outlet": out_name,
                "actor": act,
                "label": Counter(r.label for r in rows).most_common(1)[0][0],
                "count": len(rows),
                "articles": len({r.id for r in rows}),
                "examples": [
                    example(
                        body[r.id],
                        r.start,
                        r.end,
                        {"key": r.key, "file": r.file, "article": r.idx, "label": r.label},
                    )
                    for r in rows[:EXAMPLES]
                ],
            }
        )
    out.sort(key=lambda d: (-d["count"], d["outlet"], d["actor"], d["label"]))
    return out


def label_matrix(store: Store) -> dict[str, Any]:
    """Outlet x actor counts of loaded labels, for a heatmap: ``outlets`` (rows), ``actors``
    (columns, most labelled first), ``counts`` (rows of ints) and ``labels`` (per outlet,
    per actor, label -> count)."""
    detail: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for row in outlet_labels(store):
        detail[row["outlet"]][row["actor"]][row["label"]] += row["count"]
    totals: Counter[str] = Counter()
    for by_actor in detail.values():
        for act, c in by_actor.items():
            totals[act] += sum(c.values())
    outlets = sorted(detail)
    actors = sorted(totals, key=lambda a: (-totals[a], a))
    return {
        "outlets": outlets,
        "actors": actors,
        "counts": [[sum(detail[o].get(a, Counter()).values()) for a in actors] for o in outlets],
        "labels": {
            o: {a: dict(c.most_common()) for a, c in sorted(detail[o].items())} for o in outlets
        },
    }


def quote_share(store: Store, outlet: str | None = None) -> list[dict[str, Any]]:
    """Per outlet x speaker: quotes, and their share of the outlet's quotes (unnamed
    sources are one speaker, ``None``); per outlet, largest share first."""
    q = (
        select(
            articles.c.outlet,
            quotes.c.speaker,
            quotes.c.speaker_id,
            func.count().label("n"),
            func.count(func.distinct(articles.c.id)).label("arts"),
        )
        .join(articles, articles.c.id == quotes.c.article_id)
        .where(original())
        .group_by(articles.c.outlet, quotes.c.speaker, quotes.c.speaker_id)
    )
    if outlet is not None:
        q = q.where(articles.c.outlet == outlet)
    with store.engine.connect() as conn:
        rows = conn.execute(q).all()
    per_outlet: Counter[str] = Counter()
    merged: dict[tuple[str, str | None], dict[str, Any]] = {}
    for o, speaker, sid, n, arts in rows:
        o = o or UNKNOWN_OUTLET
        per_outlet[o] += n
        row = merged.setdefault(
            (o, speaker),
            {"outlet": o, "speaker": speaker, "speaker_id": sid, "quotes": 0, "articles": 0},
        )
        row["quotes"] += n
        row["articles"] += arts
        row["speaker_id"] = row["speaker_id"] or sid
    out = [r | {"share": round(r["quotes"] / per_outlet[r["outlet"]], 4)} for r in merged.values()]
    out.sort(key=lambda r: (r["outlet"], -r["quotes"], r["speaker"] or ""))
    return out


def story_framing(conn: Connection, story_id: int) -> dict[str, dict[str, Any]]:
    """How each outlet tells one story: its labels (actor, label, count), its speakers
    (speaker, quotes) and its event codes (type, source, target, count). Copies count once."""
    members = (
        select(articles.c.id, articles.c.outlet)
        .join(story_articles, story_articles.c.article_id == articles.c.id)
        .where(story_articles.c.story_id == story_id, original())
    )
    outlet_of = {i: (o or UNKNOWN_OUTLET) for i, o in conn.execute(members)}
    ids = sorted(outlet_of)
    lab: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    spk: dict[str, Counter[str | None]] = defaultdict(Counter)
    evs: dict[str, Counter[tuple[str, str | None, str | None]]] = defaultdict(Counter)
    if ids:
        for aid, act, label in conn.execute(
            select(labels.c.article_id, labels.c.actor, labels.c.label).where(
                labels.c.article_id.in_(ids), labels.c.actor.is_not(None)
            )
        ):
            lab[outlet_of[aid]][(act, label)] += 1
        for aid, speaker in conn.execute(
            select(quotes.c.article_id, quotes.c.speaker).where(quotes.c.article_id.in_(ids))
        ):
            spk[outlet_of[aid]][speaker] += 1
        for aid, typ, src, tgt in conn.execute(
            select(events.c.article_id, events.c.type, events.c.source, events.c.target).where(
                events.c.article_id.in_(ids)
            )
        ):
            evs[outlet_of[aid]][(typ, src, tgt)] += 1
    return {
        o: {
            "articles": sum(1 for v in outlet_of.values() if v == o),
            "labels": [
                {"actor": a, "label": lb, "count": n} for (a, lb), n in lab[o].most_common()
            ],
            "speakers": [{"speaker": s, "quotes": n} for s, n in spk[o].most_common()],
            "events": [
                {"type": t, "source": s, "target": g, "count": n}
                for (t, s, g), n in evs[o].most_common()
            ],
        }
        for o in sorted(set(outlet_of.values()))
    }
