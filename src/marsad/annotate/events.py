"""Events: who did what to whom, where and when, coded in PLOVER's sixteen top-level types.

Stages (each a pure function of the text, its actors and the trigger lexicon):

1. tokens with offsets, each with the words it may be once its clitics are off
   (``وبحث`` → ``بحث``, ``لإطلاق`` → ``إطلاق``, ``للأمم`` → ``الأمم``);
2. actors: every entity mention placed on the tokens; a demonym (``التركية``) counts as its
   country only after a noun that stands for the state (``الجانب``, ``الشعب``, a trigger such as
   ``المشاورات``), stands for the army after a military noun (``قوات جوية سورية``) when the
   article names that army, and for a person after a title (``الوزير الجزائري``,
   ``نظيره الجزائري``) when a person was introduced with that demonym;
3. triggers: verbs in their conjugations and verbal nouns from ``lang/ar/event_triggers.yaml``,
   longest first; a trigger inside a name (``هيئة تحرير الشام``) is none;
4. roles: for each trigger its source(s) and target(s) from the clause: verb-subject-object
   and subject-verb order, the antecedent of a relative pronoun, ``بين X و Y``, ``X مع Y``,
   demonym adjectives (``المشاورات التركية - الروسية``), the agent of a passive
   (``على يد X``, ``من قبل X``), the giver after ``حظي/حصل على … من``, the speaker's country
   for ``بلاده`` or a first person, the subject carried from the reporting verb;
5. modality: called (DEMAND), denied, hypothetical, planned (future), reported; a statement of
   intent by the speaker is coded AGREE (PLOVER: promises and agreements to meet);
6. place (a place in the sentence, else the dateline), date (the sentence's time expression,
   else the publication date), and one event per happening (type, source, target; symmetric
   types regardless of order, the host first).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from marsad.model import Article, Entity, Event, TimeExpr
from marsad.resources import load_yaml
from marsad.text.normalize import DIACRITICS, TATWEEL, WORD_CACHE, fold, match_key

ANNOTATOR = "events"
SYMMETRIC = frozenset({"AGREE", "CONSULT", "COOPERATE"})
# modalities find_events returns by default (denied and hypothetical happenings are no events)
KEEP = frozenset({"asserted", "reported", "called", "planned"})

# ---------------------------------------------------------------------------------------------
# 1. tokens

_TOKEN_RE = re.compile(r"(?:[^\W\d_]|[\u064B-\u0652\u0670\u0640])+|\d+|[^\w\s]")
_MARKS = str.maketrans({c: None for c in DIACRITICS + TATWEEL})
_CONJ = ("و", "ف")
_PREP = ("ب", "ل", "ك", "س")
_SENTENCE_END = frozenset(".!?؟\n")
_STRONG = frozenset('.!?؟:«»"“”;؛')
_COMMA = frozenset("،,")
_DASH = frozenset("-–—")


def key(word: str) -> str:
    """The folded form of a word (no diacritics or tatweel, أ/إ/آ→ا, ى→ي, ة→ه)."""
    return fold(word.translate(_MARKS))


# words that open a clause (folded): a subject is not looked for across them
_OPENERS = frozenset(
    key(w)
    for w in (
        "أن",
        "إن",
        "أنه",
        "إنه",
        "أنها",
        "إنها",
        "بأن",
        "لأن",
        "فيما",
        "بينما",
        "حيث",
        "كما",
        "لكن",
        "ثم",
        "حين",
        "عندما",
        "بعدما",
        "إذ",
        "لما",
        "حتى",
        "غير",
    )
)


def _lex(word: str) -> str:
    """A lexicon word as matched: folded, without its article."""
    k = key(word)
    return k[2:] if k.startswith("ال") and len(k) > 3 else k


@dataclass(slots=True)  # not frozen: made once per token, and frozen init costs ~3x
class Token:
    i: int
    start: int
    end: int
    text: str
    key: str  # folded
    bare: str  # folded, without a leading و / ف
    cores: tuple[str, ...]  # the words it may be once clitics and the article are off

    @property
    def is_word(self) -> bool:
        return self.key[:1].isalpha()


@functools.lru_cache(maxsize=WORD_CACHE)
def _cores(k: str) -> tuple[str, ...]:
    out = [k]
    heads = [k] + [k[1:] for c in _CONJ if k.startswith(c) and len(k) > 2]
    for h in heads:
        out.append(h)
        if h.startswith("لل") and len(h) > 3:
            out.append(h[2:])
        for p in _PREP:
            if h.startswith(p) and len(h) > 2:
                out.append(h[1:])
                if h[1:].startswith("ال") and len(h) > 4:
                    out.append(h[3:])
        if h.startswith("ال") and len(h) > 3:
            out.append(h[2:])
    return tuple(dict.fromkeys(out))


def tokenize(text: str) -> list[Token]:
    toks = []
    for n, m in enumerate(_TOKEN_RE.finditer(text)):
        word = m.group()
        toks.append(Token(n, m.start(), m.end(), word, *_token_forms(word)))
    return toks


@functools.lru_cache(maxsize=WORD_CACHE)
def _token_forms(word: str) -> tuple[str, str, tuple[str, ...]]:
    """(key, bare, cores) of a word: words recur, so they are computed once."""
    k = key(word)
    bare = k[1:] if k[:1] in _CONJ and len(k) > 2 else k
    return k, bare, _cores(k)


def _tokens_in(toks: Sequence[Token], spans: Sequence[TimeExpr]) -> set[int]:
    """Indices of the tokens that start inside one of ``spans``."""
    starts = [t.start for t in toks]
    out: set[int] = set()
    for x in spans:
        out.update(range(bisect.bisect_left(starts, x.start), bisect.bisect_left(starts, x.end)))
    return out


def sentences(toks: Sequence[Token], text: str) -> list[tuple[int, int]]:
    """Token ranges [a, b) of the sentences (ends at . ! ? ؟ and line breaks)."""
    out, a = [], 0
    for t in toks:
        gap = text[toks[t.i - 1].end : t.start] if t.i else ""
        if t.i > a and "\n" in gap:
            out.append((a, t.i))
            a = t.i
        if t.text in _SENTENCE_END:
            out.append((a, t.i + 1))
            a = t.i + 1
    if a < len(toks):
        out.append((a, len(toks)))
    return [(x, y) for x, y in out if y > x]


# ---------------------------------------------------------------------------------------------
# the lexicon

_PAST = (
    "",
    "ت",
    "ا",
    "تا",
    "وا",
    "ن",
    "نا",
    "تم",
    "ه",
    "ها",
    "هم",
    "هما",
    "ته",
    "تها",
    "تهم",
    "وه",
    "وها",
    "ناه",
)
_PRESENT = ("", "ون", "ان", "ين", "ن", "وا", "ا", "ه", "ها", "هم", "هما", "ونه", "ونها", "انه")
_NOUN = (
    "",
    "ا",
    "ه",
    "ها",
    "هم",
    "هما",
    "ات",
    "ان",
    "ين",
    "يين",
    "ي",
    "نا",
    "اته",
    "اتها",
    "اتهم",
    "يه",
)
_NOUN_T = ("ه", "ات", "تين", "تان", "ته", "تها", "تهم", "تي", "اته", "اتها", "يه")
_PRONOUNS = ("", "ه", "ها", "هم", "هما", "نا")


def _verb_forms(pair: str) -> dict[str, str]:
    """Conjugated forms of a "PAST PRESENT" pair -> tag: tense (past, pres, fut) and person
    (3, or 1p for we)."""
    words = pair.split()
    forms: dict[str, str] = {}
    past = key(words[0])
    for s in _PAST:
        forms.setdefault(past + s, "past1p" if s in ("نا", "ناه") else "past3")
    if len(words) > 1 and words[1] != "-":
        pres = key(words[1])
        stem = pres[1:] if pres[:1] in "يت" else pres
        for p in ("ي", "ت", "ن"):
            person = "1p" if p == "ن" else "3"
            for s in _PRESENT:
                forms.setdefault(p + stem + s, "pres" + person)
                forms.setdefault("س" + p + stem + s, "fut" + person)
    return forms


def _noun_forms(word: str) -> set[str]:
    k = _lex(word)
    if k.endswith("ه") and len(k) > 2:
        forms = {k[:-1] + s for s in _NOUN_T}
    else:
        forms = {k + s for s in _NOUN}
    if k.endswith("اء"):
        forms |= {k[:-1] + "ي" + s for s in _NOUN if s}
    return forms


def _word_forms(word: str, article: bool = True) -> set[str]:
    base = _lex(word) if article else key(word)
    return {base + s for s in _PRONOUNS}


@dataclass(frozen=True)
class Entry:
    """One trigger: its type, part of speech and the forms of each of its words."""

    type: str
    pos: str  # verb | noun
    words: tuple[frozenset[str], ...]
    person: tuple[tuple[str, str], ...] = ()  # first-word form -> person tag, for verbs
    unless_next: frozenset[str] = frozenset()

    def person_of(self, form: str) -> str:
        return dict(self.person).get(form, "past3")


def _phrase(text: str, first: Any) -> tuple[frozenset[str], ...]:
    words = text.split()
    rest = tuple(frozenset(_noun_forms(w) | _word_forms(w)) for w in words[1:])
    return (frozenset(first),) + rest


@dataclass(frozen=True)
class Lexicon:
    entries: tuple[Entry, ...]
    index: dict[str, tuple[int, ...]]  # first-word form -> entry numbers
    words: dict[str, frozenset[str]]  # word lists (function words, folded, as written)
    lex: dict[str, frozenset[str]]  # word lists matched like triggers (conjugated / with endings)
    phrases: dict[str, tuple[tuple[str, ...], ...]]  # multi-word lists, as folded word tuples


def _wordset(items: Iterable[str]) -> frozenset[str]:
    return frozenset(key(w) for w in items)


@functools.lru_cache(maxsize=8)
def lexicon(extra: tuple[str, ...] = ()) -> Lexicon:
    data = load_yaml("event_triggers.yaml", extra)
    assert isinstance(data, dict)
    entries: list[Entry] = []
    for type_, spec in (data.get("types") or {}).items():
        unless = _wordset(spec.get("unless_next", []))
        for pair in spec.get("verbs", []):
            forms = _verb_forms(pair)
            entries.append(Entry(type_, "verb", (frozenset(forms),), tuple(forms.items()), unless))
        for form in spec.get("forms", []):
            first = form.split()[0]
            fs = _word_forms(first, article=False)
            k1 = key(first)
            tag = ("fut" if k1.startswith("س") else "pres" if k1[:1] in "يتن" else "past") + (
                "1p" if k1.lstrip("س")[:1] == "ن" else "3"
            )
            person = tuple((f, tag) for f in fs)
            entries.append(Entry(type_, "verb", _phrase(form, fs), person, unless))
        for noun in spec.get("nouns", []):
            first = noun.split()[0]
            entries.append(Entry(type_, "noun", _phrase(noun, _noun_forms(first)), (), unless))
    index: dict[str, list[int]] = {}
    for n, e in enumerate(entries):
        for f in e.words[0]:
            index.setdefault(f, []).append(n)

    def verbs(name: str, forms_name: str | None = None) -> frozenset[str]:
        out: set[str] = set()
        for pair in data.get(name, []):
            out |= set(_verb_forms(pair)) if len(pair.split()) == 2 else _noun_forms(pair)
        for w in data.get(forms_name, []) if forms_name else []:
            out |= _word_forms(w)
        return frozenset(out)

    lex = {
        "light": verbs("light_verbs", "light_forms")
        | {
            _lex(w)
            for w in (
                "إجراء",
                "عقد",
                "شن",
                "تنفيذ",
                "إطلاق",
                "تقديم",
                "إرسال",
                "فرض",
                "توصل",
                "بدء",
            )
        },
        "receive": verbs("receive", "receive_forms"),
        "reporting": verbs("reporting", "reporting_forms"),
        "denied": verbs("denied", "deny_forms"),
        "approve": verbs("approve"),
    }
    words = {
        name: _wordset(data.get(name, []))
        for name in (
            "negation",
            "future_words",
            "actor_heads",
            "military",
            "titles",
            "own_country",
            "own_side",
            "stops",
            "prepositions",
            "relatives",
            "reported",
            "hypothetical",
            "impersonal",
        )
    }
    words["impersonal"] = words["impersonal"] | frozenset(_lex(w) for w in words["impersonal"])
    words["military"] = words["military"] | frozenset(_lex(w) for w in words["military"])
    words["actor_heads"] = words["actor_heads"] | frozenset(_lex(w) for w in words["actor_heads"])
    words["titles"] = words["titles"] | frozenset(_lex(w) for w in words["titles"])
    phrases = {
        name: tuple(tuple(_lex(w) for w in p.split()) for p in data.get(name, []))
        for name in (
            "agree_objects",
            "ceasefire",
            "agent_before",
            "hypothetical",
            "future_words",
            "reported",
        )
    }
    return Lexicon(
        entries=tuple(entries),
        index={k: tuple(v) for k, v in index.items()},
        words=words,
        lex=lex,
        phrases=phrases,
    )


# ---------------------------------------------------------------------------------------------
# 2. actors


@dataclass(frozen=True)
class Actor:
    """An entity mention placed on tokens ``i``..``j`` (inclusive)."""

    entity: Entity
    start: int
    end: int
    i: int
    j: int
    prefix: str  # the clitic letters before the mention inside its first token (folded)
    nisba: bool  # a demonym adjective or noun, not the name
    lil: bool = False  # written with لل for ل + ال (`للأمم المتحدة`)

    @property
    def name(self) -> str:
        return self.entity.name


_NISBA_END = ("ي", "يه", "يين", "يون", "يان")


def _is_nisba(entity: Entity, text: str) -> bool:
    if entity.type != "LOC":
        return False
    k = match_key(text)
    if k == match_key(entity.name):
        return False
    k = k[2:] if k.startswith("ال") else k
    return k.endswith(_NISBA_END) and not match_key(entity.name).endswith(k)


def place_actors(toks: Sequence[Token], entities: Iterable[Entity]) -> list[Actor]:
    starts = [t.start for t in toks]
    out = []
    import bisect

    for ent in entities:
        for m in ent.mentions:
            i = bisect.bisect_right(starts, m.start) - 1
            j = bisect.bisect_left(starts, m.end) - 1
            if i < 0 or j < i:
                continue
            prefix = key(toks[i].text[: m.start - toks[i].start])
            lil = key(m.text).lstrip("وف").startswith("لل") and not match_key(ent.name).startswith(
                "لل"
            )
            out.append(Actor(ent, m.start, m.end, i, j, prefix, _is_nisba(ent, m.text), lil))
    out.sort(key=lambda a: (a.start, -a.end))
    return out


# ---------------------------------------------------------------------------------------------
# the analysis of one text


@dataclass
class _Role:
    """One participant: an entity name, with the tokens it came from."""

    name: str
    entity: Entity
    i: int
    j: int


@dataclass
class _Trigger:
    entry: Entry
    type: str
    a: int  # first token
    b: int  # last token (inclusive)
    person: str
    sources: list[_Role] = field(default_factory=list)
    targets: list[_Role] = field(default_factory=list)
    modality: str = "asserted"
    dropped: bool = False
    source_from: str = ""


class _Text:
    """Tokens, sentences, actors and their lookups for one text."""

    def __init__(
        self,
        text: str,
        entities: Sequence[Entity],
        lex: Lexicon,
        times: Sequence[TimeExpr] = (),
    ) -> None:
        self.text = text
        self.lex = lex
        self.toks = tokenize(text)
        self.sents = sentences(self.toks, text)
        self.sent_of = [0] * len(self.toks)
        for n, (a, b) in enumerate(self.sents):
            for i in range(a, b):
                self.sent_of[i] = n
        self.in_time = _tokens_in(self.toks, times)
        self.entities = list(entities)
        self.actors = place_actors(self.toks, entities)
        self.at: dict[int, Actor] = {}
        for act in self.actors:
            for i in range(act.i, act.j + 1):
                self.at.setdefault(i, act)
        self.by_start = {act.i: act for act in self.actors}
        self._role_cache: dict[int, _Role | None] = {}
        self.speakers: list[_Role | None] = [None] * len(self.sents)
        self.said: list[tuple[int, _Role]] = []

    # -- words

    def w(self, i: int) -> Token | None:
        return self.toks[i] if 0 <= i < len(self.toks) else None

    def is_in(self, i: int, name: str) -> bool:
        t = self.w(i)
        return t is not None and (t.key in self.lex.words[name] or t.bare in self.lex.words[name])

    def lex_in(self, i: int, name: str) -> bool:
        if not 0 <= i < len(self.toks):
            return False
        return not self.lex.lex[name].isdisjoint(self.toks[i].cores)

    def phrase_at(self, i: int, name: str) -> int:
        """Length of a phrase of list ``name`` starting at token i (0 when none)."""
        for words in self.lex.phrases[name]:
            if all(
                (t := self.w(i + k)) is not None and words[k] in t.cores for k in range(len(words))
            ):
                return len(words)
        return 0

    def boundary(self, i: int) -> bool:
        t = self.w(i)
        return t is None or t.text in _STRONG or t.text in _SENTENCE_END

    # -- actors as participants

    def role(self, act: Actor) -> _Role | None:
        """The participant a mention stands for in an event, or None when it stands for none."""
        if act.start not in self._role_cache:
            self._role_cache[act.start] = self._resolve(act)
        return self._role_cache[act.start]

    def _head(self, act: Actor) -> int:
        """The token the demonym qualifies: left over other demonyms, dashes and و."""
        i = act.i - 1
        while i >= 0:
            t = self.toks[i]
            prev = self.at.get(i)
            if t.text in _DASH or (prev is not None and prev.nisba):
                i = (prev.i if prev is not None and prev.nisba else i) - 1
                continue
            return i
        return -1

    def _resolve(self, act: Actor) -> _Role | None:
        plain = _Role(act.name, act.entity, act.i, act.j)
        if not act.nisba:
            army = self._forces_of(act) if act.entity.type == "PER" else None
            return _Role(army.name, army, act.i, act.j) if army else plain
        # a demonym right before a person's name is part of that person's title
        nxt = self.at.get(act.j + 1)
        if nxt is not None and nxt.entity.type == "PER":
            return None
        h = self._head(act)
        head = self.w(h)
        if head is None or not head.is_word:
            return plain
        if self.is_in(h, "titles") or any(c in self.lex.words["titles"] for c in head.cores):
            person = self._titled_person(act)
            return _Role(person.name, person, act.i, act.j) if person else None
        if any(c in self.lex.words["military"] for c in head.cores):
            army = self._army(act)
            return _Role(army.name, army, act.i, act.j) if army else plain
        if any(c in self.lex.words["actor_heads"] for c in head.cores):
            return plain
        if self.trigger_at(h) is not None:
            return plain
        k = match_key(act.entity.name)
        plural = match_key(self.text[act.start : act.end]).endswith(("يين", "يون"))
        if plural and (head.key in self.lex.words["prepositions"] or self.is_in(h, "stops")):
            return plain
        if plural and head.key == "بين":
            return plain
        del k
        return None

    def _forces_of(self, person: Actor) -> Entity | None:
        """`قوات الرئيس السوري بشار الأسد`: the army of the country in the person's title."""
        demonym = None
        k = person.i - 1
        while k >= 0 and person.i - k <= 5:
            act = self.at.get(k)
            if act is not None and act.nisba:
                demonym = act
                k = act.i - 1
                continue
            if any(c in self.lex.words["military"] for c in self.toks[k].cores):
                return self._army(demonym) if demonym is not None else None
            if not self._title_word(k):
                return None
            k -= 1
        return None

    def _army(self, act: Actor) -> Entity | None:
        stem = match_key(self.text[act.start : act.end])
        stem = stem[2:] if stem.startswith("ال") else stem
        for suffix in ("يين", "يون", "يه", "ي"):
            if stem.endswith(suffix):
                stem = stem[: -len(suffix)]
                break
        for ent in self.entities:
            if ent.type != "ORG":
                continue
            words = match_key(ent.name).split()
            if any(w in self.lex.words["military"] for w in words) and any(
                w.removeprefix("ال").startswith(stem) for w in words[1:]
            ):
                return ent
        return None

    def _titled_person(self, act: Actor) -> Entity | None:
        """The person last introduced with this demonym in their title (`وزير الخارجية
        الجزائري رمطان لعمامرة` for a later `الوزير الجزائري`)."""
        best = None
        for other in self.actors:
            if other.start >= act.start:
                break
            if other.entity.type == "PER" and act.entity in self.title_demonyms(other):
                best = other.entity
        return best

    def title_demonyms(self, person: Actor) -> list[Entity]:
        """The countries named by demonyms in the title written right before a person."""
        out = []
        k = person.i - 1
        while k >= 0 and person.i - k <= 7:
            t = self.toks[k]
            if (
                not t.is_word
                or self.is_in(k, "stops")
                or self.is_in(k, "relatives")
                or (self.trigger_at(k) is not None and self.trigger_at(k).entry.pos == "verb")
                or (self.lex_in(k, "reporting") and k not in self.at)
            ):
                break
            act = self.at.get(k)
            if act is not None:
                if act.entity.type == "PER":
                    break
                if act.nisba:
                    out.append(act.entity)
                k = act.i - 1
                continue
            k -= 1
        return out

    def affiliation(self, ent: Entity) -> tuple[Entity | None, Entity | None]:
        """(organisation, country) an actor speaks for: from a person's title, or the demonym
        inside an organisation's name."""
        org = country = None
        if ent.type == "ORG":
            org = ent
            name = match_key(ent.name)
            for other in self.entities:
                if other.type == "LOC" and any(
                    _is_nisba(other, m.text) and match_key(m.text) in name.split()
                    for m in other.mentions
                ):
                    return org, other
            return org, None
        if ent.type == "LOC":
            return None, ent
        for act in self.actors:
            if act.entity is not ent:
                continue
            s = self.sent_of[act.i]
            for k in range(act.i - 1, max(act.i - 9, self.sents[s][0] - 1), -1):
                prev = self.at.get(k)
                if prev is None or prev.entity is ent:
                    if self.w(k) is not None and self.toks[k].text in _COMMA:
                        break
                    continue
                if prev.entity.type == "ORG" and org is None:
                    org = prev.entity
                    if country is None:
                        country = self.affiliation(prev.entity)[1]
                elif prev.entity.type == "LOC" and country is None:
                    country = prev.entity
            if org or country:
                break
        return org, country

    # -- triggers

    @functools.cached_property
    def triggers(self) -> list[_Trigger]:
        found: list[_Trigger] = []
        i = 0
        while i < len(self.toks):
            best: tuple[int, Entry, str] | None = None
            t = self.toks[i]
            if i in self.at or not t.is_word:
                i += 1
                continue
            for core in t.cores:
                for n in self.lex.index.get(core, ()):
                    e = self.lex.entries[n]
                    if e.pos == "verb" and core not in (t.key, t.bare):
                        continue
                    length = len(e.words)
                    if any(
                        (u := self.w(i + k)) is None
                        or (i + k) in self.at
                        or not (set(u.cores) & e.words[k])
                        for k in range(1, length)
                    ):
                        continue
                    if e.pos == "verb" and not self._verb_slot(i):
                        continue
                    if (
                        best is None
                        or length > len(best[1].words)
                        or (
                            length == len(best[1].words)
                            and e.pos == "verb"
                            and best[1].pos == "noun"
                        )
                    ):
                        best = (length, e, core)
            if best is not None:
                length, e, core = best
                after = self.w(i + length)
                if after is not None and (
                    after.key in e.unless_next or after.bare in e.unless_next
                ):
                    i += length
                    continue
                found.append(_Trigger(e, e.type, i, i + length - 1, e.person_of(core)))
                i += length
                continue
            i += 1
        return found

    def _verb_slot(self, i: int) -> bool:
        """Whether a bare word at token i can be a verb: it opens a clause (after و/ف, a
        punctuation mark, a complementiser, a relative, `قد`) or follows its subject."""
        t = self.toks[i]
        if t.key != t.bare or t.key.startswith("س") or i == 0:
            return True
        prev = self.toks[i - 1]
        if not prev.is_word or prev.bare in (
            "قد",
            "لقد",
            "ثم",
            "كما",
            "حين",
            "عندما",
            "لما",
            "بعدما",
            "حيث",
        ):
            return True
        if self.is_in(i - 1, "relatives") or self.is_in(i - 1, "negation"):
            return True
        if prev.bare in ("ان", "انه", "انها", "بان", "لن", "لم", "ولم", "ولن", "اذا", "لو", "لما"):
            return True
        if prev.bare in _OPENERS or self.is_in(i - 1, "stops"):
            return True
        if (i - 1) in self.at or self.sent_of[i - 1] != self.sent_of[i]:
            return True
        return self.lex_in(i - 1, "reporting") and False

    def trigger_at(self, i: int) -> _Trigger | None:
        return self._trigger_of.get(i)

    @functools.cached_property
    def _trigger_of(self) -> dict[int, _Trigger]:
        """Token index -> the first trigger that covers it."""
        out: dict[int, _Trigger] = {}
        for tr in self.triggers:
            for i in range(tr.a, tr.b + 1):
                out.setdefault(i, tr)
        return out

    # -- subjects and objects

    def _conjunct(self, k: int, limit: int) -> _Role | None:
        """The participant of a conjunct starting at token k: a person after their title
        (`وولي عهد أبوظبي محمد بن زايد`), else the first name in it."""
        cands: list[_Role] = []
        m = k
        while m <= min(k + 6, limit):
            if self.boundary(m) or (
                m > k and (self.toks[m].text in _COMMA or self.is_in(m, "stops"))
            ):
                break
            if m > k and self.toks[m].key.startswith("و") and not cands and self.at.get(m) is None:
                break
            act = self.by_start.get(m)
            if act is not None:
                r = self.role(act)
                if r is not None:
                    cands.append(r)
                m = act.j + 1
                continue
            if cands and not self._title_word(m):
                break
            m += 1
        person = next((c for c in cands if c.entity.type == "PER"), None)
        return person or (cands[0] if cands else None)

    def _coordinated(self, first: _Role, limit: int) -> list[_Role]:
        """``first`` and the participants joined to it by و or a comma (`أنقرة وموسكو`,
        `روسي – إماراتي`, `ماكرون، والمصري عبد الفتاح السيسي`, `أبوظبي، وبشكل خاص القاهرة`)."""
        out = [first]
        i = first.j + 1
        while i <= limit:
            t = self.w(i)
            if t is None:
                break
            if self.is_in(i, "relatives"):
                # `روسيا التي تدعم الأسد، وتركيا`: step over a relative clause to its comma
                comma = next(
                    (m for m in range(i + 1, min(i + 7, limit + 1)) if self.toks[m].text in _COMMA),
                    None,
                )
                if comma is None:
                    break
                i = comma
                t = self.toks[i]
            skip = 0
            if t.text in _COMMA or t.text in _DASH:
                skip = 1
                t = self.w(i + 1)
                if t is None:
                    break
            if not t.key.startswith("و") and skip == 0:
                break
            if skip and not t.key.startswith("و") and t.text not in _DASH and i + 1 not in self.at:
                break
            nxt = self._conjunct(i + skip, limit)
            if nxt is None and self.toks[i + skip].key in ("وبشكل", "وخاصه", "وخصوصا"):
                nxt = self._conjunct(i + skip + 2, limit)
            if nxt is None or any(o.entity is nxt.entity for o in out):
                break
            out.append(nxt)
            i = nxt.j + 1
        return out

    def governed(self, act: Actor) -> bool:
        """A mention after a preposition (`في ليبيا`, `لحكومة الوفاق`), but not the body in a
        title (`الأمين العام للجامعة العربية`)."""
        prev = self.w(act.i - 1)
        if _prep_clitic(act):
            return prev is None or not self._title_word(act.i - 1)
        return prev is not None and prev.bare in self.lex.words["prepositions"]

    def subject_after(self, v: int, limit: int) -> list[_Role]:
        """The subject of a verb at token v written after it (verb-subject-object): the first
        participant before a function word, a person preferred over the body they serve."""
        cands: list[_Role] = []
        loose = 0  # words before the subject that are no title
        k = v + 1
        while k <= limit and k - v <= 12:
            if self.boundary(k) or self.is_in(k, "stops"):
                break
            t = self.toks[k]
            if t.text in _COMMA:
                if cands:
                    break
                k += 1
                continue
            other = self.trigger_at(k)
            if other is not None and other.entry.pos == "verb":
                break
            act = self.by_start.get(k)
            if act is not None:
                r = self.role(act)
                if r is not None and not self.governed(act):
                    cands.append(r)
                k = act.j + 1
                continue
            if not self._title_word(k) and t.is_word and (t.i not in self.in_time):
                if cands:
                    break
                loose += 1
                if loose > 3:
                    break
            k += 1
        if not cands:
            return []
        person = next((c for c in cands if c.entity.type == "PER"), None)
        return self._coordinated(person or cands[0], limit)

    def _title_word(self, k: int) -> bool:
        t = self.toks[k]
        return any(c in self.lex.words["titles"] for c in t.cores) or t.bare in (
            "باسم",
            "العام",
            "المساعد",
            "الخارجيه",
            "الامين",
            "عهد",
            "ولي",
            "الوزراء",
            "الدفاع",
            "المتقاعد",
            "البريجادير",
            "جنرال",
            "السفير",
            "العقيد",
            "الخاص",
            "الخاصه",
            "بقياده",
            "برئاسه",
            "مصدر",
            "مصادر",
            "مسؤول",
            "قوات",
            "عناصر",
            "وفد",
            "مبعوث",
            "مبعوثه",
        )

    def subject_before(self, v: int, floor: int) -> list[_Role]:
        """The antecedent of a relative pronoun right before the verb at v (`الجيش السوري
        الذي يحشد`), unless the verb has a subject of its own after it (`التي اتفقت عليها
        روسيا`, `التي تصنفها الولايات المتحدة`)."""
        k = v - 1
        if k < floor or not self.is_in(k, "relatives"):
            return []
        nxt = self.w(v + 1)
        resumptive = nxt is not None and re.match(r"^(علي|ب|ل|في|من|مع|عن)(ه|ها|هم)$", nxt.bare)
        if resumptive or _possessive(self.toks[v]):
            return []
        k -= 1
        if k >= floor and self.toks[k].text in _COMMA:
            k -= 1
        act = self.at.get(k)
        r = self.role(act) if act is not None else None
        return [r] if r is not None else []

    def segment_subject(self, v: int, floor: int, reach: int) -> list[_Role]:
        """The subject written before a verb (subject-verb order: `إن قوات جوية روسية وسورية
        قصفت`, `أن السفير حسام زكي، الأمين العام المساعد للجامعة العربية، أجرى`): back to a
        complementiser, with no verb between, its last name at most ``reach`` tokens away; a
        name after a preposition is no subject. A verb joined by و opens its own clause."""
        rel = self.subject_before(v, floor)
        if rel:
            return rel
        if self.toks[v].bare != self.toks[v].key:
            return []
        k = v - 1
        if k >= floor and self.toks[k].bare == "قد":
            k -= 1
        names: list[Actor] = []
        while k >= floor and v - k <= 16:
            t = self.toks[k]
            if t.text in _STRONG or t.bare in _OPENERS or self.is_in(k, "relatives"):
                break
            other = self.trigger_at(k)
            if other is not None and other.entry.pos == "verb":
                break
            if self.lex_in(k, "reporting") and k not in self.at:
                break
            act = self.at.get(k)
            if act is not None:
                governed = self.governed(act) or (
                    act.nisba and self.trigger_at(self._head(act)) is not None
                )
                if not governed:
                    names.insert(0, act)
                k = act.i - 1
                continue
            k -= 1
        roles = [r for a in names if (r := self.role(a)) is not None]
        if not roles or v - roles[-1].j > reach + 1:
            return []
        person = next((r for r in roles if r.entity.type == "PER"), None)
        return self._coordinated(person or roles[0], v - 1)

    def subject_of(self, v: int, floor: int, limit: int) -> list[_Role]:
        return self.segment_subject(v, floor, 7) or self.subject_after(v, limit)

    def clause(self, i: int) -> tuple[int, int]:
        """The sentence of token i as (first, last) token indices (inclusive)."""
        a, b = self.sents[self.sent_of[i]]
        return a, b - 1

    # -- sentence speakers

    def compute_speakers(self) -> None:
        """Who speaks where: each reporting verb's subject (a continuation such as `وأضاف`
        with no subject of its own carries the last speaker)."""
        last: _Role | None = None
        self.said: list[tuple[int, _Role]] = []
        for n, (a, b) in enumerate(self.sents):
            first = None
            for k in range(a, b):
                if self.lex_in(k, "reporting") and k not in self.at:
                    subj = self.subject_of(k, a, b - 1)
                    who = subj[0] if subj else last
                    if who is not None:
                        self.said.append((k, who))
                        first = first or who
                        last = who
            self.speakers[n] = first

    def speaker_at(self, i: int) -> _Role | None:
        """The speaker of token i: the nearest reporting verb before it in its sentence, else
        the sentence's speaker."""
        n = self.sent_of[i]
        a = self.sents[n][0]
        best = None
        for k, who in self.said:
            if a <= k < i:
                best = who
        return best or self.speakers[n]

    def main_subject(self, i: int) -> _Role | None:
        """Who the sentence of token i is about: the participant it opens with (`وكان
        السيسي قد طرح`), else its speaker."""
        n = self.sent_of[i]
        a, b = self.sents[n]
        for k in range(a, min(a + 6, b, i)):
            act = self.by_start.get(k)
            if act is not None and not self.governed(act) and (r := self.role(act)) is not None:
                return r
            if k > a and self.is_in(k, "stops") and self.toks[k].bare not in ("ان", "انه"):
                break
        return self.speakers[n]

    def side(self, who: _Role | None, prefer: str) -> _Role | None:
        """The country (prefer="country") or organisation a speaker speaks for."""
        if who is None:
            return None
        org, country = self.affiliation(who.entity)
        pick = (country or org) if prefer == "country" else (org or country)
        return _Role(pick.name, pick, who.i, who.j) if pick is not None else who


