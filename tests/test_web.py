"""The dashboard's pages on the sample corpus: Arabic right-to-left, every annotation
highlighted in the article, hostile text escaped everywhere, nothing loaded from elsewhere."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from web_sample import IMG, SCRIPT, XSS_KEY, build

from marsad.model import Article, Entity, Event, Label, Mention, Quote, TimeExpr
from marsad.web import create_app
from marsad.web.pages import Mark, environment, left_out, marks, pieces

HAFTAR = "marsad:khalifa-haftar"
PAGES = [
    "/",
    "/?q=" + quote("حفتر"),
    "/?q=" + quote("موسكو") + "&outlet=",
    "/?outlet=" + quote("أوج") + "&event_type=CONSULT&since=2020-01-01&until=2021",
    "/actors",
    "/actors?q=" + quote("حفتر") + "&type=PER",
    "/actors/" + quote(HAFTAR),
    "/stories",
    "/stories/1",
    "/timeline",
    "/timeline?actor=" + quote(HAFTAR),
    "/network",
    "/labels",
    "/labels?outlet=" + quote("أوج"),
    "/outlets",
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    db = build(tmp_path_factory.mktemp("web") / "m.db")
    with TestClient(create_app(db)) as c:
        yield c


@pytest.fixture(scope="module")
def xss_id(client) -> int:
    return client.get("/api/articles/by-key", params={"key": XSS_KEY}).json()["id"]


def all_pages(xss_id: int) -> list[str]:
    return [*PAGES, "/articles/1", f"/articles/{xss_id}"]


class Tags(HTMLParser):
    """Every start tag of a page, with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def test_every_page_is_arabic_rtl_and_local(client, xss_id):
    for path in all_pages(xss_id):
        r = client.get(path)
        assert r.status_code == 200, path
        assert r.headers["content-type"].startswith("text/html")
        assert '<html lang="ar" dir="rtl">' in r.text, path
        assert "default-src 'self'" in r.headers["content-security-policy"]
        for tag, attrs in tags(r.text):
            for name in ("src", "href"):
                value = attrs.get(name) or ""
                external = value.startswith(("http:", "https:", "//"))
                assert not (external and tag in ("script", "link", "img")), (path, tag, value)


def test_hostile_text_is_escaped_on_every_page(client, xss_id):
    shown = 0
    for path in all_pages(xss_id):
        html = client.get(path).text
        assert SCRIPT not in html and IMG not in html, path
        assert "<script>alert" not in html
        for tag, attrs in tags(html):
            assert not any(name.startswith("on") for name in attrs), (path, tag, attrs)
        shown += "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert shown >= 3  # the title and text are shown, escaped: home, search, article
    scripts = [a for t, a in tags(client.get(f"/articles/{xss_id}").text) if t == "script"]
    assert [a.get("src") for a in scripts if a.get("src")] == ["/static/marsad.js"]
    assert all(a.get("type") in (None, "application/json") for a in scripts)
    assert not any(t == "img" for t, _ in tags(client.get(f"/articles/{xss_id}").text))


def test_article_page_highlights_every_annotation(client):
    a = client.get("/api/articles/3").json()
    html = client.get("/articles/3").text
    spans = [attrs for tag, attrs in tags(html) if tag == "span" and attrs.get("data-ann")]
    ids = {s["data-ann"] for s in spans}
    assert {f"e{i}" for i in range(len(a["entities"]))} <= ids
    assert {f"q{i}" for i in range(len(a["quotes"]))} <= ids
    assert {f"t{i}" for i in range(len(a["times"]))} <= ids
    assert {f"v{i}" for i in range(len(a["events"]))} <= ids
    assert {f"l{i}" for i in range(len(a["labels"]))} <= ids
    by_id = {s["data-ann"]: s for s in spans}
    for i, t in enumerate(a["times"]):
        assert t["value"] in by_id[f"t{i}"]["title"]
    for i, q in enumerate(a["quotes"]):
        if q["speaker"]:
            assert q["speaker"] in by_id[f"q{i}"]["title"]
    for i, ev in enumerate(a["events"]):
        assert ev["type"] in by_id[f"v{i}"]["title"]
    assert {"ent ent-PER", "ent ent-ORG", "ent ent-LOC"} <= {s["class"] for s in spans}
    # the highlighted text is the article text, whole and in order
    body = re.search(r'<div class="text">(.*?)</div>', html, re.S)
    assert body is not None
    plain = re.sub(r"<[^>]+>", "", body.group(1))
    assert plain.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&") == a["text"]
    # side lists link the actors to their pages
    assert f'href="/actors/{quote(HAFTAR, safe="")}"' in html or "/actors/" in html


