"""Dask adapter: the same ``read -> process -> store`` as ``marsad.ingest.analyze``, on a cluster.

The input is cut into *parts*: small files go in groups, whole; a big file (a ZIP or JSONL
of thousands of records) is first counted on a worker, then cut into ranges of records.
Workers read their part themselves (the paths must be visible to them: a shared filesystem)
and run the pure per-article ``process`` on it, with resources loaded once per worker
process. Results stream back with ``as_completed`` while at most a few parts per worker are
in flight, so memory stays flat however big the corpus is. Batches are written either on
the client (the default for SQLite, which the workers may not reach) or by the workers
themselves (the default for PostgreSQL), each batch one idempotent transaction.

Every article gets the same key, index, content hash and annotations as in a local run, so
both engines store the same result for the same corpus.

    from dask.distributed import Client
    with Client("tcp://scheduler:8786") as client:
        summary = analyze_dask(["corpus/"], settings, client)
"""

from __future__ import annotations

import functools
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from marsad.corpus import update_corpus
from marsad.errors import MarsadError, Problem
from marsad.model import Article, RawDocument
from marsad.pipeline import (
    SPLIT_FORMATS,
    Resources,
    Summary,
    batched,
    load_resources,
    process,
    settle_for_batch_work,
)
from marsad.read import ReadOptions, iter_files
from marsad.read.core import read_file
from marsad.settings import Settings
from marsad.store import Store, UpsertCounts, open_store

if TYPE_CHECKING:
    from distributed import Client

Doc = RawDocument | Problem
WriteOn = Literal["client", "workers"]


@dataclass(frozen=True)
class DaskOptions:
    """How the input is cut into tasks and where batches are written."""

    records_per_part: int = 200  # records of a big file per task
    big_file_bytes: int = 256_000  # files at least this big are counted, then cut
    files_per_part: int = 20  # small files per task
    in_flight_per_worker: int = 2  # parts submitted ahead, per worker (bounds memory)
    write_on: WriteOn | None = None  # None: "workers" for PostgreSQL, "client" for SQLite


DEFAULT_READ, DEFAULT_DASK = ReadOptions(), DaskOptions()  # frozen: safe defaults


@dataclass(frozen=True)
class Part:
    """Records ``[lo, hi)`` of each file in ``paths`` (``hi=None``: to the end)."""

    paths: tuple[str, ...]
    lo: int = 0
    hi: int | None = None


@dataclass
class PartResult:
    files: set[str] = field(default_factory=set)
    records: int = 0
    articles: list[Article] = field(default_factory=list)  # empty when written on a worker
    n_articles: int = 0
    counts: UpsertCounts = UpsertCounts()
    problems: list[Problem] = field(default_factory=list)


def analyze_dask(
    paths: Iterable[str | Path],
    settings: Settings,
    client: Client,
    options: ReadOptions = DEFAULT_READ,
    *,
    dask: DaskOptions = DEFAULT_DASK,
    progress: Callable[[int], None] | None = None,
    command: str = "analyze",
) -> Summary:
    """Read ``paths`` on the cluster of ``client``, annotate every article, upsert it.

    Same contract as ``marsad.ingest.analyze``: each batch commits on its own, a repeated
    run stores each article once, bad inputs become problems of the summary.
    """
    from distributed import as_completed

    summary = Summary()
    with open_store(settings.db) as store:
        write_on = dask.write_on or ("workers" if store.backend == "postgresql" else "client")
        run_id = store.start_run(command)
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        limit = workers * dask.in_flight_per_worker
        queue: deque[Part] = deque()
        futures = as_completed()
        in_flight = 0
        small: list[str] = []
        for path in iter_files(paths):
            if _size(path) >= dask.big_file_bytes:
                futures.add(client.submit(_count_records, str(path), options, pure=False))
                in_flight += 1
            else:
                small.append(str(path))
        queue.extend(Part(tuple(g)) for g in _groups(small, dask.files_per_part))
        buffer: list[Article] = []
        db = settings.db if write_on == "workers" else None

        def submit_more() -> int:
            n = 0
            while queue and in_flight + n < limit:
                part = queue.popleft()
                futures.add(client.submit(_run_part, part, settings, options, run_id, db))
                n += 1
            return n

        in_flight += submit_more()
        for future in futures:
            in_flight -= 1
            result = future.result()
            future.release()
            if isinstance(result, tuple):  # a big file was counted: cut it into parts
                path, n = result
                step = dask.records_per_part
                queue.extend(Part((path,), lo, min(lo + step, n)) for lo in range(0, n, step))
            else:
                _merge(summary, result)
                buffer.extend(result.articles)
                while len(buffer) >= settings.batch_size:
                    head, buffer = buffer[: settings.batch_size], buffer[settings.batch_size :]
                    _count(summary, store.upsert_articles(head, run_id=run_id))
                if progress and result.n_articles:
                    progress(result.n_articles)
            in_flight += submit_more()
        if buffer:
            _count(summary, store.upsert_articles(buffer, run_id=run_id))
        summary.problems.sort(key=lambda p: (p.path, p.code))
        store.add_problems(run_id, summary.problems)
        # corpus steps, incrementally, on the client: search index, near-duplicates, stories
        corpus = update_corpus(store)
        store.finish_run(run_id, {**summary.counts(), "corpus": corpus})
    return summary


@contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler``, or of a new local cluster of ``workers``
    single-threaded processes (default: one per core)."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except OSError as exc:
            raise MarsadError(
                "E501",
                scheduler,
                f"cannot reach the Dask scheduler ({exc}); check --scheduler (host:port)",
            ) from exc
        with client:
            yield client
        return
    n = workers or os.cpu_count() or 1
    with (
        LocalCluster(
            n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


# -- on the workers ----------------------------------------------------------------------


def _count_records(path: str, options: ReadOptions) -> tuple[str, int]:
    """How many records (documents and problems) reading ``path`` gives."""
    return path, len(_read_cached(path, _stamp(path), options))


def _run_part(
    part: Part, settings: Settings, options: ReadOptions, run_id: int, db: str | None
) -> PartResult:
    """Read and process one part; write it when ``db`` is given, else send the articles back.

    Indexes are numbered per source exactly as ``pipeline.iter_articles`` numbers them, by
    counting (cheaply) the records of a source that lie before the part.
    """
    res = _resources(settings)
    result = PartResult()
    for path in part.paths:
        items: Iterable[Doc] = (
            read_file(Path(path), options)
            if part.lo == 0 and part.hi is None
            else _read_cached(path, _stamp(path), options)
        )
        next_index: dict[str, int] = {}
        for pos, item in enumerate(items):
            if part.hi is not None and pos >= part.hi:
                break
            mine = pos >= part.lo
            if isinstance(item, Problem):
                if mine:
                    result.problems.append(item)
                continue
            first = next_index.get(item.source, 0)
            if mine or item.fmt in SPLIT_FORMATS:  # a split document's article count
                arts = process(item, res, settings, first)  # is only known by processing it
            else:
                arts = []
            next_index[item.source] = first + max(
                len(arts), 1 if item.fmt not in SPLIT_FORMATS else 0
            )
            if mine:
                result.files.add(item.source)
                result.records += 1
                result.articles.extend(arts)
    result.n_articles = len(result.articles)
    if db is not None and result.articles:
        store = _store(db)
        for batch in batched(result.articles, settings.batch_size):
            result.counts += store.upsert_articles(batch, run_id=run_id)
        result.articles = []
    return result


@functools.lru_cache(maxsize=4)
def _resources(settings: Settings) -> Resources:
    """Resources load once per worker process."""
    res = load_resources(settings)
    settle_for_batch_work()
    return res


@functools.lru_cache(maxsize=2)
def _read_cached(path: str, stamp: tuple[int, int], options: ReadOptions) -> tuple[Doc, ...]:
    """The records of a big file, kept for the next part of it that lands on this worker."""
    return tuple(read_file(Path(path), options))


@functools.lru_cache(maxsize=2)
def _store(db: str) -> Store:
    """One store (connection pool) per worker process."""
    return open_store(db)


def _stamp(path: str) -> tuple[int, int]:
    try:
        info = os.stat(path)
    except OSError:
        return (0, 0)
    return (info.st_mtime_ns, info.st_size)


# -- on the client -----------------------------------------------------------------------


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reading it reports the problem


def _groups(items: list[str], n: int) -> Iterator[list[str]]:
    for i in range(0, len(items), max(1, n)):
        yield items[i : i + n]


def _merge(summary: Summary, result: PartResult) -> None:
    summary.files |= result.files
    summary.records += result.records
    summary.articles += result.n_articles
    summary.problems.extend(result.problems)
    _count(summary, result.counts)


def _count(summary: Summary, counts: UpsertCounts) -> None:
    summary.inserted += counts.inserted
    summary.updated += counts.updated
    summary.unchanged += counts.unchanged


__all__ = ["DaskOptions", "analyze_dask", "dask_client"]
