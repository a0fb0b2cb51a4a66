"""Bytes to text: BOM, strict UTF-8, then candidates scored for plausible Arabic/Latin."""

from __future__ import annotations

import codecs
import math
import re
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_FALLBACKS = ("cp1256", "iso8859-6", "cp1252")  # preferred when candidates tie
_SAMPLE_BYTES = 200_000
_SAMPLE_CHARS = 50_000
MIN_PLAUSIBLE = 0.8
_OK_CONTROLS = frozenset("\t\n\r\f\v\x1b")
_MARKUP = re.compile(r"<[^<>]{0,2000}>|&#?\w{1,10};")  # tags and entities: not scored
_ARABIC_PREFIXES = ("ال", "وال", "بال", "فال", "لل")
_ARABIC_WORDS = frozenset("في من على إلى أن إن عن مع هذا هذه التي الذي كان قال".split())
# Arabic letter frequencies per mille in news text (SaudiNewsNet), to rank decodings of
# short texts: a wrong code page swaps common letters for rarer ones.
_LETTER_PER_MILLE = {
    "ا": 150, "ل": 115, "ي": 77, "م": 64, "و": 55, "ن": 51, "ت": 47, "ر": 47, "ب": 34,
    "ع": 34, "ة": 32, "د": 30, "ف": 27, "ه": 24, "س": 24, "ق": 22, "أ": 21, "ك": 19,
    "ح": 18, "ج": 14, "ش": 10, "ط": 10, "ص": 9, "إ": 9, "ى": 9, "خ": 8, "ض": 7, "ز": 6,
    "ذ": 6, "ث": 6, "ئ": 4, "غ": 4, "ء": 3, "ظ": 2, "ؤ": 1, "آ": 1,
}  # fmt: skip


class NotText(ValueError):
    """The bytes are binary, not text in any encoding."""


