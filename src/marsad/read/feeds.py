"""RSS and Atom feeds: one document per entry."""

from __future__ import annotations

import io
from collections.abc import Iterator

from marsad.errors import Problem
from marsad.model import RawDocument
from marsad.read.dates import iso_or_raw, to_iso
from marsad.read.html import fragment_text

_UTF8_XML = {"content-type": "application/xml; charset=utf-8"}


def read_feed(text: str, source: str, encoding: str) -> Iterator[RawDocument | Problem]:
    """Entries of an already decoded feed; E106 when it cannot be parsed, E104 when empty."""
    import feedparser

    parsed = feedparser.parse(io.BytesIO(text.encode("utf-8")), response_headers=_UTF8_XML)
    if not parsed.entries:
        if parsed.bozo:
            yield Problem("E106", source, f"malformed feed: {parsed.get('bozo_exception')}")
        else:
            yield Problem("E104", source, "the feed has no entries")
        return
    outlet = (parsed.feed.get("title") or "").strip() or None
    for index, entry in enumerate(parsed.entries):
        yield entry_document(entry, source, index, outlet, encoding)


def entry_document(
    entry: dict, source: str, index: int, outlet: str | None, encoding: str
) -> RawDocument | Problem:
    """One feed entry; text from its content, else its summary; E110 when it has none."""
    text = fragment_text(_entry_html(entry))
    if not text:
        return Problem("E110", source, f"entry {index + 1}: no content or summary")
    return RawDocument(
        source=source,
        record=index,
        text=text,
        fmt="feed",
        encoding=encoding,
        title=_clean(fragment_text(entry.get("title") or "")),
        url=_clean(entry.get("link")),
        date=_entry_date(entry),
        outlet=outlet,
        author=_clean((entry.get("author_detail") or {}).get("name") or entry.get("author")),
    )


def _entry_html(entry: dict) -> str:
    contents = entry.get("content") or []
    values = [c.get("value") or "" for c in contents if (c.get("value") or "").strip()]
    if values:
        return max(values, key=len)
    return entry.get("summary") or ""


def _entry_date(entry: dict) -> str | None:
    for key in ("published", "updated", "created"):
        if entry.get(key):
            return iso_or_raw(entry[key])
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return to_iso(f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}")
    return None


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None
