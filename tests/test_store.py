"""marsad.store: the same test bodies on a SQLite file and on PostgreSQL (see conftest)."""

from __future__ import annotations

import multiprocessing
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, inspect, select, text

from marsad.errors import MarsadError, Problem
from marsad.model import Article, Entity, Event, Label, Mention, Quote, TimeExpr
from marsad.store import SCHEMA_VERSION, Store, UpsertCounts, open_store
from marsad.store import schema as S
from marsad.store.migrations import MIGRATIONS
from marsad.store.store import _to_url

# diacritics (fatha, shadda, sukun, superscript alef), tatweel, Arabic-Indic digits,
# Arabic punctuation, ZWNJ and RLM: every byte must come back as it went in
TEXT = (
    "قَالَ الرَّئِيسُ التُّركِيُّ رجب طيب أردوغان، أمس الأربعاء ٢٢ يوليو (تموز) ٢٠٢٠، "
    "إن «المحادثات مع روسيـــا مستمرة»؛ وأضاف: لا حلّ عسكرياً في ليبيا.\u200c\u200f\n"
    "وتابع أن حكومة الوفاق المعترف بها دوليا ستواصل الحوار مع مليشيات حفتر الانقلابية."
)


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def full_article(key: str = "https://example.com/a/1", text: str = TEXT, **kw: object) -> Article:
    """An article with every field set and every kind of annotation."""
    erd = _span(text, "رجب طيب أردوغان")
    rus = _span(text, "روسيـــا")
    q = _span(text, "المحادثات مع روسيـــا مستمرة")
    t = _span(text, "أمس الأربعاء")
    lab = _span(text, "الانقلابية")
    art = Article(
        file="001_6fd764c35ada21fe.txt",
        index=2,
        text=text,
        key=key,
        content_hash="hash-1",
        source="/corpus/001_6fd764c35ada21fe.txt",
        fmt="html",
        encoding="windows-1256",
        url="https://example.com/a/1",
        title="أردوغان: لا حلَّ عسكرياً",
        outlet="الأناضول",
        outlet_how="registry",
        dateline="أنقرة",
        agencies=("الأناضول", "رويترز"),
        published="2020-07-23",
        published_how="stated",
        meta_date="2020-07-23",
        removed=("اقرأ أيضا: ...", "شارك هذا المقال"),
        times=(TimeExpr(*t, text[t[0] : t[1]], "2020-07-22", "relative"),),
        entities=(
            Entity(
                id="Q39723",
                name="رجب طيب أردوغان",
                type="PER",
                wikidata="Q39723",
                mentions=(Mention(*erd, text[erd[0] : erd[1]], role="speaker"),),
                subtype="head_of_state",
                country="TR",
            ),
            Entity(
                id="Q159",
                name="روسيا",
                type="LOC",
                wikidata="Q159",
                mentions=(Mention(*rus, text[rus[0] : rus[1]]), Mention(0, 3, text[0:3])),
                subtype="country",
                lat=61.523_611_1,
                lon=105.318_756,
                country="RU",
                annotator="kb-linker",
            ),
        ),
        quotes=(
            Quote(*q, text[q[0] : q[1]], "قال", True, "رجب طيب أردوغان", "Q39723"),
            Quote(0, 5, text[0:5], "أضاف", False, None, anonymous="مصدر عسكري"),
        ),
        events=(
            Event(*q, "CONSULT", "تركيا", "روسيا", "أنقرة", "2020-07-22", trigger="المحادثات"),
            Event(0, 9, "ASSAULT", "حفتر", None, None, None, modality="reported"),
        ),
        labels=(Label(*lab, "خليفة حفتر", "الانقلابية", stance="negative"),),
        annotators=("meta", "times", "entities", "quotes", "events", "labels"),
    )
    return art.with_(**kw) if kw else art


def articles(n: int, prefix: str = "a") -> list[Article]:
    """n small articles over several files, each with one time and one entity mention."""
    out = []
    for i in range(n):
        text = f"مقال رقم {i} نُشِرَ أمس في القاهرة"
        t = _span(text, "أمس")
        c = _span(text, "القاهرة")
        out.append(
            Article(
                file=f"{prefix}_{i % 7:03d}.txt",
                index=i // 7,
                text=text,
                key=f"{prefix}:{i}",
                content_hash=f"h{i}",
                outlet="الجزيرة" if i % 2 else "العربية",
                published=f"2020-07-{1 + i % 28:02d}",
                times=(TimeExpr(*t, "أمس", None, "relative"),),
                entities=(Entity("Q85", "القاهرة", "LOC", "Q85", (Mention(*c, "القاهرة"),)),),
            )
        )
    return out


