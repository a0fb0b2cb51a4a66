"""Quote P/R/F1 and speaker accuracy on the seed gold, with oracle entities.

The seeds go through the real reading and cleaning pipeline; entities come from the gold
(``tests/oracle.py``), so the figures measure the quote rules alone. ``-v`` lists, per article,
the gold quotes missed, the system quotes unmatched and the wrong speakers.

    python bench/quotes_oracle_eval.py [-v]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from marsad.annotate.quotes import find_quotes
from marsad.eval.run import system_output
from marsad.eval.scorer import load_gold, score
from marsad.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "tests"))

from oracle import entity_output, oracle_entities  # noqa: E402


def quote_output(q) -> dict:
    return {
        "speaker": q.speaker,
        "speaker_id": q.speaker_id,
        "anonymous": q.anonymous,
        "cue": q.cue,
        "text": q.text,
        "start": q.start,
        "end": q.end,
        "direct": q.direct,
    }


def run(corpus: Path, gold_dir: Path) -> tuple[list[dict], list[dict]]:
    gold = load_gold(gold_dir)
    by_key = {(g["file"], g["article"]): g for g in gold}
    records = system_output(corpus, Settings())
    for rec in records:
        g = by_key.get((rec["file"], rec["article"]))
        entities = oracle_entities(g, rec["text"]) if g else ()
        rec["entities"] = [entity_output(e) for e in entities]
        rec["quotes"] = [quote_output(q) for q in find_quotes(rec["text"], entities)]
    return gold, records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "seeds")
    parser.add_argument("--gold", type=Path, default=SHARED / "eval" / "seeds")
    args = parser.parse_args()
    gold, records = run(args.corpus, args.gold)
    scores = score(gold, records)
    f, c = scores.figures, scores.counts
    print(f"articles         {len(gold)}")
    print(f"gold quotes      {c['quote']['tp'] + c['quote']['fn']}")
    print(f"system quotes    {c['quote']['tp'] + c['quote']['fp']}")
    for name in ("quote_p", "quote_r", "quote_f1", "speaker"):
        value = f[name]
        print(f"{name:<16} {'-' if value is None else f'{value:.3f}'}")
    if args.verbose:
        for art in scores.per_article:
            q = art.get("quotes") or {}
            print(f"\n== {art['file']} #{art['article']}")
            print(json.dumps(q, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
