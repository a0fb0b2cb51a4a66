"""Checks on the chronology of dated happenings (src/marsad/lang/ar/chronology.yaml).

Shape: every entry has a valid date, a description, a source and Arabic keys. Specificity: the
sentences of the SaudiNewsNet sample (published July–August 2015) must not match any happening
that began after the sample was written; a match there would be a key set broad enough to date
a real article wrongly. The matcher here is a deliberately simple stand-in for the package's,
and looser than it (a key's words may stand anywhere in the sentence, the article counts as a
clitic), so a key set that passes here is at least as specific under the package's matcher.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).parents[1] / "src/marsad/lang/ar/chronology.yaml"
CORPUS = Path(__file__).parents[2] / "shared/corpus/saudinewsnet"
# The sample's last day is 2015-08-09: nothing that began after it can be reported in it.
CUTOFF = dt.date(2015, 8, 10)
KEY_FIELDS = ("all", "any", "verbs")

_ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
_LATIN = re.compile(r"[A-Za-z]")
# harakat, tanwin, shadda, sukun, superscript alef, tatweel
_DIACRITICS = re.compile(r"[\u064B-\u0652\u0670\u0640]")
_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}
    | {chr(0x0660 + i): str(i) for i in range(10)}  # Arabic-Indic digits
    | {chr(0x06F0 + i): str(i) for i in range(10)}  # Eastern Arabic-Indic digits
)
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.؟?!\n]+")
# A conjunction, then a preposition or the article; «لل» is ل + ال, so it also stands for «ال».
_CONJ = ("", "و", "ف")
_PREP = ("ب", "ل", "ك", "ال", "لل")


def _load() -> list[dict]:
    with DATA.open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    assert isinstance(data, list) and data, "chronology.yaml must be a non-empty YAML list"
    return data


ENTRIES = _load()


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        raise TypeError(f"{value!r} is a timestamp, not a date")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    raise TypeError(f"{value!r} is not an ISO date")


def normalise(text: str) -> str:
    return _DIACRITICS.sub("", text).translate(_FOLD)


def words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


def forms(token: str) -> set[str]:
    """The token and what is left of it once a clitic prefix is taken off."""
    out = {token}
    for conj in _CONJ:
        if not token.startswith(conj):
            continue
        rest = token[len(conj) :]
        out.add(rest)
        for prep in _PREP:
            if rest.startswith(prep) and len(rest) > len(prep) + 1:
                out.add(rest[len(prep) :])
                if prep == "لل":
                    out.add("ال" + rest[2:])
    return out


def sentences(text: str) -> Iterator[str]:
    for s in _SENTENCE_END.split(text):
        if s.strip():
            yield s


class Matcher:
    """Entries as key sets; a sentence matches an entry when every key group is satisfied."""

    def __init__(self, entries: list[dict]):
        self.entries = []
        self.anchors: dict[str, list[int]] = {}
        for i, e in enumerate(entries):
            groups = [
                [tuple(words(k)) for k in e.get("all") or []],  # each key required
                [tuple(words(k)) for k in e.get("any") or []],  # one key required
                [tuple(words(k)) for k in e.get("verbs") or []],  # one key required
            ]
            self.entries.append(groups)
            # Anchor on a word every matching sentence must hold: the first word of the first
            # `all` key, or else the first word of each `any` key.
            anchor_words = {groups[0][0][0]} if groups[0] else {k[0] for k in groups[1]}
            for w in anchor_words:
                self.anchors.setdefault(w, []).append(i)

    def _matches(self, i: int, present: set[str]) -> bool:
        all_keys, any_keys, verb_keys = self.entries[i]

        def has(key: tuple[str, ...]) -> bool:
            return all(w in present for w in key)

        return (
            all(has(k) for k in all_keys)
            and (not any_keys or any(has(k) for k in any_keys))
            and (not verb_keys or any(has(k) for k in verb_keys))
        )

    def match(self, sentence: str) -> set[int]:
        present: set[str] = set()
        for token in words(sentence):
            present |= forms(token)
        candidates = {i for w in present for i in self.anchors.get(w, ())}
        return {i for i in candidates if self._matches(i, present)}


# --- shape ---------------------------------------------------------------------------------


def _label(e: dict) -> str:
    return f"{e.get('date')} {e.get('what')!r}"


def test_enough_entries():
    assert len(ENTRIES) >= 120


@pytest.mark.parametrize("entry", ENTRIES, ids=_label)
def test_entry_shape(entry: dict):
    assert isinstance(entry, dict)
    unknown = set(entry) - {"date", "end", "what", "source", *KEY_FIELDS}
    assert not unknown, f"unknown fields {unknown}"
    start = _as_date(entry.get("date"))
    assert dt.date(1990, 1, 1) <= start <= dt.date(2026, 12, 31)
    if "end" in entry:
        end = _as_date(entry["end"])
        assert end >= start
        assert end <= dt.date(2026, 12, 31)
    for field in ("what", "source"):
        assert isinstance(entry.get(field), str) and entry[field].strip(), f"{field} missing"
    assert entry.get("all") or entry.get("any"), "needs a non-empty `all` or `any`"
    for field in KEY_FIELDS:
        keys = entry.get(field)
        if keys is None:
            continue
        assert isinstance(keys, list) and keys, f"{field} must be a non-empty list"
        for key in keys:
            assert isinstance(key, str) and key.strip(), f"{field}: {key!r} is not a string"
            assert _ARABIC_LETTER.search(key), f"{field}: {key!r} has no Arabic letter"
            assert not _LATIN.search(key), f"{field}: {key!r} has Latin letters"
            assert words(key), f"{field}: {key!r} has no word"
        folded = [tuple(words(k)) for k in keys]
        dupes = [k for k, n in Counter(folded).items() if n > 1]
        assert not dupes, f"{field}: keys repeated after normalisation: {dupes}"


def test_no_duplicate_happenings():
    seen = Counter((str(_as_date(e["date"])), e["what"].strip().lower()) for e in ENTRIES)
    assert not [k for k, n in seen.items() if n > 1]


def test_no_two_entries_with_identical_keys():
    def keyset(e: dict) -> tuple:
        return tuple(frozenset(tuple(words(k)) for k in e.get(f) or []) for f in KEY_FIELDS)

    seen = Counter(keyset(e) for e in ENTRIES)
    assert not [k for k, n in seen.items() if n > 1]


# --- matcher self-check ----------------------------------------------------------------------


def test_matcher_folds_and_strips_clitics():
    m = Matcher(
        [
            {"all": ["الجزائر"], "any": ["دول الجوار"], "verbs": ["انطلق"]},
            {"all": ["هيئة تحرير الشام", "حلب"], "any": ["هجوم"], "verbs": ["شنت"]},
        ]
    )
    assert m.match("انطلق في الجزائر أمس الاجتماع الوزاري لدول الجوار الليبي") == {0}
    assert m.match("وانطلق بالجزائر اجتماع دولِ الجِوار") == {0}
    assert m.match("انطلق في تونس اجتماع دول الجوار") == set()
    assert m.match("شنّت هيئة تحرير الشام أمس هجوماً واسعاً غرب حلب") == set()  # هجوما ≠ هجوم
    assert m.match("وشنت هيئة تحرير الشام الهجوم على ريف حلب") == {1}
    assert m.match("ذهب وفد للجزائر") == set()
    assert "الجزائر" in forms("للجزائر")


# --- specificity against a real corpus -------------------------------------------------------


def _corpus_sentences() -> Iterator[str]:
    for path in sorted(CORPUS.glob("2015-0[78]-*.zip")):
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if not name.endswith(".json"):
                    continue
                for article in json.loads(z.read(name)):
                    for field in ("title", "content"):
                        yield from sentences(article.get(field) or "")


@pytest.fixture(scope="module")
def corpus_matches() -> tuple[int, dict[int, list[str]]]:
    if not CORPUS.is_dir() or not any(CORPUS.glob("2015-0[78]-*.zip")):
        pytest.skip(f"SaudiNewsNet sample not found at {CORPUS}")
    matcher = Matcher(ENTRIES)
    hits: dict[int, list[str]] = {}
    n = 0
    for s in _corpus_sentences():
        n += 1
        for i in matcher.match(s):
            hits.setdefault(i, []).append(s.strip())
    return n, hits


def test_no_later_happening_matches_2015_news(corpus_matches):
    n, hits = corpus_matches
    assert n > 100_000
    later = {
        _label(ENTRIES[i]): sorted(set(ss))[:3]
        for i, ss in hits.items()
        if _as_date(ENTRIES[i]["date"]) >= CUTOFF
    }
    assert not later, "entries too broad (match news written before they happened):\n" + "\n".join(
        f"{k}: {v}" for k, v in later.items()
    )


def test_report_matches_of_earlier_happenings(corpus_matches):
    """Informational: how often the 2015 news mentions happenings from before 2015."""
    n, hits = corpus_matches
    pre = {i: ss for i, ss in hits.items() if _as_date(ENTRIES[i]["date"]) < dt.date(2015, 1, 1)}
    matched = {s for ss in pre.values() for s in ss}
    print(f"\nSaudiNewsNet 2015-07/08: {n} sentences, {len(matched)} match a pre-2015 entry")
    for i, ss in sorted(pre.items(), key=lambda kv: -len(kv[1])):
        print(f"  {len(ss):5d}  {_label(ENTRIES[i])}")
