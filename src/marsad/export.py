"""Articles out of (and back into) the system-output format of FORMAT.md.

``article_to_output`` gives exactly the FORMAT.md system-output object, in its key order, plus
the keys marsad knows beyond it (``key``, ``url``, ``agencies``, ``published_how``,
``outlet_how``). ``output_to_article`` reads such an object back; what the format does not
carry (time ``kind``, annotator names, mention roles, event triggers...) comes back as the
model's defaults.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from typing import IO, TYPE_CHECKING, Any

from marsad.errors import MarsadError
from marsad.model import Article, Entity, Event, Label, Mention, Quote, TimeExpr

if TYPE_CHECKING:
    from marsad.store import Store

CSV_COLUMNS = (
    "file",
    "article",
    "title",
    "outlet",
    "published",
    "dateline",
    "agencies",
    "url",
    "n_times",
    "n_entities",
    "n_quotes",
    "n_events",
    "n_labels",
    "text",
)
AGENCY_SEPARATOR = "; "


def article_to_output(article: Article, links: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The FORMAT.md system-output object for one article (one JSONL line).

    ``links`` is the article's entry of ``marsad.corpus.corpus_links``: with it, the object
    also carries ``story`` and ``duplicate_of`` (after ``labels``, as FORMAT.md adds them once
    corpus-level analysis exists); an article the corpus steps have not seen gets nulls.
    """
    out = {
        "file": article.file,
        "article": article.index,
        "title": article.title,
        "outlet": article.outlet,
        "published": article.published,
        "dateline": article.dateline,
        "text": article.text,
        "entities": [_entity_out(e) for e in article.entities],
        "quotes": [_quote_out(q) for q in article.quotes],
        "times": [
            {"text": t.text, "start": t.start, "end": t.end, "value": t.value}
            for t in article.times
        ],
        "events": [
            {
                "type": e.type,
                "source": e.source,
                "target": e.target,
                "place": e.place,
                "date": e.date,
                "start": e.start,
                "end": e.end,
            }
            for e in article.events
        ],
        "labels": [
            {"actor": lb.actor, "label": lb.label, "start": lb.start, "end": lb.end}
            for lb in article.labels
        ],
    }
    if links is not None:
        out["story"] = links.get("story")
        out["duplicate_of"] = links.get("duplicate_of")
    return out | {
        "key": article.key,
        "url": article.url,
        "agencies": list(article.agencies),
        "published_how": article.published_how,
        "outlet_how": article.outlet_how,
    }


def _entity_out(e: Entity) -> dict[str, Any]:
    return {
        "id": e.id,
        "name": e.name,
        "type": e.type,
        "wikidata": e.wikidata,
        "mentions": [{"text": m.text, "start": m.start, "end": m.end} for m in e.mentions],
    }


def _quote_out(q: Quote) -> dict[str, Any]:
    out: dict[str, Any] = {
        "speaker": q.speaker,
        "speaker_id": q.speaker_id,
        "cue": q.cue,
        "text": q.text,
        "start": q.start,
        "end": q.end,
        "direct": q.direct,
    }
    if q.anonymous is not None:
        out["anonymous"] = q.anonymous
    return out


def output_to_article(d: Mapping[str, Any]) -> Article:
    """The inverse of ``article_to_output``; a malformed object raises MarsadError E302."""
    where = f"{d.get('file', '?')}#{d.get('article', '?')}" if isinstance(d, Mapping) else "?"
    try:
        return Article(
            file=d["file"],
            index=int(d["article"]),
            text=d["text"],
            key=d.get("key") or "",
            url=d.get("url"),
            title=d.get("title"),
            outlet=d.get("outlet"),
            outlet_how=d.get("outlet_how"),
            dateline=d.get("dateline"),
            agencies=tuple(d.get("agencies") or ()),
            published=d.get("published"),
            published_how=d.get("published_how"),
            entities=tuple(
                Entity(
                    id=e.get("id") or e["name"],
                    name=e["name"],
                    type=e["type"],
                    wikidata=e.get("wikidata"),
                    mentions=tuple(
                        Mention(start=m["start"], end=m["end"], text=m["text"])
                        for m in e.get("mentions") or ()
                    ),
                )
                for e in d.get("entities") or ()
            ),
            quotes=tuple(
                Quote(
                    start=q["start"],
                    end=q["end"],
                    text=q["text"],
                    cue=q["cue"],
                    direct=bool(q["direct"]),
                    speaker=q.get("speaker"),
                    speaker_id=q.get("speaker_id"),
                    anonymous=q.get("anonymous"),
                )
                for q in d.get("quotes") or ()
            ),
            times=tuple(
                TimeExpr(
                    start=t["start"],
                    end=t["end"],
                    text=t["text"],
                    value=t.get("value"),
                    kind=t.get("kind") or "absolute",
                )
                for t in d.get("times") or ()
            ),
            events=tuple(
                Event(
                    start=e["start"],
                    end=e["end"],
                    type=e["type"],
                    source=e.get("source"),
                    target=e.get("target"),
                    place=e.get("place"),
                    date=e.get("date"),
                )
                for e in d.get("events") or ()
            ),
            labels=tuple(
                Label(start=lb["start"], end=lb["end"], actor=lb.get("actor"), label=lb["label"])
                for lb in d.get("labels") or ()
            ),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise MarsadError("E302", where, f"{type(e).__name__}: {e}") from e


def write_jsonl(
    articles: Iterable[Article],
    fh: IO[str],
    links: Mapping[str, Mapping[str, Any]] | None = None,
) -> int:
    """One system-output object per line (UTF-8, Arabic unescaped); returns the count.

    With ``links`` (``marsad.corpus.corpus_links(store)``, by article key) each line also
    carries ``story`` and ``duplicate_of``.
    """
    n = 0
    for article in articles:
        link = None if links is None else links.get(article.key, {})
        fh.write(json.dumps(article_to_output(article, link), ensure_ascii=False))
        fh.write("\n")
        n += 1
    return n


def read_jsonl(fh: IO[str]) -> Iterable[Article]:
    """Articles back from a system-output JSONL; a bad line raises MarsadError E302."""
    for lineno, line in enumerate(fh, 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
        except json.JSONDecodeError as e:
            raise MarsadError("E302", f"line {lineno}", str(e)) from e
        yield output_to_article(d)


def export_store(store: Store, fh: IO[str], fmt: str = "jsonl") -> int:
    """Every stored article as JSONL (with ``story`` and ``duplicate_of``) or CSV."""
    from marsad.corpus import corpus_links

    if fmt == "csv":
        return write_csv(store.iter_articles(), fh)
    return write_jsonl(store.iter_articles(), fh, corpus_links(store))


def write_csv(articles: Iterable[Article], fh: IO[str]) -> int:
    """One row per article with a header; open ``fh`` with ``newline=""`` and UTF-8."""
    writer = csv.writer(fh)
    writer.writerow(CSV_COLUMNS)
    n = 0
    for a in articles:
        writer.writerow(
            [
                a.file,
                a.index,
                a.title or "",
                a.outlet or "",
                a.published or "",
                a.dateline or "",
                AGENCY_SEPARATOR.join(a.agencies),
                a.url or "",
                len(a.times),
                len(a.entities),
                len(a.quotes),
                len(a.events),
                len(a.labels),
                a.text,
            ]
        )
        n += 1
    return n
