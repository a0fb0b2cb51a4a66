"""Arabic time expressions: find them, resolve them to ISO dates, infer the day of writing.

Three steps, each a pure function:

1. ``find_times(text)`` finds every expression that names a day, month or year (``أمس``,
   ``اليوم (الخميس)``, ``24 ديسمبر (كانون الأول) المقبل``, ``8 آي النار/يناير 2020م``,
   ``25 شوال 1436هـ``, ``الأسبوع الجاري``, ``قبل عام``, ``في 2011``) and describes each with a
   ``TimeSpec``: what the words say, nothing resolved yet. Offsets are into the original text.
2. ``resolve(spec, anchor)`` gives ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` at the granularity
   the expression names, relative ones against the day of writing (a week is its ISO Monday;
   Hijri dates are converted with hijridate).
3. ``infer_anchor(matches)`` infers the day of writing from the expressions themselves when
   nothing states it (``اليوم الخميس`` + ``أغسطس الجاري`` + a year …).

The language knowledge (month names of every region, weekdays, relative words, the context
words that tell a time from a homograph) is data: ``lang/ar/months.yaml`` and
``lang/ar/time_words.yaml``, folded like the text and compiled on first use into one regular
expression per process.

The grammar runs on a folded copy of the text (``fold``: أ/إ/آ→ا, ى→ي, ة→ه, Arabic-Indic digits
→ASCII, a word-initial ``لل`` read as ``ال``) without diacritics, tatweel or zero-width marks; a
position map leads back to offsets in the original.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any

import yaml
from hijridate import Gregorian, Hijri

from marsad.model import TimeExpr
from marsad.text.normalize import DIACRITICS, TATWEEL, ascii_digits, fold

ANNOTATOR = "times"

# ---------------------------------------------------------------------------------------------
# Value types


@dataclass(frozen=True)
class TimeSpec:
    """What an expression says, before resolution.

    ``year``/``month``/``day`` are explicit and in ``calendar`` (Gregorian or Hijri). The
    ``*_offset`` fields count units from the day of writing (``أمس`` is ``day_offset=-1``,
    ``العام الماضي`` ``year_offset=-1``, ``الأسبوع الجاري`` ``week_offset=0``, ``نيسان من العام
    الماضي`` ``month=4, year_offset=-1``). ``direction`` places a month, day or weekday named
    without a year (``الماضي`` past, ``المقبل`` next, ``الجاري`` current). ``granularity`` is
    what the value keeps: day, week (its Monday), month or year.
    """

    granularity: str  # day | week | month | year
    calendar: str = "gregorian"  # gregorian | hijri
    year: int | None = None
    month: int | None = None
    day: int | None = None
    end_day: int | None = None  # last day of a range (`14- 16 أبريل`)
    end_year: int | None = None  # last year of a range (`1436/1437هـ`)
    weekday: int | None = None  # Monday = 0
    day_offset: int | None = None
    week_offset: int | None = None
    month_offset: int | None = None
    year_offset: int | None = None
    direction: str | None = None  # past | next | current
    part: str | None = None  # start | middle | end (`مطلع`, `منتصف`, `نهاية`)

    @property
    def hijri(self) -> bool:
        return self.calendar == "hijri"

    @property
    def relative(self) -> bool:
        """True when only the day of writing can resolve it."""
        return self.year is None

    @property
    def kind(self) -> str:
        """``TimeExpr.kind``: absolute (a year is named), weekday (a weekday alone), relative
        (counted from the day of writing or placed by a direction word), partial (a day or
        month without a year or a direction)."""
        if self.year is not None:
            return "absolute"
        if self.weekday is not None and self.month is None and self.day_offset is None:
            return "weekday"
        if self.direction is not None or any(
            o is not None
            for o in (self.day_offset, self.week_offset, self.month_offset, self.year_offset)
        ):
            return "relative"
        return "partial"


@dataclass(frozen=True)
class TimeMatch:
    start: int
    end: int
    text: str
    spec: TimeSpec


# ---------------------------------------------------------------------------------------------
# Language data -> one compiled grammar

_MARKS = DIACRITICS + TATWEEL + "\u200b\u200c\u200d\u200e\u200f\u061c\ufeff"
_MARKS_RE = re.compile(f"[{_MARKS}]")
_DELETE_MARKS = str.maketrans({c: None for c in _MARKS})
_LIL_RE = re.compile(r"(?<!\w)([وف]?)لل(?=\w)")
_WORDS_RE = re.compile(r"[^\W\d_]+|\d+|[^\w\s]")
_SPACES = re.compile(r"\s+")
# lists of context words in time_words.yaml (read as folded sets)
_CONTEXT_LISTS = (
    "year_context_before",
    "month_context_before",
    "count_words_before",
    "count_nouns_after",
    "today_not_after",
    "today_not_before",
    "yesterday_not_before",
    "weekday_not_after",
    "weekday_not_before",
    "week_not_after",
    "year_not_after",
    "year_not_before",
    "future_before",
)


def _key(word: str) -> str:
    """A data word folded exactly like the text the grammar runs on."""
    return _SPACES.sub(" ", ascii_digits(fold(word)).translate(_DELETE_MARKS)).strip()


def _alt(words: Iterable[str]) -> str:
    """One regular expression for a set of folded words, as a trie (common prefixes shared, so
    the engine branches on a letter instead of trying every word), longest reading first;
    inner spaces match any white space."""
    trie: dict[str, Any] = {}
    for word in {w for w in words if w}:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [
            (r"\s+" if ch == " " else re.escape(ch)) + emit(child)
            for ch, child in sorted(node.items())
            if ch
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return "(?:" + emit(trie) + ")"


def _load(name: str) -> dict[str, Any]:
    path = resources.files("marsad") / "lang" / "ar" / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"lang/ar/{name}: expected a mapping at the top level")
    return data


@dataclass(frozen=True)
class _MonthName:
    calendar: str
    month: int
    needs: str  # free | context | strict | year (months.yaml `needs`)


@dataclass(frozen=True)
class _Grammar:
    search: re.Pattern[str]  # every alternative, in order
    alternatives: tuple[tuple[str, re.Pattern[str]], ...]  # each alone, for a second reading
    components: re.Pattern[str]  # the words of a matched span
    ago_re: re.Pattern[str]
    starts: re.Pattern[str]  # the places an expression can start at (a cheap first pass)
    months: dict[str, _MonthName]
    weekdays: dict[str, int]
    rel_days: dict[str, int]
    directions: dict[str, str]
    units: dict[str, str]
    part_words: dict[str, str]
    markers: dict[str, str]
    ago_units: dict[str, tuple[str, int | None]]
    numbers: dict[str, int]
    ordinals: dict[str, int]
    words: dict[str, frozenset[str]]  # the context lists
    glue: dict[str, frozenset[str]]  # the grammar's own words (`يوم`, `قبل`, `الموافق` …)


def _folded(mapping: dict[Any, Any]) -> dict[str, Any]:
    return {_key(str(k)): v for k, v in mapping.items()}


@functools.lru_cache(maxsize=1)
def grammar() -> _Grammar:
    """The compiled grammar, built from the YAML data on first use (once per process)."""
    mdata, wdata = _load("months.yaml"), _load("time_words.yaml")
    needs = {_key(n): level for level, names in (mdata.get("needs") or {}).items() for n in names}
    months: dict[str, _MonthName] = {}
    for calendar in ("gregorian", "hijri"):
        for region in (mdata.get(calendar) or {}).values():
            for name, number in region.items():
                k = _key(str(name))
                months[k] = _MonthName(calendar, int(number), needs.get(k, "free"))
    weekdays = {k: int(v) for k, v in _folded(wdata["weekdays"]).items()}
    rel_days = {k: int(v) for k, v in _folded(wdata["relative_days"]).items()}
    directions = {_key(w): d for d, ws in wdata["directions"].items() for w in ws}
    units = {k: str(v) for k, v in _folded(wdata["units"]).items()}
    part_words = {_key(w): p for p, ws in wdata["parts"].items() for w in ws}
    markers = {_key(w): cal for cal, ws in wdata["year_markers"].items() for w in ws}
    ago_units: dict[str, tuple[str, int | None]] = {}
    for unit, forms in wdata["ago_units"].items():
        for count, key in ((1, "one"), (2, "two"), (None, "many")):
            for w in forms.get(key, ()):
                ago_units[_key(w)] = (unit, count)
    numbers = {k: int(v) for k, v in _folded(wdata["numbers"]).items()}
    ordinals = {k: int(v) for k, v in _folded(wdata["ordinals"]).items()}
    year_words = {_key(w) for w in wdata["year_words"]}
    this = {_key(w) for w in wdata["this"]}
    words = {
        name: frozenset(_key(str(w)) for w in wdata.get(name) or ()) for name in _CONTEXT_LISTS
    }

    glue = {k: _alt(_key(w) for w in v) for k, v in wdata["glue"].items()}
    g_day, g_month, g_ago = glue["day"], glue["month"], glue["ago"]
    g_of, g_equals = glue["of"], glue["equals"]
    we = r"(?!\w)"
    s, sp = r"\s*", r"\s+"
    mon = _alt(months) + we
    # a month paired with its other name: `ناصر/يوليو`, `ديسمبر (كانون الأول)`, `يونيو حزيران`
    epithet = _alt(_key(w) for w in wdata.get("month_epithets") or ()) + we
    monp = (
        rf"(?:{g_month}{sp})?{mon}(?:{s}/{s}{mon}|{s}\({s}{mon}{s}\)|{sp}{mon})?"
        rf"(?:{sp}{epithet})?"
    )
    mark = rf"(?:{s}{_alt(markers)}{we})"
    y4 = r"(?<!\d)\d{4}(?!\d)"
    yearx = rf"{y4}(?:{s}[-–/]{s}\d{{4}}(?!\d))?{mark}?"
    dirw = _alt(directions) + we
    yw = _alt(year_words) + we
    unitw = _alt(units) + we
    thisw = _alt(this) + we
    year_unit = _alt(k for k, v in units.items() if v == "year") + we
    month_unit = _alt(k for k, v in units.items() if v == "month") + we
    ago = rf"(?:{g_ago}{sp})?"
    yrel = rf"(?:{sp}{g_of})?{sp}(?:{year_unit}{sp}{ago}{dirw}|{thisw}{sp}{year_unit})"
    mtail = (
        rf"(?:{s}[-/,،]?{s}(?:(?:{g_of}|{glue['in']}){sp})?(?:ل?{yw}{sp})?{yearx}"
        rf"|{yrel}|{sp}{dirw})?"
    )
    day = r"(?<!\d)(?:[12]\d|3[01]|0?[1-9])(?!\d)"
    dayr = rf"(?:ال)?{day}(?:{s}(?:[-–—]|و|{glue['until']}){s}{day})?"
    ordw = _alt(ordinals) + we
    date_c = rf"(?:{dayr}|{ordw}(?={sp}{g_of}{we})){s}(?:[-/]{s})?(?:{g_of}{sp})?{monp}{mtail}"
    date_r = (
        rf"(?:{dayr}|{ordw}){sp}(?:{g_of}{sp})?"
        rf"(?:{thisw}{sp}{month_unit}|{month_unit}{sp}{ago}{dirw})"
    )

    def numd(tag: str) -> str:
        # 23/7/2020, 2020-07-23, 10/10/ 1436هـ (the separator repeats)
        return (
            rf"(?<!\d)(?:\d{{1,2}}{s}(?P<a{tag}>[-/.–]){s}\d{{1,2}}{s}(?P=a{tag}){s}\d{{4}}"
            rf"|\d{{4}}{s}(?P<b{tag}>[-/.–]){s}\d{{1,2}}{s}(?P=b{tag}){s}\d{{1,2}})(?!\d){mark}?"
        )

    rel = _alt(rel_days) + we
    wdw = _alt(weekdays) + we
    wdf = rf"(?:\({s}{wdw}{s}\)|{wdw})"
    pre = rf"(?:{s}[,،]{s}|{sp})"
    agou = _alt(ago_units) + we
    numw = _alt(numbers) + we
    wd_head = rf"{wdf}(?:{sp}{dirw})?{pre}(?:{g_equals}{pre})?"
    alts = {
        # a date with a day: `الأربعاء 22ناصر/يوليو الماضي`, `اليوم الخميس 7 شوال 1436هـ`
        "D": rf"(?:(?:{g_day}{sp})?{rel}{pre})?(?:{wd_head})?"
        rf"(?:(?P<dn>{numd('')})|{date_c}|{date_r})",
        # a day counted from the day of writing: `أمس (الأربعاء)`, `غدًا الخميس`
        "R": rf"(?:{g_day}{sp})?{rel}(?:{pre}{wdf})?",
        # `قبل عام`, `قبل ثلاثة أيام`
        "A": rf"{g_ago}{sp}(?:{glue['about']}{sp})?(?:(?:\d{{1,2}}|{numw}){sp})?{agou}"
        rf"(?!{sp}(?:\d|{g_of}{we}|{mon}|{wdw}|{rel}))",  # not `قبل عام 2020`, `قبل شهر رمضان`
        # a year: `عام 2019`, `العام الماضي 2014م`, `1436هـ`, `عامي 2014 و2015`, `في 2011`
        "Y": rf"عامي{sp}{yearx}{s}و{s}{y4}{mark}?"
        rf"|(?:{yw}{sp}(?:{ago}{dirw}{s}[,،]?{s})?)?{yearx}",
        # a month: `يناير (كانون الثاني) 2020`, `نيسان/أبريل من العام الماضي`, `رمضان الماضي`
        "M": rf"{monp}{mtail}",
        # a unit: `الأسبوع الجاري`, `العام قبل الماضي`, `هذا الشهر`, (`بداية`) `العام`
        "U": rf"{unitw}{sp}{ago}{dirw}|{thisw}{sp}{unitw}|{unitw}",
        # a weekday (one before a date belongs to the date)
        "W": rf"(?:{g_day}{sp})?{wdw}"
        rf"(?!(?:{sp}{dirw})?{pre}(?:{g_equals}{pre})?(?:{numd('w')}|{date_c}|{date_r}))"
        rf"(?:{sp}{dirw})?",
    }
    partw = _alt(part_words) + we
    head = (
        rf"(?<!\w)(?:[وف]?[بلك]?|[وف]?ال(?=\d))"
        rf"(?P<body>(?:(?P<part>{partw}){sp}(?:{g_of}{sp})?)?"
    )
    search = re.compile(head + "(?:" + "|".join(f"(?P<{k}>{v})" for k, v in alts.items()) + "))")
    alternatives = tuple((k, re.compile(head + f"(?P<{k}>{v}))")) for k, v in alts.items())
    components = re.compile(
        rf"(?<![^\W\d_])(?:(?P<month>{mon})|(?P<rel>{rel})|(?P<wd>{wdw})|(?P<dir>{dirw})"
        rf"|(?P<unit>{unitw})|(?P<yw>{yw})|(?P<numw>{numw})|(?P<ord>{ordw})"
        rf"|(?P<mark>{_alt(markers)}{we})|(?P<this>{thisw})|(?P<shahr>{g_month}{we})"
        rf"|(?P<epithet>{epithet})|(?P<ago>{g_ago}{we}))"
        r"|(?P<num>(?<!\d)\d+)"
    )
    first_words = (
        list(months)
        + list(weekdays)
        + list(rel_days)
        + list(units)
        + list(part_words)
        + list(ordinals)
        + list(year_words)
        + list(this)
        + [_key(w) for k in ("day", "month", "ago") for w in wdata["glue"][k]]
    )
    return _Grammar(
        search=search,
        alternatives=alternatives,
        components=components,
        ago_re=re.compile(rf"(?<![^\W\d_]){agou}$"),
        starts=re.compile(
            rf"(?<!\w)(?:[وف]?[بلك]?)(?:{_alt(w.split(' ')[0] for w in first_words)}{we}|(?:ال)?\d)"
        ),
        months=months,
        weekdays=weekdays,
        rel_days=rel_days,
        directions=directions,
        units=units,
        part_words=part_words,
        markers=markers,
        ago_units=ago_units,
        numbers=numbers,
        ordinals=ordinals,
        words=words,
        glue={k: frozenset(_key(w) for w in v) for k, v in wdata["glue"].items()},
    )


# ---------------------------------------------------------------------------------------------
# Finding


@dataclass(frozen=True)
class _Prepared:
    """The folded copy the grammar runs on, and where its characters were in the original."""

    s: str
    removed: tuple[int, ...]  # original positions of the characters left out, ascending

    def original(self, i: int) -> int:
        """The original position of position ``i`` of ``s``."""
        o = i + bisect.bisect_right(self.removed, i)
        while (k := i + bisect.bisect_right(self.removed, o)) != o:
            o = k
        return o


# what the copy leaves out: marks, and white space after the first character of a run (so that
# no pattern meets a long run: `\s*x?\s*` on thousands of spaces would backtrack for seconds)
_LEAVE_OUT = re.compile(f"[{_MARKS}]+|\\s[\\s{_MARKS}]+")
_PARAGRAPH = "\x00"  # a blank line: no expression runs across it


def _prepare(text: str) -> _Prepared:
    folded = _LIL_RE.sub(r"\1ال", fold(text))
    pieces: list[str] = []
    removed: list[int] = []
    last = 0
    for m in _LEAVE_OUT.finditer(folded):
        a, b = m.span()
        pieces.append(folded[last:a])
        if folded[a] in _MARKS:
            removed.extend(range(a, b))
        else:  # keep one character of the run: a space, or a paragraph break
            pieces.append(_PARAGRAPH if m.group(0).count("\n") >= 2 else m.group(0)[0])
            removed.extend(range(a + 1, b))
        last = b
    if not removed:
        return _Prepared(folded, ())
    pieces.append(folded[last:])
    return _Prepared("".join(pieces), tuple(removed))


@dataclass
class _Parts:
    """The words of one matched span, in order of appearance."""

    months: list[_MonthName] = field(default_factory=list)
    first_month_at: int = -1
    nums: list[tuple[int, str, int]] = field(default_factory=list)  # value, digits, position
    dirs: list[tuple[str, int]] = field(default_factory=list)  # direction, position
    units: list[tuple[str, int]] = field(default_factory=list)  # unit, position
    weekday: int | None = None
    rel: int | None = None
    rel_word: str | None = None
    year_word: bool = False
    marker: str | None = None
    numw: int | None = None
    ordinal: int | None = None
    this: bool = False
    shahr: bool = False
    agos: list[int] = field(default_factory=list)  # positions of `قبل`

    def ago_between(self, a: int, b: int) -> bool:
        """Whether `قبل` stands between two positions (`العام قبل الماضي`)."""
        return any(a <= at < b for at in self.agos)


def _components(g: _Grammar, span: str) -> _Parts:
    p = _Parts()
    for m in g.components.finditer(span):
        kind, word = m.lastgroup, _SPACES.sub(" ", m.group(0))
        if kind == "month":
            if p.first_month_at < 0:
                p.first_month_at = m.start()
            p.months.append(g.months[word])
        elif kind == "num":
            p.nums.append((int(word), word, m.start()))
        elif kind == "rel":
            p.rel, p.rel_word = g.rel_days[word], word
        elif kind == "wd":
            p.weekday = g.weekdays[word]
        elif kind == "dir":
            p.dirs.append((g.directions[word], m.start()))
        elif kind == "unit":
            p.units.append((g.units[word], m.start()))
            p.year_word = p.year_word or g.units[word] == "year"
        elif kind == "yw":
            p.year_word = True
        elif kind == "mark":
            p.marker = g.markers[word]
        elif kind == "numw":
            p.numw = g.numbers[word]
        elif kind == "ord":
            p.ordinal = g.ordinals[word]
        elif kind == "this":
            p.this = True
        elif kind == "ago":
            p.agos.append(m.start())
        elif kind in ("shahr", "epithet"):
            p.shahr = True  # `شهر رمضان`, `رمضان المبارك`: certainly the month
    return p


@dataclass
class _Context:
    """One grammar match and what surrounds it in the folded text."""

    g: _Grammar
    m: re.Match[str]
    s: str
    last_end: int  # end of the previous expression found, in ``s``

    @functools.cached_property
    def span(self) -> str:
        return self.s[self.m.start("body") : self.m.end("body")]

    @functools.cached_property
    def parts(self) -> _Parts:
        return _components(self.g, self.span)

    @property
    def clitic(self) -> str:
        return self.s[self.m.start() : self.m.start("body")]

    @property
    def part(self) -> str | None:
        word = self.m.group("part")
        return self.g.part_words[_SPACES.sub(" ", word)] if word else None

    def before(self, n: int) -> list[str]:
        """The last ``n`` words (or punctuation marks) before the expression and its clitic."""
        a = self.m.start()
        return _WORDS_RE.findall(self.s[max(0, a - 14 * n) : a])[-n:]

    def after(self, n: int) -> list[str]:
        b = self.m.end("body")
        return _WORDS_RE.findall(self.s[b : b + 14 * n])[:n]

    def prev_in(self, name: str) -> bool:
        words = self.before(1)
        return bool(words) and _in(words[-1], self.g.words[name])

    def next_in(self, name: str) -> bool:
        """Whether the next word is in a list (also in the accusative: `شخصا` for `شخص`)."""
        words = self.after(1)
        if not words:
            return False
        word = words[0]
        return word in self.g.words[name] or word[-1:] == "ا" and word[:-1] in self.g.words[name]

    @property
    def listed(self) -> bool:
        """Joined by `و` to the expression just before (`في 2014 و2015`, `مايو، ويونيو`)."""
        return self.clitic[:1] in ("و", "ف") and 0 < self.m.start() - self.last_end <= 4


def _bare(word: str) -> tuple[str, ...]:
    """A word and the word without a leading clitic (`وفي` -> `في`, `لهذا` -> `هذا`)."""
    out = [word]
    if len(word) > 2 and word[0] in "وف":
        word = word[1:]
        out.append(word)
    if len(word) > 3 and word[0] in "بلك":
        out.append(word[1:])
    return tuple(out)


def _in(word: str, words: frozenset[str]) -> bool:
    return any(w in words for w in _bare(word))


def _offset(direction: str) -> int:
    return {"past": -1, "next": 1, "current": 0}[direction]


def _gregorian_year_ok(year: int, explicit: bool) -> bool:
    return (1000 if explicit else 1900) <= year <= 2100


def _month_of(months: list[_MonthName]) -> tuple[str, int]:
    """The calendar and month a (possibly paired) month name says: the Gregorian one of a pair."""
    for m in months:
        if m.calendar == "gregorian":
            return m.calendar, m.month
    return months[0].calendar, months[0].month


def _month_context_ok(p: _Parts, day: bool, year: bool, direction: bool, part: bool) -> bool:
    """A month name with another common sense (months.yaml `needs`) is a month only in context."""
    paired = len(p.months) >= 2 and len({m.month for m in p.months}) == 1
    if paired or p.shahr:
        return True
    levels = {m.needs for m in p.months}
    if "year" in levels:
        return year
    if "strict" in levels:
        return day or year
    if "context" in levels:
        return day or year or direction or part
    return True


def _year_after(p: _Parts, at: int) -> tuple[int | None, int | None]:
    """The year number at or after position ``at`` of the span, and a second one (a range)."""
    years = [v for v, d, pos in p.nums if pos >= at and len(d) >= 3]
    if not years:
        return None, None
    return years[0], (years[1] if len(years) > 1 else None)


def _directions(p: _Parts, span: str) -> tuple[str | None, int | None]:
    """(direction of a month or day, offset of its year) from a span's direction words:
    `يوليو الماضي` -> past; `أبريل من العام الماضي` -> year -1; `من هذا العام` -> year 0."""
    year_units = [at for unit, at in p.units if unit == "year"]
    if p.this and year_units:
        return None, 0
    if not p.dirs:
        return None, None
    direction, at = p.dirs[-1]
    if year_units and year_units[-1] < at:
        offset = _offset(direction)
        if p.ago_between(year_units[-1], at):
            offset -= 1
        return None, offset
    return direction, None


def _unit_spec(unit: str, offset: int, part: str | None) -> TimeSpec:
    if unit == "year":
        return TimeSpec("year", year_offset=offset, part=part)
    if unit == "month":
        return TimeSpec("month", month_offset=offset, part=part)
    if unit == "week":
        return TimeSpec("week", week_offset=offset, part=part)
    return TimeSpec("day", day_offset=offset, part=part)


def _read_date(c: _Context) -> TimeSpec | None:
    """`23 فبراير/شباط الماضي`, `الأربعاء 22ناصر/يوليو الماضي`, `25 شوال 1436هـ`, `23/7/2020`,
    `الأول من يوليو`, `22 من الشهر الجاري`, `اليوم الخميس 23 يوليو 2015`."""
    p, part = c.parts, c.part
    rel = p.rel
    if (
        p.rel_word == "اليوم"
        and p.weekday is None
        and c.span.split()[1:2]
        and _in(c.span.split()[1], c.g.words["today_not_before"])
    ):
        rel = None  # `اليوم السابع والعشرين من شهر جمادى الآخرة`: the 27th day, not today
    if c.m.group("dn"):
        nums = [v for v, _, _ in p.nums]
        if len(nums) < 3:
            return None
        if len(p.nums[0][1]) == 4:
            year, month, day = nums[:3]
            orders = [(month, day), (day, month)]
        else:
            day, month, year = nums[:3]
            orders = [(month, day), (day, month)]
        calendar = p.marker or ("hijri" if 1300 <= year <= 1500 else "gregorian")
        if calendar == "gregorian" and not _gregorian_year_ok(year, p.marker is not None):
            return None
        valid = [(mo, da) for mo, da in orders if _date_in(calendar, year, mo, da) is not None]
        if p.weekday is not None:
            # `الاثنين 10/4/1436هـ` written month first: the order the weekday confirms
            valid.sort(key=lambda md: _date_in(calendar, year, *md).weekday() != p.weekday)  # type: ignore[union-attr]
        if not valid:
            return None
        month, day = valid[0]
        return TimeSpec(
            "day",
            calendar=calendar,
            year=year,
            month=month,
            day=day,
            weekday=p.weekday,
            day_offset=rel,
            part=part,
        )
    before_month = p.first_month_at if p.first_month_at >= 0 else len(c.span)
    days = [v for v, d, at in p.nums if len(d) <= 2 and at < before_month]
    if not days and p.ordinal is not None:
        days = [p.ordinal]
    if not days or not all(1 <= d <= 31 for d in days):
        return None
    day, end_day = days[0], (days[1] if len(days) > 1 and days[1] > days[0] else None)
    if not p.months:  # `22 من الشهر الجاري`
        if p.this:
            offset = 0
        elif p.dirs:
            offset = _offset(p.dirs[-1][0]) - (1 if p.agos else 0)
        else:
            return None
        return TimeSpec(
            "day", day=day, end_day=end_day, month_offset=offset, weekday=p.weekday, part=part
        )
    calendar, month = _month_of(p.months)
    year, _ = _year_after(p, p.first_month_at)
    if not _month_context_ok(p, True, year is not None, False, False):
        return None
    if year is not None and calendar == "gregorian" and not _gregorian_year_ok(year, True):
        return None
    if day > _max_days(calendar, month):
        return None
    if year is not None and _date_in(calendar, year, month, day) is None:
        return None
    direction, year_offset = _directions(p, c.span)
    return TimeSpec(
        "day",
        calendar=calendar,
        year=year,
        month=month,
        day=day,
        end_day=end_day,
        weekday=p.weekday,
        day_offset=rel,
        year_offset=year_offset,
        direction=direction,
        part=part,
    )


def _read_relative_day(c: _Context) -> TimeSpec | None:
    """`أمس`, `اليوم (الخميس)`, `غدًا الخميس`, `أول من أمس` (not `روسيا اليوم`, `لامس`)."""
    p = c.parts
    if p.rel is None:
        return None
    clitic = c.clitic
    if clitic[-1:] in ("ل", "ك") or (clitic[-1:] == "ب" and p.rel_word != "الامس"):
        return None  # `لامس` (touched), `باليوم` (per day)
    if p.weekday is None:
        if p.rel_word == "اليوم":
            if c.prev_in("today_not_after") or c.next_in("today_not_before"):
                return None
        elif p.rel_word in ("امس", "الامس"):
            if c.next_in("yesterday_not_before"):
                return None
        elif p.rel_word in ("الغد", "غد") and c.span.split()[0] not in c.g.glue["day"]:
            return None  # `الغد` alone is the future; `غد` goes with `يوم` or `بعد`
    return TimeSpec("day", day_offset=p.rel, weekday=p.weekday, part=c.part)


def _read_ago(c: _Context) -> TimeSpec | None:
    """`قبل عام`, `قبل يومين`, `قبل 3 أيام` (not the vague `قبل أيام`)."""
    last = c.g.ago_re.search(c.span)
    if last is None:
        return None
    unit, count = c.g.ago_units[last.group(0)]
    p = c.parts
    given = p.numw if p.numw is not None else (p.nums[0][0] if p.nums else None)
    if count is None:
        if given is None or given < 1:
            return None
        count = given
    elif given is not None:
        return None
    return _unit_spec(unit, -count, c.part)


def _read_year(c: _Context) -> TimeSpec | None:
    """`عام 2019`, `العام 2011م`, `1436هـ`, `العام الماضي 2014م`, and a bare `2011` where a
    year is expected (`في 2011`, not `2000 شخص`)."""
    p = c.parts
    year, end_year = _year_after(p, 0)
    if year is None:
        return None
    calendar = p.marker or "gregorian"
    if p.marker is None and p.year_word and 1350 <= year <= 1500:
        calendar = "hijri"  # `عام 1436` in a Saudi paper
    if calendar == "gregorian" and not _gregorian_year_ok(year, p.year_word or bool(p.marker)):
        return None
    if calendar == "hijri" and not 1 <= year <= 1600:
        return None
    if not p.year_word and c.part is None:
        if c.next_in("count_nouns_after") or _glued_number(c):
            return None
        if p.marker is None and not _year_expected(c):
            return None
    year_offset = _offset(p.dirs[0][0]) if p.dirs else None
    return TimeSpec(
        "year",
        calendar=calendar,
        year=year,
        end_year=end_year,
        year_offset=year_offset,
        part=c.part,
    )


def _glued_number(c: _Context) -> bool:
    """Part of a larger number: `3.2015`, `2015.5`, `2015%`."""
    s, a, b = c.s, c.m.start("body"), c.m.end("body")
    if a >= 2 and s[a - 1] in ".,٫٬" and s[a - 2].isdigit():
        return True
    if b < len(s) and s[b] in "%٪":
        return True
    return b + 1 < len(s) and s[b] in ".,٫" and s[b + 1].isdigit()


def _year_expected(c: _Context) -> bool:
    if c.listed:
        return True
    before = c.before(3)
    if not before or not _in(before[-1], c.g.words["year_context_before"]):
        return False
    return not any(_in(w, c.g.words["count_words_before"]) for w in before[-3:-1])


def _read_month(c: _Context) -> TimeSpec | None:
    """`يناير (كانون الثاني) 2020`, `حزيران/يونيو الماضي`, `نيسان/أبريل من العام الماضي`,
    `في يونيو` (a bare month only where a month is expected: not `مستشفى مايو كلينيك`)."""
    p = c.parts
    if not p.months:
        return None
    calendar, month = _month_of(p.months)
    year, _ = _year_after(p, p.first_month_at)
    direction, year_offset = _directions(p, c.span)
    has_dir = direction is not None or year_offset is not None
    if not _month_context_ok(p, False, year is not None, has_dir, c.part is not None):
        return None
    if year is not None and calendar == "gregorian" and not _gregorian_year_ok(year, True):
        return None
    paired = len(p.months) >= 2
    if year is None and not has_dir and not paired and not p.shahr and c.part is None:
        if not (c.listed or c.prev_in("month_context_before")):
            return None
    return TimeSpec(
        "month",
        calendar=calendar,
        year=year,
        month=month,
        year_offset=year_offset,
        direction=direction,
        part=c.part,
    )


def _read_unit(c: _Context) -> TimeSpec | None:
    """`الأسبوع الجاري`, `العام الماضي`, `العام قبل الماضي`, `هذا الشهر`, `بداية العام`
    (not `الأمين العام الحالي`, `العام الدراسي المقبل`, `عطلة نهاية الأسبوع`)."""
    p = c.parts
    if not p.units:
        return None
    unit, at = p.units[0]
    if unit == "year" and c.span.startswith("العام"):
        before = c.before(1)
        if before and _in(before[-1], c.g.words["year_not_after"]):
            return None
        if p.dirs and before and before[-1].startswith("ال"):
            # `المدير العام السابق`: after a definite noun, `العام` is its adjective
            word = c.span.split()[-1]
            if word.startswith(("السابق", "الحالي")):
                return None
    if unit == "week" and c.part is not None and c.prev_in("week_not_after"):
        return None
    if p.dirs:
        direction, dat = p.dirs[0]
        offset = _offset(direction) - (1 if p.ago_between(at, dat) else 0)
    elif p.this or c.part is not None:
        if unit == "year" and c.next_in("year_not_before"):
            return None
        offset = 0
    else:
        return None
    return _unit_spec(unit, offset, c.part)


def _read_weekday(c: _Context) -> TimeSpec | None:
    """`الثلاثاء`, `يوم الأربعاء`, `الجمعة الماضية`, `الخميس المقبل` (not `الأحد عشر`,
    `صلاة الجمعة`, `كلا الاثنين`)."""
    p = c.parts
    if p.weekday is None or c.clitic[-1:] in ("ب", "ل", "ك"):
        return None
    if c.prev_in("weekday_not_after") or c.next_in("weekday_not_before"):
        return None
    direction = p.dirs[0][0] if p.dirs else None
    if direction is None and any(_in(w, c.g.words["future_before"]) for w in c.before(8)):
        direction = "next"
    return TimeSpec("day", weekday=p.weekday, direction=direction, part=c.part)


_READERS: dict[str, Callable[[_Context], TimeSpec | None]] = {
    "D": _read_date,
    "R": _read_relative_day,
    "A": _read_ago,
    "Y": _read_year,
    "M": _read_month,
    "U": _read_unit,
    "W": _read_weekday,
}


def _max_days(calendar: str, month: int) -> int:
    if calendar == "hijri":
        return 30
    return (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]


def _reading(g: _Grammar, s: str, at: int, last_end: int) -> tuple[re.Match[str], TimeSpec] | None:
    """The first reading at position ``at`` that its context accepts, in grammar order."""
    m = g.search.match(s, at)
    if m is None:
        return None
    first = next(k for k, _ in g.alternatives if m.group(k) is not None)
    spec = _READERS[first](_Context(g, m, s, last_end))
    if spec is not None:
        return m, spec
    names = [k for k, _ in g.alternatives]
    for k, rx in g.alternatives[names.index(first) + 1 :]:
        m2 = rx.match(s, at)
        if m2 is not None:
            spec = _READERS[k](_Context(g, m2, s, last_end))
            if spec is not None:
                return m2, spec
    return None


def find_times(text: str) -> list[TimeMatch]:
    """Every time expression in ``text``, in order, not overlapping, with offsets into the
    original text; where readings of different length start at the same word, the longer one
    wins (`الأربعاء 22 يوليو الماضي` over `الأربعاء`)."""
    if not text:
        return []
    g = grammar()
    prep = _prepare(text)
    s = prep.s
    out: list[TimeMatch] = []
    last_end = -10
    for start in g.starts.finditer(s):
        at = start.start()
        if at < last_end:
            continue
        found = _reading(g, s, at, last_end)
        if found is None:
            continue
        m, spec = found
        a, b = m.start("body"), m.end("body")
        start, end = prep.original(a), prep.original(b - 1) + 1
        while end < len(text) and text[end] in _MARKS:
            end += 1
        out.append(TimeMatch(start, end, text[start:end], spec))
        last_end = b
    return out


# ---------------------------------------------------------------------------------------------
# Resolving


def _gregorian(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _from_hijri(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(*Hijri(year, month, day).to_gregorian().datetuple())
    except (ValueError, OverflowError):
        return None


@functools.lru_cache(maxsize=4096)
def _to_hijri(day: dt.date) -> tuple[int, int, int] | None:
    try:
        h = Gregorian(day.year, day.month, day.day).to_hijri()
    except (ValueError, OverflowError):
        return None
    return h.year, h.month, h.day


def _date_in(calendar: str, year: int, month: int, day: int | None) -> dt.date | None:
    """The Gregorian day of a (year, month, day) in ``calendar``. A month without a day stands
    for its 1st, a Hijri one for its 15th (so that its Gregorian month is the one it mostly
    falls in)."""
    if not 1 <= month <= 12:
        return None
    if calendar == "hijri":
        return _from_hijri(year, month, day if day is not None else 15)
    if not 1 <= year <= 9999:
        return None
    return _gregorian(year, month, day if day is not None else 1)


def _shift_month(year: int, month: int, offset: int) -> tuple[int, int]:
    n = year * 12 + (month - 1) + offset
    return n // 12, n % 12 + 1


def _iso(granularity: str, day: dt.date) -> str:
    if granularity == "year":
        return f"{day.year:04d}"
    if granularity == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if granularity == "week":
        return (day - dt.timedelta(days=day.weekday())).isoformat()
    return day.isoformat()


def _pick_year(spec: TimeSpec, anchor: dt.date) -> int | None:
    """The year (in the spec's calendar) of a month or day named without one: the nearest that
    its direction word allows (past: the latest not after the day of writing, next: the first not
    before it, none or current: the year of writing), and whose day has the weekday named."""
    assert spec.month is not None
    now = _to_hijri(anchor) if spec.hijri else (anchor.year, anchor.month, anchor.day)
    if now is None:
        return None
    month, day = spec.month, spec.day
    here: tuple[int, ...] = now if day is not None else now[:2]

    def key(y: int) -> tuple[int, ...]:
        return (y, month, day) if day is not None else (y, month)

    years = [now[0] - 1, now[0], now[0] + 1]
    if spec.direction == "past":
        order = [y for y in reversed(years) if key(y) <= here and (day or key(y) < here)]
    elif spec.direction == "next":
        order = [y for y in years if key(y) >= here and (day or key(y) > here)]
    else:
        order = [now[0], now[0] - 1, now[0] + 1]
    if spec.weekday is not None and day is not None:
        for y in order:
            d = _date_in(spec.calendar, y, month, day)
            if d is not None and d.weekday() == spec.weekday:
                return y
    return order[0] if order else None


def resolve(spec: TimeSpec, anchor: dt.date | None, *, month: str | None = None) -> str | None:
    """The ISO value of a spec (``YYYY-MM-DD`` | ``YYYY-MM`` | ``YYYY``), or None when it is
    relative and there is no anchor, or names a day that does not exist.

    ``month`` (``YYYY-MM``) is the month of writing when only the month is known (``infer_anchor``
    gave ``inferred-month``): a relative expression then gets the value it has on every day of
    that month (`أغسطس الجاري`, `24 ديسمبر المقبل`, `العام الماضي`), or None (`أمس`).
    A day outside the calendar (`أمس` written on 0001-01-01, a CMS's empty date) is None."""
    try:
        return _resolve(spec, anchor, month)
    except OverflowError:
        return None


def _resolve(spec: TimeSpec, anchor: dt.date | None, month: str | None) -> str | None:
    if anchor is None and month is not None and spec.year is None:
        return _resolve_in_month(spec, month)
    g = spec.granularity
    if spec.year is not None:  # explicit (an offset beside it, `العام الماضي 2014م`, is moot)
        if spec.month is None:
            if spec.hijri:  # the Gregorian year most of it falls in
                d = _from_hijri(spec.year, 7, 1)
                return _iso("year", d) if d else None
            return f"{spec.year:04d}"
        d = _date_in(spec.calendar, spec.year, spec.month, spec.day)
        return _iso(g, d) if d else None
    if anchor is None:
        return None
    if spec.day_offset is not None:
        if spec.month is not None:  # `اليوم 23 يوليو`: the named day, in the year of writing
            return resolve(replace(spec, day_offset=None, direction=None), anchor)
        return _iso(g, anchor + dt.timedelta(days=spec.day_offset))
    if spec.week_offset is not None:
        return _iso("week", anchor + dt.timedelta(weeks=spec.week_offset))
    if spec.month_offset is not None:
        y, mo = _shift_month(anchor.year, anchor.month, spec.month_offset)
        if spec.day is not None:
            d = _gregorian(y, mo, spec.day)
            return d.isoformat() if d else None
        return f"{y:04d}-{mo:02d}"
    if spec.year_offset is not None:
        if spec.month is None:
            return f"{anchor.year + spec.year_offset:04d}"
        if spec.hijri:
            h = _to_hijri(anchor)
            d = _date_in("hijri", h[0] + spec.year_offset, spec.month, spec.day) if h else None
        else:
            d = _date_in("gregorian", anchor.year + spec.year_offset, spec.month, spec.day)
        return _iso(g, d) if d else None
    if spec.month is not None:
        y = _pick_year(spec, anchor)
        d = _date_in(spec.calendar, y, spec.month, spec.day) if y is not None else None
        return _iso(g, d) if d else None
    if spec.weekday is not None:
        if spec.direction == "next":
            delta = (spec.weekday - anchor.weekday()) % 7 or 7
            return (anchor + dt.timedelta(days=delta)).isoformat()
        delta = (anchor.weekday() - spec.weekday) % 7
        if delta == 0 and spec.direction == "past":
            delta = 7  # `الجمعة الماضية` written on a Friday: a week ago
        return (anchor - dt.timedelta(days=delta)).isoformat()
    return None


def _resolve_in_month(spec: TimeSpec, month: str) -> str | None:
    try:
        first = dt.date.fromisoformat(f"{month[:7]}-01")
    except ValueError:
        return None
    nxt = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    values = {resolve(spec, first + dt.timedelta(days=k)) for k in range((nxt - first).days)}
    return values.pop() if len(values) == 1 else None


def annotate_times(
    text: str, anchor: dt.date | None, *, month: str | None = None
) -> tuple[TimeExpr, ...]:
    """Every time expression of ``text`` as a ``TimeExpr``, resolved against ``anchor`` (or,
    when only the month of writing is known, against ``month``: see ``resolve``)."""
    return tuple(
        TimeExpr(
            start=m.start,
            end=m.end,
            text=m.text,
            value=resolve(m.spec, anchor, month=month),
            kind=m.spec.kind,
            annotator=ANNOTATOR,
        )
        for m in find_times(text)
    )


# ---------------------------------------------------------------------------------------------
# Inferring the day of writing

_NOT_WORD = re.compile(r"[\W_]+")


def _explicit_day(spec: TimeSpec) -> dt.date | None:
    if spec.year is None or spec.month is None or spec.day is None:
        return None
    return _date_in(spec.calendar, spec.year, spec.month, spec.day)


def _explicit_start(spec: TimeSpec) -> dt.date | None:
    """The first Gregorian day of the explicit date, month or year a spec names."""
    if spec.year is None:
        return None
    if spec.month is None:
        if spec.hijri:
            return _from_hijri(spec.year, 1, 1)
        return _gregorian(spec.year, 1, 1) if 1 <= spec.year <= 9999 else None
    return _date_in(spec.calendar, spec.year, spec.month, spec.day or 1)


def _stated_line(matches: list[TimeMatch], text: str) -> dt.date | None:
    """A full date standing alone on its line (`23-يوليو-2020`, `الخميس 23 يوليو 2015`)."""
    for m in matches:
        day = _explicit_day(m.spec)
        if day is None:
            continue
        a = text.rfind("\n", 0, m.start) + 1
        b = text.find("\n", m.end)
        rest = text[a : m.start] + text[m.end : (b if b >= 0 else len(text))]
        if not _NOT_WORD.sub("", rest):
            return day
    return None


Test = Callable[[dt.date], bool]


def _weekday_of(value: str | None) -> int | None:
    if value is None or len(value) != 10:
        return None
    return dt.date.fromisoformat(value).weekday()


def _tests(spec: TimeSpec) -> Iterable[tuple[int, str, Test]]:
    """What one expression says about the day of writing: (cost, strength, test) triples, the
    strength `year` when the test fixes the year, `weekday` when it tells years apart (a
    weekday named with a day and month holds about one year in six), else `day`."""
    off = spec.day_offset
    if off is not None and spec.weekday is not None:  # `اليوم الخميس`, `أمس الثلاثاء`
        w = spec.weekday
        yield 0, "day", lambda d: (d + dt.timedelta(days=off)).weekday() == w
    if off is not None and spec.year is None and spec.month and spec.day and not spec.hijri:
        md = (spec.month, spec.day)  # `اليوم (الأربعاء) 22 يوليو`
        strength = "weekday" if spec.weekday is not None else "day"
        yield 0, strength, lambda d: ((e := d + dt.timedelta(days=off)).month, e.day) == md
    if spec.year is not None and spec.year_offset is not None and not spec.hijri:
        y = spec.year - spec.year_offset  # `العام الماضي 2014م`
        yield 0, "year", lambda d: d.year == y
    if spec.direction == "current" and spec.month and spec.year is None and off is None:
        mo = spec.month  # `أغسطس الجاري`
        if spec.hijri:
            yield 2, "day", lambda d: (_to_hijri(d) or (0, 0, 0))[1] == mo
        else:
            yield 0, "day", lambda d: d.month == mo
    if spec.weekday is not None and spec.month and spec.day and spec.year is None and off is None:
        plain, w = replace(spec, weekday=None), spec.weekday  # `الأربعاء 22 يوليو الماضي`
        yield 2, "weekday", lambda d: _weekday_of(resolve(plain, d)) == w
    if spec.year is not None and spec.direction in ("past", "next"):
        named = _explicit_start(spec)
        if named is not None:
            if spec.direction == "past":
                yield 1, "day", lambda d: d > named
            else:
                yield 1, "day", lambda d: d < named


def _exact(spec: TimeSpec) -> dt.date | None:
    """The day of writing a relative day tied to a full date gives (`أمس الاثنين 20 يوليو
    2015`), unless its weekday contradicts the date."""
    if spec.day_offset is None:
        return None
    day = _explicit_day(spec)
    if day is None or spec.weekday is not None and day.weekday() != spec.weekday:
        return None
    return day - dt.timedelta(days=spec.day_offset)


def infer_anchor(
    matches: list[TimeMatch],
    meta_date: dt.date | None = None,
    text: str | None = None,
) -> tuple[str | None, str | None]:
    """The day of writing as the text's own time expressions tell it.

    ``(ISO day, "inferred")`` when exactly one day fits them all; ``("YYYY-MM",
    "inferred-month")`` when only the month is certain; else ``(None, None)``. Given ``text``,
    a full date alone on its line gives ``(ISO day, "stated")``.

    What the expressions say: a relative day tied to a full date fixes it (`اليوم الخميس 23
    يوليو 2015`); a relative day tied to a weekday gives its weekday (`اليوم الخميس`, `أمس
    الثلاثاء` -> Wednesday); a month marked current its month (`أغسطس الجاري`); a year with a
    direction its year (`العام الماضي 2014م` -> 2015); a weekday with a day and month tells the
    years apart (`الأربعاء 22 يوليو الماضي` -> one in which 22 July was a Wednesday); an
    explicit date marked past or next bounds it. Explicit dates, months and years without a
    direction bound it from below, softly (a bound that would leave no day is dropped).

    The candidate days are the week up to ``meta_date`` (a date the input's metadata gives,
    such as a crawl date) when there is one. Without it the text must pin the year: by a year
    with a direction, or by a weekday-with-date among the latest year it names and the next;
    otherwise nothing is inferred (a month alone is no month of a known year).
    """
    if text is not None:
        stated = _stated_line(matches, text)
        if stated is not None:
            return stated.isoformat(), "stated"
    specs = [m.spec for m in matches]
    # 1. a relative day tied to a full date fixes the day outright
    exact = {d for s in specs if (d := _exact(s)) is not None}
    if len(exact) == 1:
        return exact.pop().isoformat(), "inferred"
    tests = sorted((t for s in specs for t in _tests(s)), key=lambda t: t[0])
    if not tests:
        return None, None
    # 2. the candidate days
    strengths = {strength for _, strength, _ in tests}
    if meta_date is not None:
        days = [meta_date - dt.timedelta(days=k) for k in range(7, -1, -1)]
    else:
        named = [
            start.year
            for s in specs
            if s.direction != "next" and s.year_offset is None
            if (start := _explicit_start(s)) is not None and 1900 <= start.year <= 2100
        ]
        if "year" in strengths:
            years = {s.year - s.year_offset for s in specs if s.year and s.year_offset is not None}
        elif "weekday" in strengths and named:
            years = {max(named), max(named) + 1}
        else:
            return None, None
        days = [
            dt.date(y, 1, 1) + dt.timedelta(days=k)
            for y in sorted(y for y in years if 1900 <= y <= 2100)
            for k in range((dt.date(y + 1, 1, 1) - dt.date(y, 1, 1)).days)
        ]
    # 3. what the expressions say
    for _, _, test in tests:
        days = [d for d in days if test(d)]
        if not days:
            return None, None
    # 4. soft lower bounds, earliest first
    bounds = sorted(
        {
            b
            for s in specs
            if s.direction is None and s.year_offset is None and s.day_offset is None
            if (b := _explicit_start(s)) is not None
        }
    )
    for bound in bounds:
        kept = [d for d in days if d >= bound]
        if kept:
            days = kept
    if len(days) == 1:
        return days[0].isoformat(), "inferred"
    if len({(d.year, d.month) for d in days}) == 1:
        return f"{days[0].year:04d}-{days[0].month:02d}", "inferred-month"
    return None, None


__all__ = [
    "TimeMatch",
    "TimeSpec",
    "annotate_times",
    "find_times",
    "grammar",
    "infer_anchor",
    "resolve",
]
