"""The whole per-article flow in one place: read -> split -> clean -> metadata -> times.

Annotators are pure functions of an article plus read-only resources, so the same
``process`` runs in one process, a process pool or on a Dask cluster.
"""

from __future__ import annotations

import gc
import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from marsad import resources as R
from marsad.annotate import times as T
from marsad.annotate.entities import annotate_entities
from marsad.annotate.events import analyse, annotate_events
from marsad.annotate.labels import annotate_labels
from marsad.annotate.meta import anchor_of, annotate_meta
from marsad.annotate.quotes import annotate_quotes
from marsad.clean import Cleaned, clean_lines, split_articles
from marsad.errors import Problem
from marsad.kb import KB, load_kb
from marsad.model import Article, RawDocument
from marsad.settings import Settings

# Bump when an annotator changes what it produces: stored articles then count as changed.
PIPELINE_VERSION = "4"
SPLIT_FORMATS = frozenset({"txt"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Resources:
    boilerplate: R.Boilerplate
    agency_keys: frozenset[str]
    outlets: tuple[R.Named, ...]
    agencies: tuple[R.Named, ...]
    kb: KB


def load_resources(settings: Settings) -> Resources:
    agencies = R.agencies(settings.agency_files)
    return Resources(
        boilerplate=R.boilerplate(settings.boilerplate_files),
        agency_keys=frozenset().union(*(a.keys for a in agencies)),
        outlets=R.outlets(settings.outlet_files),
        agencies=agencies,
        kb=load_kb(settings.actor_files),
    )


_SETTLED = False


def settle_for_batch_work() -> None:
    """Ready this process to annotate many articles: load the lazy resources (the name
    tagger's model, the gazetteer), move everything loaded so far out of the garbage
    collector's sight, and collect young objects less often. An article allocates many
    short-lived containers: with the default threshold the collector ran ~9 times per
    article, and each older-generation pass walked every cached word (~20 % of the time on
    SaudiNewsNet). Reference counting still frees nearly everything at once."""
    global _SETTLED
    if _SETTLED:
        return
    _SETTLED = True
    from marsad.kb.places import gazetteer
    from marsad.ner.tagger import Tagger

    Tagger.load()
    gazetteer()
    gc.collect()
    gc.freeze()
    young, middle, old = gc.get_threshold()
    gc.set_threshold(max(young, 50_000), max(middle, 20), max(old, 100))


def article_key(raw: RawDocument, index: int, parts: int) -> str:
    """Stable identity: the URL when there is one, else the source path and position."""
    if raw.url:
        return raw.url if parts == 1 else f"{raw.url}#{index}"
    source = raw.source if raw.source.startswith("<") else os.path.abspath(raw.source)
    return f"{source}#{raw.record}#{index}"


def content_hash(article: Article) -> str:
    h = hashlib.sha256(PIPELINE_VERSION.encode())
    for value in (
        article.text,
        article.title,
        article.outlet,
        article.published,
        article.dateline,
        article.url,
    ):
        h.update(b"\x00" + (value or "").encode("utf-8"))
    return h.hexdigest()[:32]


def file_name(source: str) -> str:
    """The `file` of FORMAT.md: the base name (of the archive member, for archives)."""
    return Path(source.split("!")[-1]).name


def process(
    raw: RawDocument, res: Resources, settings: Settings, first_index: int = 0
) -> list[Article]:
    """One raw document -> its cleaned, annotated articles (pure)."""
    # 0. bound the size; drop control characters no store can hold (NUL) or show
    text = _CONTROL.sub("", raw.text[: settings.max_chars])
    # 1. split files that hold several articles (plain text only; records are one article)
    parts = (
        split_articles(text, res.boilerplate) if raw.fmt in SPLIT_FORMATS else [text.split("\n")]
    )
    articles = []
    for offset, lines in enumerate(parts):
        # 2. clean: header, body, boilerplate
        cleaned: Cleaned = clean_lines(lines, res.boilerplate, res.agency_keys)
        if not cleaned.body.strip():
            continue
        # 3. metadata: title, outlet, dateline, agencies, publication date
        meta = annotate_meta(cleaned, raw, res.outlets, res.agencies)
        # 4. time expressions, relative ones resolved against the publication date
        month = meta.published if meta.published and len(meta.published) == 7 else None
        times = T.annotate_times(cleaned.body, anchor_of(meta.published), month=month)
        index = first_index + offset
        article = Article(
            file=file_name(raw.source),
            index=index,
            text=cleaned.body,
            key=article_key(raw, offset, len(parts)),
            source=raw.source,
            fmt=raw.fmt,
            encoding=raw.encoding,
            url=raw.url,
            title=meta.title,
            outlet=meta.outlet,
            outlet_how=meta.outlet_how,
            dateline=meta.dateline,
            agencies=meta.agencies,
            published=meta.published,
            published_how=meta.published_how,
            meta_date=meta.meta_date,
            removed=cleaned.removed,
            times=times,
            annotators=("clean", "meta", "times"),
        )
        # 5. actors: mentions linked to the knowledge base, roles, places
        article = annotate_entities(article, res.kb)
        # 6. quotations with their speakers
        article = annotate_quotes(article)
        # 7. events coded as who did what to whom, where and when; 8. loaded labels per actor
        # (one analysis of the text serves both)
        tx = analyse(article.text, article.entities, article.times)
        article = annotate_labels(annotate_events(article, tx=tx), tx=tx)
        articles.append(article.with_(content_hash=content_hash(article)))
    return articles


@dataclass
class Summary:
    """What a run read, skipped and stored."""

    files: set[str] = field(default_factory=set)
    records: int = 0
    articles: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """The figures a run records in the store (``Store.finish_run``)."""
        return {
            "files": len(self.files),
            "records": self.records,
            "articles": self.articles,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "problems": len(self.problems),
        }


def iter_articles(
    items: Iterable[RawDocument | Problem],
    settings: Settings,
    summary: Summary,
) -> Iterator[Article]:
    """Articles of a stream of raw documents; problems are collected in ``summary``."""
    res = load_resources(settings)
    settle_for_batch_work()
    next_index: dict[str, int] = {}
    for item in items:
        if isinstance(item, Problem):
            summary.problems.append(item)
            continue
        summary.files.add(item.source)
        summary.records += 1
        first = next_index.get(item.source, 0)
        arts = process(item, res, settings, first)
        next_index[item.source] = first + max(len(arts), 1 if item.fmt not in SPLIT_FORMATS else 0)
        summary.articles += len(arts)
        yield from arts


def batched(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


ProgressFn = Callable[[int], None]
