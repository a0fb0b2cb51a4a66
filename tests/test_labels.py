"""Loaded labels on real-style Arabic news sentences (not from the seeds), one attachment rule
each, with entities built by hand; and the outlet markers."""

from __future__ import annotations

from oracle_events import oracle_entities

from marsad.annotate.labels import annotate_labels, find_labels, outlet_markers
from marsad.model import Article, TimeExpr


def ents(text: str, spec: dict[str, tuple[str, list[str]]]):
    gold = {
        "entities": [
            {"name": name, "type": t, "wikidata": None, "mentions": forms}
            for name, (t, forms) in spec.items()
        ]
    }
    return oracle_entities(text, gold)


def pairs(labels):
    return [(lb.actor, lb.label) for lb in labels]


def test_epithet_before_a_name_and_adjective_after_it():
    text = "وقصفت مليشيات الحوثي الانقلابية أحياء سكنية في مدينة تعز."
    entities = ents(text, {"الحوثي": ("ORG", ["الحوثي"]), "تعز": ("LOC", ["تعز"])})
    labels = find_labels(text, entities)
    assert pairs(labels) == [("الحوثي", "مليشيات"), ("الحوثي", "الانقلابية")]
    first = labels[0]
    assert text[first.start : first.end] == "مليشيات"
    assert first.stance == "delegitimising"


def test_label_grows_to_the_rank_before_it():
    text = "وأعلن الجنرال الانقلابي خليفة حفتر بدء هجوم على العاصمة طرابلس."
    entities = ents(text, {"خليفة حفتر": ("PER", ["خليفة حفتر"]), "طرابلس": ("LOC", ["طرابلس"])})
    (label,) = find_labels(text, entities)
    assert (label.actor, label.label) == ("خليفة حفتر", "الجنرال الانقلابي")
    assert (label.start, label.end) == (text.index("الجنرال"), text.index(" خليفة"))


def test_adjective_after_an_organisation_and_legitimacy_only_after_a_state_organ():
    text = (
        "واتهمت حكومة الوفاق غير الشرعية القوات الموالية للبرلمان بخرق قرارات الشرعية "
        "الدولية، فيما دعت الحكومة الشرعية في اليمن إلى الحوار."
    )
    entities = ents(
        text,
        {
            "حكومة الوفاق": ("ORG", ["حكومة الوفاق"]),
            "الحكومة اليمنية": ("ORG", ["الحكومة"]),
            "اليمن": ("LOC", ["اليمن"]),
        },
    )
    labels = find_labels(text, entities)
    assert pairs(labels) == [("حكومة الوفاق", "غير الشرعية"), ("الحكومة اليمنية", "الشرعية")]
    assert [lb.stance for lb in labels] == ["delegitimising", "legitimising"]


def test_supported_by_runs_over_its_phrase_and_skips_a_demonym():
    text = "وهاجمت جماعة «الحوثي» اليمنية المدعومة من إيران ناقلة نفط في البحر الأحمر."
    entities = ents(
        text,
        {
            "جماعة الحوثي": ("ORG", ["جماعة «الحوثي»"]),
            "اليمن": ("LOC", ["اليمنية"]),
            "إيران": ("LOC", ["إيران"]),
            "البحر الأحمر": ("LOC", ["البحر الأحمر"]),
        },
    )
    (label,) = find_labels(text, entities)
    assert label.actor == "جماعة الحوثي"
    assert label.label == "المدعومة من إيران ناقلة نفط"[: len(label.label)]
    assert label.label.startswith("المدعومة من إيران")


def test_demonym_after_an_epithet_describes_people_not_an_actor():
    text = "ونقلت تركيا المرتزقة السوريين إلى ليبيا عبر رحلات جوية."
    entities = ents(
        text,
        {"تركيا": ("LOC", ["تركيا"]), "سوريا": ("LOC", ["السوريين"]), "ليبيا": ("LOC", ["ليبيا"])},
    )
    assert find_labels(text, entities) == ()
    (kept,) = find_labels(text, entities, keep_unattached=True)
    assert (kept.actor, kept.label) == (None, "المرتزقة")


