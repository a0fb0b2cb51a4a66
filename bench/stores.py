"""SQLite beside PostgreSQL: ingest (articles/s), export (rows/s) and query latencies on the same
annotated articles. Prints figures; not a test.

    python bench/stores.py --pg postgresql+psycopg://postgres@127.0.0.1:5432/test --n 5000

The articles come already annotated from a base store (default: the one
``bench/search_latency.py`` builds in /tmp/marsad-bench), so the figures are the stores' alone.
Each backend gets a fresh store: a new SQLite file, a new PostgreSQL schema (dropped after).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from tempfile import TemporaryDirectory

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from marsad.export import write_jsonl
from marsad.store import open_store

WORK = Path(os.environ.get("MARSAD_BENCH_DIR", "/tmp/marsad-bench"))


def pg_schema(base: str) -> tuple[str, Callable[[], None]]:
    url = make_url(base)
    if "+" not in url.drivername:
        url = url.set(drivername="postgresql+psycopg")
    name = f"marsad_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        admin.dispose()

    scoped = url.update_query_dict({"options": f"-csearch_path={name}"})
    return scoped.render_as_string(hide_password=False), drop


def timed(fn: Callable[[], object], repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t) * 1000)
    return statistics.median(runs)


def measure(url: str, articles: list) -> dict[str, float]:
    out: dict[str, float] = {}
    with open_store(url) as store:
        t = time.perf_counter()
        for i in range(0, len(articles), 200):
            store.upsert_articles(articles[i : i + 200])
        out["ingest art/s"] = len(articles) / (time.perf_counter() - t)
        t = time.perf_counter()
        for i in range(0, len(articles), 200):
            store.upsert_articles(articles[i : i + 200])
        out["re-ingest (unchanged) art/s"] = len(articles) / (time.perf_counter() - t)
        t = time.perf_counter()
        n = write_jsonl(store.iter_articles(), io.StringIO())
        out["export JSONL rows/s"] = n / (time.perf_counter() - t)
        keys = [a.key for a in articles[:: max(1, len(articles) // 20)]]
        out["get_article(key) ms"] = timed(lambda: [store.get_article(k) for k in keys]) / len(keys)
        out["count() ms"] = timed(store.count)
        outlet = articles[0].outlet
        out["first page (500) by outlet ms"] = timed(
            lambda: next(store.iter_articles(outlet=outlet))
        )
        out["first page (500) of a month ms"] = timed(
            lambda: next(store.iter_articles(until="2015-07"), None)
        )
        try:
            from marsad.search import search
        except ImportError:
            return out
        from marsad.corpus import update_corpus

        t, cpu = time.perf_counter(), time.process_time()
        update_corpus(store)
        out["corpus step art/s"] = len(articles) / (time.perf_counter() - t)
        # the machine may be shared: this process's own CPU time per article
        out["corpus step CPU ms/article"] = (time.process_time() - cpu) * 1000 / len(articles)
        out["search 'وزير الخارجية' ms"] = timed(lambda: search(store, "وزير الخارجية"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--base", default=str(WORK / "base.db"), help="store to take articles from")
    ap.add_argument("--pg", default=os.environ.get("MARSAD_TEST_PG_URL"), help="PostgreSQL URL")
    args = ap.parse_args()

    with open_store(args.base) as base:
        articles = []
        for a in base.iter_articles():
            articles.append(a)
            if len(articles) >= args.n:
                break
    print(f"machine: {os.cpu_count()} cores; {len(articles)} annotated articles from {args.base}")
    results: dict[str, dict[str, float]] = {}
    with TemporaryDirectory() as tmp:
        results["SQLite"] = measure(str(Path(tmp) / "bench.db"), articles)
    if args.pg:
        url, drop = pg_schema(args.pg)
        try:
            results["PostgreSQL"] = measure(url, articles)
        finally:
            drop()
    names = list(results)
    print(f"{'figure':<32}" + "".join(f"{n:>14}" for n in names))
    for figure in results["SQLite"]:
        print(
            f"{figure:<32}"
            + "".join(f"{results[n].get(figure, float('nan')):>14.1f}" for n in names)
        )


if __name__ == "__main__":
    main()