# ---------------------------------------------------------------------------------------------
# 4. roles of one trigger

# the preposition (proclitic or word) before a participant that each type accepts for its target
_TARGET_PREPS = {
    "AGREE": {"", "مع", "ب", "بين"},
    "CONSULT": {"", "مع", "ب", "بين", "ل"},
    "COOPERATE": {"", "مع", "بين"},
    "SUPPORT": {"", "ل", "ب", "جانب"},
    "AID": {"", "ل", "الي"},
    "CONCEDE": {"", "ل"},
    "RETREAT": set(),
    "ACCUSE": {"", "ب", "ل", "علي"},
    "DEMAND": {""},
    "REJECT": {"", "ل"},
    "THREATEN": {"", "ب"},
    "PROTEST": {"ضد", "علي"},
    "MOBILIZE": {"ضد", "مع"},
    "SANCTION": {"", "علي", "ضد"},
    "COERCE": {""},
    "ASSAULT": {"", "علي", "ضد"},
}
# a name right after a verbal noun of these types is its source (`اجتماع الجزائر`); after
# the others its target (`دعم حكومة الوفاق`); after ل the source for ASSAULT (`هجوم لقوات X`)
_GENITIVE_SOURCE = frozenset({"CONSULT", "AGREE", "RETREAT", "MOBILIZE", "PROTEST"})
# places are where these happen, not whom they are done to
_PLACE_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "RETREAT", "AID", "PROTEST"})
# stative relations told in a relative clause (`روسيا التي تدعم الأسد`) are background
_STATIVE = frozenset({"SUPPORT", "AID", "COOPERATE"})


