"""The store's tables: one schema, written with SQLAlchemy Core, for SQLite and PostgreSQL.

Annotations are stand-off rows (``start``/``end`` into ``articles.text``) that carry the
annotator that made them and a ``seq`` that keeps their order inside the article. Entities are
corpus-level actors shared by all articles; ``mentions`` link an article's spans to them.

Text columns that are compared or sorted (``key``, ``file``, ``published``...) use the "C"
collation on PostgreSQL so that ordering and ``LIKE 'prefix%'`` agree with SQLite's binary
order: the same query gives the same rows in the same order on both.

This is the *current* schema. A database is brought to it by ``migrations.py``; when a table
changes here, add a numbered migration there that makes the same change.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Select,
    Table,
    Text,
    func,
    select,
)

# text compared byte-wise on both backends (SQLite is binary already)
CText = Text().with_variant(Text(collation="C"), "postgresql")

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("description", Text, nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("command", Text, nullable=False),
    Column("counts", JSON),
)

problems = Table(
    "problems",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), index=True),
    Column("code", Text, nullable=False),
    Column("path", Text, nullable=False),
    Column("reason", Text, nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", CText, nullable=False, unique=True),
    Column("content_hash", Text, nullable=False),
    Column("file", CText, nullable=False),
    Column("idx", Integer, nullable=False),
    Column("source", Text, nullable=False),
    Column("fmt", Text, nullable=False),
    Column("encoding", Text),
    Column("url", Text),
    Column("title", Text),
    Column("outlet", CText),
    Column("outlet_how", Text),
    Column("dateline", Text),
    Column("agencies", JSON, nullable=False),  # list of str
    Column("published", CText),  # ISO YYYY-MM-DD, YYYY-MM or YYYY
    Column("published_how", Text),
    Column("meta_date", Text),
    Column("text", Text, nullable=False),
    Column("removed", JSON, nullable=False),  # list of str
    Column("annotators", JSON, nullable=False),  # list of str
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="SET NULL")),
    Index("ix_articles_outlet", "outlet"),
    Index("ix_articles_published", "published"),
    Index("ix_articles_file_idx", "file", "idx"),
    Index("ix_articles_updated_at", "updated_at"),  # migration 2
)

entities = Table(
    "entities",
    metadata,
    Column("id", CText, primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("subtype", Text),
    Column("wikidata", Text),
    Column("lat", Double),
    Column("lon", Double),
    Column("country", Text),
)


def _article_fk() -> Column[int]:
    return Column(
        "article_id",
        Integer,
        ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
    )


def _span() -> list[Column[object]]:
    return [
        Column("id", Integer, primary_key=True),
        _article_fk(),
        Column("seq", Integer, nullable=False),  # order inside the article
        Column("start", Integer, nullable=False),
        Column("end", Integer, nullable=False),
    ]


times = Table(
    "times",
    metadata,
    *_span(),
    Column("text", Text, nullable=False),
    Column("value", Text),
    Column("kind", Text, nullable=False),
    Column("annotator", Text, nullable=False),
    Index("ix_times_article_id", "article_id", "seq"),
)

mentions = Table(
    "mentions",
    metadata,
    *_span(),
    Column("entity_id", CText, ForeignKey("entities.id"), nullable=False),
    Column("entity_seq", Integer, nullable=False),  # position of the entity in the article
    Column("text", Text, nullable=False),
    Column("role", Text),
    Column("annotator", Text, nullable=False),
    Index("ix_mentions_article_id", "article_id", "seq"),
    # an actor's mentions, and whether an article names it, from the index alone (migration 3;
    # was entity_id alone)
    Index("ix_mentions_entity_id_article_id", "entity_id", "article_id"),
)

quotes = Table(
    "quotes",
    metadata,
    *_span(),
    Column("text", Text, nullable=False),
    Column("cue", Text, nullable=False),
    Column("direct", Boolean, nullable=False),
    Column("speaker", Text),
    Column("speaker_id", Text),
    Column("anonymous", Text),
    Column("annotator", Text, nullable=False),
    Index("ix_quotes_article_id", "article_id", "seq"),
    Index("ix_quotes_speaker_id", "speaker_id"),  # migration 3
)

events = Table(
    "events",
    metadata,
    *_span(),
    Column("type", Text, nullable=False),
    Column("source", Text),
    Column("target", Text),
    Column("place", Text),
    Column("date", Text),
    Column("trigger", Text, nullable=False),
    Column("modality", Text, nullable=False),
    Column("annotator", Text, nullable=False),
    Index("ix_events_article_id", "article_id", "seq"),
    Index("ix_events_type", "type"),
    Index("ix_events_source", "source"),  # migration 3
    Index("ix_events_target", "target"),  # migration 3
)

labels = Table(
    "labels",
    metadata,
    *_span(),
    Column("actor", Text),
    Column("label", Text, nullable=False),
    Column("stance", Text, nullable=False),
    Column("annotator", Text, nullable=False),
    Index("ix_labels_article_id", "article_id", "seq"),
    Index("ix_labels_actor", "actor"),  # migration 3
)

# the per-article annotation tables, replaced together when an article changes
ANNOTATION_TABLES = (times, mentions, quotes, events, labels)

# the indexes the actor pages read by (migration 3)
ACTOR_INDEXES = (
    "ix_mentions_entity_id_article_id",
    "ix_quotes_speaker_id",
    "ix_labels_actor",
    "ix_events_source",
    "ix_events_target",
)

# per actor, the stored articles naming it and its mentions in them (near-duplicates
# included), kept by the store's writes in the same transaction as the mentions
# (migration 3): the actors' ranking without a pass over every mention
actor_counts = Table(
    "actor_counts",
    metadata,
    Column("entity_id", CText, ForeignKey("entities.id"), primary_key=True),
    Column("articles", Integer, nullable=False),
    Column("mentions", Integer, nullable=False),
    sqlite_with_rowid=False,
)


def mention_counts(*where: Any) -> Select[Any]:
    """Per actor, the articles naming it and its mentions, over the mentions ``where`` selects
    (all of them by default): what ``actor_counts`` holds for the whole store."""
    m = mentions.c
    return (
        select(
            m.entity_id,
            func.count(m.article_id.distinct()).label("articles"),
            func.count().label("mentions"),
        )
        .where(*where)
        .group_by(m.entity_id)
    )


# -- corpus level (migration 2): near-duplicates, stories, search index ------------------


def _article_pk() -> Column[int]:
    return Column(
        "article_id",
        Integer,
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    )


# which version (content hash) of each article the corpus steps have processed, with the
# features stories compare (so no annotation is read again) and its date interval
corpus_articles = Table(
    "corpus_articles",
    metadata,
    _article_pk(),
    Column("content_hash", Text, nullable=False),
    Column("date_from", CText),  # ISO day; null when the article gives no date at all
    Column("date_to", CText),
    Column("features", JSON, nullable=False),  # {"actors": [...], "places": [...], ...}
    Column("processed_at", DateTime(timezone=True), nullable=False),
)

# MinHash LSH: one row per (article, band); candidates are the articles sharing a row
minhash_bands = Table(
    "minhash_bands",
    metadata,
    _article_fk(),
    Column("band", Integer, nullable=False),
    Column("hash", CText, nullable=False),
    Index("ix_minhash_bands_band_hash", "band", "hash"),
    Index("ix_minhash_bands_article_id", "article_id"),
)

# a near-duplicate (syndicated copy) -> the original it repeats (the earliest published)
duplicates = Table(
    "duplicates",
    metadata,
    _article_pk(),
    Column(
        "original_id",
        Integer,
        ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("similarity", Double, nullable=False),
    Index("ix_duplicates_original_id", "original_id"),
)

stories = Table(
    "stories",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", Text),
    Column("first_date", CText),  # first and last report, ISO days
    Column("last_date", CText),
    Column("n_articles", Integer, nullable=False),  # originals only: copies are not counted
    Column("summary", Text),
    Column("features", JSON, nullable=False),  # {"n": members, "terms": {term: count}}
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_stories_last_date", "last_date"),
    Index("ix_stories_first_date", "first_date"),
)

story_articles = Table(
    "story_articles",
    metadata,
    _article_pk(),
    Column(
        "story_id",
        Integer,
        ForeignKey("stories.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("similarity", Double),  # to the story when it joined; null for the opener
    Index("ix_story_articles_story_id", "story_id"),
)

# the rarest terms of each story's articles -> the story: a new article's candidate stories
# are those sharing its rarest terms (index lookups), never every story of its days
story_keys = Table(
    "story_keys",
    metadata,
    Column("term", CText, primary_key=True),
    Column(
        "story_id",
        Integer,
        ForeignKey("stories.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    Index("ix_story_keys_story_id", "story_id"),
    sqlite_with_rowid=False,
)

# Arabic-aware full-text search: one row per distinct token key per article
search_tokens = Table(
    "search_tokens",
    metadata,
    Column("token", CText, primary_key=True),
    Column(
        "article_id",
        Integer,
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    Index("ix_search_tokens_article_id", "article_id"),
    sqlite_with_rowid=False,
)

# document frequency of story terms (actors, places, event types, words), kept up to date
# as articles are processed, for rarity weights without counting over the corpus
term_df = Table(
    "term_df",
    metadata,
    Column("term", CText, primary_key=True),
    Column("df", Integer, nullable=False),
)

CORPUS_TABLES = (
    corpus_articles,
    minhash_bands,
    duplicates,
    stories,
    story_articles,
    story_keys,
    search_tokens,
    term_df,
)
