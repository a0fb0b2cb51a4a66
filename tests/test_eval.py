"""The scorer ``marsad.eval``: every figure of FORMAT.md on small hand-made gold/output pairs,
the loaders' coded errors, and the seed gold scored against itself."""

from __future__ import annotations

import copy
import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.errors import MarsadError
from marsad.eval import (
    FIGURES,
    Scores,
    load_gold,
    load_output,
    score,
    scores_table_rows,
    scores_to_json,
)
from marsad.eval.scorer import _pair

DATA = Path(__file__).parent / "data" / "eval"
SEEDS = Path("/work/shared/eval/seeds")

# ------------------------------------------------------------------------------ builders


def gold_article(file: str = "a.txt", article: int = 0, **fields) -> dict:
    g = {
        "file": file,
        "article": article,
        "title": None,
        "outlet": None,
        "published": None,
        "dateline": None,
        "keep": [],
        "drop": [],
        "entities": [],
        "quotes": [],
        "times": [],
        "events": [],
        "labels": [],
    }
    g.update(fields)
    return g


def sys_article(file: str = "a.txt", article: int = 0, **fields) -> dict:
    s = {
        "file": file,
        "article": article,
        "title": None,
        "outlet": None,
        "published": None,
        "dateline": None,
        "text": "",
        "entities": [],
        "quotes": [],
        "times": [],
        "events": [],
        "labels": [],
    }
    s.update(fields)
    return s


def gent(name: str, type_: str, *mentions: str, wikidata: str | None = None) -> dict:
    return {"name": name, "type": type_, "wikidata": wikidata, "mentions": list(mentions or [name])}


def sent(id_: str, name: str, type_: str, *mentions: str, wikidata: str | None = None) -> dict:
    return {
        "id": id_,
        "name": name,
        "type": type_,
        "wikidata": wikidata,
        "mentions": [{"text": m, "start": -1, "end": -1} for m in (mentions or [name])],
    }


def figs(gold: list[dict] | dict, system: list[dict] | dict) -> dict[str, float | None]:
    gold = [gold] if isinstance(gold, dict) else gold
    system = [system] if isinstance(system, dict) else system
    return score(gold, system).figures


def counts(gold, system) -> dict[str, dict[str, int]]:
    gold = [gold] if isinstance(gold, dict) else gold
    system = [system] if isinstance(system, dict) else system
    return score(gold, system).counts


HAFTAR = gent("خليفة حفتر", "PER", "خليفة حفتر", "حفتر", wikidata="Q2")
TURKEY = gent("تركيا", "LOC", "تركيا", "التركي", wikidata="Q43")
RUSSIA = gent("روسيا", "LOC", "روسيا", "الروسي", wikidata="Q159")
UN = gent("الأمم المتحدة", "ORG", "للأمم المتحدة", "الأممي", wikidata="Q1065")


def rich_gold() -> dict:
    """One article using every part of the format."""
    return gold_article(
        title="«مؤتمر برلين» يبحث الأزمة الليبية",
        outlet="أوج",
        published="2020-07-22",
        dateline="موسكو",
        keep=[
            "قال الرئيس التركي إن بلاده لن تتخلى عن حكومة الوفاق في ليبيا مهما كانت الظروف.",
            "وأكد الجانب الروسي أن الحل في ليبيا لا يمكن أن يكون عسكريا على الإطلاق.",
        ],
        drop=["اقرأ أيضاً: حفتر يخسر قاعدة الوطية", "TT"],
        entities=[copy.deepcopy(e) for e in (HAFTAR, TURKEY, RUSSIA, UN)],
        quotes=[
            {"speaker": "تركيا", "cue": "قال", "text": "لن تتخلى عن حكومة الوفاق", "direct": False},
            {"speaker": None, "cue": "وأضاف", "text": "الحل في ليبيا لا يمكن", "direct": False},
        ],
        times=[
            {"text": "أمس", "value": "2020-07-21"},
            {"text": "العام الماضي", "value": "2019"},
        ],
        events=[
            {"type": "CONSULT", "source": "تركيا", "target": "روسيا", "place": None, "date": None},
            {
                "type": "ASSAULT",
                "source": "خليفة حفتر",
                "target": None,
                "place": None,
                "date": None,
            },
        ],
        labels=[
            {"actor": "خليفة حفتر", "label": "الانقلابي"},
            {"actor": "خليفة حفتر", "label": "الانقلابي"},
        ],
    )


