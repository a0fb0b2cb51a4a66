"""The statistical name tagger: a linear-chain CRF (python-crfsuite) over the features of
:mod:`marsad.ner.features`, trained by ``scripts/train_ner.py`` on AQMAR and shipped as
``marsad/ner/model.crfsuite``; tagging runs on the model's weights with numpy
(:mod:`marsad.ner.crf`).

``Tagger.load()`` opens the shipped model (once, lazily); ``tagger.tag(tokens)`` gives BIO tags;
:func:`find_names` finds PER/ORG/LOC names in raw text as character offsets.

Clitics. AQMAR tags whole tokens, so the tagger may tag ``ولحفتر`` or ``والعراق``. The span
that :func:`find_names` reports leaves out a proclitic that is a separate morpheme:

1. before the article: ``[وف]?[بكل]?`` + ``ال`` + at least 3 letters -> the span starts at ``ال``
   (``والعراق`` -> ``العراق``, ``بالقاهرة`` -> ``القاهرة``; ``كالين`` is left alone). A fused
   ``لل`` stays (``للأمم المتحدة``; ``mention_key`` reads it as ``ال``), only a ``و``/``ف``
   before it goes.
2. otherwise a leading ``[وف]?[بكل]?`` goes only when what remains (3 letters or more) is
   attested as a word of its own: elsewhere in the same text, or in the caller's gazetteer
   (``ولحفتر`` -> ``حفتر`` when the text also says ``حفتر``). Without evidence the token is kept
   whole, since many names begin with these letters (``وليد``, ``فلسطين``, ``بغداد``, ``لبنان``).

A token the caller's gazetteer knows as a whole is never cut. A one-token PER span that names
a group of people (``العرب``, ``المسلمين``; :func:`marsad.ner.aqmar.is_group_noun`) is dropped.
"""

from __future__ import annotations

import math
import re
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from marsad.ner.aqmar import is_group_noun
from marsad.ner.aqmar import spans as bio_spans
from marsad.ner.crf import Decoded, LinearChain, WordScores
from marsad.ner.features import (
    DocContext,
    Gazetteer,
    Sentence,
    context_of,
    context_scores,
    neighbour_features,
    word_features,
)
from marsad.text.normalize import DIACRITICS, TATWEEL, match_key

MODEL_NAME = "model.crfsuite"

# Spans whose least certain token has a lower marginal probability than this are dropped by
# find_names (see MODEL_CARD.md for the precision/recall trade-off on dev).
DEFAULT_MIN_PROB = 0.0


@dataclass(frozen=True)
class Name:
    """A tagged span of tokens: token indices (end exclusive), type, and the smallest
    marginal probability of its tags (the tagger's confidence in the span)."""

    start: int
    end: int
    type: str
    prob: float


