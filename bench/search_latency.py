"""Search latency (p50/p95/p99) of ``marsad.search.search`` on big stores, SQLite and
PostgreSQL side by side in one run. Prints figures; not a test.

    python bench/search_latency.py                   # 100,000 articles, SQLite only
    python bench/search_latency.py --n 100000 \\
        --pg postgresql://postgres@127.0.0.1:5432/marsad_bench100k   # SQLite and PostgreSQL

The stores are built once and reused (cached) on later runs:

- a *base* store (SQLite, ``--base``, default /tmp/marsad-bench/base.db): the SaudiNewsNet
  corpus through the full pipeline (``--engine dask`` uses every core, ``local`` one);
- each backend's store: the base articles, already analysed, copied through
  ``Store.upsert_articles`` again and again up to ``--n`` (``#cycle=k`` appended to their keys
  from the second pass on), then the corpus step (``marsad.corpus.update_corpus``: search
  index, near-duplicates, stories) run *on that backend*. The pipeline (cleaning, NER,
  events...) is not run again for the copies nor for PostgreSQL: its output is copied. The
  SQLite store is /tmp/marsad-bench/store-N.db; the PostgreSQL one is the schema
  ``search_N`` of the ``--pg`` database (created when missing). After its corpus step the
  PostgreSQL store gets ``VACUUM (ANALYZE)`` (what autovacuum does on a default server;
  ``--no-analyze`` leaves the tables as the corpus step left them).

Each build step is recorded as a run in its store (``runs`` table, command
``bench/search_latency.py``) with its wall time and the load average, so a reused store
still reports how long it took to build. Every build step resumes an interrupted one and does
nothing on a finished store.

Timing: every query case is run once on each store to warm the caches, then ``--repeat``
rounds, each running every case on every store in turn (the backends share the load of the
machine alike). Each search is one call of ``marsad.search.search`` (count + page of 20 ids +
the page's rows and snippets), wall time in this process.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from marsad.corpus.terms import query_keys
from marsad.settings import Settings
from marsad.store import Store, open_store
from marsad.store.schema import articles, corpus_articles

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "saudinewsnet"
WORK = Path(os.environ.get("MARSAD_BENCH_DIR", "/tmp/marsad-bench"))
COMMAND = "bench/search_latency.py"
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
CASES: tuple[tuple[str, dict[str, Any]], ...] = (
    *((q, {}) for q in QUERIES),
    ("النفط", {"since": "2015-07-01", "until": "2015-08-31"}),
    ("السعودية", {"offset": 200}),
)


def kind(query: str, kw: dict[str, Any]) -> str:
    if "offset" in kw:
        return "1 word, page 11 (offset 200)"
    if "since" in kw or "until" in kw:
        return "1 word + date range"
    n = len(query_keys(query))
    return {1: "1 word", 2: "2 words"}.get(n, "3-4 words")


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


# -- building ------------------------------------------------------------------------------


@contextmanager
def recorded(db: str, step: str, **extra: Any) -> Iterator[dict[str, Any]]:
    """A build step, recorded as a run in the store it builds: its wall time, this process's
    CPU time and the load average before and after."""
    counts: dict[str, Any] = {"step": step, **extra, "load_before": load()}
    with open_store(db) as store:
        run_id = store.start_run(f"{COMMAND}: {step}")
    t, cpu = time.perf_counter(), time.process_time()
    yield counts
    counts |= {
        "wall_s": round(time.perf_counter() - t, 1),
        "cpu_s": round(time.process_time() - cpu, 1),
        "load_after": load(),
    }
    with open_store(db) as store:
        store.finish_run(run_id, counts)


def build_base(db: str, engine: str, workers: int, n: int) -> None:
    """The corpus through the full pipeline: all of it with dask, else its first ``n``
    records (one pass, never cycled)."""
    with recorded(db, "base", engine=engine, workers=workers if engine == "dask" else 1) as rec:
        if engine == "dask":
            from marsad.distributed import analyze_dask, dask_client

            with dask_client(None, workers) as client:
                summary = analyze_dask([CORPUS], Settings(db=db), client)
        else:
            from marsad.model import RawDocument
            from marsad.pipeline import Summary, batched, iter_articles
            from marsad.read import read_paths

            # one pass over the corpus, never cycled: a base key must not end in #cycle=k
            docs = (d for d in read_paths([CORPUS]) if isinstance(d, RawDocument))
            summary = Summary()
            with open_store(db) as store:
                for batch in batched(iter_articles(islice(docs, n), Settings(), summary), 200):
                    store.upsert_articles(batch)
        rec["articles"] = summary.articles
    print(f"base store: {summary.articles} articles in {rec['wall_s']:.0f}s ({engine})", flush=True)


def n_articles(store: Store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(articles)).scalar_one()


def n_pending(store: Store) -> int:
    """Articles the corpus step has not processed (in their current version)."""
    ca = corpus_articles
    with store.engine.connect() as conn:
        return conn.execute(
            select(func.count())
            .select_from(articles.outerjoin(ca, ca.c.article_id == articles.c.id))
            .where(ca.c.article_id.is_(None) | (ca.c.content_hash != articles.c.content_hash))
        ).scalar_one()


def build_cycled(base: str, db: str, n: int) -> None:
    """``n`` articles: the base ones, again and again, each pass with its own keys."""
    with open_store(db) as dst:
        have = n_articles(dst)
    if have >= n:
        return
    with recorded(db, "copy", base=base, had=have, n=n) as rec:
        with open_store(base) as src, open_store(db) as dst:
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
            if n_articles(dst) != n:  # the next run would take a short store for a broken one
                raise SystemExit(
                    f"{db_label(db)}: {n_articles(dst)} articles, not {n}: keys collide"
                )
    print(
        f"{db_label(db)}: {n - have} analysed articles copied from {base} in {rec['wall_s']:.0f}s",
        flush=True,
    )


def index(db: str) -> None:
    """The corpus step (search index, near-duplicates, stories) over what it has not done
    yet: all of a new store, the rest of one whose indexing was interrupted."""
    from marsad.corpus import update_corpus

    with open_store(db) as store:
        pending = n_pending(store)
    if not pending:
        return
    print(f"{db_label(db)}: corpus step over {pending} articles (load {load()})...", flush=True)
    with recorded(db, "corpus", pending=pending) as rec, open_store(db) as store:
        counts = update_corpus(store)
        rec |= {"processed": counts["processed"], "counts": counts}
    print(
        f"{db_label(db)}: corpus step (search index, dedup, stories): {counts['processed']}"
        f" articles in {rec['wall_s']:.0f}s = {counts['processed'] / rec['wall_s']:.0f}"
        f" articles/s (this process's CPU {rec['cpu_s']:.0f}s; load {rec['load_after']});"
        f" {counts}",
        flush=True,
    )


def analyze_pg(db: str) -> None:
    """``VACUUM (ANALYZE)`` of a PostgreSQL store's tables once, after its corpus step: the
    planner's statistics and the visibility map (index-only scans) autovacuum would make."""
    with open_store(db) as store:
        with store.engine.connect() as conn:
            done = conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_user_tables WHERE schemaname = current_schema()"
                    " AND relname = 'search_tokens'"
                    " AND coalesce(last_analyze, last_autoanalyze) IS NOT NULL"
                )
            ).scalar_one()
    if done:
        return
    with recorded(db, "vacuum analyze") as rec:
        url = make_url(db)
        if "+" not in url.drivername:
            url = url.set(drivername="postgresql+psycopg")
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            tables = conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            ).scalars()
            conn.execute(text("VACUUM (ANALYZE) " + ", ".join(f'"{t}"' for t in tables)))
        engine.dispose()
    print(f"{db_label(db)}: VACUUM (ANALYZE) in {rec['wall_s']:.0f}s", flush=True)


