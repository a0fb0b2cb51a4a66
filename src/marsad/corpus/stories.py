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

A story is one event or development told over a few days, not a whole conflict, so two more
conditions hold (``best_story``):

- the story never spans more than ``MAX_SPAN_DAYS``: an article joins only if it begins at
  most that long after the story's first day (and ends at most that long before its last).
  Judged against the story's last report alone, a topic reported every day (a war) kept one
  story open for the whole corpus;
- the article's mean similarity to the story's last ``RECENT`` members reaches
  ``THRESHOLD`` too (``recent_similarity``). A big story's sum of terms keeps what its
  articles share, the topic's actors, places and words, and any article on that topic matched
  it as well as the story's own articles did.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import Any

import numpy as np

from marsad.corpus.terms import content_keys, is_content, keys, sentences
from marsad.model import Article

WINDOW_DAYS = 3  # how far apart an article and a story's reports may be
MAX_SPAN_DAYS = 3  # how far after a story's first day an article joining it may begin
RECENT = 5  # a story's last members an article is also compared with
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
_FAMILIES = tuple(WEIGHTS)  # story terms are "<family>:<term>"


@dataclass(frozen=True)
class Facts:
    """What the corpus steps use of an article: its words as keys, in order, and the
    annotations stories compare (read from the store without building the ``Article``)."""

    title_words: tuple[str, ...]  # ``keys(title)``
    text_words: tuple[str, ...]  # ``keys(text)``
    actors: Mapping[str, int]  # PER/ORG entity id -> mentions
    places: Mapping[str, int]  # LOC entity id -> mentions
    events: tuple[tuple[str, str | None, str | None], ...]  # (type, source, target)
    published: str | None
    days: tuple[str, ...]  # the values of its time expressions

    @classmethod
    def of(cls, article: Article) -> Facts:
        return cls(
            title_words=tuple(keys(article.title or "")),
            text_words=tuple(keys(article.text)),
            actors={e.id: len(e.mentions) for e in article.entities if e.type in ("PER", "ORG")},
            places={e.id: len(e.mentions) for e in article.entities if e.type == "LOC"},
            events=tuple((e.type, e.source, e.target) for e in article.events),
            published=article.published,
            days=tuple(t.value for t in article.times if t.value),
        )

    @cached_property
    def title_content(self) -> list[str]:
        """``content_keys`` of the title."""
        return [k for k in self.title_words if is_content(k)]

    @cached_property
    def text_content(self) -> list[str]:
        """``content_keys`` of the text."""
        return [k for k in self.text_words if is_content(k)]

    @cached_property
    def df_terms(self) -> frozenset[str]:
        """Every term the article adds to the document frequencies (all its content words)."""
        terms = {f"w:{w}" for w in self.title_content}
        terms.update(f"w:{w}" for w in self.text_content)
        terms.update(f"a:{e}" for e in self.actors)
        terms.update(f"p:{e}" for e in self.places)
        for type_, source, target in self.events:
            terms.add(f"e:{type_}")
            terms.add(f"e:{type_}|{source or ''}|{target or ''}")
        return frozenset(terms)


@dataclass(frozen=True)
class Features:
    """What stories compare: terms by family (a, p, e, w) and a date interval."""

    terms: Mapping[str, Mapping[str, int]]  # family -> term -> how often the article has it
    date_from: str | None
    date_to: str | None

    def all_terms(self) -> dict[str, int]:
        return {f"{fam}:{t}": n for fam, ts in self.terms.items() for t, n in ts.items()}


class Rarity:
    """Document frequencies (``term_df``) of the terms in use, as IDF weights, counted up as
    articles are processed; also kept as an array, so a story's weights are one lookup."""

    def __init__(self) -> None:
        self.df: dict[str, int] = {}
        self.slot: dict[str, int] = {}
        self._df = np.zeros(1024)
        self.n_docs = 0

    def __contains__(self, term: str) -> bool:
        return term in self.df

    def get(self, term: str, default: int = 0) -> int:
        return self.df.get(term, default)

    def set(self, term: str, df: int) -> None:
        self.df[term] = df
        i = self.slot.get(term)
        if i is None:
            i = self.slot[term] = len(self.slot)
            if i == len(self._df):
                self._df = np.concatenate([self._df, np.zeros(len(self._df))])
        self._df[i] = df
        if term == N_TERM:
            self.n_docs = df

    def count(self, terms: AbstractSet[str]) -> None:
        """One more article has each of ``terms``."""
        slots = self.slots_of(terms)  # a term never seen gets df 0 first
        for t in terms:
            self.df[t] += 1
        self._df[slots] += 1
        self.n_docs = self.df.get(N_TERM, 0)

    def idf(self, term: str) -> float:
        return idf(self.df.get(term, 0), self.n_docs)

    def idfs(self, slots: np.ndarray) -> np.ndarray:
        """``idf`` of the terms at ``slots`` (as ``slots_of`` gives them)."""
        return np.log((self.n_docs + 1) / (self._df[slots] + 1)) + 1.0

    def slots_of(self, terms: Iterable[str]) -> np.ndarray:
        """Array positions of ``terms``; a term never counted gets one (df 0)."""
        out = []
        for t in terms:
            if t not in self.slot:
                self.set(t, 0)
            out.append(self.slot[t])
        return np.array(out, dtype=np.intp)


