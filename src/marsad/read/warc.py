"""WARC and WARC.gz: each HTML (or plain-text) response becomes a document."""

from __future__ import annotations

import gzip
import io
import re
import zlib
from collections.abc import Iterator
from typing import Any

from marsad.errors import Problem
from marsad.model import RawDocument
from marsad.read.dates import to_iso
from marsad.read.detect import declared_charset, sniff_markup
from marsad.read.encoding import NotText, UnknownEncoding, decode_bytes
from marsad.read.html import html_document
from marsad.read.options import Budget, ReadOptions

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)

Doc = RawDocument | Problem


def read_warc(data: bytes, source: str, options: ReadOptions, budget: Budget) -> Iterator[Doc]:
    """Documents from the response records; E108 once the unpacked budget is spent.

    Gzip is unpacked as a stream, so both per-record and whole-file gzip work.
    """
    from warcio.archiveiterator import ArchiveIterator

    stream = _Gunzip(data) if data.startswith(b"\x1f\x8b") else io.BytesIO(data)
    index, found = -1, 0
    try:
        for index, record in enumerate(ArchiveIterator(stream)):
            if not budget.take(record.length or 0):  # counted before warcio skips through it
                yield Problem("E108", source, f"record {index + 1}: unpacked size over the limit")
                return
            doc = record_document(record, source, index, options, budget)
            if doc is not None:
                found += 1
                yield doc
                if isinstance(doc, Problem) and doc.code in ("E106", "E108"):
                    return
    except Exception as exc:  # noqa: BLE001 - warcio raises many kinds on corrupt input
        yield Problem("E106", source, f"corrupt WARC after record {index + 1}: {exc}")
        return
    if getattr(stream, "error", None):  # warcio swallows some read errors
        yield Problem("E106", source, f"corrupt gzip after record {index + 1}: {stream.error}")
    elif not found:
        yield Problem("E104", source, "no HTML or text response in the WARC")


def record_document(
    record: Any, source: str, index: int, options: ReadOptions, budget: Budget
) -> Doc | None:
    """One WARC record as a document, a Problem, or None when it is not a page."""
    media, charset = _media_type(record)
    if not _is_page(record, media):
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI")
    where = f"record {index + 1} ({uri}): "
    payload = _payload(record, options, budget)
    if isinstance(payload, tuple):
        code, reason = payload
        return Problem(code, source, where + reason)
    if not payload.strip():
        return None
    try:
        decoded = decode_bytes(payload, options.encoding, charset or declared_charset(payload))
    except (NotText, UnknownEncoding) as exc:
        return Problem("E105", source, f"{where}{exc}")
    text, encoding = decoded.text, decoded.encoding
    date = to_iso(record.rec_headers.get_header("WARC-Date"))
    if media == "text/plain" or (not media and sniff_markup(text.lstrip()) != "html"):
        return RawDocument(source, index, text, "warc", encoding, url=uri, date=date)
    return html_document(
        text, source, record=index, fmt="warc", encoding=encoding, url=uri, date=date, where=where
    )


def _is_page(record: Any, media: str) -> bool:
    """A successful response (or a resource) that is HTML, plain text, or untyped."""
    if record.rec_type not in ("response", "resource"):
        return False
    if record.http_headers is not None:
        if not (record.http_headers.get_statuscode() or "").startswith("2"):
            return False
    return not media or media in _HTML_TYPES or media == "text/plain"


def _payload(record: Any, options: ReadOptions, budget: Budget) -> bytes | tuple[str, str]:
    """The decoded HTTP body, or (code, reason) when it cannot be had safely."""
    try:
        stream = record.content_stream()
        payload = stream.read(options.max_bytes + 1)
    except Exception as exc:  # noqa: BLE001 - decompression errors inside the payload
        return "E106", f"payload cannot be read: {exc}"
    if len(payload) > options.max_bytes:
        return "E107", f"payload over {options.max_bytes} bytes"
    if stream is record.raw_stream and getattr(stream, "limit", 0) > 0:
        return "E106", "truncated: the file ends inside the record"
    if not budget.take(max(0, len(payload) - (record.length or 0))):
        return "E108", "unpacked size over the limit"
    return payload


class _Gunzip(io.RawIOBase):
    """A gzip stream (one or many members) that remembers a read error warcio may hide."""

    def __init__(self, data: bytes) -> None:
        self._inner = gzip.GzipFile(fileobj=io.BytesIO(data))
        self.error: Exception | None = None

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        try:
            return self._inner.read1(size)
        except (EOFError, OSError, zlib.error) as exc:
            self.error = exc
            raise


def _media_type(record: Any) -> tuple[str, str | None]:
    if record.http_headers is not None:
        value = record.http_headers.get_header("Content-Type") or ""
    else:
        value = record.content_type or ""
    match = _CHARSET.search(value)
    return value.split(";", 1)[0].strip().lower(), match.group(1) if match else None