class UnknownEncoding(ValueError):
    """No encoding gives plausible text."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def decode_bytes(data: bytes, forced: str | None = None, declared: str | None = None) -> Decoded:
    """Decode ``data``; ``forced`` wins, ``declared`` (e.g. a meta charset) is a hint.

    Raises NotText for binary data and UnknownEncoding when nothing plausible decodes it.
    """
    if forced:
        return _decode_forced(data, forced)
    bom = bom_encoding(data)
    if bom:
        encoding, size = bom
        try:
            return Decoded(normalise_newlines(data[size:].decode(encoding)), encoding)
        except UnicodeDecodeError as exc:
            raise UnknownEncoding(f"invalid {encoding} after its byte-order mark: {exc}") from exc
    if looks_binary(data):
        return _decode_bomless_utf16(data)
    try:
        return Decoded(normalise_newlines(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        return _detect(data, declared)


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """The encoding announced by a byte-order mark and the mark's length."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def looks_binary(data: bytes) -> bool:
    """NUL bytes, or many control bytes, in the first 8 KB (BOM-less data)."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and chr(b) not in _OK_CONTROLS)
    return controls > max(8, len(head) // 50)


def normalise_newlines(text: str) -> str:
    """CRLF and CR to LF, and no leading BOM; nothing else changes."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def codec_name(encoding: str) -> str | None:
    """Python's canonical name for an encoding label, None when unknown."""
    try:
        return codecs.lookup(encoding.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None


def plausibility(text: str) -> tuple[float, float]:
    """(share of letters in clean Arabic or Latin words, share of Arabic letters).

    Mis-decoded Arabic gives words that mix scripts, Latin words made of accented letters
    only, Thai or other scripts, and control characters: all of these score low.
    """
    total = good_arabic = good_latin = latin_ascii = 0
    for word in text.split():
        scripts = set()
        letters = ascii_letters = 0
        for ch in word:
            script = _script(ch)
            if script == "bad":
                total += 1
            elif script:
                scripts.add(script)
                letters += 1
                ascii_letters += ch.isascii()
        total += letters
        if scripts == {"arabic"}:
            good_arabic += letters
        elif scripts == {"latin"}:
            good_latin += letters
            latin_ascii += ascii_letters
    if latin_ascii < 0.6 * good_latin:  # "ÇáÓÚæÏíÉ": Arabic bytes read as Latin-1
        good_latin = 0
    if not total:
        return 1.0, 0.0
    return (good_arabic + good_latin) / total, good_arabic / total


def arabic_fluency(text: str) -> float:
    """Share of words that are common Arabic function words or carry the article."""
    words = text.split()
    if not words:
        return 0.0
    hits = sum(1 for w in words if w in _ARABIC_WORDS or w.startswith(_ARABIC_PREFIXES))
    return hits / len(words)


def arabic_likelihood(text: str) -> float:
    """Mean log frequency of the Arabic letters in ``text`` (higher: more like real Arabic)."""
    logs = [
        math.log(_LETTER_PER_MILLE.get(ch, 0.3))
        for ch in text
        if "\u0621" <= ch <= "\u064a" or "\u0671" <= ch <= "\u06d3"
    ]
    return sum(logs) / len(logs) if logs else 0.0


def _script(ch: str) -> str | None:
    code = ord(ch)
    if code < 128:
        if ch.isalpha():
            return "latin"
        return "bad" if code < 32 and ch not in _OK_CONTROLS or code == 127 else None
    if 0x80 <= code < 0xA0 or code == 0xFFFD or 0xE000 <= code < 0xF900:
        return "bad"
    if not ch.isalpha():
        return None
    if 0x600 <= code < 0x700 or 0x750 <= code < 0x780 or 0xFB50 <= code < 0xFF00:
        return "arabic"
    if code < 0x250 or 0x1E00 <= code < 0x1F00:
        return "latin"
    return "other"


def _decode_forced(data: bytes, forced: str) -> Decoded:
    name = codec_name(forced)
    if name is None:
        raise UnknownEncoding(f"unknown encoding {forced!r}")
    try:
        return Decoded(normalise_newlines(data.decode(name)), name)
    except UnicodeDecodeError as exc:
        raise UnknownEncoding(f"not valid {name}: {exc}") from exc


def _decode_bomless_utf16(data: bytes) -> Decoded:
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if plausibility(text[:_SAMPLE_CHARS])[0] >= MIN_PLAUSIBLE:
            return Decoded(normalise_newlines(text), encoding)
    raise NotText("binary data (NUL or control bytes)")


def _candidates(data: bytes, declared: str | None) -> list[str]:
    from charset_normalizer import from_bytes

    names = [declared] if declared else []
    names += [match.encoding for match in from_bytes(data[:_SAMPLE_BYTES])]
    names += _FALLBACKS
    seen: list[str] = []
    for name in names:
        canonical = codec_name(name) if name else None
        if canonical and canonical not in seen and canonical != "utf-8":
            seen.append(canonical)
    return seen


def _detect(data: bytes, declared: str | None) -> Decoded:
    scored = []
    for rank, encoding in enumerate(_candidates(data, declared)):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        sample = _MARKUP.sub(" ", text[:_SAMPLE_CHARS])
        good, arabic = plausibility(sample)
        fluency = round(arabic_fluency(sample), 2) if arabic else 0.0
        likelihood = round(arabic_likelihood(sample), 3) if arabic else 0.0
        hint = 2 if encoding == codec_name(declared or "") else int(encoding in _FALLBACKS)
        arabicness = (round(arabic, 2), fluency, likelihood)
        scored.append((round(good, 2), arabicness, hint, -rank, encoding, text))
    if not scored:
        raise UnknownEncoding("no candidate encoding decodes it")
    good, *_, encoding, text = max(scored)
    if good < MIN_PLAUSIBLE:
        raise UnknownEncoding(f"best guess {encoding} does not give readable text")
    return Decoded(normalise_newlines(text), encoding)