def date_interval(article: Article) -> tuple[str | None, str | None]:
    """The days an article reports on (see ``days_reported``)."""
    return days_reported(article.published, [t.value for t in article.times if t.value])


def days_reported(pub: str | None, values: Iterable[str]) -> tuple[str | None, str | None]:
    """The days an article published on ``pub`` reports on, given the values of its time
    expressions: its publication day; for a month-only (or year-only, or missing) date, the
    span of the full days its time expressions resolve to inside that period or the month
    before it, else the whole month; (None, None) with no date at all."""
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
        v
        for v in values
        if _DAY.match(v) and (lo is None or lo.isoformat() <= v <= hi.isoformat())  # type: ignore[union-attr]
    )
    if days:
        return days[0], days[-1]
    if lo is not None and hi is not None and pub and _MONTH.match(pub):
        return pub + "-01", hi.isoformat()
    return None, None


def article_features(facts: Facts, rarity: Rarity) -> Features:
    """The terms of one article; ``rarity`` gives word rarity to pick the body's keywords."""
    events = Counter(t for t, _, _ in facts.events)
    events.update(f"{t}|{s or ''}|{g or ''}" for t, s, g in facts.events)
    counts = Counter(facts.text_content)
    counts.update(TITLE_BOOST * facts.title_content)
    ranked = sorted(counts, key=lambda w: (-counts[w] * rarity.idf(f"w:{w}"), w))
    words = {w: counts[w] for w in ranked[:KEYWORDS]}
    lo, hi = days_reported(facts.published, facts.days)
    terms = {"a": facts.actors, "p": facts.places, "e": dict(events), "w": words}
    return Features({f: dict(sorted(ts.items())) for f, ts in terms.items()}, lo, hi)


