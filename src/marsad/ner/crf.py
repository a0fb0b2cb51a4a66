"""Inference for the trained linear-chain CRF with numpy, a whole document at a time.

python-crfsuite trains the model and stays the reference; tagging through it costs most of
its time outside the Viterbi pass: building ~25 feature strings per token in Python and
turning them back into attribute ids in C++. Here the model's weights are read once
(:meth:`LinearChain.from_crfsuite`), a word's features become one score vector per label that
is computed once per word (:class:`WordScores`), and the sentences of a document are decoded
together.

The scores are crfsuite's: a tag sequence scores the sum of the state weights of each token's
features for its tag plus the transition weights between neighbouring tags (no start or end
weights). Sentences are packed end to end into a few *lanes* that are decoded in step; where a
sentence starts, the transition is left out, so the best path and the marginals of each
sentence are its own (the max and the sum factor over independent sentences).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from marsad.text.normalize import WORD_CACHE


@dataclass(frozen=True)
class Decoded:
    """Best tags (label ids) of one sentence and the marginal probability of each label at
    each token (rows: tokens)."""

    tags: list[int]
    marginals: np.ndarray


class LinearChain:
    """The weights of a linear-chain CRF: ``state[attribute row, label]``, ``trans[from, to]``."""

    def __init__(
        self,
        labels: Sequence[str],
        transitions: dict[tuple[str, str], float],
        state_features: dict[tuple[str, str], float],
    ):
        self.labels = tuple(labels)
        label_id = {y: i for i, y in enumerate(self.labels)}
        n = len(self.labels)
        self.trans = np.zeros((n, n))
        for (a, b), w in transitions.items():
            self.trans[label_id[a], label_id[b]] = w
        self.row: dict[str, int] = {}
        for attr, _ in state_features:
            self.row.setdefault(attr, len(self.row))
        self.state = np.zeros((len(self.row) + 1, n))  # the last row: features the model lacks
        for (attr, y), w in state_features.items():
            self.state[self.row[attr], label_id[y]] = w
        self.none = len(self.row)
        self._exp_trans = np.exp(self.trans)

    @classmethod
    def from_crfsuite(cls, tagger: object) -> LinearChain:
        """The weights of an open ``pycrfsuite.Tagger``."""
        info = tagger.info()  # type: ignore[attr-defined]
        labels = sorted(info.labels, key=lambda y: int(info.labels[y]))
        return cls(labels, info.transitions, info.state_features)

    def score(self, features: Iterable[str]) -> np.ndarray:
        """The summed state weights of a bag of features, per label."""
        rows = [self.row[f] for f in features if f in self.row]
        return self.state[rows].sum(axis=0) if rows else np.zeros(len(self.labels))

    def decode(self, emissions: Sequence[np.ndarray], marginals: bool = True) -> list[Decoded]:
        """Viterbi tags (and, with ``marginals``, forward-backward marginals) of sentences
        given their state scores, one ``(tokens, labels)`` array each."""
        lengths = [len(e) for e in emissions]
        lanes = _pack(lengths)
        width = max(sum(lengths[s] for s in lane) for lane in lanes) if lanes else 0
        n_labels = len(self.labels)
        scores = np.zeros((len(lanes), width, n_labels))
        start = np.ones((len(lanes), width), dtype=bool)  # a sentence (or the padding) starts
        last = np.zeros((len(lanes), width), dtype=bool)  # a sentence ends
        where: list[tuple[int, int]] = [(0, 0)] * len(emissions)
        for k, lane in enumerate(lanes):
            at = 0
            for s in lane:
                n = lengths[s]
                if n:
                    scores[k, at : at + n] = emissions[s]
                    start[k, at + 1 : at + n] = False
                    last[k, at + n - 1] = True
                where[s] = (k, at)
                at += n
        tags = self._viterbi(scores, start, last)
        probs = self._marginals(scores, start) if marginals else None
        out = []
        for s, n in enumerate(lengths):
            k, at = where[s]
            out.append(
                Decoded(
                    tags[k, at : at + n].tolist(),
                    probs[k, at : at + n] if probs is not None else np.empty((n, 0)),
                )
            )
        return out

    def _viterbi(self, scores: np.ndarray, start: np.ndarray, last: np.ndarray) -> np.ndarray:
        lanes, width, n = scores.shape
        if not width:
            return np.zeros((lanes, 0), dtype=int)
        best = np.empty((lanes, width, n))
        back = np.zeros((lanes, width, n), dtype=np.intp)
        best[:, 0] = scores[:, 0]
        for t in range(1, width):
            step = best[:, t - 1, :, None] + self.trans  # (lanes, from, to)
            arg = step.argmax(axis=1)
            came = step.max(axis=1)
            first = start[:, t, None]
            best[:, t] = np.where(first, 0.0, came) + scores[:, t]
            back[:, t] = arg
        ending = best.argmax(axis=2)  # the best tag of a sentence's last token
        tags = np.zeros((lanes, width), dtype=np.intp)
        tags[:, -1] = ending[:, -1]
        lane = np.arange(lanes)
        for t in range(width - 2, -1, -1):
            follow = back[lane, t + 1, tags[:, t + 1]]
            tags[:, t] = np.where(last[:, t], ending[:, t], follow)
        return tags

    def _marginals(self, scores: np.ndarray, start: np.ndarray) -> np.ndarray:
        lanes, width, n = scores.shape
        if not width:
            return np.zeros((lanes, 0, n))
        # each token's scores shifted by their maximum: a constant per token cancels out
        weight = np.exp(scores - scores.max(axis=2, keepdims=True))
        alpha = np.empty_like(weight)
        alpha[:, 0] = weight[:, 0] / weight[:, 0].sum(axis=1, keepdims=True)
        for t in range(1, width):
            came = np.where(start[:, t, None], 1.0, alpha[:, t - 1] @ self._exp_trans)
            a = came * weight[:, t]
            alpha[:, t] = a / a.sum(axis=1, keepdims=True)
        beta = np.empty_like(weight)
        beta[:, -1] = 1.0
        for t in range(width - 2, -1, -1):
            nxt = weight[:, t + 1] * beta[:, t + 1]
            b = np.where(start[:, t + 1, None], 1.0, nxt @ self._exp_trans.T)
            beta[:, t] = b / b.sum(axis=1, keepdims=True)
        p = alpha * beta
        return p / p.sum(axis=2, keepdims=True)


def _pack(lengths: Sequence[int]) -> list[list[int]]:
    """Sentences into lanes of about the longest sentence's length, longest first into the
    shortest lane; each lane keeps its sentences in text order."""
    if not lengths:
        return []
    longest = max(max(lengths), 1)
    count = max(1, -(-sum(lengths) // longest))
    heap = [(0, k) for k in range(count)]
    lanes: list[list[int]] = [[] for _ in range(count)]
    for s in sorted(range(len(lengths)), key=lambda s: -lengths[s]):
        size, k = heapq.heappop(heap)
        lanes[k].append(s)
        heapq.heappush(heap, (size + lengths[s], k))
    return [sorted(lane) for lane in lanes if lane]


class WordScores:
    """Per-word score vectors, computed once per word: what a word's own features add to its
    token, and what it adds to the tokens ``-2 -1 +1 +2`` places away (its neighbour features).

    At most ``limit`` words are kept: when new words would pass it, the half that served the
    most tokens stays (their counts halved) and the rest is dropped. A document's words are
    all in the table while it is scored; a word's vector does not depend on what else is in it.
    """

    OFFSETS = (-2, -1, 1, 2)

    def __init__(self, chain: LinearChain, limit: int = WORD_CACHE):
        self.chain = chain
        self.limit = limit
        self._ids: dict[str, int] = {}
        self._words: list[str] = []
        self._table = np.zeros((1 + len(self.OFFSETS), 1024, len(chain.labels)))
        self._uses = np.zeros(1024, dtype=np.int64)

    def ids(
        self,
        words: Sequence[str],
        own: Callable[[str], Iterable[str]],
        neighbour: Callable[[str, int], Iterable[str]],
    ) -> np.ndarray:
        """Row ids of ``words`` in the table; ``own(word)`` and ``neighbour(word, offset)``
        give the features of a word not seen yet."""
        unique = dict.fromkeys(words)
        if len(self._ids) + len(unique) > self.limit:
            self._evict(room=len(unique))
        new = [w for w in unique if w not in self._ids]
        if new:
            self._add(new, own, neighbour)
        known = self._ids
        out = np.fromiter((known[w] for w in words), np.intp, len(words))
        np.add.at(self._uses, out, 1)
        return out

    def _evict(self, room: int) -> None:
        keep = max(0, min(self.limit // 2, self.limit - room))
        rows = np.sort(np.argsort(-self._uses[: len(self._words)], kind="stable")[:keep])
        count = len(rows)
        self._table[:, :count] = self._table[:, rows]
        self._uses[:count] = self._uses[rows] // 2
        self._uses[count:] = 0
        self._words = [self._words[r] for r in rows]
        self._ids = {w: i for i, w in enumerate(self._words)}

    def _add(
        self,
        new: list[str],
        own: Callable[[str], Iterable[str]],
        neighbour: Callable[[str, int], Iterable[str]],
    ) -> None:
        first = len(self._words)
        size = self._table.shape[1]
        while first + len(new) > size:
            size *= 2
        if size > self._table.shape[1]:
            table = np.zeros((self._table.shape[0], size, self._table.shape[2]))
            table[:, : self._table.shape[1]] = self._table
            uses = np.zeros(size, dtype=np.int64)
            uses[: len(self._uses)] = self._uses
            self._table, self._uses = table, uses
        self._table[:, first : first + len(new)] = 0.0
        attribute = self.chain.row
        slots: list[int] = []
        rows: list[int] = []
        attrs: list[int] = []
        for row, word in enumerate(new, first):
            groups = (own(word), *(neighbour(word, off) for off in self.OFFSETS))
            for slot, features in enumerate(groups):
                for f in features:
                    if (a := attribute.get(f)) is not None:
                        slots.append(slot)
                        rows.append(row)
                        attrs.append(a)
        np.add.at(
            self._table,
            (np.array(slots, np.intp), np.array(rows, np.intp)),
            self.chain.state[attrs],
        )
        for row, word in enumerate(new, first):
            self._ids[word] = row
        self._words.extend(new)

    def emissions(self, ids: np.ndarray, position: np.ndarray, length: np.ndarray) -> np.ndarray:
        """State scores from the words alone of tokens ``ids`` (a document's tokens, each with
        its ``position`` in its sentence and that sentence's ``length``)."""
        table = self._table
        scores = table[0, ids]
        for k, off in enumerate(self.OFFSETS, 1):
            there = position + off
            (tokens,) = np.nonzero((there >= 0) & (there < length))
            scores[tokens] += table[k, ids[tokens + off]]
        return scores
