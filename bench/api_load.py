"""HTTP API throughput: requests per second of ``marsad serve`` under load on loopback, with
``wrk`` (when installed) beside a Python generator (httpx, one client per thread). Prints
figures; not a test.

    python bench/api_load.py --db /tmp/marsad-bench/store-100000.db --seconds 10 --threads 4

Without ``--db`` it uses the 100k store of ``bench/search_latency.py`` (building it if needed).
The server is started as ``marsad serve`` in a subprocess (one uvicorn process) and stopped
afterwards. Each endpoint is loaded on its own: latency p50/p95 and requests/s, errors counted.
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str, port: int) -> subprocess.Popen:
    cmd = [str(MARSAD), "serve", "--db", db, "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--db", help="store to serve (default: the 100k store of search_latency)")
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--threads", type=int, default=4)
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
        for path in ENDPOINTS:
            url = f"http://127.0.0.1:{port}{path}"
            py = python_load(url, args.seconds, args.threads)
            wrk = wrk_load(url, args.seconds, args.threads)
            shown = f"{wrk['rps']:>11.0f}" if wrk else f"{'-':>11}"
            print(
                f"{unquote(path)[:40]:<40}{py['rps']:>10.0f}{py['p50']:>9.1f}{py['p95']:>9.1f}"
                f"{py['errors']:>8}{shown}"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
