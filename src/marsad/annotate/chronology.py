"""Publication dates from happenings whose date is known.

An article saying «انطلق في الجزائر أمس الاجتماع الوزاري للدول المجاورة لليبيا» was written the
day after that meeting opened. ``lang/ar/chronology.yaml`` lists dated happenings with the
words that identify them in a sentence; when a sentence names one together with a relative day
(`أمس`, `اليوم`, `الجمعة الماضية`), the days of writing that make the two agree are candidates.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from marsad.annotate import times as T
from marsad.resources import load_yaml
from marsad.text.normalize import match_key

# clitics that may stand before a word (the article `ال` is part of the key where the name has it)
_PREFIXES = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك")
_SENTENCE = re.compile(r"[^.!?؟\n]+")
_WINDOW = 7  # days of writing considered after a happening


@dataclass(frozen=True)
class Happening:
    start: dt.date
    end: dt.date
    what: str
    all: tuple[tuple[str, ...], ...]
    any: tuple[tuple[str, ...], ...]
    verbs: tuple[tuple[str, ...], ...]


def _keys(items: list[str] | None) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(match_key(str(x)).split()) for x in items or () if match_key(str(x)))


@functools.lru_cache(maxsize=4)
def chronology(extra: tuple[str, ...] = ()) -> tuple[Happening, ...]:
    data = load_yaml("chronology.yaml", extra)
    assert isinstance(data, list)
    out = []
    for e in data:
        start = dt.date.fromisoformat(str(e["date"]))
        out.append(
            Happening(
                start=start,
                end=dt.date.fromisoformat(str(e.get("end") or e["date"])),
                what=str(e.get("what", "")),
                all=_keys(e.get("all")),
                any=_keys(e.get("any")),
                verbs=_keys(e.get("verbs")),
            )
        )
    return tuple(out)


def _word_is(token: str, word: str) -> bool:
    if token == word:
        return True
    for p in _PREFIXES[1:]:
        if token == p + word:
            return True
    # `لل` + name for `ل` + `ال` + name
    return word.startswith("ال") and token in {"لل" + word[2:], "ولل" + word[2:], "فلل" + word[2:]}


def _has(tokens: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(
        all(_word_is(tokens[i + j], phrase[j]) for j in range(n)) for i in range(len(tokens) - n + 1)
    )


def matches(sentence: str, happening: Happening) -> bool:
    tokens = match_key(sentence).split()
    return (
        all(_has(tokens, p) for p in happening.all)
        and (not happening.any or any(_has(tokens, p) for p in happening.any))
        and (not happening.verbs or any(_has(tokens, p) for p in happening.verbs))
    )


def _relative_day(spec: T.TimeSpec) -> bool:
    """`أمس`, `اليوم`, `الجمعة الماضية`: a day named only relative to the day of writing."""
    return spec.granularity == "day" and spec.year is None and spec.month is None and (
        spec.day_offset is not None or spec.weekday is not None
    )


def candidate_days(text: str, found: list[T.TimeMatch], extra: tuple[str, ...] = ()) -> set[dt.date]:
    """Days of writing that agree with every known happening the text dates relatively."""
    relative = [m for m in found if _relative_day(m.spec)]
    if not relative:
        return set()
    known = chronology(extra)
    agreed: set[dt.date] | None = None
    for sent in _SENTENCE.finditer(text):
        inside = [m for m in relative if sent.start() <= m.start < sent.end()]
        if not inside:
            continue
        for happening in known:
            if not matches(sent.group(0), happening):
                continue
            # a relative day in the sentence names the day the happening began
            days: set[dt.date] = set()
            began = happening.start.isoformat()
            for m in inside:
                for k in range(-1, _WINDOW + 1):
                    anchor = happening.start + dt.timedelta(days=k)
                    if T.resolve(m.spec, anchor) == began:
                        days.add(anchor)
            if days:
                agreed = days if agreed is None else (agreed & days or agreed)
    return agreed or set()


def consistent(day: dt.date, found: list[T.TimeMatch]) -> bool:
    """Whether a day of writing agrees with every weekday tied to a relative day
    (`اليوم الخميس`, `أمس (الأربعاء)`, `غدًا الخميس`)."""
    for m in found:
        s = m.spec
        if s.day_offset is not None and s.weekday is not None:
            if (day + dt.timedelta(days=s.day_offset)).weekday() != s.weekday:
                return False
    return True


def lead_weekday(text: str, found: list[T.TimeMatch]) -> int | None:
    """The weekday a bare weekday names in the lead sentence (`وأعلنت الأمم المتحدة، الثلاثاء`):
    by news convention the day of the reported news, usually the day of writing."""
    first = _SENTENCE.search(text)
    if not first:
        return None
    for m in found:
        s = m.spec
        if m.start < first.end() and s.weekday is not None and s.day_offset in (None, 0) and s.direction is None:
            return s.weekday
    return None


def infer_from_chronology(text: str, found: list[T.TimeMatch], extra: tuple[str, ...] = ()) -> str | None:
    """The ISO day of writing, when known happenings and the text's weekdays fix it."""
    days = sorted(d for d in candidate_days(text, found, extra) if consistent(d, found))
    if len(days) > 1:
        lead = lead_weekday(text, found)
        days = [d for d in days if d.weekday() == lead] if lead is not None else days
    return days[0].isoformat() if len(days) == 1 else None
