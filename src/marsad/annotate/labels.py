"""Loaded labels: the judging descriptors an article attaches to an actor.

Stages (pure functions of the text, its actors and ``lang/ar/labels.yaml``):

1. find each label of the lexicon, longest first, clitic-aware; a label grows to the rank before
   it (`الجنرال الانقلابي`), the group noun it qualifies (`منظمة إرهابية`) or the phrase it
   governs (`المدعومة من إيران`); labels inside a longer one are not counted again;
2. attach it to the actor it describes:
   - the name right after an epithet (`مليشيات حفتر`, `الانقلابي خليفة حفتر`, past ranks);
   - the name right before an adjective (`حكومة الوفاق غير الشرعية`, over demonyms and quote
     marks: `«حزب الله» اللبنانية المدعومة من إيران`);
   - the subject of the clause for an adjective on a noun with a pronoun (`أنقرة … في هجومها
     الباغي`), the antecedent of a relative (`هيئة تحرير الشام، التي تصنفها … منظمة إرهابية`);
   - who made the attack for a label on an attack (`تصدت قواتنا للهجوم الإرهابي` after `هجوم
     لقوات المعارضة`);
   - alone (`طرد الانقلابيين`): the actor the article has already named with an epithet;
   a label no actor can be found for is not kept (a label is of an actor).

``outlet_markers`` gives outlet-level signs for outlet profiles (Jamahiriya month names, the
stances of the labels used).
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from typing import Any

from marsad.annotate.events import Actor, Text, analyse, key
from marsad.model import Article, Entity, Label
from marsad.resources import load_yaml
from marsad.text.normalize import match_key

ANNOTATOR = "labels"
_NEGATIVE = frozenset({"negative", "delegitimising"})
_QUOTES = frozenset("«»\"“”'")


@dataclass(frozen=True)
class LabelForm:
    words: tuple[str, ...]  # folded
    stance: str
    kind: str  # epithet | adjective
    standalone: bool = True
    agent_nisba: bool = False
    extends: bool = False
    strict: bool = False


@dataclass(frozen=True)
class Lexicon:
    forms: tuple[LabelForm, ...]
    index: dict[str, tuple[int, ...]]  # first word -> forms
    group_heads: frozenset[str]
    ranks: frozenset[str]
    attack_nouns: frozenset[str]
    strict_heads: frozenset[str]
    jamahiriya: tuple[str, ...]


def _words(items: Any) -> frozenset[str]:
    return frozenset(key(w) for w in items or ())


@functools.lru_cache(maxsize=8)
def lexicon(extra: tuple[str, ...] = ()) -> Lexicon:
    data = load_yaml("labels.yaml", extra)
    assert isinstance(data, dict)
    forms: list[LabelForm] = []
    for entry in data.get("labels", []):
        for form in entry["forms"]:
            forms.append(
                LabelForm(
                    words=tuple(key(w) for w in str(form).split()),
                    stance=entry.get("stance", "negative"),
                    kind=entry.get("kind", "epithet"),
                    standalone=entry.get("standalone", True),
                    agent_nisba=entry.get("agent_nisba", False),
                    extends=entry.get("extends_to_phrase", False),
                    strict=entry.get("strict", False),
                )
            )
    index: dict[str, list[int]] = {}
    for n, f in enumerate(forms):
        index.setdefault(f.words[0], []).append(n)
    return Lexicon(
        forms=tuple(forms),
        index={k: tuple(v) for k, v in index.items()},
        group_heads=_words(data.get("group_heads")),
        ranks=_words(data.get("ranks")),
        attack_nouns=_words(data.get("attack_nouns")),
        strict_heads=_words(data.get("strict_heads")),
        jamahiriya=tuple(str(m) for m in data.get("jamahiriya_months", [])),
    )


# ---------------------------------------------------------------------------------------------
# 1. find


@dataclass
class _Found:
    form: LabelForm
    a: int  # first token of the label as matched
    b: int  # last token
    start: int  # span of the label text (grown to a rank, a group noun, a phrase)
    end: int
    grown_before: int  # first token of the grown span


def _in(tx: Text, i: int, words: frozenset[str]) -> bool:
    t = tx.w(i)
    return t is not None and bool(set(t.cores) & words)


def _match(tx: Text, lex: Lexicon) -> list[_Found]:
    found: list[_Found] = []
    i = 0
    while i < len(tx.toks):
        t = tx.toks[i]
        if i in tx.at or not t.is_word:
            i += 1
            continue
        best: LabelForm | None = None
        best_core = t.key
        for core in t.cores:
            for n in lex.index.get(core, ()):
                f = lex.forms[n]
                if all(
                    (u := tx.w(i + k)) is not None
                    and (i + k) not in tx.at
                    and f.words[k] in u.cores
                    for k in range(1, len(f.words))
                ) and (best is None or len(f.words) > len(best.words)):
                    best, best_core = f, core
        if best is None:
            i += 1
            continue
        b = i + len(best.words) - 1
        if best.strict and not _in(tx, i - 1, lex.strict_heads):
            i = b + 1
            continue
        a0 = i
        prev = tx.w(i - 1)
        if prev is not None and (i - 1) not in tx.at and t.key == t.bare:
            if _in(tx, i - 1, lex.ranks) or (
                best.kind == "adjective" and _in(tx, i - 1, lex.group_heads)
            ):
                a0 = i - 1
        end_tok = b
        if best.extends:
            end_tok = _phrase_end(tx, b)
        start = tx.toks[a0].start if a0 < i else t.start + _clitics(t.text, best_core)
        found.append(_Found(best, i, b, start, tx.toks[end_tok].end, a0))
        i = end_tok + 1
    return found


def _clitics(word: str, core: str) -> int:
    """How many characters of ``word`` are clitics before ``core`` (`بالعدوان` → 1)."""
    for n in range(len(word)):
        if key(word[n:]) == core or key(word[n:]) == "ال" + core:
            return n
    return 0


def _phrase_end(tx: Text, b: int) -> int:
    """The last token of the phrase a label governs (`المدعومة من المليشيات والجماعات
    الإرهابية`): up to punctuation, a verb or six words."""
    k = b
    while k + 1 < len(tx.toks) and k + 1 - b <= 6:
        t = tx.toks[k + 1]
        if not t.is_word or tx.is_in(k + 1, "relatives") or t.bare in ("حيث", "في", "التي", "الذي"):
            break
        k += 1
    return k


# ---------------------------------------------------------------------------------------------
# 2. attach


def _name_after(tx: Text, f: _Found, lex: Lexicon) -> tuple[bool, Entity | None]:
    """(adjacent, actor) for an epithet written before a name, past ranks, titles and other
    labels. A demonym there names the actor only for an agent label (`العدوان التركي`)."""
    k = f.b + 1
    steps = 0
    while k < len(tx.toks) and steps <= 3:
        act = tx.by_start.get(k)
        if act is not None:
            if act.nisba:
                return True, act.entity if f.form.agent_nisba else None
            return True, act.entity
        t = tx.toks[k]
        if not t.is_word or not (
            _in(tx, k, lex.ranks) or tx._title_word(k) or _label_word(tx, k, lex)
        ):
            return False, None
        k += 1
        steps += 1
    return False, None


def _label_word(tx: Text, k: int, lex: Lexicon) -> bool:
    return any(c in lex.index for c in tx.toks[k].cores)


def _name_before(tx: Text, f: _Found, lex: Lexicon) -> Entity | None:
    """The actor an adjective follows, over demonyms, other labels and quote marks."""
    k = f.grown_before - 1
    steps = 0
    demonym = None
    while k >= 0 and steps <= 4:
        act = tx.at.get(k)
        if act is not None:
            if act.nisba:  # an adjective like the label: look further left
                demonym = demonym or act.entity
                k = act.i - 1
                steps += 1
                continue
            return act.entity
        t = tx.toks[k]
        if t.text in _QUOTES or _label_word(tx, k, lex) or t.bare in ("غير",):
            k -= 1
            steps += 1
            continue
        return demonym if tx.toks[k].text in _QUOTES or not tx.toks[k].is_word else None
    return demonym


def _clause_subject(tx: Text, i: int) -> Entity | None:
    """The nearest earlier name in the sentence that is no object of a preposition and no
    demonym qualifying a plain noun (for `أنقرة … في هجومها الباغي`)."""
    first = tx.sents[tx.sent_of[i]][0]
    for k in range(i - 1, first - 1, -1):
        act: Actor | None = tx.at.get(k)
        if act is None or act.i != k and k != act.j:
            continue
        if tx.governed(act) or tx.role(act) is None:
            continue
        return act.entity
    return None


def _relative_antecedent(tx: Text, f: _Found) -> Entity | None:
    first = tx.sents[tx.sent_of[f.a]][0]
    for k in range(f.grown_before - 1, max(f.grown_before - 9, first - 1), -1):
        if tx.is_in(k, "relatives"):
            m = k - 1
            if m >= 0 and tx.toks[m].text in ("،", ","):
                m -= 1
            act = tx.at.get(m)
            return act.entity if act is not None and not act.nisba else None
        if not tx.toks[k].is_word and tx.toks[k].text not in ("،", ","):
            return None
    return None


def _attacker(tx: Text, f: _Found, lex: Lexicon) -> Entity | None:
    """`للهجوم الإرهابي`: who made the attack the article told of before (`هجوم لقوات
    المعارضة`, `هجوم X`)."""
    head = tx.w(f.grown_before - 1)
    if head is None or not (set(head.cores) & lex.attack_nouns):
        return None
    for k in range(f.grown_before - 2, -1, -1):
        t = tx.toks[k]
        if set(t.cores) & lex.attack_nouns:
            act = tx.by_start.get(k + 1)
            if act is not None and not act.nisba and act.entity.type != "LOC":
                return act.entity
    return None


def find_labels(
    text: str,
    entities: tuple[Entity, ...],
    *,
    lexicon_files: tuple[str, ...] = (),
    keep_unattached: bool = False,
    tx: Text | None = None,
) -> tuple[Label, ...]:
    """Every loaded label of ``text`` with the actor it describes (``actor`` None only with
    ``keep_unattached``; ``tx``: the text as the event annotator analysed it, if at hand)."""
    lex = lexicon(lexicon_files)
    if tx is None:
        tx = analyse(text, entities)
    anchors: list[tuple[int, bool, Entity]] = []  # (position, negative?, actor) named by epithet
    out = []
    for f in _match(tx, lex):
        actor = None
        adjacent, named = _name_after(tx, f, lex) if f.form.kind == "epithet" else (False, None)
        negative = f.form.stance in _NEGATIVE
        if adjacent:
            actor = named
            if actor is not None:
                anchors.append((f.a, negative, actor))
        else:
            conj = tx.toks[f.a].key != tx.toks[f.a].bare  # `والمليشيات`: no adjective
            prev = tx.w(f.grown_before - 1)
            if f.grown_before < f.a and f.form.kind == "adjective":
                actor = _relative_antecedent(tx, f)  # `التي تصنفها … منظمة إرهابية`
            if actor is None and not conj:
                actor = _name_before(tx, f, lex)
            if actor is None and prev is not None and _possessive(prev.text):
                actor = _clause_subject(tx, f.grown_before - 1)
            if (
                actor is None
                and f.form.kind == "adjective"
                or (actor is None and tx.w(f.grown_before) is not None and f.grown_before < f.a)
            ):
                actor = _relative_antecedent(tx, f)
            if actor is None:
                actor = _attacker(tx, f, lex)
                if actor is not None:
                    anchors.append((f.a, negative, actor))
            earlier = [e for pos, neg, e in anchors if pos < f.a and neg == negative]
            if actor is None and f.form.standalone and f.form.kind == "epithet" and earlier:
                actor = earlier[-1]
            if actor is None and f.form.kind == "adjective" and earlier and _qualifies_group(tx, f):
                actor = earlier[-1]
        if actor is None and not keep_unattached:
            continue
        out.append(
            Label(
                start=f.start,
                end=f.end,
                actor=actor.name if actor is not None else None,
                label=text[f.start : f.end],
                stance=f.form.stance,
                annotator=ANNOTATOR,
            )
        )
    return tuple(out)


def _qualifies_group(tx: Text, f: _Found) -> bool:
    """An adjective on a plural group noun (`التنظيمات الإرهابية`) stands for that group."""
    head = tx.w(f.a - 1)
    return head is not None and head.key.startswith("ال") and head.key.endswith("ات")


def _possessive(word: str) -> bool:
    plain = match_key(word)
    return plain.endswith(("ها", "هم", "ه")) and not word.endswith("ة") and len(plain) > 4


def annotate_labels(
    article: Article, lexicon_files: tuple[str, ...] = (), tx: Text | None = None
) -> Article:
    """The article with its ``labels`` (requires entities)."""
    labels = find_labels(article.text, article.entities, lexicon_files=lexicon_files, tx=tx)
    return article.with_(labels=labels, annotators=(*article.annotators, ANNOTATOR))


# ---------------------------------------------------------------------------------------------
# outlet-level markers


def outlet_markers(article: Article, lexicon_files: tuple[str, ...] = ()) -> dict[str, Any]:
    """Signs of an outlet's line in one article, for outlet profiles: the Jamahiriya month
    names it dates with (`ناصر/يوليو`, used by outlets loyal to the former Libyan regime), and
    the stances and words of the labels it uses."""
    lex = lexicon(lexicon_files)
    names = {key(m).replace(" ", ""): m for m in lex.jamahiriya}
    months: list[str] = []
    for t in article.times:
        folded = key(t.text).replace(" ", "")
        for k, name in names.items():
            if k in folded and ("/" in t.text or "-" in t.text):
                months.append(name)
    labels = article.labels or find_labels(
        article.text, article.entities, lexicon_files=lexicon_files
    )
    return {
        "jamahiriya_calendar": bool(months),
        "jamahiriya_months": sorted(set(months)),
        "label_stances": dict(Counter(lb.stance for lb in labels)),
        "label_words": dict(Counter(match_key(lb.label) for lb in labels)),
        "labelled_actors": dict(Counter(lb.actor for lb in labels if lb.actor)),
    }
