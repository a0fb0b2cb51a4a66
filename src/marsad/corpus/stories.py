"""Stories: articles about one happening, clustered across outlets in a single pass.

An article is described by what marsad extracted from it (``article_features``): the actors
it links (PER/ORG entity ids), the places (LOC ids), its events (types, and type with source
and target), and its keywords (word keys of the title, and the body's words that are most
particular to it). Each term counts how often the article has it (mentions,
events, occurrences); a story keeps the sum over its articles.

A new article is compared with the stories whose report dates lie within ``WINDOW_DAYS`` of
its own dates (``story_similarity``): per family, the cosine between the article's terms and
the story's, each term weighted by its count and its rarity in the corpus (smoothed IDF); the families are
mixed by ``WEIGHTS`` and the whole lowered a little per day apart. It joins the best story at
or above ``THRESHOLD``, else opens a new one. Existing assignments never change.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from marsad.corpus.terms import content_keys, sentences
from marsad.model import Article

WINDOW_DAYS = 3  # how far apart an article and a story's reports may be
THRESHOLD = 0.3
DAY_PENALTY = 0.05  # similarity lost per day between the article and the story
WEIGHTS = {"a": 0.2, "p": 0.1, "e": 0.2, "w": 0.5}  # actors, places, events, words
KEYWORDS = 100  # the words kept per article (highest tf-idf)
TITLE_BOOST = 2  # a title word counts as this many body words
N_TERM = "#articles"  # the term_df row that counts the processed articles
KEY_TERMS = 20  # an article's most telling terms, to find candidate stories
MAX_CANDIDATES = 15  # stories compared per article (those sharing most key terms)

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Features:
    """What stories compare: terms by family (a, p, e, w) and a date interval."""

    terms: Mapping[str, Mapping[str, int]]  # family -> term -> how often the article has it
    date_from: str | None
    date_to: str | None

    def all_terms(self) -> dict[str, int]:
        return {f"{fam}:{t}": n for fam, ts in self.terms.items() for t, n in ts.items()}


def date_interval(article: Article) -> tuple[str | None, str | None]:
    """The days an article reports on: its publication day; for a month-only (or year-only,
    or missing) date, the span of the full days its time expressions resolve to inside that
    period or the month before it, else the whole month; (None, None) with no date at all."""
    pub = article.published
    if pub and _DAY.match(pub):
        return pub, pub
    lo: date | None = None
    hi: date | None = None
    if pub and (m := _MONTH.match(pub)):
        first = date(int(m[1]), int(m[2]), 1)
        hi = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        lo = first - timedelta(days=31)
    elif pub and pub[:4].isdigit():
        lo, hi = date(int(pub[:4]), 1, 1), date(int(pub[:4]), 12, 31)
    days = sorted(
        t.value
        for t in article.times
        if t.value
        and _DAY.match(t.value)
        and (lo is None or lo.isoformat() <= t.value <= hi.isoformat())  # type: ignore[union-attr]
    )
    if days:
        return days[0], days[-1]
    if lo is not None and hi is not None and pub and _MONTH.match(pub):
        return pub + "-01", hi.isoformat()
    return None, None


def article_features(article: Article, df: Mapping[str, int], n_docs: int) -> Features:
    """The terms of one article; ``df`` gives word rarity to pick the body's keywords."""
    actors = {e.id: len(e.mentions) for e in article.entities if e.type in ("PER", "ORG")}
    places = {e.id: len(e.mentions) for e in article.entities if e.type == "LOC"}
    events = Counter(e.type for e in article.events)
    events.update(f"{e.type}|{e.source or ''}|{e.target or ''}" for e in article.events)
    counts = Counter(content_keys(article.text))
    counts.update(TITLE_BOOST * content_keys(article.title or ""))
    ranked = sorted(counts, key=lambda w: (-counts[w] * idf(df.get(f"w:{w}", 0), n_docs), w))
    words = {w: counts[w] for w in ranked[:KEYWORDS]}
    lo, hi = date_interval(article)
    terms = {"a": actors, "p": places, "e": dict(events), "w": words}
    return Features({f: dict(sorted(ts.items())) for f, ts in terms.items()}, lo, hi)


def key_terms(
    features: Features, df: Mapping[str, int], n_docs: int, k: int = KEY_TERMS
) -> list[str]:
    """The article's ``k`` most telling terms (count x IDF; actors, event triples, places,
    words): stories sharing one of them are its candidates."""
    scored = [
        (n * idf(df.get(t, 0), n_docs), t)
        for t, n in features.all_terms().items()
        if not t.startswith("e:") or "|" in t  # an event type alone tells nothing
    ]
    return [t for _, t in sorted(scored, key=lambda st: (-st[0], st[1]))[:k]]


def idf(df: int, n_docs: int) -> float:
    """Smoothed inverse document frequency (as scikit-learn's): rarer terms weigh more."""
    return math.log((n_docs + 1) / (df + 1)) + 1.0


