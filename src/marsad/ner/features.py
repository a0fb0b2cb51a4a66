"""Token features for the Arabic name tagger (a linear-chain CRF).

Every feature is a plain string, computed from the text alone (plus an optional gazetteer),
so the same tokens always give the same features:

* the folded word (``fold`` + no diacritics/tatweel, see :mod:`marsad.text.normalize`) and
  its stem after stripping proclitics (و ف, then ب ل ك, then the article ال; or the fused ``لل``);
* prefixes and suffixes (1-3 letters) of the stem; which clitics were stripped; whether the
  word carries the article;
* the word's shape (digit, latin, arabic, punctuation, mixed) and a length bucket;
* the words and stems at -2..+2, and the bigrams around the word;
* whether the word or a neighbour is a title or trigger, by class: person title (``رئيس``,
  ``السيد``, ``المتحدث``), speech verb (``قال``, ``أكد``), place word (``مدينة``), organisation
  word (``وزارة``, ``حزب``), common given name (``محمد``); small lists in this module;
* whether the word is the first one without the article after a title phrase
  (``وزير الخارجية الجزائري ⟨رمطان⟩``);
* document context (:class:`DocContext`): the trigger classes the stem follows elsewhere in
  the same text, and whether the stem occurs there both with and without the article;
* gazetteer hits passed by the caller: ``{match_key(token): {"PER", ...}}``, looked up for the
  word and for its stem (so ``ولحفتر`` hits ``حفتر``). Default: none.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from marsad.text.normalize import WORD_CACHE, fold, match_key, strip_marks

Gazetteer = Mapping[str, Collection[str]]

# Triggers, written as people write them; compared after folding and clitic stripping.
PERSON_TITLES = """
رئيس الرئيس السيد السيدة الشيخ الشيخة المتحدث الناطق وزير الوزير وزيرة الملك الملكة الأمير
الأميرة ولي الدكتور د. المهندس اللواء العميد العقيد المشير الجنرال الفريق السفير المبعوث
الممثل نائب مستشار المستشار الأمين أمين مدير المدير قائد القائد زعيم الزعيم الإمام البابا
المطران النائب عضو العضو الكاتب الصحفي الصحافي المدرب اللاعب الأستاذ الخليفة السلطان نجم
الشاعر الفنان العالم الفيلسوف المؤرخ المحامي القاضي الحاج سمو معالي فخامة
""".split()
SPEECH_VERBS = """
قال قالت أكد أكدت أضاف أضافت أوضح أوضحت صرح صرحت أعلن أعلنت أشار أشارت ذكر ذكرت كشف كشفت
شدد شددت تابع تابعت اعتبر اعتبرت رأى رأت دعا دعت نفى نفت حذر حذرت لفت بحث التقى استقبل وصف
""".split()
PLACE_WORDS = """
مدينة محافظة ولاية بلدة قرية منطقة إقليم عاصمة العاصمة دولة جمهورية مملكة إمارة مقاطعة جزيرة
نهر بحر جبل شمال جنوب شرق غرب وسط ضواحي حي ميناء مطار عاصمتها مدن
""".split()
ORG_WORDS = """
وزارة حركة حزب جامعة شركة منظمة مجلس هيئة وكالة جمعية مؤسسة بنك مصرف نادي منتخب فريق جيش
قوات الجيش مليشيا ميليشيا جبهة تنظيم اتحاد لجنة اللجنة محكمة برلمان مركز معهد صحيفة قناة
بعثة رابطة ائتلاف تحالف كتيبة لواء الحكومة حكومة مكتب
""".split()

# Common given names: a name after one is very likely a person's (in any domain).
GIVEN_NAMES = """
محمد أحمد محمود مصطفى علي حسن حسين عمر عثمان أبو عبد عبدالله عبدالعزيز عبدالرحمن عبدالملك
خالد خليفة سعيد سعد سعود سلمان سليمان فهد فيصل تركي نايف مشعل بندر طلال ناصر منصور ماجد
إبراهيم إسماعيل يوسف يعقوب موسى عيسى داود صالح فايز فتحي جمال كمال عادل عماد وليد هشام
هاني سامي رامي طارق زياد ياسر يحيى زكريا حمد حامد حمدان راشد زايد جاسم قاسم نبيه نبيل
رجب بشار حافظ معمر سيف أسامة مروان هيثم أيمن أنور حسني فاطمة عائشة مريم زينب ليلى سارة نورة
هند جون جورج مايكل ديفيد بيتر بول توماس جيمس روبرت ريتشارد فرانك ألكسندر
""".split()


_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


@functools.lru_cache(maxsize=WORD_CACHE)
def word_key(word: str) -> str:
    """Folded, without diacritics/tatweel, presentation forms (``ﺍﻟﺠﻴﺶ``) read as letters;
    punctuation is kept (it is a feature)."""
    if _PRESENTATION_FORMS.search(word):
        word = unicodedata.normalize("NFKC", word)
    return strip_marks(fold(word)) or word


@functools.cache
def _trigger_table() -> dict[str, str]:
    table: dict[str, str] = {word_key(w): "GIVEN" for w in GIVEN_NAMES}
    for kind, words in (
        ("ORG", ORG_WORDS),
        ("LOC", PLACE_WORDS),
        ("SAY", SPEECH_VERBS),
        ("TITLE", PERSON_TITLES),
    ):
        for word in words:
            table[word_key(word)] = kind
    return table


@functools.lru_cache(maxsize=WORD_CACHE)
def split_clitics(word: str) -> tuple[str, str, bool]:
    """``(proclitics, stem, has_article)`` of a folded word.

    Greedy and purely orthographic: a conjunction و/ف and a preposition ب/ل/ك are stripped
    when at least three letters remain, the article ال when at least two remain, and a fused
    ``لل`` (ل + ال) counts as a preposition plus the article. ``والعراق`` -> ``("و", "عراق",
    True)``; ``ولحفتر`` -> ``("ول", "حفتر", False)``; ``وليد`` -> ``("و", "ليد", False)``: the
    stem is a feature, not a claim (the CRF learns how far to trust it).
    """
    pro, rest = "", word
    if len(rest) >= 4 and rest[0] in "وف":
        pro, rest = rest[0], rest[1:]
    if len(rest) >= 5 and rest.startswith("لل"):
        return pro + "ل", rest[2:], True
    if len(rest) >= 4 and rest[0] in "بلك":
        pro, rest = pro + rest[0], rest[1:]
    if len(rest) >= 4 and rest.startswith("ال"):
        return pro, rest[2:], True
    return pro, rest, False


@functools.lru_cache(maxsize=WORD_CACHE)
def shape(word: str) -> str:
    if word.isdigit():
        return "digit"
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return "digit" if any(c.isdigit() for c in word) else "punct"
    if all("\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f" for c in letters):
        return "arabic" if len(letters) == len(word) else "arabic+"
    if all(c.isascii() for c in letters):
        return "LATIN" if word.isupper() else ("Latin" if word[0].isupper() else "latin")
    return "mixed"


@functools.lru_cache(maxsize=WORD_CACHE)
def trigger(word: str) -> str | None:
    """The trigger class (TITLE, SAY, LOC, ORG) of a folded word, if any: tried as written,
    without a leading و/ف, and as its stem with and without the article."""
    table = _trigger_table()
    pro, stem, art = split_clitics(word)
    for form in (word, word[1:] if word[:1] in "وف" else "", "ال" + stem if art else stem, stem):
        if form and form in table:
            return table[form]
    return None


def _gaz_tags(gazetteer: Gazetteer | None, word: str, stem: str) -> list[str]:
    if not gazetteer:
        return []
    tags: set[str] = set()
    for form in {match_key(word), match_key(stem), match_key("ال" + stem)}:
        tags.update(gazetteer.get(form, ()))
    return sorted(tags)


@dataclass(frozen=True)
class DocContext:
    """What the rest of the document says about a stem: which trigger classes it follows
    somewhere (``اللاعب راؤول`` ... ``سجل راؤول``), and whether it is seen both with and
    without the article (a common-noun sign: names rarely alternate)."""

    after: Mapping[str, frozenset[str]]
    art_mixed: frozenset[str]


def document_context(sentences: Iterable[Sequence[str]]) -> DocContext:
    return context_of(Sentence.of(tokens) for tokens in sentences)


def context_of(sentences: Iterable[Sentence]) -> DocContext:
    """The :class:`DocContext` of a document's sentences."""
    after: dict[str, set[str]] = {}
    with_art: set[str] = set()
    without_art: set[str] = set()
    for s in sentences:
        for i, stem in enumerate(s.stems):
            (with_art if s.arts[i] else without_art).add(stem)
            if i and (kind := s.trig[i - 1]):
                after.setdefault(stem, set()).add(kind)
    return DocContext(
        {k: frozenset(v) for k, v in after.items()}, frozenset(with_art & without_art)
    )


