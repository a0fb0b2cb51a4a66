"""Format sniffing: content first, the file name's extension second."""

from __future__ import annotations

import re
import zlib
from pathlib import PurePath

_CONTAINERS = ((b"PK\x03\x04", "zip"), (b"PK\x05\x06", "zip"), (b"\x1f\x8b", "gzip"))
_BINARY_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"\x7fELF",
    b"\xca\xfe\xba\xbe",
    b"\xcf\xfa\xed\xfe",
    b"\xce\xfa\xed\xfe",
    b"SQLite format 3\x00",
    b"OggS\x00",
    b"wOFF",
    b"wOF2",
)
_UNSUPPORTED_MAGIC = (
    (b"%PDF-", "PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office (OLE)"),
    (b"{\\rtf", "RTF"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "RAR"),
)
_PROLOG = re.compile(r"(?:<\?.*?\?>|<!--.*?-->|<!(?!doctype\s+html)[^>]*>|\s+)*", re.S | re.I)
_ROOT = re.compile(r"<([A-Za-z][\w:.-]*)")
_DOCTYPE_HTML = re.compile(r"<!doctype\s+html", re.I)
_FEED_ROOTS = frozenset({"rss", "feed", "rdf:rdf", "rdf"})
_HTML_TAGS = frozenset(
    "html head body article section div p span a h1 h2 h3 h4 h5 h6 br table ul ol li "
    "main header footer nav meta title link script style img figure".split()
)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)""", re.I)
_EXT = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".rss": "feed",
    ".atom": "feed",
    ".txt": "txt",
}


def sniff_bytes(data: bytes) -> tuple[str, str] | None:
    """Containers and binary formats from magic bytes: (kind, detail) or None for text.

    kind is zip, gzip, warc, binary or unsupported.
    """
    if data.startswith(b"WARC/"):
        return "warc", ""
    for magic, kind in _CONTAINERS:
        if data.startswith(magic):
            if kind == "gzip" and _gunzip_head(data).startswith(b"WARC/"):
                return "warc", "gzip"
            return kind, ""
    for magic in _BINARY_MAGIC:
        if data.startswith(magic):
            return "binary", "image, font, database or executable"
    for magic, label in _UNSUPPORTED_MAGIC:
        if data.startswith(magic):
            return "unsupported", label
    return None


def sniff_markup(text: str) -> str | None:
    """'html', 'feed' or 'xml' when ``text`` starts with markup, else None."""
    head = text[:4096]
    if _DOCTYPE_HTML.match(head.lstrip()):
        return "html"
    rest = head[_PROLOG.match(head).end() :]
    root = _ROOT.match(rest)
    if not root:
        return None
    name = root.group(1).lower()
    if name in _FEED_ROOTS:
        return "feed"
    if name in _HTML_TAGS:
        return "html"
    return "xml"


def kind_from_name(name: str) -> str | None:
    """The format a file name's extension suggests (inner extension for ``.gz``)."""
    path = PurePath(name.lower())
    if path.suffix == ".gz":
        path = path.with_suffix("")
    return _EXT.get(path.suffix)


def declared_charset(data: bytes) -> str | None:
    """A charset declared in an HTML meta tag or an XML declaration."""
    head = data[:4096]
    match = _XML_ENCODING.search(head) or _CHARSET.search(head)
    return match.group(1).decode("ascii", "replace") if match else None


def _gunzip_head(data: bytes) -> bytes:
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:65536], 64)
    except zlib.error:
        return b""
