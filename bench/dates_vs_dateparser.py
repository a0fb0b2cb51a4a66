"""marsad's Arabic time expressions beside dateparser, on the same real expressions and texts.

Two comparisons, printed as tables (a benchmark, not a test):

1. **Parsing** — each expression of ``bench/data/time_expressions.tsv`` (real Arabic news
   expressions with their day of writing and gold ISO value) is parsed by
   ``marsad.annotate.times`` (``find_times`` + ``resolve``) and by ``dateparser.parse(expr,
   languages=['ar'], settings={'RELATIVE_BASE': anchor, 'PREFER_DATES_FROM': ...})``; a value is
   right when it equals the gold at the gold's granularity (a dateparser datetime is cut to
   ``YYYY``, ``YYYY-MM`` or the day). Also: expressions per second, and the accuracy by source.
2. **Search** — on the seed articles (``shared/corpus/seeds``, gold ``shared/eval/seeds``):
   ``dateparser.search.search_dates`` against ``find_times``: how many expressions each
   returns, how many gold times it finds (texts match after FORMAT.md's ``match_key``, one
   contains the other, one-to-one), how many of those have the right value, and the time taken.

Run: ``/work/venv/bin/python bench/dates_vs_dateparser.py [--repeat 5] [--shared ../shared]
[--misses]``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
import time
import warnings
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
try:
    import marsad  # noqa: F401
except ImportError:  # not installed: use the source tree
    sys.path.insert(0, str(ROOT / "src"))

import dateparser  # noqa: E402
from dateparser.search import search_dates  # noqa: E402

from marsad.annotate.times import find_times, grammar, resolve  # noqa: E402
from marsad.text.normalize import match_key  # noqa: E402

warnings.filterwarnings("ignore")  # dateparser's deprecation chatter

Row = tuple[str, dt.date, str, str]  # expression, anchor, gold value, source


def load_expressions(path: Path) -> list[Row]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [
        (r["expression"], dt.date.fromisoformat(r["anchor"]), r["value"], r["source"])
        for r in reader
    ]


def at_granularity(value: dt.date | dt.datetime | None, gold: str) -> str | None:
    """A date cut to the granularity of the gold value (YYYY, YYYY-MM or YYYY-MM-DD)."""
    if value is None:
        return None
    return value.strftime({4: "%Y", 7: "%Y-%m"}.get(len(gold), "%Y-%m-%d"))


def marsad_parse(expr: str, anchor: dt.date) -> str | None:
    """The value of the longest expression marsad finds in ``expr``."""
    matches = find_times(expr)
    if not matches:
        return None
    best = max(matches, key=lambda m: m.end - m.start)
    return resolve(best.spec, anchor)


def dateparser_parse(prefer: str) -> Callable[[str, dt.date], dt.datetime | None]:
    def parse(expr: str, anchor: dt.date) -> dt.datetime | None:
        base = dt.datetime(anchor.year, anchor.month, anchor.day)
        return dateparser.parse(
            expr,
            languages=["ar"],
            settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer},
        )

    return parse


def run_parsers(rows: list[Row], repeat: int, show_misses: bool) -> None:
    parsers: list[tuple[str, Callable[[str, dt.date], object]]] = [
        ("marsad", marsad_parse),
        ("dateparser (past)", dateparser_parse("past")),
        ("dateparser (current_period)", dateparser_parse("current_period")),
    ]
    grammar()  # compile once, as a long-running process would
    print(f"\n## Parsing {len(rows)} real expressions (repeat x{repeat} for speed)\n")
    by_source: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    table = []
    misses: dict[str, list[str]] = {}
    for name, parse in parsers:
        for expr, anchor, _, _ in rows:  # warm-up (dateparser loads its language data)
            parse(expr, anchor)
        t0 = time.perf_counter()
        for _ in range(repeat):
            results = [parse(expr, anchor) for expr, anchor, _, _ in rows]
        elapsed = time.perf_counter() - t0
        right = answered = 0
        misses[name] = []
        for (expr, anchor, gold, source), got in zip(rows, results, strict=True):
            value = got if isinstance(got, str) or got is None else at_granularity(got, gold)  # type: ignore[arg-type]
            answered += value is not None
            ok = value == gold
            right += ok
            group = "seed" if source.startswith("seed") else source
            by_source[group][name][0] += ok
            by_source[group][name][1] += 1
            if not ok:
                misses[name].append(f"{expr} @{anchor}: gold {gold}, got {value}")
        speed = repeat * len(rows) / elapsed
        table.append((name, right, answered, speed))
    width = max(len(n) for n, *_ in table)
    print(f"| {'parser':<{width}} | right | accuracy | answered | expressions/s |")
    print(f"|{'-' * (width + 2)}|------:|---------:|---------:|--------------:|")
    for name, right, answered, speed in table:
        print(
            f"| {name:<{width}} | {right:>5} | {right / len(rows):>8.1%} | {answered:>8} |"
            f" {speed:>13,.0f} |"
        )
    print("\nAccuracy by source:\n")
    groups = sorted(by_source)
    print(
        f"| {'parser':<{width}} | "
        + " | ".join(f"{g} (n={by_source[g]['marsad'][1]})" for g in groups)
        + " |"
    )
    print(f"|{'-' * (width + 2)}|" + "|".join("-" * (len(g) + 9) + ":" for g in groups) + "|")
    for name, *_ in table:
        cells = []
        for g in groups:
            ok, n = by_source[g][name]
            cells.append(f"{ok / n:>{len(g) + 8}.1%}")
        print(f"| {name:<{width}} | " + " | ".join(cells) + " |")
    if show_misses:
        for name, lines in misses.items():
            print(f"\nMisses of {name} ({len(lines)}):")
            for line in lines:
                print("  -", line)


def seed_articles(shared: Path) -> list[tuple[str, dt.date | None, list[dict]]]:
    """(article text, day of writing, gold times) for every seed gold file."""
    try:
        from marsad.clean import clean_lines, split_articles
        from marsad.resources import boilerplate

        bp = boilerplate()

        def articles(text: str) -> list[str]:
            return [clean_lines(lines, bp, frozenset()).body for lines in split_articles(text, bp)]
    except Exception:  # noqa: BLE001 - cleaning is someone else's stage; fall back to raw text

        def articles(text: str) -> list[str]:
            return [text]

    out = []
    for path in sorted((shared / "eval" / "seeds").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = (shared / "corpus" / "seeds" / gold["file"]).read_text(encoding="utf-8")
        parts = articles(text)
        body = parts[gold["article"]] if gold["article"] < len(parts) else text
        published = gold.get("published")
        anchor = dt.date.fromisoformat(published) if published and len(published) == 10 else None
        out.append((body, anchor, gold["times"]))
    return out


def score(found: list[tuple[str, str | None]], gold: list[dict]) -> tuple[int, int]:
    """(gold times found, found with the right value), pairing one-to-one by text."""
    used: set[int] = set()
    hits = right = 0
    for g in gold:
        key = match_key(g["text"])
        for i, (text, value) in enumerate(found):
            k = match_key(text)
            if i not in used and k and (key in k or k in key):
                used.add(i)
                hits += 1
                right += value == g["value"]
                break
    return hits, right


def run_search(shared: Path, repeat: int) -> None:
    articles = seed_articles(shared)
    if not articles:
        print(f"\n(no seed gold under {shared}/eval/seeds: search comparison skipped)")
        return
    n_gold = sum(len(g) for _, _, g in articles)
    print(f"\n## Search in {len(articles)} seed articles ({n_gold} gold times)\n")

    def with_marsad(
        text: str, anchor: dt.date | None, gold: list[dict]
    ) -> list[tuple[str, str | None]]:
        return [(m.text, resolve(m.spec, anchor)) for m in find_times(text)]

    def with_dateparser(
        text: str, anchor: dt.date | None, gold: list[dict]
    ) -> list[tuple[str, str | None]]:
        settings = {"RELATIVE_BASE": dt.datetime.combine(anchor, dt.time())} if anchor else {}
        found = search_dates(text, languages=["ar"], settings=settings) or []
        out = []
        for text_, when in found:
            # the value at the granularity of the gold time it pairs with, if any
            key = match_key(text_)
            grain = next(
                (
                    g["value"]
                    for g in gold
                    if key and (match_key(g["text"]) in key or key in match_key(g["text"]))
                ),
                "YYYY-MM-DD",
            )
            out.append((text_, at_granularity(when, grain)))
        return out

    rows = []
    for name, fn in (
        ("marsad find_times", with_marsad),
        ("dateparser search_dates", with_dateparser),
    ):
        for text, anchor, gold in articles:  # warm-up
            fn(text, anchor, gold)
        t0 = time.perf_counter()
        for _ in range(repeat):
            results = [fn(text, anchor, gold) for text, anchor, gold in articles]
        elapsed = (time.perf_counter() - t0) / repeat
        returned = sum(len(r) for r in results)
        hits = right = 0
        for (_, _, gold), found in zip(articles, results, strict=True):
            h, r = score(found, gold)
            hits += h
            right += r
        rows.append((name, returned, hits, right, elapsed))
    width = max(len(r[0]) for r in rows)
    print(
        f"| {'system':<{width}} | returned | found | recall | precision | right value | ms/article |"
    )
    print(
        f"|{'-' * (width + 2)}|---------:|------:|-------:|----------:|------------:|-----------:|"
    )
    for name, returned, hits, right, elapsed in rows:
        precision = hits / returned if returned else 0.0
        print(
            f"| {name:<{width}} | {returned:>8} | {hits:>5} | {hits / n_gold:>6.1%} |"
            f" {precision:>9.1%} | {right:>5} ({right / n_gold:.0%}) |"
            f" {1000 * elapsed / len(articles):>10.2f} |"
        )
    print(
        "\n(precision counts every returned expression that pairs with no gold time, captions"
        " left in the cleaned text included)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT / "bench" / "data" / "time_expressions.tsv")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--misses", action="store_true", help="list the expressions each gets wrong")
    args = ap.parse_args()
    rows = load_expressions(args.data)
    print(f"# marsad vs dateparser {dateparser.__version__} on Arabic time expressions")
    run_parsers(rows, args.repeat, args.misses)
    run_search(args.shared, args.repeat)


if __name__ == "__main__":
    main()