class Tagger:
    """A CRF name tagger. Thread-safe (one lock around the word table), picklable (by model
    bytes). python-crfsuite reads the model; tagging runs on its weights with numpy
    (:mod:`marsad.ner.crf`), a whole document at a time."""

    _default: Tagger | None = None
    _default_lock = threading.Lock()

    def __init__(self, model: bytes):
        self._model = model
        self._open()

    def _open(self) -> None:
        import pycrfsuite

        self._crf = pycrfsuite.Tagger()
        self._crf.open_inmemory(self._model)
        self._lock = threading.Lock()
        self._chain = LinearChain.from_crfsuite(self._crf)
        self._words = WordScores(self._chain)
        self._outside = self._chain.labels.index("O")
        # the features the model weighs: the others are left out of sentence_features
        self._known = frozenset(sys.intern(a) for a in self._chain.row)

    def __getstate__(self) -> dict[str, bytes]:
        return {"model": self._model}

    def __setstate__(self, state: dict[str, bytes]) -> None:
        self._model = state["model"]
        self._open()

    @classmethod
    def load(cls, path: str | Path | None = None) -> Tagger:
        """The tagger of the model file at ``path``; with no path, the shipped model (read
        once, then shared)."""
        if path is not None:
            return cls(Path(path).read_bytes())
        with cls._default_lock:
            if cls._default is None:
                data = resources.files("marsad.ner").joinpath(MODEL_NAME).read_bytes()
                cls._default = cls(data)
            return cls._default

    @property
    def model_bytes(self) -> bytes:
        return self._model

    def labels(self) -> list[str]:
        return list(self._chain.labels)

    def tag(
        self,
        tokens: Sequence[str],
        gazetteer: Gazetteer | None = None,
        doc: DocContext | None = None,
    ) -> list[str]:
        """BIO tags (``B-PER``, ``I-LOC``, ``O`` ...) for one sentence of tokens."""
        if not tokens:
            return []
        (decoded,) = self._decode([tokens], gazetteer, doc, marginals=False)
        return [self._chain.labels[y] for y in decoded.tags]

    def tag_document(
        self, sentences: Sequence[Sequence[str]], gazetteer: Gazetteer | None = None
    ) -> list[list[str]]:
        """BIO tags for each sentence of one document (its words inform each other)."""
        labels = self._chain.labels
        decoded = self._decode(sentences, gazetteer, None, marginals=False)
        return [[labels[y] for y in d.tags] for d in decoded]

    def names(
        self,
        tokens: Sequence[str],
        gazetteer: Gazetteer | None = None,
        doc: DocContext | None = None,
    ) -> list[Name]:
        """The tagged spans of one sentence, each with its confidence."""
        if not tokens:
            return []
        return self.names_document([tokens], gazetteer, doc)[0]

    def names_document(
        self,
        sentences: Sequence[Sequence[str]],
        gazetteer: Gazetteer | None = None,
        doc: DocContext | None = None,
        scored: bool = True,
    ) -> list[list[Name]]:
        """The tagged spans of each sentence of one document, each with its confidence: the
        smallest marginal probability of its tags (NaN without ``scored``: not computed)."""
        labels = self._chain.labels
        out = []
        for d in self._decode(sentences, gazetteer, doc, marginals=scored):
            if d.tags.count(self._outside) == len(d.tags):
                out.append([])
                continue
            names = []
            for a, b, kind in bio_spans([labels[y] for y in d.tags]):
                prob = (
                    min(float(d.marginals[i, d.tags[i]]) for i in range(a, b))
                    if scored
                    else math.nan
                )
                names.append(Name(a, b, kind, prob))
            out.append(names)
        return out

    def _decode(
        self,
        sentences: Sequence[Sequence[str]],
        gazetteer: Gazetteer | None,
        doc: DocContext | None,
        marginals: bool,
    ) -> list[Decoded]:
        """Tags (and marginals) of a document's sentences: the words' cached scores, plus
        each token's context features, decoded together."""
        if not sentences:
            return []
        sents = [Sentence.of(tokens, gazetteer) for tokens in sentences]
        doc = doc if doc is not None else context_of(sents)
        lengths = np.array([len(s.words) for s in sents], dtype=np.intp)
        words = [w for s in sents for w in s.words]
        ends = np.cumsum(lengths)
        position = np.arange(len(words)) - np.repeat(ends - lengths, lengths)
        with self._lock:
            ids = self._words.ids(words, word_features, neighbour_features)
            scores = self._words.emissions(ids, position, np.repeat(lengths, lengths))
        scores += context_scores(sents, doc, self._chain.row, self._chain.state)
        return self._chain.decode(np.split(scores, ends[:-1]), marginals)


# ---------------------------------------------------------------------------------------
# tokens with offsets