def key_terms(features: Features, rarity: Rarity, k: int = KEY_TERMS) -> list[str]:
    """The article's ``k`` most telling terms (count x IDF; actors, event triples, places,
    words): stories sharing one of them are its candidates."""
    scored = [
        (n * rarity.idf(t), t)
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


class StoryTerms:
    """A story's features (``{"n": members, "terms": {"fam:term": count}, ...}``), or one
    member's (``n`` 1), ready to be compared: the counts by family, and as arrays for the
    norms."""

    def __init__(self, features: Mapping[str, Any], rarity: Rarity) -> None:
        terms: Mapping[str, int] = features.get("terms") or {}
        self.n = int(features.get("n") or 1)
        self.by_family: dict[str, dict[str, float]] = {f: {} for f in _FAMILIES}
        kept = [(t, c) for t, c in terms.items() if t[0] in self.by_family]
        for t, c in kept:
            self.by_family[t[0]][t] = c / self.n
        self.slots = rarity.slots_of(t for t, _ in kept)
        self.family = np.array([_FAMILIES.index(t[0]) for t, _ in kept], dtype=np.intp)
        self.shares = np.array([c / self.n for _, c in kept])

    def norms(self, rarity: Rarity) -> np.ndarray:
        """Per family, the length of the story's IDF-weighted term vector."""
        weighted = (rarity.idfs(self.slots) * self.shares) ** 2
        return np.sqrt(np.bincount(self.family, weighted, minlength=len(_FAMILIES)))


class Candidate:
    """A story an article may join, as stored (``add_to_story``): its terms, and those of its
    last members with their dates, each made ready to compare on first use."""

    def __init__(self, features: Mapping[str, Any], rarity: Rarity) -> None:
        self.features, self.rarity = features, rarity

    @cached_property
    def terms(self) -> StoryTerms:
        return StoryTerms(self.features, self.rarity)

    @cached_property
    def recent(self) -> list[tuple[StoryTerms, tuple[str, str] | None]]:
        """(terms, dates) of the story's last ``RECENT`` members; none for a story stored
        before members were kept."""
        out = []
        for m in self.features.get("recent") or ():
            lo, hi = m.get("dates") or (None, None)
            dates = (lo, hi) if lo is not None and hi is not None else None
            out.append((StoryTerms({"n": 1, "terms": m["terms"]}, self.rarity), dates))
        return out


class ArticleTerms:
    """An article's side of ``story_similarity``, computed once for all its candidates: per
    family its terms with their counts and IDF weights, and the length of its vector."""

    def __init__(self, features: Features, rarity: Rarity) -> None:
        self.families: list[tuple[int, float, dict[str, tuple[float, int]], float]] = []
        for fi, (fam, weight) in enumerate(WEIGHTS.items()):
            mine = {f"{fam}:{t}": n for t, n in features.terms.get(fam, {}).items()}
            if not mine:
                continue
            w = {t: (rarity.idf(t) ** 2, n) for t, n in mine.items()}
            norm = math.sqrt(sum(w2 * n**2 for w2, n in w.values()))
            self.families.append((fi, weight, w, norm))


def story_similarity(
    article: ArticleTerms, story: StoryTerms, gap_days: int, rarity: Rarity
) -> float:
    """How well an article fits a story (0..1): per family, the cosine between the article's
    terms and the story's (each story term counted as the share of its articles that have
    it), every term weighted by its IDF; the families mixed by ``WEIGHTS``, less a little
    per day apart."""
    norms: np.ndarray | None = None
    score = 0.0
    for fi, weight, mine, norm_a in article.families:
        theirs = story.by_family[_FAMILIES[fi]]
        if not theirs:
            continue
        dot = sum(w2 * n * theirs[t] for t, (w2, n) in mine.items() if t in theirs)
        if dot == 0:
            continue
        if norms is None:
            norms = story.norms(rarity)
        score += weight * dot / (norm_a * float(norms[fi]))
    return score * max(0.0, 1.0 - DAY_PENALTY * gap_days)


def within_span(article: tuple[str, str], story: tuple[str, str]) -> bool:
    """Whether an article reporting on the days ``article`` (from, to) keeps a story reporting
    on ``story`` within ``MAX_SPAN_DAYS``: it begins at most that long after the story's
    first day and ends at most that long before its last."""
    later = (date.fromisoformat(article[0]) - date.fromisoformat(story[0])).days
    earlier = (date.fromisoformat(story[1]) - date.fromisoformat(article[1])).days
    return later <= MAX_SPAN_DAYS and earlier <= MAX_SPAN_DAYS


def recent_similarity(
    article: ArticleTerms, dates: tuple[str, str], story: Candidate, rarity: Rarity
) -> float:
    """The article's mean ``story_similarity`` to the story's last members, each less its own
    days apart; 1 when the story kept none."""
    if not story.recent:
        return 1.0
    total = 0.0
    for member, member_dates in story.recent:
        gap = days_apart(dates, member_dates) if member_dates is not None else 0
        total += story_similarity(article, member, gap, rarity)
    return total / len(story.recent)


def best_story(
    features: Features,
    candidates: Iterable[tuple[int, Candidate, tuple[str, str]]],
    rarity: Rarity,
) -> tuple[int, float] | None:
    """The (story id, similarity) the article joins, among (id, story, interval) candidates,
    or None. A story qualifies when the article lies within ``WINDOW_DAYS`` of its reports and
    keeps it ``within_span``, and both its similarity to the story and its
    ``recent_similarity`` reach ``THRESHOLD``; the most similar one wins (the lowest id on a
    tie)."""
    if features.date_from is None or features.date_to is None:
        return None
    mine = (features.date_from, features.date_to)
    article = ArticleTerms(features, rarity)
    best: tuple[int, float] | None = None
    for sid, story, interval in candidates:
        gap = days_apart(mine, interval)
        if gap > WINDOW_DAYS or not within_span(mine, interval):
            continue
        score = story_similarity(article, story.terms, gap, rarity)
        if score < THRESHOLD or (
            best is not None and (score < best[1] or (score == best[1] and sid > best[0]))
        ):
            continue  # a story that cannot win is not compared member by member
        if recent_similarity(article, mine, story, rarity) >= THRESHOLD:
            best = (sid, score)
    return best


def add_to_story(story_features: Mapping[str, Any], features: Features) -> dict[str, Any]:
    """The story's term counts with one more article, and its last ``RECENT`` members (their
    dates and terms)."""
    terms = Counter(story_features.get("terms") or {})
    mine = features.all_terms()
    terms.update(mine)
    member = {"dates": [features.date_from, features.date_to], "terms": mine}
    recent = [*(story_features.get("recent") or ()), member][-RECENT:]
    return {"n": int(story_features.get("n") or 0) + 1, "terms": dict(terms), "recent": recent}


# -- summary -----------------------------------------------------------------------------

SUMMARY_SENTENCES = 3
_SENTENCES_PER_ARTICLE = 8
SUMMARY_ARTICLES = 12  # a summary is made from the first originals of a story


def summarize(texts: Sequence[str], n: int = SUMMARY_SENTENCES) -> list[str]:
    """The ``n`` most central sentences of a story's texts (LexRank-like degree centrality on
    word-key overlap), near-repeats skipped, in the order they were told."""
    cands: list[tuple[int, int, str, frozenset[str]]] = []
    for ai, text in enumerate(texts[:SUMMARY_ARTICLES]):
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