def _prep_of(tx: _Text, act: Actor) -> str:
    p = act.prefix.lstrip("وف")
    if act.lil or p.startswith("ل"):
        return "ل"
    if p[:1] in ("ب", "ك"):
        return p[:1]
    prev = tx.w(act.i - 1)
    if prev is not None and (prev.bare in tx.lex.words["prepositions"] or prev.bare == "جانب"):
        return prev.bare
    return ""


def _prep_clitic(act: Actor) -> bool:
    """A preposition fused to the mention (`لحكومة الوفاق`, `بروسيا`, `للأمم المتحدة`)."""
    return act.lil or act.prefix.lstrip("وف")[:1] in ("ب", "ل", "ك")


def _possessive(tok: Token) -> bool:
    """A pronoun ending in the original letters (`لقائه`, `توصلها`; not the ة of `دعوة`)."""
    plain = tok.text.translate(_MARKS)
    return plain.endswith(("ه", "ها", "هم", "هما")) and len(plain) > 4


@functools.lru_cache(maxsize=4096)
def _city_name(name: str) -> bool:
    from marsad.kb.places import lookup_place

    place = lookup_place(name)
    return place is None or place.kind != "country"


def _is_city(ent: Entity) -> bool:
    if ent.type != "LOC":
        return False
    if ent.subtype:
        return ent.subtype != "country"
    return _city_name(ent.name)


