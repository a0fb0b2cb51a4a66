"""Development helper: system ``Entity`` objects built from a gold file.

Every gold mention is located in the cleaned text, every occurrence, clitic-aware (a leading
و ف ب ل ك, ``لل`` for ل + ال), tolerant of diacritics, tatweel, letter variants and quotation
marks inside a name. Where mentions overlap, the longest wins (``الجيش السوري`` over ``السوري``,
``وزارة الخارجية الروسية`` over ``الروسية``). It lets the event and label annotators be developed
and scored before the real entity annotator exists; it is not used by marsad itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from marsad.model import Entity, Mention
from marsad.text.normalize import fold

_IGNORED = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0640«»\"“”'()"
_PROCLITIC = r"(?:[وف]?[بلك]?)"


def _view(text: str) -> tuple[str, list[int]]:
    """Folded text without ignored characters, and the original offset of each character."""
    chars, where = [], []
    for i, c in enumerate(fold(text)):
        if c in _IGNORED:
            continue
        chars.append(c)
        where.append(i)
    return "".join(chars), where


def _pattern(mention: str) -> re.Pattern[str]:
    key, _ = _view(mention)
    words = [re.escape(w) for w in key.split()]
    body = r"\s+".join(words)
    alts = [_PROCLITIC + "(" + body + ")"]
    if key.startswith("ال") and len(key) > 3:
        rest = r"\s+".join([re.escape(words[0][2:].replace("\\", "")), *words[1:]])
        alts.append(r"[وف]?(لل" + rest + ")")
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)")


def oracle_entities(text: str, gold: dict) -> tuple[Entity, ...]:
    """System entities for ``text`` from the gold article ``gold`` (FORMAT.md gold object)."""
    view, where = _view(text)
    spans: list[tuple[int, int, int]] = []  # (start, end, entity index) in the view
    for n, ent in enumerate(gold["entities"]):
        for form in ent["mentions"]:
            for m in _pattern(form).finditer(view):
                group = next(g for g in range(1, (m.lastindex or 0) + 1) if m.group(g))
                spans.append((m.start(group), m.end(group), n))
    chosen: list[tuple[int, int, int]] = []
    taken: set[int] = set()
    for s, e, n in sorted(spans, key=lambda x: (x[0] - x[1], x[0])):
        if taken.isdisjoint(range(s, e)):
            chosen.append((s, e, n))
            taken.update(range(s, e))
    mentions: dict[int, list[Mention]] = {}
    for s, e, n in sorted(chosen):
        start, end = where[s], where[e - 1] + 1
        mentions.setdefault(n, []).append(Mention(start, end, text[start:end]))
    return tuple(
        Entity(
            id=f"gold{n}",
            name=ent["name"],
            type=ent["type"],
            wikidata=ent.get("wikidata"),
            mentions=tuple(mentions[n]),
        )
        for n, ent in enumerate(gold["entities"])
        if n in mentions
    )


def unplaced(text: str, gold: dict) -> Iterable[str]:
    """Gold mentions the oracle could not find in ``text`` (for checking the oracle)."""
    found = {m.text for e in oracle_entities(text, gold) for m in e.mentions}
    view, _ = _view(" ".join(found))
    for ent in gold["entities"]:
        for form in ent["mentions"]:
            if not _pattern(form).search(view):
                yield form
