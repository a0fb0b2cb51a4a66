"""Coded errors that say what went wrong, where, and what to do about it."""

from __future__ import annotations

from dataclasses import dataclass

CODES: dict[str, str] = {
    "E101": "file not found",
    "E102": "file cannot be opened",
    "E103": "binary file (not text, HTML, JSON, CSV, WARC or a feed)",
    "E104": "empty file or no text in it",
    "E105": "text encoding cannot be detected",
    "E106": "malformed record",
    "E107": "file too large",
    "E108": "archive unsafe (too large when unpacked)",
    "E109": "unsupported format",
    "E110": "record has no text",
    "E111": "no text left after cleaning",
    "E201": "store cannot be opened",
    "E202": "store schema is newer than this marsad",
    "E301": "gold file malformed",
    "E302": "system output malformed",
    "E401": "resource file malformed",
    "E501": "Dask scheduler unreachable",
}

FIXES: dict[str, str] = {
    "E101": "check the path",
    "E102": "check permissions",
    "E103": "remove it from the batch or convert it to text",
    "E104": "nothing to do; the file was skipped",
    "E105": "re-save it as UTF-8 or pass --encoding",
    "E106": "fix the record or map its columns with --text-col/--title-col/...",
    "E107": "split the file or raise --max-bytes",
    "E108": "unpack it yourself and check its contents",
    "E109": "convert it to one of: txt, html, json, jsonl, csv, warc, rss/atom",
    "E110": "map the text column with --text-col",
    "E111": "send the article's own text: whitespace, control characters and boilerplate "
    "lines (lang/ar/boilerplate.yaml) are removed",
    "E201": "check --db (a SQLite path or a postgresql:// URL)",
    "E202": "upgrade marsad",
    "E301": "see FORMAT.md for the gold format",
    "E302": "see FORMAT.md for the system output format",
    "E401": "fix the file named in the message",
    "E501": "check --scheduler (tcp://host:port) or use --workers N for a local cluster",
}


@dataclass(frozen=True)
class Problem:
    """A coded, non-fatal problem with one input: reported, and the batch goes on."""

    code: str
    path: str
    reason: str

    @property
    def title(self) -> str:
        return CODES.get(self.code, "error")

    def __str__(self) -> str:
        return f"{self.code}: {self.title}: {self.path}: {self.reason}. Fix: {FIXES.get(self.code, '')}"


class MarsadError(Exception):
    """A coded error; ``problem`` carries the code, the path and the reason."""

    def __init__(self, code: str, path: str, reason: str) -> None:
        self.problem = Problem(code, path, reason)
        super().__init__(str(self.problem))

    @property
    def code(self) -> str:
        return self.problem.code
