"""HTML pages (main text and metadata via trafilatura) and HTML fragments to text."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from marsad.errors import Problem
from marsad.model import RawDocument
from marsad.read.dates import iso_or_raw

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote pre tr table section article "
    "header footer figure figcaption dd dt".split()
)
_SPACES = re.compile(r"[ \t\u00a0]+")

# libxml2 stops building the tree 255 levels down and drops the rest of the page, so a page
# whose tree reaches _TRUNCATED_DEPTH is read again with tags past _FLAT_DEPTH removed (their
# text kept). trafilatura's time grows with depth too: 200 levels take ~0.2 s, 2,000 take ~4 s.
_TRUNCATED_DEPTH = 250
_FLAT_DEPTH = 100
_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*)[^>]*?(/?)>")
# Void elements, and elements whose end tag HTML lets a page leave out: the parser closes
# them itself, so they add no depth beyond the tags around them.
_UNNESTED_TAGS = frozenset(
    "area base br col embed hr img input link meta param source track wbr "
    "html head body p li dt dd tr td th thead tbody tfoot option optgroup rt rp colgroup "
    "caption".split()
)


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
            _page_tree(html),
            url=url,
            with_metadata=True,
            include_comments=False,
            include_images=False,
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


def _page_tree(html: str) -> HtmlElement | None:
    """The page parsed as trafilatura parses it; flattened first when nested too deep to parse.

    None when lxml finds no tree at all (trafilatura then reports the page as empty).
    """
    from trafilatura import load_html

    tree = load_html(html)
    if tree is not None and _reaches(tree, _TRUNCATED_DEPTH):
        tree = load_html(flatten_nesting(html, _FLAT_DEPTH))
    return tree


def _reaches(tree: HtmlElement, depth: int) -> bool:
    """Whether any element lies ``depth`` levels below the root."""
    return bool(tree.xpath("*/" * (depth - 1) + "*"))


def flatten_nesting(html: str, max_depth: int) -> str:
    """``html`` without the tags that open deeper than ``max_depth`` (nor their end tags).

    The text between tags is kept as it is; a removed tag leaves a space so that words do
    not run together. Depth is counted from the tags as written, leaving out void elements
    and the elements whose end tag is optional; one pass, linear in the page's length.
    """
    open_tags: list[str] = []
    removed: dict[str, int] = {}

    def keep_or_remove(tag: re.Match[str]) -> str:
        closing, name, self_closing = tag.groups()
        name = name.lower()
        if self_closing or name in _UNNESTED_TAGS:
            return tag[0]
        if closing and removed.get(name):
            removed[name] -= 1
            return " "
        if closing:
            if name in open_tags:
                del open_tags[len(open_tags) - 1 - open_tags[::-1].index(name) :]
            return tag[0]
        if len(open_tags) < max_depth:
            open_tags.append(name)
            return tag[0]
        removed[name] = removed.get(name, 0) + 1
        return " "

    return _TAG.sub(keep_or_remove, html)


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
