"""The HTTP JSON API on the sample corpus, built by the real pipeline: every endpoint, paging,
filters, bound parameters, and the bearer token on the write endpoints."""

from __future__ import annotations

import dataclasses
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time

import httpx
import pytest
from fastapi.encoders import jsonable_encoder
from fastapi.testclient import TestClient
from web_sample import SCRIPT, XSS_KEY, build

from marsad.store import open_store
from marsad.web import create_app

TOKEN = "s3cret-token"
HAFTAR = "marsad:khalifa-haftar"  # خليفة حفتر


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build(tmp_path_factory.mktemp("api") / "m.db")


@pytest.fixture(scope="module")
def client(db: str):
    with TestClient(create_app(db, token=TOKEN)) as c:
        yield c


@pytest.fixture(scope="module")
def readonly(db: str):
    with TestClient(create_app(db)) as c:
        yield c


def get(client: TestClient, url: str, **params: object) -> object:
    r = client.get(url, params=params)
    assert r.status_code == 200, (url, r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/json")
    return r.json()


def test_openapi_documents_every_endpoint(client):
    doc = get(client, "/openapi.json")
    paths = set(doc["paths"])
    assert paths >= {
        "/api/stats",
        "/api/outlets",
        "/api/articles",
        "/api/articles/{id_}",
        "/api/articles/by-key",
        "/api/search",
        "/api/actors",
        "/api/actors/{actor_id}",
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/labels",
        "/api/labels/list",
        "/api/quotes/share",
        "/api/timeline",
        "/api/network",
        "/api/export.jsonl",
        "/api/corpus/update",
    }
    assert "post" in doc["paths"]["/api/articles"]
    assert not any(p == "/" or p.startswith("/articles") for p in paths)  # pages stay out
    for write in (
        doc["paths"]["/api/articles"]["post"],
        doc["paths"]["/api/corpus/update"]["post"],
    ):
        assert write["security"] == [{"HTTPBearer": []}]
        assert {"401", "403"} <= set(write["responses"])
    for one in ("/api/articles/{id_}", "/api/actors/{actor_id}", "/api/stories/{story_id}"):
        assert "404" in doc["paths"][one]["get"]["responses"]
    empty = doc["paths"]["/api/articles"]["post"]["responses"]["422"]["content"]
    refs = {s["$ref"] for s in empty["application/json"]["schema"]["anyOf"]}
    assert refs == {"#/components/schemas/CodedProblem", "#/components/schemas/InvalidRequest"}


def test_stats(client):
    s = get(client, "/api/stats")
    assert s["counts"]["articles"] == 7
    assert s["counts"]["quotes"] > 50 and s["counts"]["events"] > 30
    assert s["outlets"] >= 2 and s["first"] <= s["last"]
    assert sum(s["event_types"].values()) == s["counts"]["events"]


def test_outlets(client):
    outlets = get(client, "/api/outlets")
    names = {o["outlet"] for o in outlets}
    assert {"أوج", "ألترا صوت"} <= names
    assert sum(o["articles"] for o in outlets) == 7


def test_articles_page_and_next_link(client):
    first = get(client, "/api/articles", limit=3)
    assert first["total"] == 7 and len(first["items"]) == 3
    assert first["next"] and "offset=3" in first["next"]
    seen = [a["id"] for a in first["items"]]
    url = first["next"]
    while url:
        nxt = client.get(url).json()
        seen += [a["id"] for a in nxt["items"]]
        url = nxt["next"]
    assert sorted(seen) == sorted(set(seen)) and len(seen) == 7
    row = first["items"][0]
    assert {"id", "key", "title", "outlet", "published", "n_quotes", "n_events"} <= set(row)


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"outlet": "أوج"}, lambda a: a["outlet"] == "أوج"),
        ({"since": "2021-01-01"}, lambda a: a["published"] >= "2021-01-01"),
        ({"until": "2020-07"}, lambda a: a["published"][:7] <= "2020-07"),
        ({"event_type": "ASSAULT"}, lambda a: a["n_events"] > 0),
        ({"actor": HAFTAR}, lambda a: a["n_mentions"] > 0),
    ],
)
def test_article_filters(client, params, check):
    page = get(client, "/api/articles", **params)
    assert 0 < page["total"] < 7
    assert all(check(a) for a in page["items"])