_LINKS = {"باسم", "عن", "في"}


def _after_title(
    words: Sequence[str], arts: Sequence[bool], trig: Sequence[str | None]
) -> list[bool]:
    """Whether a word without the article follows a title (``الرئيس``, ``وزير``, ``المتحدث``
    ...) that comes at most four words before, with only words with the article
    (``الخارجية الجزائري``) or ``باسم``/``عن``/``في`` between: the slot of the first name in
    ``وزير الخارجية الجزائري رمطان لعمامرة``."""
    out = [False] * len(words)
    for j, kind in enumerate(trig):
        if kind != "TITLE":
            continue
        for i in range(j + 1, min(j + 5, len(words))):
            if not arts[i]:
                out[i] = True
            if not (arts[i] or words[i] in _LINKS):
                break
    return out


def sentence_features(
    tokens: Sequence[str],
    gazetteer: Gazetteer | None = None,
    doc: DocContext | None = None,
    keep: frozenset[str] | None = None,
) -> list[list[str]]:
    """One list of string features per token (python-crfsuite's ItemSequence input).

    ``doc`` is the :func:`document_context` of the text the sentence comes from; without it
    the sentence is its own document. ``keep``: the features a trained model knows; the others
    weigh nothing, so they are left out (the tagger then has fewer strings to read).
    """
    if doc is None:
        doc = document_context([tokens])
    sent = Sentence.of(tokens, gazetteer)
    words = sent.words
    n = len(words)
    own = [_own(w, keep) for w in words]
    # what the words two and one before, and one and two after, tell token i (at index i)
    none: tuple[str, ...] = ()
    before2 = [none, none, *(_neighbour(w, -2, keep) for w in words[:-2])]
    before1 = [none, *(_neighbour(w, -1, keep) for w in words[:-1])]
    after1 = [*(_neighbour(w, 1, keep) for w in words[1:]), none]
    after2 = [*(_neighbour(w, 2, keep) for w in words[2:]), none, none]
    out: list[list[str]] = []
    for i in range(n):
        f = [*own[i], *before2[i], *before1[i], *after1[i], *after2[i]]
        extra = sent.context_features(i, doc)
        f.extend(extra if keep is None else [x for x in extra if x in keep])
        out.append(f)
    return out