def test_pieces_handle_overlapping_spans():
    a, b, c = (Mark(x, "k", x, x) for x in "abc")
    text = "0123456789"
    out = pieces(text, [(2, 6, a), (4, 8, b), (4, 5, c), (9, 20, a), (5, 5, b)])
    assert "".join(p.text for p in out) == text
    assert [(p.text, [m.id for m in p.marks]) for p in out] == [
        ("01", []),
        ("23", ["a"]),
        ("4", ["a", "b", "c"]),
        ("5", ["a", "b"]),
        ("67", ["b"]),
        ("8", []),
        ("9", ["a"]),
    ]
    assert pieces("", []) == []


def test_marks_cover_every_annotation_kind():
    text = "قال خليفة حفتر أمس إن الميليشيات هاجمت طرابلس"
    article = Article(
        file="f",
        index=0,
        text=text,
        entities=(Entity("x", "خليفة حفتر", "PER", None, (Mention(4, 14, "خليفة حفتر"),)),),
        quotes=(Quote(22, 46, text[22:46], "قال", False, "خليفة حفتر", "x"),),
        times=(TimeExpr(15, 18, "أمس", "2020-07-22", "relative"),),
        events=(Event(0, 46, "ASSAULT", "الميليشيات", "طرابلس", "طرابلس", "2020-07-22"),),
        labels=(Label(22, 32, "x", "الميليشيات"),),
    )
    kinds = {m.kind for _, _, m in marks(article)}
    assert kinds == {"ent", "quote", "time", "event", "label"}
    ps = pieces(text, marks(article))
    assert ps[0].marks[0].kind == "event"  # the sentence-long event is outermost


def test_links_only_to_web_urls():
    env = environment()
    check = env.filters["http_url"]
    assert check("https://example.org/a") and check("http://x.y")
    assert not check("javascript:alert(1)") and not check("data:text/html,x") and not check(None)
    assert env.filters["path"]("org:TR/x y") == "org%3ATR%2Fx%20y"


def test_story_page_sets_outlets_side_by_side(client):
    story = client.get("/api/stories/1").json()
    html = client.get("/stories/1").text
    for outlet in story["framing"]:
        assert f"<h3>{outlet} " in html
    framing = {
        "A": {
            "events": [{"type": "CONSULT", "source": "x", "target": "y"}],
            "speakers": [{"speaker": "s"}],
            "labels": [],
        },
        "B": {"events": [], "speakers": [], "labels": [{"actor": "x"}]},
    }
    gone = left_out(framing)
    assert gone["B"]["events"] == [("CONSULT", "x", "y")] and gone["B"]["speakers"] == ["s"]
    assert gone["A"]["labels"] == ["x"] and gone["A"]["events"] == []


def test_plots_are_json_for_the_local_plotly(client):
    html = client.get("/labels").text
    assert '<script src="/static/plotly.min.js"></script>' in html
    assert '<script type="application/json" id="fig-labels">' in html
    bundle = client.get("/static/plotly.min.js")
    assert bundle.status_code == 200 and "plotly.js" in bundle.text[:300]


def test_errors_are_pages_for_pages_and_json_for_the_api(client):
    r = client.get("/articles/999999")
    assert r.status_code == 404 and 'dir="rtl"' in r.text
    assert client.get("/actors/nobody").status_code == 404
    assert client.get("/stories/999999").status_code == 404
    assert client.get("/api/articles/999999").json() == {"detail": "no article 999999"}


def test_article_by_key_redirects(client, xss_id):
    r = client.get("/article", params={"key": XSS_KEY}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/articles/{xss_id}"
    assert client.get("/article", params={"key": "nope"}).status_code == 404


def test_home_pages_through_results(client):
    first = client.get("/", params={"limit": 3}).text
    assert 'rel="next"' in first
    last = client.get("/", params={"limit": 3, "offset": 6}).text
    assert 'rel="next"' not in last and "السابق" in last
