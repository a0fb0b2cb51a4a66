"""marsad.export: the FORMAT.md system-output object, JSONL and CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from marsad.errors import MarsadError
from marsad.export import (
    CSV_COLUMNS,
    article_to_output,
    output_to_article,
    read_jsonl,
    write_csv,
    write_jsonl,
)
from marsad.model import Article, Entity, Event, Label, Mention, Quote, TimeExpr
from marsad.store import Store

# the keys of FORMAT.md's "System output", in its order, then the ones marsad adds
FORMAT_KEYS = ["file", "article", "title", "outlet", "published", "dateline", "text"]
FORMAT_KEYS += ["entities", "quotes", "times", "events", "labels"]
EXTRA_KEYS = ["key", "url", "agencies", "published_how", "outlet_how"]
ENTITY_KEYS = ["id", "name", "type", "wikidata", "mentions"]
MENTION_KEYS = ["text", "start", "end"]
QUOTE_KEYS = ["speaker", "speaker_id", "cue", "text", "start", "end", "direct"]
TIME_KEYS = ["text", "start", "end", "value"]
EVENT_KEYS = ["type", "source", "target", "place", "date", "start", "end"]
LABEL_KEYS = ["actor", "label", "start", "end"]

TEXT = (
    "أنقرة - قال الرئيس التركي رجب طيب أردوغان أمس إن «الحل في ليبيا سياسي»، "
    "فيما قال مصدر عسكري إن قوات حفتر الانقلابية تراجعت.\nـــ ٢٠٢٠ ـــ"
)


def _at(part: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(part, start + 1)
    return start, start + len(part)


def sample(index: int = 0) -> Article:
    """An article as the pipeline makes it; fields FORMAT.md does not carry keep defaults."""
    erd, tr = _at("رجب طيب أردوغان"), _at("التركي")
    quote, anon = _at("الحل في ليبيا سياسي"), _at("قوات حفتر الانقلابية تراجعت")
    return Article(
        file="001_6fd764c35ada21fe.txt",
        index=index,
        text=TEXT,
        key=f"https://aa.com.tr/ar/{index}",
        url=f"https://aa.com.tr/ar/{index}",
        title="أردوغان: الحلُّ في ليبيا سياسي",
        outlet="الأناضول",
        outlet_how="registry",
        dateline="أنقرة",
        agencies=("الأناضول",),
        published="2020-07-23",
        published_how="stated",
        times=(TimeExpr(*_at("أمس"), "أمس", "2020-07-22", "absolute"),),
        entities=(
            Entity(
                "Q39723", "رجب طيب أردوغان", "PER", "Q39723", (Mention(*erd, TEXT[slice(*erd)]),)
            ),
            Entity("Q43", "تركيا", "LOC", "Q43", (Mention(*tr, "التركي"),)),
            Entity("hftr", "خليفة حفتر", "PER", None, (Mention(*_at("حفتر"), "حفتر"),)),
        ),
        quotes=(
            Quote(*quote, TEXT[slice(*quote)], "قال", True, "رجب طيب أردوغان", "Q39723"),
            Quote(*anon, TEXT[slice(*anon)], "قال", False, None, anonymous="مصدر عسكري"),
        ),
        events=(Event(*anon, "RETREAT", "خليفة حفتر", None, "ليبيا", "2020-07-22"),),
        labels=(Label(*_at("الانقلابية"), "خليفة حفتر", "الانقلابية"),),
    )


def test_output_has_exactly_the_format_keys() -> None:
    out = article_to_output(sample())
    assert list(out) == FORMAT_KEYS + EXTRA_KEYS
    assert (out["file"], out["article"], out["text"]) == (sample().file, 0, TEXT)
    for e in out["entities"]:
        assert list(e) == ENTITY_KEYS
        assert all(list(m) == MENTION_KEYS for m in e["mentions"])
    named, anonymous = out["quotes"]
    assert list(named) == QUOTE_KEYS  # "anonymous" only when set
    assert list(anonymous) == [*QUOTE_KEYS, "anonymous"] and anonymous["speaker"] is None
    assert all(list(t) == TIME_KEYS for t in out["times"])
    assert all(list(e) == EVENT_KEYS for e in out["events"])
    assert all(list(lb) == LABEL_KEYS for lb in out["labels"])
    assert out["agencies"] == ["الأناضول"]


def test_offsets_point_into_the_text() -> None:
    out = article_to_output(sample())
    spans = [m for e in out["entities"] for m in e["mentions"]] + out["quotes"] + out["times"]
    for s in spans:
        assert out["text"][s["start"] : s["end"]] == s["text"]


def test_output_to_article_is_the_inverse() -> None:
    a = sample()
    assert output_to_article(article_to_output(a)) == a
    assert article_to_output(output_to_article(article_to_output(a))) == article_to_output(a)


def test_jsonl_round_trip_keeps_arabic_unescaped(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        assert write_jsonl([sample(0), sample(1)], fh) == 2
    raw = path.read_text(encoding="utf-8")
    assert "أردوغان" in raw and "\\u06" not in raw
    lines = raw.splitlines()
    assert len(lines) == 2 and json.loads(lines[1])["article"] == 1
    with path.open(encoding="utf-8") as fh:
        assert list(read_jsonl(fh)) == [sample(0), sample(1)]


def test_csv_has_a_header_and_arabic_intact(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        assert write_csv([sample(0), sample(1)], fh) == 2
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == list(CSV_COLUMNS)
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["text"] == TEXT  # the newline and tatweel inside the body survive quoting
    assert (first["outlet"], first["dateline"], first["agencies"]) == (
        "الأناضول",
        "أنقرة",
        "الأناضول",
    )
    assert (first["n_times"], first["n_entities"], first["n_quotes"]) == ("1", "3", "2")
    assert (first["n_events"], first["n_labels"], first["article"]) == ("1", "1", "0")
    assert len(rows) == 3


@pytest.mark.parametrize(
    "bad",
    [
        {"file": "x.txt", "text": "نص"},  # no article index
        {"file": "x.txt", "article": 0, "text": "نص", "entities": [{"name": "x"}]},
        {"file": "x.txt", "article": "first", "text": "نص"},
        ["not", "an", "object"],
    ],
)
def test_malformed_output_raises_e302(bad: object) -> None:
    with pytest.raises(MarsadError) as e:
        output_to_article(bad)  # type: ignore[arg-type]
    assert e.value.code == "E302"


def test_bad_jsonl_line_raises_e302() -> None:
    with pytest.raises(MarsadError) as e:
        list(read_jsonl(io.StringIO('{"file": "x"\n')))
    assert e.value.code == "E302"


def test_store_then_export_gives_the_same_lines(store: Store) -> None:
    articles = [sample(1), sample(0)]
    store.upsert_articles(articles)
    direct, stored = io.StringIO(), io.StringIO()
    write_jsonl([sample(0), sample(1)], direct)
    write_jsonl(store.iter_articles(), stored)
    assert stored.getvalue() == direct.getvalue()