def test_parameters_are_bound_not_formatted(client):
    for evil in ("' OR 1=1 --", "أوج' OR '1'='1", '"; DROP TABLE articles; --', "%"):
        for name in ("outlet", "actor", "event_type"):
            assert get(client, "/api/articles", **{name: evil})["total"] == 0
        get(client, "/api/articles", until=evil, since=evil)  # compared as text, no error
        assert get(client, "/api/actors", q=evil)["items"] == []
    assert get(client, "/api/stats")["counts"]["articles"] == 7


def test_limits_are_checked(client):
    assert client.get("/api/articles", params={"limit": 0}).status_code == 422
    assert client.get("/api/articles", params={"limit": 100_000}).status_code == 422
    assert client.get("/api/articles", params={"offset": -1}).status_code == 422


def test_out_of_range_numbers_and_nul_are_client_errors(client):
    """What schemathesis found: these were 500s (SQLite overflow, PostgreSQL NUL)."""
    for url in (
        "/api/actors?offset=9223372036854775808",
        "/api/articles?offset=2147483648",
        "/api/articles/2147483648",
        "/api/stories/-1",
        "/articles/99999999999",
    ):
        assert client.get(url).status_code == 422, url
    for url in ("/api/articles?outlet=a%00", "/api/actors/a%00b", "/api/search?q=%00", "/?q=%00"):
        r = client.get(url)
        assert r.status_code == 422 and "NUL" in r.json()["detail"][0]["msg"], url
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = client.post("/api/articles", json=NEW | {"outlet": "a\x00"}, headers=auth)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "outlet"]


def test_article_detail(client):
    rows = get(client, "/api/articles", outlet="أوج", limit=1)["items"]
    a = get(client, f"/api/articles/{rows[0]['id']}")
    assert a["id"] == rows[0]["id"] and a["outlet"] == "أوج"
    for q in a["quotes"]:
        assert a["text"][q["start"] : q["end"]] == q["text"]
    for e in a["entities"]:
        for m in e["mentions"]:
            assert a["text"][m["start"] : m["end"]] == m["text"]
    assert {"times", "events", "labels", "agencies", "published_how"} <= set(a)
    same = get(client, "/api/articles/by-key", key=a["key"])
    assert same == a


def test_article_detail_is_the_whole_model(client, db):
    """Every field of the stored Article, as jsonable_encoder(asdict(...)) gives it."""
    with open_store(db) as store:
        stored = {a.key: a for a in store.iter_articles()}
    for row in get(client, "/api/articles", limit=500)["items"]:
        body = get(client, f"/api/articles/{row['id']}")
        assert body.pop("id") == row["id"] and body.pop("story") == row["story"]
        assert body == jsonable_encoder(dataclasses.asdict(stored[row["key"]]))


def test_missing_article_is_404(client):
    assert client.get("/api/articles/999999").status_code == 404
    assert client.get("/api/articles/by-key", params={"key": "nope"}).status_code == 404
    assert client.get("/api/articles/abc").status_code == 422


def test_search(client):
    pytest.importorskip("marsad.search")
    res = get(client, "/api/search", q="حفتر", limit=2)
    assert res["total"] >= 3 and len(res["items"]) == 2
    assert res["next"] and "offset=2" in res["next"]
    assert all(h["id"] for h in res["items"])
    only = get(client, "/api/search", q="حفتر", outlet="أوج")
    assert 0 < only["total"] < res["total"]
    assert get(client, "/api/search", q="كلمةلاوجودلها")["total"] == 0
    assert client.get("/api/search").status_code == 422


def test_actors(client):
    page = get(client, "/api/actors", limit=5)
    assert len(page["items"]) == 5 and page["next"]
    found = get(client, "/api/actors", q="حفتر")["items"]
    assert any(a["id"] == HAFTAR for a in found)
    people = get(client, "/api/actors", type="PER", limit=50)["items"]
    assert people and all(a["type"] == "PER" for a in people)


def test_actor_detail(client):
    actor = get(client, f"/api/actors/{HAFTAR}")
    assert actor["id"] == HAFTAR and actor["name"] == "خليفة حفتر"
    assert client.get("/api/actors/no-such-actor").status_code == 404


def test_stories(client):
    page = get(client, "/api/stories", limit=2)
    assert len(page["items"]) == 2 and page["next"]
    story = page["items"][0]
    detail = get(client, f"/api/stories/{story['id']}")
    assert detail["id"] == story["id"] and detail["articles"]
    assert client.get("/api/stories/999999").status_code == 404