def pg_store_url(database_url: str, n: int) -> str:
    """The URL of schema ``search_N`` in the ``--pg`` database, both created when missing."""
    url = make_url(database_url)
    if "+" not in url.drivername:
        url = url.set(drivername="postgresql+psycopg")
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": url.database}
        ).first()
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()
    schema = f"search_{n}"
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    engine.dispose()
    scoped = url.update_query_dict({"options": f"-csearch_path={schema}"})
    return scoped.render_as_string(hide_password=False)


def db_label(db: str) -> str:
    if "://" not in db:
        return f"SQLite {db}"
    url = make_url(db)
    schema = url.query.get("options", "").removeprefix("-csearch_path=")
    return f"PostgreSQL {url.database}" + (f" (schema {schema})" if schema else "")


def ensure_base(args: argparse.Namespace) -> str:
    WORK.mkdir(parents=True, exist_ok=True)
    base = args.base or str(WORK / "base.db")
    if args.base is None:
        built = False
        if Path(base).exists():
            with open_store(base) as store:
                built = "base" in build_record(store)
        if not built:  # new, or interrupted (the pipeline runs again; stored articles stay)
            build_base(base, args.engine, args.workers, min(args.n, 27_644))
    return base


def ensure_store(base: str, db: str, n: int, analyze: bool) -> None:
    build_cycled(base, db, n)
    index(db)
    if analyze and "://" in db and make_url(db).get_backend_name() == "postgresql":
        analyze_pg(db)