def test_agent_demonym_names_the_actor():
    text = "وندد البيان بالعدوان التركي على مدن شمال سوريا."
    entities = ents(text, {"تركيا": ("LOC", ["التركي"]), "سوريا": ("LOC", ["سوريا"])})
    assert pairs(find_labels(text, entities)) == [("تركيا", "العدوان")]


def test_adjective_on_a_noun_with_a_pronoun_is_for_the_subject():
    text = "وتواصل أنقرة تنفيذ أجندتها المشبوهة في المنطقة العربية."
    entities = ents(text, {"أنقرة": ("LOC", ["أنقرة"])})
    assert pairs(find_labels(text, entities)) == [("أنقرة", "المشبوهة")]


def test_designation_in_a_relative_clause_is_for_the_antecedent():
    text = "وتبنت حركة الشباب، التي تصنفها واشنطن منظمة إرهابية، الهجوم على الفندق."
    entities = ents(text, {"حركة الشباب": ("ORG", ["حركة الشباب"]), "واشنطن": ("LOC", ["واشنطن"])})
    assert pairs(find_labels(text, entities)) == [("حركة الشباب", "منظمة إرهابية")]


def test_label_alone_refers_to_the_actor_already_called_so():
    text = (
        "وخرقت مليشيات الحوثي الهدنة في الحديدة. وأكد المتحدث أن الانقلابيين يرفضون السلام. "
        "وطالب المجلس بخروج المرتزقة من البلاد."
    )
    entities = ents(text, {"الحوثي": ("ORG", ["الحوثي"]), "الحديدة": ("LOC", ["الحديدة"])})
    assert pairs(find_labels(text, entities)) == [
        ("الحوثي", "مليشيات"),
        ("الحوثي", "الانقلابيين"),
        ("الحوثي", "المرتزقة"),
    ]


def test_label_alone_with_no_actor_named_so_is_not_kept():
    text = "وطالب مجلس الأمن بخروج المرتزقة والقوات الأجنبية من ليبيا."
    entities = ents(text, {"مجلس الأمن": ("ORG", ["مجلس الأمن"]), "ليبيا": ("LOC", ["ليبيا"])})
    assert find_labels(text, entities) == ()


def test_label_on_an_attack_is_for_who_made_it():
    text = (
        "وتصدت القوات العراقية لهجوم لتنظيم داعش على بلدة حديثة. "
        "وقال المتحدث إن القوات أحبطت الهجوم الإرهابي وقتلت عشرين من المهاجمين."
    )
    entities = ents(
        text,
        {"العراق": ("LOC", ["العراقية"]), "تنظيم داعش": ("ORG", ["تنظيم داعش"])},
    )
    assert pairs(find_labels(text, entities)) == [("تنظيم داعش", "الإرهابي")]


def test_annotate_labels_and_outlet_markers():
    text = "أوج – طرابلس: هاجمت مليشيات حفتر العاصمة يوم 4 الطير/أبريل 2019م."
    entities = ents(text, {"خليفة حفتر": ("PER", ["حفتر"]), "طرابلس": ("LOC", ["طرابلس"])})
    at = text.index("4 الطير")
    times = (
        TimeExpr(
            at, at + len("4 الطير/أبريل 2019م"), "4 الطير/أبريل 2019م", "2019-04-04", "absolute"
        ),
    )
    article = Article(file="x.txt", index=0, text=text, entities=entities, times=times)
    out = annotate_labels(article)
    assert pairs(out.labels) == [("خليفة حفتر", "مليشيات")]
    assert out.annotators[-1] == "labels"
    markers = outlet_markers(out)
    assert markers["jamahiriya_calendar"] is True
    assert markers["jamahiriya_months"] == ["الطير"]
    assert markers["label_stances"] == {"delegitimising": 1}
    plain = Article(file="y.txt", index=0, text="اجتمع الوزراء في 4 أبريل 2019.", times=())
    assert outlet_markers(plain)["jamahiriya_calendar"] is False