def _prefer_person(tx: _Text, act: Actor, r: _Role, last: int) -> _Role:
    """`رئيس مجلس نواب طبرق عقيلة صالح`: a person named right after the body in their title."""
    if r.entity.type == "PER":
        return r
    k = act.j + 1
    while k <= min(act.j + 4, last):
        nxt = tx.by_start.get(k)
        if nxt is not None:
            pr = tx.role(nxt)
            return pr if pr is not None and pr.entity.type == "PER" else r
        if not tx._title_word(k) and tx.at.get(k) is None:
            return r
        k += 1
    return r


def _targets(tx: _Text, tr: _Trigger, start: int, last: int, exclude: set[int]) -> list[_Role]:
    allowed = _TARGET_PREPS[tr.type]
    k = start
    while k <= last and k - start <= 12:
        if tx.boundary(k) or (tx.toks[k].text in _COMMA and tr.type not in SYMMETRIC and k > start):
            break
        other = tx.trigger_at(k)
        if other is not None and other is not tr and other.entry.pos == "verb":
            break
        if tr.type == "DEMAND" and tx.is_in(k, "stops"):
            break
        if tx.is_in(k, "relatives") or tx.toks[k].bare in ("ان", "انه", "انها"):
            break
        act = tx.by_start.get(k)
        if act is None:
            k += 1
            continue
        r = tx.role(act)
        k = act.j + 1
        if r is None or id(r.entity) in exclude:
            continue
        prep = _prep_of(tx, act)
        before = tx.w(act.i - 2)
        if (
            r.entity.type == "LOC"
            and not act.nisba
            and (
                _is_city(r.entity)
                or (tr.type in _PLACE_TYPES and prep in ("في", "الي", "من"))
                or prep == "في"
                or (before is not None and before.bare == "في")
            )
        ):
            continue
        if prep not in allowed:
            if tr.type == "DEMAND":
                break
            continue
        r = _prefer_person(tx, act, r, last)
        return [x for x in tx._coordinated(r, last) if id(x.entity) not in exclude]
    return []


