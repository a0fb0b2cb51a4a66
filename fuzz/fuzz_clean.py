"""Fuzz the cleaner: ``split_articles`` then ``clean_lines`` on fuzzed Arabic-ish text.

Asserted: nothing raises; the articles hold every non-blank input line, in order; the body,
title and date line of each cleaned article are made of text from the input; each text is
cleaned within a time bound.

    python fuzz/fuzz_clean.py -runs=200000 -max_len=20000 -timeout=30
"""

from __future__ import annotations

import atheris
from harness import fuzzed_text, instrumented, main, within

with instrumented():
    from marsad import resources
    from marsad.clean import clean_lines, split_articles

BOILERPLATE = resources.boilerplate()
AGENCY_KEYS = frozenset().union(*(agency.keys for agency in resources.agencies()))
SECONDS = 2.0  # per text


def test_one(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    text = fuzzed_text(fdp, max_words=400)
    with within(SECONDS, f"cleaning {len(text)} characters"):
        articles = split_articles(text, BOILERPLATE)
        cleaned = [clean_lines(lines, BOILERPLATE, AGENCY_KEYS) for lines in articles]
    kept = [line for lines in articles for line in lines if line.strip()]
    assert kept == [line for line in text.split("\n") if line.strip()], (kept, text)
    for article in cleaned:
        for line in article.body.split("\n"):
            assert line in text, (line, text)
        for line in (article.title, article.date_line):
            assert line is None or line in text, (line, text)


if __name__ == "__main__":
    main(test_one)
