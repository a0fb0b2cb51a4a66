"""Fuzz the whole per-article flow: the bytes through every reader (as standard input), then
each document, and the fuzzed text itself, through ``pipeline.process``.

Asserted: nothing raises but a coded ``MarsadError``; every annotation of every article lies
inside its text and covers what it says; each input is processed within a time bound.

    python fuzz/fuzz_process.py -runs=20000 -max_len=20000 -timeout=60
"""

from __future__ import annotations

import atheris
from harness import check_span, fuzzed_text, instrumented, main, within

with instrumented():
    from marsad.errors import CODES, MarsadError
    from marsad.model import Article, RawDocument
    from marsad.pipeline import load_resources, process
    from marsad.read import read_stdin
    from marsad.settings import Settings

SETTINGS = Settings()
RESOURCES = load_resources(SETTINGS)
SECONDS = 20.0  # per input


def check_article(article: Article) -> None:
    for s in (*article.times, *article.quotes, *(m for e in article.entities for m in e.mentions)):
        check_span(article.text, s.start, s.end, s.text)
    for s in (*article.events, *article.labels):
        assert 0 <= s.start <= s.end <= len(article.text), s


def test_one(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    raw = fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 2000))
    text = fuzzed_text(fdp, max_words=300)
    with within(SECONDS, f"processing {len(raw)} bytes and {len(text)} characters"):
        try:
            docs = [d for d in read_stdin(raw) if isinstance(d, RawDocument)]
            docs.append(RawDocument("fuzz.txt", 0, text, "txt"))
            articles = [a for doc in docs for a in process(doc, RESOURCES, SETTINGS)]
        except MarsadError as exc:
            assert exc.code in CODES, exc
            return
    for article in articles:
        check_article(article)


if __name__ == "__main__":
    main(test_one)