def _adjectives(tx: _Text, tr: _Trigger) -> list[_Role]:
    """Demonyms qualifying a verbal noun (`المشاورات التركية - الروسية`, `دعم روسي –
    إماراتي`, `رفض تركي ومغاربي`), after at most one plain adjective."""
    for k in (tr.b + 1, tr.b + 2):
        act = tx.by_start.get(k)
        if act is not None and act.nisba:
            if tx._head(act) not in (tr.b, tr.b + 1):
                return []
            r = tx.role(act)
            return tx._coordinated(r, k + 8) if r is not None else []
        t = tx.w(k)
        if (
            t is None
            or not t.is_word
            or tx.is_in(k, "stops")
            or k in tx.at
            or tx._title_word(k)
            or any(c in tx.lex.words["actor_heads"] for c in t.cores)
        ):
            return []
    return []


def _between(tx: _Text, start: int, last: int) -> list[_Role]:
    for k in range(start, min(start + 4, last + 1)):
        if tx.boundary(k):
            return []
        if tx.toks[k].bare == "بين":
            first = tx._conjunct(k + 1, last)
            if first is None:
                return []
            parties = tx._coordinated(first, last)
            return parties if len(parties) > 1 else []
    return []


def _agent(tx: _Text, tr: _Trigger, last: int) -> list[_Role]:
    for k in range(tr.b + 1, min(tr.b + 12, last + 1)):
        if tx.boundary(k):
            return []
        other = tx.trigger_at(k)
        if other is not None and other is not tr:
            return []
        n = tx.phrase_at(k, "agent_before")
        if n:
            r = tx._conjunct(k + n, min(k + n + 4, last))
            return tx._coordinated(r, last) if r is not None else []
    return []


