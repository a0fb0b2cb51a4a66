"""Actors on real news sentences: clitics, demonyms, state organs, titles, surnames, places."""

from __future__ import annotations

import pytest

from marsad.annotate.entities import find_entities
from marsad.kb import load_kb


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def by_name(entities, name):
    for e in entities:
        if e.name == name:
            return e
    raise AssertionError(f"{name!r} not among {[e.name for e in entities]}")


def texts(entity):
    return {m.text for m in entity.mentions}


def test_offsets_slice_the_text_and_keep_its_letters(kb):
    text = "وأكّد الرئيسُ التركي رجب طيب أردوغان أنّ تركيا لن تتخلى عن ليبيا."
    for e in find_entities(text, kb):
        for m in e.mentions:
            assert text[m.start : m.end] == m.text


def test_demonym_stands_for_its_country(kb):
    text = "قال الرئيس التركي في مؤتمر صحفي إن بلاده ستواصل دعم الحكومة في طرابلس."
    turkey = by_name(find_entities(text, kb), "تركيا")
    assert texts(turkey) == {"التركي"} and turkey.wikidata == "Q43"


def test_state_organ_is_one_organisation_not_a_country_mention(kb):
    text = "أعلنت وزارة الخارجية الروسية أن الجولة المقبلة من المحادثات ستعقد في موسكو."
    ents = find_entities(text, kb)
    organ = by_name(ents, "وزارة الخارجية الروسية")
    assert organ.type == "ORG"
    assert all("الروسية" not in texts(e) for e in ents if e.type == "LOC")


def test_minister_title_is_a_role_not_a_ministry(kb):
    text = "واستقبل وزير الخارجية الروسي سيرغي لافروف نظيره التركي في موسكو أمس."
    ents = find_entities(text, kb)
    assert not any(e.type == "ORG" and "الخارجية" in e.name for e in ents)
    assert "الروسي" in texts(by_name(ents, "روسيا"))
    lavrov = next(e for e in ents if e.type == "PER" and any("لافروف" in m.text for m in e.mentions))
    assert lavrov.mentions[0].role == "وزير الخارجية الروسي"


def test_fused_preposition_and_article(kb):
    text = "ووجه الوزير الشكر للأمم المتحدة على جهودها في اليمن."
    un = by_name(find_entities(text, kb), "الأمم المتحدة")
    assert texts(un) == {"للأمم المتحدة"} and un.wikidata == "Q1065"


def test_clitic_is_left_out_of_the_mention(kb):
    text = "وتنفي موسكو تقديم دعم عسكري لحفتر، فيما أعلنت قوات الوفاق تقدمها نحو سرت."
    haftar = next(e for e in find_entities(text, kb) if e.type == "PER")
    assert texts(haftar) == {"حفتر"}


def test_surname_alone_links_to_the_full_name_said_before(kb):
    text = (
        "وقال المبعوث الأممي إلى اليمن مارتن غريفيث إن الأطراف وافقت على الهدنة. "
        "وأضاف غريفيث أن المشاورات ستستأنف الشهر المقبل."
    )
    person = next(e for e in find_entities(text, kb) if e.type == "PER")
    assert len(person.mentions) == 2 and {m.text for m in person.mentions} >= {"غريفيث"}


def test_bare_head_links_back_to_the_organisation(kb):
    text = (
        "شنت هيئة تحرير الشام هجوما واسعا على مواقع القوات الحكومية في ريف حلب. "
        "وقالت الهيئة في بيان إنها سيطرت على عدة قرى."
    )
    hts = next(e for e in find_entities(text, kb) if "هيئة تحرير الشام" in texts(e))
    assert "الهيئة" in texts(hts)


def test_quoted_outlet_is_a_media_actor(kb):
    text = "وذكر المصدر في تصريحات لموقع “اليوم السابع” المصري أن الاجتماع سيعقد غدا."
    media = by_name(find_entities(text, kb), "اليوم السابع")
    assert media.type == "ORG" and media.subtype == "media"


def test_place_after_a_place_cue_is_geocoded(kb):
    text = "وأفاد ناشطون بأن الطيران الحربي قصف بلدة سراقب في ريف إدلب الشرقي."
    place = next(e for e in find_entities(text, kb) if any(m.text == "سراقب" for m in e.mentions))
    assert place.type == "LOC" and place.lat is not None and place.country == "SY"


def test_common_words_are_not_places(kb):
    text = "آمل أن تكون النتائج بشارة بانتصارات أكبر، وأن يعود الأمن لأول مرة منذ سنوات."
    assert [e.name for e in find_entities(text, kb) if e.type == "LOC"] == []


def test_forces_of_a_leader_are_an_armed_actor(kb):
    text = "وكانت قوات حفتر قد بدأت هجوما للسيطرة على العاصمة، فيما أعلن حفتر تأييده لوقف إطلاق النار."
    ents = find_entities(text, kb)
    forces = by_name(ents, "قوات حفتر")
    assert forces.type == "ORG" and texts(forces) == {"قوات حفتر"}
    haftar = next(e for e in ents if e.type == "PER")
    assert [m.text for m in haftar.mentions] == ["حفتر"]


def test_generic_opposition_needs_its_country_named(kb):
    syria = "قصفت قوات جوية روسية مناطق خاضعة لسيطرة قوات المعارضة في شمال غرب سوريا."
    assert any("قوات المعارضة" in texts(e) for e in find_entities(syria, kb))
    elsewhere = "وقالت قوات المعارضة إنها ستشارك في الانتخابات البرلمانية المقبلة."
    assert not any("قوات المعارضة" in texts(e) for e in find_entities(elsewhere, kb))


def test_spelling_variants_of_an_unknown_name_share_one_identity():
    from marsad.annotate.entities import skeleton

    assert skeleton("ستيفن دوجاريك") == skeleton("ستيفن دوجريك")
    assert skeleton("كيومارس بورهاشمي") == skeleton("كيومرس بور هاشمي".replace("بور هاشمي", "بورهاشمي"))
    assert skeleton("أحمد حافظ") != skeleton("أحمد حفظي")
