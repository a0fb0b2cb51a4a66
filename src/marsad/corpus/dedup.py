"""Near-duplicates: syndicated or re-published copies of one article, found by MinHash LSH.

Each article is cut into shingles (three consecutive word keys), fingerprinted with a
datasketch ``MinHash`` and its signature cut into the bands of a ``MinHashLSH`` tuned to
``LSH_THRESHOLD``. The band hashes are rows of ``minhash_bands``, indexed on (band, hash), so
the candidates of a new article are found by SQL lookups, without loading the corpus. Every
candidate is then checked on the exact shingle sets: a copy is one whose Jaccard similarity
reaches ``DUPLICATE_THRESHOLD``, or whose shorter text is almost all contained in the other
(a wire story re-published with a paragraph added or cut).

A group of copies points to one original: the earliest published, else the first ingested.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from marsad.corpus.terms import keys

NUM_PERM = 128
LSH_THRESHOLD = 0.5  # candidates: what the bands let through (checked exactly after)
DUPLICATE_THRESHOLD = 0.6  # Jaccard of the shingle sets
CONTAINMENT_THRESHOLD = 0.9  # share of the shorter text's shingles found in the longer one
MIN_SHINGLES = 20  # shorter texts are never called copies (too little to tell)
SHINGLE = 3


@dataclass(frozen=True)
class Fingerprint:
    shingles: frozenset[str]
    bands: tuple[tuple[int, str], ...]  # (band number, hash) rows for minhash_bands


@cache
def _bands() -> tuple[tuple[int, int], ...]:
    """The (start, end) slices of the signature, as datasketch's LSH would cut them."""
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    return tuple(lsh.hashranges)


@cache
def _template() -> MinHash:
    """A MinHash whose permutations every fingerprint reuses (drawing them is the costly part
    of a new ``MinHash``)."""
    return MinHash(num_perm=NUM_PERM)


def _same(value: int) -> int:
    return value


def shingles(text: str, size: int = SHINGLE) -> frozenset[str]:
    """Word-key n-grams of ``text`` (the keys fold spelling variants and clitics)."""
    return shingles_of(keys(text), size)


def shingles_of(words: Sequence[str], size: int = SHINGLE) -> frozenset[str]:
    """Word-key n-grams of a text given as its word keys (``keys(text)``)."""
    if len(words) < size:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))


def fingerprint(text: str) -> Fingerprint:
    """The shingles of ``text`` and its LSH band hashes (none for a text too short to tell)."""
    return fingerprint_of(keys(text))


def fingerprint_of(words: Sequence[str]) -> Fingerprint:
    """``fingerprint`` of a text given as its word keys."""
    sh = shingles_of(words)
    if len(sh) < MIN_SHINGLES:
        return Fingerprint(sh, ())
    # datasketch's default hash (the first 4 bytes of SHA-1, little-endian), taken in one
    # buffer, then its permutations: the same values as MinHash().update_batch(shingles)
    digests = b"".join([hashlib.sha1(s.encode("utf-8")).digest()[:4] for s in sh])
    t = _template()
    mh = MinHash(num_perm=NUM_PERM, hashfunc=_same, permutations=t.permutations, scheme=t.scheme)
    mh.update_batch(np.frombuffer(digests, dtype="<u4").tolist())
    values = mh.hashvalues
    bands = tuple(
        (i, hashlib.blake2b(values[start:end].tobytes(), digest_size=8).hexdigest())
        for i, (start, end) in enumerate(_bands())
    )
    return Fingerprint(sh, bands)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """How much of a copy ``b`` is of ``a``: Jaccard, or containment when that decides.

    Returns the Jaccard similarity, or the containment of the shorter set when it reaches
    ``CONTAINMENT_THRESHOLD`` (an edited copy that added or cut a paragraph); 0 when
    either is too short to tell.
    """
    if len(a) < MIN_SHINGLES or len(b) < MIN_SHINGLES:
        return 0.0
    inter = len(a & b)
    jaccard = inter / len(a | b)
    contained = inter / min(len(a), len(b))
    return contained if contained >= CONTAINMENT_THRESHOLD else jaccard


def is_duplicate(score: float) -> bool:
    return score >= DUPLICATE_THRESHOLD


def pick_original(
    members: Iterable[tuple[int, str | None]],
) -> int:
    """The original of a group of copies, given (article id, date_from): the earliest
    dated one, ties and undated ones after by id (the first ingested)."""
    return min(members, key=lambda m: (m[1] is None, m[1] or "", m[0]))[0]


def best_match(
    shingle_set: frozenset[str], candidates: Sequence[tuple[int, frozenset[str]]]
) -> tuple[int, float] | None:
    """The candidate (id, similarity) most similar to ``shingle_set`` that is a copy."""
    best: tuple[int, float] | None = None
    for cid, other in candidates:
        score = similarity(shingle_set, other)
        if is_duplicate(score) and (best is None or score > best[1]):
            best = (cid, score)
    return best