def _receiver_giver(
    tx: _Text, tr: _Trigger, first: int, last: int
) -> tuple[list[_Role], list[_Role]] | None:
    """`حظيت المبادرة بدعم روسي`, `حصولها على دعم من أبوظبي`, `قوبلت برفض تركي`."""
    rec = None
    for k in range(tr.a - 1, max(tr.a - 10, first - 1), -1):
        other = tx.trigger_at(k)
        if tx.boundary(k) or (other is not None and other.entry.pos == "verb"):
            break
        if tx.lex_in(k, "receive") and k not in tx.at:
            rec = k
            break
    if rec is None:
        return None
    givers = _adjectives(tx, tr)
    if not givers:
        for k in range(tr.b + 1, min(tr.b + 6, last + 1)):
            if tx.boundary(k):
                break
            if tx.toks[k].bare == "من":
                r = tx._conjunct(k + 1, last)
                givers = tx._coordinated(r, last) if r is not None else []
                break
    receivers = tx.subject_of(rec, first, tr.a - 1) if not _possessive(tx.toks[rec]) else []
    if not receivers:
        subject = tx.main_subject(tr.a)
        receivers = [subject] if subject is not None else []
    return givers, receivers


def _left_verb(tx: _Text, tr: _Trigger, first: int) -> int | None:
    """The verb (or verbal noun) a verbal noun is the object of: a support verb (`شن … هجوما`,
    `أجرى لقاء`, `تقديم الحكومة التركية دعما`), or a reporting verb it directly follows
    (`أعلن حفتر تأييده`); not across a comma or a preposition."""
    for k in range(tr.a - 1, max(tr.a - 14, first - 1), -1):
        t = tx.toks[k]
        if t.text in _STRONG:
            return None
        if k not in tx.at and (tx.lex_in(k, "light") or tx.lex_in(k, "approve")):
            return k
        if k not in tx.at and tx.lex_in(k, "reporting"):
            # only as the object: the verb, its subject, then the noun (`على` between allowed)
            subj = tx.subject_after(k, tr.a - 1)
            end = max([k] + [r.j for r in subj])
            gap = [
                m
                for m in range(end + 1, tr.a)
                if tx.toks[m].is_word
                and m not in tx.in_time
                and tx.toks[m].bare not in ("علي", "يوم")
            ]
            return k if not gap else None
        other = tx.trigger_at(k)
        if other is not None and other.entry.pos == "verb":
            return None
        if (tx.toks[k].bare in tx.lex.words["prepositions"] and tx.toks[k].bare != "مع") or tx.toks[
            k
        ].bare in ("بعد", "قبل"):
            return None
    return None


def _speaker(tx: _Text, i: int) -> _Role | None:
    return tx.speaker_at(i)


def _own(tx: _Text, i: int) -> _Role | None:
    """`بلاده`, `قواتنا`: the speaker's country or side."""
    t = tx.w(i)
    if t is None:
        return None
    if any(c in tx.lex.words["own_country"] for c in t.cores):
        return tx.side(_speaker(tx, i), "country")
    if any(c in tx.lex.words["own_side"] for c in t.cores):
        return tx.side(_speaker(tx, i), "org")
    return None


def _subject_or_own(tx: _Text, v: int, first: int, last: int) -> list[_Role]:
    before = tx.segment_subject(v, first, 7)
    if before:
        return before
    for k in (v - 1, v + 1):
        own = _own(tx, k)
        if own is not None:
            return [own]
    if _we(tx, v):
        return [r] if (r := tx.side(_speaker(tx, v), "country")) is not None else []
    prev = tx.w(v - 1)
    if prev is not None and prev.bare in ("انه", "انها", "انهم", "انهما") and v - 1 >= first:
        return [s] if (s := _speaker(tx, v)) is not None else []
    after = tx.subject_after(v, last)
    if after or tx.toks[v].key == tx.toks[v].bare:
        return after
    # `إن تركيا تتابع التطورات … واتخذت الاحتياطات`: a verb joined by و shares the subject
    for k in range(v - 1, max(v - 16, first - 1), -1):
        if tx.boundary(k):
            break
        other = tx.trigger_at(k)
        if k not in tx.at and (
            tx.lex_in(k, "light")
            or tx.lex_in(k, "reporting")
            or (other is not None and other.entry.pos == "verb")
        ):
            return tx.segment_subject(k, first, 7) or tx.subject_after(k, v - 1)
    return []


def _we(tx: _Text, v: int) -> bool:
    """A support verb in the first person plural (`سنواصل`, `نواصل`, `واصلنا`)."""
    b = tx.toks[v].bare
    forms = tx.lex.lex["light"]
    return (
        (b.startswith("سن") and "سي" + b[2:] in forms)
        or (b.startswith("ن") and "ي" + b[1:] in forms)
        or (b.endswith("نا") and b[:-2] in forms)
    )


def _assign(tx: _Text, tr: _Trigger) -> None:
    first, last = tx.clause(tr.a)
    if tr.entry.pos == "noun":
        _assign_noun(tx, tr, first, last)
    else:
        _assign_verb(tx, tr, first, last)
    if tr.type in _PLACE_TYPES - {"AID"}:
        tr.sources = [r for r in tr.sources if not _is_city(r.entity)]
    if tr.type in SYMMETRIC and len(tr.sources) > 1 and not tr.targets:
        tr.sources, tr.targets = tr.sources[:1], tr.sources[1:]
    if tr.type in SYMMETRIC and not tr.sources and len(tr.targets) > 1:
        tr.sources, tr.targets = tr.targets[:1], tr.targets[1:]
    if tr.type in SYMMETRIC and not tr.sources and tr.targets:
        host = _host(tx, tr, first, tr.a - 1)
        if host is not None:
            tr.sources, tr.source_from = [host], "host"


def _host(tx: _Text, tr: _Trigger, first: int, last: int) -> _Role | None:
    """`انطلق في الجزائر الاجتماع الوزاري للدول المجاورة لليبيا`: the country a meeting is
    held in is its host."""
    for act in tx.actors:
        if first <= act.i <= last and act.entity.type == "LOC" and not act.nisba:
            if _prep_of(tx, act) == "في" and not _is_city(act.entity):
                r = tx.role(act)
                if r is not None and all(t.entity is not r.entity for t in tr.targets):
                    return r
    return None


def _impersonal(tx: _Text, tr: _Trigger) -> bool:
    return tr.type == "DEMAND" and any(c in tx.lex.words["impersonal"] for c in tx.toks[tr.a].cores)


def _assign_verb(tx: _Text, tr: _Trigger, first: int, last: int) -> None:
    if _impersonal(tx, tr):
        s = _speaker(tx, tr.a)
        tr.sources, tr.source_from = ([s] if s else []), "speaker"
        return
    agents = _agent(tx, tr, last)
    if agents:  # passive: `قتل في حلب على يد قوات المعارضة`
        tr.sources = agents
        tr.targets = tx.segment_subject(tr.a, first, 12)
        tr.source_from = "agent"
        return
    if tr.person.endswith("1p"):
        own = tx.side(_speaker(tx, tr.a), "country")
        if own is not None:
            tr.sources, tr.source_from = [own], "first person"
    if not tr.sources:
        tr.sources = _subject_or_own(tx, tr.a, first, last)
        tr.source_from = "subject"
        if (
            tr.sources
            and tr.type in _STATIVE
            and tr.person.startswith("pres")
            and tx.is_in(tr.a - 1, "relatives")
        ):
            tr.dropped = True
    if not tr.sources:
        # `وأضاف الجيش أنه يتعاون`: the subject is the one who speaks
        prev = tx.w(tr.a - 1)
        if prev is not None and prev.bare in ("انه", "انها", "انهم", "انهما", "انها"):
            s = _speaker(tx, tr.a)
            if s is not None:
                tr.sources, tr.source_from = [s], "speaker"
    if tr.type in SYMMETRIC and len(tr.sources) > 1:
        tr.sources, tr.targets = tr.sources[:1], tr.sources[1:]
        return
    end = max([tr.b] + [r.j for r in tr.sources if r.i > tr.b])
    exclude = {id(r.entity) for r in tr.sources}
    tr.targets = _targets(tx, tr, end + 1, last, exclude)


