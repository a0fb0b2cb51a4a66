"""marsad.read: every input format, built as a real file in the test."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import zipfile
from pathlib import Path

import pytest

from marsad.errors import Problem
from marsad.model import RawDocument
from marsad.read import ReadOptions, iter_files, read_paths, read_stdin
from marsad.read.dates import to_iso
from marsad.read.encoding import decode_bytes

# Real sentences from the seed articles (../shared/corpus/seeds), kept inside ISO-8859-6.
S1 = (
    "وقال المتحدث باسم الرئاسة التركية إبراهيم كالين إن بلاده توصلت مع روسيا "
    "لاتفاق على العمل في سبيل وقف لإطلاق النار في ليبيا."
)
S2 = (
    "وأكد وزير الخارجية الجزائري رمطان لعمامرة في الجلسة الافتتاحية أن دول الجوار "
    "هي التي تتحمل تبعات الاضطرابات الحاصلة في هذا البلد."
)
S3 = "وتنفي موسكو صحة اتهامات ليبية لها بتقديم دعم عسكري لمليشيات حفتر."
S4 = (
    "أعلن مصدر مسؤول بالجامعة العربية، أن السفير حسام زكي أجرى لقاء أمس الثلاثاء "
    "مع ستيفاني ويليامز رئيسة بعثة الدعم الأممية في ليبيا بالإنابة."
)
TITLE = "مؤتمر الجزائر يبحث دعم خريطة طريق الحل في ليبيا"
OUTLET = "الشرق الأوسط"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SNN = SHARED / "saudinewsnet"
SEEDS = SHARED / "seeds"


def read(*paths: Path | str, **options: object) -> list[RawDocument | Problem]:
    return list(read_paths(paths, ReadOptions(**options)))


def docs_of(items: list) -> list[RawDocument]:
    return [x for x in items if isinstance(x, RawDocument)]


def problems_of(items: list) -> list[Problem]:
    return [x for x in items if isinstance(x, Problem)]


def only_doc(items: list) -> RawDocument:
    assert len(items) == 1 and isinstance(items[0], RawDocument), items
    return items[0]


def only_problem(items: list, code: str) -> Problem:
    assert len(items) == 1 and isinstance(items[0], Problem), items
    assert items[0].code == code, items[0]
    return items[0]


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def news_page(charset: str = "utf-8", date: bool = True) -> str:
    published = (
        '<meta property="article:published_time" content="2021-08-31T10:00:00+03:00">'
        if date
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="{charset}">
<title>{TITLE}</title>
<meta property="og:site_name" content="{OUTLET}">
{published}
<meta name="author" content="رنيم حنوش">
<link rel="canonical" href="https://example.com/news/412746">
</head><body>
<nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/sport">رياضة</a></li>
<li><a href="/about">قائمة التصفح العلوية</a></li></ul></nav>
<article><h1>{TITLE}</h1>
<p>{S1}</p>
<p>{S2}</p>
<p>{S3}</p>
</article>
<footer><p>جميع الحقوق محفوظة لصحيفة المثال سياسة الخصوصية</p></footer>
</body></html>
"""


# --- plain text and encodings ------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["cp1256", "iso8859-6"])
def test_arabic_single_byte_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    text = f"{S1}\r\n{S2}\r\n\r\n{S4}\r\n"
    path = write(tmp_path / "article.txt", text.encode(encoding))
    doc = only_doc(read(path))
    assert doc.encoding == encoding
    assert doc.text == text.replace("\r\n", "\n")
    assert (doc.source, doc.record, doc.fmt) == (str(path), 0, "txt")


SHORT = ["أحفاد عمر المختار", "خلال الفترة", "سبل استئناف مباحثات", "حفتر، بدعم من", "مكثفة مع"]


@pytest.mark.parametrize("sentence", [S1, S2, S3, S4, *SHORT])
@pytest.mark.parametrize("encoding", ["cp1256", "iso8859-6"])
def test_short_arabic_text_is_not_confused_between_cp1256_and_iso8859_6(
    sentence: str, encoding: str
) -> None:
    decoded = decode_bytes(sentence.encode(encoding))
    assert (decoded.text, decoded.encoding) == (sentence, encoding)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared corpus not present")
