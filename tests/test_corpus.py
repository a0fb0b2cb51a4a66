"""marsad.corpus on the seed articles: stories, near-duplicates, framing, timeline, network.

Every test runs with the same body on SQLite and PostgreSQL (the ``store`` fixture).
"""

from __future__ import annotations

import io
import json
from functools import cache
from pathlib import Path

import networkx as nx
import pytest
from sqlalchemy import func, inspect, select, text

from marsad.corpus import (
    actor_network,
    corpus_links,
    get_actor,
    get_story,
    label_matrix,
    list_actors,
    list_outlets,
    list_stories,
    outlet_labels,
    quote_share,
    timeline,
    update_corpus,
    write_network,
)
from marsad.corpus import stories as ST
from marsad.corpus.dedup import fingerprint, similarity
from marsad.corpus.terms import word_key
from marsad.export import write_jsonl
from marsad.ingest import analyze, sample_dir
from marsad.model import Article
from marsad.pipeline import Summary, iter_articles
from marsad.read import ReadOptions, read_paths
from marsad.settings import Settings
from marsad.store import SCHEMA_VERSION, Store, open_store
from marsad.store import schema as S

TURKEY_RUSSIA = ("001_6fd764c35ada21fe.txt", "003_95ccd6ef499bed07.txt")
GNA = "marsad:government-of-national-accord"


@cache
def seeds() -> tuple[Article, ...]:
    """The seed articles as the pipeline makes them (computed once)."""
    items = read_paths([sample_dir()], ReadOptions())
    return tuple(iter_articles(items, Settings(), Summary()))


def seed(file: str, index: int = 0) -> Article:
    return next(a for a in seeds() if a.file == file and a.index == index)


def story_of(store: Store) -> dict[tuple[str, int], int]:
    with store.engine.connect() as conn:
        q = select(S.articles.c.file, S.articles.c.idx, S.story_articles.c.story_id).join(
            S.story_articles, S.story_articles.c.article_id == S.articles.c.id
        )
        return {(f, i): s for f, i, s in conn.execute(q)}


