"""Article metadata on real layouts: outlet and dateline, agencies, publication date."""

from __future__ import annotations

import pytest

from marsad.annotate.meta import credited_agencies, inline_dateline, iso_date, split_dateline
from marsad.model import RawDocument
from marsad.pipeline import load_resources, process
from marsad.settings import Settings


@pytest.fixture(scope="module")
def res():
    return load_resources(Settings())


@pytest.mark.parametrize(
    ("a", "b", "outlet", "place"),
    [
        ("أوج", "موسكو", "أوج", "موسكو"),
        ("القاهرة", "أوج", "أوج", "القاهرة"),
        ("ألترا صوت", "فريق التحرير", "ألترا صوت", None),
        ("الرياض", "واس", "واس", "الرياض"),
    ],
)
def test_dateline_sides(a, b, outlet, place, res):
    assert split_dateline(a, b, res.outlets) == (outlet, place)


def test_inline_dateline_opening_the_body(res):
    body = "الرياض - واس: أعلنت وزارة الداخلية السعودية اليوم القبض على خلية إرهابية في المنطقة الشرقية."
    assert inline_dateline(body, res.outlets) == ("واس", "الرياض")


def test_no_inline_dateline_in_ordinary_sentence(res):
    body = "وأعلنت الأمم المتحدة، الثلاثاء، أنها تجري اتصالات مكثفة مع الحكومة الليبية."
    assert inline_dateline(body, res.outlets) == (None, None)


def test_agencies_from_credits_and_attributions(res):
    body = "ووفقاً لـ«رويترز»، شن تحالف من فصائل مسلحة هجوماً. وقال مسؤول في تصريحات نقلتها وكالة الأناضول إن القوات تقدمت."
    got = credited_agencies(body, ("أ.ف.ب",), res.agencies)
    assert got == ("فرانس برس", "رويترز", "الأناضول")


@pytest.mark.parametrize(
    ("value", "iso"),
    [("2015-07-23 19:28:17", "2015-07-23"), ("2020-07-23T10:00:00Z", "2020-07-23"), ("", None), (None, None)],
)
def test_metadata_dates(value, iso):
    assert iso_date(value) == iso


def raw(text: str, **kw) -> RawDocument:
    return RawDocument(source="t.txt", record=0, text=text, fmt=kw.pop("fmt", "txt"), **kw)


BODY = "وقال المتحدث باسم الحكومة في مؤتمر صحافي إن الحكومة ستواصل جهودها لتحقيق الاستقرار في البلاد خلال المرحلة المقبلة."


def test_published_stated_in_a_date_line(res):
    (a,) = process(raw("23-يوليو-2020\n\nألترا صوت – فريق التحرير\n\n" + BODY), res, Settings())
    assert (a.published, a.published_how) == ("2020-07-23", "stated")
    assert (a.outlet, a.outlet_how, a.dateline) == ("ألترا صوت", "text", None)


def test_published_and_outlet_from_metadata(res):
    doc = raw(BODY, fmt="json", date="2015-07-23 19:28:17", outlet="aawsat", url="http://aawsat.com/home/article/1")
    (a,) = process(doc, res, Settings())
    assert (a.published, a.published_how) == ("2015-07-23", "metadata")
    assert (a.outlet, a.outlet_how) == ("الشرق الأوسط", "registry")
    assert a.key == "http://aawsat.com/home/article/1"


def test_outlet_from_url_domain(res):
    (a,) = process(raw(BODY, fmt="json", url="https://www.sabq.org/abc"), res, Settings())
    assert (a.outlet, a.outlet_how) == ("سبق", "registry")


def test_published_inferred_from_weekday_and_current_month(res):
    text = (
        "أكدت المتحدثة باسم وزارة الخارجية الروسية، اليوم الخميس، أن الجولة التالية من المحادثات ستعقد "
        "في الأسبوع الأخير من أغسطس الجاري، بعد الجولة التي عقدت في 22 يوليو الماضي. "
        "وكانت الجولة السابقة يوم الأربعاء 22 يوليو الماضي، بعد مبادرة أطلقت في 8 يناير 2020م."
    )
    (a,) = process(raw(text), res, Settings())
    assert a.published is not None and a.published.startswith("2020-08")


def test_published_from_a_known_happening(res):
    text = (
        "شن تحالف من فصائل مسلحة بقيادة هيئة تحرير الشام هجوماً، أمس (الأربعاء)، اجتاح خلاله عدة بلدات "
        "وقرى في محافظة حلب شمال غربي سوريا، في أكبر هجوم منذ سنوات."
    )
    (a,) = process(raw(text), res, Settings())
    assert (a.published, a.published_how) == ("2024-11-28", "inferred-chronology")
    assert any(t.text.startswith("أمس") and t.value == "2024-11-27" for t in a.times)


def test_relative_times_stay_unresolved_without_an_anchor(res):
    (a,) = process(raw("وقال الوزير أمس إن المحادثات ستستأنف الأسبوع المقبل في العاصمة بحضور جميع الأطراف."), res, Settings())
    assert a.published is None
    assert a.times and all(t.value is None for t in a.times)
