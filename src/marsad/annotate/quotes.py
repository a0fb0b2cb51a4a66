"""Reported statements: every quotation, direct and indirect, with its speaker.

``find_quotes(text, entities)`` reads the cleaned text and the entity mentions and returns one
:class:`~marsad.model.Quote` per statement, in text order:

1. *Skeleton*: the text folded (``fold``) without diacritics, tatweel or zero-width marks,
   with a map back to offsets in the original; tokens; quotations (``«…»``, ``"…"``,
   ``“…”``, within a paragraph); sentences (a full stop inside a quotation ends nothing).
2. *Cues*: the reporting words of ``lang/ar/reporting_verbs.yaml`` (finite verbs and
   participles with an attached و/ف, verbal nouns with a genitive speaker, source phrases such
   as ``وفقا لـ`` and ``بحسب``, fixed phrases such as ``جاء في البيان``).
3. *Speaker* of each cue: the subject after the verb (titles and roles skipped to the named
   person: ``وقال المتحدث باسم الرئاسة التركية إبراهيم كالين``), a subject before it (``الجيش
   السوري قال``), ``على لسان X``, an unnamed source from ``lang/ar/anonymous_sources.yaml``
   (speaker null, ``anonymous`` keeps the phrase), a role without a name resolved to the person
   who bore that title earlier (``الرئيس التركي``), and, with no subject at all, the speaker
   carried from the sentence, from ``من جانبه``, or from the last statement.
4. *Statement*: what opens it (``أن``/``إن``/``بأن``, the verb's own preposition such as
   ``على`` or ``إلى``, a colon, a quotation, or a bare object for verbs like ``أعلن``), and where
   it ends: the closing quotation mark, the next cue that starts a clause (``، وأضاف``,
   ``، مشيرا إلى``), or the end of the sentence. A quotation of fewer than four words that does
   not follow a cue is a name or a scare quote, not speech.

Every word list is data, folded like the text; a user can add entries with files of the same
shape (``Cues`` via :func:`load_cues`).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from marsad.model import Article, Entity, Quote
from marsad.resources import load_yaml
from marsad.text.normalize import DIACRITICS, TATWEEL, fold

ANNOTATOR = "quotes"

_MARKS = frozenset(DIACRITICS + TATWEEL + "\u200b\u200c\u200d\u200e\u200f\ufeff")
_MARKS_RE = re.compile("[" + "".join(sorted(_MARKS)) + "]")
_TOKEN = re.compile(r"\w+|\S")
_OPEN_QUOTE = "«"
_CLOSE_QUOTE = "»"
_SYMMETRIC_QUOTES = frozenset('"“”„‟')
_SENTENCE_END = frozenset(".!?؟")
_CLAUSE_PUNCT = frozenset("،,؛;")
_PRONOUNS = ("هما", "هم", "ها", "ه", "نا", "ني", "كم")
_RELATIVES = frozenset({"الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "قد", "كان", "كانت"})
_DIRECT_MIN_WORDS = 3  # a quotation this long inside a statement makes it direct
_SPEECH_MIN_WORDS = 4  # a quotation this long after a cue is speech even without a colon
_SUBJECT_WINDOW = 14  # tokens scanned for the subject's name after a title
_OPENER_WINDOW = 40  # tokens scanned for what opens the statement


# ---------------------------------------------------------------------------------------------
# Resources


def _key(word: str) -> str:
    """A lexicon entry as the skeleton spells it: folded, without marks."""
    return "".join(c for c in fold(str(word)) if c not in _MARKS).strip()


def _keys(words: Iterable[object]) -> frozenset[str]:
    return frozenset(k for k in (_key(str(w)) for w in words) if k)


class _Phrases(tuple[tuple[str, ...], ...]):
    """A lexicon's phrases (folded word tuples), longest first, indexed by their first word."""

    def __new__(cls, phrases: Iterable[tuple[str, ...]]) -> _Phrases:
        self = super().__new__(cls, phrases)
        self.by_first: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        for k, phrase in enumerate(self):
            self.by_first.setdefault(phrase[0], []).append((k, phrase))
        # every word that opens a phrase, as written or after و/ف: most words open none
        self.first_words = frozenset(self.by_first) | {c + w for w in self.by_first for c in "وف"}
        return self

    def opening(self, first: str) -> list[tuple[str, ...]]:
        """The phrases ``first`` may open (itself or after و/ف), in their order here."""
        found = self.by_first.get(first, [])
        if first[:1] in "وف" and first[1:] in self.by_first:
            found = sorted(found + self.by_first[first[1:]])
        return [phrase for _, phrase in found]


def _phrases(words: Iterable[object]) -> _Phrases:
    out = {tuple(_key(str(w)).split()) for w in words}
    return _Phrases(sorted((p for p in out if p), key=len, reverse=True))


@dataclass(frozen=True)
class CueForm:
    """One printed form of a reporting word."""

    lemma: str
    kind: str  # finite | participle | masdar
    opens: frozenset[str]  # words that open the statement (verb-specific)
    prefixes: frozenset[str]  # word prefixes that open it (`ب`, `ل`)
    takes_object: bool
    conjoined_only: bool = False
    document_subject: bool = False


@dataclass(frozen=True)
class Cues:
    """The compiled lexicons (folded keys)."""

    forms: dict[str, CueForm]
    masdars: dict[str, CueForm]
    markers: frozenset[str]
    impersonal: frozenset[str]
    sources: _Phrases
    phrases: _Phrases
    that: frozenset[str]
    voice: tuple[tuple[str, ...], ...]
    turns: tuple[tuple[str, ...], ...]
    openers: tuple[tuple[str, ...], ...]
    skip: frozenset[str]
    times: frozenset[str]
    adverbials: frozenset[str]
    through: frozenset[str]
    documents: frozenset[str]
    prepositions: frozenset[str]
    titles: frozenset[str]
    groups: frozenset[str]
    title_links: frozenset[str]
    anonymous: frozenset[str]
    describers: frozenset[str]
    anonymous_stops: frozenset[str]
    anonymous_max_words: int
    that_forms: frozenset[str] = field(default=frozenset())
    # :func:`_masdar` per word, filled as words are met (words recur)
    masdar_memo: dict[str, tuple[CueForm, bool] | None] = field(
        default_factory=dict, compare=False, repr=False
    )


