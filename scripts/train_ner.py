"""Train marsad's Arabic name tagger (CRF, python-crfsuite L-BFGS) on AQMAR and ship it.

1. read AQMAR (``--data``, default ``../shared/data/aqmar``), repairing malformed tags
   (the repairs are printed);
2. split by file: ``marsad.ner.aqmar.DEV_FILES`` are dev, the other articles train;
3. features per sentence, with the article as the document; gazetteer features are learnt by
   jackknife: a training article sees the names annotated in the *other* training articles
   plus the offline place list (``marsad.kb.places``), and half of the sentences (fixed by a
   hash) see no gazetteer, so that the model also works without one (the default);
4. a light grid over ``c1``/``c2`` (L1/L2), each model scored on dev (no gazetteer): exact
   span P/R/F1 per type; the best overall F1 is written to ``--out``
   (default ``src/marsad/ner/model.crfsuite``);
5. dev figures of the written model: without and with the place gazetteer, and PER
   precision/recall when spans below a confidence are dropped.

Run: ``/work/venv/bin/python scripts/train_ner.py [--data DIR] [--out FILE] [--c1 X --c2 Y]``.
The dev articles are never trained on, so the shipped model's dev figures are honest.
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import sys
import tempfile
import time
import zlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
try:
    import marsad  # noqa: F401
except ImportError:  # not installed: use the source tree
    sys.path.insert(0, str(ROOT / "src"))

import pycrfsuite  # noqa: E402

from marsad.ner import aqmar  # noqa: E402
from marsad.ner.aqmar import PRF, TYPES, Sentence, span_scores  # noqa: E402
from marsad.ner.features import document_context, sentence_features  # noqa: E402
from marsad.ner.tagger import Tagger, bio_spans  # noqa: E402
from marsad.text.normalize import match_key  # noqa: E402

GRID_C1 = (0.05, 0.1, 0.2)
GRID_C2 = (0.01, 0.05, 0.1)
GAZ_DROPOUT = 0.5
MIN_FREQ = 1  # features seen once are dropped (keeps the model small)
MAX_ITERATIONS = 300

Gaz = dict[str, set[str]]


def place_gazetteer() -> Gaz:
    """One-word Arabic place names of the offline gazetteer, as ``{match_key: {"LOC"}}``."""
    from marsad.kb.places import gazetteer

    return {key: {"LOC"} for key in gazetteer() if " " not in key}


def names_gazetteer(sentences: Iterable[Sentence]) -> Gaz:
    """Every token inside an annotated name, with the name's type."""
    gaz: Gaz = defaultdict(set)
    for s in sentences:
        for a, b, kind in bio_spans(s.tags):
            for token in s.tokens[a:b]:
                gaz[match_key(token)].add(kind)
    return gaz


def merge(*gazetteers: Mapping[str, set[str]]) -> Gaz:
    out: Gaz = defaultdict(set)
    for gaz in gazetteers:
        for key, tags in gaz.items():
            out[key] |= tags
    return out


def by_file(sentences: list[Sentence]) -> dict[str, list[Sentence]]:
    out: dict[str, list[Sentence]] = defaultdict(list)
    for s in sentences:
        out[s.source].append(s)
    return out


def training_items(train: list[Sentence], places: Gaz) -> list[tuple[list[list[str]], list[str]]]:
    files = by_file(train)
    items = []
    for name, sents in files.items():
        others = [s for other, ss in files.items() if other != name for s in ss]
        gaz = merge(places, names_gazetteer(others))
        doc = document_context([s.tokens for s in sents])
        for s in sents:
            drop = zlib.crc32(" ".join(s.tokens).encode()) % 1000 < GAZ_DROPOUT * 1000
            items.append((sentence_features(s.tokens, None if drop else gaz, doc), list(s.tags)))
    return items


def train_model(items, path: Path, c1: float, c2: float) -> float:
    trainer = pycrfsuite.Trainer(verbose=False)
    for xseq, yseq in items:
        trainer.append(xseq, yseq)
    trainer.select("lbfgs")
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": MAX_ITERATIONS,
            "feature.minfreq": MIN_FREQ,
            "feature.possible_transitions": True,
        }
    )
    start = time.perf_counter()
    trainer.train(str(path))
    return time.perf_counter() - start


def predict(tagger: Tagger, dev: list[Sentence], gaz: Gaz | None = None) -> list[list[str]]:
    """Dev tags, each article tagged as one document, in the order of ``dev``."""
    out: dict[int, list[str]] = {}
    for sents in by_file(dev).values():
        tags = tagger.tag_document([s.tokens for s in sents], gaz)
        out.update({id(s): t for s, t in zip(sents, tags, strict=True)})
    return [out[id(s)] for s in dev]