def test_every_seed_sentence_round_trips_through_both_arabic_code_pages() -> None:
    lines = [line for f in sorted(SEEDS.glob("*.txt")) for line in f.read_text().splitlines()]
    checked = 0
    for line in filter(None, (line.strip() for line in lines)):
        for encoding in ("cp1256", "iso8859-6"):
            try:
                data = line.encode(encoding)
            except UnicodeEncodeError:  # e.g. guillemets are not in ISO-8859-6
                continue
            assert decode_bytes(data).text == line, (encoding, line)
            checked += 1
    assert checked > 50


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    path = write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + f"{S1}\r\n{S2}".encode())
    doc = only_doc(read(path))
    assert doc.text == f"{S1}\n{S2}"
    assert doc.encoding == "utf-8"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, encoding: str) -> None:
    data = ("\ufeff" if encoding.endswith("be") else "") + f"{S3}\n{S4}\n"
    path = write(tmp_path / "wide.txt", data.encode(encoding))
    doc = only_doc(read(path))
    assert doc.text == f"{S3}\n{S4}\n"
    assert doc.encoding.startswith("utf-16")


def test_latin_text_in_cp1252() -> None:
    text = "Le porte-parole du ministère a déclaré que la réunion était très importante."
    assert decode_bytes(text.encode("cp1252")).text == text


def test_forced_encoding(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", S2.encode("cp1256"))
    assert only_doc(read(path, encoding="windows-1256")).text == S2
    only_problem(read(path, encoding="utf-8"), "E105")
    only_problem(read(path, encoding="no-such-codec"), "E105")


def test_undetectable_encoding_is_e105(tmp_path: Path) -> None:
    noise = bytes(range(0x80, 0x100))
    data = b" ".join(noise[i : i + 5] for i in range(0, len(noise), 5)) * 4
    problem = only_problem(read(write(tmp_path / "noise.txt", data)), "E105")
    assert problem.path.endswith("noise.txt")


# --- HTML -------------------------------------------------------------------------------


def test_html_page_main_text_and_metadata(tmp_path: Path) -> None:
    path = write(tmp_path / "page.html", news_page().encode())
    doc = only_doc(read(path))
    assert doc.fmt == "html"
    assert doc.title == TITLE
    assert doc.outlet == OUTLET
    assert doc.date == "2021-08-31"
    assert doc.url == "https://example.com/news/412746"
    assert doc.author == "رنيم حنوش"
    lines = doc.text.split("\n")
    assert S1 in lines and S2 in lines and S3 in lines
    assert "الرئيسية" not in doc.text
    assert "جميع الحقوق محفوظة" not in doc.text


def test_html_in_cp1256_uses_its_meta_charset(tmp_path: Path) -> None:
    path = write(tmp_path / "page.htm", news_page("windows-1256").encode("cp1256"))
    doc = only_doc(read(path))
    assert doc.encoding == "cp1256"
    assert S1 in doc.text and doc.title == TITLE


def test_html_without_main_text_is_e104(tmp_path: Path) -> None:
    page = "<html><head><title>x</title><script>var a = 1;</script></head><body><img src='a.png'></body></html>"
    only_problem(read(write(tmp_path / "empty.html", page.encode())), "E104")


# --- WARC --------------------------------------------------------------------------------


def write_warc(path: Path, compress: bool) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    def response(writer, url, body, ctype, status="200 OK", date="2021-09-01T08:30:00Z"):
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        return writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": date},
        )

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=compress)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        page = news_page(date=False).encode("cp1256").replace(b"windows-1256", b"x")
        records = [
            response(writer, "https://example.com/a", page, "text/html; charset=windows-1256"),
            response(writer, "https://example.com/logo.png", PNG, "image/png"),
            response(
                writer,
                "https://example.com/gone",
                b"<html>404</html>",
                "text/html",
                "404 Not Found",
            ),
            response(writer, "https://example.com/b.txt", f"{S4}\n".encode(), "text/plain"),
        ]
        for record in records:
            writer.write_record(record)
    return path