@functools.lru_cache(maxsize=8)
def load_cues(verb_files: tuple[str, ...] = (), source_files: tuple[str, ...] = ()) -> Cues:
    """Compile ``reporting_verbs.yaml`` and ``anonymous_sources.yaml`` (plus user files)."""
    data = load_yaml("reporting_verbs.yaml", verb_files)
    anon = load_yaml("anonymous_sources.yaml", source_files)
    assert isinstance(data, dict) and isinstance(anon, dict)
    forms: dict[str, CueForm] = {}
    masdars: dict[str, CueForm] = {}
    for verb in data.get("verbs", []):
        opens = [_key(w) for w in verb.get("opens", [])]
        words = frozenset(w for w in opens if not w.endswith("-"))
        prefixes = frozenset(w[:-1] for w in opens if w.endswith("-"))
        conjoined = _keys(verb.get("conjoined", []))
        for kind in ("finite", "participle", "masdar"):
            for form in verb.get(kind, []) or []:
                k = _key(form)
                entry = CueForm(
                    lemma=str(verb["lemma"]),
                    kind=kind,
                    opens=words,
                    prefixes=prefixes,
                    takes_object=bool(verb.get("object")),
                    conjoined_only=k in conjoined,
                    document_subject=verb.get("subject") == "document",
                )
                (masdars if kind == "masdar" else forms)[k] = entry
    that = _keys(data.get("that", []))
    that_forms = set(that)
    for word in that:
        for suffix in _PRONOUNS:
            that_forms.add(word + suffix)
    groups = frozenset(_title_key(t) for t in _keys(data.get("groups", [])))
    titles = frozenset(_title_key(t) for t in _keys(data.get("titles", []))) | groups
    return Cues(
        forms=forms,
        masdars=masdars,
        markers=_keys(data.get("markers", [])),
        impersonal=_keys(data.get("impersonal", [])),
        sources=_phrases(data.get("sources", [])),
        phrases=_phrases(data.get("phrases", [])),
        that=that,
        voice=_phrases(data.get("voice", [])),
        turns=_phrases(data.get("turns", [])),
        openers=_phrases(data.get("openers", [])),
        skip=_keys(data.get("skip", [])),
        times=_keys(w for p in data.get("times", []) for w in str(p).split()),
        adverbials=_keys(data.get("adverbials", [])),
        through=_keys(data.get("through", [])),
        documents=_keys(data.get("documents", [])),
        prepositions=_keys(data.get("prepositions", [])),
        titles=frozenset(t for t in titles if t),
        groups=frozenset(t for t in groups if t),
        title_links=_keys(data.get("title_links", [])),
        anonymous=_keys(w.split()[0] for w in map(str, anon.get("nouns", []))),
        describers=_keys(w for p in anon.get("describers", []) for w in str(p).split()),
        anonymous_stops=_keys(anon.get("stops", [])),
        anonymous_max_words=int(anon.get("max_words", 6)),
        that_forms=frozenset(that_forms),
    )


def _title_key(word: str) -> str:
    """A title reduced to its base: first word, without ال."""
    first = word.split()[0] if word.split() else ""
    return first[2:] if first.startswith("ال") and len(first) > 3 else first


# ---------------------------------------------------------------------------------------------
# Skeleton, tokens, quotations, sentences


@dataclass(slots=True)  # not frozen: made once per token, and frozen init costs ~3x
class _Tok:
    start: int  # skeleton offsets
    end: int
    text: str

    @property
    def word(self) -> bool:
        return self.text[0].isalnum() or self.text[0] == "_"


@dataclass
class _Mention:
    entity: Entity
    first: int  # token indices, inclusive
    last: int


@dataclass(frozen=True)
class _Met:
    """An organisation or place named inside a role phrase; ``of`` when it says whose the
    role is (``الرئيس التركي``, ``الأمين العام للجامعة العربية``), not where it is exercised
    (``المبعوث الأممي في ليبيا``)."""

    entity: Entity
    of: bool


@dataclass
class _Speaker:
    entity: Entity | None = None
    anonymous: str | None = None
    explicit: bool = True  # named in the clause (not carried)


@dataclass
class _Found:
    cue_tok: int
    cue_end: int  # first token after the cue words
    cue_text: str
    speaker: _Speaker
    start: int  # statement tokens [start, end)
    end: int
    quoted: bool  # the statement is the inside of a quotation
    kind: str