def table(scores: Mapping[str, PRF], title: str) -> str:
    lines = [title, f"  {'type':5s} {'P':>6s} {'R':>6s} {'F1':>6s} {'gold':>5s} {'pred':>5s}"]
    for kind in (*TYPES, "ALL"):
        s = scores[kind]
        lines.append(
            f"  {kind:5s} {100 * s.precision:6.1f} {100 * s.recall:6.1f} {100 * s.f1:6.1f}"
            f" {s.tp + s.fn:5d} {s.tp + s.fp:5d}"
        )
    return "\n".join(lines)


def confidence_table(tagger: Tagger, dev: list[Sentence]) -> str:
    """PER and overall P/R when spans whose least certain tag is below a threshold are dropped."""
    gold = [list(s.tags) for s in dev]
    names = []
    for sents in by_file(dev).values():
        doc = document_context([s.tokens for s in sents])
        names += [(id(s), tagger.names(s.tokens, None, doc)) for s in sents]
    found = dict(names)
    lines = [
        "dev, dropping spans below a confidence (no gazetteer):",
        "  min_prob  PER P/R/F1          ALL P/R/F1",
    ]
    for threshold in (0.0, 0.5, 0.6, 0.7, 0.8, 0.9):
        pred = []
        for s in dev:
            tags = ["O"] * len(s.tokens)
            for n in found[id(s)]:
                if n.prob >= threshold:
                    tags[n.start : n.end] = [f"B-{n.type}"] + [f"I-{n.type}"] * (
                        n.end - n.start - 1
                    )
            pred.append(tags)
        sc = span_scores(gold, pred)
        per, all_ = sc["PER"], sc["ALL"]
        lines.append(
            f"  {threshold:8.1f}  {100 * per.precision:5.1f}/{100 * per.recall:5.1f}/{100 * per.f1:5.1f}"
            f"   {100 * all_.precision:5.1f}/{100 * all_.recall:5.1f}/{100 * all_.f1:5.1f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=aqmar.default_data_dir())
    parser.add_argument("--out", type=Path, default=ROOT / "src/marsad/ner/model.crfsuite")
    parser.add_argument("--c1", type=float, help="skip the grid: use this c1 (with --c2)")
    parser.add_argument("--c2", type=float)
    args = parser.parse_args(argv)

    # 1-2. corpus and split
    corpus, report = aqmar.read_corpus(args.data)
    print(f"AQMAR at {args.data}: {len(corpus)} files, {report.summary()}")
    train, dev = aqmar.split(corpus)
    print(
        f"train: {len(corpus) - len(aqmar.DEV_FILES)} files, {len(train)} sentences, "
        f"{sum(len(s.tokens) for s in train)} tokens; dev: {', '.join(aqmar.DEV_FILES)}: "
        f"{len(dev)} sentences, {sum(len(s.tokens) for s in dev)} tokens"
    )

    # 3. features
    places = place_gazetteer()
    items = training_items(train, places)
    gold = [list(s.tags) for s in dev]

    # 4. grid, scored on dev without a gazetteer
    if args.c1 is not None and args.c2 is not None:
        grid = [(args.c1, args.c2)]
    else:
        grid = list(itertools.product(GRID_C1, GRID_C2))
    best: tuple[float, float, float, Path] | None = None
    with tempfile.TemporaryDirectory() as tmp:
        for c1, c2 in grid:
            path = Path(tmp) / f"c1={c1}_c2={c2}.crfsuite"
            seconds = train_model(items, path, c1, c2)
            sc = span_scores(gold, predict(Tagger.load(path), dev))
            print(
                f"c1={c1:<5} c2={c2:<5} {seconds:5.1f}s {path.stat().st_size / 1e6:5.2f} MB  "
                + "  ".join(f"{k} F1 {100 * sc[k].f1:5.1f}" for k in (*TYPES, "ALL"))
            )
            if best is None or sc["ALL"].f1 > best[0]:
                best = (sc["ALL"].f1, c1, c2, path)
        assert best is not None
        _, c1, c2, path = best
        args.out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, args.out)
    print(f"\nchosen c1={c1} c2={c2}; wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")

    # 5. figures of the written model
    tagger = Tagger.load(args.out)
    print(table(span_scores(gold, predict(tagger, dev)), "\ndev, no gazetteer (the default):"))
    print(
        table(span_scores(gold, predict(tagger, dev, places)), "\ndev, with the place gazetteer:")
    )
    print()
    print(confidence_table(tagger, dev))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