@functools.lru_cache(maxsize=WORD_CACHE)
def _word(token: str) -> tuple[str, str, bool, str | None]:
    """``(folded word, stem, has the article, trigger class)`` of a token."""
    word = word_key(token)
    _, stem, art = split_clitics(word)
    return word, stem, art, trigger(word)


_NO_TAGS: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sentence:
    """A sentence's folded words and what its features read of them besides the words
    themselves (see :meth:`context_features`)."""

    words: list[str]
    stems: list[str]
    arts: list[bool]
    trig: list[str | None]
    after_title: list[bool]
    gaz: list[Sequence[str]]

    @classmethod
    def of(cls, tokens: Sequence[str], gazetteer: Gazetteer | None = None) -> Sentence:
        info = [_word(t) for t in tokens]
        words = [x[0] for x in info]
        stems = [x[1] for x in info]
        arts = [x[2] for x in info]
        trig = [x[3] for x in info]
        if gazetteer:
            gaz: list[Sequence[str]] = [
                _gaz_tags(gazetteer, w, st) for w, st in zip(words, stems, strict=True)
            ]
        else:
            gaz = [_NO_TAGS] * len(words)
        return cls(words, stems, arts, trig, _after_title(words, arts, trig), gaz)

    def context_features(self, i: int, doc: DocContext) -> list[str]:
        """Token ``i``'s features that depend on more than one word (the word pairs around
        it, the sentence's ends, gazetteer tags of it and its neighbours, a title before it)
        or on the document (its :class:`DocContext`)."""
        words, gaz, n = self.words, self.gaz, len(self.words)
        f = []
        if i:
            f.append("w-1|w=" + words[i - 1] + "|" + words[i])
        if i + 1 < n:
            f.append("w|w+1=" + words[i] + "|" + words[i + 1])
        stem = self.stems[i]
        if gaz[i]:
            f.extend("gaz=" + t for t in gaz[i])
        if self.after_title[i]:
            f.append("after_title")
        if stem in doc.after:
            f.extend("doc_after=" + t for t in sorted(doc.after[stem]))
        if stem in doc.art_mixed:
            f.append("doc_art_mixed")
        if i < 2 or i >= n - 2:
            f.extend(f"{off}:BOS" for off in (-2, -1) if i + off < 0)
            f.extend(f"{off}:EOS" for off in (1, 2) if i + off >= n)
        if i and gaz[i - 1]:
            f.extend("-1:gaz=" + t for t in gaz[i - 1])
        if i + 1 < n and gaz[i + 1]:
            f.extend("1:gaz=" + t for t in gaz[i + 1])
        return f


