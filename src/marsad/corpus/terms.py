"""Words as corpus keys: ``match_key`` folding, then the proclitics stripped.

A search for ``حفتر`` must find ``لحفتر`` and ``وحفتر``, and ``الجزائر`` must find ``والجزائر``:
both the indexed text and the query go through ``word_key``, which folds the letters
(hamza forms, taa marbuta, alef maqsura, diacritics: ``match_key``) and strips the leading
conjunction (و ف), preposition (ب ل ك) and article (ال, or لل for ل + ال), longest first, as
long as a stem of at least three letters is left (two after an article). A stem that
begins with one of those letters (``وزير``, ``فرنسا``) loses it on both sides alike, so
matching stays consistent; only the rare stem equal to another word's remainder collides.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from marsad.text.normalize import match_key

# longest first; each prefix with the shortest stem it may leave
_PREFIXES: tuple[tuple[str, int], ...] = tuple(
    sorted(
        [(c + p + "ال", 2) for c in ("و", "ف") for p in ("ب", "ك")]
        + [(c + "لل", 2) for c in ("و", "ف")]
        + [(c + "ال", 2) for c in ("و", "ف", "ب", "ك")]
        + [("لل", 2), ("ال", 2)]
        + [(c + p, 3) for c in ("و", "ف") for p in ("ب", "ل", "ك")]
        + [(c, 3) for c in ("و", "ف", "ب", "ل", "ك")],
        key=lambda pm: -len(pm[0]),
    )
)
WORD = re.compile(r"[\w\u0600-\u06FF]+")
_ARABIC_OR_ALNUM = re.compile(r"[0-9A-Za-z\u0621-\u064A]")


@lru_cache(maxsize=1 << 18)
def word_key(word: str) -> str:
    """The search/story key of one word: folded, proclitics stripped ('' for no letters)."""
    key = match_key(word)
    if not _ARABIC_OR_ALNUM.search(key):
        return ""
    for prefix, min_stem in _PREFIXES:
        if key.startswith(prefix) and len(key) - len(prefix) >= min_stem:
            return key[len(prefix) :]
    return key


# function words that carry nothing a story or a search needs
STOPWORDS = frozenset(
    word_key(w)
    for w in """
    في من على الى إلى عن مع أن ان إن لا ما لم لن قد هذا هذه ذلك تلك التي الذي الذين
    كما كان كانت يكون او أو ثم بين بعد قبل عند حتى كل بعض غير اي أي هو هي هم وقال قال
    وأضاف أضاف وأشار أشار خلال ضمن حول منذ لدى إلا الا اليوم أمس امس فيما بينما وذلك
    عليه عليها إليه اليه منه منها فيه فيها لها له لهم به بها وهو وهي انه أنه إنه كذلك
    أيضا ايضا حيث إذ اذ لقد وقد تم يتم التي
    """.split()
)


def iter_words(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, key) of every word of ``text`` that has a key; offsets into ``text``."""
    for m in WORD.finditer(text):
        key = word_key(m.group())
        if key:
            yield m.start(), m.end(), key


def keys(text: str) -> list[str]:
    """The keys of the words of ``text``, in order, repeats kept."""
    return [k for w in WORD.findall(text) if (k := word_key(w))]


def is_content(key: str) -> bool:
    """Whether a key is kept by ``content_keys``."""
    return len(key) > 1 and not key.isdigit() and key not in STOPWORDS


def content_keys(text: str) -> list[str]:
    """``keys`` without function words, digits-only and one-letter tokens."""
    return [k for k in keys(text) if is_content(k)]


def query_keys(query: str) -> list[str]:
    """The distinct keys of a search query, in order."""
    return list(dict.fromkeys(keys(query)))


_SENTENCE_END = re.compile(r"(?<=[.!?؟…])\s+|\n+")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of the sentences of ``text``: split after . ! ? ؟ and at line breaks."""
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if text[start : m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def sentence_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding ``text[start:end]`` (from its first sentence to its last)."""
    lo, hi = start, end
    for s, e in sentences(text):
        if s <= start < e or (s == start):
            lo = s
        if s < end <= e:
            hi = e
            break
    return lo, max(hi, end)