# -- schema and migrations ---------------------------------------------------------------


def test_fresh_store_is_migrated_and_empty(store: Store) -> None:
    assert store.count() == dict.fromkeys(
        ("articles", "times", "entities", "mentions", "quotes", "events", "labels"), 0
    )
    with store.engine.connect() as conn:
        versions = conn.execute(select(S.schema_version.c.version)).scalars().all()
        tables = set(inspect(conn).get_table_names())
    assert versions == [m.version for m in MIGRATIONS]
    assert max(versions) == SCHEMA_VERSION
    assert set(S.metadata.tables) <= tables
    assert set(S.ACTOR_INDEXES) <= indexes_of(store, "mentions", "quotes", "labels", "events")


def indexes_of(store: Store, *tables: str) -> set[str]:
    with store.engine.connect() as conn:
        return {i["name"] for t in tables for i in inspect(conn).get_indexes(t)}  # type: ignore[misc]


def test_migration_2_to_3_adds_the_actor_indexes_and_counts(store_url: str) -> None:
    with open_store(store_url) as s:
        s.upsert_articles([full_article(), *articles(5)])
        # make it a version 2 store: no actor indexes or counts, mentions by actor alone
        with s.engine.begin() as conn:
            S.actor_counts.drop(conn)
            for name in S.ACTOR_INDEXES:
                conn.execute(text(f"DROP INDEX {name}"))
            conn.execute(text("CREATE INDEX ix_mentions_entity_id ON mentions (entity_id)"))
            conn.execute(S.schema_version.delete().where(S.schema_version.c.version > 2))
        before = s.count()
    with open_store(store_url) as s:
        with s.engine.connect() as conn:
            versions = conn.execute(select(S.schema_version.c.version)).scalars().all()
        assert sorted(versions) == [1, 2, 3] == list(range(1, SCHEMA_VERSION + 1))
        indexes = indexes_of(s, "mentions", "quotes", "labels", "events")
        assert set(S.ACTOR_INDEXES) <= indexes and "ix_mentions_entity_id" not in indexes
        assert s.count() == before
        assert kept_counts(s) == counted(s) == {"Q85": (5, 5), "Q159": (1, 2), "Q39723": (1, 1)}
        assert ranking(s) == plain_ranking(s)


def test_reopening_migrates_nothing_and_keeps_data(store_url: str) -> None:
    with open_store(store_url) as s:
        s.upsert_articles(articles(3))
    with open_store(store_url) as s, open_store(store_url) as again:
        assert s.count()["articles"] == again.count()["articles"] == 3
        with s.engine.connect() as conn:
            n = conn.execute(select(func.count()).select_from(S.schema_version)).scalar()
        assert n == len(MIGRATIONS)


def test_newer_schema_raises_e202(store_url: str) -> None:
    with open_store(store_url) as s, s.engine.begin() as conn:
        conn.execute(
            S.schema_version.insert().values(
                version=SCHEMA_VERSION + 1,
                description="from the future",
                applied_at=func.current_timestamp(),
            )
        )
    with pytest.raises(MarsadError) as e:
        open_store(store_url)
    assert e.value.code == "E202"


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://nobody@127.0.0.1:1/nothing",
        "mysql://user@localhost/db",
        "nonsense://what",
        "{tmp}/no/such/dir/marsad.db",
        "{tmp}",
        "{tmp}/not-a-database.db",
    ],
)
def test_bad_store_raises_e201(url: str, tmp_path: Path) -> None:
    (tmp_path / "not-a-database.db").write_text("this is not SQLite " * 100)
    with pytest.raises(MarsadError) as e:
        open_store(url.format(tmp=tmp_path))
    assert e.value.code == "E201"
    assert "Fix: check --db" in str(e.value)


def test_urls_and_paths() -> None:
    assert _to_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert _to_url("postgresql+psycopg://u@h/db").drivername == "postgresql+psycopg"
    assert _to_url("sqlite://").get_backend_name() == "sqlite"
    assert _to_url(None).database == "marsad.db"
    assert _to_url(Path("x.db")).database == "x.db"


