"""Events on real-style Arabic news sentences (not from the seeds), one rule family each, with
entities built by hand; and the quality gate on the seed gold with oracle entities."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from oracle_events import oracle_entities

from marsad.annotate.events import KEEP, annotate_events, find_events
from marsad.model import Article, TimeExpr

ROOT = Path(__file__).resolve().parents[1]


def ents(text: str, spec: dict[str, tuple[str, list[str]]]):
    """Entities from {name: (type, mention forms)}, every occurrence placed in ``text``."""
    gold = {
        "entities": [
            {"name": name, "type": t, "wikidata": None, "mentions": forms}
            for name, (t, forms) in spec.items()
        ]
    }
    return oracle_entities(text, gold)


def triples(events):
    return {(e.type, e.source, e.target) for e in events}


def test_verb_subject_object_with_titles_and_place_and_date():
    text = "التقى وزير الخارجية السعودي عادل الجبير نظيره الأمريكي جون كيري في الرياض أمس."
    entities = ents(
        text,
        {
            "عادل الجبير": ("PER", ["عادل الجبير"]),
            "جون كيري": ("PER", ["جون كيري"]),
            "السعودية": ("LOC", ["السعودي"]),
            "الولايات المتحدة": ("LOC", ["الأمريكي"]),
            "الرياض": ("LOC", ["الرياض"]),
        },
    )
    amss = text.index("أمس")
    times = (TimeExpr(amss, amss + 3, "أمس", "2015-07-20", "relative"),)
    (event,) = find_events(text, entities, times, "2015-07-21", None)
    assert (event.type, event.source, event.target) == ("CONSULT", "عادل الجبير", "جون كيري")
    assert (event.place, event.date, event.modality) == ("الرياض", "2015-07-20", "asserted")
    assert event.trigger == "التقى"
    assert (event.start, event.end) == (0, len(text))


def test_subject_before_the_verb_after_inna_and_object_in_idafa():
    text = "وذكرت وكالة الأنباء السورية أن الجيش السوري قصف مواقع تنظيم داعش في دير الزور."
    entities = ents(
        text,
        {
            "وكالة الأنباء السورية": ("ORG", ["وكالة الأنباء السورية"]),
            "الجيش السوري": ("ORG", ["الجيش السوري"]),
            "تنظيم داعش": ("ORG", ["تنظيم داعش"]),
            "دير الزور": ("LOC", ["دير الزور"]),
        },
    )
    (event,) = find_events(text, entities, (), "2015-07-21", None)
    assert (event.type, event.source, event.target) == ("ASSAULT", "الجيش السوري", "تنظيم داعش")
    assert event.place == "دير الزور"
    assert event.date == "2015-07-21"  # no time in the sentence: the publication date


def test_passive_with_its_agent():
    text = (
        "وذكرت الشرطة أن القيادي في حركة حماس محمود المبحوح قُتل في دبي على يد عملاء جهاز الموساد."
    )
    entities = ents(
        text,
        {
            "حركة حماس": ("ORG", ["حركة حماس"]),
            "محمود المبحوح": ("PER", ["محمود المبحوح"]),
            "دبي": ("LOC", ["دبي"]),
            "جهاز الموساد": ("ORG", ["جهاز الموساد"]),
        },
    )
    assert triples(find_events(text, entities, (), None, None)) == {
        ("ASSAULT", "جهاز الموساد", "محمود المبحوح")
    }


def test_phone_call_between_two_presidents():
    text = (
        "وجرى اتصال هاتفي بين الرئيس الروسي فلاديمير بوتين ونظيره التركي رجب طيب أردوغان "
        "بحثا خلاله الأوضاع في سوريا."
    )
    entities = ents(
        text,
        {
            "فلاديمير بوتين": ("PER", ["فلاديمير بوتين"]),
            "رجب طيب أردوغان": ("PER", ["رجب طيب أردوغان"]),
            "روسيا": ("LOC", ["الروسي"]),
            "تركيا": ("LOC", ["التركي"]),
            "سوريا": ("LOC", ["سوريا"]),
        },
    )
    events = find_events(text, entities, (), None, None)
    assert triples(events) == {("CONSULT", "فلاديمير بوتين", "رجب طيب أردوغان")}


def test_demonym_adjectives_with_the_host_first():
    text = "وانطلقت أمس في الخرطوم المحادثات المصرية السودانية حول سد النهضة."
    entities = ents(
        text,
        {
            "مصر": ("LOC", ["المصرية"]),
            "السودان": ("LOC", ["السودانية"]),
            "الخرطوم": ("LOC", ["الخرطوم"]),
            "سد النهضة": ("LOC", ["سد النهضة"]),
        },
    )
    (event,) = find_events(text, entities, (), None, None)
    # the talks are held in Khartoum: Sudan, the host, comes first
    assert (event.type, event.source, event.target) == ("CONSULT", "السودان", "مصر")
    assert event.place == "الخرطوم"


def test_call_for_a_ceasefire_is_demand_and_its_content_no_event():
    text = (
        "ودعا الأمين العام للأمم المتحدة أنطونيو غوتيريش إلى وقف فوري لإطلاق النار "
        "وسحب القوات من المدن اليمنية."
    )
    entities = ents(
        text,
        {
            "الأمم المتحدة": ("ORG", ["الأمم المتحدة"]),
            "أنطونيو غوتيريش": ("PER", ["أنطونيو غوتيريش"]),
            "اليمن": ("LOC", ["اليمنية"]),
        },
    )
    (event,) = find_events(text, entities, (), None, None)
    assert (event.type, event.source, event.target) == ("DEMAND", "أنطونيو غوتيريش", None)
    assert event.modality == "called"


def test_denied_aid_is_kept_out_unless_asked_for():
    text = "وتنفي إيران تقديم دعم عسكري لجماعة الحوثي في اليمن."
    entities = ents(
        text,
        {
            "إيران": ("LOC", ["إيران"]),
            "جماعة الحوثي": ("ORG", ["جماعة الحوثي"]),
            "اليمن": ("LOC", ["اليمن"]),
        },
    )
    assert find_events(text, entities, (), None, None) == ()
    (event,) = find_events(text, entities, (), None, None, keep=KEEP | {"denied"})
    assert (event.type, event.source, event.target) == ("AID", "إيران", "جماعة الحوثي")
    assert event.modality == "denied"


def test_hypothetical_attack_is_no_event():
    text = "وقال حسن نصر الله إنه إذا قصفت إسرائيل لبنان فإن الحزب سيرد بقوة."
    entities = ents(
        text,
        {
            "حسن نصر الله": ("PER", ["حسن نصر الله"]),
            "إسرائيل": ("LOC", ["إسرائيل"]),
            "لبنان": ("LOC", ["لبنان"]),
        },
    )
    assert find_events(text, entities, (), None, None) == ()
    (event,) = find_events(text, entities, (), None, None, keep=KEEP | {"hypothetical"})
    assert (event.type, event.source, event.target) == ("ASSAULT", "إسرائيل", "لبنان")


def test_promise_of_the_speakers_country_is_agree():
    text = (
        "وأكد وزير الخارجية المصري سامح شكري أن بلاده ستقدم مساعدات إنسانية عاجلة "
        "إلى الشعب السوداني."
    )
    entities = ents(
        text,
        {
            "سامح شكري": ("PER", ["سامح شكري"]),
            "مصر": ("LOC", ["المصري"]),
            "السودان": ("LOC", ["السوداني"]),
        },
    )
    (event,) = find_events(text, entities, (), None, None)
    assert (event.type, event.source, event.target) == ("AGREE", "مصر", "السودان")
    assert event.modality == "planned"


def test_first_person_plural_stands_for_the_speakers_country():
    text = "وقال الرئيس التركي رجب طيب أردوغان: سنواصل دعم الشعب الليبي حتى يتحقق السلام."
    entities = ents(
        text,
        {
            "رجب طيب أردوغان": ("PER", ["رجب طيب أردوغان"]),
            "تركيا": ("LOC", ["التركي"]),
            "ليبيا": ("LOC", ["الليبي"]),
        },
    )
    assert triples(find_events(text, entities, (), None, None)) == {("AGREE", "تركيا", "ليبيا")}


def test_receiving_support_inverts_the_roles():
    text = "وحظي الرئيس اليمني عبد ربه منصور هادي بدعم أمريكي وفرنسي في مواجهة الحوثيين."
    entities = ents(
        text,
        {
            "عبد ربه منصور هادي": ("PER", ["عبد ربه منصور هادي"]),
            "اليمن": ("LOC", ["اليمني"]),
            "الولايات المتحدة": ("LOC", ["أمريكي"]),
            "فرنسا": ("LOC", ["فرنسي"]),
        },
    )
    assert triples(find_events(text, entities, (), None, None)) == {
        ("SUPPORT", "الولايات المتحدة", "عبد ربه منصور هادي"),
        ("SUPPORT", "فرنسا", "عبد ربه منصور هادي"),
    }


def test_approved_deployment_is_mobilize_by_who_approves():
    text = "ووافق البرلمان التركي على إرسال قوات إلى ليبيا لدعم حكومة الوفاق."
    entities = ents(
        text,
        {
            "البرلمان التركي": ("ORG", ["البرلمان التركي"]),
            "ليبيا": ("LOC", ["ليبيا"]),
            "حكومة الوفاق": ("ORG", ["حكومة الوفاق"]),
        },
    )
    events = find_events(text, entities, (), None, None)
    assert ("MOBILIZE", "البرلمان التركي", None) in triples(events)
    assert not any(e.type == "AGREE" for e in events)


def test_accepting_a_truce_is_agree():
    text = "ووافقت الحكومة اليمنية على الهدنة التي اقترحتها الأمم المتحدة."
    entities = ents(
        text,
        {
            "الحكومة اليمنية": ("ORG", ["الحكومة اليمنية"]),
            "الأمم المتحدة": ("ORG", ["الأمم المتحدة"]),
        },
    )
    assert triples(find_events(text, entities, (), None, None)) == {
        ("AGREE", "الحكومة اليمنية", None)
    }


def test_stance_in_a_relative_clause_is_background():
    text = "وحين وافقت روسيا التي تدعم الأسد، وتركيا التي تدعم المعارضة، على وقف إطلاق النار."
    entities = ents(
        text,
        {
            "روسيا": ("LOC", ["روسيا"]),
            "تركيا": ("LOC", ["تركيا"]),
            "بشار الأسد": ("PER", ["الأسد"]),
            "المعارضة السورية": ("ORG", ["المعارضة"]),
        },
    )
    assert triples(find_events(text, entities, (), None, None)) == {("AGREE", "روسيا", "تركيا")}


def test_one_event_per_happening():
    text = (
        "والتقى الوزير عادل الجبير نظيره جون كيري في الرياض. "
        "وبحث الجبير مع كيري الأزمة السورية خلال اللقاء."
    )
    entities = ents(
        text,
        {
            "عادل الجبير": ("PER", ["عادل الجبير", "الجبير"]),
            "جون كيري": ("PER", ["جون كيري", "كيري"]),
            "الرياض": ("LOC", ["الرياض"]),
            "سوريا": ("LOC", ["السورية"]),
        },
    )
    events = find_events(text, entities, (), None, None)
    assert [(e.type, e.source, e.target) for e in events] == [
        ("CONSULT", "عادل الجبير", "جون كيري")
    ]


def test_annotate_events_fills_the_article():
    text = "وشن الطيران الروسي غارات على مواقع المعارضة في ريف حلب."
    entities = ents(
        text,
        {"روسيا": ("LOC", ["الروسي"]), "المعارضة": ("ORG", ["المعارضة"]), "حلب": ("LOC", ["حلب"])},
    )
    article = Article(file="x.txt", index=0, text=text, entities=entities, published="2016-02-01")
    out = annotate_events(article)
    assert triples(out.events) == {("ASSAULT", "روسيا", "المعارضة")}
    assert out.events[0].date == "2016-02-01"
    assert out.annotators[-1] == "events"


def _bench():
    spec = importlib.util.spec_from_file_location(
        "events_labels_oracle_eval", ROOT / "bench" / "events_labels_oracle_eval.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(
    not (ROOT.parent / "shared/eval/seeds").is_dir(), reason="seed gold not available"
)
def test_seed_gold_with_oracle_entities_stays_above_its_floor(capsys):
    figures = _bench().run(detail=False)
    assert figures["event_f1"] >= 0.60
    assert figures["label_f1"] >= 0.80
