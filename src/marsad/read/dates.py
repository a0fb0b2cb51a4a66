"""Metadata dates to ISO ``YYYY-MM-DD``."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

_ISO = re.compile(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s_])")
_DATEPARSER_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PREFER_DATES_FROM": "past",
}


def to_iso(value: object) -> str | None:
    """The date in ``value`` as ``YYYY-MM-DD``, or None when it cannot be parsed."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _from_epoch(float(value))
    text = str(value).strip()
    if not text:
        return None
    match = _ISO.match(text)
    if match:
        return _valid(*(int(g) for g in match.groups()))
    for parse in (_rfc822, _dateparser):
        found = parse(text)
        if found:
            return found
    return None


def iso_or_raw(value: object) -> str | None:
    """ISO date when parseable, else the stripped original text (None when empty)."""
    if value is None:
        return None
    iso = to_iso(value)
    if iso:
        return iso
    text = str(value).strip()
    return text or None


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _from_epoch(seconds: float) -> str | None:
    if seconds > 1e11:  # milliseconds
        seconds /= 1000
    if not 0 < seconds < 5e9:
        return None
    return datetime.fromtimestamp(seconds, tz=UTC).date().isoformat()


def _rfc822(text: str) -> str | None:
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _dateparser(text: str) -> str | None:
    if len(text) > 80 or not any(ch.isdigit() for ch in text):
        return None
    import dateparser  # slow to import: only when the quick parsers failed

    try:
        found = dateparser.parse(text, settings=_DATEPARSER_SETTINGS)
    except Exception:  # noqa: BLE001 - dateparser raises many kinds on odd input
        return None
    return found.date().isoformat() if found else None