def test_default_store_is_marsad_db_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with open_store(None) as s:
        s.upsert_articles(articles(1))
    db = sqlite3.connect(tmp_path / "marsad.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    db.close()


def test_sqlite_connections_enforce_foreign_keys(tmp_path: Path) -> None:
    with open_store(tmp_path / "m.db") as s, s.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 10_000


# -- writing -----------------------------------------------------------------------------


def test_insert_then_reinsert_is_unchanged(store: Store) -> None:
    batch = articles(30)
    assert store.upsert_articles(batch, batch_size=7) == UpsertCounts(30, 0, 0)
    before = store.count()
    with store.engine.connect() as conn:
        stamps = conn.execute(select(S.articles.c.key, S.articles.c.updated_at)).all()
    assert store.upsert_articles(batch, batch_size=7) == UpsertCounts(0, 0, 30)
    assert (
        store.count()
        == before
        == {
            "articles": 30,
            "times": 30,
            "entities": 1,
            "mentions": 30,
            "quotes": 0,
            "events": 0,
            "labels": 0,
        }
    )
    with store.engine.connect() as conn:  # nothing was written
        assert sorted(conn.execute(select(S.articles.c.key, S.articles.c.updated_at))) == sorted(
            stamps
        )


def test_changed_article_is_updated_in_place(store: Store) -> None:
    old = full_article()
    store.upsert_articles([old])
    with store.engine.connect() as conn:
        id_before = conn.execute(select(S.articles.c.id)).scalar_one()
    text = "نص جديد: قالت الخارجية الروسية اليوم إن الحوار مستمر."
    t = _span(text, "اليوم")
    new = old.with_(
        text=text,
        content_hash="hash-2",
        times=(TimeExpr(*t, "اليوم", "2020-07-24", "relative"),),
        entities=(),
        quotes=(),
        events=(),
        labels=(),
    )
    assert store.upsert_articles([new]) == UpsertCounts(0, 1, 0)
    assert store.get_article(old.key) == new
    with store.engine.connect() as conn:
        assert conn.execute(select(S.articles.c.id)).scalars().all() == [id_before]
    counts = store.count()
    assert (counts["articles"], counts["times"], counts["mentions"], counts["quotes"]) == (
        1,
        1,
        0,
        0,
    )
    assert (counts["events"], counts["labels"]) == (0, 0)
    assert counts["entities"] == 2  # corpus-level actors outlive the article that named them


def test_same_key_twice_in_one_call_inserts_then_updates(store: Store) -> None:
    a = articles(1)[0]
    b = a.with_(text=a.text + " (محدث)", content_hash="other")
    assert store.upsert_articles([a, b]) == UpsertCounts(1, 1, 0)
    assert store.get_article(a.key) == b


def test_missing_key_and_hash_are_filled(store: Store) -> None:
    a = Article(file="x.txt", index=3, text="نص", source="/in/x.txt")
    assert store.upsert_articles([a]) == UpsertCounts(1, 0, 0)
    got = store.get_article("/in/x.txt:3")
    assert got is not None and got.text == "نص" and len(got.content_hash) == 64
    assert store.upsert_articles([a]) == UpsertCounts(0, 0, 1)
    assert store.upsert_articles([a.with_(title="عنوان")]) == UpsertCounts(0, 1, 0)


def test_arabic_text_round_trips_byte_exact(store: Store) -> None:
    a = full_article()
    store.upsert_articles([a])
    got = store.get_article(a.key)
    assert got is not None
    assert got.text.encode("utf-8") == TEXT.encode("utf-8")
    assert "\u0640" in got.text and "\u064e" in got.text and "\u0651" in got.text
    assert got.title == a.title and got.agencies == a.agencies and got.removed == a.removed


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
        | st.sampled_from(" \n\t\u200c\u200d\u200f«»")
    )
)
def test_any_arabic_text_round_trips(store: Store, text: str) -> None:
    a = Article(file="h.txt", index=0, text=text, key="h", title=text[:10] or None)
    store.upsert_articles([a])
    got = store.get_article("h")
    assert got is not None and (got.text, got.title) == (text, a.title)


def test_all_annotation_kinds_round_trip(store: Store) -> None:
    a = full_article()
    store.upsert_articles([a])
    assert store.get_article(a.key) == a
    assert list(store.iter_articles()) == [a]
    assert store.count() == {
        "articles": 1,
        "times": 1,
        "entities": 2,
        "mentions": 3,
        "quotes": 2,
        "events": 2,
        "labels": 1,
    }