def gold_to_output(gold: list[dict]) -> list[dict]:
    """System output that says exactly what the gold says.

    The text is a synthetic body (keep sentences, then every mention, quote, time and label
    string); offsets point into it.
    """
    out = []
    for g in gold:
        parts = list(g["keep"])
        parts += [m for e in g["entities"] for m in e["mentions"]]
        parts += [q["text"] for q in g["quotes"]] + [t["text"] for t in g["times"]]
        parts += [lab["label"] for lab in g["labels"]]
        text = "\n".join(parts)

        def span(s: str, text: str = text) -> dict:
            start = text.find(s)
            return {"start": start, "end": start + len(s) if start >= 0 else -1}

        ids = {e["name"]: f"e{k}" for k, e in enumerate(g["entities"])}
        entities = [
            {
                "id": ids[e["name"]],
                "name": e["name"],
                "type": e["type"],
                "wikidata": e["wikidata"],
                "mentions": [{"text": m, **span(m)} for m in e["mentions"]],
            }
            for e in g["entities"]
        ]
        quotes = [
            {
                "speaker": q["speaker"],
                "speaker_id": ids.get(q["speaker"]),
                "cue": q.get("cue", ""),
                "text": q["text"],
                "direct": q.get("direct", False),
                **span(q["text"]),
            }
            for q in g["quotes"]
        ]
        times = [{"text": t["text"], "value": t["value"], **span(t["text"])} for t in g["times"]]
        events = [{**ev, "start": -1, "end": -1} for ev in g["events"]]
        labels = [
            {"actor": lab["actor"], "label": lab["label"], **span(lab["label"])}
            for lab in g["labels"]
        ]
        out.append(
            {
                "file": g["file"],
                "article": g["article"],
                **{k: g[k] for k in ("title", "outlet", "published", "dateline")},
                "text": text,
                "entities": entities,
                "quotes": quotes,
                "times": times,
                "events": events,
                "labels": labels,
            }
        )
    return out


def assert_all_one(figures: dict[str, float | None], undefined: set[str] = frozenset()) -> None:
    for key, _ in FIGURES:
        if key in undefined:
            assert figures[key] is None, key
        else:
            assert figures[key] == 1.0, (key, figures[key])


# ----------------------------------------------------------------------- perfect match


def test_perfect_match_scores_one_everywhere():
    gold = rich_gold()
    assert_all_one(figs(gold, gold_to_output([gold])))


def test_every_figure_is_reported_in_order():
    rows = scores_table_rows(score([rich_gold()], gold_to_output([rich_gold()])))
    assert [r[0] for r in rows] == [label for _, label in FIGURES]
    assert [key for key, _ in FIGURES][:6] == [
        "split",
        "clean",
        "title",
        "outlet",
        "published",
        "dateline",
    ]
    assert len(rows) == 25


def test_empty_system_article_scores_zero_or_undefined():
    gold = rich_gold()
    f = figs(gold, sys_article())
    assert f["split"] == 1.0
    for key in ("entity_r", "quote_r", "time_r", "event_r", "label_r", "entity_f1", "title"):
        assert f[key] == 0.0, key
    for key in ("entity_p", "quote_p", "mention_recall", "linking", "speaker", "time_value"):
        assert f[key] is None, key
    # the drops are absent from an empty text: only those count for clean
    assert f["clean"] == pytest.approx(2 / 4)


# ---------------------------------------------------------------------------- metadata


@pytest.mark.parametrize("field", ["title", "outlet", "published", "dateline"])
def test_metadata_null_must_be_answered_null(field):
    assert figs(gold_article(), sys_article())[field] == 1.0
    assert figs(gold_article(), sys_article(**{field: "موسكو"}))[field] == 0.0
    assert figs(gold_article(**{field: "موسكو"}), sys_article())[field] == 0.0


def test_metadata_empty_or_absent_system_value_is_null():
    system = sys_article(outlet="")
    del system["dateline"]
    f = figs(gold_article(), system)
    assert f["outlet"] == 1.0 and f["dateline"] == 1.0


def test_metadata_compares_after_match_key():
    gold = gold_article(title="«مؤتمر الجزائر» يبحث دعمَ الحلّ", outlet="أوج", dateline="إسطنبول")
    system = sys_article(title="مؤتمر الجزائر يبحث دعم الحل", outlet="اوج", dateline="اسطنبول")
    f = figs(gold, system)
    assert (f["title"], f["outlet"], f["dateline"]) == (1.0, 1.0, 1.0)
    f = figs(gold, sys_article(title="مؤتمر القاهرة يبحث دعم الحل", outlet="أوج", dateline="أنقرة"))
    assert (f["title"], f["outlet"], f["dateline"]) == (0.0, 1.0, 0.0)


def test_published_month_is_not_the_day():
    assert (
        figs(gold_article(published="2020-07"), sys_article(published="2020-07-22"))["published"]
        == 0.0
    )
    assert (
        figs(gold_article(published="2020-07"), sys_article(published="2020-07"))["published"]
        == 1.0
    )


# ---------------------------------------------------------------------------- cleaning


def test_clean_keep_contained_after_match_key_and_drop_absent():
    gold = gold_article(
        keep=["وأكّد الجانبُ الروسي أنّ «الحلّ» سياسي", "جملة ثانية يجب أن تبقى في النص"],
        drop=["اقرأ أيضاً", "TT"],
    )
    text = "مقدمة.\nوأكد الجانب الروسي ان الحل\n  سياسي، وخاتمة.\nجملة ثانية يجب ان تبقى في النص."
    assert figs(gold, sys_article(text=text))["clean"] == 1.0
    f = counts(gold, sys_article(text=text + "\nاقرا ايضا: خبر آخر"))["clean"]
    assert f == {
        "correct": 3,
        "total": 4,
        "keep_found": 2,
        "keep_total": 2,
        "drop_absent": 1,
        "drop_total": 2,
    }
    assert figs(gold, sys_article(text="جملة ثانية يجب أن تبقى في النص"))["clean"] == 0.75


