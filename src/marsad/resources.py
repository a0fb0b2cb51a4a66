"""Language resources shipped as data files in ``marsad/lang/ar`` (and user extensions).

Every resource passes through the same normaliser as the text it is matched against.
Loading happens on first use (cached), never at import time.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from marsad.errors import MarsadError
from marsad.text.normalize import match_key


def load_yaml(name: str, extra: tuple[str, ...] = ()) -> list[Any] | dict[str, Any]:
    """Load ``lang/ar/<name>`` plus user files of the same shape (lists concatenate,
    dicts merge their list values)."""
    paths: list[Any] = [resources.files("marsad") / "lang" / "ar" / name]
    paths.extend(Path(p) for p in extra)
    merged: list[Any] | dict[str, Any] | None = None
    for path in paths:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise MarsadError("E401", str(path), str(exc)) from exc
        if merged is None:
            merged = data
        elif isinstance(merged, list) and isinstance(data, list):
            merged = merged + data
        elif isinstance(merged, dict) and isinstance(data, dict):
            for key, value in data.items():
                old = merged.get(key)
                merged[key] = old + value if isinstance(old, list) else value
        else:
            raise MarsadError("E401", str(path), f"expected the same shape as {name}")
    return merged if merged is not None else []


@dataclass(frozen=True)
class Boilerplate:
    lines: frozenset[str]
    prefixes: tuple[str, ...]
    read_also: frozenset[str]
    footer: frozenset[str]
    sections: frozenset[str]
    staff: frozenset[str]


@functools.lru_cache(maxsize=8)
def boilerplate(extra: tuple[str, ...] = ()) -> Boilerplate:
    data = load_yaml("boilerplate.yaml", extra)
    assert isinstance(data, dict)

    def keys(field: str) -> frozenset[str]:
        return frozenset(match_key(str(x)) for x in data.get(field, []))

    return Boilerplate(
        lines=keys("lines"),
        prefixes=tuple(
            sorted({match_key(str(x)) for x in data.get("prefixes", [])}, key=len, reverse=True)
        ),
        read_also=keys("read_also"),
        footer=keys("footer"),
        sections=keys("sections"),
        staff=keys("staff"),
    )


@dataclass(frozen=True)
class Named:
    """A registry entry (outlet or agency): canonical name and the keys of its forms."""

    name: str
    en: str
    keys: frozenset[str]
    domains: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    country: str | None = None


def _named(entries: list[Any]) -> tuple[Named, ...]:
    out = []
    for e in entries:
        forms = {e["name"], *e.get("aliases", [])}
        out.append(
            Named(
                name=e["name"],
                en=e.get("en", ""),
                keys=frozenset(match_key(str(f)) for f in forms),
                domains=tuple(e.get("domains", [])),
                codes=tuple(str(c) for c in e.get("codes", [])),
                country=e.get("country"),
            )
        )
    return tuple(out)


@functools.lru_cache(maxsize=8)
def outlets(extra: tuple[str, ...] = ()) -> tuple[Named, ...]:
    data = load_yaml("outlets.yaml", extra)
    assert isinstance(data, list)
    return _named(data)


@functools.lru_cache(maxsize=8)
def agencies(extra: tuple[str, ...] = ()) -> tuple[Named, ...]:
    data = load_yaml("agencies.yaml", extra)
    assert isinstance(data, list)
    return _named(data)
