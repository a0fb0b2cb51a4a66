"""Throughput of read + clean + metadata + times + store on real articles, beside the floor
of merely reading, normalising and tokenising the same articles. Prints figures; not a test.

    python bench/throughput.py [--n 5000] [--corpus ../shared/corpus/saudinewsnet] [--db URL]
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

from marsad.pipeline import Summary, batched, iter_articles
from marsad.read import read_paths
from marsad.settings import Settings
from marsad.store import open_store
from marsad.text.normalize import match_key

ROOT = Path(__file__).resolve().parents[1]


def raw_documents(corpus: Path, n: int) -> list:
    docs = []
    for item in read_paths([corpus]):
        if hasattr(item, "text"):
            docs.append(item)
            if len(docs) >= n:
                break
    return docs


def floor(docs: list) -> float:
    t = time.perf_counter()
    tokens = 0
    for d in docs:
        tokens += len(match_key(d.text).split())
    return time.perf_counter() - t


def full(docs: list, db: str) -> tuple[float, int]:
    settings = Settings(db=db)
    summary = Summary()
    t = time.perf_counter()
    with open_store(db) as store:
        for batch in batched(iter_articles(iter(docs), settings, summary), settings.batch_size):
            store.upsert_articles(batch)
    return time.perf_counter() - t, summary.articles


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpus/saudinewsnet")
    ap.add_argument("--db", default=None, help="store URL (default: a temporary SQLite file)")
    args = ap.parse_args()

    t = time.perf_counter()
    docs = raw_documents(args.corpus, args.n)
    t_read = time.perf_counter() - t
    t_floor = floor(docs) + t_read
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "bench.db")
        t_full, n_articles = full(docs, db)
    t_full += t_read
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"articles: {len(docs)} records -> {n_articles} articles  (1 process, {os.cpu_count()} cores on machine)"
    )
    print(f"{'path':<44}{'seconds':>10}{'articles/s/core':>18}")
    print(f"{'floor: read + normalise + tokenise':<44}{t_floor:>10.2f}{len(docs) / t_floor:>18.0f}")
    print(f"{'marsad: read+clean+meta+times+store':<44}{t_full:>10.2f}{len(docs) / t_full:>18.0f}")
    print(f"ratio full/floor: {t_full / t_floor:.1f}x   peak RSS: {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
