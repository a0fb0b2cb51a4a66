"""Normalisation for matching only. Stored text always keeps its original letters.

``match_key`` is the exact key of FORMAT.md; ``normalize`` is the lighter, offset-preserving
letter folding used to match resources against text (same length in, same length out).
"""

from __future__ import annotations

import functools
import re

DIACRITICS = "".join(chr(c) for c in range(0x064B, 0x0653)) + "\u0670"
TATWEEL = "\u0640"

_LETTER_MAP = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ة": "ه",
    "ؤ": "و",
    "ئ": "ي",
}
_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
_PUNCT_DROPPED = "«»“”\"'()[]؛،,.:!?؟"

_KEY_TABLE = str.maketrans(
    {**_LETTER_MAP, **_DIGITS, **{c: None for c in DIACRITICS + TATWEEL + _PUNCT_DROPPED}}
)
# offset-preserving: diacritics and tatweel become a placeholder removed later by callers
# that need it; letters and digits map one-to-one.
_FOLD_TABLE = str.maketrans({**_LETTER_MAP, **_DIGITS})
_SPACES = re.compile(r"\s+")


def match_key(text: str) -> str:
    """The FORMAT.md matching key: no diacritics/tatweel, folded letters, ASCII digits,
    no quotes/brackets/punctuation, white space collapsed, stripped."""
    if len(text) <= _CACHED_LEN:  # words and short names recur: look them up
        return _word_key(text)
    return _SPACES.sub(" ", text.translate(_KEY_TABLE)).strip()


_CACHED_LEN = 32
# How many distinct words each per-word cache of the annotators keeps. Word frequencies fall
# steeply (Zipf), so the most frequent 65,536 cover nearly every token of a news text, and
# the caches stay bounded (together ~200 MB at most) however large the corpus.
WORD_CACHE = 65_536


@functools.lru_cache(maxsize=WORD_CACHE)
def _word_key(text: str) -> str:
    return _SPACES.sub(" ", text.translate(_KEY_TABLE)).strip()


def mention_key(text: str) -> str:
    """``match_key`` plus a leading ``لل`` read as ``ال`` (for entity names)."""
    key = match_key(text)
    if key.startswith("لل") and len(key) > 3:
        key = "ال" + key[2:]
    return key


def fold(text: str) -> str:
    """Letter folding that keeps every offset: same length in and out.

    Use it to search resources in a text and report offsets into the original.
    Diacritics and tatweel are kept (as is) so offsets stay valid; patterns that must
    tolerate them should allow ``[\\u064B-\\u0652\\u0670\\u0640]*`` between letters.
    """
    return text.translate(_FOLD_TABLE)


_DIGITS_TABLE = str.maketrans(_DIGITS)


def ascii_digits(text: str) -> str:
    """Arabic-Indic and Eastern Arabic-Indic digits to ASCII (offset-preserving)."""
    return text.translate(_DIGITS_TABLE)


_MARKS_TABLE = str.maketrans({c: None for c in DIACRITICS + TATWEEL})


def strip_marks(text: str) -> str:
    """Remove diacritics and tatweel (changes offsets; for keys only)."""
    return text.translate(_MARKS_TABLE)
