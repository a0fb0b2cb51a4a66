"""Run the pipeline on a corpus in memory and turn it into FORMAT.md system output;
check figures against pinned floors."""

from __future__ import annotations

import json
from pathlib import Path

from marsad.export import article_to_output
from marsad.pipeline import Summary, iter_articles
from marsad.read import ReadOptions, read_paths
from marsad.settings import Settings


def system_output(
    corpus: Path, settings: Settings, options: ReadOptions = ReadOptions()
) -> list[dict]:
    """FORMAT.md system output for every article under ``corpus`` (nothing is stored)."""
    summary = Summary()
    return [
        article_to_output(a)
        for a in iter_articles(read_paths([corpus], options), settings, summary)
    ]


def below_floors(
    figures: dict[str, float | None], floors_file: Path
) -> list[tuple[str, float | None, float]]:
    """The figures under their pinned floor: (figure, value, floor)."""
    floors = json.loads(floors_file.read_text(encoding="utf-8"))
    failing = []
    for name, floor in floors.items():
        value = figures.get(name)
        if value is None or value + 1e-9 < float(floor):
            failing.append((name, value, float(floor)))
    return failing
