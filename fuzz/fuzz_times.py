"""Fuzz the time parser: ``find_times`` and ``annotate_times`` on fuzzed Arabic-ish text, with
the day of writing known, only its month known, or unknown.

Asserted: nothing raises; every expression's offsets lie in the text and cover its words; a
resolved value is ISO (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``); ``infer_anchor`` gives an
ISO day or month, or nothing; each text is parsed within a time bound.

    python fuzz/fuzz_times.py -runs=200000 -max_len=20000 -timeout=30
"""

from __future__ import annotations

import re

import atheris
from harness import check_span, fuzzed_text, instrumented, main, within

with instrumented():
    from marsad.annotate.meta import anchor_of
    from marsad.annotate.times import annotate_times, find_times, infer_anchor

# Days of writing as the pipeline passes them (ISO days or months), with those the harness
# once crashed on: an impossible day (`2015-02-29`) and the calendar's first and last days
# (regression tests in tests/test_fuzz.py).
PUBLISHED = [
    None, "2020-07-23", "1436-10-25", "1900-03-01", "2100-12-31", "2021-01", "1999-12",
    "2015-02-29", "0001-01-01", "9999-12-31",
]
KINDS = frozenset({"absolute", "relative", "weekday", "partial"})
ISO = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
SECONDS = 2.0  # per text


def test_one(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    published = fdp.PickValueInList(PUBLISHED)
    text = fuzzed_text(fdp, max_words=300)
    month = published if published and len(published) == 7 else None
    with within(SECONDS, f"parsing the times of {len(text)} characters"):
        matches = find_times(text)
        times = annotate_times(text, anchor_of(published), month=month)
        day, how = infer_anchor(matches, anchor_of(published), text)
    for m in matches:
        check_span(text, m.start, m.end, m.text)
    for t in times:
        check_span(text, t.start, t.end, t.text)
        assert t.kind in KINDS, t
        assert t.value is None or ISO.fullmatch(t.value), t
    assert (day is None) == (how is None) and (day is None or ISO.fullmatch(day)), (day, how)


if __name__ == "__main__":
    main(test_one)