def _assign_noun(tx: _Text, tr: _Trigger, first: int, last: int) -> None:
    rg = _receiver_giver(tx, tr, first, last)
    if rg is not None:
        tr.sources, tr.targets = rg
        tr.source_from = "receive"
        return
    if _impersonal(tx, tr):
        s = _speaker(tx, tr.a)
        tr.sources, tr.source_from = ([s] if s else []), "speaker"
        return
    agents = _agent(tx, tr, last)
    adjectives = _adjectives(tx, tr)
    parties = _between(tx, tr.b + 1, last) if tr.type in SYMMETRIC else []
    after = tx.by_start.get(tr.b + 1)
    after_role = tx.role(after) if after is not None and not after.nisba else None
    start = tr.b + 1
    if agents:
        tr.sources, tr.source_from = agents, "agent"
    elif adjectives:
        if tr.type in SYMMETRIC and len(adjectives) > 1:
            tr.sources, tr.targets = adjectives[:1], adjectives[1:]
        else:
            tr.sources = adjectives
        tr.source_from = "adjective"
    elif parties:
        tr.sources, tr.targets = parties[:1], parties[1:]
        tr.source_from = "between"
        return
    elif after_role is not None and (
        (tr.type in _GENITIVE_SOURCE and not _is_city(after_role.entity))
        or (tr.type == "ASSAULT" and _prep_of(tx, after) == "ل")
    ):
        tr.sources, tr.source_from = [after_role], "genitive"
    if not tr.sources and tr.type == "RETREAT":
        # `إخلاء الجفرة وسرت من قوات حفتر`: who leaves comes after من
        for k in range(tr.b + 1, min(tr.b + 6, last + 1)):
            if tx.toks[k].bare == "من":
                r = tx._conjunct(k + 1, last)
                if r is not None and r.entity.type != "LOC":
                    tr.sources, tr.source_from = [r], "من"
                break
    if not tr.sources and tx.lex_in(tr.b + 1, "light") and _possessive(tx.toks[tr.b + 1]):
        # `هجمات نفذتها قوات الحكومة السورية`
        tr.sources = tx.subject_after(tr.b + 1, last)
        tr.source_from = "relative"
        start = max([tr.b + 2] + [r.j + 1 for r in tr.sources])
    if not tr.sources:
        verb = _left_verb(tx, tr, first)
        if verb is not None:
            tr.sources = _subject_or_own(tx, verb, first, tr.a - 1)
            if not tr.sources and _possessive(tx.toks[verb]):
                s = tx.main_subject(tr.a)
                tr.sources = [s] if s is not None else []
            if (
                not tr.sources
                and tx.toks[verb].key.startswith("و") is False
                and tx.is_in(verb - 1, "relatives")
            ):
                tr.sources = tx.subject_before(verb, first)
            tr.source_from = "verb"
            start = max([verb] + [r.j for r in tr.sources if r.i > verb]) + 1
        elif _possessive(tx.toks[tr.a]) or _is_participle(tx, tr):
            s = tx.main_subject(tr.a)
            tr.sources = [s] if s is not None else []
            tr.source_from = "pronoun"
    if not tr.targets:
        exclude = {id(r.entity) for r in tr.sources}
        start = max([start] + [r.j + 1 for r in tr.sources if r.i > tr.b])
        tr.targets = _targets(tx, tr, start, last, exclude)


def _is_participle(tx: _Text, tr: _Trigger) -> bool:
    """An active participle of manner (`مطالباً`, `داعيةً`, `داعيا`)."""
    plain = tx.toks[tr.a].text.translate(_MARKS)
    return (plain.startswith("م") and plain.endswith("ا")) or plain.startswith("داعي")


# ---------------------------------------------------------------------------------------------
# 5. modality and the words that govern a trigger


def _future(tx: _Text, tr: _Trigger, first: int, last: int) -> bool:
    """A future verb (`ستعقد`, `سيتعين`), `سوف`, or a word placing it ahead (`المقبل`,
    `مرتقب`, `من المتوقع أن`) in the trigger's neighbourhood."""
    if tr.person.startswith("fut"):
        return True
    for k in range(max(tr.a - 5, first), min(tr.b + 7, last + 1)):
        if tx.boundary(k) and k > tr.b:
            break
        if tx.phrase_at(k, "future_words"):
            return True
        t = tx.toks[k]
        if (
            k not in tx.at
            and abs(k - tr.a) <= 4
            and (_future_verb(t.bare) or (t.bare.startswith("س") and t.bare in tx.lex.lex["light"]))
        ):
            return True
        other = tx.trigger_at(k)
        if (
            other is not None
            and other is not tr
            and other.person.startswith("fut")
            and abs(k - tr.a) <= 3
        ):
            return True
    return False


def _future_verb(b: str) -> bool:
    """`ستعقد`, `سيتعين`, `ستسخر`: سـ on a present verb (not `سياسي`, `سيطرة`, `سنوات`)."""
    return (
        re.match(r"^س[يتن][^\W\d_]{3,}$", b) is not None
        and not b.endswith(("ي", "ه", "ين", "ات", "يه"))
        and not b.startswith(
            ("سيا", "سيط", "سير", "سين", "ستا", "سنوات", "سنوي", "سنه", "سيد", "سيس")
        )
    )


def _modality(tx: _Text, tr: _Trigger) -> str:
    first, last = tx.clause(tr.a)
    lo = max(tr.a - 10, first)
    for k in range(lo, tr.a):
        if tx.phrase_at(k, "hypothetical") and not any(tx.boundary(m) for m in range(k, tr.a)):
            return "hypothetical"
    for k in range(max(tr.a - 12, first), tr.a):
        if tx.lex_in(k, "denied") and k not in tx.at:
            return "denied"
    prev = tx.w(tr.a - 1)
    if prev is not None and prev.bare in tx.lex.words["negation"] and tr.a - 1 >= first:
        return "denied"
    if tr.type == "DEMAND":
        return "called"
    if _future(tx, tr, first, last):
        return "planned"
    for k in range(max(tr.a - 15, first), tr.a):
        if tx.phrase_at(k, "reported"):
            return "reported"
    return "asserted"


def _govern(tx: _Text, triggers: list[_Trigger]) -> None:
    """A trigger in the complement of DEMAND/REJECT/THREATEN is that act's content, not an event
    (`دعا إلى سحب القوات`); an approved act is done by the one who approves it; a SUPPORT of a
    ceasefire is AGREE."""
    governing = set(tx.lex.words.get("governing", ())) or {"DEMAND", "REJECT", "THREATEN"}
    for tr in triggers:
        if tr.type in governing and not tr.dropped:
            _, last = tx.clause(tr.a)
            for other in triggers:
                if (
                    other is not tr
                    and tr.b < other.a <= min(tr.b + 12, last)
                    and not any(tx.boundary(m) for m in range(tr.b + 1, other.a))
                ):
                    other.dropped = True
                    if not tr.targets and other.source_from == "من":
                        tr.targets = [
                            r
                            for r in other.sources
                            if all(r.entity is not x.entity for x in tr.sources)
                        ]
        if tr.type == "SUPPORT":
            for k in range(tr.b + 1, tr.b + 4):
                if tx.phrase_at(k, "ceasefire"):
                    tr.type = "AGREE"
                    break


def _approvals(tx: _Text, triggers: list[_Trigger]) -> list[_Trigger]:
    """`وافق/موافقة X على Y`: AGREE when Y is a ceasefire, an agreement or an initiative;
    otherwise Y's event, done by X."""
    out = []
    for k, t in enumerate(tx.toks):
        if k in tx.at or not tx.lex_in(k, "approve"):
            continue
        first, last = tx.clause(k)
        ala = next(
            (m for m in range(k + 1, min(k + 16, last + 1)) if tx.toks[m].bare == "علي"), None
        )
        if ala is None:
            continue
        approver = tx.subject_of(k, first, ala - 1) if not _noun_like(t) else []
        if not approver:
            act = tx.by_start.get(k + 1)
            r = tx.role(act) if act is not None else None
            approver = tx._coordinated(r, ala - 1) if r is not None else []
        if not approver:
            continue
        if any(tx.phrase_at(m, "agree_objects") for m in range(ala + 1, ala + 3)):
            entry = Entry("AGREE", "verb", (frozenset({t.key}),))
            out.append(
                _Trigger(
                    entry,
                    "AGREE",
                    k,
                    k,
                    "past3",
                    sources=approver[:1],
                    targets=approver[1:],
                    source_from="approve",
                )
            )
            continue
        for other in triggers:
            if ala < other.a <= ala + 4:
                other.sources, other.source_from = approver, "approve"
                break
    return out


def _noun_like(t: Token) -> bool:
    return t.bare.startswith(("مواف", "قبول"))


# ---------------------------------------------------------------------------------------------
# 6. place, date, one event per happening


