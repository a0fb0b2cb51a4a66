"""Fuzz the readers: bytes written as a file of each format (txt, html, jsonl, csv, warc,
warc.gz, feed), read with ``marsad.read.read_paths``.

Half the inputs are the fuzzer's raw bytes, half a well-formed skeleton of the format with
fuzzed fields (so that the fuzzer gets past the format sniffing into each reader). Asserted:
nothing raises but a coded ``MarsadError``; every item is a document or a coded ``Problem``;
a document's text is non-empty and UTF-8-encodable (the store's need); each file is read
within a time bound.

    python fuzz/fuzz_read.py -runs=100000 -max_len=20000 -timeout=30
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import tempfile
from pathlib import Path

import atheris
from harness import fuzzed_text, instrumented, main, within

with instrumented():
    from marsad.errors import CODES, MarsadError, Problem
    from marsad.model import RawDocument
    from marsad.read import ReadOptions, read_paths

OPTIONS = ReadOptions(max_bytes=2_000_000, max_unpacked_bytes=5_000_000)
SECONDS = 10.0  # per file
FOLDER = Path(tempfile.mkdtemp(prefix="marsad-fuzz-read-"))
KEYS = ["text", "title", "url", "date", "body", "content", "outlet", "headline", ""]
NESTING_TAGS = ["div", "span", "b", "section", "font", "p", "li", "table", "a"]
MEDIA = ["text/html", "text/plain", "application/xhtml+xml", "application/zip", "", "image/png"]


def html_page(fdp: atheris.FuzzedDataProvider) -> str:
    depth = fdp.ConsumeIntInRange(0, 300)
    tag = fdp.PickValueInList(NESTING_TAGS)
    paragraphs = "".join(
        f"<p>{fuzzed_text(fdp, 40)}</p>" for _ in range(fdp.ConsumeIntInRange(0, 4))
    )
    return (
        f"<html><head><title>{fuzzed_text(fdp, 8)}</title>"
        f'<meta property="article:published_time" content="{fuzzed_text(fdp, 3)}"></head>'
        f"<body>{f'<{tag}>' * depth}{paragraphs}{f'</{tag}>' * depth}</body></html>"
    )


def json_value(fdp: atheris.FuzzedDataProvider) -> object:
    kind = fdp.ConsumeIntInRange(0, 5)
    if kind == 0:
        return fdp.ConsumeInt(4)
    if kind == 1:
        return None
    if kind == 2:
        return [fuzzed_text(fdp, 5)]
    return fuzzed_text(fdp, 30)


def jsonl_file(fdp: atheris.FuzzedDataProvider) -> str:
    lines = []
    for _ in range(fdp.ConsumeIntInRange(0, 4)):
        if fdp.ConsumeIntInRange(0, 5) == 0:
            lines.append(fuzzed_text(fdp, 5))  # a broken line
            continue
        record = {
            fdp.PickValueInList(KEYS): json_value(fdp) for _ in range(fdp.ConsumeIntInRange(0, 5))
        }
        lines.append(json.dumps(record, ensure_ascii=fdp.ConsumeBool()))
    return "\n".join(lines)


def csv_file(fdp: atheris.FuzzedDataProvider) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=fdp.PickValueInList([",", ";", "\t", "|"]))
    columns = fdp.ConsumeIntInRange(1, 5)
    writer.writerow(fdp.PickValueInList(KEYS) for _ in range(columns))
    for _ in range(fdp.ConsumeIntInRange(0, 4)):
        writer.writerow(fuzzed_text(fdp, 20) for _ in range(fdp.ConsumeIntInRange(0, columns + 1)))
    return buffer.getvalue()


def feed_file(fdp: atheris.FuzzedDataProvider) -> str:
    items = "".join(
        f"<item><title>{fuzzed_text(fdp, 6)}</title><link>{fuzzed_text(fdp, 2)}</link>"
        f"<pubDate>{fuzzed_text(fdp, 4)}</pubDate>"
        f"<description>{fuzzed_text(fdp, 40)}</description></item>"
        for _ in range(fdp.ConsumeIntInRange(0, 3))
    )
    if fdp.ConsumeBool():
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
    entries = items.replace("item>", "entry>").replace("description>", "content>")
    return f'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>{entries}</feed>'


def warc_file(fdp: atheris.FuzzedDataProvider) -> bytes:
    records = []
    for index in range(fdp.ConsumeIntInRange(1, 3)):
        payload = html_page(fdp).encode() if fdp.ConsumeBool() else fdp.ConsumeBytes(400)
        http = b"HTTP/1.1 %d OK\r\nContent-Type: %s\r\n\r\n%s" % (
            fdp.PickValueInList([200, 200, 404, 301]),
            fdp.PickValueInList(MEDIA).encode(),
            payload,
        )
        length = len(http) if fdp.ConsumeIntInRange(0, 4) else fdp.ConsumeIntInRange(0, 1000)
        head = (
            f"WARC/1.0\r\nWARC-Type: {fdp.PickValueInList(['response', 'resource', 'request'])}\r\n"
            f"WARC-Target-URI: http://example.com/{index}\r\nWARC-Date: {fuzzed_text(fdp, 2)}\r\n"
            f"WARC-Record-ID: <urn:uuid:{index}>\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {length}\r\n\r\n"
        )
        records.append(head.encode("utf-8", "replace") + http + b"\r\n\r\n")
    return b"".join(records)


def encoded(fdp: atheris.FuzzedDataProvider, text: str) -> bytes:
    encoding = fdp.PickValueInList(["utf-8", "utf-8", "cp1256", "utf-16", "utf-8-sig"])
    return text.encode(encoding, "ignore")


def file_of(fdp: atheris.FuzzedDataProvider) -> tuple[str, bytes]:
    """A file name and its bytes: raw, or a skeleton of the format with fuzzed fields."""
    ext = fdp.PickValueInList(["txt", "html", "jsonl", "csv", "warc", "warc.gz", "xml"])
    if fdp.ConsumeBool():
        return ext, fdp.ConsumeBytes(fdp.remaining_bytes())
    if ext == "warc":
        return ext, warc_file(fdp)
    if ext == "warc.gz":
        return ext, gzip.compress(warc_file(fdp))
    make = {"html": html_page, "jsonl": jsonl_file, "csv": csv_file, "xml": feed_file}
    text = make[ext](fdp) if ext in make else fuzzed_text(fdp)
    return ext, encoded(fdp, text)


def test_one(data: bytes) -> None:
    ext, content = file_of(atheris.FuzzedDataProvider(data))
    path = FOLDER / f"input.{ext}"
    path.write_bytes(content)
    with within(SECONDS, f"reading a {len(content)}-byte .{ext} file"):
        try:
            items = list(read_paths([path], OPTIONS))
        except MarsadError as exc:
            assert exc.code in CODES, exc
            return
    for item in items:
        if isinstance(item, Problem):
            assert item.code in CODES and item.reason, item
            continue
        assert isinstance(item, RawDocument), item
        assert item.text.strip(), item
        item.text.encode("utf-8")
        for field in (item.title, item.url, item.date, item.outlet, item.author):
            assert field is None or isinstance(field, str), item


if __name__ == "__main__":
    main(test_one)