def test_entities_are_shared_and_gain_new_information(store: Store) -> None:
    first, second = articles(2)
    anon = Entity("Q85", "القاهرة", "LOC", None, first.entities[0].mentions)
    richer = Entity(
        "Q85", "القاهرة", "LOC", "Q85", second.entities[0].mentions, country="EG", lat=30.04
    )
    store.upsert_articles([first.with_(entities=(anon,))])
    store.upsert_articles([second.with_(entities=(richer,))])
    assert (store.count()["entities"], store.count()["mentions"]) == (1, 2)
    for key in (first.key, second.key):  # both articles now see the richer actor
        got = store.get_article(key)
        assert got is not None
        (e,) = got.entities
        assert (e.wikidata, e.country, e.lat) == ("Q85", "EG", 30.04)
    # a later article that knows less does not erase what is known
    third = articles(3)[2].with_(entities=(anon,))
    store.upsert_articles([third])
    got = store.get_article(third.key)
    assert got is not None and got.entities[0].wikidata == "Q85"


@pytest.mark.parametrize("batched", [False, True])
def test_actor_name_does_not_depend_on_arrival_order(store: Store, batched: bool) -> None:
    """Spelling variants of one actor not in the knowledge base (`ويليامز`/`وليامز`) reach
    the store in any order from parallel ingests: the fullest name is kept, ties broken by
    code point, so every order stores the same."""
    names = ["ستيفاني وليامز", "ستيفاني ويليامز", "ستيفاني ويليامس", "وليامز"]
    arts = articles(len(names))
    kept = []
    for k, order in enumerate((names, names[::-1], names[1:] + names[:1])):
        actor = f"new:PER:x{k}"  # a fresh actor for each order
        with_names = [
            a.with_(entities=(Entity(actor, n, "PER", None, a.entities[0].mentions),))
            for a, n in zip(arts, order, strict=True)
        ]
        if batched:
            store.upsert_articles(with_names)
        else:
            for a in with_names:
                store.upsert_articles([a])
        got = store.get_article(arts[0].key)
        assert got is not None
        kept.append(got.entities[0].name)
    assert kept == ["ستيفاني ويليامز"] * 3, kept


def test_failed_batch_leaves_only_whole_articles(store: Store) -> None:
    batch = articles(25)

    def killed_after_23() -> Iterator[Article]:
        yield from batch[:23]
        raise KeyboardInterrupt  # the process dies mid-ingest

    with pytest.raises(KeyboardInterrupt):
        store.upsert_articles(killed_after_23(), batch_size=10)
    counts = store.count()
    assert (counts["articles"], counts["times"], counts["mentions"]) == (20, 20, 20)

    bad = [*articles(5, prefix="b"), Article(file="z", index=0, text=None, key="bad")]  # type: ignore[arg-type]
    with pytest.raises(Exception):  # noqa: B017 (NOT NULL violation: the batch rolls back)
        store.upsert_articles(bad)
    assert store.count()["articles"] == 20

    assert store.upsert_articles(batch, batch_size=10) == UpsertCounts(5, 0, 20)
    assert store.count()["articles"] == store.count()["times"] == 25


# -- the actors' counts and ranking --------------------------------------------------------


def kept_counts(store: Store) -> dict[str, tuple[int, int]]:
    """What ``actor_counts`` holds: per actor (articles, mentions), zeros left out."""
    c = S.actor_counts.c
    with store.engine.connect() as conn:
        rows = conn.execute(select(c.entity_id, c.articles, c.mentions).where(c.mentions != 0))
        return {e: (a, m) for e, a, m in rows}


def counted(store: Store) -> dict[str, tuple[int, int]]:
    """The same, counted from every stored mention."""
    by_actor: dict[str, list[int]] = {}
    with store.engine.connect() as conn:
        for e, a in conn.execute(select(S.mentions.c.entity_id, S.mentions.c.article_id)):
            by_actor.setdefault(e, []).append(a)
    return {e: (len(set(ids)), len(ids)) for e, ids in by_actor.items()}


def ranking(store: Store) -> list[tuple[str, int, int]]:
    with store.engine.connect() as conn:
        return [(r["id"], r["articles"], r["mentions"]) for r in store.actor_ranking(conn)]