# -- describing a store --------------------------------------------------------------------


def size_mb(store: Store, db: str) -> tuple[float, float | None]:
    """(whole store, search index: ``search_tokens`` with its indexes) in MB."""
    with store.engine.connect() as conn:
        if store.backend == "postgresql":
            whole, index = conn.execute(
                text(
                    "SELECT sum(pg_total_relation_size(c.oid)),"
                    " sum(pg_total_relation_size(c.oid)) FILTER (WHERE c.relname = 'search_tokens')"
                    " FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace"
                    " WHERE s.nspname = current_schema() AND c.relkind = 'r'"
                )
            ).one()
            return whole / 2**20, index / 2**20
        path = Path(make_url(db).database if "://" in db else db)
        whole = sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
        try:
            index = conn.execute(
                text(
                    "SELECT sum(pgsize) FROM dbstat WHERE name IN"
                    " ('search_tokens', 'ix_search_tokens_article_id')"
                )
            ).scalar_one()
        except Exception:  # SQLite built without dbstat
            index = None
        return whole / 2**20, (index / 2**20 if index is not None else None)


def build_record(store: Store) -> dict[str, dict[str, Any]]:
    """This script's build steps recorded in the store, summed per step (an interrupted step
    and the run that finished it count together)."""
    steps: dict[str, dict[str, Any]] = {}
    for run in store.runs():
        if not run.command.startswith(COMMAND) or not run.counts:
            continue
        c = run.counts
        s = steps.setdefault(c["step"], {"wall_s": 0.0, "runs": 0, "load": []})
        s["wall_s"] += c.get("wall_s", 0.0)
        s["runs"] += 1
        s["load"] += [c.get("load_before"), c.get("load_after")]
        s |= {k: c[k] for k in ("articles", "engine", "workers") if k in c}
        if "processed" in c:
            s["processed"] = s.get("processed", 0) + c["processed"]
    return steps


def describe(steps: dict[str, dict[str, Any]], sep: str = "; ") -> str:
    return sep.join(
        f"{step} {s['wall_s']:.0f}s"
        + (f": {s['articles']} articles, {s['engine']} engine" if "engine" in s else "")
        + (f" x {s['workers']} workers" if s.get("engine") == "dask" else "")
        + (f" = {s['processed'] / s['wall_s']:.0f} art/s" if s.get("processed") else "")
        + (f" over {s['runs']} runs" if s["runs"] > 1 else "")
        + f" (load {' .. '.join(x for x in (s['load'][0], s['load'][-1]) if x)})"
        for step, s in steps.items()
    )


@dataclass
class Target:
    db: str
    store: Store
    name: str = ""
    runs: dict[int, list[float]] = field(default_factory=dict)  # case -> ms
    results: dict[int, tuple[int, tuple[str, ...]]] = field(default_factory=dict)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def pcts(values: list[float]) -> str:
    return "".join(f"{percentile(values, p):>8.1f}" for p in (50, 95, 99))