class _Doc:
    """The text as the rules read it: skeleton tokens, quotations, sentences, mentions."""

    def __init__(self, text: str, entities: tuple[Entity, ...]) -> None:
        self.text = text
        folded = fold(text)
        # the skeleton leaves marks out: pos maps its offsets to the text's, to_skel back
        pos: list[int] = []
        to_skel: list[int] = []
        prev = removed = 0
        for m in _MARKS_RE.finditer(folded):
            pos.extend(range(prev, m.start()))
            to_skel.extend(range(prev - removed, m.start() - removed + 1))
            removed += 1
            prev = m.start() + 1
        pos.extend(range(prev, len(text) + 1))
        to_skel.extend(range(prev - removed, len(text) - removed + 1))
        self.skel = _MARKS_RE.sub("", folded) if removed else folded
        self.pos = pos
        self.toks = [_Tok(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(self.skel)]
        self.starts = [t.start for t in self.toks]
        newlines = [m.start() for m in re.finditer("\n", self.skel)]
        self.para = [bisect.bisect(newlines, t.start) for t in self.toks]
        self._quotations()
        self._sentences()
        self._mentions(entities, to_skel)

    # offsets -------------------------------------------------------------------------------
    def char_span(self, first: int, last: int) -> tuple[int, int]:
        """Original offsets of tokens ``first..last`` (inclusive)."""
        return self.pos[self.toks[first].start], self.pos[self.toks[last].end - 1] + 1

    def original(self, first: int, last: int) -> str:
        a, b = self.char_span(first, last)
        return self.text[a:b]

    # quotations ----------------------------------------------------------------------------
    def _quotations(self) -> None:
        """Pairs of quotation marks within a paragraph: open token -> close token."""
        self.closes: dict[int, int] = {}
        stack: list[tuple[int, str]] = []
        para = -1
        for i, t in enumerate(self.toks):
            if self.para[i] != para:
                stack, para = [], self.para[i]
            c = t.text
            if c == _OPEN_QUOTE:
                stack.append((i, c))
            elif c == _CLOSE_QUOTE:
                while stack and stack[-1][1] != _OPEN_QUOTE:
                    stack.pop()
                if stack:
                    self.closes[stack.pop()[0]] = i
            elif c in _SYMMETRIC_QUOTES:
                if stack and stack[-1][1] == "sym":
                    self.closes[stack.pop()[0]] = i
                else:
                    stack.append((i, "sym"))
        self.inside = [False] * len(self.toks)
        for a, b in self.closes.items():
            for k in range(a + 1, b):
                self.inside[k] = True

    def quote_words(self, open_tok: int) -> int:
        close = self.closes.get(open_tok)
        if close is None:
            return 0
        return sum(1 for k in range(open_tok + 1, close) if self.toks[k].word)

    # sentences -----------------------------------------------------------------------------
    def _sentences(self) -> None:
        self.sent = [0] * len(self.toks)
        self.sent_start: list[int] = [0]
        n = 0
        for i in range(len(self.toks)):
            if i and (self.para[i] != self.para[i - 1] or self._ends_sentence(i - 1)):
                n += 1
                self.sent_start.append(i)
            self.sent[i] = n
        self.sent_end = [0] * (n + 1)
        for i in range(len(self.toks)):
            self.sent_end[self.sent[i]] = i + 1

    def _ends_sentence(self, i: int) -> bool:
        t = self.toks[i]
        if t.text not in _SENTENCE_END or self.inside[i]:
            return False
        nxt = self.skel[t.end : t.end + 1]
        return nxt == "" or nxt.isspace() or nxt in _SYMMETRIC_QUOTES or nxt == _CLOSE_QUOTE

    # mentions ------------------------------------------------------------------------------
    def _mentions(self, entities: tuple[Entity, ...], to_skel: list[int]) -> None:
        self.mention_at: dict[int, _Mention] = {}
        self.mention_of = [None] * len(self.toks)  # type: list[_Mention | None]
        found: list[_Mention] = []
        for e in entities:
            for m in e.mentions:
                if not (0 <= m.start < m.end <= len(self.text)):
                    continue
                a, b = to_skel[m.start], to_skel[m.end]
                if a >= b:
                    continue
                first = bisect.bisect_right(self.starts, a) - 1
                last = bisect.bisect_right(self.starts, b - 1) - 1
                if first < 0 or a - self.toks[first].start > 3:
                    continue
                found.append(_Mention(e, first, last))
        for m in sorted(found, key=lambda m: (m.first - m.last, m.first)):
            if any(self.mention_of[k] for k in range(m.first, m.last + 1)):
                continue
            self.mention_at[m.first] = m
            for k in range(m.first, m.last + 1):
                self.mention_of[k] = m

    def words(self, i: int, n: int) -> tuple[str, ...]:
        return tuple(t.text for t in self.toks[i : i + n])


# ---------------------------------------------------------------------------------------------
# Lexicon look-ups on tokens


def _strip_conj(word: str) -> tuple[str, bool]:
    if len(word) > 3 and word[0] in "وف":
        return word[1:], True
    return word, False


def _cue_form(cues: Cues, word: str) -> tuple[CueForm, bool] | None:
    """The verb form of ``word`` (finite or participle) and whether و/ف is attached."""
    if word in cues.forms:
        form = cues.forms[word]
        return (None if form.conjoined_only else (form, False)) if form else None
    bare, conj = _strip_conj(word)
    if conj and bare in cues.forms:
        return cues.forms[bare], True
    return None


def _masdar(cues: Cues, word: str) -> tuple[CueForm, bool] | None:
    """A verbal-noun cue (``إعلان``, ``لتأكيد``, ``وتأكيدهم``); True when a pronoun is attached."""
    for prefix in ("", "و", "ل", "ب", "ول", "وب"):
        if not word.startswith(prefix):
            continue
        rest = word[len(prefix) :]
        if rest in cues.masdars:
            return cues.masdars[rest], False
        for suffix in _PRONOUNS:
            if rest.endswith(suffix) and rest[: -len(suffix)] in cues.masdars:
                return cues.masdars[rest[: -len(suffix)]], True
    return None


def _masdar_of(cues: Cues, word: str) -> tuple[CueForm, bool] | None:
    """:func:`_masdar`, remembered per word in ``cues.masdar_memo``."""
    memo = cues.masdar_memo
    if word not in memo:
        if len(memo) > 200_000:
            memo.clear()
        memo[word] = _masdar(cues, word)
    return memo[word]


def _title_base(cues: Cues, word: str) -> str | None:
    """The title a word names (``المتحدث``, ``متحدثها``, ``وزيرة`` -> the base), else None."""
    w, _ = _strip_conj(word) if word not in cues.titles else (word, False)
    for cand in (w, word):
        base = cand[2:] if cand.startswith("ال") and len(cand) > 3 else cand
        if base.startswith("لل") and len(base) > 3:
            base = base[2:]
        if base in cues.titles:
            return base
        for suffix in ("ها", "هم", "ه"):
            if base.endswith(suffix) and base[: -len(suffix)] in cues.titles:
                return base[: -len(suffix)]
    return None


def _doc_noun(cues: Cues, word: str) -> tuple[bool, bool]:
    """(is a document noun, is definite or carries a pronoun)."""
    w, _ = _strip_conj(word)
    if w.startswith("لل"):
        w = "ا" + w[1:]  # للبيان
    elif w.startswith("ل") and w[1:] in cues.documents:
        w = w[1:]
    if w in cues.documents:
        return True, False
    if w.startswith("ال") and w[2:] in cues.documents:
        return True, True
    for suffix in _PRONOUNS:
        if w.endswith(suffix) and w[: -len(suffix)] in cues.documents:
            return True, True
    return False, False


def _anonymous(cues: Cues, word: str) -> bool:
    """An unnamed-source noun, bare or definite (``مصادر``, ``المعلومات``); a definite title
    (``المسؤول``) refers back to a named person instead."""
    for w in (word, _strip_conj(word)[0]):
        if w in cues.anonymous:
            return True
        if w.startswith("ال") and w[2:] in cues.anonymous and not _title_base(cues, w):
            return True
    return False


def _phrase_at(doc: _Doc, i: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    """Length in tokens of the first phrase that starts at token ``i`` (0 when none).

    The first word may carry و/ف, and a final ``ل`` may be attached to the next word
    (``وفقا للبيان``) or stand alone (``وفقا لـ``).
    """
    if isinstance(phrases, _Phrases):  # a lexicon's list: only the phrases opening here
        if not 0 <= i < len(doc.toks):
            return 0
        phrases = phrases.opening(doc.toks[i].text)
    for phrase in phrases:
        n = len(phrase)
        got = doc.words(i, n)
        if len(got) < n:
            continue
        first = got[0]
        if first != phrase[0] and not (first[:1] in "وف" and first[1:] == phrase[0]):
            continue
        if got[1:] == phrase[1:]:
            return n
        if phrase[-1] == "ل" and got[1:-1] == phrase[1:-1] and got[-1].startswith("ل"):
            return n - 1  # the ل is fused with the source's first word
    return 0


# ---------------------------------------------------------------------------------------------
# The rules


class _Reader:
    def __init__(self, doc: _Doc, cues: Cues) -> None:
        self.doc = doc
        self.cues = cues
        self.found: list[_Found] = []
        self.titles = self._person_titles()
        self._unplaced = -1  # first word of a subject the statement scan could not place

    # helpers -------------------------------------------------------------------------------
    def tok(self, i: int) -> str:
        return self.doc.toks[i].text if 0 <= i < len(self.doc.toks) else ""

    def sentence_end(self, i: int) -> int:
        return self.doc.sent_end[self.doc.sent[i]]

    def is_that(self, i: int) -> bool:
        return self.tok(i) in self.cues.that_forms

    def that_start(self, i: int) -> int:
        """Where a statement opened by the complementiser at ``i`` starts: the word itself when
        it carries the statement's subject as a pronoun (``أنها``), else the next word."""
        return i + 1 if self.tok(i) in self.cues.that else i

    def is_cue_verb(self, i: int) -> bool:
        return _cue_form(self.cues, self.tok(i)) is not None

    def clause_initial(self, i: int) -> bool:
        """Whether token ``i`` starts a clause: after a sentence start, a comma, a closing
        mark, a clause opener (``كما``, ``فيما``, ``وهو ما``) or a turn (``من جانبه``)."""
        doc = self.doc
        if i == doc.sent_start[doc.sent[i]]:
            return True
        prev = self.tok(i - 1)
        if prev in _CLAUSE_PUNCT or prev in (")", _CLOSE_QUOTE) or prev in _SYMMETRIC_QUOTES:
            return True
        for phrases in (self.cues.openers, self.cues.turns):
            for phrase in phrases:
                n = len(phrase)
                if i - n >= 0 and _phrase_at(doc, i - n, (phrase,)) == n:
                    return True
        return False

    def _person_titles(self) -> dict[int, tuple[frozenset[str], frozenset[str]]]:
        """For each person mention (by first token): the titles printed before it and the
        places named among them (``الرئيس التركي رجب طيب أردوغان`` -> {رييس}, {Turkey})."""
        out: dict[int, tuple[frozenset[str], frozenset[str]]] = {}
        doc = self.doc
        for first, m in doc.mention_at.items():
            if m.entity.type != "PER":
                continue
            titles: set[str] = set()
            places: set[str] = set()
            k = first - 1
            lo = max(doc.sent_start[doc.sent[first]], first - 10)
            while k >= lo:  # back over the title phrase right before the name
                word = self.tok(k)
                other = doc.mention_of[k]
                base = _title_base(self.cues, word)
                if other is not None:
                    if other.entity.type == "LOC":
                        places.add(other.entity.id)
                    k = other.first - 1
                elif base:
                    if base not in self.cues.groups:
                        titles.add(base)
                    k -= 1
                elif word in self.cues.title_links or word in "،," or word.startswith("ال"):
                    k -= 1
                else:
                    break
            out[first] = (frozenset(titles), frozenset(places))
        return out

    def last_speaker(self, person: bool = False) -> _Speaker | None:
        for f in reversed(self.found):
            if person and (f.speaker.entity is None or f.speaker.entity.type != "PER"):
                continue
            return _Speaker(f.speaker.entity, f.speaker.anonymous, explicit=False)
        return None

    def last_person_before(self, i: int) -> Entity | None:
        best: _Mention | None = None
        for first, m in self.doc.mention_at.items():
            if m.entity.type == "PER" and m.last < i and (best is None or first > best.first):
                best = m
        return best.entity if best else None

    # subjects ------------------------------------------------------------------------------
    def _skip(self, j: int, end: int) -> int:
        """Past words that may stand between a cue and its subject."""
        while j < end:
            word = self.tok(j)
            if word in self.cues.skip or word in self.cues.times or word in "،,()":
                j += 1
            elif word.isdigit():
                j += 1
            else:
                break
        return j

    def _title_chain(self, j: int, end: int) -> tuple[_Speaker | None, int, list[_Met], str]:
        """Walk a role phrase from ``j`` (``وزيرة الخارجية في حكومة الوحدة الليبية نجلاء
        المنقوش``). Returns (the named person, if reached; the token after the phrase; the
        organisations and places met; the head title)."""
        doc, cues = self.doc, self.cues
        head = _title_base(cues, self.tok(j)) or ""
        met: list[Entity] = []
        k = j
        limit = min(end, j + _SUBJECT_WINDOW)
        after_title = False
        while k < limit:
            m = doc.mention_at.get(k)
            if m is not None:
                if m.entity.type == "PER":
                    return _Speaker(m.entity), m.last + 1, met, head
                met.append(_Met(m.entity, of=after_title))
                k, after_title = m.last + 1, False
                continue
            word = self.tok(k)
            if _title_base(cues, word):
                k, after_title = k + 1, True
            elif word in cues.title_links:
                k, after_title = k + 1, word in ("باسم", "ل") or after_title
            elif word.startswith("ل") and len(word) > 3 and k > j:
                k += 1  # رئيس الاتحاد المصري لكرة السلة, مساعد الوزير للشؤون العربية
            elif after_title and word.startswith("ال") and doc.toks[k].word:
                k += 1
            elif word in _SYMMETRIC_QUOTES or word in (_OPEN_QUOTE, _CLOSE_QUOTE, "(", ")"):
                k += 1
            elif word in "،," and (
                doc.mention_at.get(k + 1) is not None and doc.mention_at[k + 1].entity.type == "PER"
            ):
                k += 1
            else:
                break
        return None, k, met, head

    def _resolve_role(self, head: str, met: list[_Met], cue_tok: int) -> _Speaker:
        """A role without a name: the person who bore that title before, else (for a role
        of a country: ``المسؤول الروسي``) the last person quoted, else the organisation or
        place in the role phrase."""
        places = {m.entity.id for m in met if m.of and m.entity.type == "LOC"}
        orgs = [m.entity for m in met if m.of and m.entity.type == "ORG"]
        best: int | None = None
        if head not in self.cues.groups:
            for first, (titles, their_places) in self.titles.items():
                if first >= cue_tok or head not in titles:
                    continue
                if places and their_places and not places & their_places:
                    continue
                if best is None or first > best:
                    best = first
        if best is not None:
            return _Speaker(self.doc.mention_at[best].entity)
        if head not in self.cues.groups and not orgs and (places or not met):
            last = self.last_speaker(person=True)
            if last is not None:
                return _Speaker(last.entity)
        for e in orgs + [m.entity for m in met if m.of]:
            return _Speaker(e)
        return _Speaker()

    def _describes(self, k: int) -> bool:
        """Whether token ``k`` can describe an unnamed source: a name, an adjective of origin
        (``عسكري``, ``أمنية تركية``), a listed describer (``مسؤول``, ``رفيع``), or a
        preposition that leads to a name (``بوزارة الدفاع``, ``من قوات المعارضة``)."""
        doc, cues = self.doc, self.cues
        word = self.tok(k)
        if not doc.toks[k].word or word in cues.anonymous_stops or self.is_that(k):
            return False
        if doc.mention_of[k] is not None:
            return True
        if word in ("من", "في", "داخل", "لدى"):
            return doc.mention_at.get(k + 1) is not None
        if word in cues.describers:
            return True
        bare = word[2:] if word.startswith("ال") else word
        return len(bare) >= 4 and bare.endswith(("ي", "يه", "يون", "يين"))

    def _anonymous_phrase(self, j: int, end: int, fused: bool = False) -> tuple[_Speaker, int]:
        doc, cues = self.doc, self.cues
        k = j + 1
        if self.tok(j) in ("احد", "احدي", "بعض") or self.tok(k) in ("اعلام", "الاعلام"):
            k += 1  # أحد الضباط, وسائل إعلام
        while k < end and k - j < cues.anonymous_max_words and self._describes(k):
            k = doc.mention_of[k].last + 1 if doc.mention_of[k] is not None else k + 1
        a, b = doc.char_span(j, k - 1)
        if fused:  # طبقا لمصدر مطلع: the phrase starts after the ل
            a = doc.pos[doc.toks[j].start + 1]
        return _Speaker(anonymous=self.doc.text[a:b]), k

    def subject_after(
        self, j: int, end: int, cue_tok: int, fused: bool = False
    ) -> tuple[_Speaker | None, int]:
        """The subject that follows a cue, and the token after it; (None, j) when none.
        ``fused``: the word at ``j`` carries the preposition ل of the cue (``طبقا لمصدر``)."""
        doc, cues = self.doc, self.cues
        j = self._skip(j, end)
        while j < end and self.tok(j) in _SYMMETRIC_QUOTES | {_OPEN_QUOTE}:
            close = doc.closes.get(j)
            named = doc.mention_at.get(j + 1) is not None
            if close is None or (doc.quote_words(j) > 3 and not named):
                break
            j += 1  # a quoted name: “زايتسيف”, «المرصد السوري لحقوق الإنسان»
        if j >= end:
            return None, j
        word = self.tok(j)
        if fused and word.startswith("لل"):
            word = "ا" + word[1:]
        elif fused and word.startswith("ل"):
            word = word[1:]
        m = doc.mention_at.get(j)
        if m is not None:
            k = m.last + 1
            while k < end and self.tok(k) in _SYMMETRIC_QUOTES | {_CLOSE_QUOTE}:
                k += 1
            if m.entity.type == "PER":
                return _Speaker(m.entity), k
            nxt = k + 1 if self.tok(k) in "،," else k
            if nxt < end and _title_base(cues, self.tok(nxt)):
                person, after, _, _ = self._title_chain(nxt, end)
                if person is not None:
                    return person, after
            return _Speaker(m.entity), k
        if _anonymous(cues, word):
            if _title_base(cues, word):
                person, after, _, _ = self._title_chain(j, end)
                if person is not None:
                    return person, after
            return self._anonymous_phrase(j, end, fused)
        if _title_base(cues, word):
            person, after, met, head = self._title_chain(j, end)
            if person is not None:
                return person, after
            return self._resolve_role(head, met, cue_tok), after
        is_doc, definite = _doc_noun(cues, word)
        if is_doc:
            k = j + 1
            while k < end and self.tok(k).startswith("ال") and doc.mention_at.get(k) is None:
                k += 1  # البيان المشترك
            if self.tok(k) in ("صادر", "الصادر") and self.tok(k + 1) == "عن":
                k += 2
            m = doc.mention_at.get(k)
            if m is not None and m.entity.type in ("ORG", "PER"):
                return _Speaker(m.entity), m.last + 1
            if definite:
                carried = self.last_speaker()
                return (carried or _Speaker(explicit=False)), k
            return _Speaker(), (m.last + 1 if m else k)
        return None, j

    def subject_before(self, i: int) -> _Speaker | None:
        """A subject printed before a verb that carries no conjunction (``الجيش السوري قال``,
        ``تقارير صحافية أفادت``, ``وكان الأمين العام للجامعة العربية دعا``)."""
        doc, cues = self.doc, self.cues
        lo = doc.sent_start[doc.sent[i]]
        k = i - 1
        while k >= lo and (self.tok(k) in _RELATIVES or self.tok(k) in "،,"):
            k -= 1
        if k < lo:
            return None
        m = doc.mention_of[k]
        if m is not None and m.last == k:
            t = m.first - 1  # back over the title phrase to the start of the noun phrase
            while t >= max(lo, m.first - 8) and (
                self.tok(t) in cues.title_links
                or _title_base(cues, self.tok(t)) is not None
                or doc.mention_of[t] is not None
                or self.tok(t).startswith("ال")
            ):
                t = doc.mention_of[t].first - 1 if doc.mention_of[t] is not None else t - 1
            if self.tok(t) in cues.prepositions:
                return None  # governed by a preposition: مع ... عقيلة صالح يدعو
            if m.entity.type == "PER":
                return _Speaker(m.entity)
            if t + 1 < m.first and _title_base(cues, self.tok(t + 1)):
                _, _, met, head = self._title_chain(t + 1, i)
                return self._resolve_role(head, met or [_Met(m.entity, True)], i)
            return _Speaker(m.entity)
        for back in range(k, max(lo, k - 3) - 1, -1):
            if not doc.toks[back].word:
                break
            if _anonymous(cues, self.tok(back)):
                return _Speaker(anonymous=doc.original(back, k))
        return None

    # statements ----------------------------------------------------------------------------
    def opener(
        self, k: int, end: int, form: CueForm, speaker: _Speaker | None
    ) -> tuple[int, bool, _Speaker | None] | None:
        """Where the statement starts after the subject (token ``k``), whether it is the
        inside of a quotation, and the speaker (``على لسان`` may name another).

        Words that the scan could not place before the complementiser are a subject it does
        not know (``وقال المكتب الإعلامي لحركة حماس إن``): the speaker is then the
        organisation or person named among them, else unnamed, never the last speaker."""
        self._unplaced = -1
        opened = self._scan(k, end, form, speaker)
        if opened is None or opened[2] is not None or self._unplaced < 0:
            return opened
        start, quoted, _ = opened
        for t in range(self._unplaced, start):
            m = self.doc.mention_at.get(t)
            if m is not None and m.entity.type in ("ORG", "PER"):
                return start, quoted, _Speaker(m.entity)
        return start, quoted, _Speaker()

    def _scan(
        self, k: int, end: int, form: CueForm, speaker: _Speaker | None
    ) -> tuple[int, bool, _Speaker | None] | None:
        doc, cues = self.doc, self.cues
        opens, prefixes, takes_object = set(form.opens), set(form.prefixes), form.takes_object
        adverbial = False
        content = 0
        limit = min(end, k + _OPENER_WINDOW)
        while k < limit:
            word = self.tok(k)
            n = _phrase_at(doc, k, cues.voice)
            if n:
                person, after, met, head = self._title_chain(k + n, end)
                if person is None and doc.mention_at.get(k + n) is not None:
                    m = doc.mention_at[k + n]
                    person, after = _Speaker(m.entity), m.last + 1
                if person is not None:
                    speaker, k, adverbial = person, after, False
                    continue
            if word in (":", "："):
                return k + 1, False, speaker
            if word == _OPEN_QUOTE or word in _SYMMETRIC_QUOTES:
                close = doc.closes.get(k)
                if close is not None:
                    ends = close + 1 >= end or self.tok(close + 1) in _SENTENCE_END
                    short_speech = ends and not content and not adverbial
                    if doc.quote_words(k) >= _SPEECH_MIN_WORDS or short_speech:
                        return k, True, speaker
                    k = close + 1
                    continue
            if self.is_that(k):
                return self.that_start(k), False, speaker
            if word in opens:
                return (self.that_start(k + 1) if self.is_that(k + 1) else k + 1), False, speaker
            if not adverbial and doc.mention_of[k] is None and len(word) > 2:
                if any(word.startswith(p) for p in prefixes) and word != "باسم":
                    return k, False, speaker
            if (c := _cue_form(cues, word)) is not None and not content:
                more = c[0]
                opens |= more.opens
                prefixes |= more.prefixes
                takes_object = takes_object or more.takes_object
                k += 1
                continue
            if word in cues.markers and not content:
                k += 1
                continue
            if word in _CLAUSE_PUNCT or word in "()":
                adverbial = False
                k += 1
                continue
            if word in cues.times or word.isdigit() or word in "/-–":
                k += 1
                continue
            if (
                word in cues.adverbials
                or word in cues.through
                or (k > 0 and self.tok(k - 1) in "،," and _title_base(cues, word))
            ):
                adverbial = True
                k += 1
                continue
            if word[:1] == "ل" and (
                doc.mention_at.get(k) is not None
                or word == "ل"
                or _title_base(cues, word[1:]) is not None
            ):
                adverbial = True  # the addressee: لـ«الشرق الأوسط», لوكالة الأناضول
                k += 1
                continue
            if (
                word[:1] == "و"
                and (doc.mention_at.get(k) or _anonymous(cues, word))
                and not content
            ):
                adverbial = True  # a second subject: قال الجيش السوري ومصادر من المعارضة
                k += 1
                continue
            if adverbial or not doc.toks[k].word:
                k += 1
                continue
            if takes_object:
                return k, False, speaker
            if not content:
                self._unplaced = k
            content += 1
            k += 1
        return None

    # the cue kinds ---------------------------------------------------------------------------
    def verb(self, i: int, form: CueForm, conj: bool) -> _Found | None:
        doc, cues = self.doc, self.cues
        end = self.sentence_end(i)
        if self.tok(i) in cues.impersonal or _strip_conj(self.tok(i))[0] in cues.impersonal:
            if self.is_that(i + 1) or self.tok(i + 1) in ("إلى", "الي", "الى"):
                return None
        j = i + 1
        while j < end and (self.tok(j) in cues.markers):
            j += 1
        speaker, k = self.subject_after(j, end, i)
        if speaker is None and form.kind == "finite" and not conj and not self.clause_initial(i):
            # mid-clause with no subject of its own: a relative clause (اتفاق ... يدعو لـ,
            # الدواعي التي ذكرت), unless a subject stands right before it (تقارير صحافية أفادت)
            speaker = self.subject_before(i)
            if speaker is None:
                return None
        if form.document_subject:  # تضمن: only a document, or the last one, speaks with it
            is_doc, _ = _doc_noun(cues, self.tok(self._skip(j, end)))
            if not is_doc and (speaker is not None or not conj):
                return None
        opened = self.opener(k, end, form, speaker)
        if opened is None:
            return None
        start, quoted, speaker = opened
        if speaker is None:
            speaker = self.carried(i, form, conj)
            if speaker is None and form.document_subject:
                return None
        if start >= end and not quoted:
            return None
        if not quoted and doc.closes.get(start) is not None:
            if doc.quote_words(start) >= _DIRECT_MIN_WORDS:
                quoted = True
        if quoted:
            return _Found(
                i,
                j,
                self.tok(i),
                speaker or _Speaker(),
                start + 1,
                doc.closes[start],
                True,
                form.kind,
            )
        return _Found(i, j, self.tok(i), speaker or _Speaker(), start, end, False, form.kind)

    def carried(self, i: int, form: CueForm, conj: bool) -> _Speaker | None:
        """The speaker of a cue with no subject of its own."""
        doc = self.doc
        if form.kind == "finite" and not conj and not form.document_subject:
            before = self.subject_before(i)
            if before is not None:
                return before
        sent = doc.sent[i]
        for f in reversed(self.found):
            if doc.sent[f.cue_tok] == sent:
                return _Speaker(f.speaker.entity, f.speaker.anonymous, explicit=False)
            break
        lo = doc.sent_start[sent]
        for t in range(lo, i):
            if _phrase_at(doc, t, self.cues.turns):
                person = self.last_person_before(lo)
                if person is not None:
                    return _Speaker(person, explicit=False)
        if conj:  # `X يشكك في ذلك، ويرى أن`: the person the sentence is about
            first = self.sentence_person(lo, i)
            if first is not None:
                return _Speaker(first, explicit=False)
        return self.last_speaker()

    def sentence_person(self, lo: int, i: int) -> Entity | None:
        """The first person named in the sentence before ``i``, when no preposition governs
        the name and no quotation holds it."""
        doc = self.doc
        for t in range(lo, i):
            m = doc.mention_at.get(t)
            if m is None or m.entity.type != "PER" or doc.inside[t]:
                continue
            k = t - 1
            while k >= lo and (
                _title_base(self.cues, self.tok(k))
                or self.tok(k) in self.cues.title_links
                or doc.mention_of[k] is not None
            ):
                k = doc.mention_of[k].first - 1 if doc.mention_of[k] is not None else k - 1
            if self.tok(k) in self.cues.prepositions:
                return None
            return m.entity
        return None

    def masdar(self, i: int, form: CueForm, pronoun: bool) -> _Found | None:
        end = self.sentence_end(i)
        if pronoun:
            if not self.clause_initial(i):
                return None
            speaker, k = None, i + 1
        else:
            speaker, k = self.subject_after(i + 1, end, i)
            if speaker is None or not speaker.explicit:
                return None
            if speaker.entity is not None and speaker.entity.type == "LOC":
                return None
            if speaker.entity is None and speaker.anonymous is None:
                return None
        opened = self.opener(k, end, form, speaker)
        if opened is None:
            return None
        start, quoted, speaker = opened
        if speaker is None:
            speaker = self.carried(i, form, True) or _Speaker()
        if quoted:
            return _Found(
                i, i + 1, self.tok(i), speaker, start + 1, self.doc.closes[start], True, "masdar"
            )
        return _Found(i, i + 1, self.tok(i), speaker, start, end, False, "masdar")

    def source(self, i: int, n: int) -> _Found | None:
        """``ووفقا لـ«رويترز»، ...``, ``وبحسب وكالة الأناضول فإن ...``, ``..., وفقا للبيان``."""
        doc = self.doc
        end = self.sentence_end(i)
        j = i + n
        if self.tok(j) == "ل":
            j += 1
        while j < end and self.tok(j) in _SYMMETRIC_QUOTES | {_OPEN_QUOTE}:
            j += 1
        fused = j == i + n and self.tok(j)[:1] == "ل"
        speaker, k = self.subject_after(j, end, i, fused=fused)
        if speaker is None and self.tok(i + n - 1) != "ل":
            m = doc.mention_at.get(j)
            if m is None:
                return None
        if speaker is None:
            return None
        while k < end and (
            self.tok(k) in "،," or self.tok(k) in _SYMMETRIC_QUOTES | {_CLOSE_QUOTE}
        ):
            k += 1
        if self.tok(k) in ("فان", "فانه", "فانها") or self.is_that(k):
            k = k + 1 if self.tok(k) in ("فان",) or self.tok(k) in self.cues.that else k
        words = sum(1 for t in range(k, end) if doc.toks[t].word)
        if words >= 3:
            return _Found(i, k, doc.original(i, i), speaker, k, end, False, "source")
        lo = doc.sent_start[doc.sent[i]]
        if i - lo < 3:
            return None
        return _Found(i, k, doc.original(i, i), speaker, lo, i, False, "source")

    def phrase(self, i: int, n: int) -> _Found | None:
        """``وجاء في البيان: ...``, ``وجاء في بيان لوزارة الخارجية أن ...``."""
        doc = self.doc
        end = self.sentence_end(i)
        k = i + n
        while k < end and self.tok(k).startswith("ال") and doc.mention_at.get(k) is None:
            k += 1
        if self.tok(k) in ("صادر", "الصادر") and self.tok(k + 1) == "عن":
            k += 2
        m = doc.mention_at.get(k)
        speaker = _Speaker(m.entity) if m is not None else self.last_speaker() or _Speaker()
        if m is not None:
            k = m.last + 1
        form = CueForm("جاء", "phrase", frozenset(), frozenset(), True)
        opened = self.opener(k, end, form, speaker)
        if opened is None:
            return None
        start, quoted, speaker = opened
        cue = doc.original(i, i + n - 1)
        if quoted:
            return _Found(
                i, i + n, cue, speaker or _Speaker(), start + 1, doc.closes[start], True, "phrase"
            )
        return _Found(i, i + n, cue, speaker or _Speaker(), start, end, False, "phrase")

    # the whole text ----------------------------------------------------------------------------
    def read(self) -> list[_Found]:
        doc, cues = self.doc, self.cues
        prev: _Found | None = None
        for i, t in enumerate(doc.toks):
            if not t.word or doc.inside[i]:
                continue
            if prev is not None and i < prev.start and doc.sent[i] == doc.sent[prev.cue_tok]:
                continue  # inside the cue words or subject of the statement before
            within = prev is not None and prev.start <= i < prev.end
            found: _Found | None = None
            n_phrase = _phrase_at(doc, i, cues.phrases) if t.text in cues.phrases.first_words else 0
            n_source = (
                _phrase_at(doc, i, cues.sources)
                if not n_phrase and t.text in cues.sources.first_words
                else 0
            )
            verb = None if n_phrase or n_source else _cue_form(cues, t.text)
            masdar = None if n_phrase or n_source or verb else _masdar_of(cues, t.text)
            if n_phrase:
                if within and not self.clause_initial(i):
                    continue
                found = self.phrase(i, n_phrase)
            elif n_source:
                if within and not self.clause_initial(i):
                    continue
                found = self.source(i, n_source)
            elif verb is not None:
                form, conj = verb
                if within and not (self.clause_initial(i) or (conj and form.kind == "finite")):
                    continue
                found = self.verb(i, form, conj)
            elif masdar is not None:
                if prev is not None and i == prev.start:
                    continue  # the statement's first word: مشيرا لتأكيد شكري على ...
                found = self.masdar(i, *masdar)
            if found is None:
                continue
            if within and prev is not None:
                prev.end = min(prev.end, i)
                if found.kind == "source" and found.start < i:
                    continue
            self.found.append(found)
            prev = found
        return self.found


def _trim(doc: _Doc, f: _Found) -> tuple[int, int] | None:
    """Token range [a, b) of a statement without edge punctuation; None when too short."""
    a, b = f.start, f.end
    junk = _CLAUSE_PUNCT | _SENTENCE_END | {":", "-", "–", "—"}
    while a < b and doc.toks[a].text in junk:
        a += 1
    while b > a and (doc.toks[b - 1].text in junk):
        b -= 1
    if not f.quoted:  # a mark at the edge whose partner lies outside the statement
        opened_at = {c: o for o, c in doc.closes.items()}
        while b > a and doc.toks[b - 1].text in _SYMMETRIC_QUOTES | {_OPEN_QUOTE, _CLOSE_QUOTE}:
            if opened_at.get(b - 1, -1) >= a:
                break
            b -= 1
        while a < b and doc.toks[a].text in _SYMMETRIC_QUOTES | {_OPEN_QUOTE, _CLOSE_QUOTE}:
            if doc.closes.get(a, b) < b:
                break
            a += 1
    words = sum(1 for k in range(a, b) if doc.toks[k].word)
    return (a, b) if words >= 2 else None


def find_quotes(
    text: str, entities: tuple[Entity, ...], cues: Cues | None = None
) -> tuple[Quote, ...]:
    """Every reported statement in ``text``, direct and indirect, with its speaker."""
    cues = cues or load_cues()
    doc = _Doc(text, entities)
    out: list[Quote] = []
    for f in _Reader(doc, cues).read():
        span = _trim(doc, f)
        if span is None:
            continue
        a, b = span
        start, end = doc.char_span(a, b - 1)
        direct = f.quoted or any(
            doc.quote_words(k) >= _DIRECT_MIN_WORDS for k in range(a, b) if k in doc.closes
        )
        entity = f.speaker.entity
        out.append(
            Quote(
                start=start,
                end=end,
                text=text[start:end],
                cue=doc.original(f.cue_tok, f.cue_tok) if f.kind != "phrase" else f.cue_text,
                direct=direct,
                speaker=entity.name if entity else None,
                speaker_id=entity.id if entity else None,
                anonymous=f.speaker.anonymous if entity is None else None,
                annotator=ANNOTATOR,
            )
        )
    return tuple(sorted(out, key=lambda q: (q.start, q.end)))


def annotate_quotes(article: Article) -> Article:
    """The article with its quotes (requires entities)."""
    return article.with_(
        quotes=find_quotes(article.text, article.entities),
        annotators=article.annotators + (ANNOTATOR,),
    )