_PUNCT = '«»"“”()[]{}،,.:؛;?؟!'
_TOKEN = re.compile(
    r"\d+(?:[.,٫٬]\d+)*"  # numbers keep their decimal/thousands separators
    rf"|[^\s{re.escape(_PUNCT)}]+"  # words (clitics stay attached, as in AQMAR)
    rf"|[{re.escape(_PUNCT)}]"  # one punctuation mark
)
_SENTENCE_END = set(".!?؟؛")


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """``(token, start, end)``: words and numbers, punctuation split off, offsets into text."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def sentences(text: str) -> list[list[tuple[str, int, int]]]:
    """Tokens grouped into sentences: after ``. ! ? ؟ ؛`` and at line breaks."""
    out: list[list[tuple[str, int, int]]] = []
    current: list[tuple[str, int, int]] = []
    for tok in tokenize(text):
        if current and "\n" in text[current[-1][2] : tok[1]]:
            out.append(current)
            current = []
        current.append(tok)
        if tok[0] in _SENTENCE_END:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


# ---------------------------------------------------------------------------------------
# clitics

_MARKS = set(DIACRITICS + TATWEEL)
_BEFORE_ARTICLE = re.compile(r"(?:[وف]?[بكل]|[وف])(?=ال)")
_BEFORE_LL = re.compile(r"[وف](?=لل)")
_PROCLITIC = re.compile(r"[وف]?[بكل]|[وف]")


def _letters(token: str) -> tuple[str, list[int]]:
    """The token's folded letters without marks, and each letter's index in the token."""
    idx = [i for i, c in enumerate(token) if c not in _MARKS]
    key = match_key("".join(token[i] for i in idx))
    if len(key) != len(idx):  # punctuation inside the token: no clitic handling
        return "", []
    return key, idx


def clitic_length(token: str, attested: set[str], gazetteer: Gazetteer | None = None) -> int:
    """How many characters of ``token`` (from its start) are a proclitic to leave out of a
    name span (0 when none); see the module docstring for the rules."""
    key, idx = _letters(token)
    if not key or (gazetteer and key in gazetteer):
        return 0
    cut = 0
    if m := _BEFORE_ARTICLE.match(key):
        if len(key) - m.end() - 2 >= 3:
            cut = m.end()
    elif m := _BEFORE_LL.match(key):
        if len(key) - m.end() >= 4:
            cut = m.end()
    elif m := _PROCLITIC.match(key):
        clitic = m.group()
        for n in range(len(clitic), 0, -1):  # the longest attested cut
            rest = key[n:]
            if len(rest) >= 3 and (rest in attested or (gazetteer and rest in gazetteer)):
                cut = n
                break
    return idx[cut] if cut else 0


# ---------------------------------------------------------------------------------------
# raw text


def find_names(
    text: str,
    *,
    tagger: Tagger | None = None,
    gazetteer: Gazetteer | None = None,
    min_prob: float = DEFAULT_MIN_PROB,
) -> list[tuple[int, int, str]]:
    """Names in ``text``: ``(start, end, type)`` character offsets (half-open) with type
    PER, ORG or LOC, in text order. ``text[start:end]`` is the name, proclitics left out.

    ``gazetteer`` maps ``match_key(token)`` to types the caller already knows (knowledge-base
    hits); ``min_prob`` drops spans the tagger is less sure of (raise it for precision).
    """
    spans = _names(text, tagger, gazetteer, min_prob, scored=min_prob > 0)
    return [(a, b, kind) for a, b, kind, _ in spans]


def find_names_scored(
    text: str,
    tagger: Tagger | None = None,
    gazetteer: Gazetteer | None = None,
    min_prob: float = DEFAULT_MIN_PROB,
) -> list[tuple[int, int, str, float]]:
    """As :func:`find_names`, each span with its confidence (smallest tag marginal)."""
    return _names(text, tagger, gazetteer, min_prob, scored=True)


def _names(
    text: str,
    tagger: Tagger | None,
    gazetteer: Gazetteer | None,
    min_prob: float,
    scored: bool,
) -> list[tuple[int, int, str, float]]:
    """The spans of :func:`find_names_scored`; without ``scored`` no confidence is computed
    (NaN), which only a ``min_prob`` of 0 or less allows."""
    tagger = tagger or Tagger.load()
    sents = sentences(text)
    token_lists = [[t for t, _, _ in s] for s in sents]
    attested = {match_key(t) for tokens in token_lists for t in tokens}
    out: list[tuple[int, int, str, float]] = []
    named = tagger.names_document(token_lists, gazetteer, scored=scored)
    for sent, tokens, names in zip(sents, token_lists, named, strict=True):
        for name in names:
            if scored and name.prob < min_prob:
                continue
            if (
                name.type == "PER"
                and name.end - name.start == 1
                and is_group_noun(tokens[name.start])
            ):
                continue  # "العرب", "المسلمين": a group, not a person
            first, start, _ = sent[name.start]
            start += clitic_length(first, attested, gazetteer)
            end = sent[name.end - 1][2]
            if start < end:
                out.append((start, end, name.type, name.prob))
    return out