def plain_ranking(store: Store) -> list[tuple[str, int, int]]:
    """Actors by the originals naming them, counted in Python from every mention."""
    with store.engine.connect() as conn:
        copies = set(conn.execute(select(S.duplicates.c.article_id)).scalars())
        by_actor: dict[str, list[int]] = {}
        for e, a in conn.execute(select(S.mentions.c.entity_id, S.mentions.c.article_id)):
            if a not in copies:
                by_actor.setdefault(e, []).append(a)
    rows = [(e, len(set(ids)), len(ids)) for e, ids in by_actor.items()]
    return sorted(rows, key=lambda r: (-r[1], r[0]))


def mark_copy(store: Store, copy_key: str, original_key: str) -> None:
    """What the corpus step writes for a near-duplicate."""
    a = S.articles.c
    with store.transaction() as conn:
        q = select(a.key, a.id).where(a.key.in_([copy_key, original_key]))
        ids = {k: i for k, i in conn.execute(q)}
        conn.execute(
            S.duplicates.insert().values(
                article_id=ids[copy_key], original_id=ids[original_key], similarity=0.9
            )
        )


def test_actor_ranking_leaves_copies_out_and_follows_every_write(store: Store) -> None:
    original, copy = full_article(), full_article(key="copy")
    store.upsert_articles([original, copy, *articles(5)])
    mark_copy(store, "copy", original.key)
    # Q159 (روسيا) has two mentions in one original, Q39723 one; Q85 one in five articles
    assert ranking(store) == [("Q85", 5, 5), ("Q159", 1, 2), ("Q39723", 1, 1)]
    assert kept_counts(store) == counted(store)  # copies included: left out when read

    # an article that now names Russia instead of Cairo moves one article between them
    first = articles(1)[0]
    russia = Entity("Q159", "روسيا", "LOC", "Q159", first.entities[0].mentions)
    store.upsert_articles([first.with_(content_hash="changed", entities=(russia,))])
    assert ranking(store) == [("Q85", 4, 4), ("Q159", 2, 3), ("Q39723", 1, 1)]
    # the same again changes nothing; an actor no article names any more is left out
    store.upsert_articles([first.with_(content_hash="changed", entities=(russia,))])
    store.upsert_articles([original.with_(content_hash="no-actors", entities=())])
    assert ranking(store) == plain_ranking(store) == [("Q85", 4, 4), ("Q159", 1, 1)]
    assert kept_counts(store) == counted(store)

    # the copy's original stops being one: the copy counts again
    with store.transaction() as conn:
        conn.execute(S.duplicates.delete())
    assert (
        ranking(store) == plain_ranking(store) == [("Q85", 4, 4), ("Q159", 2, 3), ("Q39723", 1, 1)]
    )


def test_actor_ranking_stays_exact_after_failed_batches_and_deletes_by_hand(
    store: Store,
) -> None:
    store.upsert_articles([full_article(), *articles(10)])
    bad = [
        full_article(key="b"),
        *articles(5, prefix="b"),
        Article(file="z", index=0, text=None, key="bad"),
    ]  # type: ignore[arg-type]
    with pytest.raises(Exception):  # noqa: B017 (NOT NULL violation: the batch rolls back)
        store.upsert_articles(bad)
    assert kept_counts(store) == counted(store)
    assert (
        ranking(store)
        == plain_ranking(store)
        == [("Q85", 10, 10), ("Q159", 1, 2), ("Q39723", 1, 1)]
    )

    # rows deleted outside the store: the kept counts are off, the ranking is not
    with store.engine.begin() as conn:
        conn.execute(delete(S.articles).where(S.articles.c.key == full_article().key))
    assert kept_counts(store) != counted(store)
    assert ranking(store) == plain_ranking(store) == [("Q85", 10, 10)]
    store.upsert_articles([full_article(key="again")])  # and it stays right after writes
    assert (
        ranking(store)
        == plain_ranking(store)
        == [("Q85", 10, 10), ("Q159", 1, 2), ("Q39723", 1, 1)]
    )


def test_deleting_an_article_cascades_to_its_annotations(store: Store) -> None:
    store.upsert_articles([full_article(), *articles(2)])
    with store.engine.begin() as conn:
        conn.execute(delete(S.articles).where(S.articles.c.key == full_article().key))
    counts = store.count()
    assert (counts["articles"], counts["quotes"], counts["events"], counts["labels"]) == (
        2,
        0,
        0,
        0,
    )
    assert (counts["times"], counts["mentions"]) == (2, 2)