def test_labels(client):
    m = get(client, "/api/labels")
    assert m["outlets"] and m["actors"]
    assert len(m["counts"]) == len(m["outlets"])
    assert all(len(row) == len(m["actors"]) for row in m["counts"])
    rows = get(client, "/api/labels/list", outlet="أوج")
    assert rows and all(r["outlet"] == "أوج" for r in rows)


def test_quote_share(client):
    rows = get(client, "/api/quotes/share")
    by_outlet: dict[str, float] = {}
    for r in rows:
        by_outlet[r["outlet"]] = by_outlet.get(r["outlet"], 0) + r["share"]
    assert all(abs(v - 1) < 0.01 for v in by_outlet.values())
    assert all(r["outlet"] == "أوج" for r in get(client, "/api/quotes/share", outlet="أوج"))


def test_timeline(client):
    rows = get(client, "/api/timeline")
    dated = [r["date"] for r in rows if r["date"]]
    assert dated == sorted(dated) and len(rows) > 30
    assault = get(client, "/api/timeline", event_type="ASSAULT")
    assert assault and all(r["type"] == "ASSAULT" for r in assault)
    since = get(client, "/api/timeline", since="2024-01-01")
    assert since and all(r["date"] >= "2024-01-01" for r in since)


def test_network(client):
    g = get(client, "/api/network")
    assert g["directed"] and g["nodes"] and g["edges"]
    ids = {n["id"] for n in g["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in g["edges"])


def test_export_streams_everything(client):
    with client.stream("GET", "/api/export.jsonl") as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("application/x-ndjson")
        lines = [json.loads(x) for x in r.iter_lines() if x]
    assert len(lines) == 7
    assert {"file", "article", "text", "entities", "quotes", "times", "events", "labels"} <= set(
        lines[0]
    )
    assert any(x["key"] == XSS_KEY and SCRIPT in x["text"] for x in lines)
    one = client.get("/api/export.jsonl", params={"outlet": "أوج"}).text.splitlines()
    assert 0 < len(one) < 7


# -- writing -----------------------------------------------------------------------------

NEW = {
    "text": "قال وزير الخارجية التركي إن أنقرة تدعم وقف إطلاق النار في ليبيا.\n",
    "outlet": "اختبار",
}


def test_writing_needs_the_token(client):
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
        r = client.post("/api/articles", json=NEW, headers=headers)
        assert r.status_code == 401, headers
        assert client.post("/api/corpus/update", headers=headers).status_code == 401
    assert get(client, "/api/stats")["counts"]["articles"] == 7


def test_writing_is_off_without_a_configured_token(readonly):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert readonly.post("/api/articles", json=NEW, headers=auth).status_code == 403
    assert readonly.post("/api/corpus/update", headers=auth).status_code == 403


def test_ingest_and_update_with_the_token(db, tmp_path):
    copy = tmp_path / "copy.db"
    with sqlite3.connect(db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(create_app(str(copy), token=TOKEN)) as c:
        before = get(c, "/api/stats")["counts"]["articles"]
        r = c.post("/api/articles", json=NEW, headers=auth)
        assert r.status_code == 201, r.text
        body = r.json()
        assert body["inserted"] == 1 and body["articles"][0]["id"]
        again = c.post("/api/articles", json=NEW, headers=auth).json()
        assert again["unchanged"] == 1  # the same text is stored once
        a = get(c, f"/api/articles/{body['articles'][0]['id']}")
        assert a["outlet"] == "اختبار" and a["entities"]
        assert get(c, "/api/stats")["counts"]["articles"] == before + 1
        done = c.post("/api/corpus/update", headers=auth)
        assert done.status_code == 200 and isinstance(done.json(), dict)
        assert c.post("/api/articles", json={"text": ""}, headers=auth).status_code == 422


# what cleans to nothing: pipeline step 0 drops control characters, the cleaner blank and
# boilerplate lines (lang/ar/boilerplate.yaml)
EMPTY = {
    "whitespace": " \n\t\r\n\u00a0\n",
    "control characters": "\x01\x02\x7f\n\x1b\x00",
    "boilerplate": "اقرأ أيضا\nشارك الخبر\n\nالتعليقات\n",
    "all three": "\x00\n  \nطباعة\n\x07",
}


def test_a_text_that_cleans_to_nothing_is_a_coded_422(store_url):
    """It was a 201 that stored nothing and said nothing: now a 422 that says why (E111),
    with nothing stored, and the next article still goes in. On both backends."""
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(create_app(store_url, token=TOKEN)) as c:
        for what, text in EMPTY.items():
            r = c.post("/api/articles", json=NEW | {"text": text}, headers=auth)
            assert r.status_code == 422, (what, r.text)
            body = r.json()
            assert body["code"] == "E111", what
            assert body["detail"].startswith("E111: no text left after cleaning: <api:"), what
            assert "boilerplate" in body["reason"] and "boilerplate" in body["fix"], what
        assert get(c, "/api/stats")["counts"]["articles"] == 0
        r = c.post("/api/articles", json=NEW, headers=auth)
        assert r.status_code == 201 and r.json()["inserted"] == 1, r.text
        assert get(c, "/api/stats")["counts"]["articles"] == 1


# -- the pages are the plain SQL answer, before and after a write -------------------------

NEWEST_FIRST = "SELECT id FROM articles ORDER BY published IS NULL, published DESC, id"
ACTOR_COUNTS = """
    SELECT e.id, count(DISTINCT m.article_id), count(*) FROM mentions m
    JOIN entities e ON e.id = m.entity_id
    WHERE m.article_id NOT IN (SELECT article_id FROM duplicates) AND {}
    GROUP BY e.id ORDER BY 2 DESC, e.id"""
ACTOR_FILTERS = [
    ({}, "1"),
    ({"type": "PER"}, "e.type = 'PER'"),
    ({"q": "حفتر"}, "e.name LIKE '%حفتر%'"),
]
UNDATED = [
    {"text": "قال وزير الخارجية المصري إن القاهرة تدعم الحل السياسي في ليبيا.\n"},
    {"text": "التقى خليفة حفتر وفدا من الأمم المتحدة في بنغازي لبحث وقف إطلاق النار.\n"},
]


def every(client: TestClient, url: str, limit: int, **params: object) -> list[dict]:
    """All items of a list, page by page through its ``next`` links."""
    items: list[dict] = []
    page = get(client, url, limit=limit, **params)
    while True:
        items += page["items"]
        if not page["next"]:
            return items
        page = client.get(page["next"]).json()  # params={} would drop the link's query


def test_pages_are_the_plain_sql_answer_before_and_after_a_write(db, tmp_path):
    copy = tmp_path / "copy.db"
    with sqlite3.connect(db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)

    def check(c: TestClient) -> None:
        with sqlite3.connect(copy) as conn:
            order = [i for (i,) in conn.execute(NEWEST_FIRST)]
            actors = [
                (params, [tuple(r) for r in conn.execute(ACTOR_COUNTS.format(where))])
                for params, where in ACTOR_FILTERS
            ]
        for limit in (1, 2, 3, 500):
            assert [a["id"] for a in every(c, "/api/articles", limit)] == order
        for params, rows in actors:
            assert rows, params
            for limit in (7, 500):
                got = every(c, "/api/actors", limit, **params)
                assert [(a["id"], a["articles"], a["mentions"]) for a in got] == rows, params

    auth = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(create_app(str(copy), token=TOKEN)) as c:
        check(c)  # the actors' ranking is now kept: the writes below must renew it
        for new in UNDATED:
            assert c.post("/api/articles", json=new, headers=auth).status_code == 201
        assert None in {a["published"] for a in get(c, "/api/articles", limit=500)["items"]}
        check(c)
        assert c.post("/api/corpus/update", headers=auth).status_code == 200
        check(c)


def test_marsad_serve_runs_the_app_on_localhost(db):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "marsad.cli", "serve", "--db", db, "--port", str(port)]
    env = {**os.environ, "MARSAD_TOKEN": TOKEN}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"{base}/api/stats", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
                assert time.monotonic() < deadline, "marsad serve did not start"
                time.sleep(0.2)
        assert r.status_code == 200 and r.json()["counts"]["articles"] >= 7
        auth = {"Authorization": f"Bearer {TOKEN}"}
        assert httpx.post(f"{base}/api/corpus/update", headers=auth).status_code == 200
        assert httpx.post(f"{base}/api/corpus/update").status_code == 401
    finally:
        proc.terminate()
        proc.wait(timeout=20)
