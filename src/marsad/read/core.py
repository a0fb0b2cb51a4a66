"""Route one input (bytes plus a name) to the reader for its format."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path

from marsad.errors import Problem
from marsad.model import RawDocument
from marsad.read.archive import read_gzip, read_zip
from marsad.read.detect import declared_charset, kind_from_name, sniff_bytes, sniff_markup
from marsad.read.encoding import NotText, UnknownEncoding, decode_bytes
from marsad.read.feeds import read_feed
from marsad.read.html import html_document
from marsad.read.options import Budget, ReadOptions
from marsad.read.tabular import looks_like_csv, read_csv, read_json, read_jsonl
from marsad.read.txt import text_document
from marsad.read.warc import read_warc

Doc = RawDocument | Problem
MAX_DEPTH = 3  # archives inside archives
DEFAULTS = ReadOptions()  # frozen, so safe to share as a default argument


def read_paths(paths: Iterable[str | Path], options: ReadOptions = DEFAULTS) -> Iterator[Doc]:
    """Documents from files and folders; every bad input is a Problem, never an exception."""
    for path in iter_files(paths):
        yield from read_file(path, options)


def read_stdin(data: bytes, options: ReadOptions = DEFAULTS) -> Iterator[Doc]:
    """Documents from bytes read on standard input (source ``<stdin>``)."""
    source = "<stdin>"
    if len(data) > options.max_bytes:
        yield Problem("E107", source, f"{len(data)} bytes, over the limit of {options.max_bytes}")
        return
    yield from _guarded(read_bytes(data, source, "", options), source)


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Named files as given; folders walked recursively in sorted order, hidden entries skipped."""
    for item in paths:
        path = Path(item)
        if path.is_dir():
            yield from _walk(path)
        else:
            yield path


def read_file(path: Path, options: ReadOptions) -> Iterator[Doc]:
    """Documents from one file, or the Problem that stops it from being read."""
    source = str(path)
    data = _load(path, options)
    if isinstance(data, Problem):
        yield data
        return
    yield from _guarded(read_bytes(data, source, path.name, options), source)


def read_bytes(
    data: bytes,
    source: str,
    name: str,
    options: ReadOptions,
    budget: Budget | None = None,
    depth: int = 0,
) -> Iterator[Doc]:
    """Documents from the bytes of one file (or archive member) called ``name``."""
    if not data.strip():
        yield Problem("E104", source, "the file is empty")
        return
    budget = budget or Budget(options.max_unpacked_bytes)
    sniffed = sniff_bytes(data)
    if sniffed is None:
        yield from _read_text(data, source, name, options)
        return
    kind, detail = sniffed
    if kind == "binary":
        yield Problem("E103", source, f"binary data ({detail})")
    elif kind == "unsupported":
        yield Problem("E109", source, f"{detail} is not supported")
    elif kind == "warc":
        yield from read_warc(data, source, options, budget)
    elif depth >= MAX_DEPTH:
        yield Problem("E108", source, f"archives nested more than {MAX_DEPTH} deep")
    else:
        member = partial(_read_member, options=options, budget=budget, depth=depth + 1)
        if kind == "zip":
            yield from read_zip(data, source, options, budget, member)
        else:
            yield from read_gzip(data, source, name, options, budget, member)


def _read_member(
    data: bytes, source: str, name: str, *, options: ReadOptions, budget: Budget, depth: int
) -> Iterator[Doc]:
    return read_bytes(data, source, name, options, budget, depth)


def _read_text(data: bytes, source: str, name: str, options: ReadOptions) -> Iterator[Doc]:
    try:
        decoded = decode_bytes(data, options.encoding, declared_charset(data))
    except NotText as exc:
        yield Problem("E103", source, str(exc))
        return
    except UnknownEncoding as exc:
        yield Problem("E105", source, str(exc))
        return
    text, encoding = decoded.text, decoded.encoding
    if not text.strip():
        yield Problem("E104", source, "the file holds only whitespace")
        return
    kind = text_kind(text, name, options)
    if kind == "html":
        yield html_document(text, source, encoding=encoding)
    elif kind == "feed":
        yield from read_feed(text, source, encoding)
    elif kind == "xml":
        yield Problem("E109", source, "XML that is neither HTML nor an RSS/Atom feed")
    elif kind == "json":
        yield from read_json(text, source, options, encoding)
    elif kind == "jsonl":
        yield from read_jsonl(text, source, options, encoding)
    elif kind == "csv":
        yield from read_csv(text, source, options, encoding)
    else:
        yield text_document(text, source, encoding)


def text_kind(text: str, name: str, options: ReadOptions) -> str:
    """html, feed, xml, json, jsonl, csv or txt: from the content, then from ``name``."""
    head = text.lstrip()
    by_name = kind_from_name(name)
    if head.startswith("<"):
        markup = sniff_markup(head)
        if markup:
            return markup
    if head.startswith(("[", "{")):
        kind = _json_kind(head, by_name)
        if kind:
            return kind
    if by_name == "csv" or looks_like_csv(head, options):
        return "csv"
    return by_name if by_name in ("html", "feed", "json", "jsonl") else "txt"


def _json_kind(head: str, by_name: str | None) -> str | None:
    """json or jsonl; None for a ``.txt`` file that merely starts with a bracket."""
    if by_name == "jsonl" or (head.startswith("{") and _is_jsonl(head)):
        return "jsonl"
    if by_name != "txt":
        return "json"  # parsed once, by the reader, which reports where it breaks
    try:
        json.loads(head)
    except json.JSONDecodeError:
        return None
    return "json"


def _is_jsonl(text: str) -> bool:
    """Several JSON values, or a first line that is a whole object (a later line is bad)."""
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg.startswith("Extra data"):
            return True
        try:
            return isinstance(json.loads(text.split("\n", 1)[0]), dict)
        except json.JSONDecodeError:
            return False
    return False


def _load(path: Path, options: ReadOptions) -> bytes | Problem:
    source = str(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            return Problem("E102", source, "the folder cannot be listed")
        if not stat.S_ISREG(info.st_mode):
            return Problem("E102", source, "not a regular file")
        if info.st_size > options.max_bytes:
            return Problem(
                "E107", source, f"{info.st_size} bytes, over the limit of {options.max_bytes}"
            )
        with path.open("rb") as handle:
            data = handle.read(options.max_bytes + 1)
    except FileNotFoundError:
        return Problem("E101", source, "no such file or folder")
    except PermissionError as exc:
        return Problem("E102", source, f"permission denied ({exc.strerror})")
    except OSError as exc:
        return Problem("E102", source, exc.strerror or str(exc))
    if len(data) > options.max_bytes:
        return Problem("E107", source, f"over the limit of {options.max_bytes} bytes")
    return data


def _walk(folder: Path) -> Iterator[Path]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        yield folder  # reading it reports the problem
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        elif entry.is_file():
            yield Path(entry.path)


def _guarded(docs: Iterator[Doc], source: str) -> Iterator[Doc]:
    """Turn an unexpected exception into a Problem so the batch goes on."""
    try:
        yield from docs
    except Exception as exc:  # noqa: BLE001 - the batch must survive any one bad input
        yield Problem(
            "E106", source, f"unexpected error while reading: {type(exc).__name__}: {exc}"
        )
