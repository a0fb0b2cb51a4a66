"""Scale: full-pipeline throughput per core on real SaudiNewsNet articles beside the floor of
merely reading + normalising + tokenising them, and peak memory (RSS) per corpus size, each
size in a fresh subprocess. Prints figures; not a test.

    python bench/scale.py                       # 10,000 articles: floor, full, peak RSS
    python bench/scale.py --sizes 10000,100000  # 100k = the 27,644 articles cycled, keys suffixed
    python bench/scale.py --engine dask --workers 2 --sizes 27644
    python bench/scale.py --profile 300         # cProfile of process() on 300 articles

Sizes above the corpus cycle it: pass k gets ``#cycle=k`` appended to each URL, so every
article has its own key. Each size runs in a child process that streams records from the ZIPs
(nothing is held beyond a batch) into a fresh SQLite store in /tmp and reports its RSS as it goes.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from marsad.model import RawDocument
from marsad.read import read_paths
from marsad.text.normalize import match_key

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "saudinewsnet"


def records(corpus: Path, n: int) -> Iterator[RawDocument]:
    """``n`` records of the corpus, cycled with distinct URLs past its end."""
    made, cycle = 0, 0
    while made < n:
        found = 0
        for item in read_paths([corpus]):
            if not isinstance(item, RawDocument):
                continue
            found += 1
            if cycle:
                item = replace(item, url=f"{item.url or item.source}#cycle={cycle}")
            yield item
            made += 1
            if made >= n:
                return
        if not found:
            raise SystemExit(f"no records in {corpus}")
        cycle += 1


def rss_mb() -> float:
    """Current resident set size of this process."""
    try:
        import psutil

        return psutil.Process().memory_info().rss / 2**20
    except ImportError:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- the child: one size, one fresh process ----------------------------------------------


def child(n: int, corpus: Path, mode: str, db: str, engine: str, workers: int) -> dict:
    t0 = time.perf_counter()
    curve: list[tuple[int, float]] = []
    if mode == "floor":
        tokens = done = 0
        for doc in records(corpus, n):
            tokens += len(match_key(doc.text).split())
            done += 1
            if done % 5000 == 0:
                curve.append((done, rss_mb()))
        return _result(n, done, t0, curve, tokens=tokens)
    from marsad.pipeline import Summary, batched, iter_articles
    from marsad.settings import Settings
    from marsad.store import open_store

    settings = Settings(db=db)
    if engine == "dask":
        return _dask_child(n, corpus, settings, workers, t0)
    summary = Summary()
    with open_store(db) as store:
        done = 0
        for batch in batched(iter_articles(records(corpus, n), settings, summary), 200):
            store.upsert_articles(batch)
            before, done = done, done + len(batch)
            if done // 1000 != before // 1000:
                curve.append((done, rss_mb()))
                print(
                    f"  {done} articles  {time.perf_counter() - t0:.0f}s  RSS {curve[-1][1]:.0f} MB",
                    file=sys.stderr,
                    flush=True,
                )
    return _result(n, summary.articles, t0, curve)


def _dask_child(n: int, corpus: Path, settings, workers: int, t0: float) -> dict:
    """The corpus as files, on a local cluster; RSS summed over client and workers."""
    import psutil

    from marsad.distributed import analyze_dask, dask_client

    if n < 27_644:
        raise SystemExit("--engine dask runs whole ZIPs: use --sizes 27644")
    peak = [0.0]
    stop = threading.Event()

    def sample() -> None:
        me = psutil.Process()
        while not stop.wait(0.5):
            total = me.memory_info().rss
            for c in me.children(recursive=True):
                try:
                    total += c.memory_info().rss
                except psutil.Error:
                    pass
            peak[0] = max(peak[0], total / 2**20)

    threading.Thread(target=sample, daemon=True).start()
    with dask_client(None, workers) as client:
        t0 = time.perf_counter()  # cluster start-up is not throughput
        summary = analyze_dask([corpus], settings, client)
    stop.set()
    out = _result(n, summary.articles, t0, [])
    out["peak_rss_all_mb"] = peak[0]
    return out


def _result(n: int, done: int, t0: float, curve: list, **extra) -> dict:
    use = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "n": n,
        "articles": done,
        "seconds": time.perf_counter() - t0,
        "cpu_seconds": use.ru_utime + use.ru_stime,  # this process's, start-up included
        "peak_rss_mb": peak_mb(),
        "curve": curve,
        **extra,
    }


def run_child(args: argparse.Namespace, n: int, mode: str, engine: str = "local") -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [
            sys.executable,
            __file__,
            "--child",
            mode,
            "--n",
            str(n),
            "--corpus",
            str(args.corpus),
            "--db",
            args.db or str(Path(tmp) / "scale.db"),
            "--engine",
            engine,
            "--workers",
            str(args.workers),
        ]
        out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


# -- profile ---------------------------------------------------------------------------------


def profile(corpus: Path, n: int) -> None:
    from marsad.pipeline import load_resources, process, settle_for_batch_work
    from marsad.settings import Settings

    settings = Settings()
    res = load_resources(settings)
    settle_for_batch_work()
    docs = list(records(corpus, n))
    process(docs[0], res, settings)
    prof = cProfile.Profile()
    t = time.perf_counter()
    prof.enable()
    for doc in docs:
        process(doc, res, settings)
    prof.disable()
    print(f"process() on {n} articles under cProfile: {time.perf_counter() - t:.1f}s")
    stats = pstats.Stats(prof)
    stats.sort_stats("cumulative").print_stats(r"marsad", 30)
    stats.sort_stats("tottime").print_stats(20)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", default="10000", help="comma-separated article counts")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--db", default=None, help="store URL (default: a fresh SQLite file per size)")
    ap.add_argument("--engine", choices=("local", "dask"), default="local")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--no-floor", action="store_true", help="skip the floor runs")
    ap.add_argument("--profile", type=int, metavar="N", help="profile process() on N articles")
    ap.add_argument("--child", choices=("floor", "full"), help=argparse.SUPPRESS)
    ap.add_argument("--n", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.child:
        print(
            json.dumps(child(args.n, args.corpus, args.child, args.db, args.engine, args.workers))
        )
        return
    if args.profile:
        profile(args.corpus, args.profile)
        return
    cores = 1 if args.engine == "local" else args.workers
    print(
        "art/s/core: articles per wall second per core; per CPU s: per second of this process's\n"
        "CPU time (start-up included), steadier when other work shares the machine"
    )
    print(
        f"machine: {os.cpu_count()} cores; engine {args.engine}"
        f"{f' ({args.workers} workers)' if args.engine == 'dask' else ''}; corpus {args.corpus}"
    )
    print(
        f"{'run':<34}{'articles':>9}{'seconds':>9}{'art/s/core':>12}{'per CPU s':>11}"
        f"{'peak RSS MB':>13}"
    )
    for n in (int(s) for s in args.sizes.split(",")):
        floor = None if args.no_floor else run_child(args, n, "floor")
        full = run_child(args, n, "full", args.engine)
        if floor:
            print(
                f"{'floor: read+normalise+tokenise':<34}{floor['articles']:>9}{floor['seconds']:>9.1f}"
                f"{floor['articles'] / floor['seconds']:>12.0f}"
                f"{floor['articles'] / floor['cpu_seconds']:>11.0f}{floor['peak_rss_mb']:>13.0f}"
            )
        rate = full["articles"] / full["seconds"] / cores
        peak = full.get("peak_rss_all_mb", full["peak_rss_mb"])
        print(
            f"{'full pipeline + SQLite store':<34}{full['articles']:>9}{full['seconds']:>9.1f}"
            f"{rate:>12.1f}{full['articles'] / full['cpu_seconds']:>11.1f}{peak:>13.0f}"
        )
        if floor:
            print(
                f"  full/floor time per article: {full['seconds'] / full['articles'] / (floor['seconds'] / floor['articles']):.0f}x"
                f"   (targets: >= 100 art/s/core, <= 10x, peak RSS < 1024 MB)"
            )
        if full["curve"]:
            print(
                "  RSS (MB) by articles done: "
                + ", ".join(
                    f"{d}:{m:.0f}" for d, m in full["curve"][:: max(1, len(full["curve"]) // 10)]
                )
            )


if __name__ == "__main__":
    main()
