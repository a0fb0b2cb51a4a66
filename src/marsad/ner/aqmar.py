"""Reader for the AQMAR Arabic Wikipedia named-entity corpus (Mohit et al., EACL 2012).

The corpus (CC BY-SA 3.0) lives outside the package, in ``shared/data/aqmar/*.txt``: one
``token TAG`` pair per line (tab or spaces), a blank line between sentences. Tags are BIO over
PER, LOC, ORG and the article-specific miscellaneous classes MIS0..MIS3.

We tag PER/LOC/ORG only, so every other class (MIS*, and the odd ``B-ENGLISH``) becomes ``O``.
A few tags in the files are malformed (``I--ORG``, ``B-MIS1```, ``OO``, ``B-MISS1``); they are
repaired, never fatal, and every repair is counted in a :class:`ReadReport` so a reader can see
what was changed. An ``I-X`` that does not continue an ``X`` span is turned into ``B-X``.
One-token PER spans naming a group of people (``العرب``, ``المسلمين``) become ``O``
(:func:`relabel_groups`): marsad's PER is a person.

The split is by file (an article never straddles train and dev): :data:`DEV_FILES` are held
out for development, all other files train.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

TYPES = ("PER", "LOC", "ORG")

# Four articles held out as the dev split, chosen to cover the corpus's kinds of text and all
# three types: a footballer (PER/ORG-heavy), a software activist (PER/ORG/LOC), a sports event
# (LOC-heavy) and a historic mosque (PER/LOC, history). Together ~9,400 tokens (~15%).
DEV_FILES = ("Raul_Gonzales", "Richard_Stallman", "Summer_Olympics2004", "Ummaya_Mosque")


def default_data_dir() -> Path:
    """``<repo>/../shared/data/aqmar``: the repository root ``main/`` sits beside ``shared/``."""
    repo_root = Path(__file__).resolve().parents[3]
    return repo_root.parent / "shared" / "data" / "aqmar"


@dataclass(frozen=True)
class Sentence:
    tokens: tuple[str, ...]
    tags: tuple[str, ...]  # BIO over PER/LOC/ORG
    source: str  # file stem


@dataclass
class ReadReport:
    """What the reader changed: ``repairs['I--ORG -> I-ORG'] == 1`` and so on."""

    repairs: Counter[str] = field(default_factory=Counter)
    sentences: int = 0
    tokens: int = 0

    def add(self, other: ReadReport) -> None:
        self.repairs.update(other.repairs)
        self.sentences += other.sentences
        self.tokens += other.tokens

    def summary(self) -> str:
        lines = [f"{self.sentences} sentences, {self.tokens} tokens"]
        lines += [f"  {n:5d}  {what}" for what, n in sorted(self.repairs.items())]
        return "\n".join(lines)


_JUNK = re.compile(r"[^A-Za-z0-9-]")
_DASHES = re.compile(r"-{2,}")


def normalize_tag(raw: str) -> tuple[str, str | None]:
    """``(tag, repair)``: the PER/LOC/ORG BIO tag for a raw AQMAR tag, and a description of
    the repair when the raw tag was malformed (None when it was well formed).

    Mapping a well-formed MIS tag to ``O`` is by design, not a repair.
    """
    tag = _DASHES.sub("-", _JUNK.sub("", raw)).strip("-").upper()
    if tag and set(tag) == {"O"}:  # "O", "OO", ...
        return "O", (None if raw == "O" else f"{raw} -> O")
    prefix, _, kind = tag.partition("-")
    if prefix not in ("B", "I") or not kind:
        return "O", f"{raw} -> O (unreadable)"
    if kind in TYPES:
        fixed = f"{prefix}-{kind}"
        return fixed, (None if raw == fixed else f"{raw} -> {fixed}")
    if re.fullmatch(r"MIS[0-3]", kind):
        return "O", (None if raw == tag else f"{raw} -> O (MIS)")
    if kind.startswith("MIS"):
        return "O", f"{raw} -> O (MIS)"
    return "O", f"{raw} -> O (unknown class)"


def repair_bio(tags: list[str]) -> tuple[list[str], int]:
    """Turn each ``I-X`` that does not follow ``B-X``/``I-X`` into ``B-X``; return the count."""
    fixed, n, prev = [], 0, "O"
    for tag in tags:
        if tag.startswith("I-") and prev[2:] != tag[2:]:
            tag, n = "B-" + tag[2:], n + 1
        fixed.append(tag)
        prev = tag
    return fixed, n


# Nouns for groups of people that AQMAR tags PER (``العرب``, ``الشيعة``); marsad's PER is a
# person, and a demonym is a mention of its country (shared/eval/GUIDELINES.md), so a
# one-token PER span that is such a noun, or a plural with the article (``المسلمين``,
# ``العباسيين``, ``المصريون``: stem of 6+ letters ending in ين/ون), is relabelled O.
GROUP_NOUNS = frozenset(
    """عرب شيعه سنه يهود فرس هنود خوارج المان اتراك انكليز انجليز روم اكراد نصاري سلاجقه
    ادارسه مغول تتار بربر اغريق فرنجه""".split()
)


def is_group_noun(token: str) -> bool:
    from marsad.ner.features import split_clitics, word_key

    _, stem, article = split_clitics(word_key(token))
    return article and (stem in GROUP_NOUNS or (len(stem) >= 6 and stem[-2:] in ("ين", "ون")))


def relabel_groups(tokens: tuple[str, ...], tags: list[str]) -> tuple[list[str], int]:
    """One-token PER spans that name a group of people -> O; return the count."""
    tags, n = list(tags), 0
    for a, b, kind in spans(tags):
        if kind == "PER" and b - a == 1 and is_group_noun(tokens[a]):
            tags[a], n = "O", n + 1
    return tags, n


def parse_lines(lines: Iterable[str], source: str) -> tuple[list[Sentence], ReadReport]:
    """Sentences from CoNLL-style lines, with the repairs made."""
    report = ReadReport()
    sentences: list[Sentence] = []
    tokens: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if tokens:
            bio, n = repair_bio(tags)
            if n:
                report.repairs["I-X not continuing X -> B-X"] += n
            bio, n = relabel_groups(tuple(tokens), bio)
            if n:
                report.repairs["PER naming a group of people -> O (by design)"] += n
            sentences.append(Sentence(tuple(tokens), tuple(bio), source))
            report.sentences += 1
            report.tokens += len(tokens)
            tokens.clear()
            tags.clear()

    for line in lines:
        fields = line.lstrip("\ufeff").split()
        if not fields:
            flush()
            continue
        if len(fields) == 1:
            report.repairs["line without a tag -> O"] += 1
            fields.append("O")
        elif len(fields) > 2:
            report.repairs["line with extra fields (first token, last tag kept)"] += 1
        tag, repair = normalize_tag(fields[-1])
        if repair:
            report.repairs[repair] += 1
        tokens.append(fields[0])
        tags.append(tag)
    flush()
    return sentences, report


def read_file(path: Path) -> tuple[list[Sentence], ReadReport]:
    with open(path, encoding="utf-8", errors="replace") as fh:
        return parse_lines(fh, Path(path).stem)


def read_corpus(data_dir: Path | None = None) -> tuple[dict[str, list[Sentence]], ReadReport]:
    """Every ``*.txt`` of the corpus folder (``PROVENANCE.txt`` excepted), by file stem."""
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    files = sorted(p for p in data_dir.glob("*.txt") if p.stem.upper() != "PROVENANCE")
    if not files:
        raise FileNotFoundError(
            f"no AQMAR *.txt files in {data_dir}. Fix: pass the corpus folder (--data)"
        )
    total = ReadReport()
    corpus: dict[str, list[Sentence]] = {}
    for path in files:
        corpus[path.stem], report = read_file(path)
        total.add(report)
    return corpus, total


def split(
    corpus: Mapping[str, list[Sentence]], dev_files: Iterable[str] = DEV_FILES
) -> tuple[list[Sentence], list[Sentence]]:
    """``(train, dev)`` by file, in a fixed (sorted) order."""
    dev_set = set(dev_files)
    missing = dev_set - set(corpus)
    if missing:
        raise ValueError(f"dev files not in the corpus: {sorted(missing)}")
    train = [s for name in sorted(corpus) if name not in dev_set for s in corpus[name]]
    dev = [s for name in sorted(corpus) if name in dev_set for s in corpus[name]]
    return train, dev


def spans(tags: Iterable[str]) -> list[tuple[int, int, str]]:
    """Exact entity spans ``(start, end, type)`` (token indices, end exclusive) of a BIO
    sequence; an ``I-X`` that does not continue ``X`` opens a new span (conlleval style)."""
    out: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, t = tag.partition("-")
        if kind and (prefix != "I" or t != kind):
            out.append((start, i, kind))
            kind = ""
        if prefix == "B" or (prefix == "I" and not kind):
            start, kind = i, t
    return out


@dataclass(frozen=True)
class PRF:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def span_scores(
    gold: Iterable[Iterable[str]], predicted: Iterable[Iterable[str]]
) -> dict[str, PRF]:
    """Exact span match P/R/F1 per type and ``"ALL"`` (micro), as seqeval/conlleval."""
    counts = {t: [0, 0, 0] for t in (*TYPES, "ALL")}
    for g_tags, p_tags in zip(gold, predicted, strict=True):
        g, p = set(spans(g_tags)), set(spans(p_tags))
        for kind in (*TYPES, "ALL"):
            gk = {s for s in g if kind in ("ALL", s[2])}
            pk = {s for s in p if kind in ("ALL", s[2])}
            counts[kind][0] += len(gk & pk)
            counts[kind][1] += len(pk - gk)
            counts[kind][2] += len(gk - pk)
    return {k: PRF(*v) for k, v in counts.items() if k in TYPES or k == "ALL"}
