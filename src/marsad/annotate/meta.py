"""Article metadata: title, outlet, dateline, credited agencies, publication date.

Each value says how it was obtained (``outlet_how``, ``published_how``): from the text's own
cues, from the input's metadata, from the outlet registry, or inferred.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from urllib.parse import urlparse

from marsad import resources as R
from marsad.annotate import times as T
from marsad.annotate.chronology import infer_from_chronology
from marsad.clean import Cleaned
from marsad.kb.places import lookup_place
from marsad.model import RawDocument
from marsad.resources import Named
from marsad.text.normalize import match_key

_INLINE_DATELINE = re.compile(
    r"^\s*(?P<place>[^\W\d][^\s,،:()\-–—]{1,20}(?: [^\s,،:()\-–—]{2,20})?)\s*"
    r"(?:\((?P<paren>[^()]{2,30})\)\s*)?"
    r"(?:[-–—]\s*(?P<who>[^\s,،:()\-–—]{2,20}(?: [^\s,،:()\-–—]{2,20})?)\s*)?[:\-–—]"
)
# attribution contexts in match_key'd text (quotes and tatweel are gone: «لـ«رويترز»» -> «لرويترز»)
_AGENCY_CONTEXT = r"(?:^|\s)(?:(?:و|ل|ول)?وكاله\s+(?:انباء\s+)?|و?ل|بحسب\s+|وفقا\s+ل|نقلا\s+عن\s+|عن\s+|نقلتها\s+)"


@dataclass(frozen=True)
class Meta:
    title: str | None
    outlet: str | None
    outlet_how: str | None
    dateline: str | None
    agencies: tuple[str, ...]
    published: str | None
    published_how: str | None
    meta_date: str | None


def find_outlet(name: str | None, registry: tuple[Named, ...]) -> Named | None:
    if not name:
        return None
    key = match_key(name)
    for entry in registry:
        if key in entry.keys or name in entry.codes:
            return entry
    return None


def _outlet_from_url(url: str | None, registry: tuple[Named, ...]) -> Named | None:
    if not url:
        return None
    host = urlparse(url).netloc.lower().removeprefix("www.")
    for entry in registry:
        if any(host == d or host.endswith("." + d) for d in entry.domains):
            return entry
    return None


def split_dateline(a: str, b: str, registry: tuple[Named, ...]) -> tuple[str | None, str | None]:
    """(outlet, place) from the two sides of a dateline such as `أوج – موسكو`."""
    if match_key(b) in R.boilerplate().staff:
        return a, None
    a_place, b_place = lookup_place(a), lookup_place(b)
    if b_place and not a_place:
        return a, b
    if a_place and not b_place:
        return b, a
    if find_outlet(a, registry):
        return a, b
    if find_outlet(b, registry):
        return b, a
    return a, b


def inline_dateline(body: str, registry: tuple[Named, ...]) -> tuple[str | None, str | None]:
    """(outlet, place) from a dateline opening the body: `الرياض - واس:`, `موسكو (رويترز) -`."""
    m = _INLINE_DATELINE.match(body[:80])
    if not m or not lookup_place(m.group("place")):
        return None, None
    who = m.group("who") or m.group("paren")
    outlet = find_outlet(who, registry) if who else None
    return (outlet.name if outlet else None), m.group("place")


@functools.lru_cache(maxsize=8)
def _agency_pattern(agencies: tuple[Named, ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One alternation of every agency form (after match_key), in an attribution context."""
    names = {key: entry.name for entry in agencies for key in entry.keys if len(key) >= 3}
    alternation = "|".join(re.escape(k) for k in sorted(names, key=len, reverse=True))
    return re.compile(_AGENCY_CONTEXT + "(" + alternation + r")(?!\w)"), names


def credited_agencies(body: str, credits: tuple[str, ...], agencies: tuple[Named, ...]) -> tuple[str, ...]:
    """Agencies credited in captions, credit lines and attributions in the text."""
    found: list[str] = []
    for credit in credits:
        entry = find_outlet(credit, agencies)
        if entry:
            found.append(entry.name)
    pattern, names = _agency_pattern(agencies)
    found.extend(names[m.group(1)] for m in pattern.finditer(match_key(body)))
    return tuple(dict.fromkeys(found))


def iso_date(value: str | None) -> str | None:
    """The ISO day of a metadata date (`2015-07-23 19:28:17`, `2020-07-23T10:00:00Z`)."""
    if not value:
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
    if m:
        try:  # a day that exists (`2015-02-29` does not)
            return dt.date.fromisoformat("-".join(m.groups())).isoformat()
        except ValueError:
            return None
    try:
        import dateparser

        parsed = dateparser.parse(value, settings={"PREFER_DAY_OF_MONTH": "first"})
    except Exception:  # noqa: BLE001 - dateparser raises many types on odd input
        return None
    return parsed.date().isoformat() if parsed else None


def stated_date(date_line: str | None) -> str | None:
    """The day a standalone date line states (`23-يوليو-2020`)."""
    if not date_line:
        return None
    for match in T.find_times(date_line):
        value = T.resolve(match.spec, None)
        if value and len(value) == 10:
            return value
    return None


def annotate_meta(
    cleaned: Cleaned,
    raw: RawDocument,
    outlets: tuple[Named, ...],
    agencies: tuple[Named, ...],
) -> Meta:
    # 1. title: the headline printed in the text, else the input's metadata
    title = cleaned.title or raw.title
    # 2. outlet and dateline place: dateline line, dateline opening the body, metadata, registry
    outlet, place = split_dateline(*cleaned.dateline, outlets) if cleaned.dateline else (None, None)
    if place is None and outlet is None:
        outlet, place = inline_dateline(cleaned.body, outlets)
    how = "text" if outlet else None
    if outlet is None and raw.outlet:
        entry = find_outlet(raw.outlet, outlets)
        outlet, how = (entry.name, "registry") if entry else (raw.outlet, "metadata")
    if outlet is None:
        entry = _outlet_from_url(raw.url, outlets)
        if entry:
            outlet, how = entry.name, "registry"
    # 3. wire agencies
    credited = credited_agencies(cleaned.body, cleaned.credits, agencies)
    # 4. publication date: stated, metadata, or inferred from the text's time expressions
    meta_date = iso_date(raw.date)
    published, published_how = stated_date(cleaned.date_line), "stated"
    if published is None and meta_date:
        published, published_how = meta_date, "metadata"
    if published is None:
        found = T.find_times(cleaned.body)
        published, published_how = T.infer_anchor(found)
        if published_how != "inferred":
            known = infer_from_chronology(cleaned.body, found)
            if known and (published is None or known.startswith(published)):
                published, published_how = known, "inferred-chronology"
    return Meta(
        title=title,
        outlet=outlet,
        outlet_how=how,
        dateline=place,
        agencies=credited,
        published=published,
        published_how=published_how if published else None,
        meta_date=meta_date,
    )


def anchor_of(published: str | None) -> dt.date | None:
    """The day relative expressions resolve against, when the publication day is known."""
    if published and len(published) == 10:
        try:
            return dt.date.fromisoformat(published)
        except ValueError:  # not a day of the calendar
            return None
    return None