def _ingest(url: str, barrier: object, out: object) -> None:
    batch = articles(200)
    changed = [a.with_(text=a.text + " محدث", content_hash=a.content_hash + "+") for a in batch]
    # every other changed article names Egypt instead of Cairo: the actors' counts move
    egypt = [Entity("Q79", "مصر", "LOC", "Q79", a.entities[0].mentions) for a in changed[1::2]]
    changed[1::2] = [a.with_(entities=(e,)) for a, e in zip(changed[1::2], egypt, strict=True)]
    with open_store(url) as s:
        barrier.wait()  # type: ignore[attr-defined]
        first = s.upsert_articles(batch, batch_size=20)
        barrier.wait()  # type: ignore[attr-defined]
        second = s.upsert_articles(changed, batch_size=20)
    out.put((first, second))  # type: ignore[attr-defined]


def test_two_processes_ingest_the_same_articles(store_url: str) -> None:
    ctx = multiprocessing.get_context("spawn")
    barrier, out = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_ingest, args=(store_url, barrier, out)) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=180)
        assert p.exitcode == 0
    (first_a, second_a), (first_b, second_b) = out.get(timeout=10), out.get(timeout=10)
    assert (first_a + first_b).inserted == 200 and (first_a + first_b).unchanged == 200
    assert (second_a + second_b).updated == 200 and (second_a + second_b).unchanged == 200
    with open_store(store_url) as s:
        counts = s.count()
        assert counts["articles"] == counts["times"] == counts["mentions"] == 200
        stored = list(s.iter_articles())
        assert kept_counts(s) == counted(s) == {"Q85": (100, 100), "Q79": (100, 100)}
    assert [a.key for a in stored] == [a.key for a in _ordered(articles(200))]
    assert all(a.text.endswith(" محدث") for a in stored)


# -- reading -----------------------------------------------------------------------------


def _ordered(arts: list[Article]) -> list[Article]:
    return sorted(arts, key=lambda a: (a.file, a.index))


def test_get_missing_article_is_none(store: Store) -> None:
    assert store.get_article("nope") is None


def test_iter_articles_orders_pages_and_filters(store: Store) -> None:
    batch = articles(40)
    undated = Article(file="a_000.txt", index=99, text="بلا تاريخ", key="undated", content_hash="u")
    month = Article(
        file="a_001.txt", index=99, text="شهر فقط", key="m", content_hash="m", published="2020-07"
    )
    store.upsert_articles([*batch, undated, month])
    everything = _ordered([*batch, undated, month])
    assert list(store.iter_articles(batch=3)) == everything
    assert list(store.iter_articles(outlet="الجزيرة", batch=4)) == [
        a for a in everything if a.outlet == "الجزيرة"
    ]
    got = [a.published for a in store.iter_articles(since="2020-07-10", until="2020-07-12")]
    assert sorted(got) == ["2020-07-10"] * 2 + ["2020-07-11"] * 2 + ["2020-07-12"] * 2
    july = list(store.iter_articles(until="2020-07"))  # a month takes every day in it
    assert len(july) == 41 and all(a.key != "undated" for a in july)
    assert list(store.iter_articles(since="2021")) == []
    got = list(store.iter_articles(since=date(2020, 7, 28), outlet="الجزيرة"))
    assert [a.published for a in got] == ["2020-07-28"]


# -- runs and problems -------------------------------------------------------------------


def test_runs_record_counts_and_problems(store: Store) -> None:
    run = store.start_run("marsad ingest corpus/")
    store.upsert_articles(articles(3), run_id=run)
    problems = [
        Problem("E103", "corpus/photo.jpg", "binary file"),
        Problem("E105", "corpus/قديم.txt", "encoding unknown"),
    ]
    assert store.add_problems(run, problems) == 2
    store.finish_run(run, {"inserted": 3, "skipped": 2})
    other = store.start_run("marsad ingest more/")
    store.add_problems(other, [Problem("E104", "more/empty.txt", "empty")])
    assert store.problems(run) == problems
    assert len(store.problems()) == 3
    first, second = store.runs()
    assert (first.id, first.command, first.counts) == (
        run,
        "marsad ingest corpus/",
        {"inserted": 3, "skipped": 2},
    )
    assert first.finished_at is not None and first.finished_at >= first.started_at
    assert second.finished_at is None
    with store.engine.connect() as conn:
        assert set(conn.execute(select(S.articles.c.run_id)).scalars()) == {run}
