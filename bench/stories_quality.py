"""Stories on SaudiNewsNet: how many, how big, the biggest, and a crude purity estimate, so
over-merging (one "story" swallowing a whole war) shows as numbers. Prints figures; not a test.

    python bench/stories_quality.py                 # the whole corpus (27,644 records)
    python bench/stories_quality.py --n 10000       # its first 10,000 records
    python bench/stories_quality.py --reuse         # the last corpus step's store, not run again
    python bench/stories_quality.py --out /tmp/marsad-bench/old.db   # keep this run's store apart

A *base* store (the records through the full pipeline, no corpus step) is built once in
$MARSAD_BENCH_DIR (default /tmp/marsad-bench) and reused; each run copies it and runs the
corpus step (``update_corpus``) on the copy with the code checked out, then reads its stories.

Purity: member pairs drawn uniformly from all pairs of originals (near-duplicates left out:
they join their original's story by construction) that share a story, so big stories weigh as
much as they hold. Two signals that do not come from the story features:

- *dates*: the two articles were published at most ``--days`` days apart;
- *titles*: their titles share at least two rare content words (a word key in at most
  ``--rare`` of all titles).

The same signals over random pairs of originals give the chance level.

Splitting, the other way to fail: pairs of originals that very likely tell the same event
(different outlets, published at most two days apart, titles sharing at least three rare
words), and the share of them put in one story.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from sqlalchemy import select

from marsad.corpus import update_corpus
from marsad.corpus.terms import content_keys
from marsad.settings import Settings
from marsad.store import open_store
from marsad.store import schema as T

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "saudinewsnet"
WORK = Path(os.environ.get("MARSAD_BENCH_DIR", "/tmp/marsad-bench"))
BUCKETS = ((1, 1), (2, 5), (6, 20), (21, 100), (101, 10**9))


def build_base(db: Path, n: int) -> None:
    """``n`` records through the full pipeline into ``db`` (no corpus step)."""
    sys.path.insert(0, str(Path(__file__).parent))
    from scale import records

    from marsad.pipeline import Summary, batched, iter_articles

    t = time.perf_counter()
    summary = Summary()
    part = db.with_suffix(".part")
    part.unlink(missing_ok=True)
    with open_store(str(part)) as store:
        for batch in batched(iter_articles(records(CORPUS, n), Settings(), summary), 200):
            store.upsert_articles(batch)
    part.rename(db)
    print(f"base store: {summary.articles} articles in {time.perf_counter() - t:.0f}s", flush=True)


def run_corpus_step(base: Path, db: Path) -> None:
    shutil.copyfile(base, db)
    with open_store(str(db)) as store:
        t, cpu = time.perf_counter(), time.process_time()
        counts = update_corpus(store)
        wall = time.perf_counter() - t
    print(
        f"corpus step: {counts['processed']} articles in {wall:.0f}s ="
        f" {counts['processed'] / wall:.1f} articles/s, CPU"
        f" {(time.process_time() - cpu) * 1000 / max(1, counts['processed']):.1f} ms/article;"
        f" {counts['duplicates']} copies, {counts['stories']} stories",
        flush=True,
    )


def day(published: str | None) -> date | None:
    try:
        return date.fromisoformat((published or "")[:10])
    except ValueError:
        return None


def report(db: Path, pairs: int, days: int, rare: float, seed: int) -> None:
    with open_store(str(db)) as store, store.engine.connect() as conn:
        a, sa, st = T.articles.c, T.story_articles.c, T.stories.c
        q = (
            select(a.id, a.title, a.published, a.outlet, sa.story_id, T.duplicates.c.original_id)
            .join(T.story_articles, sa.article_id == a.id)
            .outerjoin(T.duplicates, T.duplicates.c.article_id == a.id)
            .order_by(a.id)
        )
        rows = conn.execute(q).all()
        info = {r.id: r for r in conn.execute(select(st.id, st.title, st.first_date, st.last_date))}
    members: dict[int, list] = defaultdict(list)
    for r in rows:
        members[r.story_id].append(r)
    originals = {s: [r for r in ms if r.original_id is None] for s, ms in members.items()}
    n_art = len(rows)
    n_orig = sum(len(o) for o in originals.values())
    print(f"\n{n_art} articles ({n_orig} originals) in {len(members)} stories")

    print("\nstory size (member articles, copies included):")
    for lo, hi in BUCKETS:
        ss = [s for s, ms in members.items() if lo <= len(ms) <= hi]
        arts = sum(len(members[s]) for s in ss)
        name = f"{lo}" if lo == hi else (f"{lo}-{hi}" if hi < 10**9 else f">{lo - 1}")
        print(f"  {name:>7}: {len(ss):6} stories, {arts:6} articles ({100 * arts / n_art:5.1f} %)")
    spans: Counter[str] = Counter()
    for ms in members.values():
        if len(ms) < 2:
            continue
        ds = [d for d in (day(r.published) for r in ms) if d]
        span = (max(ds) - min(ds)).days if ds else 0
        spans[">7" if span > 7 else ">3" if span > 3 else "<=3"] += 1
    print(
        "stories of 2+ articles by publication span: "
        + ", ".join(f"{k} days: {spans[k]}" for k in ("<=3", ">3", ">7"))
    )

    print("\nthe 10 largest stories:")
    for s in sorted(members, key=lambda s: (-len(members[s]), s))[:10]:
        ms, i = members[s], info[s]
        ds = sorted(d for d in (day(r.published) for r in ms) if d)
        outlets = len({r.outlet for r in ms})
        print(
            f"- story {s}: {len(ms)} articles ({len(originals[s])} originals), {outlets} outlets,"
            f" published {ds[0] if ds else '?'} .. {ds[-1] if ds else '?'}"
            f" (story dates {i.first_date} .. {i.last_date})"
        )
        print(f"    title: {(i.title or '')[:110]}")
        for r in random.Random(s).sample(ms, min(5, len(ms))):
            print(f"      {r.published} | {(r.title or '')[:100]}")

    # purity
    keys = {r.id: frozenset(content_keys(r.title or "")) for r in rows if r.original_id is None}
    df = Counter(k for ks in keys.values() for k in ks)
    limit = rare * len(keys)
    rare_keys = {i: frozenset(k for k in ks if df[k] <= limit) for i, ks in keys.items()}
    when = {r.id: day(r.published) for r in rows}

    def agree(x: int, y: int) -> tuple[bool, bool]:
        dx, dy = when[x], when[y]
        close = dx is not None and dy is not None and abs((dx - dy).days) <= days
        return close, len(rare_keys[x] & rare_keys[y]) >= 2

    def figures(sample: list[tuple[int, int]]) -> str:
        if not sample:
            return "no pairs"
        got = [agree(x, y) for x, y in sample]
        n = len(got)
        close = sum(c for c, _ in got) / n
        titles = sum(t for _, t in got) / n
        both = sum(c and t for c, t in got) / n
        return (
            f"dates <= {days} days apart {100 * close:5.1f} %, titles share 2+ rare words"
            f" {100 * titles:5.1f} %, both {100 * both:5.1f} %  ({n} pairs)"
        )

    rng = random.Random(seed)
    groups = [[r.id for r in o] for o in originals.values() if len(o) >= 2]
    weights = [len(g) * (len(g) - 1) // 2 for g in groups]
    total = sum(weights)
    print(
        f"\npurity ({total} pairs of originals sharing a story; titles: rare = in <= {limit:.0f} titles):"
    )
    sample = []
    for g in rng.choices(groups, weights, k=pairs) if groups else []:
        sample.append(tuple(rng.sample(g, 2)))
    print(f"  all story pairs        : {figures(sample)}")
    for lo, hi in BUCKETS[1:]:
        sub = [(g, w) for g, w in zip(groups, weights, strict=True) if lo <= len(g) <= hi]
        name = f"{lo}-{hi}" if hi < 10**9 else f">{lo - 1}"
        part = []
        if sub:
            for g in rng.choices([g for g, _ in sub], [w for _, w in sub], k=pairs // 2):
                part.append(tuple(rng.sample(g, 2)))
        share = sum(w for _, w in sub) / total if total else 0
        print(f"  stories of {name:>7} orig.: {figures(part)}; {100 * share:.0f} % of pairs")
    ids = list(keys)
    chance = [tuple(rng.sample(ids, 2)) for _ in range(pairs)]
    print(f"  random pairs (chance)  : {figures(chance)}")

    story = {r.id: r.story_id for r in rows}
    outlet = {r.id: r.outlet for r in rows}
    titles: dict[str, list[int]] = defaultdict(list)
    for i, ks in rare_keys.items():
        for k in ks:
            titles[k].append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for ids_ in titles.values():
        for x in range(len(ids_)):
            for y in range(x + 1, len(ids_)):
                shared[(ids_[x], ids_[y])] += 1
    same = [
        (x, y)
        for (x, y), n in shared.items()
        if n >= 3
        and outlet[x] != outlet[y]
        and when[x] is not None
        and when[y] is not None
        and abs((when[x] - when[y]).days) <= 2  # type: ignore[operator]
    ]
    together = sum(story[x] == story[y] for x, y in same)
    print(
        f"\nsplitting: {len(same)} pairs of originals from different outlets, <= 2 days apart,"
        f" titles sharing 3+ rare words; in one story: {100 * together / max(1, len(same)):.1f} %"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=27_644, help="records of the corpus to use")
    ap.add_argument("--reuse", action="store_true", help="report on the last run's store")
    ap.add_argument("--out", help="the corpus step's store (default: stories-<n>.db there)")
    ap.add_argument("--pairs", type=int, default=5000, help="story pairs sampled")
    ap.add_argument("--days", type=int, default=3, help="'close' publication dates")
    ap.add_argument("--rare", type=float, default=0.005, help="a rare word's share of titles")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    WORK.mkdir(parents=True, exist_ok=True)
    base = WORK / f"stories-base-{args.n}.db"
    db = Path(args.out) if args.out else WORK / f"stories-{args.n}.db"
    if not base.exists():
        build_base(base, args.n)
    if not (args.reuse and db.exists()):
        run_corpus_step(base, db)
    report(db, args.pairs, args.days, args.rare, args.seed)


if __name__ == "__main__":
    main()