def test_clean_undefined_without_keep_or_drop():
    assert figs(gold_article(), sys_article(text="نص"))["clean"] is None


# ---------------------------------------------------------------------------- entities


def test_entity_miss_and_false_positive():
    gold = gold_article(entities=[HAFTAR, TURKEY])
    system = sys_article(
        entities=[
            sent("e1", "حفتر", "PER", "حفتر"),
            sent("e2", "عقيلة صالح", "PER"),
            sent("e3", "كوفيد", "MISC"),  # not PER/ORG/LOC: never a false positive
        ]
    )
    c = counts(gold, system)["entity"]
    assert c == {"tp": 1, "fp": 1, "fn": 1}
    f = figs(gold, system)
    assert f["entity_p"] == 0.5 and f["entity_r"] == 0.5 and f["entity_f1"] == 0.5


def test_entity_type_must_agree():
    f = figs(gold_article(entities=[TURKEY]), sys_article(entities=[sent("e1", "تركيا", "ORG")]))
    assert f["entity_r"] == 0.0 and f["entity_p"] == 0.0


def test_entity_found_by_any_mention_not_by_name():
    gold = gold_article(entities=[HAFTAR])
    by_mention = sys_article(entities=[sent("e1", "المشير", "PER", "حفتر")])
    assert figs(gold, by_mention)["entity_r"] == 1.0
    name_only = sys_article(entities=[sent("e1", "خليفة حفتر", "PER", "المشير")])
    assert figs(gold, name_only)["entity_r"] == 0.0


def test_lil_prefix_reads_as_al_in_mentions():
    gold = gold_article(entities=[UN])
    system = sys_article(entities=[sent("e1", "الأمم المتحدة", "ORG", "الأمم المتحدة")])
    f = figs(gold, system)
    assert f["entity_r"] == 1.0
    assert counts(gold, system)["mention_recall"] == {"correct": 1, "total": 2}
    # and the other way round: gold ال, system لل
    gold2 = gold_article(entities=[gent("الأمم المتحدة", "ORG", "الأمم المتحدة")])
    system2 = sys_article(entities=[sent("e1", "للأمم المتحدة", "ORG", "للأمم المتحدة")])
    assert figs(gold2, system2)["mention_recall"] == 1.0
    # but لل is not stripped elsewhere than at the start
    system3 = sys_article(entities=[sent("e1", "الأمم", "ORG", "الأمم")])
    assert figs(gold2, system3)["entity_r"] == 0.0


def test_mentions_match_across_hamza_and_diacritics():
    gold = gold_article(entities=[gent("رجب طيب أردوغان", "PER", "رجب طيب أردوغان", "أردوغان")])
    system = sys_article(entities=[sent("e1", "اردوغان", "PER", "رجب طَيّب اردوغان", "أردوغـان")])
    f = figs(gold, system)
    assert f["entity_r"] == 1.0 and f["mention_recall"] == 1.0


def test_two_system_entities_compete_for_one_gold():
    gold = gold_article(entities=[HAFTAR])
    # the first system entity covers one mention, the second both: the pairing takes the second
    system = sys_article(
        entities=[
            sent("e1", "حفتر", "PER", "حفتر"),
            sent("e2", "خليفة حفتر", "PER", "خليفة حفتر", "حفتر"),
        ]
    )
    s = score([gold], [system])
    assert s.counts["entity"] == {"tp": 1, "fp": 1, "fn": 0}
    assert s.figures["entity_p"] == 0.5 and s.figures["entity_r"] == 1.0
    assert s.figures["mention_recall"] == 1.0
    assert s.per_article[0]["entities"]["paired"][0]["system_id"] == "e2"


def test_entity_pairing_is_optimal_not_greedy():
    gold = gold_article(
        entities=[gent("خليفة حفتر", "PER", "خليفة حفتر", "حفتر"), gent("صدام حفتر", "PER", "حفتر")]
    )
    # e1 could pair with either gold entity; a greedy pass in gold order gives it to the first
    # and leaves the second without a partner. The optimum pairs both.
    system = sys_article(
        entities=[sent("e1", "حفتر", "PER", "حفتر"), sent("e2", "خليفة حفتر", "PER", "خليفة حفتر")]
    )
    f = figs(gold, system)
    assert f["entity_r"] == 1.0 and f["entity_p"] == 1.0


def test_mention_recall_over_found_entities_only():
    gold = gold_article(entities=[HAFTAR, TURKEY])
    system = sys_article(entities=[sent("e1", "حفتر", "PER", "حفتر")])
    assert counts(gold, system)["mention_recall"] == {"correct": 1, "total": 2}
    s = score([gold], [system])
    assert s.per_article[0]["entities"]["paired"][0]["mentions_missed"] == ["خليفة حفتر"]


def test_linking_over_found_entities_with_gold_wikidata():
    gold = gold_article(entities=[TURKEY, RUSSIA, gent("أنقرة", "LOC", wikidata=None)])
    system = sys_article(
        entities=[
            sent("e1", "تركيا", "LOC", wikidata="Q43"),
            sent("e2", "روسيا", "LOC", wikidata="Q212"),
            sent("e3", "أنقرة", "LOC", wikidata="Q3640"),  # gold null: not counted
        ]
    )
    assert counts(gold, system)["linking"] == {"correct": 1, "total": 2}
    only_null = gold_article(entities=[gent("أنقرة", "LOC", wikidata=None)])
    assert figs(only_null, sys_article(entities=[sent("e1", "أنقرة", "LOC")]))["linking"] is None
    missing = sys_article(entities=[sent("e1", "تركيا", "LOC", wikidata=None)])
    assert figs(gold_article(entities=[TURKEY]), missing)["linking"] == 0.0


