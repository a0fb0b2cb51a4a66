"""The actor knowledge base: data files in ``kb/data`` (and the user's own files of the same
shape) loaded into one index of canonical actors, their names, aliases, surnames and
demonyms, each key passed through the same normaliser as the text."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from marsad.errors import MarsadError
from marsad.text.normalize import match_key


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    type: str  # PER | ORG | LOC
    subtype: str | None = None
    en: str | None = None
    wikidata: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    surname: str | None = None
    roles: tuple[tuple[str, str | None, str | None, str | None], ...] = ()  # (role, of, from, to)


@dataclass(frozen=True)
class OrgHead:
    head: str
    subtype: str
    en: str
    forms: tuple[str, ...]  # the head and its short forms (`وزارة الخارجية`, `الخارجية`)


@dataclass
class KB:
    actors: dict[str, Actor] = field(default_factory=dict)
    # token tuple (match_key) -> [(actor id, kind)], kind: name | alias | demonym | surname
    index: dict[tuple[str, ...], list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    heads: dict[tuple[str, ...], OrgHead] = field(default_factory=dict)
    titles: dict[tuple[str, ...], str] = field(default_factory=dict)  # token tuple -> kind
    country_by_iso: dict[str, str] = field(default_factory=dict)
    # (key, actor id) of forms that are also common words: linked only with context
    ambiguous: set[tuple[tuple[str, ...], str]] = field(default_factory=set)
    max_len: int = 1
    first_len: dict[str, int] = field(default_factory=dict)  # first word -> longest key it opens
    head_firsts: set[str] = field(default_factory=set)  # first words of organ heads
    country_words: dict[str, str] | None = None  # filled on first use by the entity annotator

    def add_key(self, text: str, actor_id: str, kind: str) -> None:
        key = tuple(match_key(text).split())
        if not key:
            return
        entries = self.index[key]
        if (actor_id, kind) not in entries:
            entries.append((actor_id, kind))
        self.max_len = max(self.max_len, len(key))
        self.first_len[key[0]] = max(self.first_len.get(key[0], 0), len(key))

    def lookup(self, key: tuple[str, ...]) -> list[tuple[str, str]]:
        return self.index.get(key, [])


_SLUG = re.compile(r"[^0-9a-z\u0600-\u06ff]+")


def slug(text: str) -> str:
    return _SLUG.sub("-", match_key(text).lower()).strip("-")


def _read(path: Any) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except FileNotFoundError:
        return []
    except (OSError, yaml.YAMLError) as exc:
        raise MarsadError("E401", str(path), str(exc)) from exc


def _data(name: str) -> Any:
    return resources.files("marsad") / "kb" / "data" / name


def _country_actors(kb: KB, entries: list[dict[str, Any]]) -> None:
    for e in entries:
        iso = str(e.get("iso") or "")
        kind = e.get("kind", "country")
        actor_id = e.get("wikidata") or (f"iso:{iso}" if iso else f"region:{slug(e['name'])}")
        kb.actors[actor_id] = Actor(
            id=actor_id,
            name=e["name"],
            type="LOC",
            subtype=kind,
            en=e.get("en"),
            wikidata=e.get("wikidata"),
            country=iso or None,
            lat=e.get("lat"),
            lon=e.get("lon"),
        )
        if iso:
            kb.country_by_iso[iso] = actor_id
        for form in e.get("ambiguous") or ():
            kb.ambiguous.add((tuple(match_key(str(form)).split()), actor_id))
        kb.add_key(e["name"], actor_id, "name")
        for alias in e.get("aliases") or ():
            kb.add_key(alias, actor_id, "alias")
        if kind == "country":  # a region's adjective (`الأفريقي`, `العربي`) rarely names the region
            for demonym in e.get("demonyms") or ():
                kb.add_key(demonym, actor_id, "demonym")
        capital = e.get("capital")
        if isinstance(capital, dict) and capital.get("name"):
            cap_id = capital.get("wikidata") or f"city:{slug(capital['name'])}"
            if cap_id not in kb.actors:
                kb.actors[cap_id] = Actor(
                    id=cap_id,
                    name=capital["name"],
                    type="LOC",
                    subtype="city",
                    wikidata=capital.get("wikidata"),
                    country=iso or None,
                    lat=capital.get("lat"),
                    lon=capital.get("lon"),
                )
            kb.add_key(capital["name"], cap_id, "name")
            for alias in capital.get("aliases") or ():
                kb.add_key(alias, cap_id, "alias")


def _actor_entries(kb: KB, entries: list[dict[str, Any]]) -> None:
    for e in entries:
        actor_id = e.get("wikidata") or f"marsad:{e.get('id') or slug(e['name'])}"
        roles = tuple(
            (str(r.get("role", "")), r.get("of"), _s(r.get("from")), _s(r.get("to")))
            for r in e.get("roles") or ()
            if isinstance(r, dict)
        )
        old = kb.actors.get(actor_id)
        kb.actors[actor_id] = Actor(
            id=actor_id,
            name=e["name"],
            type=e.get("type", "ORG"),
            subtype=e.get("subtype"),
            en=e.get("en"),
            wikidata=e.get("wikidata"),
            country=e.get("country") or (old.country if old else None),
            lat=e.get("lat") if e.get("lat") is not None else (old.lat if old else None),
            lon=e.get("lon") if e.get("lon") is not None else (old.lon if old else None),
            surname=e.get("surname"),
            roles=roles,
        )
        kb.add_key(e["name"], actor_id, "name")
        for alias in e.get("aliases") or ():
            kb.add_key(alias, actor_id, "alias")
        for adjective in e.get("demonyms") or e.get("adjectives") or ():
            kb.add_key(adjective, actor_id, "demonym")
        if e.get("surname"):
            kb.add_key(e["surname"], actor_id, "surname")
        for form in e.get("ambiguous") or ():
            kb.ambiguous.add((tuple(match_key(str(form)).split()), actor_id))


def _s(value: Any) -> str | None:
    return None if value is None else str(value)


def _heads(kb: KB, entries: list[dict[str, Any]]) -> None:
    for e in entries:
        forms = (e["head"], *(e.get("short") or ()))
        head = OrgHead(head=e["head"], subtype=e.get("subtype", "institution"), en=e.get("en", ""), forms=tuple(forms))
        for form in forms:
            key = tuple(match_key(form).split())
            kb.heads[key] = head
            kb.head_firsts.add(key[0])


def _titles(kb: KB, entries: list[dict[str, Any]]) -> None:
    for e in entries:
        key = tuple(match_key(e["title"]).split())
        if key:
            kb.titles[key] = e.get("kind", "office")


@functools.lru_cache(maxsize=4)
def load_kb(extra: tuple[str, ...] = ()) -> KB:
    """The shipped knowledge base plus the user's files (each a list of actors in the shape
    of ``kb/data/actors.yaml``; later entries with the same id override earlier ones)."""
    kb = KB()
    _country_actors(kb, _read(_data("countries.yaml")))
    _actor_entries(kb, _read(_data("actors.yaml")))
    for path in extra:
        _actor_entries(kb, _read(Path(path)))
    _heads(kb, _read(_data("org_heads.yaml")))
    _titles(kb, _read(_data("titles.yaml")))
    return kb
