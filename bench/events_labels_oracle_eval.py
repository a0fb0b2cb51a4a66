"""Event and label P/R/F1 on the seed gold with oracle entities (not a test).

The cleaning pipeline runs on the seed corpus; the entities are the gold ones placed on the
cleaned text (tests/oracle_events.py), so the figures measure the event and label annotators
alone. ``--detail`` prints what each article missed and what it found in excess.

    python bench/events_labels_oracle_eval.py [--detail]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from oracle_events import oracle_entities  # noqa: E402

from marsad.annotate.events import find_events  # noqa: E402
from marsad.annotate.labels import find_labels  # noqa: E402
from marsad.eval.run import system_output  # noqa: E402
from marsad.eval.scorer import score  # noqa: E402
from marsad.export import _entity_out  # noqa: E402
from marsad.model import TimeExpr  # noqa: E402
from marsad.settings import Settings  # noqa: E402

CORPUS = ROOT.parent / "shared/corpus/seeds"
GOLD = ROOT.parent / "shared/eval/seeds"


def run(detail: bool) -> dict[str, float | None]:
    gold = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*.json"))]
    by_key = {(g["file"], g["article"]): g for g in gold}
    system = []
    for out in system_output(CORPUS, Settings()):
        g = by_key.get((out["file"], out["article"]))
        if g is None:
            continue
        text = out["text"]
        entities = oracle_entities(text, g)
        times = tuple(
            TimeExpr(t["start"], t["end"], t["text"], t["value"], "absolute") for t in out["times"]
        )
        events = find_events(text, entities, times, out["published"], out["dateline"])
        labels = find_labels(text, entities)
        out = dict(out)
        out["entities"] = [_entity_out(e) for e in entities]
        out["events"] = [
            {
                "type": e.type,
                "source": e.source,
                "target": e.target,
                "place": e.place,
                "date": e.date,
                "start": e.start,
                "end": e.end,
                "trigger": e.trigger,
                "modality": e.modality,
            }
            for e in events
        ]
        out["labels"] = [
            {"actor": lb.actor, "label": lb.label, "start": lb.start, "end": lb.end}
            for lb in labels
        ]
        system.append(out)
    scores = score(gold, system)
    if detail:
        for art in scores.per_article:
            if not art.get("in_gold"):
                continue
            print(f"== {art['file']} #{art['article']}")
            for part in ("events", "labels"):
                d = art[part]
                print(f"  {part}: found {d['found']}")
                for m in d["missed"]:
                    print(f"    missed {m}")
                for fp in d["false_positives"]:
                    print(f"    extra  {fp}")
    figures = {
        k: scores.figures[k]
        for k in ("event_p", "event_r", "event_f1", "label_p", "label_r", "label_f1")
    }
    for name, value in figures.items():
        c = scores.counts[name.split("_")[0]]
        print(
            f"{name:9} {value if value is None else round(value, 3)}   "
            f"(tp {c['tp']} fp {c['fp']} fn {c['fn']})"
        )
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--detail", action="store_true", help="misses and extras per article")
    run(parser.parse_args().detail)
