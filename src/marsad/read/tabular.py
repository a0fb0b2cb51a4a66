"""Records from JSON, JSONL and CSV, with columns mapped by ReadOptions or auto-detected."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice

from marsad.errors import Problem
from marsad.model import RawDocument
from marsad.read.dates import iso_or_raw
from marsad.read.options import ReadOptions

_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article", "maintext", "full_text", "النص", "المحتوى"),
    "title": ("title", "headline", "العنوان"),
    "url": ("url", "link", "الرابط"),
    "date": (
        "date",
        "published",
        "pubdate",
        "date_published",
        "date_publish",
        "date_extracted",
        "التاريخ",
    ),
    "outlet": ("outlet", "source", "site", "publisher", "sitename", "source_domain", "المصدر"),
    "author": ("author", "authors", "byline", "الكاتب"),
}
_DELIMITERS = (",", "\t", ";", "|")

Doc = RawDocument | Problem


@dataclass(frozen=True)
class Columns:
    """The record field holding each piece of a document (None: absent)."""

    text: str | None
    title: str | None
    url: str | None
    date: str | None
    outlet: str | None
    author: str | None


def resolve_columns(keys: Sequence[str], options: ReadOptions) -> Columns:
    """Map document parts to field names: ReadOptions first, then the known aliases."""
    lowered: dict[str, str] = {}
    for key in keys:
        lowered.setdefault(str(key).strip().lower(), key)
    forced = {
        "text": options.text_col,
        "title": options.title_col,
        "url": options.url_col,
        "date": options.date_col,
        "outlet": options.outlet_col,
    }

    def pick(part: str) -> str | None:
        wanted = forced.get(part)
        if wanted:
            return wanted if wanted in keys else lowered.get(wanted.strip().lower(), wanted)
        return next((lowered[a] for a in _ALIASES[part] if a in lowered), None)

    return Columns(**{part: pick(part) for part in _ALIASES})


@dataclass(frozen=True)
class Place:
    """Where a record sits: its source, 0-based index, format, encoding, and a label."""

    source: str
    index: int
    fmt: str
    encoding: str
    where: str


def record_document(record: Mapping[str, object], columns: Columns, place: Place) -> Doc:
    """One mapped record; E110 when it has no text."""
    text = _as_text(record.get(columns.text)) if columns.text else None
    if not text or not text.strip():
        if columns.text is None:
            fields = ", ".join(map(str, list(record)[:12])) or "none"
            reason = f"{place.where}: no text field (fields: {fields})"
        else:
            reason = f"{place.where}: field {columns.text!r} is missing or empty"
        return Problem("E110", place.source, reason)
    return RawDocument(
        source=place.source,
        record=place.index,
        text=text.replace("\r\n", "\n").replace("\r", "\n"),
        fmt=place.fmt,
        encoding=place.encoding,
        title=_field(record, columns.title),
        url=_field(record, columns.url),
        date=iso_or_raw(_field(record, columns.date)),
        outlet=_field(record, columns.outlet),
        author=_field(record, columns.author, ", "),
    )


def read_json(text: str, source: str, options: ReadOptions, encoding: str) -> Iterator[Doc]:
    """A JSON array of objects, one object, or an object wrapping one array of objects."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Problem(
            "E106", source, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        )
        return
    records = _unwrap(data)
    if records is None:
        yield Problem("E106", source, f"JSON holds a {type(data).__name__}, not objects")
        return
    cache: dict[tuple[str, ...], Columns] = {}
    for index, record in enumerate(records):
        where = f"record {index + 1}"
        if not isinstance(record, dict):
            yield Problem("E106", source, f"{where}: not a JSON object")
            continue
        yield _mapped(record, cache, options, Place(source, index, "json", encoding, where))