# ------------------------------------------------------------------------------ quotes


def quote(text: str, speaker: str | None = None, speaker_id: str | None = None) -> dict:
    return {
        "speaker": speaker,
        "speaker_id": speaker_id,
        "cue": "قال",
        "text": text,
        "start": 0,
        "end": 1,
    }


def gquote(text: str, speaker: str | None = None) -> dict:
    return {"speaker": speaker, "cue": "قال", "text": text, "direct": False}


def test_quote_found_when_system_text_contains_gold_text():
    gold = gold_article(quotes=[gquote("الحل في ليبيا سياسي"), gquote("لن نقبل بالتدخل الأجنبي")])
    system = sys_article(
        quotes=[
            quote("إنّ «الحلَّ في ليبيا سياسيٌ» وليس عسكريا"),  # contains the first
            quote("لن نقبل"),  # part of the second: not enough
            quote("نرحب بالمبادرة"),
        ]
    )
    c = counts(gold, system)["quote"]
    assert c == {"tp": 1, "fp": 2, "fn": 1}
    f = figs(gold, system)
    assert f["quote_p"] == pytest.approx(1 / 3) and f["quote_r"] == 0.5


def test_one_system_quote_finds_at_most_one_gold_quote():
    gold = gold_article(quotes=[gquote("الحل في ليبيا سياسي"), gquote("لن نقبل بالتدخل الأجنبي")])
    system = sys_article(quotes=[quote("الحل في ليبيا سياسي ولن نقبل بالتدخل الأجنبي")])
    f = figs(gold, system)
    assert f["quote_r"] == 0.5 and f["quote_p"] == 1.0


def speaker_case(system_quote: dict, gold_speaker: str | None = "خليفة حفتر") -> dict:
    gold = gold_article(
        entities=[HAFTAR, TURKEY], quotes=[gquote("الحل في ليبيا سياسي", gold_speaker)]
    )
    system = sys_article(
        entities=[sent("e1", "خليفة حفتر", "PER", "حفتر"), sent("e2", "تركيا", "LOC")],
        quotes=[system_quote],
    )
    return figs(gold, system)


def test_speaker_carried_by_id():
    # the id decides, not the name given alongside it
    assert speaker_case(quote("الحل في ليبيا سياسي", "المشير", "e1"))["speaker"] == 1.0
    assert speaker_case(quote("الحل في ليبيا سياسي", "خليفة حفتر", "e2"))["speaker"] == 0.0


def test_speaker_by_name_when_no_id():
    assert speaker_case(quote("الحل في ليبيا سياسي", "خليفة حَفتر"))["speaker"] == 1.0
    assert speaker_case(quote("الحل في ليبيا سياسي", "حفتر"))["speaker"] == 1.0  # by its mention
    assert speaker_case(quote("الحل في ليبيا سياسي", "تركيا"))["speaker"] == 0.0


def test_speaker_null_with_null():
    assert speaker_case(quote("الحل في ليبيا سياسي"), gold_speaker=None)["speaker"] == 1.0
    assert (
        speaker_case(quote("الحل في ليبيا سياسي", "تركيا", "e2"), gold_speaker=None)["speaker"]
        == 0.0
    )
    assert speaker_case(quote("الحل في ليبيا سياسي"))["speaker"] == 0.0


def test_speaker_needs_the_gold_speaker_found():
    gold = gold_article(entities=[HAFTAR], quotes=[gquote("الحل في ليبيا سياسي", "خليفة حفتر")])
    system = sys_article(
        entities=[sent("e1", "خليفة حفتر", "ORG", "حفتر")],  # wrong type: not paired
        quotes=[quote("الحل في ليبيا سياسي", "خليفة حفتر", "e1")],
    )
    f = figs(gold, system)
    assert f["quote_r"] == 1.0 and f["speaker"] == 0.0


def test_quote_pairing_prefers_the_right_speaker():
    gold = gold_article(
        entities=[HAFTAR, TURKEY], quotes=[gquote("الحل في ليبيا سياسي", "خليفة حفتر")]
    )
    system = sys_article(
        entities=[sent("e1", "خليفة حفتر", "PER", "حفتر"), sent("e2", "تركيا", "LOC")],
        quotes=[
            quote("الحل في ليبيا سياسي", "تركيا", "e2"),
            quote("الحل في ليبيا سياسي", None, "e1"),
        ],
    )
    f = figs(gold, system)
    assert f["speaker"] == 1.0 and f["quote_p"] == 0.5


# ------------------------------------------------------------------------------- times


def stime(text: str, value: str | None) -> dict:
    return {"text": text, "value": value, "start": 0, "end": len(text)}