def context_scores(
    sentences: Sequence[Sentence],
    doc: DocContext,
    row: Mapping[str, int],
    state: np.ndarray,
) -> np.ndarray:
    """The summed weights of every token's :meth:`Sentence.context_features` (the tokens of
    ``sentences`` in order, one row each), computed over the whole document at once: ``row``
    gives a feature's row of ``state`` (weights per label); its last row, all zeros, stands
    for a feature the model lacks."""
    none = len(state) - 1
    get = row.get
    words = [w for s in sentences for w in s.words]
    stems = [w for s in sentences for w in s.stems]
    lengths = np.array([len(s.words) for s in sentences], dtype=np.intp)
    scores = np.zeros((len(words), state.shape[1]))
    if not len(words):
        return scores
    length = np.repeat(lengths, lengths)
    position = np.arange(len(words)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    if len(words) > 1:
        pairs = [a + "|" + b for a, b in zip(words, words[1:], strict=False)]  # token k, k+1
        apart = position[1:] == 0  # k + 1 starts the next sentence
        after = np.fromiter((get("w|w+1=" + p, none) for p in pairs), np.intp, len(pairs))
        before = np.fromiter((get("w-1|w=" + p, none) for p in pairs), np.intp, len(pairs))
        after[apart] = none
        before[apart] = none
        scores[:-1] += state[after]
        scores[1:] += state[before]
    marks = {
        "-2:BOS": position < 2,
        "-1:BOS": position < 1,
        "1:EOS": position >= length - 1,
        "2:EOS": position >= length - 2,
        "after_title": np.fromiter((x for s in sentences for x in s.after_title), bool, len(words)),
        "doc_art_mixed": np.fromiter((x in doc.art_mixed for x in stems), bool, len(words)),
    }
    for feature, where in marks.items():
        if (r := get(feature)) is not None:
            scores[where] += state[r]
    followed = [k for k, stem in enumerate(stems) if stem in doc.after]
    if followed:  # the same few sets of trigger classes recur: one summed row per set
        sets = {kinds: n for n, kinds in enumerate(set(doc.after.values()))}
        summed = np.array(
            [state[[get("doc_after=" + t, none) for t in kinds]].sum(axis=0) for kinds in sets]
        )
        scores[followed] += summed[[sets[doc.after[stems[k]]] for k in followed]]
    k = 0
    for s in sentences:
        for i, tags in enumerate(s.gaz):
            for t in tags:
                scores[k + i] += state[get("gaz=" + t, none)]
                if i:
                    scores[k + i - 1] += state[get("1:gaz=" + t, none)]
                if i + 1 < len(s.gaz):
                    scores[k + i + 1] += state[get("-1:gaz=" + t, none)]
        k += len(s.gaz)
    return scores


def word_features(word: str) -> list[str]:
    """The features a folded word has wherever it stands."""
    pro, stem, art = split_clitics(word)
    f = ["bias", "w=" + word, "stem=" + stem, "pro=" + pro, "shape=" + shape(word)]
    f.append("len=" + str(min(len(stem), 8)))
    if art:
        f.append("art")
    for k in (1, 2, 3):
        if len(stem) > k:
            f.append(f"p{k}=" + stem[:k])
            f.append(f"s{k}=" + stem[-k:])
    if kind := trigger(word):
        f.append("trig=" + kind)
    return f


def neighbour_features(word: str, off: int) -> list[str]:
    """What a word at offset ``off`` tells its neighbour (besides gazetteer tags)."""
    f = [f"{off}:w=" + word]
    if abs(off) == 1:
        _, stem, art = split_clitics(word)
        f.append(f"{off}:stem=" + stem)
        f.append(f"{off}:shape=" + shape(word))
        if art:
            f.append(f"{off}:art")
    if kind := trigger(word):
        f.append(f"{off}:trig=" + kind)
    return f


@functools.lru_cache(maxsize=WORD_CACHE)
def _own(word: str, keep: frozenset[str] | None) -> tuple[str, ...]:
    """:func:`word_features` without those outside ``keep`` (cached: words recur)."""
    f = word_features(word)
    return tuple(f) if keep is None else tuple(sys.intern(x) for x in f if x in keep)


@functools.lru_cache(maxsize=2 * WORD_CACHE)
def _neighbour(word: str, off: int, keep: frozenset[str] | None) -> tuple[str, ...]:
    """:func:`neighbour_features` without those outside ``keep`` (cached)."""
    f = neighbour_features(word, off)
    return tuple(f) if keep is None else tuple(sys.intern(x) for x in f if x in keep)
