"""HTML pages (main text and metadata via trafilatura) and HTML fragments to text."""

from __future__ import annotations

import re

from marsad.errors import Problem
from marsad.model import RawDocument
from marsad.read.dates import iso_or_raw

_BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote pre tr table section article "
    "header footer figure figcaption dd dt".split()
)
_SPACES = re.compile(r"[ \t\u00a0]+")


def html_document(
    html: str,
    source: str,
    *,
    record: int = 0,
    fmt: str = "html",
    encoding: str | None = None,
    url: str | None = None,
    date: str | None = None,
    where: str = "",
) -> RawDocument | Problem:
    """Main text and metadata of one page; E104 when trafilatura finds no main text.

    ``url`` and ``date`` (e.g. from a WARC header) fill in what the page does not say.
    """
    from trafilatura import bare_extraction

    try:
        found = bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_images=False
        )
    except Exception as exc:  # noqa: BLE001 - trafilatura/lxml raise many kinds
        return Problem("E104", source, f"{where}HTML could not be parsed: {exc}")
    text = (getattr(found, "text", None) or "").strip()
    if not text:
        return Problem("E104", source, f"{where}no main text found in the HTML")
    return RawDocument(
        source=source,
        record=record,
        text=text,
        fmt=fmt,
        encoding=encoding,
        title=_clean(found.title),
        url=url or _clean(found.url),
        date=iso_or_raw(found.date) or date,
        outlet=_clean(found.sitename),
        author=_clean(found.author),
    )


def fragment_text(html: str) -> str:
    """Visible text of an HTML fragment, one line per block element."""
    if "<" not in html:
        return _tidy(html)
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return _tidy(html)
    for bad in root.xpath(".//script|.//style"):
        bad.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
            if element.tag.lower() == "br":
                continue
            element.text = "\n" + (element.text or "")
    return _tidy(root.text_content())


def _tidy(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None
