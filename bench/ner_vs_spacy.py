"""marsad's CRF name tagger beside a spaCy NER model trained on the same AQMAR split.

In one run (a benchmark, not a test):

1. read AQMAR and split it by file exactly as ``scripts/train_ner.py`` does
   (``marsad.ner.aqmar.DEV_FILES`` are dev);
2. train spaCy's ``ner`` pipe from scratch on the train articles: ``spacy.blank("ar")``,
   the default NER architecture (hash-embedding CNN + transition parser), ``--epochs``
   epochs, fixed seed; nothing is downloaded;
3. tag the dev articles with both, from the same gold tokens: the shipped CRF
   (``marsad/ner/model.crfsuite``, no gazetteer, each article as one document) and the spaCy
   model; exact span P/R/F1 per type and overall, and tokens per second (best of
   ``--repeat`` runs, one process, features/Doc building included);
4. print both side by side;
5. news check (out of domain, never used for training or tuning): the seed articles
   (``shared/corpus/seeds``) with their gold entities (``shared/eval/seeds``). Both taggers
   read the same tokens (``marsad.ner.tokenize``, sentences as in ``find_names``); a system
   name is right when its ``mention_key`` equals a gold mention of an entity of the same type
   in that file (precision over distinct (type, key) pairs); a gold entity is found when one
   of its mentions is (recall). Whole files are tagged, boilerplate included, for both.

Run: ``/work/venv/bin/python bench/ner_vs_spacy.py [--epochs 15] [--seed 0] [--repeat 3]
[--data DIR]``. Needs spaCy (``pip install spacy``, bench only); without it the script says
so and exits 0.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
try:
    import marsad  # noqa: F401
except ImportError:  # not installed: use the source tree
    sys.path.insert(0, str(ROOT / "src"))

from marsad.ner import aqmar  # noqa: E402
from marsad.ner.aqmar import PRF, TYPES, Sentence, span_scores  # noqa: E402
from marsad.ner.tagger import Tagger, find_names, sentences  # noqa: E402
from marsad.text.normalize import mention_key  # noqa: E402


def by_file(sentences: list[Sentence]) -> dict[str, list[Sentence]]:
    out: dict[str, list[Sentence]] = defaultdict(list)
    for s in sentences:
        out[s.source].append(s)
    return out


# ---------------------------------------------------------------------------------------
# CRF


def crf_tag(tagger: Tagger, dev: list[Sentence]) -> list[list[str]]:
    out: dict[int, list[str]] = {}
    for sents in by_file(dev).values():
        tags = tagger.tag_document([s.tokens for s in sents])
        out.update({id(s): t for s, t in zip(sents, tags, strict=True)})
    return [out[id(s)] for s in dev]


# ---------------------------------------------------------------------------------------
# spaCy


def spacy_docs(nlp, sentences: list[Sentence], with_entities: bool):
    """Docs of the gold tokens (no spaCy tokenisation), with the gold names if asked."""
    from spacy.tokens import Doc, Span

    docs = []
    for s in sentences:
        doc = Doc(nlp.vocab, words=list(s.tokens))
        if with_entities:
            doc.ents = [Span(doc, a, b, label=kind) for a, b, kind in aqmar.spans(s.tags)]
        docs.append(doc)
    return docs


def size_on_disk(nlp) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        nlp.to_disk(tmp)
        return sum(p.stat().st_size for p in Path(tmp).rglob("*") if p.is_file())


def spacy_train(train: list[Sentence], epochs: int, seed: int):
    import spacy
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(seed)
    nlp = spacy.blank("ar")
    nlp.add_pipe("ner")
    examples = [
        Example(predicted, reference)
        for predicted, reference in zip(
            spacy_docs(nlp, train, False), spacy_docs(nlp, train, True), strict=True
        )
    ]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    for epoch in range(epochs):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=16):
            nlp.update(batch, drop=0.2, sgd=optimizer, losses=losses)
        print(f"  spaCy epoch {epoch + 1:2d}/{epochs}: ner loss {losses.get('ner', 0):9.1f}")
    return nlp


def spacy_tag(nlp, dev: list[Sentence]) -> list[list[str]]:
    ner = nlp.get_pipe("ner")
    out = []
    for doc in ner.pipe(spacy_docs(nlp, dev, False), batch_size=64):
        tags = ["O"] * len(doc)
        for ent in doc.ents:
            tags[ent.start : ent.end] = [f"B-{ent.label_}"] + [f"I-{ent.label_}"] * (
                ent.end - ent.start - 1
            )
        out.append(tags)
    return out


# ---------------------------------------------------------------------------------------
# news check on the seed articles


def seed_gold(shared: Path) -> dict[str, list[tuple[str, set[str]]]]:
    """file name -> [(type, {mention keys})] for every gold entity of the file's articles."""
    import json

    gold: dict[str, list[tuple[str, set[str]]]] = defaultdict(list)
    for path in sorted((shared / "eval" / "seeds").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        for ent in record.get("entities", []):
            keys = {mention_key(m) for m in [ent["name"], *ent.get("mentions", [])]}
            gold[record["file"]].append((ent["type"], keys))
    return gold


def spacy_find(nlp, text: str) -> list[tuple[int, int, str]]:
    from spacy.tokens import Doc

    out = []
    ner = nlp.get_pipe("ner")
    for sent in sentences(text):
        doc = ner(Doc(nlp.vocab, words=[t for t, _, _ in sent]))
        out += [(sent[e.start][1], sent[e.end - 1][2], e.label_) for e in doc.ents]
    return out


def news_scores(shared: Path, find) -> dict[str, tuple[float, float, float, int]]:
    """``type -> (precision, recall, F1, gold entities)`` of ``find(text)`` on the seeds."""
    gold = seed_gold(shared)
    right, wrong, found_entities, n_gold = (defaultdict(int) for _ in range(4))
    for name, entities in gold.items():
        text = (shared / "corpus" / "seeds" / name).read_text(encoding="utf-8")
        found = {(kind, mention_key(text[a:b])) for a, b, kind in find(text)}
        for kind, key in found:
            ok = any(kind == t and key in keys for t, keys in entities)
            for k in (kind, "ALL"):
                (right if ok else wrong)[k] += 1
        for kind, keys in entities:
            hit = any((kind, key) in found for key in keys)
            for k in (kind, "ALL"):
                n_gold[k] += 1
                found_entities[k] += hit
    out = {}
    for k in (*TYPES, "ALL"):
        p = right[k] / (right[k] + wrong[k]) if right[k] + wrong[k] else 0.0
        r = found_entities[k] / n_gold[k] if n_gold[k] else 0.0
        out[k] = (p, r, 2 * p * r / (p + r) if p + r else 0.0, n_gold[k])
    return out


# ---------------------------------------------------------------------------------------


def timed(fn, repeat: int):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return result, best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=aqmar.default_data_dir())
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args(argv)

    try:
        import spacy
    except ImportError:
        print(
            "spaCy is not installed; this benchmark needs it (bench only, not a runtime "
            "dependency). Install it with:\n  /work/venv/bin/pip install spacy\nthen run again."
        )
        return 0

    # 1. data
    corpus, report = aqmar.read_corpus(args.data)
    train, dev = aqmar.split(corpus)
    n_dev = sum(len(s.tokens) for s in dev)
    print(
        f"AQMAR: {report.sentences} sentences, {report.tokens} tokens, "
        f"{sum(report.repairs.values())} tag repairs; train {len(train)} sentences, "
        f"dev {len(dev)} sentences / {n_dev} tokens ({', '.join(aqmar.DEV_FILES)})"
    )

    # 2. spaCy, trained here
    print(
        f"training spaCy {spacy.__version__} NER (blank 'ar', {args.epochs} epochs, seed {args.seed})"
    )
    start = time.perf_counter()
    nlp = spacy_train(train, args.epochs, args.seed)
    spacy_seconds = time.perf_counter() - start

    # 3. both on dev
    gold = [list(s.tags) for s in dev]
    tagger = Tagger.load()
    tagger.tag(["تجربة"])  # open the model outside the timing
    crf_pred, crf_t = timed(lambda: crf_tag(tagger, dev), args.repeat)
    sp_pred, sp_t = timed(lambda: spacy_tag(nlp, dev), args.repeat)
    crf, sp = span_scores(gold, crf_pred), span_scores(gold, sp_pred)

    # 4. side by side
    def cell(s: PRF) -> str:
        return f"{100 * s.precision:5.1f} {100 * s.recall:5.1f} {100 * s.f1:5.1f}"

    crf_size = len(tagger.model_bytes) / 1e6
    print()
    print(f"dev (exact span match)  {'marsad CRF':^17s} | {'spaCy ' + spacy.__version__:^17s}")
    print(
        f"{'type':5s} {'gold':>5s}             {'P':>5s} {'R':>5s} {'F1':>5s} | {'P':>5s} {'R':>5s} {'F1':>5s}"
    )
    for kind in (*TYPES, "ALL"):
        g = crf[kind].tp + crf[kind].fn
        print(f"{kind:5s} {g:5d}             {cell(crf[kind])} | {cell(sp[kind])}")
    print(
        f"tokens/s (dev, best of {args.repeat})  {n_dev / crf_t:>13,.0f}     | {n_dev / sp_t:>13,.0f}"
    )
    print(f"model size             {crf_size:>14.2f} MB | {size_on_disk(nlp) / 1e6:>14.2f} MB")
    print(f"training time          {'scripts/train_ner.py':>17s} | {spacy_seconds:>11.0f} s")

    # 5. news
    if not (args.shared / "eval" / "seeds").is_dir():
        print(f"\n(no seed gold under {args.shared}: news check skipped)")
        return 0
    crf_news = news_scores(args.shared, find_names)
    sp_news = news_scores(args.shared, lambda text: spacy_find(nlp, text))
    print("\nnews: seed articles, entity level (not used for training or tuning)")
    for kind in (*TYPES, "ALL"):
        c, s_ = crf_news[kind], sp_news[kind]
        print(
            f"{kind:5s} {c[3]:5d}             "
            + " ".join(f"{100 * x:5.1f}" for x in c[:3])
            + " | "
            + " ".join(f"{100 * x:5.1f}" for x in s_[:3])
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