@pytest.mark.parametrize(("name", "compress"), [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_warc_responses_become_documents(tmp_path: Path, name: str, compress: bool) -> None:
    path = write_warc(tmp_path / name, compress)
    items = read(path)
    assert problems_of(items) == []
    html, text = docs_of(items)
    assert (html.fmt, html.source, html.record) == ("warc", str(path), 1)
    assert html.url == "https://example.com/a"
    assert html.date == "2021-09-01"  # the page states no date: WARC-Date
    assert html.encoding == "cp1256"
    assert html.title == TITLE and html.outlet == OUTLET
    assert S2 in html.text and "الرئيسية" not in html.text
    assert (text.text, text.url, text.record) == (f"{S4}\n", "https://example.com/b.txt", 4)


def test_warc_unpacked_budget_is_e108(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "crawl.warc.gz", True)
    items = read(path, max_unpacked_bytes=600)
    assert problems_of(items)[-1].code == "E108"


def test_whole_file_gzip_warc(tmp_path: Path) -> None:
    plain = write_warc(tmp_path / "crawl.warc", False).read_bytes()
    path = write(tmp_path / "crawl2.warc.gz", gzip.compress(plain))  # `gzip crawl.warc`
    assert [d.url for d in docs_of(read(path))] == [
        "https://example.com/a",
        "https://example.com/b.txt",
    ]


def test_corrupt_warc_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    good = write_warc(tmp_path / "good.warc", False).read_bytes()
    garbage = write(tmp_path / "garbage.warc", good + b"not a WARC record\r\n\r\n")
    cut = write(tmp_path / "cut.warc", good[: len(good) // 2])
    gz_cut = write(tmp_path / "cut.warc.gz", gzip.compress(good)[:900])
    header_only = write(tmp_path / "header.warc", b"WARC/1.0\r\n")
    after = write(tmp_path / "after.txt", S3.encode())
    items = read(garbage, cut, gz_cut, header_only, after)
    assert [d.source for d in docs_of(items)] == [str(garbage)] * 2 + [str(after)]
    assert [(p.path, p.code) for p in problems_of(items)] == [
        (str(garbage), "E106"),
        (str(cut), "E106"),
        (str(gz_cut), "E106"),
        (str(header_only), "E104"),
    ]


# --- feeds -------------------------------------------------------------------------------


def test_rss_feed_entries(tmp_path: Path) -> None:
    rss = f"""<?xml version="1.0" encoding="windows-1256"?>
<rss version="2.0"><channel><title>{OUTLET}</title><link>https://example.com/</link>
<item><title>{TITLE}</title><link>https://example.com/1</link>
<pubDate>Thu, 23 Jul 2015 01:28:17 +0300</pubDate>
<description>&lt;p&gt;{S1}&lt;/p&gt;&lt;p&gt;{S2}&lt;/p&gt;</description></item>
<item><title>بلا نص</title><link>https://example.com/2</link></item>
<item><title>خبر ثالث</title><link>https://example.com/3</link><description>{S3}</description></item>
</channel></rss>"""
    path = write(tmp_path / "feed.xml", rss.encode("cp1256"))
    items = read(path)
    first, third = docs_of(items)
    assert (first.fmt, first.record, first.outlet) == ("feed", 0, OUTLET)
    assert first.text == f"{S1}\n{S2}"
    assert (first.title, first.url, first.date) == (TITLE, "https://example.com/1", "2015-07-23")
    assert (third.record, third.text) == (2, S3)
    assert [p.code for p in problems_of(items)] == ["E110"]


def test_atom_feed_entries(tmp_path: Path) -> None:
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>{OUTLET}</title><id>urn:x</id>
<updated>2021-08-31T10:00:00Z</updated>
<entry><title>{TITLE}</title><link href="https://example.com/atom/1"/><id>urn:1</id>
<published>2021-08-30T23:30:00-02:00</published><updated>2021-08-31T10:00:00Z</updated>
<author><name>رنيم حنوش</name></author>
<content type="html">&lt;p&gt;{S3}&lt;/p&gt;&lt;p&gt;{S4}&lt;/p&gt;</content></entry>
</feed>"""
    doc = only_doc(read(write(tmp_path / "atom", atom.encode())))
    assert doc.fmt == "feed" and doc.outlet == OUTLET and doc.author == "رنيم حنوش"
    assert (doc.text, doc.url, doc.date) == (
        f"{S3}\n{S4}",
        "https://example.com/atom/1",
        "2021-08-30",
    )


# --- CSV, JSON, JSONL --------------------------------------------------------------------


def csv_bytes(header: list[str], rows: list[list[str]], delimiter: str = ",") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def test_csv_with_columns_mapped_by_options(tmp_path: Path) -> None:
    data = csv_bytes(
        ["matn", "ras", "rabit", "tarikh", "jarida"],
        [
            [f"{S1}\n{S2}", TITLE, "https://example.com/1", "23/07/2015", OUTLET],
            [S3, "", "", "", ""],
        ],
    )
    path = write(tmp_path / "export.csv", data)
    options = dict(
        text_col="matn", title_col="ras", url_col="rabit", date_col="tarikh", outlet_col="jarida"
    )
    first, second = docs_of(read(path, **options))
    assert (first.text, first.title, first.url) == (f"{S1}\n{S2}", TITLE, "https://example.com/1")
    assert (first.date, first.outlet, first.fmt, first.record) == ("2015-07-23", OUTLET, "csv", 0)
    assert (second.text, second.title, second.record) == (S3, None, 1)
    only_problem(read(path), "E110")  # without the mapping there is no text column


def test_csv_auto_detected_columns_and_bad_rows(tmp_path: Path) -> None:
    data = csv_bytes(
        ["Title", "Content", "Link", "pubDate", "Source"],
        [
            [TITLE, S1, "https://example.com/1", "2015-07-23 19:28:17", "aawsat"],
            ["قصير", S2, "only three fields"],
            ["بلا نص", "", "https://example.com/3", "", ""],
            ["الأخير", S4, "https://example.com/4", "", "okaz"],
        ],
        delimiter=";",
    )
    path = write(tmp_path / "no-extension", data)
    items = read(path)
    first, last = docs_of(items)
    assert (first.title, first.text, first.date, first.outlet) == (
        TITLE,
        S1,
        "2015-07-23",
        "aawsat",
    )
    assert (last.text, last.record, last.outlet) == (S4, 3, "okaz")
    bad, empty = problems_of(items)
    assert (bad.code, empty.code) == ("E106", "E110")
    assert "row 2 (line 3)" in bad.reason and bad.path == str(path)


def test_jsonl_with_a_malformed_line(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {"title": TITLE, "text": S1, "url": "https://example.com/1"}, ensure_ascii=False
        ),
        '{"title": "مكسور", "text": "' + S2,
        "",
        json.dumps(
            {"headline": "ثالث", "body": S3, "published": "2021-08-31T10:00:00Z"},
            ensure_ascii=False,
        ),
        json.dumps({"title": "بلا نص", "text": "  "}, ensure_ascii=False),
    ]
    path = write(tmp_path / "batch.jsonl", "\n".join(lines).encode())
    items = read(path)
    first, third = docs_of(items)
    assert (first.text, first.record, first.fmt) == (S1, 0, "jsonl")
    assert (third.title, third.text, third.date, third.record) == ("ثالث", S3, "2021-08-31", 2)
    malformed, empty = problems_of(items)
    assert malformed.code == "E106" and malformed.path == str(path) and "line 2" in malformed.reason
    assert empty.code == "E110" and "line 5" in empty.reason


def saudinewsnet_records() -> list[dict]:
    return [
        {
            "source": "aawsat",
            "url": "http://aawsat.com/home/article/412746",
            "date_extracted": "2015-07-23 19:28:17",
            "title": TITLE,
            "author": "سلمان الدوسري",
            "content": f"{S1}\n{S2}",
        },
        {
            "source": "okaz",
            "url": "http://okaz.com.sa/1",
            "date_extracted": "2015-07-23 08:00:00",
            "title": "بلا نص",
            "author": "",
            "content": "",
        },
        {
            "source": "sabq",
            "url": "http://sabq.org/2",
            "date_extracted": "2015-07-24 00:10:00",
            "title": "خبر",
            "author": "",
            "content": S4,
        },
    ]


def test_json_array_in_the_saudinewsnet_shape(tmp_path: Path) -> None:
    data = json.dumps(saudinewsnet_records(), ensure_ascii=False, indent=1).encode()
    path = write(tmp_path / "2015-07-23.json", data)
    items = read(path)
    first, third = docs_of(items)
    assert (first.outlet, first.date, first.title, first.author) == (
        "aawsat",
        "2015-07-23",
        TITLE,
        "سلمان الدوسري",
    )
    assert (first.url, first.text, first.fmt, first.record) == (
        "http://aawsat.com/home/article/412746",
        f"{S1}\n{S2}",
        "json",
        0,
    )
    assert (third.outlet, third.record, third.author) == ("sabq", 2, None)
    assert [p.code for p in problems_of(items)] == ["E110"]


def test_a_txt_file_that_starts_with_a_bracket_is_text(tmp_path: Path) -> None:
    text = f"[عاجل] {S1}\n{S2}"
    assert only_doc(read(write(tmp_path / "news.txt", text.encode()))).text == text
    only_problem(read(write(tmp_path / "news.json", text.encode())), "E106")


def test_broken_json_array_is_e106_with_its_line(tmp_path: Path) -> None:
    data = json.dumps(saudinewsnet_records(), ensure_ascii=False, indent=1)[:-30]
    problem = only_problem(read(write(tmp_path / "cut.json", data.encode())), "E106")
    assert "line" in problem.reason


# --- archives ----------------------------------------------------------------------------


def test_zip_of_json_members(tmp_path: Path) -> None:
    path = tmp_path / "archive.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("2015-07-23.json", json.dumps(saudinewsnet_records(), ensure_ascii=False))
        archive.writestr("notes/readme.txt", S3)
        archive.writestr("__MACOSX/._2015-07-23.json", b"\x00\x05\x16\x07")
        archive.writestr("logo.png", PNG)
    items = read(path)
    docs = docs_of(items)
    assert [d.source for d in docs] == [f"{path}!2015-07-23.json"] * 2 + [
        f"{path}!notes/readme.txt"
    ]
    assert docs[0].outlet == "aawsat" and docs[2].text == S3
    assert [(p.code, p.path) for p in problems_of(items)] == [
        ("E110", f"{path}!2015-07-23.json"),
        ("E103", f"{path}!logo.png"),
    ]


def test_zip_inside_zip(tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("a.txt", S1)
    path = tmp_path / "outer.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("inner.zip", inner.getvalue())
    assert only_doc(read(path)).source == f"{path}!inner.zip!a.txt"


def test_zip_bomb_is_e108(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.txt", b"0" * 3_000_000)  # unpacks ~1000x its packed size
    only_problem(read(path), "E108")
    small = tmp_path / "small.zip"
    with zipfile.ZipFile(small, "w") as archive:
        archive.writestr("a.txt", S1)
        archive.writestr("b.txt", S2)
    only_problem(read(small, max_unpacked_bytes=100), "E108")


def test_gzip_member_and_gzip_bomb(tmp_path: Path) -> None:
    line = json.dumps({"content": S2, "title": "خبر"}, ensure_ascii=False)
    path = write(tmp_path / "batch.jsonl.gz", gzip.compress(f"{line}\n{line}\n".encode()))
    docs = docs_of(read(path))
    assert [(d.text, d.fmt, d.source) for d in docs] == [(S2, "jsonl", str(path))] * 2
    bomb = write(tmp_path / "bomb.txt.gz", gzip.compress(b" a" * 500_000))
    only_problem(read(bomb, max_unpacked_bytes=10_000), "E108")


# --- bad inputs --------------------------------------------------------------------------


def test_binary_empty_missing_and_too_large(tmp_path: Path) -> None:
    only_problem(read(write(tmp_path / "image.png", PNG + os.urandom(64))), "E103")
    only_problem(read(write(tmp_path / "blob.txt", b"abc\x00\x01\x02" * 100)), "E103")
    only_problem(read(write(tmp_path / "empty.txt", b"")), "E104")
    only_problem(read(write(tmp_path / "blank.txt", b" \r\n\t\n")), "E104")
    only_problem(read(write(tmp_path / "blank16.txt", " \n".encode("utf-16"))), "E104")
    problem = only_problem(read(tmp_path / "missing.txt"), "E101")
    assert problem.path == str(tmp_path / "missing.txt")
    only_problem(read(write(tmp_path / "big.txt", S1.encode()), max_bytes=20), "E107")
    only_problem(read(write(tmp_path / "doc.pdf", b"%PDF-1.7\n%\xe2\xe3")), "E109")
    with zipfile.ZipFile(tmp_path / "letter.docx", "w") as docx:
        docx.writestr("[Content_Types].xml", "<Types/>")
        docx.writestr("word/document.xml", "<w:document/>")
    only_problem(read(tmp_path / "letter.docx"), "E109")
    only_problem(
        read(write(tmp_path / "data.xml", b"<?xml version='1.0'?><root><a>1</a></root>")), "E109"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_special_file_is_e102(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    only_problem(read(fifo), "E102")  # not a regular file: never opened, never blocks


def test_unreadable_file_is_e102(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.txt", S1.encode())
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root: permissions are not enforced")
        only_problem(read(path), "E102")
    finally:
        path.chmod(0o644)


def test_folder_is_read_recursively_and_the_batch_goes_on(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", S1.encode("cp1256"))
    write(
        tmp_path / "a" / "z.jsonl",
        (json.dumps({"text": S2}, ensure_ascii=False) + "\n{bad").encode(),
    )
    write(tmp_path / "a" / "image.png", PNG)
    write(tmp_path / "c" / "empty.txt", b"")
    write(tmp_path / ".hidden" / "x.txt", S3.encode())
    write(tmp_path / ".secret.txt", S3.encode())
    items = read(tmp_path, tmp_path / "nope.txt")
    outcome = [
        (Path(x.source if isinstance(x, RawDocument) else x.path).name, getattr(x, "code", "doc"))
        for x in items
    ]
    assert outcome == [
        ("image.png", "E103"),
        ("z.jsonl", "doc"),
        ("z.jsonl", "E106"),
        ("b.txt", "doc"),
        ("empty.txt", "E104"),
        ("nope.txt", "E101"),
    ]


def test_iter_files_is_sorted_and_skips_hidden(tmp_path: Path) -> None:
    for name in ["b/2.txt", "b/1.txt", "a.txt", ".git/config", "b/.x.txt", "c/d/e.txt"]:
        write(tmp_path / name, b"x")
    names = [p.relative_to(tmp_path).as_posix() for p in iter_files([tmp_path])]
    assert names == ["a.txt", "b/1.txt", "b/2.txt", "c/d/e.txt"]


def test_an_unexpected_error_is_a_problem_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from marsad.read import core

    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(core, "read_json", broken)
    items = read(
        write(tmp_path / "a.json", b'[{"text": "x"}]'), write(tmp_path / "b.txt", S1.encode())
    )
    assert isinstance(items[0], Problem) and "boom" in items[0].reason
    assert items[1].text == S1


# --- stdin and dates ---------------------------------------------------------------------


def test_stdin_text_and_jsonl() -> None:
    doc = only_doc(list(read_stdin(f"{S1}\r\n".encode("cp1256"))))
    assert (doc.source, doc.text, doc.encoding) == ("<stdin>", f"{S1}\n", "cp1256")
    lines = "\n".join(json.dumps({"content": s}, ensure_ascii=False) for s in (S2, S3))
    assert [d.text for d in read_stdin(lines.encode())] == [S2, S3]
    only_problem(list(read_stdin(b"   ")), "E104")
    only_problem(list(read_stdin(S1.encode(), ReadOptions(max_bytes=10))), "E107")


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2015-07-23 19:28:17", "2015-07-23"),
        ("2021-08-31T23:30:00-05:00", "2021-08-31"),
        ("Thu, 23 Jul 2015 01:28:17 +0300", "2015-07-23"),
        ("23 July 2015", "2015-07-23"),
        (1437679697, "2015-07-23"),
        ("2015-02-30", None),
        ("aawsat", None),
        ("", None),
    ],
)
def test_dates_to_iso(value: object, iso: str | None) -> None:
    assert to_iso(value) == iso


# --- the real corpus ---------------------------------------------------------------------


@pytest.mark.skipif(not (SNN / "2015-07-23.zip").exists(), reason="../shared corpus not present")
def test_saudinewsnet_daily_file() -> None:
    items = read(SNN / "2015-07-23.zip")
    docs = docs_of(items)
    assert len(items) == 1318  # one outcome per article in the day's file
    assert all(d.title and d.url and d.date and d.outlet for d in docs)
    assert len(docs) == 1302  # 16 articles have an empty "content": E110 each
    assert {p.code for p in problems_of(items)} == {"E110"}
    assert all(d.source.endswith("2015-07-23.zip!2015-07-23.json") for d in docs)
    assert {d.date for d in docs} <= {"2015-07-22", "2015-07-23", "2015-07-24"}
    assert docs[0].outlet == "aawsat" and docs[0].record == 0