def _place(tx: _Text, tr: _Trigger, used: set[int], dateline: str | None) -> str | None:
    first, last = tx.clause(tr.a)
    cands = [
        act
        for act in tx.actors
        if first <= act.i <= last
        and act.entity.type == "LOC"
        and not act.nisba
        and id(act.entity) not in used
    ]
    cands = [a for a in cands if _prep_of(tx, a) not in ("حول", "بشان", "عن")]
    located = [
        a
        for a in cands
        if _prep_of(tx, a) == "في" or tx.toks[a.i - 1].bare in ("مدينه", "العاصمه", "منطقه")
    ]
    after = [a for a in cands if a.i > tr.b]
    before = [a for a in cands if a.i < tr.a]
    for group in (
        [a for a in located if a.i > tr.b],
        [a for a in located if a.i < tr.a][::-1],
        after,
        before[::-1],
    ):
        if group:
            return group[0].name
    if dateline:
        for ent in tx.entities:
            if ent.type == "LOC" and any(
                match_key(m.text) == match_key(dateline) for m in ent.mentions
            ):
                return ent.name
        return dateline
    return None


def _date(
    tx: _Text, tr: _Trigger, times: Sequence[TimeExpr], published: str | None
) -> tuple[str | None, bool]:
    """The value of the sentence's time expression nearest the trigger (explicit=True), else
    the publication date."""
    a, b = tx.sents[tx.sent_of[tr.a]]
    lo, hi = tx.toks[a].start, tx.toks[b - 1].end
    here = [t for t in times if lo <= t.start < hi and t.value]
    if here:
        pos = tx.toks[tr.a].start
        best = min(here, key=lambda t: abs(t.start - pos))
        return best.value, True
    return published, False


@dataclass
class _Found:
    type: str
    source: _Role
    target: _Role | None
    tr: _Trigger
    modality: str
    place: str | None
    date: str | None
    explicit_date: bool


def _country_code(ent: Entity) -> str | None:
    if ent.country:
        return ent.country
    if ent.type != "LOC":
        return None
    from marsad.kb.places import lookup_place

    p = lookup_place(ent.name)
    return p.country if p else None


def _dedupe(found: list[_Found], tx: _Text) -> list[_Found]:
    groups: dict[tuple, list[_Found]] = {}
    for f in found:
        s, t = f.source.name, f.target.name if f.target else None
        pair = frozenset((s, t)) if f.type in SYMMETRIC and t else (s, t)
        groups.setdefault((f.type, pair), []).append(f)
    out: list[_Found] = []
    for (type_, _), members in groups.items():
        kept: list[_Found] = []
        for f in members:
            twin = next(
                (k for k in kept if not (k.explicit_date and f.explicit_date and k.date != f.date)),
                None,
            )
            if twin is None:
                kept.append(f)
            else:
                if twin.place is None:
                    twin.place = f.place
                if not twin.explicit_date and f.explicit_date:
                    twin.date, twin.explicit_date = f.date, True
        if type_ in SYMMETRIC:
            for k in kept:
                _host_first(k)
        out.extend(kept)
    # a same-type act of the same source with no target is the one told with its target; and
    # one whose only party took part in a same-type act of the same sentence (`اتصال هاتفي
    # بين ترامب وبن زايد بحثا خلاله`) is that act
    with_target: dict[tuple[str, str], set[str | None]] = {}
    for f in out:
        if f.target is not None:
            with_target.setdefault((f.type, f.source.name), set()).add(f.place)
    in_sentence = {
        (f.type, tx.sent_of[f.tr.a], p.name)
        for f in out
        if f.target is not None
        for p in (f.source, f.target)
    }
    out = [
        f
        for f in out
        if f.target is not None
        or (
            (
                (f.type, f.source.name) not in with_target
                or (f.place is not None and f.place not in with_target[(f.type, f.source.name)])
            )
            and (f.type, tx.sent_of[f.tr.a], f.source.name) not in in_sentence
        )
    ]
    out.sort(key=lambda f: (f.tr.a, f.source.i))
    return out


def _host_first(f: _Found) -> None:
    """In a symmetric event, the party whose country holds the place comes first."""
    if f.target is None or f.place is None:
        return
    from marsad.kb.places import lookup_place

    place = lookup_place(f.place)
    if place is None:
        return
    if _country_code(f.target.entity) == place.country != _country_code(f.source.entity):
        f.source, f.target = f.target, f.source


# ---------------------------------------------------------------------------------------------
# the API


def find_events(
    text: str,
    entities: tuple[Entity, ...],
    times: tuple[TimeExpr, ...],
    published: str | None,
    dateline: str | None,
    *,
    lexicon_files: tuple[str, ...] = (),
    keep: frozenset[str] = KEEP,
    tx: _Text | None = None,
) -> tuple[Event, ...]:
    """Every happening ``text`` reports, once each, as PLOVER events over ``entities``
    (``tx``: the text as :func:`analyse` gave it, when the caller already has it)."""
    if tx is None:
        tx = analyse(text, entities, times, lexicon_files)
    triggers = list(tx.triggers)
    for tr in triggers:
        _assign(tx, tr)
    triggers += _approvals(tx, triggers)
    _govern(tx, triggers)
    found: list[_Found] = []
    for tr in triggers:
        if tr.dropped or not tr.sources:
            continue
        if tr.type in ("CONSULT", "COOPERATE") and not tr.targets:
            continue  # a consultation needs a counterpart (`اجتماع الحكومة` is no event)
        modality = _modality(tx, tr)
        if modality not in keep:
            continue
        type_, sources, targets = _intent(tx, tr, modality)
        used = {id(r.entity) for r in sources + targets}
        place = _place(tx, tr, used, dateline)
        date, explicit = _date(tx, tr, times, published)
        for s in sources:
            for t in targets or [None]:
                if t is not None and t.entity is s.entity:
                    continue
                found.append(_Found(type_, s, t, tr, modality, place, date, explicit))
    events = []
    for f in _dedupe(found, tx):
        a, b = tx.sents[tx.sent_of[f.tr.a]]
        events.append(
            Event(
                start=tx.toks[a].start,
                end=tx.toks[b - 1].end,
                type=f.type,
                source=f.source.name,
                target=f.target.name if f.target else None,
                place=f.place,
                date=f.date,
                trigger=text[tx.toks[f.tr.a].start : tx.toks[f.tr.b].end],
                modality=f.modality,
                annotator=ANNOTATOR,
            )
        )
    return tuple(events)


def _intent(tx: _Text, tr: _Trigger, modality: str) -> tuple[str, list[_Role], list[_Role]]:
    """A plan told by a speaker of their own side (`أكد أن بلاده ستسخر كل إمكانياتها
    لمساعدة الشعب الليبي`) or a meeting announced to come (`الجولة التالية من المحادثات
    الروسية التركية ستعقد في موسكو`) is coded AGREE, as PLOVER codes promises and agreements to
    meet: the speaker (or their side) is the source, the other party the target."""
    if modality != "planned" or tr.type == "AGREE":
        return tr.type, tr.sources, tr.targets
    speaker = tx.speaker_at(tr.a)
    if speaker is None:
        return tr.type, tr.sources, tr.targets
    org, country = tx.affiliation(speaker.entity)
    own = {id(speaker.entity)} | {id(x) for x in (org, country) if x is not None}
    parties = tr.sources + tr.targets
    if tr.type in SYMMETRIC and any(id(p.entity) in own for p in parties):
        others = [p for p in parties if id(p.entity) not in own]
        return "AGREE", [speaker], others
    if all(id(s.entity) in own for s in tr.sources):
        return "AGREE", tr.sources, tr.targets
    return tr.type, tr.sources, tr.targets


def annotate_events(
    article: Article, lexicon_files: tuple[str, ...] = (), tx: _Text | None = None
) -> Article:
    """The article with its ``events`` (requires entities and times)."""
    events = find_events(
        article.text,
        article.entities,
        article.times,
        article.published,
        article.dateline,
        lexicon_files=lexicon_files,
        tx=tx,
    )
    return article.with_(events=events, annotators=(*article.annotators, ANNOTATOR))


Text = _Text


def analyse(
    text: str,
    entities: Sequence[Entity],
    times: Sequence[TimeExpr] = (),
    lexicon_files: tuple[str, ...] = (),
) -> _Text:
    """Tokens, sentences and actors of ``text`` as the event rules see them (also used by the
    labels annotator)."""
    tx = _Text(text, entities, lexicon(lexicon_files), times)
    tx.compute_speakers()
    return tx