def test_time_contains_or_reverse():
    gold = gold_article(
        times=[
            {"text": "أمس", "value": "2020-07-21"},
            {"text": "اليوم الخميس", "value": "2020-07-23"},
        ]
    )
    system = sys_article(times=[stime("أمسِ الثلاثاء", "2020-07-21"), stime("الخميس", "2020-07-23")])
    f = figs(gold, system)
    assert f["time_r"] == 1.0 and f["time_p"] == 1.0 and f["time_value"] == 1.0
    assert figs(gold, sys_article(times=[stime("غدا", "2020-07-23")]))["time_r"] == 0.0


def test_time_occurrences_match_one_to_one():
    gold = gold_article(times=[{"text": "أمس", "value": "2020-07-21"}] * 2)
    f = figs(gold, sys_article(times=[stime("أمس", "2020-07-21")]))
    assert f["time_r"] == 0.5 and f["time_p"] == 1.0
    f = figs(gold, sys_article(times=[stime("أمس", "2020-07-21")] * 3))
    assert f["time_r"] == 1.0 and f["time_p"] == pytest.approx(2 / 3)


def test_time_value_accuracy_over_found_times():
    gold = gold_article(
        times=[
            {"text": "أمس", "value": "2020-07-21"},
            {"text": "العام الماضي", "value": "2019"},
            {"text": "الأسبوع المقبل", "value": None},
            {"text": "الخميس", "value": None},
            {"text": "يوليو", "value": "2020-07"},  # not found: not in the accuracy
        ]
    )
    system = sys_article(
        times=[
            stime("أمس", "2020-07-21"),
            stime("العام الماضي", "2020"),
            stime("الأسبوع المقبل", None),
            stime("الخميس", "2020-07-23"),
        ]
    )
    assert counts(gold, system)["time_value"] == {"correct": 2, "total": 4}


def test_time_pairing_prefers_equal_values():
    gold = gold_article(
        times=[
            {"text": "24 ديسمبر المقبل", "value": "2021-12-24"},
            {"text": "24 ديسمبر", "value": "2020-12-24"},
        ]
    )
    # both system times could pair with both gold times; only one pairing gets both values right
    system = sys_article(times=[stime("24 ديسمبر", "2020-12-24"), stime("24 ديسمبر", "2021-12-24")])
    assert figs(gold, system)["time_value"] == 1.0


# ------------------------------------------------------------------------------ events


def gevent(type_: str, source: str | None, target: str | None) -> dict:
    return {"type": type_, "source": source, "target": target, "place": None, "date": None}


def sevent(type_: str, source: str | None, target: str | None) -> dict:
    return {
        "type": type_,
        "source": source,
        "target": target,
        "place": None,
        "date": None,
        "start": 0,
        "end": 1,
    }


EVENT_SYSTEM_ENTITIES = [
    sent("e1", "خليفة حفتر", "PER", "حفتر"),
    sent("e2", "تركيا", "LOC", "التركي"),
    sent("e3", "روسيا", "LOC"),
]


def test_event_with_null_target():
    gold = gold_article(
        entities=[HAFTAR, TURKEY, RUSSIA], events=[gevent("ASSAULT", "خليفة حفتر", None)]
    )
    ok = sys_article(entities=EVENT_SYSTEM_ENTITIES, events=[sevent("ASSAULT", "خليفة حفتر", None)])
    assert figs(gold, ok)["event_r"] == 1.0
    wrong = sys_article(
        entities=EVENT_SYSTEM_ENTITIES, events=[sevent("ASSAULT", "خليفة حفتر", "تركيا")]
    )
    c = counts(gold, wrong)["event"]
    assert c == {"tp": 0, "fp": 1, "fn": 1}


def test_event_needs_type_and_paired_actors():
    gold = gold_article(
        entities=[HAFTAR, TURKEY, RUSSIA], events=[gevent("CONSULT", "تركيا", "روسيا")]
    )

    def r(*events: dict, entities=EVENT_SYSTEM_ENTITIES) -> float | None:
        return figs(gold, sys_article(entities=entities, events=list(events)))["event_r"]

    assert r(sevent("CONSULT", "تركيا", "روسيا")) == 1.0
    assert r(sevent("CONSULT", "التركي", "روسيا")) == 1.0  # a name resolved by its mention
    assert r(sevent("AGREE", "تركيا", "روسيا")) == 0.0
    assert r(sevent("CONSULT", "روسيا", "تركيا")) == 0.0
    assert r(sevent("CONSULT", "تركيا", None)) == 0.0
    # the actor is right by name but its system entity is not the one paired with the gold
    unpaired = [sent("e2", "تركيا", "ORG"), sent("e3", "روسيا", "LOC")]
    assert r(sevent("CONSULT", "تركيا", "روسيا"), entities=unpaired) == 0.0


def test_events_match_one_to_one():
    gold = gold_article(entities=[HAFTAR], events=[gevent("ASSAULT", "خليفة حفتر", None)])
    system = sys_article(
        entities=EVENT_SYSTEM_ENTITIES,
        events=[sevent("ASSAULT", "خليفة حفتر", None), sevent("ASSAULT", "حفتر", None)],
    )
    f = figs(gold, system)
    assert f["event_r"] == 1.0 and f["event_p"] == 0.5


# ------------------------------------------------------------------------------ labels


def slabel(actor: str | None, label: str) -> dict:
    return {"actor": actor, "label": label, "start": 0, "end": len(label)}


