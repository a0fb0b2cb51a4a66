"""Frozen value types that flow through marsad.

Every annotation is stand-off: ``start``/``end`` are Python string offsets (half-open)
into ``Article.text``, the cleaned body, which never changes after cleaning.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

# PLOVER's sixteen top-level event types (the 2021 CAMEO-to-PLOVER mapping), as FORMAT.md lists them
EVENT_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "COOPERATE",
    "AID",
    "CONCEDE",
    "RETREAT",
    "ACCUSE",
    "DEMAND",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "MOBILIZE",
    "SANCTION",
    "COERCE",
    "ASSAULT",
)


@dataclass(frozen=True)
class RawDocument:
    """One record as a reader found it, before cleaning.

    A plain-text file gives one RawDocument (which cleaning may split into several
    articles); a JSONL/CSV/feed/WARC file gives one per record.
    """

    source: str  # path (or "<stdin>") of the file it came from
    record: int  # position of the record inside its source, 0-based
    text: str
    fmt: str  # txt, html, jsonl, csv, json, warc, feed
    encoding: str | None = None
    title: str | None = None
    url: str | None = None
    date: str | None = None  # as given by the metadata, unparsed
    outlet: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class TimeExpr:
    start: int
    end: int
    text: str
    value: str | None  # ISO YYYY-MM-DD, YYYY-MM or YYYY; None when unresolvable
    kind: str  # absolute | relative | weekday | partial
    annotator: str = "times"


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    role: str | None = None


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: str  # PER | ORG | LOC
    wikidata: str | None
    mentions: tuple[Mention, ...]
    subtype: str | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    annotator: str = "entities"


@dataclass(frozen=True)
class Quote:
    start: int
    end: int
    text: str
    cue: str
    direct: bool
    speaker: str | None
    speaker_id: str | None = None
    anonymous: str | None = None
    annotator: str = "quotes"


@dataclass(frozen=True)
class Event:
    start: int
    end: int
    type: str
    source: str | None
    target: str | None
    place: str | None
    date: str | None
    trigger: str = ""
    modality: str = "asserted"
    annotator: str = "events"


@dataclass(frozen=True)
class Label:
    start: int
    end: int
    actor: str | None
    label: str
    stance: str = "negative"
    annotator: str = "labels"


@dataclass(frozen=True)
class Article:
    file: str  # base name of the source file
    index: int  # 0-based position of the article inside its file
    text: str  # the cleaned body
    key: str = ""  # stable identity in the store: url, else source path + position
    content_hash: str = ""  # hash of text + metadata, to detect a changed article
    source: str = ""  # full path of the source
    fmt: str = "txt"
    encoding: str | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    outlet_how: str | None = None  # text | metadata | registry
    dateline: str | None = None
    agencies: tuple[str, ...] = ()
    published: str | None = None
    published_how: str | None = None  # stated | metadata | inferred
    meta_date: str | None = None  # date from the input's metadata, ISO, if any
    removed: tuple[str, ...] = ()  # boilerplate lines cleaning dropped
    times: tuple[TimeExpr, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    labels: tuple[Label, ...] = ()
    annotators: tuple[str, ...] = field(default=())

    def with_(self, **changes: object) -> Article:
        return replace(self, **changes)  # type: ignore[arg-type]
