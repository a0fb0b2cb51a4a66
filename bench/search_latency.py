"""Search latency (p50/p95/max) of ``marsad.search.search`` on a big store. Prints figures;
not a test.

    python bench/search_latency.py                   # 100,000 articles in /tmp/marsad-bench
    python bench/search_latency.py --n 100000 --db postgresql://...   # the same on PostgreSQL

The store is built once and reused: first a *base* store of the SaudiNewsNet corpus run
through the full pipeline (``--base``; build it with ``--engine dask`` to use every core), then
the base articles cycled to ``--n`` with ``#cycle=k`` appended to their keys, and the corpus
step (``marsad.corpus.update_corpus``, which builds the search index) run over it (again on
every run: it resumes an interrupted one, and does nothing on a finished store).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from marsad.corpus import update_corpus
from marsad.settings import Settings
from marsad.store import open_store

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "saudinewsnet"
WORK = Path(os.environ.get("MARSAD_BENCH_DIR", "/tmp/marsad-bench"))
QUERIES = (
    "السعودية",
    "اليمن",
    "الحوثي",
    "وزير الخارجية",
    "ولي العهد",
    "داعش",
    "مجلس الأمن",
    "النفط",
    "أسعار النفط",
    "الرياض",
    "إيران النووي",
    "الأمم المتحدة",
    "كرة القدم",
    "الهلال",
    "خادم الحرمين الشريفين",
    "حفتر",
    "طرابلس",
    "لا توجد كلمة كهذه",
)


def build_base(db: str, engine: str, workers: int, n: int) -> None:
    """The corpus through the full pipeline (whole corpus with dask, else ``n`` records)."""
    t = time.perf_counter()
    if engine == "dask":
        from marsad.distributed import analyze_dask, dask_client

        with dask_client(None, workers) as client:
            summary = analyze_dask([CORPUS], Settings(db=db), client)
        count = summary.articles
    else:
        sys.path.insert(0, str(Path(__file__).parent))
        from scale import records

        from marsad.pipeline import Summary, batched, iter_articles

        summary = Summary()
        with open_store(db) as store:
            for batch in batched(iter_articles(records(CORPUS, n), Settings(), summary), 200):
                store.upsert_articles(batch)
        count = summary.articles
    print(f"base store: {count} articles in {time.perf_counter() - t:.0f}s ({engine})", flush=True)


def build_cycled(base: str, db: str, n: int) -> None:
    """``n`` articles: the base ones, again and again, each pass with its own keys."""
    t = time.perf_counter()
    with open_store(base) as src, open_store(db) as dst:
        have = dst.count()["articles"]
        done, cycle = 0, 0
        while done < n:
            batch = []
            for a in src.iter_articles():
                if done >= n:
                    break
                if done >= have:
                    batch.append(a.with_(key=f"{a.key}#cycle={cycle}") if cycle else a)
                done += 1
                if len(batch) >= 500:
                    dst.upsert_articles(batch)
                    batch = []
            if batch:
                dst.upsert_articles(batch)
            cycle += 1
        print(f"cycled store: {n} articles written in {time.perf_counter() - t:.0f}s", flush=True)


def index(db: str) -> None:
    """The corpus step (search index, near-duplicates, stories) over what it has not done
    yet: all of a new store, the rest of one whose indexing was interrupted."""
    with open_store(db) as store:
        t, cpu = time.perf_counter(), time.process_time()
        counts = update_corpus(store)
        wall = time.perf_counter() - t
    if counts["processed"]:
        print(
            f"corpus step (search index, dedup, stories): {counts['processed']} articles in"
            f" {wall:.0f}s = {counts['processed'] / wall:.0f} articles/s"
            f" (this process's CPU {time.process_time() - cpu:.0f}s); {counts}",
            flush=True,
        )


def ensure_store(args: argparse.Namespace) -> str:
    WORK.mkdir(parents=True, exist_ok=True)
    base = args.base or str(WORK / "base.db")
    if args.base is None and not Path(base).exists():
        build_base(base, args.engine, args.workers, min(args.n, 27_644))
    db = args.db or str(WORK / f"store-{args.n}.db")
    with open_store(db) as store:
        ready = store.count()["articles"] >= args.n
    if not ready:
        build_cycled(base, db, args.n)
    index(db)
    return db


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--db", help="store to search (default: /tmp/marsad-bench/store-N.db)")
    ap.add_argument("--base", help="base store to cycle from (default: built from the corpus)")
    ap.add_argument("--engine", choices=("local", "dask"), default="dask")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--repeat", type=int, default=5, help="runs of each query")
    args = ap.parse_args()

    from marsad.search import search

    db = ensure_store(args)
    with open_store(db) as store:
        n = store.count()["articles"]
        print(f"machine: {os.cpu_count()} cores; store {store.backend} {db}: {n} articles")
        for q in QUERIES[:3]:  # warm the page cache
            search(store, q)
        cases = [(q, {}) for q in QUERIES]
        cases += [("النفط", {"since": "2015-07-01", "until": "2015-08-31"})]
        cases += [("السعودية", {"offset": 200})]
        times_ms: list[float] = []
        print(f"{'query':<28}{'total':>8}{'p50 ms':>9}{'max ms':>9}")
        for q, kw in cases:
            runs = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                result = search(store, q, **kw)
                runs.append((time.perf_counter() - t) * 1000)
            times_ms += runs
            label = q + (f" {kw}" if kw else "")
            print(
                f"{label[:28]:<28}{result.total:>8}{statistics.median(runs):>9.1f}{max(runs):>9.1f}"
            )
    p50, p95 = percentile(times_ms, 50), percentile(times_ms, 95)
    print(
        f"all {len(times_ms)} searches: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(times_ms):.1f} ms"
        f"   (target p95 < 100 ms)"
    )


if __name__ == "__main__":
    main()
