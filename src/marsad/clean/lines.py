"""Pure predicates on single lines of a news text (no state, no I/O)."""

from __future__ import annotations

import re

from marsad.resources import Boilerplate
from marsad.text.normalize import match_key

_HASHTAGS_TAIL = re.compile(r"(?:\s*#[^\s#]+)+\s*$")
_ONLY_HASHTAGS = re.compile(r"^\s*(?:#[^\s#]+\s*)+$")
_URL = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$")
_LETTER = re.compile(r"[^\W\d_]")
_SENTENCE_END = re.compile(r"[.!?؟…]\s*[»”\"')]*\s*$")
# a photo credit closing a caption: "(أ.ف.ب)", "(رويترز)", "(غيتي)", "(أرشيفية)"
_CREDIT_TAIL = re.compile(r"\(([^()]{1,40})\)\s*$")
_PHOTO_WORDS = {
    "ارشيفيه",
    "ارشيف",
    "غيتي",
    "غيتي ايمجز",
    "خاص",
    "صوره ارشيفيه",
    "متداوله",
    "الصوره",
    "صوره",
}
_DASHES = "–—-"
_DATELINE = re.compile(r"^\s*([^\s–—\-:|][^–—\-:|]{0,40}?)\s*[–—\-|]\s*([^–—\-:|]{1,40}?)\s*:?\s*$")


def words(line: str) -> int:
    return len(line.split())


def strip_hashtags(line: str) -> tuple[str, str]:
    """Split trailing hashtags off a line: (line without them, the hashtags)."""
    m = _HASHTAGS_TAIL.search(line)
    if not m or m.start() == 0:
        return line, ""
    return line[: m.start()].rstrip(), m.group(0).strip()


def is_noise(line: str) -> bool:
    """Hashtag-only lines, bare URLs and lines with no letter at all (`|`, `***`)."""
    return bool(_ONLY_HASHTAGS.match(line) or _URL.match(line) or not _LETTER.search(line))


def is_boilerplate(line: str, bp: Boilerplate) -> bool:
    key = match_key(line)
    if key in bp.lines:
        return True
    return any(key.startswith(p) for p in bp.prefixes)


def ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line))


def is_paragraph(line: str) -> bool:
    """A body paragraph: a sentence that ends, or long running text."""
    n = words(line)
    return n >= 30 or (n >= 6 and ends_sentence(line))


def is_headline(line: str) -> bool:
    """Headline shape: a few words, no sentence end, no trailing colon or comma."""
    n = words(line)
    s = line.rstrip()
    return 3 <= n <= 30 and not ends_sentence(s) and not s.endswith((":", "،", ",", "؛"))


def credit_of_caption(line: str, agency_keys: frozenset[str]) -> str | None:
    """The credit of a photo caption (`... (أ.ف.ب)`), or None when the line is no caption."""
    m = _CREDIT_TAIL.search(line)
    if not m or words(line) > 45:
        return None
    before = line[: m.start()].rstrip()
    if not before or ends_sentence(before):
        return None
    credit = match_key(m.group(1))
    parts = {p.strip() for p in re.split(r"[،,/]| و", m.group(1))}
    if (
        credit in _PHOTO_WORDS
        or credit in agency_keys
        or all(match_key(p) in agency_keys for p in parts if p)
    ):
        return m.group(1).strip()
    return None


def credit_line(line: str, agency_keys: frozenset[str]) -> tuple[str, ...]:
    """Agencies of a line that is only a parenthesised credit `(رويترز، فرانس برس)`."""
    s = line.strip()
    if not (s.startswith("(") and s.endswith(")")) or words(s) > 12:
        return ()
    parts = [p.strip() for p in re.split(r"[،,/-]", s[1:-1]) if p.strip()]
    if parts and all(match_key(p) in agency_keys for p in parts):
        return tuple(parts)
    return ()


def dateline_parts(line: str) -> tuple[str, str] | None:
    """`أوج – موسكو` -> ('أوج', 'موسكو'): a short line of two names around a dash."""
    if words(line) > 7 or not any(d in line for d in _DASHES + "|"):
        return None
    m = _DATELINE.match(line)
    if not m:
        return None
    a, b = m.group(1).strip(), m.group(2).strip()
    if not a or not b or words(a) > 4 or words(b) > 4:
        return None
    return a, b
