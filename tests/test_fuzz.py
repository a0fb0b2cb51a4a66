"""Hostile input: fuzzed bytes and text never crash or hang marsad, and offsets stay in bounds.

Hypothesis drives the readers (``read_stdin`` and files), the cleaners, the time parser and the
whole ``pipeline.process`` with a per-example deadline and a hard alarm; then specific hostile
files: over the size limit, binary, HTML nested 10,000 deep, ZIP and gzip bombs (also inside a
WARC.gz), invalid UTF-8, and bidi control characters in the text; last, what the atheris
harnesses in fuzz/ found (tests/test_atheris.py runs them briefly).
"""

from __future__ import annotations

import gzip
import io
import os
import signal
import tracemalloc
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.annotate.meta import anchor_of
from marsad.annotate.times import annotate_times, find_times
from marsad.clean import clean_lines, split_articles
from marsad.errors import Problem
from marsad.model import Article, RawDocument
from marsad.pipeline import load_resources, process
from marsad.read import ReadOptions, read_paths, read_stdin
from marsad.settings import Settings

SETTINGS = Settings()
RES = load_resources(SETTINGS)
EXAMPLES = int(os.environ.get("MARSAD_FUZZ_EXAMPLES", "60"))  # raise it for a long hunt
FUZZ = settings(
    deadline=timedelta(seconds=2),
    max_examples=EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

# Arabic-ish text: real words that trigger the annotators, letters, marks, digits, bidi controls
VOCAB = (
    "قال وأضاف وتابع أكد إن أن الرئيس التركي رجب طيب أردوغان خليفة حفتر المشير الجنرال الانقلابي "
    "حكومة الوفاق الوطني مليشيا المرتزقة طرابلس ليبيا سوريا دمشق وزير الخارجية الروسي لافروف "
    "اليوم أمس غدا الخميس الجمعة يوليو تموز هانيبال/أغسطس الفاتح/سبتمبر ديسمبر (كانون الأول) "
    "المقبل الماضي 2020 23-يوليو-2020 ٢٠٢١ شنت غارة جوية هاجمت التقى اتصال هاتفي وقف إطلاق النار "
    '« » " : ، . ؟ ( ) – (أ.ف.ب) (رويترز) أوج – موسكو الوسوم اقرأ أيضا TT'
).split()
ARABICISH = st.characters(
    codec="utf-8",
    categories=("L", "M", "N", "P", "Z", "S", "Cf"),
    include_characters="\n\t" + BIDI + "\u0640\u064b\u0651",
)
WORD = st.one_of(st.sampled_from(VOCAB), st.text(ARABICISH, min_size=1, max_size=6))
SEP = st.sampled_from([" ", " ", " ", "\n", "\n\n", " \u200f", "\u202e ", "\t"])
ARTICLE_TEXT = st.lists(st.tuples(WORD, SEP), max_size=120).map(
    lambda parts: "".join(w + s for w, s in parts)
)


@contextmanager
def alarm(seconds: float) -> Iterator[None]:
    """Fail (instead of hanging the test run) when the block takes longer than ``seconds``."""

    def _raise(*_: object) -> None:
        raise TimeoutError(f"still running after {seconds}s: a hang")

    old = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def check_article(a: Article) -> None:
    """Every stand-off annotation lies inside the text, and says what it covers."""
    n = len(a.text)
    spans = [*a.times, *a.quotes, *a.events, *a.labels]
    spans += [m for e in a.entities for m in e.mentions]
    for s in spans:
        assert 0 <= s.start <= s.end <= n, (s, n)
    for s in [*a.times, *a.quotes, *[m for e in a.entities for m in e.mentions]]:
        assert a.text[s.start : s.end] == s.text, s


def docs_of(items) -> list[RawDocument]:
    items = list(items)
    assert all(isinstance(i, RawDocument | Problem) for i in items)
    return [i for i in items if isinstance(i, RawDocument)]


# -- fuzzing ---------------------------------------------------------------------------------


@FUZZ
@given(st.binary(max_size=4000))
def test_read_stdin_never_raises(data):
    with alarm(10):
        docs_of(read_stdin(data))


@FUZZ
@given(
    st.one_of(st.binary(max_size=3000), ARTICLE_TEXT.map(lambda t: t.encode("utf-8"))),
    st.sampled_from(["a.txt", "a.html", "a.json", "a.jsonl", "a.csv", "a.xml", "a.warc", "a.gz"]),
)
def test_read_files_never_raises(tmp_path_factory, data, name):
    path = tmp_path_factory.mktemp("f") / name
    path.write_bytes(data)
    with alarm(10):
        docs_of(read_paths([path]))


@FUZZ
@given(ARTICLE_TEXT)
def test_cleaning_keeps_text_from_the_input(text):
    with alarm(10):
        for lines in split_articles(text, RES.boilerplate):
            cleaned = clean_lines(lines, RES.boilerplate, RES.agency_keys)
            assert isinstance(cleaned.body, str)


@FUZZ
@given(ARTICLE_TEXT, st.sampled_from([None, "2020-07-23", "2021-01"]))
def test_times_offsets_in_bounds(text, published):
    with alarm(10):
        for m in find_times(text):
            assert 0 <= m.start < m.end <= len(text)
            assert text[m.start : m.end] == m.text
        month = published if published and len(published) == 7 else None
        for t in annotate_times(text, anchor_of(published), month=month):
            assert text[t.start : t.end] == t.text
            assert t.value is None or t.value[:4].isdigit()


@settings(FUZZ, max_examples=max(1, EXAMPLES * 2 // 3), deadline=timedelta(seconds=5))
@given(ARTICLE_TEXT, st.sampled_from(["txt", "jsonl", "html"]))
def test_process_never_crashes_and_offsets_hold(text, fmt):
    raw = RawDocument("fuzz.txt", 0, text, fmt, url=None)
    with alarm(20):
        for article in process(raw, RES, SETTINGS):
            check_article(article)


# -- hostile files -----------------------------------------------------------------------


def only_problem(path: Path, options: ReadOptions | None = None) -> Problem:
    items = list(read_paths([path], options or ReadOptions()))
    assert len(items) == 1 and isinstance(items[0], Problem), items
    return items[0]


def test_file_over_the_limit_is_not_read_into_memory(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:  # sparse: 60 MB on paper, no disk used
        fh.truncate(60_000_000)
    tracemalloc.start()
    try:
        problem = only_problem(huge)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert problem.code == "E107"
    assert peak < 5_000_000, f"read {peak} bytes of a file it should refuse"
    assert only_problem(huge, ReadOptions(max_bytes=1000)).code == "E107"
    stdin = list(read_stdin(b"x" * 2000, ReadOptions(max_bytes=1000)))
    assert [p.code for p in stdin] == ["E107"]


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 64,
        b"\x7fELF\x02\x01\x01" + bytes(4000),
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
        b"%PDF-1.4\n" + bytes(range(128, 256)) * 16,
    ],
    ids=["bytes", "elf", "png", "pdf"],
)
def test_binary_files_are_problems(tmp_path, data):
    path = tmp_path / "blob.txt"
    path.write_bytes(data)
    assert only_problem(path).code in ("E103", "E105", "E109")


DEEP_BODY = "قال المتحدث باسم الحكومة إن المحادثات ستستأنف الأسبوع المقبل في طرابلس."


def _nested(depth: int) -> str:
    return f"<html><body>{'<div>' * depth}<p>{DEEP_BODY}</p>{'</div>' * depth}</body></html>"


def test_html_nested_ten_thousand_deep_is_read_or_refused_quickly(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text(_nested(10_000), encoding="utf-8")
    with alarm(30):
        items = list(read_paths([path]))
    docs = docs_of(items)
    assert docs or [i.code for i in items] == ["E104"], items
    for doc in docs:
        for article in process(doc, RES, SETTINGS):
            check_article(article)


@pytest.mark.parametrize("depth", [254, 300, 10_000, 200_000])
def test_html_nested_deep_keeps_its_text(depth):
    from marsad.read.html import html_document

    with alarm(30):
        doc = html_document(_nested(depth), "deep.html")
    assert isinstance(doc, RawDocument) and DEEP_BODY in doc.text


def test_html_nested_deep_keeps_text_around_the_deep_part():
    """Text before, inside and after the absurd nesting survives; so does the title."""
    before = "أعلنت وزارة الخارجية اليوم عن جولة جديدة من المحادثات بين الطرفين في جنيف."
    after = "وأضاف المتحدث أن الوفدين سيلتقيان مجددا في نهاية الشهر لبحث الملفات العالقة."
    page = (
        "<html><head><title>محادثات جنيف</title></head><body><article>"
        f"<p>{before}</p>{'<div><span>' * 5000}<p>{DEEP_BODY}</p>{'</span></div>' * 5000}"
        f"<p>{after}</p></article></body></html>"
    )
    from marsad.read.html import html_document

    doc = html_document(page, "deep.html")
    assert isinstance(doc, RawDocument), doc
    assert all(s in doc.text for s in (before, DEEP_BODY, after)), doc.text
    assert doc.title == "محادثات جنيف"


@pytest.mark.parametrize(
    "html, depth, kept",
    [
        ("<div><div><div>a</div></div></div>", 2, "<div><div> a </div></div>"),
        ("<b><i><u>x</u></i></b>y", 1, "<b>  x  </b>y"),
        ("<div><p>a<p>b<br><img src=x><hr/></div>", 1, "<div><p>a<p>b<br><img src=x><hr/></div>"),
        ("<DIV><Div>a</div></DIV>", 1, "<DIV> a </DIV>"),
        ("</div></span>a<div>", 1, "</div></span>a<div>"),
        ("a < b and c<d", 0, "a < b and c<d"),
    ],
)
def test_flatten_nesting_removes_only_tags_past_the_depth(html, depth, kept):
    from marsad.read.html import flatten_nesting

    assert flatten_nesting(html, depth) == kept


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _warc(payload: bytes, media: str) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: " + media.encode() + b"\r\n\r\n" + payload
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.com/a\r\n"
        "WARC-Date: 2020-07-23T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:0>\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
    )
    return head.encode() + http + b"\r\n\r\n"


BOMB = bytes(60_000_000)  # 60 MB of zeros: deflates to ~60 KB


@pytest.mark.parametrize(
    "name, make",
    [
        ("bomb.zip", lambda: _zip({"a.txt": BOMB})),
        ("nested.zip", lambda: _zip({"inner.zip": _zip({"a.txt": BOMB})})),
        ("page.warc.gz", lambda: gzip.compress(_warc(BOMB, "text/html"), 9)),
        ("zip-in.warc.gz", lambda: gzip.compress(_warc(_zip({"a.txt": BOMB}), "application/zip"))),
        ("warc-in.zip", lambda: _zip({"x.warc.gz": gzip.compress(_warc(BOMB, "text/html"))})),
        ("bomb.txt.gz", lambda: gzip.compress(BOMB)),
    ],
)
def test_bombs_are_refused_within_bounded_memory(tmp_path, name, make):
    path = tmp_path / name
    path.write_bytes(make())
    options = ReadOptions(max_bytes=20_000_000, max_unpacked_bytes=30_000_000)
    tracemalloc.start()
    try:
        with alarm(30):
            items = list(read_paths([path], options))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert not docs_of(items) or all(len(d.text) <= 20_000_000 for d in docs_of(items))
    assert any(isinstance(i, Problem) for i in items) or not docs_of(items), items
    assert peak < 80_000_000, f"{name}: {peak / 1e6:.0f} MB allocated while refusing it"


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xfe\xfd invalid \xc3\x28 \xa0\xa1 \xe2\x82 \xf0\x28\x8c\xbc",
        "قال الرئيس إن".encode() + b"\xd9" + "الحرب انتهت.".encode() + b"\xc0\xaf",
        "قال الرئيس إن الحرب انتهت.".encode()[:-3] + b"\xed\xa0\x80",  # a surrogate
    ],
    ids=["garbage", "cut-sequences", "surrogate"],
)
def test_invalid_utf8(tmp_path, data):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with alarm(10):
        for doc in docs_of(read_paths([path])):
            doc.text.encode("utf-8")  # whatever was decoded is valid text
            for article in process(doc, RES, SETTINGS):
                check_article(article)