# -- main ----------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000, help="articles per store (0: as it is)")
    ap.add_argument(
        "--db",
        action="append",
        help="a store to search instead of the default ones (SQLite path or URL; repeat for"
        " several); it is cycled up to --n and indexed like the default ones",
    )
    ap.add_argument(
        "--pg",
        default=os.environ.get("MARSAD_BENCH_PG_URL"),
        help="PostgreSQL database for the PostgreSQL store (schema search_N; database and"
        " schema created when missing); default $MARSAD_BENCH_PG_URL, none: SQLite only",
    )
    ap.add_argument("--no-sqlite", action="store_true", help="leave out the default SQLite store")
    ap.add_argument("--base", help="base store to cycle from (default: built from the corpus)")
    ap.add_argument("--engine", choices=("local", "dask"), default="dask")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--repeat", type=int, default=10, help="rounds of every query case")
    ap.add_argument(
        "--no-analyze",
        action="store_true",
        help="do not VACUUM (ANALYZE) a new PostgreSQL store (a store analysed once stays so)",
    )
    args = ap.parse_args()

    from marsad.search import search

    dbs = list(args.db or [])
    if not args.db:
        if not args.no_sqlite:
            dbs.append(str(WORK / f"store-{args.n}.db"))
        if args.pg:
            dbs.append(pg_store_url(args.pg, args.n))
    if not dbs:
        ap.error("no store: give --pg, or leave out --no-sqlite")
    if args.n:
        base = ensure_base(args)
        for db in dbs:  # one after the other: one heavy job at a time
            ensure_store(base, db, args.n, not args.no_analyze)

    targets = [Target(db, open_store(db)) for db in dbs]
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    for t in targets:
        t.name = names.get(t.store.backend, t.store.backend)
        if sum(u.name == t.name for u in targets) > 1:
            t.name += f"#{targets.index(t) + 1}"

    print(f"\nmachine: {os.cpu_count()} cores, load average {load()} (1/5/15 min)")
    if args.n:
        with open_store(base) as store:
            print(f"base store {base}: {describe(build_record(store)) or 'not recorded'}")
    print(
        "each store: the base store's analysed articles copied in (the pipeline is not run"
        "\nagain), then the corpus step run on that store's backend; wall times, load average"
        "\nat the start and end of each step:"
    )
    print(f"\n{'store':<12}{'articles':>9}{'size MB':>9}{'index MB':>9}{'build s':>9}  steps")
    for t in targets:
        whole, idx = size_mb(t.store, t.db)
        steps = build_record(t.store)
        print(
            f"{t.name:<12}{n_articles(t.store):>9}{whole:>9.0f}"
            f"{(f'{idx:.0f}' if idx is not None else '-'):>9}"
            f"{sum(s['wall_s'] for s in steps.values()):>9.0f}  {db_label(t.db)}"
            f"\n{'':<48}{describe(steps, f'{chr(10)}{48 * chr(32)}') or 'not recorded'}"
        )

    t0, load0 = time.perf_counter(), load()
    for t in targets:  # warm the caches: every case once
        for q, kw in CASES:
            search(t.store, q, **kw)
    for _ in range(args.repeat):
        for t in targets:
            for i, (q, kw) in enumerate(CASES):
                start = time.perf_counter()
                result = search(t.store, q, **kw)
                t.runs.setdefault(i, []).append((time.perf_counter() - start) * 1000)
                t.results[i] = (result.total, tuple(h.key for h in result.hits))
    load1 = load()

    head = "".join(f"{t.name + ' p50':>16}{'max':>8}" for t in targets)
    print(f"\n{'query':<30}{'hits':>8}{head}")
    for i, (q, kw) in enumerate(CASES):
        label = q + (f" {kw}" if kw else "")
        cells = "".join(
            f"{statistics.median(t.runs[i]):>16.1f}{max(t.runs[i]):>8.1f}" for t in targets
        )
        print(f"{label[:30]:<30}{targets[0].results[i][0]:>8}{cells}")

    kinds: dict[str, list[int]] = {}
    for i, (q, kw) in enumerate(CASES):
        kinds.setdefault(kind(q, kw), []).append(i)
    print(
        f"\nms per search, {args.repeat} rounds{'':<15}" + "".join(f"{t.name:>24}" for t in targets)
    )
    print(f"{'kind':<30}{'searches':>9}" + f"{'p50':>8}{'p95':>8}{'p99':>8}" * len(targets))
    for k, cases in [*kinds.items(), ("all", list(range(len(CASES))))]:
        cells = ""
        for t in targets:
            cells += pcts([ms for i in cases for ms in t.runs[i]])
        n = len(cases) * args.repeat
        print(f"{k:<30}{n:>9}{cells}")
    p95 = {t.name: percentile([ms for r in t.runs.values() for ms in r], 95) for t in targets}
    verdict = ", ".join(f"{k} {'met' if v < 100 else 'MISSED'}" for k, v in p95.items())
    print(f"\ntarget p95 < 100 ms: {verdict}")
    print(
        f"timing took {time.perf_counter() - t0:.0f}s; load average {load0} before,"
        f" {load1} after (the machine may be shared: see bench/README.md)"
    )
    if len(targets) > 1:
        differ = [
            CASES[i][0] for i in range(len(CASES)) if len({t.results[i] for t in targets}) > 1
        ]
        print(
            "results (total and first page's keys) identical on every store"
            if not differ
            else f"results DIFFER between stores for: {', '.join(differ)}"
        )
    for t in targets:
        t.store.close()


if __name__ == "__main__":
    main()
