"""HTTP API throughput: requests per second of ``marsad serve`` under load on loopback, with
``wrk`` (when installed) beside a Python generator (httpx, one client per thread). Prints
figures; not a test.

    python bench/api_load.py --db /tmp/marsad-bench/store-100000.db --seconds 10 --threads 4

Without ``--db`` it uses the 100k store of ``bench/search_latency.py`` (building it if needed).
The server is started as ``marsad serve`` in a subprocess (one uvicorn process) and stopped
afterwards. Each endpoint is loaded on its own: latency p50/p95 and requests/s, errors counted.
The API answer and HTML page of two actors, the most named one and the 51st, are loaded
beside the fixed endpoints.

``--writes N`` then measures what the first request after a write costs (the figures kept
until the store changes, such as the actors' ranking, are computed again): N times, one new
article is posted (``POST /api/articles``, so the store gains N small articles: point
``--db`` at a copy) and each endpoint of ``AFTER_WRITE`` is timed on its first request and
on a second one.

To build a store of a few thousand SaudiNewsNet articles (three days: 6,195 articles, about
7 minutes on two busy cores):

    marsad analyze --db /tmp/snn.db /work/shared/corpus/saudinewsnet/2015-07-2[123].zip
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, unquote

import httpx

from marsad.store import open_store

MARSAD = Path(sys.executable).parent / "marsad"
ENDPOINTS = (
    "/api/stats",
    "/api/articles?limit=20",
    "/api/articles?limit=20&offset=2000",
    "/api/search?q=" + quote("وزير الخارجية"),
    "/api/articles/1",
    "/api/actors?limit=20",
    "/api/actors?type=PER&limit=20&offset=100",
    "/",  # the dashboard's home: stats, a page of articles, 200 actors, menus
)
ACTOR_PAGES = ("/api/actors/{}", "/actors/{}")
ACTOR_RANKS = (1, 51)  # the most named actor, and one with a few dozen articles
AFTER_WRITE = ("/api/actors?limit=20", "/api/stats", "/")
TOKEN = "api-load-bench"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str, port: int) -> subprocess.Popen:
    cmd = [str(MARSAD), "serve", "--db", db, "--port", str(port)]
    env = {**os.environ, "MARSAD_TOKEN": TOKEN}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=5).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("marsad serve did not answer within 60 s")


def python_load(url: str, seconds: float, threads: int) -> dict:
    """Closed-loop load: each thread sends the next request when the last one answered."""
    stop = time.monotonic() + seconds
    latencies: list[list[float]] = [[] for _ in range(threads)]
    errors = [0] * threads

    def worker(i: int) -> None:
        with httpx.Client(timeout=30) as client:
            while time.monotonic() < stop:
                t = time.perf_counter()
                try:
                    ok = client.get(url).status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies[i].append(time.perf_counter() - t)
                errors[i] += not ok

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    t0 = time.perf_counter()
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    elapsed = time.perf_counter() - t0
    flat = sorted(x for lat in latencies for x in lat)
    return {
        "rps": len(flat) / elapsed,
        "p50": statistics.median(flat) * 1000 if flat else 0.0,
        "p95": flat[int(0.95 * (len(flat) - 1))] * 1000 if flat else 0.0,
        "errors": sum(errors),
    }


def wrk_load(url: str, seconds: float, threads: int) -> dict | None:
    if not shutil.which("wrk"):
        return None
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{threads * 2}", f"-d{int(seconds)}s", "--latency", url],
        capture_output=True,
        text=True,
    ).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"50%\s+([\d.]+)(\w+)", out)
    return {"rps": float(rps.group(1)) if rps else 0.0, "p50": p50.group(0) if p50 else "?"}


def after_writes(base: str, writes: int) -> dict[str, list[tuple[float, float]]]:
    """Per endpoint of ``AFTER_WRITE``, ``writes`` times: post a new article, then time the
    endpoint's first and second request (ms)."""
    auth = {"Authorization": f"Bearer {TOKEN}"}
    times: dict[str, list[tuple[float, float]]] = {path: [] for path in AFTER_WRITE}
    with httpx.Client(timeout=120) as client:
        for i in range(writes):
            for j, path in enumerate(AFTER_WRITE):
                text = (
                    f"قال وزير الخارجية إن الرياض تدعم الحل السياسي ({time.time_ns()} {i} {j}).\n"
                )
                r = client.post(f"{base}/api/articles", json={"text": text}, headers=auth)
                if r.status_code != 201:
                    raise SystemExit(f"POST /api/articles answered {r.status_code}: {r.text[:200]}")
                pair = []
                for _ in range(2):
                    t = time.perf_counter()
                    client.get(base + path).raise_for_status()
                    pair.append((time.perf_counter() - t) * 1000)
                times[path].append((pair[0], pair[1]))
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--db", help="store to serve (default: the 100k store of search_latency)")
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--only", default="", help="load only the endpoints holding this text")
    ap.add_argument("--writes", type=int, default=0, help="posts for the after-write figures")
    args = ap.parse_args()
    db = args.db
    if db is None:
        sys.path.insert(0, str(Path(__file__).parent))
        from search_latency import ensure_store

        db = ensure_store(
            argparse.Namespace(
                n=args.n, db=None, base=None, engine="dask", workers=os.cpu_count() or 1
            )
        )
    with open_store(db) as store:
        n = store.count()["articles"]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    port = free_port()
    server = start_server(db, port)
    try:
        print(
            f"machine: {os.cpu_count()} cores, load average {load} before the run; "
            f"marsad serve (1 uvicorn process) on {db}: {n} articles"
        )
        print(
            f"load: {args.seconds:.0f}s per endpoint, {args.threads} threads; wrk: "
            f"{shutil.which('wrk') or 'not installed'}"
        )
        print(
            f"{'endpoint':<40}{'py req/s':>10}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}{'wrk req/s':>11}"
        )
        base = f"http://127.0.0.1:{port}"
        top = httpx.get(f"{base}/api/actors?limit={max(ACTOR_RANKS)}", timeout=120).json()
        ids = [a["id"] for i, a in enumerate(top["items"], 1) if i in ACTOR_RANKS]
        actor = [page.format(quote(i, safe="")) for i in ids for page in ACTOR_PAGES]
        for path in [p for p in (*ENDPOINTS, *actor) if args.only in unquote(p)]:
            url = base + path
            py = python_load(url, args.seconds, args.threads)
            wrk = wrk_load(url, args.seconds, args.threads)
            shown = f"{wrk['rps']:>11.0f}" if wrk else f"{'-':>11}"
            print(
                f"{unquote(path)[:40]:<40}{py['rps']:>10.0f}{py['p50']:>9.1f}{py['p95']:>9.1f}"
                f"{py['errors']:>8}{shown}"
            )
        if args.writes:
            print(f"after a write ({args.writes} posts per endpoint): ms, median (max)")
            print(f"{'endpoint':<40}{'first':>16}{'second':>16}")
            for path, pairs in after_writes(base, args.writes).items():
                first, second = ([p[k] for p in pairs] for k in (0, 1))
                print(
                    f"{path:<40}{statistics.median(first):>9.1f} ({max(first):>4.0f})"
                    f"{statistics.median(second):>9.1f} ({max(second):>4.0f})"
                )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