def read_jsonl(text: str, source: str, options: ReadOptions, encoding: str) -> Iterator[Doc]:
    """One JSON object per line; a bad line is an E106 naming its line number."""
    cache: dict[tuple[str, ...], Columns] = {}
    index = 0
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"line {lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Problem("E106", source, f"{where}: invalid JSON: {exc.msg} (column {exc.colno})")
        else:
            if isinstance(record, dict):
                yield _mapped(
                    record, cache, options, Place(source, index, "jsonl", encoding, where)
                )
            else:
                yield Problem("E106", source, f"{where}: not a JSON object")
        index += 1


def looks_like_csv(text: str, options: ReadOptions) -> bool:
    """A header row naming a text column, and a second row with as many fields."""
    lines = text.split("\n", 2)
    if len(lines) < 2 or not lines[1].strip():
        return False
    delimiter = sniff_delimiter(lines[0])
    header = _split(lines[0], delimiter)
    if len(header) < 2 or any(len(h) > 60 for h in header):
        return False
    if resolve_columns(header, options).text not in header:
        return False
    try:
        rows = list(islice(csv.reader(io.StringIO(text), delimiter=delimiter), 2))
    except csv.Error:
        return False
    return len(rows) == 2 and len(rows[1]) == len(header)


def sniff_delimiter(header_line: str) -> str:
    """The delimiter that splits the header row into the most fields."""
    return max(_DELIMITERS, key=lambda d: (len(_split(header_line, d)), -_DELIMITERS.index(d)))


def read_csv(text: str, source: str, options: ReadOptions, encoding: str) -> Iterator[Doc]:
    """A header row then one record per row; a row of the wrong width is an E106."""
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if source.lower().endswith(".tsv") else sniff_delimiter(first_line)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error) as exc:
        yield Problem("E106", source, f"no CSV header row: {exc}")
        return
    columns = resolve_columns(header, options)
    if columns.text not in header:
        wanted = f"column {columns.text!r} not found" if columns.text else "no text column"
        yield Problem("E110", source, f"{wanted} (columns: {', '.join(header)})")
        return
    yield from _csv_rows(reader, header, columns, source, encoding)


def _csv_rows(
    reader: Iterator[list[str]], header: list[str], columns: Columns, source: str, encoding: str
) -> Iterator[Doc]:
    index = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Problem("E106", source, f"row {index + 1} (line {reader.line_num}): {exc}")
            index += 1
            continue
        if not row or not any(cell.strip() for cell in row):
            continue
        where = f"row {index + 1} (line {reader.line_num})"
        if len(row) != len(header):
            reason = f"{where}: {len(row)} fields, the header has {len(header)}"
            yield Problem("E106", source, reason)
        else:
            record = dict(zip(header, row, strict=True))
            yield record_document(record, columns, Place(source, index, "csv", encoding, where))
        index += 1


def _mapped(
    record: dict, cache: dict[tuple[str, ...], Columns], options: ReadOptions, place: Place
) -> Doc:
    keys = tuple(record)
    columns = cache.get(keys)
    if columns is None:
        columns = cache[keys] = resolve_columns(keys, options)
    return record_document(record, columns, place)


def _unwrap(data: object) -> list | None:
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        return None
    lists = [
        v
        for v in data.values()
        if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)
    ]
    if len(lists) == 1 and not any(k.lower() in _ALIASES["text"] for k in data):
        return lists[0]
    return [data]


def _split(line: str, delimiter: str) -> list[str]:
    row = next(csv.reader([line], delimiter=delimiter), [])
    return [cell.strip() for cell in row]


def _as_text(value: object, joiner: str = "\n") -> str | None:
    if value is None or isinstance(value, dict):
        return None
    if isinstance(value, list):
        parts = [
            str(v).strip() for v in value if isinstance(v, str | int | float) and str(v).strip()
        ]
        return joiner.join(parts) or None
    return str(value)


def _field(record: Mapping[str, object], key: str | None, joiner: str = "\n") -> str | None:
    if key is None:
        return None
    value = _as_text(record.get(key), joiner)
    value = value.strip() if value else None
    return value or None
