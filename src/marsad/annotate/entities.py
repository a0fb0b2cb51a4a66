"""Named actors: find every mention of a person, organisation or place, link each to one
canonical actor, and keep the title or role written before a person.

Stages (each a pure function of the text and read-only resources):

1. tokens with offsets;
2. knowledge-base matches, longest first, clitic-aware (و ف ب ل ك، لل for ل+ال), including
   demonyms standing for their country (`التركي` in `الرئيس التركي`);
3. state organs written as a generic head plus a demonym (`وزارة الخارجية الروسية`,
   `الرئاسة التركية`, `الجيش السوري`);
4. names the knowledge base does not know, from the statistical tagger and the gazetteer;
5. surnames alone (`لعمامرة`, `كوبيتش`) and bare heads (`الحكومة`, `الهيئة`) linked back to
   the actor named in full earlier in the article;
6. titles and roles before each person (`وزير الخارجية المصري`).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from marsad.kb import KB, Actor, load_kb, slug
from marsad.kb.places import Place, gazetteer, lookup_place
from marsad.model import Article, Entity, Mention
from marsad.text.normalize import WORD_CACHE, match_key

ANNOTATOR = "entities"
_TOKEN = re.compile(r"(?:[^\W\d_]|[\u064B-\u0652\u0670\u0640])+|[0-9\u0660-\u0669]+")
_MARKS = re.compile(r"[\u064B-\u0652\u0670\u0640]")
# clitics stripped off the first word of a name: (folded prefix, what replaces it)
_CLITICS = (
    ("و", ""), ("ف", ""), ("ب", ""), ("ل", ""), ("ك", ""),
    ("وب", ""), ("ول", ""), ("وك", ""), ("فب", ""), ("فل", ""),
    ("لل", "ال"), ("ولل", "ال"), ("فلل", "ال"), ("وبال", "ال"), ("بال", "ال"), ("وال", "ال"), ("فال", "ال"), ("كال", "ال"),
)
_KIND_RANK = {"name": 0, "alias": 1, "demonym": 2, "surname": 3}
# place cues: a gazetteer name right after one of these is a place
_PLACE_CUES = frozenset(
    match_key(w)
    for w in (
        "مدينة", "بلدة", "بلدتي", "قرية", "منطقة", "محافظة", "ولاية", "مخيم", "مطار", "ميناء",
        "قاعدة", "حي", "العاصمة", "إقليم", "مديرية", "ناحية", "قضاء", "جزيرة",
    )
)
# words that are also surnames or place names: never linked on their own
_COMMON = frozenset(
    match_key(w)
    for w in (
        "صالح", "حافظ", "ماس", "زكي", "عادل", "سالم", "سعيد", "حسن", "أمين", "كامل", "جميل", "ناصر",
        "منصور", "العربي", "الأمين", "النور", "رشيد", "شريف", "عزيز", "كريم", "الله", "الدين", "محمد",
        "أحمد", "علي", "عمر", "خالد", "عبد", "بن", "أبو", "الشيخ", "مصطفى", "إبراهيم", "يوسف", "فتحي",
        "عام", "العام", "اليوم", "أمس", "الحرية", "السلام", "النصر", "الوحدة", "الأمل", "الجديد", "بيت",
        "الشام", "الوطني", "الوطنية", "الجنوب", "الشمال", "الشرق", "الغرب", "الوسط", "الحدود", "الدولة",
        "المدينة", "قرب", "سبع", "عشر", "مقر", "حلف", "جبل", "ماء", "نهر", "مدينة", "دار", "باب", "عين",
    )
)
# a gazetteer city is taken without a cue only when this populous
_CITY_POPULATION = 500_000


_QUOTED = re.compile(r"([«“\"])([^«»“”\"\n]{2,40})([»”\"])")


@functools.lru_cache(maxsize=1)
def _media() -> dict[str, str]:
    """match_key of each outlet and agency form -> its canonical name."""
    from marsad import resources as R

    return {key: entry.name for entry in (*R.outlets(), *R.agencies()) for key in entry.keys}


@dataclass(slots=True)  # not frozen: made once per token, and frozen init costs ~3x
class Token:
    start: int
    end: int
    key: str
    plain: bool = True  # no diacritics or tatweel: one key letter per text character
    # (folded first word without its clitic, offset in the text where the mention starts)
    variants: tuple[tuple[str, int], ...] = ()
    firsts: tuple[str, ...] = ()  # the first words of the variants (set lookups per token)


@dataclass
class Found:
    """A mention found, before entities are built."""

    start: int
    end: int
    actor: str  # actor or entity id
    kind: str
    type: str
    name: str | None = None  # for entities not in the knowledge base
    subtype: str | None = None
    place: Place | None = None


def tokenize(text: str) -> list[Token]:
    out = []
    for m in _TOKEN.finditer(text):
        start = m.start()
        key, plain, shifts, firsts = _word_info(m.group(0))
        if not plain:
            variants = _token_variants(key, start, plain, text)
        elif len(shifts) == 1:
            variants = ((key, start),)
        else:
            variants = tuple([(rest, start + n) for rest, n in shifts])
        out.append(Token(start, m.end(), key, plain, variants, firsts))
    return out


@functools.lru_cache(maxsize=WORD_CACHE)
def _word_info(word: str) -> tuple[str, bool, tuple[tuple[str, int], ...], tuple[str, ...]]:
    """(key, plain, each clitic variant with the letters its mention starts after, the
    variants' first words): words recur, so this is computed once per word."""
    key = match_key(word)
    shifts = tuple((rest, 0 if fused else n) for rest, n, fused in _key_variants(key))
    return key, len(key) == len(word), shifts, tuple(rest for rest, _ in shifts)


def _token_variants(key: str, start: int, plain: bool, text: str) -> tuple[tuple[str, int], ...]:
    return tuple(
        (rest, start if n == 0 or fused else start + n if plain else _skip_letters(text, start, n))
        for rest, n, fused in _key_variants(key)
    )


def _joined(text: str, tokens: list[Token]) -> list[bool]:
    """Whether token i and i+1 are parts of one phrase (only spaces, or a hyphen, between)."""
    return [
        not text[a.end : b.start].strip(" \u00a0\t-–\u200f\u200e") for a, b in zip(tokens, tokens[1:], strict=False)
    ] + [False]


@functools.lru_cache(maxsize=WORD_CACHE)
def _key_variants(key: str) -> tuple[tuple[str, int, bool], ...]:
    """(first word without its clitic, letters stripped, whether `ال` replaced them)."""
    out = [(key, 0, False)]
    for prefix, replacement in _CLITICS:
        if key.startswith(prefix) and len(key) - len(prefix) >= 2:
            out.append((replacement + key[len(prefix) :], len(prefix), bool(replacement)))
    return tuple(out)


def _variants(token: Token, text: str) -> Iterable[tuple[str, int]]:
    """(folded first word without its clitic, offset in the text where the mention starts)."""
    return token.variants or _token_variants(token.key, token.start, token.plain, text)


def _skip_letters(text: str, start: int, n: int) -> int:
    """The offset after ``n`` letters from ``start`` (diacritics do not count)."""
    pos, seen = start, 0
    while seen < n and pos < len(text):
        if not _MARKS.match(text[pos]):
            seen += 1
        pos += 1
    while pos < len(text) and _MARKS.match(text[pos]):
        pos += 1
    return pos


def _span_ok(joined: list[bool], i: int, length: int) -> bool:
    return length == 1 or all(joined[i + k] for k in range(length - 1))


def _countries(text: str, tokens: list[Token], kb: KB) -> set[str]:
    """ISO codes of the countries a text names (by name or demonym, one word)."""
    table = _country_words(kb)
    return {table[first] for tok in tokens for first in tok.firsts if first in table}


def _country_words(kb: KB) -> dict[str, str]:
    """One-word country names and demonyms that are not ambiguous -> ISO code (cached on the KB)."""
    cached = kb.country_words
    if cached is None:
        cached = {}
        for key, hits in kb.index.items():
            if len(key) != 1:
                continue
            for actor_id, _kind in hits:
                actor = kb.actors.get(actor_id)
                if actor and actor.subtype == "country" and actor.country and (key, actor_id) not in kb.ambiguous:
                    cached[key[0]] = actor.country
        kb.country_words = cached
    return cached


def _kb_matches(text: str, tokens: list[Token], joined: list[bool], kb: KB) -> list[tuple[int, int, int, list[tuple[str, str]]]]:
    """Longest knowledge-base match at each position: (token i, length, start offset, hits)."""
    out = []
    countries = _countries(text, tokens, kb)
    i = 0
    n = len(tokens)
    while i < n:
        best: tuple[int, int, list[tuple[str, str]]] | None = None
        for first, start in _variants(tokens[i], text):
            longest = kb.first_len.get(first)
            if not longest:
                continue
            for length in range(min(longest, n - i), 0, -1):
                if best and length <= best[0]:
                    break
                if not _span_ok(joined, i, length):
                    continue
                key = (first, *(t.key for t in tokens[i + 1 : i + length]))
                hits = [
                    h for h in kb.lookup(key) if (key, h[0]) not in kb.ambiguous or _context(tokens, i, kb, h[0], countries)
                ]
                if hits:
                    best = (length, start, hits)
                    break
        if best:
            out.append((i, best[0], best[1], best[2]))
            i += best[0]
        else:
            i += 1
    return out


# words before a place name that make an ambiguous one (`سرت`, `الباب`) a place
_LOCATIVE = frozenset(match_key(w) for w in ("في", "من", "إلى", "الى", "نحو", "قرب", "باتجاه", "حول", "داخل", "بمدينة", "وسط", "شرق", "غرب", "شمال", "جنوب", "محيط", "أطراف", "ضواحي"))


def _context(tokens: list[Token], i: int, kb: KB, actor_id: str, countries: set[str]) -> bool:
    """Evidence that an ambiguous form is the name: for a place, a place cue or locative word
    before it, or a name joined to it by `و` (`الجفرة وسرت`); for an organisation or person,
    its country named in the same text (`الحكومة المؤقتة` in an article about Libya)."""
    actor = kb.actors.get(actor_id)
    if actor and actor.type != "LOC":
        return actor.country in countries
    if i == 0:
        return False
    prev = tokens[i - 1].key
    if prev in _PLACE_CUES or prev in _LOCATIVE:
        return True
    return tokens[i].key.startswith("و") and bool(kb.lookup((prev,)))


def _head_at(text: str, tokens: list[Token], joined: list[bool], kb: KB, i: int) -> tuple[int, int, object] | None:
    """A generic organ head (`وزارة الخارجية`, `الرئاسة`) at token i: (length, start, head)."""
    for first, start in _variants(tokens[i], text):
        if first not in kb.head_firsts:
            continue
        for length in (3, 2, 1):
            if i + length > len(tokens) or not _span_ok(joined, i, length):
                continue
            head = kb.heads.get((first, *(t.key for t in tokens[i + 1 : i + length])))
            if head:
                return length, start, head
    return None


def _inside_title(text: str, tokens: list[Token], kb: KB, i: int, length: int) -> bool:
    """Whether the words at i (an organ head) end a title (`وزير الخارجية`, `المتحدث باسم الخارجية`)."""
    head = tuple(t.key for t in tokens[i : i + length])
    for back in (1, 2, 3):
        if i - back < 0:
            break
        for first, _ in _variants(tokens[i - back], text):
            if (first, *(t.key for t in tokens[i - back + 1 : i]), *head) in kb.titles:
                return True
    return False


def _demonym_country(kb: KB, key: str) -> str | None:
    for actor_id, kind in kb.lookup((key,)):
        actor = kb.actors.get(actor_id)
        if kind == "demonym" and actor and actor.type == "LOC":
            return actor_id
    return None


def _choose(hits: list[tuple[str, str]], kb: KB, named: set[str]) -> tuple[str, str] | None:
    """One actor among the hits of a key: named earlier in the article, then by kind, then
    countries before cities."""
    usable = [(a, k) for a, k in hits if a in kb.actors]
    if not usable:
        return None
    return min(
        usable,
        key=lambda h: (
            h[0] not in named,
            _KIND_RANK.get(h[1], 9),
            kb.actors[h[0]].subtype not in ("country", None),
        ),
    )


def find_mentions(
    text: str, kb: KB, names: list[tuple[int, int, str]] | None = None, tokens: list[Token] | None = None
) -> list[Found]:
    """Every mention in ``text``: knowledge base, organ heads, tagger names, gazetteer
    (``tokens``: :func:`tokenize` of the text, when the caller has them)."""
    tokens = tokenize(text) if tokens is None else tokens
    joined = _joined(text, tokens)
    starts = [t.start for t in tokens]
    ends = [t.end for t in tokens]
    taken = [False] * len(tokens)
    found: list[Found] = []
    named: set[str] = set()

    def take(i: int, length: int) -> None:
        for k in range(i, i + length):
            taken[k] = True

    # 2. knowledge base, and 3. organ heads with a demonym
    kb_at = {i: (length, start, hits) for i, length, start, hits in _kb_matches(text, tokens, joined, kb)}
    i = 0
    while i < len(tokens):
        head = _head_at(text, tokens, joined, kb, i)
        kb_hit = kb_at.get(i)
        if head and _inside_title(text, tokens, kb, i, head[0]):
            head = None  # `وزير الخارجية الألماني`: a title, not the ministry
        if head:
            h_len, h_start, h = head
            j = i + h_len
            country = _demonym_country(kb, tokens[j].key) if j < len(tokens) and joined[j - 1] else None
            if country and (not kb_hit or kb_hit[0] < h_len + 1):
                iso = kb.actors[country].country or slug(kb.actors[country].name)
                found.append(
                    Found(h_start, tokens[j].end, f"org:{iso}:{slug(h.head)}", "organ", "ORG",
                          name=f"{h.head} {_strip_clitic(text[tokens[j].start:tokens[j].end], tokens[j].key)}",
                          subtype=h.subtype)
                )
                take(i, h_len + 1)
                i = j + 1
                continue
        if kb_hit:
            length, start, hits = kb_hit
            chosen = _choose(hits, kb, named)
            if chosen and not (length == 1 and chosen[1] in ("surname", "alias") and tokens[i].key in _COMMON):
                actor = kb.actors[chosen[0]]
                end = tokens[i + length - 1].end
                # an organisation followed by its own country's demonym takes it in
                nxt = i + length
                if actor.type == "ORG" and nxt < len(tokens) and joined[nxt - 1]:
                    c = _demonym_country(kb, tokens[nxt].key)
                    if c and kb.actors[c].country and kb.actors[c].country == actor.country:
                        end, length = tokens[nxt].end, length + 1
                found.append(Found(start, end, actor.id, chosen[1], actor.type))
                named.add(actor.id)
                take(i, length)
                i += length
                continue
        i += 1
    # 4a. gazetteer places after a place cue, or populous cities
    gaz = gazetteer()
    gaz_firsts = _gazetteer_firsts()
    for i, tok in enumerate(tokens):
        if taken[i] or gaz_firsts.isdisjoint(tok.firsts):
            continue
        for length in (3, 2, 1):
            if i + length > len(tokens) or any(taken[i : i + length]) or not _span_ok(joined, i, length):
                continue
            for first, start in _variants(tok, text):
                key = " ".join((first, *(t.key for t in tokens[i + 1 : i + length])))
                place = gaz.get(key)
                if place is None or key in _COMMON or len(key) < 3:
                    continue
                cue = i > 0 and tokens[i - 1].key in _PLACE_CUES
                known = (
                    place.population >= _CITY_POPULATION
                    and len(key) >= 4
                    and first == tok.key  # no clitic: `لأول` is not Ulm
                    and key not in _NOT_NAME
                )
                if place.kind == "city" and (cue or known):
                    end = tokens[i + length - 1].end
                    found.append(Found(start, end, f"geonames:{place.geonameid}", "gazetteer", "LOC",
                                       name=_strip_clitic(text[start:end], key), subtype="city", place=place))
                    take(i, length)
                    break
            if taken[i]:
                break
    # 3b. outlets and agencies named in quotation marks (`طالعتها “أوج”`, `لموقع "اليوم السابع"`)
    for m in _QUOTED.finditer(text):
        outlet = _media().get(match_key(m.group(2)))
        if not outlet:
            continue
        covered = range(bisect.bisect_left(starts, m.start(2)), bisect.bisect_left(starts, m.end(2)))
        if covered and not any(taken[k] for k in covered):
            found.append(Found(m.start(2), m.end(2), f"media:{slug(outlet)}", "outlet", "ORG", name=outlet, subtype="media"))
            take(covered[0], len(covered))
    # 5a. surnames and bare heads of the actors named so far
    found = _link_back(text, tokens, taken, found, kb, joined)
    # 4b. names from the statistical tagger, where nothing else matched, gated by cues
    surnames = _surname_index(found, kb)
    for start, end, etype in names or ():
        covered = list(range(bisect.bisect_right(ends, start), bisect.bisect_left(starts, end)))
        span = _accept_tagged(text, tokens, taken, kb, covered, etype, surnames)
        if span is None:
            continue
        (start, end, covered), person = span
        surface = text[start:end]
        actor = person.actor if person else f"new:{etype}:{skeleton(surface)}"
        found.append(Found(start, end, actor, "tagger", etype, name=person.name if person else surface))
        for k in covered:
            taken[k] = True
    # 5b. surnames and bare heads of the actors the tagger added
    found.sort(key=lambda f: f.start)
    return _forces_of(text, tokens, _link_back(text, tokens, taken, found, kb, joined), kb)


_FORCES = frozenset({"قوات"})


def _forces_of(text: str, tokens: list[Token], found: list[Found], kb: KB) -> list[Found]:
    """`قوات حفتر`: the forces a person leads are an armed actor of their own (an ORG),
    not a mention of the person."""
    by_start = {f.start: f for f in found}
    out: list[Found] = []
    replaced: set[int] = set()
    for k, tok in enumerate(tokens[:-1]):
        nxt = tokens[k + 1]
        person = by_start.get(nxt.start)
        if person is None or person.type != "PER" or text[tok.end : nxt.start].strip():
            continue
        for first, start in _variants(tok, text):
            if first in _FORCES:
                name = f"قوات {text[person.start : person.end]}"
                out.append(Found(start, person.end, f"forces:{person.actor}", "forces", "ORG", name=name, subtype="armed-group"))
                replaced.add(person.start)
                break
    return sorted([f for f in found if f.start not in replaced] + out, key=lambda f: f.start)


# words that open an organisation's name (the tagger's ORG spans must start with one)
_ORG_WORDS = frozenset(
    match_key(w)
    for w in (
        "حركة", "حزب", "جماعة", "مجلس", "لجنة", "اللجنة", "هيئة", "منظمة", "جمعية", "اتحاد", "شركة",
        "وكالة", "بعثة", "قوات", "جيش", "تحالف", "جبهة", "كتيبة", "لواء", "مؤسسة", "جامعة", "حكومة",
        "الحكومة", "وزارة", "إدارة", "مركز", "صحيفة", "قناة", "موقع", "تنظيم", "المجلس", "الهيئة",
        "البنك", "بنك", "المحكمة", "محكمة", "الاتحاد", "المنظمة", "الجمعية", "المؤسسة", "ملتقى",
        "المكتب", "مكتب", "فصيل", "فصائل", "الحرس", "ميليشيا", "كتائب", "سرايا", "غرفة",
    )
)
# words a name never holds: particles, verbs of speech, time words
_NOT_NAME = frozenset(
    match_key(w)
    for w in (
        "في", "من", "على", "إلى", "عن", "أن", "إن", "وأن", "التي", "الذي", "الذين", "لأول", "مع", "بين",
        "قال", "وقال", "أكد", "وأكد", "أضاف", "كما", "حيث", "بعد", "قبل", "خلال", "منذ", "حتى", "أو", "ثم",
        "اليوم", "أمس", "غدا", "الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة",
        "السبت", "العام", "الشهر", "الأسبوع", "شمال", "جنوب", "شرق", "غرب", "غربي", "شرقي", "وسط",
        "المدنيين", "الإرهابيين", "الإرهابية", "المسلحين", "مسلحين", "المعارضة", "الانقلابي", "مليشيا",
        "فيروس", "كورونا", "دولة", "الدولة", "آمل", "عشاق", "هذا", "هذه", "ذلك", "تلك", "كل", "جميع",
    )
)


def _surname_index(found: list[Found], kb: KB) -> dict[str, Found]:
    out: dict[str, Found] = {}
    for f in found:
        if f.type == "PER":
            name = f.name or (kb.actors[f.actor].name if f.actor in kb.actors else "")
            s = _surname_of(name)
            if s:
                out.setdefault(s, f)
    return out


def _accept_tagged(
    text: str,
    tokens: list[Token],
    taken: list[bool],
    kb: KB,
    covered: list[int],
    etype: str,
    surnames: dict[str, Found],
) -> tuple[tuple[int, int, list[int]], Found | None] | None:
    """A tagger span (``covered``: the tokens it overlaps) kept only with evidence: a person
    of two words or a known surname, a place in the gazetteer or after a place cue, an
    organisation opening with an org word."""
    if etype not in ("PER", "ORG", "LOC"):
        return None
    while covered and tokens[covered[-1]].key in _NOT_NAME:
        covered.pop()
    while covered and tokens[covered[0]].key in _NOT_NAME:
        covered.pop(0)
    if not covered or any(taken[k] for k in covered) or any(tokens[k].key in _NOT_NAME for k in covered):
        return None
    if any(kb.titles.get((tokens[k].key,)) for k in covered):
        return None
    first, last = tokens[covered[0]], tokens[covered[-1]]
    start = next((st for v, st in _variants(first, text) if v in surnames or st == first.start), first.start)
    key = " ".join(t.key for t in tokens[covered[0] : covered[-1] + 1])
    variants = {v for v, _ in _variants(first, text)}
    if etype == "PER":
        for v, st in _variants(first, text):
            person = surnames.get(" ".join([v, *(t.key for t in tokens[covered[0] + 1 : covered[-1] + 1])]))
            if person:
                return (st, last.end, covered), person
        if len(covered) < 2 or len(covered) > 4:
            return None
        return (first.start, last.end, covered), None
    if etype == "LOC":
        cue = covered[0] > 0 and tokens[covered[0] - 1].key in _PLACE_CUES
        if not cue or len(key) < 3:
            return None
        return (start, last.end, covered), None
    if len(covered) < 2 or not variants & _ORG_WORDS:
        return None
    return (first.start, last.end, covered), None


@functools.cache
def _gazetteer_firsts() -> frozenset[str]:
    """The first words of the gazetteer's names (most tokens start none)."""
    return frozenset(key.split(" ", 1)[0] for key in gazetteer())


def _strip_clitic(surface: str, key: str) -> str:
    return surface


_LONG_VOWELS = str.maketrans({"ا": None, "و": None, "ي": None})


def skeleton(name: str) -> str:
    """The identity of a name the knowledge base does not know: its words without the long
    vowels inside them (first and last letters kept), so spelling variants across articles (`ويليامز`/`وليامز`,
    `دوجاريك`/`دوجريك`) are one actor in the store."""
    words = []
    for word in match_key(name).split():
        words.append(word[0] + word[1:-1].translate(_LONG_VOWELS) + word[-1] if len(word) > 2 else word)
    return slug(" ".join(words))


def _surname_of(name: str) -> str | None:
    words = match_key(name).split()
    if len(words) < 2:
        return None
    if len(words) >= 3 and words[-2] in ("ابو", "بن", "ابن", "عبد", "ال", "لو", "دي", "فان"):
        return " ".join(words[-2:])
    return words[-1]


def _link_back(
    text: str, tokens: list[Token], taken: list[bool], found: list[Found], kb: KB, joined: list[bool]
) -> list[Found]:
    """5. Surnames alone and bare heads (`الحكومة`, `الهيئة`) linked to an actor named before."""
    # surname first word -> [(surname words, person)]
    surnames: dict[str, list[tuple[tuple[str, ...], Found]]] = {}
    for f in found:
        if f.type != "PER":
            continue
        name = f.name or (kb.actors[f.actor].name if f.actor in kb.actors else None)
        s = _surname_of(name or "")
        if s and s not in _COMMON and len(s) >= 3:
            key = tuple(s.split())
            entries = surnames.setdefault(key[0], [])
            if all(k != key for k, _ in entries):
                entries.append((key, f))
    # head word -> organisations whose name opens with it, in text order
    heads: dict[str, list[Found]] = {}
    for f in found:
        if f.type == "ORG":
            word = _head_word(f.name or kb.actors.get(f.actor, Actor("", "", "")).name)
            heads.setdefault(word, []).append(f)
    extra: list[Found] = []
    wanted = set(surnames) | {"ال" + word for word in heads}  # first words that may link
    for i, tok in enumerate(tokens):
        if taken[i] or wanted.isdisjoint(tok.firsts):
            continue
        linked = False
        for first, start in _variants(tok, text):
            for key, person in surnames.get(first, ()):
                n = len(key)
                if i + n > len(tokens) or any(taken[i : i + n]) or not _span_ok(joined, i, n):
                    continue
                if tuple(t.key for t in tokens[i + 1 : i + n]) == key[1:] and start >= person.start:
                    extra.append(Found(start, tokens[i + n - 1].end, person.actor, "surname", "PER", name=person.name))
                    for k in range(i, i + n):
                        taken[k] = True
                    linked = True
                    break
            if linked:
                break
            # bare heads: `الحكومة` -> the last organisation whose name opens with `حكومة`
            if first.startswith("ال") and len(first) >= 5:
                before = [f for f in heads.get(first[2:], ()) if f.start < tok.start]
                if before:
                    last = before[-1]
                    extra.append(Found(start, tok.end, last.actor, "head", "ORG", name=last.name, subtype=last.subtype))
                    taken[i] = True
                    break
    return sorted(found + extra, key=lambda f: f.start)


def _head_word(name: str) -> str:
    words = match_key(name).split()
    if not words:
        return ""
    w = words[0]
    return w[2:] if w.startswith("ال") else w


def _roles(text: str, tokens: list[Token], found: list[Found], kb: KB) -> dict[int, str]:
    """6. The title written before each person mention: start offset -> role text."""
    roles: dict[int, str] = {}
    starts = [t.start for t in tokens]
    for f in found:
        if f.type != "PER":
            continue
        k = bisect.bisect_right(starts, f.start) - 1  # the token holding the mention's start
        if k < 0 or not tokens[k].start <= f.start < tokens[k].end:
            continue
        for back in range(1, 9):
            j = k - back
            if j < 0 or re.search(r"[.،,:؛!?؟\n«»\"]", text[tokens[j].end : tokens[j + 1].start if j + 1 < len(tokens) else f.start]):
                break
            for length in (4, 3, 2, 1):
                key = tuple(t.key for t in tokens[j : j + length])
                if j + length <= k and key in kb.titles:
                    roles[f.start] = text[tokens[j].start : f.start].strip(" ،,")
                    break
            if f.start in roles:
                break
    return roles


def build_entities(
    text: str, found: list[Found], kb: KB, tokens: list[Token] | None = None
) -> tuple[Entity, ...]:
    """Group mentions by actor into entities, named by the knowledge base or the fullest form."""
    tokens = tokenize(text) if tokens is None else tokens
    roles = _roles(text, tokens, found, kb)
    groups: dict[str, list[Found]] = {}
    for f in found:
        groups.setdefault(f.actor, []).append(f)
    entities = []
    for actor_id, items in groups.items():
        actor = kb.actors.get(actor_id)
        mentions = tuple(Mention(f.start, f.end, text[f.start : f.end], roles.get(f.start)) for f in items)
        if actor is not None:
            name, etype, wikidata, subtype = actor.name, actor.type, actor.wikidata, actor.subtype
            lat, lon, country = actor.lat, actor.lon, actor.country
            if etype == "LOC" and lat is None:  # geocode from the gazetteer
                place = lookup_place(actor.name)
                if place and (country is None or place.country == country):
                    lat, lon, country = place.lat, place.lon, place.country
        else:
            first = items[0]
            name = max((f.name or text[f.start : f.end] for f in items), key=len)
            etype, wikidata, subtype = first.type, None, first.subtype
            place = first.place
            lat, lon, country = (place.lat, place.lon, place.country) if place else (None, None, None)
        entities.append(
            Entity(id=actor_id, name=name, type=etype, wikidata=wikidata, mentions=mentions,
                   subtype=subtype, lat=lat, lon=lon, country=country)
        )
    return tuple(entities)


def find_entities(text: str, kb: KB | None = None, use_tagger: bool = True) -> tuple[Entity, ...]:
    kb = kb or load_kb()
    names = _tagger_names(text) if use_tagger else []
    tokens = tokenize(text)
    return build_entities(text, find_mentions(text, kb, names, tokens), kb, tokens)


def _tagger_names(text: str) -> list[tuple[int, int, str]]:
    try:
        from marsad.ner import find_names
    except ImportError:
        return []
    return list(find_names(text))


def annotate_entities(article: Article, kb: KB | None = None) -> Article:
    return article.with_(
        entities=find_entities(article.text, kb), annotators=(*article.annotators, ANNOTATOR)
    )