@pytest.mark.parametrize("mark", list(BIDI), ids=[f"U+{ord(c):04X}" for c in BIDI])
def test_bidi_controls_kept_or_stripped_consistently(mark):
    text = (
        f"طرابلس - وكالات\nقال{mark} المشير خليفة حفتر{mark} اليوم (الخميس) إن «قواته{mark} "
        f"ستواصل القتال»، وأضاف{mark} أن الهدنة انتهت في 23 يوليو 2020.\n"
        f"وقال وزير الخارجية{mark} التركي إن بلاده لن تقبل بذلك.{mark}\n"
    )
    raw = RawDocument("bidi.txt", 0, text, "txt")
    with alarm(20):
        articles = process(raw, RES, SETTINGS)
    assert articles
    for article in articles:
        check_article(article)
        kept = article.text.count(mark)
        assert kept in (0, text.count(mark)), f"{kept} of {text.count(mark)} kept"


# -- found by the atheris harnesses in fuzz/ -----------------------------------------------

DATED_BODY = "قال المتحدث باسم الحكومة أمس إن المحادثات ستستأنف غدا في طرابلس."


def test_impossible_metadata_date_is_not_a_crash():
    """Found by fuzz/fuzz_times.py: a metadata day that does not exist is no anchor."""
    raw = RawDocument("bad-date.jsonl", 0, DATED_BODY, "jsonl", date="2015-02-29")
    (article,) = process(raw, RES, SETTINGS)
    check_article(article)
    assert article.published != "2015-02-29"


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31"])
def test_first_and_last_metadata_day_is_not_a_crash(date):
    """Found by fuzz/fuzz_times.py: `أمس` against 0001-01-01 (a CMS's empty date) or `غدا`
    against 9999-12-31 names a day outside the calendar: no value, no crash."""
    raw = RawDocument("edge-date.jsonl", 0, DATED_BODY, "jsonl", date=date)
    (article,) = process(raw, RES, SETTINGS)
    check_article(article)
    assert None in {t.value for t in article.times}
