"""Consistency of the actor knowledge base data files (src/marsad/kb/data/*.yaml)."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src/marsad/kb/data"
SEEDS = Path(__file__).resolve().parents[2] / "shared/eval/seeds"

TYPES = {"PER", "ORG", "LOC"}
SUBTYPES = {
    "person",
    "government",
    "ministry",
    "armed-group",
    "military",
    "party",
    "parliament",
    "international-org",
    "agency",
    "media",
    "company",
    "city",
    "region",
    "site",
    "institution",
}
QID = re.compile(r"^Q\d+$")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

# Deliberate exceptions to "no surface form names two different entities", compared by the
# project's matching key.  Each is a real homograph, resolved by context:
SHARED_FORMS = {
    # Oman (عُمان) and Amman (عمّان), the capital of Jordan, differ only in short vowels.
    "عمان",
    # The two Congos share their demonym.
    "كونغولي",
    "كونغولية",
    "كونغوليون",
    "كونغوليين",
    "الكونغولي",
    "الكونغولية",
    "الكونغوليون",
    "الكونغوليين",
}


def _load(name: str):
    with open(DATA / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="module")
def actors():
    return _load("actors.yaml")


@pytest.fixture(scope="module")
def places():
    return _load("countries.yaml")


@pytest.fixture(scope="module")
def org_heads():
    return _load("org_heads.yaml")


@pytest.fixture(scope="module")
def titles():
    return _load("titles.yaml")


def _strip(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c) != "Mn").replace("\u0640", "")


try:  # the project's matching key (folds hamza forms, taa marbuta, alif maqsura ...)
    from marsad.text.normalize import match_key as _key
except ImportError:  # pragma: no cover - data checks still run without the package
    _key = _strip


def _is_arabic(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(
        "\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f" for c in letters
    )


def _countries(places):
    return [p for p in places if p["kind"] == "country"]


def _regions(places):
    return [p for p in places if p["kind"] == "region"]


def _known_refs(actors, places) -> set[str]:
    return (
        {a["id"] for a in actors}
        | {c["iso"] for c in _countries(places)}
        | {r["id"] for r in _regions(places)}
    )


def _surface_forms(actors, places):
    """(form, owner) for every name/alias/demonym/capital name in the KB."""
    for a in actors:
        for form in [a["name"], *a.get("aliases", [])]:
            yield form, f"actor:{a['id']}"
    for p in places:
        owner = f"place:{p.get('iso') or p.get('id')}"
        for form in [p["name"], *p.get("aliases", []), *p.get("demonyms", [])]:
            yield form, owner
        cap = p.get("capital")
        if cap:
            for form in [cap["name"], *cap.get("aliases", [])]:
                yield form, owner + ":capital"


# ---------------------------------------------------------------- files load and keys
def test_files_load(actors, places, org_heads, titles):
    assert isinstance(actors, list) and isinstance(places, list)
    assert isinstance(org_heads, list) and isinstance(titles, list)


def test_actor_required_keys_and_types(actors):
    for a in actors:
        for key in ("id", "name", "en", "type", "subtype", "wikidata", "aliases"):
            assert key in a, (a.get("id"), key)
        assert a["type"] in TYPES, a["id"]
        assert a["subtype"] in SUBTYPES, (a["id"], a["subtype"])
        assert isinstance(a["aliases"], list), a["id"]
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", a["id"]), a["id"]
        if a["type"] == "PER":
            assert a["subtype"] == "person", a["id"]
            assert "surname" in a, a["id"]
        else:
            assert a["subtype"] != "person", a["id"]
        if a["type"] == "LOC":
            assert a["subtype"] in {"city", "region", "site"}, a["id"]


def test_unique_ids(actors, places):
    ids = [a["id"] for a in actors] + [r["id"] for r in _regions(places)]
    dupes = {i for i in ids if ids.count(i) > 1}
    assert not dupes
    isos = [c["iso"] for c in _countries(places)]
    assert len(isos) == len(set(isos))
    assert not set(ids) & set(isos)


def test_wikidata_format_and_unique(actors, places):
    seen: dict[str, str] = {}
    entries = [(a["id"], a["wikidata"]) for a in actors]
    for p in places:
        key = p.get("iso") or p["id"]
        entries.append((key, p["wikidata"]))
        if p.get("capital"):
            entries.append((key + ":capital", p["capital"].get("wikidata")))
    for owner, q in entries:
        if q is None:
            continue
        assert isinstance(q, str) and QID.match(q), (owner, q)
        assert q not in seen, f"{q} on both {seen[q]} and {owner}"
        seen[q] = owner


def test_no_form_shared_by_two_entities(actors, places):
    owners: dict[str, set[str]] = defaultdict(set)
    for form, owner in _surface_forms(actors, places):
        owners[_key(form)].add(owner)
    shared = {_key(f) for f in SHARED_FORMS}
    clashes = {f: o for f, o in owners.items() if len(o) > 1 and f not in shared}
    assert not clashes, clashes
    # every declared exception is still real (drop it from SHARED_FORMS otherwise)
    assert all(len(owners.get(f, ())) > 1 for f in shared)


def test_ambiguous_forms_belong_to_entry(actors, places):
    for a in actors:
        forms = {_key(f) for f in [a["name"], *a["aliases"]]}
        for f in a.get("ambiguous", []):
            assert _key(f) in forms, (a["id"], f)
    for p in places:
        forms = {_key(f) for f in [p["name"], *p["aliases"], *p["demonyms"]]}
        for f in p.get("ambiguous", []):
            assert _key(f) in forms, (p.get("iso") or p["id"], f)
        cap = p.get("capital") or {}
        cap_forms = {_key(f) for f in [cap.get("name", ""), *cap.get("aliases", [])]}
        for f in cap.get("ambiguous", []):
            assert _key(f) in cap_forms, (p["iso"], f)


def test_aliases_do_not_repeat_name(actors):
    for a in actors:
        forms = [_strip(f) for f in [a["name"], *a["aliases"]]]
        assert len(forms) == len(set(forms)), a["id"]


def test_references_exist(actors, places):
    known = _known_refs(actors, places)
    isos = {c["iso"] for c in _countries(places)}
    for a in actors:
        if a.get("country") is not None:
            assert a["country"] in isos, (a["id"], a["country"])
        for ref in a.get("affiliations") or []:
            assert ref in known, (a["id"], ref)
        for role in a.get("roles") or []:
            assert role.get("role") and role.get("en"), a["id"]
            if role.get("of") is not None:
                assert role["of"] in known, (a["id"], role["of"])


def _date_ok(value) -> bool:
    if value is None:
        return True
    if isinstance(value, dt.date):
        return True
    if isinstance(value, int):
        return 1000 <= value <= 2100
    return isinstance(value, str) and bool(DATE.match(value))


def test_dates_iso(actors):
    for a in actors:
        for key in ("from", "to"):
            assert _date_ok(a.get(key)), (a["id"], key, a.get(key))
        for role in a.get("roles") or []:
            for key in ("from", "to"):
                assert _date_ok(role.get(key)), (a["id"], key, role.get(key))
            start, end = role.get("from"), role.get("to")
            if start is not None and end is not None:
                assert str(start)[:4] <= str(end)[:4], (a["id"], role)


def test_arabic_script(actors, places, org_heads, titles):
    forms = [f for f, _ in _surface_forms(actors, places)]
    forms += [a["surname"] for a in actors if a.get("surname")]
    forms += [r["role"] for a in actors for r in a.get("roles") or []]
    for h in org_heads:
        forms += [h["head"], *h.get("short", [])]
    forms += [t["title"] for t in titles]
    bad = [f for f in forms if not isinstance(f, str) or not _is_arabic(f)]
    assert not bad, bad


def test_no_bare_surname_alias(actors):
    """Aliases are full names; the bare surname goes to `surname` only."""
    for a in actors:
        if a["type"] != "PER" or not a.get("surname"):
            continue
        assert _strip(a["surname"]) not in {_strip(x) for x in a["aliases"]}, a["id"]


def test_countries(places):
    countries = _countries(places)
    assert len(countries) >= 190
    for c in countries:
        for key in ("iso", "name", "en", "aliases", "demonyms", "capital", "lat", "lon"):
            assert key in c, (c.get("iso"), key)
        assert re.fullmatch(r"[A-Z]{2}", c["iso"])
        assert len(set(c["demonyms"])) >= 2, c["iso"]
        assert c["name"] not in c["aliases"], c["iso"]
        if c["lat"] is not None:
            assert -90 <= c["lat"] <= 90 and -180 <= c["lon"] <= 180, c["iso"]
    isos = {c["iso"] for c in countries}
    assert {"PS", "XK", "TW", "EH"} <= isos
    for r in _regions(places):
        assert r["id"] and r["name"] and r["iso"] is None


def test_org_heads_and_titles(org_heads, titles):
    for h in org_heads:
        assert h["head"] and h["en"] and h["subtype"] in SUBTYPES, h
        assert isinstance(h.get("short", []), list)
    heads = [h["head"] for h in org_heads]
    assert len(heads) == len(set(heads))
    for t in titles:
        assert t["title"] and t["en"] and t["kind"] in {"office", "rank", "honorific"}, t
    names = [t["title"] for t in titles]
    assert len(names) == len(set(names))
    assert {"وزير الخارجية", "المتحدث باسم", "المشير", "اللواء المتقاعد"} <= set(names)


def test_sizes(actors):
    assert len(actors) >= 350
    by_type = defaultdict(int)
    for a in actors:
        by_type[a["type"]] += 1
    assert by_type["PER"] >= 150 and by_type["ORG"] >= 100 and by_type["LOC"] >= 60


# ---------------------------------------------------------------- facts from the gold seeds
GOLD_IDS = {
    "Q262",
    "Q1016",
    "Q1065",
    "Q7172",
    "Q79",
    "Q37470",
    "Q64",
    "Q858",
    "Q159",
    "Q43",
    "Q130879",
    "Q41183",
    "Q822",
    "Q794",
    "Q30",
    "Q3766",
    "Q34490",
    "Q3640",
    "Q649",
    "Q85",
    "Q1519",
    "Q3579",
    "Q4918",
    "Q183",
    "Q142",
    "Q878",
    "Q35525",
    "Q22686",
    "Q3052772",
    "Q39723",
    "Q948",
    "Q7184",
    "Q19878",
    "Q40464",
    "Q406",
}


def _kb_index(actors, places):
    """wikidata id -> set of stripped surface forms of that entity."""
    index: dict[str, set[str]] = defaultdict(set)
    for a in actors:
        if a["wikidata"]:
            index[a["wikidata"]] |= {_strip(f) for f in [a["name"], *a["aliases"]]}
    for p in places:
        if p["wikidata"]:
            index[p["wikidata"]] |= {_strip(f) for f in [p["name"], *p["aliases"], *p["demonyms"]]}
        cap = p.get("capital")
        if cap and cap.get("wikidata"):
            index[cap["wikidata"]] |= {_strip(f) for f in [cap["name"], *cap["aliases"]]}
    return index


def test_gold_seed_entities_present(actors, places):
    if not SEEDS.is_dir():
        pytest.skip("gold seeds not available")
    index = _kb_index(actors, places)
    missing = sorted(GOLD_IDS - set(index))
    assert not missing, missing
    unmatched = []
    for path in sorted(SEEDS.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        for ent in gold.get("entities", []):
            q = ent.get("wikidata")
            if q not in GOLD_IDS:
                continue
            name = _strip(ent["name"])
            forms = index[q]
            # the gold name (or, for demonym-only mentions, one mention) must be a KB form
            if name not in forms and not any(_strip(m) in forms for m in ent["mentions"]):
                unmatched.append((path.name, q, ent["name"]))
    assert not unmatched, unmatched


def test_gold_seed_names_known(actors, places):
    """Every gold country/city/org name with a wikidata id is a KB surface form of that id."""
    if not SEEDS.is_dir():
        pytest.skip("gold seeds not available")
    index = _kb_index(actors, places)
    for path in sorted(SEEDS.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        for ent in gold.get("entities", []):
            q = ent.get("wikidata")
            if q and ent["type"] in {"LOC", "ORG"}:
                assert _strip(ent["name"]) in index.get(q, set()), (path.name, q, ent["name"])