def test_label_found_when_system_label_of_paired_actor_contains_gold():
    gold = gold_article(
        entities=[HAFTAR, TURKEY], labels=[{"actor": "خليفة حفتر", "label": "الانقلابي"}]
    )
    system_entities = [sent("e1", "خليفة حفتر", "PER", "حفتر"), sent("e2", "تركيا", "LOC")]

    def f(*labels: dict) -> dict:
        return figs(gold, sys_article(entities=system_entities, labels=list(labels)))

    assert f(slabel("حفتر", "الجنرال الانقلابيّ"))["label_r"] == 1.0
    assert f(slabel("تركيا", "الانقلابي"))["label_r"] == 0.0  # wrong actor
    assert f(slabel(None, "الانقلابي"))["label_r"] == 0.0
    assert f(slabel("خليفة حفتر", "انقلاب"))["label_r"] == 0.0  # gold is not contained
    both = f(slabel("خليفة حفتر", "الانقلابي"), slabel("خليفة حفتر", "المتمرد"))
    assert both["label_p"] == 0.5 and both["label_r"] == 1.0


def test_repeated_labels_match_one_to_one():
    gold = gold_article(entities=[HAFTAR], labels=[{"actor": "خليفة حفتر", "label": "مليشيات"}] * 3)
    system = sys_article(
        entities=[sent("e1", "خليفة حفتر", "PER")], labels=[slabel("خليفة حفتر", "مليشيات")] * 2
    )
    assert counts(gold, system)["label"] == {"tp": 2, "fp": 0, "fn": 1}


# ------------------------------------------------------------------- articles and split


def test_missing_system_article_scores_zero():
    gold = [rich_gold(), {**rich_gold(), "article": 1}]
    system = gold_to_output(gold[:1])
    s = score(gold, system)
    f = s.figures
    assert f["split"] == 0.0
    for key in (
        "clean",
        "title",
        "outlet",
        "published",
        "dateline",
        "entity_r",
        "quote_r",
        "time_r",
        "event_r",
        "label_r",
    ):
        assert f[key] == 0.5, key
    for key in ("entity_p", "quote_p", "time_p", "event_p", "label_p"):
        assert f[key] == 1.0, key
    # "over found" figures only see what was found
    for key in ("mention_recall", "linking", "speaker", "time_value"):
        assert f[key] == 1.0, key
    missing = s.per_article[1]
    assert missing["in_system"] is False
    assert missing["entities"]["missed"] == [e["name"] for e in rich_gold()["entities"]]
    assert missing["clean"]["drop_present"] == rich_gold()["drop"]


def test_missing_article_null_metadata_counts_as_wrong():
    f = figs([gold_article(), gold_article(file="b.txt")], [sys_article()])
    assert f["title"] == 0.5 and f["outlet"] == 0.5 and f["split"] == 0.5


def test_extra_system_article_only_affects_split():
    gold = rich_gold()
    system = gold_to_output([gold])
    extra = copy.deepcopy(system[0])
    extra["article"] = 1
    extra["title"] = "عنوان آخر"
    f = figs(gold, [*system, extra])
    assert f["split"] == 0.0
    assert_all_one({k: v for k, v in f.items() if k != "split"} | {"split": 1.0})
    other_file = copy.deepcopy(extra)
    other_file["file"] = "b.txt"
    assert_all_one(figs(gold, [*system, other_file]))  # a file gold does not cover


def test_split_counts_files_not_articles():
    gold = [gold_article("a.txt", 0), gold_article("a.txt", 1), gold_article("b.txt", 0)]
    system = [
        sys_article("a.txt", 0),
        sys_article("a.txt", 1),
        sys_article("b.txt", 0),
        sys_article("b.txt", 1),
    ]
    assert counts(gold, system)["split"] == {"correct": 1, "total": 2}
    assert figs(gold, system[:3])["split"] == 1.0


def test_duplicate_system_records_handed_to_score_count_as_extra_articles():
    gold = rich_gold()
    system = gold_to_output([gold])
    f = figs(gold, [*system, sys_article()])
    assert f["split"] == 0.0 and f["entity_r"] == 1.0  # the first record is scored


def test_micro_average_over_articles():
    a = gold_article("a.txt", entities=[HAFTAR])
    b = gold_article("b.txt", entities=[TURKEY, RUSSIA, UN])
    system = [
        sys_article("a.txt", entities=[sent("e1", "حفتر", "PER", "حفتر")]),
        sys_article("b.txt", entities=[sent("e1", "تركيا", "LOC"), sent("e2", "السراج", "PER")]),
    ]
    f = figs([a, b], system)
    # micro: 2 of 4 gold found, 2 of 3 system right (a macro average would give R = 0.667)
    assert f["entity_r"] == 0.5
    assert f["entity_p"] == pytest.approx(2 / 3)
    assert f["entity_f1"] == pytest.approx(2 * 2 / (2 * 2 + 1 + 2))


def test_undefined_figures_are_none_and_shown_as_dash():
    s = score([gold_article()], [sys_article()])
    for key in (
        "clean",
        "entity_p",
        "entity_r",
        "entity_f1",
        "mention_recall",
        "linking",
        "quote_p",
        "speaker",
        "time_value",
        "label_f1",
    ):
        assert s.figures[key] is None, key
    rows = {r[0]: r for r in scores_table_rows(s)}
    assert rows["entity F1"][1] == "–"
    assert rows["title"] == ("title", "1.000", "1/1")