def days_apart(a: tuple[str, str], b: tuple[str, str]) -> int:
    """Days between two (from, to) ISO intervals; 0 when they overlap."""
    if a[1] < b[0]:
        return (date.fromisoformat(b[0]) - date.fromisoformat(a[1])).days
    if b[1] < a[0]:
        return (date.fromisoformat(a[0]) - date.fromisoformat(b[1])).days
    return 0


def story_similarity(
    features: Features,
    story_terms: Mapping[str, int],
    story_n: int,
    gap_days: int,
    df: Mapping[str, int],
    n_docs: int,
) -> float:
    """How well an article fits a story (0..1): weighted per-family IDF cosines, less a
    little per day apart. ``story_terms`` counts, per ``fam:term``, the story's articles
    that have it."""
    by_family: dict[str, dict[str, float]] = {f: {} for f in WEIGHTS}
    for term, count in story_terms.items():
        fam = term[0]
        if fam in by_family:
            by_family[fam][term] = count / story_n
    score = 0.0
    for fam, weight in WEIGHTS.items():
        mine = {f"{fam}:{t}": n for t, n in features.terms.get(fam, {}).items()}
        theirs = by_family[fam]
        if not mine or not theirs:
            continue
        w = {t: idf(df.get(t, 0), n_docs) for t in mine.keys() | theirs.keys()}
        dot = sum(w[t] ** 2 * n * theirs[t] for t, n in mine.items() if t in theirs)
        if dot == 0:
            continue
        norm_a = math.sqrt(sum((w[t] * n) ** 2 for t, n in mine.items()))
        norm_s = math.sqrt(sum((w[t] * v) ** 2 for t, v in theirs.items()))
        score += weight * dot / (norm_a * norm_s)
    return score * max(0.0, 1.0 - DAY_PENALTY * gap_days)


def best_story(
    features: Features,
    candidates: Iterable[tuple[int, Mapping[str, object], tuple[str, str]]],
    df: Mapping[str, int],
    n_docs: int,
) -> tuple[int, float] | None:
    """The (story id, similarity) the article joins, among (id, story features, interval)
    candidates, or None when none reaches ``THRESHOLD``."""
    if features.date_from is None or features.date_to is None:
        return None
    mine = (features.date_from, features.date_to)
    best: tuple[int, float] | None = None
    for sid, sf, interval in candidates:
        gap = days_apart(mine, interval)
        if gap > WINDOW_DAYS:
            continue
        terms = sf.get("terms") or {}
        n = int(sf.get("n") or 1)  # type: ignore[call-overload]
        score = story_similarity(features, terms, n, gap, df, n_docs)  # type: ignore[arg-type]
        if score >= THRESHOLD and (
            best is None or score > best[1] or (score == best[1] and sid < best[0])
        ):
            best = (sid, score)
    return best


def add_to_story(story_features: Mapping[str, object], features: Features) -> dict[str, object]:
    """The story's term counts with one more article."""
    terms = Counter(story_features.get("terms") or {})  # type: ignore[arg-type]
    terms.update(features.all_terms())
    return {"n": int(story_features.get("n") or 0) + 1, "terms": dict(terms)}  # type: ignore[call-overload]


# -- summary -----------------------------------------------------------------------------

SUMMARY_SENTENCES = 3
_SENTENCES_PER_ARTICLE = 8
_ARTICLES_FOR_SUMMARY = 12


def summarize(texts: Sequence[str], n: int = SUMMARY_SENTENCES) -> list[str]:
    """The ``n`` most central sentences of a story's texts (LexRank-like degree centrality on
    word-key overlap), near-repeats skipped, in the order they were told."""
    cands: list[tuple[int, int, str, frozenset[str]]] = []
    for ai, text in enumerate(texts[:_ARTICLES_FOR_SUMMARY]):
        for si, (s, e) in enumerate(sentences(text)[:_SENTENCES_PER_ARTICLE]):
            sent = text[s:e].strip()
            ks = frozenset(content_keys(sent))
            if 30 <= len(sent) <= 400 and len(ks) >= 4:
                cands.append((ai, si, sent, ks))
    if not cands:
        return []
    scores = []
    for i, (_, si, _, ks) in enumerate(cands):
        c = sum(
            len(ks & other) / math.sqrt(len(ks) * len(other))
            for j, (_, _, _, other) in enumerate(cands)
            if j != i
        )
        scores.append(c + (0.5 if si == 0 else 0.0))  # a lead sentence is a good summary
    chosen: list[int] = []
    for i in sorted(range(len(cands)), key=lambda i: (-scores[i], i)):
        ks = cands[i][3]
        if any(len(ks & cands[j][3]) / len(ks | cands[j][3]) > 0.5 for j in chosen):
            continue
        chosen.append(i)
        if len(chosen) == n:
            break
    return [cands[i][2] for i in sorted(chosen)]
