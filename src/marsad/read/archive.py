"""ZIP and gzip containers: each member is read as a file, within an unpacking budget."""

from __future__ import annotations

import gzip
import io
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import PurePosixPath

from marsad.errors import Problem
from marsad.model import RawDocument
from marsad.read.options import Budget, ReadOptions

Doc = RawDocument | Problem
ReadMember = Callable[[bytes, str, str], Iterator[Doc]]  # (data, source, name) -> documents

MAX_RATIO = 200  # a member that unpacks to more than this many times its packed size
_RATIO_FLOOR = 1_000_000  # ... and to more than this many bytes, is a bomb


def read_zip(
    data: bytes, source: str, options: ReadOptions, budget: Budget, read_member: ReadMember
) -> Iterator[Doc]:
    """Members in archive order (directories and hidden files skipped)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir() and not _hidden(m.filename)]
    except (zipfile.BadZipFile, zlib.error, ValueError, EOFError) as exc:
        yield Problem("E106", source, f"corrupt ZIP archive: {exc}")
        return
    office = _office_format(m.filename for m in members)
    if office:
        yield Problem("E109", source, f"{office} is not supported")
        return
    unsafe = zip_bomb_reason(members, budget.remaining)
    if unsafe:
        yield Problem("E108", source, unsafe)
        return
    with archive:
        for member in members:
            inner = f"{source}!{member.filename}"
            if member.flag_bits & 0x1:
                yield Problem("E102", inner, "the member is encrypted")
                continue
            result = _unpack(lambda m=member: archive.open(m), inner, options, budget)
            if isinstance(result, Problem):
                yield result
                if result.code == "E108":
                    return
                continue
            yield from read_member(result, inner, member.filename)


def read_gzip(
    data: bytes,
    source: str,
    name: str,
    options: ReadOptions,
    budget: Budget,
    read_member: ReadMember,
) -> Iterator[Doc]:
    """The one (possibly multi-stream) gzip member, named after the file without ``.gz``."""
    result = _unpack(lambda: gzip.GzipFile(fileobj=io.BytesIO(data)), source, options, budget)
    if isinstance(result, Problem):
        yield result
        return
    inner_name = name[:-3] if name.lower().endswith(".gz") else name
    yield from read_member(result, source, inner_name)


def zip_bomb_reason(members: list[zipfile.ZipInfo], allowed: int) -> str | None:
    """Why the declared sizes make the archive unsafe, or None."""
    total = sum(m.file_size for m in members)
    if total > allowed:
        return f"members unpack to {total} bytes, over the limit of {allowed}"
    for m in members:
        if m.file_size > _RATIO_FLOOR and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            return f"{m.filename} unpacks {m.file_size // max(m.compress_size, 1)} times its size"
    return None


def _unpack(
    opener: Callable[[], io.BufferedIOBase], source: str, options: ReadOptions, budget: Budget
) -> bytes | Problem:
    """Read at most the allowed bytes; sizes are counted as read, whatever headers claim."""
    limit = max(0, min(options.max_bytes, budget.remaining))
    try:
        with opener() as stream:
            data = stream.read(limit + 1)
    except (zipfile.BadZipFile, gzip.BadGzipFile, zlib.error, EOFError, OSError) as exc:
        return Problem("E106", source, f"corrupt compressed data: {exc}")
    if len(data) > limit:
        if limit < options.max_bytes:
            return Problem("E108", source, f"unpacks to more than the {limit} bytes left")
        return Problem("E107", source, f"unpacks to more than {options.max_bytes} bytes")
    budget.take(len(data))
    return data


def _office_format(names: Iterable[str]) -> str | None:
    """Word/Excel (OOXML) or OpenDocument/EPUB: ZIP files that are not a batch of inputs."""
    found = set(names)
    if "[Content_Types].xml" in found:
        return "an Office Open XML document (docx/xlsx/pptx)"
    if "mimetype" in found:
        return "an OpenDocument or EPUB file"
    return None


def _hidden(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return any(part.startswith(".") or part == "__MACOSX" for part in parts)