def test_table_details_and_json():
    gold = gold_article(entities=[HAFTAR, TURKEY])
    system = sys_article(entities=[sent("e1", "حفتر", "PER", "حفتر"), sent("e2", "السراج", "PER")])
    s = score([gold], [system])
    rows = {r[0]: r for r in scores_table_rows(s)}
    assert rows["entity P"] == ("entity P", "0.500", "1/2")
    assert rows["entity R"] == ("entity R", "0.500", "1/2")
    assert rows["entity F1"] == ("entity F1", "0.500", "tp 1 fp 1 fn 1")
    assert rows["mention recall"] == ("mention recall", "0.500", "1/2")
    out = scores_to_json(s)
    assert set(out) == {"figures", "counts", "per_article"}
    assert out["figures"]["entity_p"] == 0.5 and out["figures"]["quote_p"] is None
    assert out["counts"]["entity"] == {"tp": 1, "fp": 1, "fn": 1}
    assert json.loads(json.dumps(out, ensure_ascii=False)) == out
    assert out["per_article"][0]["entities"]["false_positives"] == ["السراج"]
    assert isinstance(s, Scores)


# ----------------------------------------------------------------------------- loaders


def write_gold(tmp_path: Path, name: str, obj) -> Path:
    path = tmp_path / name
    path.write_text(
        obj if isinstance(obj, str) else json.dumps(obj, ensure_ascii=False), encoding="utf-8"
    )
    return path


def test_load_gold_and_output_from_files():
    gold = load_gold(DATA / "gold")
    system = load_output(DATA / "output.jsonl")
    assert [(g["file"], g["article"]) for g in gold] == [("mini_001.txt", 0)]
    assert len(system) == 2  # the blank line is skipped
    s = score(gold, system)
    f = s.figures
    assert f["split"] == 0.0  # the system split the file in two
    assert (f["title"], f["dateline"], f["clean"]) == (1.0, 1.0, 1.0)
    assert s.counts["entity"] == {"tp": 3, "fp": 1, "fn": 1}  # missed روسيا, extra ليبيا
    assert f["linking"] == 1.0 and f["speaker"] == 1.0 and f["time_value"] == 1.0
    assert f["event_r"] == 0.0 and f["event_p"] is None


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "invalid JSON"),
        ("[]", "not a JSON object"),
        ({**gold_article(), "article": "0"}, "'article'"),
        ({k: v for k, v in gold_article().items() if k != "outlet"}, "'outlet' missing"),
        ({**gold_article(), "labels": None}, "'labels' must be a list"),
        (gold_article(entities=[gent("X", "MISC")]), "entities[0].type"),
        (gold_article(entities=[{**HAFTAR, "mentions": []}]), "entities[0].mentions"),
        (gold_article(entities=[HAFTAR, gent("خليفة حَفتر", "PER")]), "two entities named"),
        (gold_article(quotes=[gquote("نص القول هنا", "مجهول")]), "quotes[0].speaker"),
        (gold_article(times=[{"text": "أمس"}]), "times[0].value"),
        (gold_article(entities=[HAFTAR], events=[gevent("ATTACK", "خليفة حفتر", None)]), "PLOVER"),
        (
            gold_article(entities=[HAFTAR], events=[gevent("ASSAULT", "خليفة حفتر", "تركيا")]),
            "events[0].target",
        ),
        (gold_article(labels=[{"actor": "خليفة حفتر", "label": "الانقلابي"}]), "labels[0].actor"),
        (gold_article(keep=["«»"]), "keep[0]"),
    ],
)
def test_load_gold_rejects_malformed_files(tmp_path, content, reason):
    path = write_gold(tmp_path, "x.0.json", content)
    with pytest.raises(MarsadError) as info:
        load_gold(tmp_path)
    assert info.value.code == "E301"
    assert info.value.problem.path == str(path)
    assert reason in info.value.problem.reason


def test_load_gold_accepts_wellformed_and_sorts(tmp_path):
    write_gold(
        tmp_path,
        "b.0.json",
        gold_article("b.txt", entities=[HAFTAR], quotes=[gquote("نص القول هنا", "خليفة حَفتر")]),
    )
    write_gold(tmp_path, "a.0.json", gold_article("a.txt"))
    (tmp_path / "notes.txt").write_text("not gold", encoding="utf-8")
    assert [g["file"] for g in load_gold(tmp_path)] == ["a.txt", "b.txt"]