def corpus_rows(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the corpus tables, to compare before and after."""
    with store.engine.connect() as conn:
        return {
            t.name: sorted(tuple(map(str, r)) for r in conn.execute(select(t)))
            for t in S.CORPUS_TABLES
        }


@pytest.fixture
def seeded(store: Store) -> Store:
    store.upsert_articles(seeds())
    update_corpus(store)
    return store


# -- stories -----------------------------------------------------------------------------


def test_seed_stories_turkish_russian_talks_together_all_else_alone(seeded: Store) -> None:
    stories = story_of(seeded)
    assert len(stories) == len(seeds()) == 6
    together = stories[(TURKEY_RUSSIA[0], 0)]
    assert stories[(TURKEY_RUSSIA[1], 0)] == together
    others = [s for (f, _), s in stories.items() if f not in TURKEY_RUSSIA]
    assert len(set(others)) == len(others) == 4 and together not in others
    story = get_story(seeded, together)
    assert story is not None
    assert story["outlets"] == ["ألترا صوت", "أوج"]
    assert story["n_articles"] == 2
    assert (story["first"], story["last"]) == ("2020-07-21", "2020-07-30")
    assert "روسية التركية" in story["title"] or "الروسية التركية" in story["title"]
    assert 1 <= len(story["summary"].split(". ")) and "أنقرة" in story["summary"]
    consult = [
        e
        for e in story["timeline"]
        if (e["type"], e["source"], e["target"]) == ("CONSULT", "تركيا", "روسيا")
    ]
    assert consult and any(e["date"] == "2020-07-22" for e in consult)
    assert set(story["framing"]) == {"ألترا صوت", "أوج"}
    auj = story["framing"]["أوج"]
    assert {"actor": "حكومة الوفاق الوطني", "label": "غير الشرعية", "count": 2} in auj["labels"]
    assert not any(lb["label"] == "غير الشرعية" for lb in story["framing"]["ألترا صوت"]["labels"])
    assert get_story(seeded, 10_000) is None


def test_analyze_runs_the_corpus_step(store_url: str) -> None:
    summary = analyze([sample_dir()], Settings(db=store_url))
    assert summary.inserted == 6
    with open_store(store_url) as s:
        st = story_of(s)
        assert st[(TURKEY_RUSSIA[0], 0)] == st[(TURKEY_RUSSIA[1], 0)]
        assert s.runs()[-1].counts["corpus"]["processed"] == 6


def test_update_corpus_is_idempotent(seeded: Store) -> None:
    before = corpus_rows(seeded)
    again = update_corpus(seeded)
    assert again["processed"] == again["new"] == again["changed"] == 0
    assert again["stories"] == 5
    assert corpus_rows(seeded) == before


def test_incremental_new_article_joins_old_assignments_stay(store: Store) -> None:
    first = [a for a in seeds() if a.file != TURKEY_RUSSIA[1]]
    store.upsert_articles(first)
    counts = update_corpus(store)
    assert counts["stories_opened"] == 5 and counts["stories_joined"] == 0
    before = story_of(store)
    store.upsert_articles([seed(TURKEY_RUSSIA[1])])
    counts = update_corpus(store)
    assert counts["processed"] == 1 and counts["stories_joined"] == 1
    after = story_of(store)
    assert {k: after[k] for k in before} == before
    assert after[(TURKEY_RUSSIA[1], 0)] == before[(TURKEY_RUSSIA[0], 0)]
    # a new article about something else, in the same days, opens a story of its own
    other = Article(
        file="greece.txt",
        index=0,
        key="greece",
        text="صوّت البرلمان اليوناني على قانون جديد ضمن شروط التفاوض مع الدائنين في أثينا. "
        "وقال رئيس الوزراء إن الاتفاق مع الدائنين يحمي المصارف اليونانية من الانهيار.",
        outlet="الاقتصادية",
        published="2020-07-23",
    )
    store.upsert_articles([other])
    assert update_corpus(store)["stories_opened"] == 1
    assert story_of(store)[("greece.txt", 0)] not in after.values()


def test_changed_article_keeps_its_story(seeded: Store) -> None:
    a = seed(TURKEY_RUSSIA[1])
    before = story_of(seeded)
    seeded.upsert_articles([a.with_(title="عنوان آخر", content_hash="changed")])
    counts = update_corpus(seeded)
    assert (counts["processed"], counts["changed"], counts["stories_opened"]) == (1, 1, 0)
    assert story_of(seeded) == before


# the Aden fighting of July 2015 as SaudiNewsNet told it: every article names the Houthis,
# Aden and the resistance; each event has its own words, person and place
ADEN_EVENTS = (
    ("مطار", "طائره", "اغاثه"),  # aid flights land at the airport
    ("قصر", "معاشيق", "حكومه"),  # the government back in the palace
    ("العند", "قاعده", "جويه"),  # the air base taken
    ("تعز", "حصار", "قصف"),  # Taiz besieged
    ("اسري", "اعدام", "سجن"),  # prisoners executed
    ("محافظ", "تعيين", "قرار"),  # a governor appointed
    ("ميناء", "سفينه", "وقود"),  # a fuel ship in the port
)


def aden_rarity() -> ST.Rarity:
    rarity = ST.Rarity()
    rarity.set(ST.N_TERM, 20_000)
    topic = {"a:ansar-allah": 600, "p:aden": 500, "w:مقاومه": 700, "w:حوثيين": 600, "w:عدن": 500}
    for term, df in topic.items():
        rarity.set(term, df)
    for i, words in enumerate(ADEN_EVENTS):
        rarity.set(f"a:person-{i}", 20)
        rarity.set(f"p:place-{i}", 30)
        for w in words:
            rarity.set(f"w:{w}", 150)
    return rarity


def aden_article(event: int, day: str) -> ST.Features:
    words = {"مقاومه": 3, "حوثيين": 2, "عدن": 2} | {w: 3 for w in ADEN_EVENTS[event]}
    terms = {
        "a": {"ansar-allah": 2, f"person-{event}": 2},
        "p": {"aden": 1, f"place-{event}": 2},
        "e": {},
        "w": words,
    }
    return ST.Features(terms, day, day)


def story_of_articles(articles: list[ST.Features]) -> dict[str, object]:
    story: dict[str, object] = {}
    for a in articles:
        story = ST.add_to_story(story, a)
    return story


def test_an_article_on_the_topic_but_not_the_event_stays_out_of_a_big_story() -> None:
    rarity = aden_rarity()
    war = ST.Candidate(
        story_of_articles([aden_article(i, f"2015-07-2{1 + i // 3}") for i in range(6)]), rarity
    )
    fuel_ship = aden_article(6, "2015-07-22")
    assert len(war.recent) == ST.RECENT
    # the story's sum of terms is the topic's, and the article matches it ...
    article = ST.ArticleTerms(fuel_ship, rarity)
    assert ST.story_similarity(article, war.terms, 0, rarity) >= ST.THRESHOLD
    # ... but not the articles the story is made of: it opens a story of its own
    dates = ("2015-07-22", "2015-07-22")
    assert ST.recent_similarity(article, dates, war, rarity) < ST.THRESHOLD
    assert ST.best_story(fuel_ship, [(1, war, ("2015-07-21", "2015-07-22"))], rarity) is None
    # a story of that event takes it
    ship = ST.Candidate(story_of_articles([aden_article(6, "2015-07-21")] * 2), rarity)
    cands = [(1, war, ("2015-07-21", "2015-07-22")), (2, ship, ("2015-07-21", "2015-07-21"))]
    found = ST.best_story(fuel_ship, cands, rarity)
    assert found is not None and found[0] == 2


def test_a_story_spans_a_few_days_at_most() -> None:
    rarity = aden_rarity()
    days = ["2015-07-21", "2015-07-22", "2015-07-23"]
    airport = ST.Candidate(story_of_articles([aden_article(0, d) for d in days]), rarity)
    span = (days[0], days[-1])
    assert ST.best_story(aden_article(0, "2015-07-24"), [(1, airport, span)], rarity) is not None
    # two days after its last report, but four after its first: a new story
    later = aden_article(0, "2015-07-25")
    assert ST.days_apart(("2015-07-25", "2015-07-25"), span) <= ST.WINDOW_DAYS
    assert ST.best_story(later, [(1, airport, span)], rarity) is None
    # an article whose dates are a wide interval joins when it reaches into the first days
    wide = aden_article(0, "2015-07-20")
    wide = ST.Features(wide.terms, "2015-07-20", "2015-07-31")
    assert ST.within_span(("2015-07-20", "2015-07-31"), span)
    assert ST.best_story(wide, [(1, airport, span)], rarity) is not None


def test_a_story_keeps_its_last_members() -> None:
    story = story_of_articles([aden_article(i, "2015-07-21") for i in range(6)])
    assert story["n"] == 6
    recent = story["recent"]
    assert isinstance(recent, list) and len(recent) == ST.RECENT
    assert recent[-1]["terms"] == aden_article(5, "2015-07-21").all_terms()
    assert recent[0]["dates"] == ["2015-07-21", "2015-07-21"]
    assert recent[0]["terms"] == aden_article(1, "2015-07-21").all_terms()
    # a story stored before members were kept is compared with its terms alone
    old = ST.Candidate({"n": story["n"], "terms": story["terms"]}, aden_rarity())
    assert not old.recent
    article = ST.ArticleTerms(aden_article(0, "2015-07-21"), aden_rarity())
    assert ST.recent_similarity(article, ("2015-07-21",) * 2, old, aden_rarity()) == 1.0


# -- near-duplicates ---------------------------------------------------------------------


def _edited(a: Article) -> str:
    """A lightly edited re-publication: a sentence cut, a few words changed."""
    sentences = a.text.split(". ")
    del sentences[3]
    body = ". ".join(sentences)
    return body.replace("الثلاثاء", "أمس").replace("مكثفة", "مكثّفة جداً")


def test_fingerprints_tell_copies_from_unrelated_articles() -> None:
    a = seed("002_2652ce4f1c7f173e.txt")
    copy = fingerprint(_edited(a))
    orig = fingerprint(a.text)
    other = fingerprint(seed(TURKEY_RUSSIA[0]).text)
    assert similarity(orig.shingles, copy.shingles) >= 0.8
    assert similarity(orig.shingles, other.shingles) < 0.1
    assert len(set(orig.bands) & set(copy.bands)) > 0
    assert not set(orig.bands) & set(other.bands)


def test_syndicated_copy_links_to_original_and_counts_once(seeded: Store) -> None:
    a = seed("002_2652ce4f1c7f173e.txt")
    labels_before = {
        (r["outlet"], r["actor"], r["label"]): r["count"] for r in outlet_labels(seeded)
    }
    copy = a.with_(
        key="copy-of-002",
        file="copy.txt",
        text=_edited(a),
        outlet="وكالة الأنباء",
        published="2020-06-10",
        content_hash="",
    )
    seeded.upsert_articles([copy])
    counts = update_corpus(seeded)
    assert counts["duplicates"] == 1 and counts["stories_opened"] == 0
    links = corpus_links(seeded)
    orig_link = links[a.key]
    assert links["copy-of-002"] == {
        "story": orig_link["story"],
        "duplicate_of": {"file": a.file, "article": 0},
    }
    assert orig_link["duplicate_of"] is None
    story = get_story(seeded, orig_link["story"])
    assert story is not None and story["n_articles"] == 1  # the copy is not counted
    assert "وكالة الأنباء" in story["outlets"]  # but its outlet is listed
    # no figure counts the copy: its labels, quotes, events are left out
    labels_after = {
        (r["outlet"], r["actor"], r["label"]): r["count"] for r in outlet_labels(seeded)
    }
    assert labels_after == labels_before
    assert not any(r["outlet"] == "وكالة الأنباء" for r in quote_share(seeded))
    assert not timeline(seeded, outlet="وكالة الأنباء")
    outlets = {o["outlet"]: o for o in list_outlets(seeded)}
    assert (outlets["وكالة الأنباء"]["articles"], outlets["وكالة الأنباء"]["copies"]) == (0, 1)
    # unrelated articles are never linked
    assert sum(1 for v in links.values() if v["duplicate_of"]) == 1


def test_an_earlier_copy_becomes_the_original(seeded: Store) -> None:
    a = seed("002_2652ce4f1c7f173e.txt")
    earlier = a.with_(key="earlier", file="earlier.txt", text=_edited(a), published="2020-06-08")
    seeded.upsert_articles([earlier.with_(content_hash="")])
    update_corpus(seeded)
    links = corpus_links(seeded)
    assert links[a.key]["duplicate_of"] == {"file": "earlier.txt", "article": 0}
    assert links["earlier"]["duplicate_of"] is None
    assert links["earlier"]["story"] == links[a.key]["story"]


def outcome(store: Store) -> tuple[list[tuple[object, ...]], dict[str, str]]:
    """Stories (their articles by key, title, summary, count, dates) and copy links by key:
    what the corpus step decided, without the ids it happened to give."""
    with store.engine.connect() as conn:
        key = {i: k for i, k in conn.execute(select(S.articles.c.id, S.articles.c.key))}
        members: dict[int, list[str]] = {}
        for a, s in conn.execute(
            select(S.story_articles.c.article_id, S.story_articles.c.story_id)
        ):
            members.setdefault(s, []).append(key[a])
        st = S.stories.c
        stories = sorted(
            (sorted(members[r.id]), r.title, r.summary, r.n_articles, r.first_date, r.last_date)
            for r in conn.execute(
                select(st.id, st.title, st.summary, st.n_articles, st.first_date, st.last_date)
            )
        )
        dup = S.duplicates.c
        copies = {key[a]: key[o] for a, o in conn.execute(select(dup.article_id, dup.original_id))}
    return stories, copies


def test_batch_size_changes_nothing_but_the_queries(store: Store) -> None:
    a, tr = seed("002_2652ce4f1c7f173e.txt"), seed(TURKEY_RUSSIA[0])
    store.upsert_articles(
        [
            *seeds(),
            a.with_(key="later", file="l.txt", text=_edited(a), published="2020-06-10"),
            a.with_(key="earlier", file="e.txt", text=_edited(a), published="2020-06-08"),
            tr.with_(key="tr-copy", file="t.txt", outlet="وكالة الأنباء"),
        ]
    )
    outcomes = []
    for batch in (1, 4, 500):
        with store.transaction() as conn:
            for t in reversed(S.CORPUS_TABLES):
                conn.execute(t.delete())
        assert update_corpus(store, batch=batch)["processed"] == 9
        outcomes.append(outcome(store))
    assert outcomes[0] == outcomes[1] == outcomes[2]
    stories, copies = outcomes[0]
    assert copies == {a.key: "earlier", "later": "earlier", "tr-copy": tr.key}
    assert len(stories) == 5
    talks = next(s for s in stories if tr.key in s[0])
    assert talks[0] == sorted([tr.key, seed(TURKEY_RUSSIA[1]).key, "tr-copy"])
    assert talks[3] == 2  # the copy is not counted


# -- migration ---------------------------------------------------------------------------


def test_migration_1_to_2_keeps_the_data(store_url: str) -> None:
    with open_store(store_url) as s:
        s.upsert_articles(seeds())
        # make it a version 1 store: no corpus tables, no version 2
        with s.engine.begin() as conn:
            for t in reversed(S.CORPUS_TABLES):
                t.drop(conn)
            conn.execute(text("DROP INDEX ix_articles_updated_at"))
            conn.execute(S.schema_version.delete().where(S.schema_version.c.version > 1))
        before = s.count()
    with open_store(store_url) as s:
        with s.engine.connect() as conn:
            versions = conn.execute(select(S.schema_version.c.version)).scalars().all()
            tables = set(inspect(conn).get_table_names())
            indexes = {i["name"] for i in inspect(conn).get_indexes("articles")}
        assert sorted(versions) == list(range(1, SCHEMA_VERSION + 1))  # 2 and every later one
        assert {t.name for t in S.CORPUS_TABLES} <= tables
        assert "ix_articles_updated_at" in indexes
        assert s.count() == before
        assert update_corpus(s)["processed"] == 6
        assert s.get_article(seeds()[0].key) == seeds()[0].with_(
            content_hash=s.get_article(seeds()[0].key).content_hash  # type: ignore[union-attr]
        )


# -- framing, timeline, network, actors --------------------------------------------------


def test_outlet_labels_auj_calls_the_gna_illegitimate(seeded: Store) -> None:
    rows = outlet_labels(seeded, outlet="أوج", actor=GNA)
    assert rows and all(r["outlet"] == "أوج" and r["actor"] == "حكومة الوفاق الوطني" for r in rows)
    illegit = next(r for r in rows if r["label"] == "غير الشرعية")
    assert illegit["count"] == 4 and illegit["articles"] == 2
    for ex in illegit["examples"]:
        s, e = ex["in_sentence"]
        assert ex["sentence"][s:e] == "غير الشرعية"
        assert ex["file"] in (TURKEY_RUSSIA[1], "004_8287284e28225f74.txt")
    # the same actor is called internationally recognised by Ultra Sawt
    ultra = outlet_labels(seeded, outlet="ألترا صوت", actor="حكومة الوفاق الوطني")
    assert [r["label"] for r in ultra] == ["المعترف بها دوليًا"]


def test_label_matrix_is_outlet_by_actor(seeded: Store) -> None:
    m = label_matrix(seeded)
    assert set(m["outlets"]) >= {"أوج", "ألترا صوت"}
    assert m["actors"][0] == "خليفة حفتر"  # the most labelled actor
    assert len(m["counts"]) == len(m["outlets"])
    assert all(len(row) == len(m["actors"]) for row in m["counts"])
    i, j = m["outlets"].index("أوج"), m["actors"].index("حكومة الوفاق الوطني")
    assert m["counts"][i][j] == sum(m["labels"]["أوج"]["حكومة الوفاق الوطني"].values()) == 5
    json.dumps(m, ensure_ascii=False)


def test_quote_share_sums_to_one_per_outlet(seeded: Store) -> None:
    rows = quote_share(seeded)
    by_outlet: dict[str, float] = {}
    for r in rows:
        by_outlet[r["outlet"]] = by_outlet.get(r["outlet"], 0) + r["share"]
    assert all(abs(v - 1) < 1e-3 for v in by_outlet.values())
    auj = quote_share(seeded, outlet="أوج")
    assert {r["outlet"] for r in auj} == {"أوج"}
    assert any(r["speaker"] == "ماريا زاخاروفا" for r in auj)


def test_timeline_filters(seeded: Store) -> None:
    everything = timeline(seeded)
    dated = [e["date"] for e in everything if e["date"]]
    assert dated == sorted(dated)
    haftar = timeline(seeded, actor="marsad:khalifa-haftar")
    assert haftar and all("خليفة حفتر" in (e["source"], e["target"]) for e in haftar)
    consult = timeline(seeded, event_type="CONSULT", since="2020-07-01", until="2020-07")
    assert consult and all(
        e["type"] == "CONSULT" and "2020-07-01" <= e["date"] <= "2020-07-31" for e in consult
    )
    assert any(
        (e["source"], e["target"], e["place"]) == ("تركيا", "روسيا", "أنقرة") for e in consult
    )
    e = consult[0]
    s, t = e["in_sentence"]
    assert e["sentence"][s:t] and e["story"] is not None
    assert not timeline(seeded, outlet="no such outlet")


def test_actor_network_and_its_exports(seeded: Store, tmp_path: Path) -> None:
    g = actor_network(seeded)
    assert isinstance(g, nx.DiGraph)
    edge = g.edges["Q43", "Q159"]  # Turkey -> Russia
    assert edge["CONSULT"] >= 2 and "CONSULT" in edge["types"]
    assert g.nodes["Q43"]["label"] == "تركيا" and g.nodes["Q43"]["type"] == "LOC"
    assert g.nodes["marsad:sameh-shoukry"]["type"] == "PER"
    for name in ("net.gexf", "net.graphml"):
        path = write_network(g, tmp_path / name)
        back = nx.read_gexf(path) if name.endswith("gexf") else nx.read_graphml(path)
        assert back.number_of_edges() == g.number_of_edges()
    with_co = actor_network(seeded, cooccurrence=True)
    assert with_co.number_of_edges() > g.number_of_edges()
    assert with_co.edges["Q1016", "Q43"]["cooccur"] >= 4  # Libya and Turkey in 5 articles
    with pytest.raises(ValueError):
        write_network(g, tmp_path / "net.txt")


def test_actors_and_outlets(seeded: Store) -> None:
    haftar = get_actor(seeded, "marsad:khalifa-haftar")
    assert haftar is not None and haftar["name"] == "خليفة حفتر"
    assert {"حفتر", "خليفة حفتر"} <= {n["text"] for n in haftar["names"]}
    assert haftar["articles"] == 3 and haftar["mentions"] >= 10
    assert "الجنرال الانقلابي" in haftar["labels_by_outlet"]["(unknown outlet)"]
    assert get_actor(seeded, "nobody") is None
    zak = get_actor(seeded, "marsad:maria-zakharova")
    assert zak is not None and sum(q["quotes"] for q in zak["quotes_over_time"]) >= 1
    people = list_actors(seeded, type="PER", limit=100)
    assert people and all(p["type"] == "PER" for p in people)
    haftars = list_actors(seeded, q="حفتر")
    assert haftars[0]["id"] == "marsad:khalifa-haftar"
    assert all("حفتر" in p["name"] for p in haftars)
    top = list_actors(seeded, limit=1)
    assert top[0]["name"] == "ليبيا" and top[0]["articles"] == 5
    assert list_actors(seeded, limit=2, offset=1)[0] == list_actors(seeded, limit=2)[1]
    outlets = {o["outlet"]: o for o in list_outlets(seeded)}
    assert outlets["أوج"]["articles"] == 2 and outlets["أوج"]["stories"] == 2


def test_list_stories_pages(seeded: Store) -> None:
    all_ = list_stories(seeded, limit=100, offset=0)
    assert len(all_) == 5
    assert list_stories(seeded, limit=2, offset=2) == all_[2:4]
    assert [s["n_articles"] for s in list_stories(seeded, 10, 0, min_articles=2)] == [2]
    json.dumps(all_, ensure_ascii=False)


def test_export_carries_story_and_duplicate_of(seeded: Store) -> None:
    out = io.StringIO()
    write_jsonl(seeded.iter_articles(), out, corpus_links(seeded))
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    by_file = {(d["file"], d["article"]): d for d in lines}
    assert by_file[(TURKEY_RUSSIA[0], 0)]["story"] == by_file[(TURKEY_RUSSIA[1], 0)]["story"]
    assert all(d["duplicate_of"] is None for d in lines)
    assert len({d["story"] for d in lines}) == 5
    assert list(lines[0])[12:14] == ["story", "duplicate_of"]


def test_word_keys_strip_clitics_and_fold_letters() -> None:
    assert word_key("لحفتر") == word_key("وحفتر") == word_key("حفتر")
    assert word_key("والجزائر") == word_key("الجزائر") == word_key("بالجزائر")
    assert word_key("للأمم") == word_key("الامم")
    assert word_key("مدرسة") == word_key("مدرسه")
    assert word_key("أنقرة") == word_key("انقره")
    assert word_key("بلد") == "بلد"  # a stem of three letters keeps its first letter
    assert word_key("«") == ""


def test_counts_are_whole(seeded: Store) -> None:
    with seeded.engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(S.corpus_articles)).scalar_one()
        df = conn.execute(select(S.term_df.c.df).where(S.term_df.c.term == "#articles")).scalar()
    assert n == df == 6
