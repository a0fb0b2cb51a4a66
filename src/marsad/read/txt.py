"""Plain text: one document per file."""

from __future__ import annotations

from marsad.errors import Problem
from marsad.model import RawDocument


def text_document(
    text: str, source: str, encoding: str | None, record: int = 0, fmt: str = "txt"
) -> RawDocument | Problem:
    """The whole text as one document; E104 when it is blank."""
    if not text.strip():
        return Problem("E104", source, "the file holds only whitespace")
    return RawDocument(source=source, record=record, text=text, fmt=fmt, encoding=encoding)