def test_load_gold_rejects_duplicates_and_empty_or_missing_dirs(tmp_path):
    with pytest.raises(MarsadError) as info:
        load_gold(tmp_path)
    assert info.value.code == "E301" and "no gold files" in info.value.problem.reason
    with pytest.raises(MarsadError) as info:
        load_gold(tmp_path / "nowhere")
    assert info.value.code == "E101"
    write_gold(tmp_path, "a.0.json", gold_article())
    write_gold(tmp_path, "a.0.copy.json", gold_article())
    with pytest.raises(MarsadError) as info:
        load_gold(tmp_path)
    assert info.value.code == "E301" and "same file and article" in info.value.problem.reason


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{oops", "invalid JSON"),
        ("[1, 2]", "not a JSON object"),
        (json.dumps({"article": 0}), "'file'"),
        (json.dumps({"file": "a.txt", "article": True}), "'article'"),
        (json.dumps({"file": "a.txt", "article": 0, "text": 5}), "'text'"),
        (json.dumps({"file": "a.txt", "article": 0, "entities": {}}), "'entities' must be a list"),
        (
            json.dumps(
                {
                    "file": "a.txt",
                    "article": 0,
                    "entities": [{"type": "PER", "mentions": [{"start": 0}]}],
                }
            ),
            "mentions[0]",
        ),
        (
            json.dumps({"file": "a.txt", "article": 0, "quotes": [{"speaker": None}]}),
            "quotes[0].text",
        ),
        (
            json.dumps({"file": "a.txt", "article": 0, "times": [{"text": "أمس", "value": 2020}]}),
            "times[0].value",
        ),
        (
            json.dumps(
                {"file": "a.txt", "article": 0, "events": [{"type": "AID", "source": ["x"]}]}
            ),
            "events[0].source",
        ),
        (
            json.dumps({"file": "a.txt", "article": 0, "labels": [{"actor": None}]}),
            "labels[0].label",
        ),
    ],
)
def test_load_output_rejects_malformed_lines(tmp_path, line, reason):
    path = tmp_path / "out.jsonl"
    good = json.dumps(sys_article("z.txt"), ensure_ascii=False)
    path.write_text(good + "\n\n" + line + "\n", encoding="utf-8")
    with pytest.raises(MarsadError) as info:
        load_output(path)
    assert info.value.code == "E302"
    assert info.value.problem.path == f"{path}:3"
    assert reason in info.value.problem.reason


def test_load_output_rejects_duplicates_and_reads_minimal_lines(tmp_path):
    path = tmp_path / "out.jsonl"
    line = json.dumps({"file": "a.txt", "article": 0})
    path.write_text(line + "\n", encoding="utf-8")
    assert load_output(path) == [{"file": "a.txt", "article": 0}]
    assert figs(gold_article(), load_output(path))["title"] == 1.0
    path.write_text(line + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(MarsadError) as info:
        load_output(path)
    assert info.value.code == "E302" and info.value.problem.path == f"{path}:2"
    with pytest.raises(MarsadError) as info:
        load_output(tmp_path / "none.jsonl")
    assert info.value.code == "E101"


def test_load_output_rejects_bad_encoding(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_bytes(b'{"file": "a.txt", "article": 0, "title": "\xff"}\n')
    with pytest.raises(MarsadError) as info:
        load_output(path)
    assert info.value.code == "E302" and info.value.problem.path == f"{path}:1"


# ---------------------------------------------------------------------------- matching


@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, 5).flatmap(
        lambda n: st.integers(0, 5).flatmap(
            lambda m: st.tuples(
                st.just(n),
                st.just(m),
                st.lists(
                    st.lists(st.one_of(st.none(), st.integers(0, 3)), min_size=m, max_size=m),
                    min_size=n,
                    max_size=n,
                ),
            )
        )
    )
)
def test_pairing_is_a_maximum_then_best_scoring_matching(case):
    n, m, w = case
    pairs = _pair(n, m, lambda i, j: w[i][j])
    assert len(set(pairs.values())) == len(pairs)
    assert all(w[i][j] is not None for i, j in pairs.items())
    best = (0, 0)
    cols = list(range(m))
    for k in range(min(n, m), 0, -1):
        for rows in itertools.combinations(range(n), k):
            for chosen in itertools.permutations(cols, k):
                if all(w[i][j] is not None for i, j in zip(rows, chosen, strict=True)):
                    best = max(best, (k, sum(w[i][j] for i, j in zip(rows, chosen, strict=True))))
        if best[0]:
            break
    assert (len(pairs), sum(w[i][j] for i, j in pairs.items())) == best


# ----------------------------------------------------------------------- the seed gold


def test_seed_gold_scored_against_itself_is_perfect():
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} absent")
    gold = load_gold(SEEDS)
    assert len(gold) >= 6
    system = gold_to_output(gold)
    s = score(gold, system)
    undefined = {key for key, _ in FIGURES if s.figures[key] is None}
    # only figures without any gold item may be undefined; the seeds have all of them
    assert undefined == set()
    assert_all_one(s.figures)
    assert s.counts["entity"]["tp"] == sum(len(g["entities"]) for g in gold)
    assert s.counts["time"]["tp"] == sum(len(g["times"]) for g in gold)


def test_seed_gold_round_trips_through_jsonl(tmp_path):
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} absent")
    gold = load_gold(SEEDS)
    path = tmp_path / "out.jsonl"
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in gold_to_output(gold)),
        encoding="utf-8",
    )
    s = score(gold, load_output(path))
    assert_all_one(s.figures)
    # dropping one article's entities lowers exactly the entity figures that depend on them
    system = load_output(path)
    system[0]["entities"] = []
    f = score(gold, system).figures
    assert f["entity_r"] < 1.0 and f["entity_p"] == 1.0 and f["clean"] == 1.0
