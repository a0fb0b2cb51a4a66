"""Oracle entities: system ``Entity`` objects built from a gold file, for developing and scoring
the annotators that need entities (quotes, events, labels) before the entity annotator exists.

Every occurrence of every gold mention is located in the cleaned text, clitic-aware (``وحفتر``,
``لحفتر``, ``للأمم المتحدة`` for ``الأمم المتحدة``), tolerant of letter variants, diacritics,
quotation marks and brackets inside the name (``حكومة "الوفاق"``); where two mentions overlap
the longer wins, as an entity tagger would choose.
"""

from __future__ import annotations

import re

from marsad.model import Entity, Mention
from marsad.text.normalize import DIACRITICS, TATWEEL, fold

_DROPPED = frozenset(DIACRITICS + TATWEEL + "\u200b\u200c\u200d\u200e\u200f\ufeff" + "«»“”\"'()[]")
_CLITICS = "[وفبلك]{0,2}"


def _skeleton(text: str) -> tuple[str, list[int]]:
    """Folded text without marks, quotation marks or brackets, white space collapsed; and the
    original offset of each kept character."""
    chars: list[str] = []
    pos: list[int] = []
    for i, c in enumerate(fold(text)):
        if c in _DROPPED:
            continue
        if c.isspace():
            if chars and chars[-1] == " ":
                continue
            c = " "
        chars.append(c)
        pos.append(i)
    return "".join(chars), pos


def _pattern(mention: str) -> re.Pattern[str] | None:
    key, _ = _skeleton(mention)
    key = key.strip()
    if not key:
        return None
    body = re.escape(key)
    if key.startswith("ال") and len(key) > 3:
        rest = re.escape(key[2:])
        return re.compile(rf"(?<!\w)(?:[وف]?(لل{rest})|{_CLITICS}({body}))(?!\w)")
    return re.compile(rf"(?<!\w){_CLITICS}({body})(?!\w)")


def oracle_entities(gold: dict, text: str) -> tuple[Entity, ...]:
    """The gold entities of one article as system entities with offsets into ``text``."""
    skel, pos = _skeleton(text)
    candidates: list[tuple[int, int, int]] = []  # (skeleton start, end, entity index)
    for n, ent in enumerate(gold.get("entities") or []):
        for mention in ent.get("mentions") or []:
            pattern = _pattern(str(mention))
            if pattern is None:
                continue
            for m in pattern.finditer(skel):
                group = next(g for g in range(1, (pattern.groups or 0) + 1) if m.group(g))
                candidates.append((m.start(group), m.end(group), n))
    taken = [False] * len(skel)
    chosen: dict[int, list[Mention]] = {}
    for a, b, n in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if any(taken[a:b]):
            continue
        for k in range(a, b):
            taken[k] = True
        start, end = pos[a], pos[b - 1] + 1
        chosen.setdefault(n, []).append(Mention(start, end, text[start:end]))
    entities = []
    for n, ent in enumerate(gold.get("entities") or []):
        entities.append(
            Entity(
                id=f"E{n}",
                name=ent["name"],
                type=ent["type"],
                wikidata=ent.get("wikidata"),
                mentions=tuple(sorted(chosen.get(n, []), key=lambda m: m.start)),
                annotator="oracle",
            )
        )
    return tuple(entities)


def entity_output(entity: Entity) -> dict:
    """FORMAT.md system-output form of an entity."""
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "wikidata": entity.wikidata,
        "mentions": [{"text": m.text, "start": m.start, "end": m.end} for m in entity.mentions],
    }
