"""The main job: read inputs, clean and annotate them, store them idempotently."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path

from marsad.corpus import update_corpus
from marsad.pipeline import Summary, batched, iter_articles
from marsad.read import ReadOptions, read_paths, read_stdin
from marsad.settings import Settings
from marsad.store import open_store


def sample_dir() -> Path:
    """The shipped sample corpus (the seed articles marsad was created from)."""
    return Path(str(resources.files("marsad") / "samples"))


def analyze(
    paths: Iterable[str | Path],
    settings: Settings,
    options: ReadOptions = ReadOptions(),
    stdin: bytes | None = None,
    progress: Callable[[int], None] | None = None,
    command: str = "analyze",
) -> Summary:
    """Read ``paths`` (or ``stdin``), annotate every article and upsert it into the store.

    Each batch commits on its own, so an interrupted run keeps whole articles only and a
    repeated run stores each article once (unchanged ones are not rewritten). The corpus
    steps (``marsad.corpus.update_corpus``) then process the new and changed articles; their
    counts are recorded with the run.
    """
    summary = Summary()
    items = read_stdin(stdin, options) if stdin is not None else read_paths(paths, options)
    with open_store(settings.db) as store:
        run_id = store.start_run(command)
        for batch in batched(iter_articles(items, settings, summary), settings.batch_size):
            counts = store.upsert_articles(batch, run_id=run_id)
            summary.inserted += counts.inserted
            summary.updated += counts.updated
            summary.unchanged += counts.unchanged
            if progress:
                progress(len(batch))
        store.add_problems(run_id, summary.problems)
        # corpus steps, incrementally: search index, near-duplicates, stories
        corpus = update_corpus(store)
        store.finish_run(run_id, {**summary.counts(), "corpus": corpus})
    return summary
