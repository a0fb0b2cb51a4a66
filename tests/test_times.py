"""Arabic time expressions: finding, resolving, kinds, and inferring the day of writing.

The sentences are real: from the seed articles (Asharq Al-Awsat, Ultra Sawt, Anadolu, Awj) and
from SaudiNewsNet (Saudi papers, with Hijri dates), each with the expression a reader marks and
its value against the day the article came out.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.annotate.times import (
    TimeSpec,
    annotate_times,
    find_times,
    infer_anchor,
    resolve,
)
from marsad.text.normalize import match_key

D = dt.date.fromisoformat

# sentence | day of writing (- for none) | expression | value
FOUND_TABLE = """
# 000 Asharq Al-Awsat, 2021-08-31 and 2024-11-28
انطلق في الجزائر أمس الاجتماع الوزاري للدول المجاورة | 2021-08-31 | أمس | 2021-08-30
بإجراء الانتخابات في 24 ديسمبر (كانون الأول) المقبل. وأكد لعمامرة | 2021-08-31 | 24 ديسمبر (كانون الأول) المقبل | 2021-12-24
بعد اللقاء الذي احتضنته الجزائر في يناير (كانون الثاني) 2020. | 2021-08-31 | يناير (كانون الثاني) 2020 | 2020-01
ملتزمة بإجراء الانتخابات في 24 ديسمبر (كانون الأول). وقال | 2021-08-31 | 24 ديسمبر (كانون الأول) | 2021-12-24
قرب الحدود مع تركيا، اليوم (الخميس)، لصد هجوم | 2024-11-28 | اليوم (الخميس) | 2024-11-28
بقيادة هيئة تحرير الشام هجوماً، أمس (الأربعاء)، اجتاح | 2024-11-28 | أمس (الأربعاء) | 2024-11-27
وكان الهجوم هو الأكبر منذ مارس (آذار) 2020، حين | 2024-11-28 | مارس (آذار) 2020 | 2020-03
التي اتفقت عليها روسيا وإيران وتركيا في عام 2019، بهدف | 2024-11-28 | عام 2019 | 2019
قُتلوا منذ بداية العام في غارات بطائرات مُسيرة | 2024-11-28 | بداية العام | 2024
# 001 Ultra Sawt, 2020-07-23
في وقت سابق من الأسبوع الجاري، اعتبر | 2020-07-23 | الأسبوع الجاري | 2020-07-20
مع نتائج مؤتمر برلين في كانون الثاني/يناير القادم. | 2020-07-23 | كانون الثاني/يناير القادم | 2021-01
للسيطرة على العاصمة طرابلس في نيسان/أبريل من العام الماضي، في مقابل | 2020-07-23 | نيسان/أبريل من العام الماضي | 2019-04
المعترف بها دوليًا في آذار/مارس من العام الجاري، مما | 2020-07-23 | آذار/مارس من العام الجاري | 2020-03
أجرى اتصاليين هاتفيين يوم الأربعاء، مع وزير الخارجية | 2020-07-23 | يوم الأربعاء | 2020-07-22
يدعو لوقف إطلاق النار في حزيران/يونيو الماضي، غير أن | 2020-07-23 | حزيران/يونيو الماضي | 2020-06
في العاصمة الألمانية مطلع العام الجاري، على التزامهم | 2020-07-23 | مطلع العام الجاري | 2020
23-يوليو-2020 | - | 23-يوليو-2020 | 2020-07-23
# 002 Anadolu, 2020-06-09 (a Tuesday)
وأعلنت الأمم المتحدة، الثلاثاء، أنها تجري اتصالات | 2020-06-09 | الثلاثاء | 2020-06-09
المشتركة (5+5)، في 23 فبراير/شباط الماضي، لوقف القتال | 2020-06-09 | 23 فبراير/شباط الماضي | 2020-02-23
جنوب غرب مدينة سرت (شرق)، الإثنين، ما أدى إلى مقتل 7 مدنيين | 2020-06-09 | الإثنين | 2020-06-08
يتوعدون أشقاءنا الليبيين قبل عام يبحثون | 2020-06-09 | قبل عام | 2019
الليبيين قبل عام يبحثون اليوم عن جحر يلوذون به | 2020-06-09 | اليوم | 2020-06-09
ثم بني وليد (180 كم جنوب شرق طرابس)، الجمعة الماضية، وبات | 2020-06-09 | الجمعة الماضية | 2020-06-05
لمساندة القوات التي ثارت على حكمه في 2011. | 2020-06-09 | 2011 | 2011
# 003 Awj (Libyan Jamahiriya month names), 2020-08-13
ماريا زاخاروفا، اليوم الخميس، أن الجولة التالية | 2020-08-13 | اليوم الخميس | 2020-08-13
ستُعقد في موسكو في هانيبال/أغسطس الجاري أو | 2020-08-13 | هانيبال/أغسطس الجاري | 2020-08
في هانيبال/أغسطس الجاري أو الفاتح/سبتمبر المُقبل. | 2020-08-13 | الفاتح/سبتمبر المُقبل | 2020-09
عقدت جولتها الأخيرة في أنقرة يومي 21 و 22 ناصر/يوليو الماضي، مؤكدة | 2020-08-13 | 21 و 22 ناصر/يوليو الماضي | 2020-07-21
أن تعقد في موسكو في هانيبال/أغسطس أو | 2020-08-13 | هانيبال/أغسطس | 2020-08
أجريت في أنقرة يوم الأربعاء 22ناصر/يوليو الماضي. | 2020-08-13 | الأربعاء 22ناصر/يوليو الماضي | 2020-07-22
من إسطنبول في 8 آي النار/يناير 2020م؛ لتهدئة الوضع | 2020-08-13 | 8 آي النار/يناير 2020م | 2020-01-08
كما أعلنت وزارة الخارجية الروسية في 30ناصر/يوليو الماضي، على لسان | 2020-08-13 | 30ناصر/يوليو الماضي | 2020-07-30
# 004 Awj, 2020-04-01 (a Wednesday)
أجرى لقاء أمس الثلاثاء، عبر الفيديو كونفرانس | 2020-04-01 | أمس الثلاثاء | 2020-03-31
على مستوى كبار المسئولين غدًا الخميس. | 2020-04-01 | غدًا الخميس | 2020-04-02
أعلن يوم 4 الطير/أبريل الماضي، إطلاق عملية | 2020-04-01 | 4 الطير/أبريل الماضي | 2019-04-04
الجامع، بين 14- 16 الطير/أبريل الماضي بمدينة غدامس. | 2020-04-01 | 14- 16 الطير/أبريل الماضي | 2019-04-14
وتمر ليبيا بأزمة سياسية عسكرية مستمرة، منذ العام 2011م، حيث | 2020-04-01 | العام 2011م | 2011
# SaudiNewsNet, July 2015 (Hijri dates, Umm al-Qura)
تبدأ الدراسة الخميس 7 شوال 1436 هـ الموافق 23 يوليو 2015 في جميع المناطق | 2015-07-23 | الخميس 7 شوال 1436 هـ | 2015-07-23
الموافق 23 يوليو 2015 في جميع المناطق | 2015-07-23 | 23 يوليو 2015 | 2015-07-23
وفي ختام فعاليات مهرجان أبها يجمعنا 1436هـ ببحيرة سد أبها | 2015-07-23 | 1436هـ | 2015
حتى نهاية يوم الخميس 21 شوال 1436هـ. وأوضح | 2015-07-23 | الخميس 21 شوال 1436هـ | 2015-08-06
اعتبارا من يوم الأحد المقبل 10/10/1436هـ ويستمر لمدة ثلاثة أسابيع | 2015-07-23 | الأحد المقبل 10/10/1436هـ | 2015-07-26
أمس الاثنين الموافق 10/4/ 1436هـ | 2015-07-21 | أمس الاثنين الموافق 10/4/ 1436هـ | 2015-07-20
في محافظة الرس في شهر رمضان المبارك لعام 1436 هجري | 2015-07-23 | شهر رمضان المبارك لعام 1436 هجري | 2015-07
للعام الدراسي المقبل ١٤٣٦- ١٤٣٧هـ في موعده | 2015-07-23 | ١٤٣٦- ١٤٣٧هـ | 2015
بزيادة بنسبة 9.8 في المائة في العام الماضي 2014م لتبلغ | 2015-07-23 | العام الماضي 2014م | 2014
في سبتمبر أيلول الماضي. وكان | 2015-07-23 | سبتمبر أيلول الماضي | 2014-09
مع باريس سان جيرمان بعد غد السبت في | 2015-07-23 | بعد غد السبت | 2015-07-25
عن وصول 130 آلية عسكرية أول من أمس إلى عدن | 2015-07-23 | أول من أمس | 2015-07-21
التحق بصفوف تنظيم داعش قبل شهرين فقط. | 2015-07-23 | قبل شهرين | 2015-05
الذي وقع قبل ثلاثة أيام على مبنى الاتصالات | 2015-07-23 | قبل ثلاثة أيام | 2015-07-20
التي تستمر حتى الـ28 من الشهر الجاري بثلاثة برامج | 2015-07-23 | الـ28 من الشهر الجاري | 2015-07-28
في الأول من يوليو (تموز) الحالي، بالهجوم | 2015-07-23 | الأول من يوليو (تموز) الحالي | 2015-07-01
منذ مطلع الشهر الجاري، وخاصة في ريف دمشق | 2015-07-23 | مطلع الشهر الجاري | 2015-07
تراجع بنسبة 3.8 في المائة في الأسبوع الماضي | 2015-07-23 | الأسبوع الماضي | 2015-07-13
خلال الفترة بين عامي 2006 و2010، وبحث | 2015-07-23 | عامي 2006 و2010 | 2006
في الساحة الاقتصادية في منتصف 2016. وقالت | 2015-07-23 | منتصف 2016 | 2016
إن بوينار تحدى، في بداية العام الحالي الرئيس | 2015-07-23 | بداية العام الحالي | 2015
أقل مستوى منذ مارس اذار 2010. ونزل الذهب | 2015-07-23 | مارس اذار 2010 | 2010-03
اجتماع الكتلة المقرر الثلاثاء المقبل لبحث | 2015-07-23 | الثلاثاء المقبل | 2015-07-28
وستبدأ اعتبارًا من الشهر المقبل. من ناحية | 2015-07-23 | الشهر المقبل | 2015-08
بعد الثورة الإسلامية في ١٩٧٩. ودعت واشنطن | 2015-07-23 | ١٩٧٩ | 1979
وفي 2014 و2015 ارتفعت الأسعار | 2015-07-23 | 2015 | 2015
يعود إلى 145 عامًا في أغسطس العام الماضي. وتبلغ | 2015-07-23 | أغسطس العام الماضي | 2014-08
أعلن ذلك مساء الخميس 2015/07/23 في بيان | - | الخميس 2015/07/23 | 2015-07-23
صدر في 23/7/2020 عن الوزارة | - | 23/7/2020 | 2020-07-23
"""
FOUND = [
    tuple(None if cell == "-" else cell for cell in line.split(" | "))
    for line in FOUND_TABLE.strip().splitlines()
    if not line.startswith("#")
]


def _find(text: str, expr: str):
    for m in find_times(text):
        if m.text == expr:
            return m
    raise AssertionError(f"{expr!r} not found in {[m.text for m in find_times(text)]}")


@pytest.mark.parametrize(("text", "anchor", "expr", "value"), FOUND)
def test_found_and_resolved(text: str, anchor: str | None, expr: str, value: str) -> None:
    m = _find(text, expr)
    assert text[m.start : m.end] == m.text == expr
    assert resolve(m.spec, D(anchor) if anchor else None) == value


# words that look like times but are not (durations, clock times, counts, homographs)
NOT_TIMES = [
    "ويناقش اجتماع الجزائر الذي يدوم يومين دعم خريطة الطريق",
    "استمرت المعارك ثلاثة أيام متتالية",
    "بعد عشر سنوات من الحرب",
    "ومنذ سنوات، تنازع مليشيا حفتر الحكومة الليبية",
    "أصبحوا على مسافة 10 كيلومترات تقريباً من مشارف مدينة حلب",
    "خلال محادثات اللجنة العسكرية المشتركة (5+5)",
    "ومخرجات مؤتمري برلين 1 و2",
    "ضمت ما يزيد عن 2000 فعالية متنوعة",
    "وصل عدد الحضور إلى 2015 شخصا",
    "الساعة 10:30 صباحا بتوقيت مكة",
    "لموقع “اليوم السابع” المصري",
    "كما نقلت قناة روسيا اليوم عن مصادر",
    "احتفلت المملكة باليوم الوطني",
    "وفي وقت سابق لامس الذهب أقل سعر له",
    "محرومة من مساعدة هي في أمسّ الحاجة إليها",
    "وقال الرئيس التركي رجب طيب أردوغان",
    "والتقى رمضان عبد الله بالوفد",
    "وأكد الأمين العام الحالي للجامعة",
    "وقال المدير العام السابق للشركة",
    "عاد الأحد عشر لاعبا إلى الملعب",
    "ألقى خطيب الجامع خطبة الجمعة",
    "خلال عطلة نهاية الأسبوع",
    "في بداية العام الدراسي المقبل",
    "فاز الفريق 2-صفر على ضيفه",
    "في مستشفى مايو كلينيك الأمريكي",
    "مع ازدياد حرارة الصيف الماضي",
    "بعد أن مارس الضغط على الحكومة",
    "في الأسابيع الماضية ضد المدنيين",
    "قبل أيام قليلة",
    "قبل شهر رمضان",
]


@pytest.mark.parametrize("text", NOT_TIMES)
def test_not_a_time(text: str) -> None:
    found = [m.text for m in find_times(text)]
    if text == "قبل شهر رمضان":
        assert found == ["شهر رمضان"]
    else:
        assert found == []


def test_whole_expression_is_one_match() -> None:
    text = "والتي عقدت جولتها الأخيرة في أنقرة يومي 21 و 22 ناصر/يوليو الماضي، مؤكدة"
    assert [m.text for m in find_times(text)] == ["21 و 22 ناصر/يوليو الماضي"]
    text = "اليوم الخميس 7 شوال 1436 هـ الموافق 23 يوليو 2015"
    found = find_times(text)
    assert [m.text for m in found] == ["اليوم الخميس 7 شوال 1436 هـ", "23 يوليو 2015"]
    assert {resolve(m.spec, None) for m in found} == {"2015-07-23"}


def test_offsets_into_text_with_diacritics_and_tatweel() -> None:
    text = "وكانت الجلسة غدًا الخميس وفي عام ٢٠١٩م، ثم في 1436هـ ثم المُقبل"
    for m in find_times(text):
        assert text[m.start : m.end] == m.text
    assert [m.text for m in find_times(text)] == ["غدًا الخميس", "عام ٢٠١٩م", "1436هـ"]


def test_clitics_stay_outside_the_expression() -> None:
    assert [m.text for m in find_times("وأمس أعلنت الوزارة")] == ["أمس"]
    assert [m.text for m in find_times("وفي 2011 اندلعت الثورة")] == ["2011"]
    assert [m.text for m in find_times("تمهيداً لعام 2020")] == ["عام 2020"]
    assert [m.text for m in find_times("بالأمس القريب")] == ["الأمس"]
    # a fused `لل` is part of the word as printed
    assert [m.text for m in find_times("النتائج المالية للعام الماضي")] == ["للعام الماضي"]


def test_relative_expressions_need_an_anchor() -> None:
    for text in (
        "أمس",
        "اليوم الخميس",
        "الأسبوع الجاري",
        "حزيران/يونيو الماضي",
        "الجمعة الماضية",
        "قبل عام",
        "24 ديسمبر (كانون الأول)",
        "بداية العام",
    ):
        (m,) = find_times(text)
        assert m.spec.relative
        assert resolve(m.spec, None) is None, text
    for text, value in (("25 شوال 1436هـ", "2015-08-10"), ("العام 2011م", "2011")):
        (m,) = find_times(text)
        assert not m.spec.relative
        assert resolve(m.spec, None) == value


@pytest.mark.parametrize(
    ("text", "anchor", "value"),
    [
        ("الجمعة الماضية", "2020-06-09", "2020-06-05"),  # Tuesday -> last Friday
        ("الجمعة الماضية", "2020-06-12", "2020-06-05"),  # written on a Friday: a week ago
        ("الإثنين", "2020-06-09", "2020-06-08"),
        ("الثلاثاء", "2020-06-09", "2020-06-09"),  # the day itself
        ("الخميس المقبل", "2020-06-09", "2020-06-11"),
        ("ومن المقرر أن يعقد الاجتماع الخميس", "2020-06-09", "2020-06-11"),
        ("يونيو الماضي", "2020-06-09", "2019-06"),  # not the month it is
        ("يونيو المقبل", "2020-06-09", "2021-06"),
        ("4 أبريل الماضي", "2020-04-01", "2019-04-04"),  # not yet past in 2020
        ("24 ديسمبر المقبل", "2021-08-31", "2021-12-24"),
        ("العام قبل الماضي", "2020-06-09", "2018"),
        ("الأسبوع المقبل", "2020-07-23", "2020-07-27"),
        ("رمضان الماضي", "2015-07-23", "2015-07"),  # Ramadan 1436 ran 18 June – 16 July
        ("17 رمضان الماضي", "2015-07-23", "2015-07-04"),
        ("الأربعاء 22 يوليو", "2020-08-13", "2020-07-22"),
    ],
)
def test_resolution_rules(text: str, anchor: str, value: str) -> None:
    (m,) = find_times(text)
    assert resolve(m.spec, D(anchor)) == value


def test_annotate_times_kinds() -> None:
    text = "أمس الثلاثاء، وفي 8 يناير 2020م، ثم الجمعة، في ناصر/يوليو، الشهر الماضي"
    got = annotate_times(text, D("2020-04-01"))
    assert [(t.text, t.value, t.kind) for t in got] == [
        ("أمس الثلاثاء", "2020-03-31", "relative"),
        ("8 يناير 2020م", "2020-01-08", "absolute"),
        ("الجمعة", "2020-03-27", "weekday"),
        ("ناصر/يوليو", "2020-07", "partial"),
        ("الشهر الماضي", "2020-03", "relative"),
    ]
    assert all(t.annotator == "times" for t in got)


def test_spec_is_frozen_and_hashable() -> None:
    spec = TimeSpec("day", year=2020, month=7, day=22)
    assert hash(spec) == hash(TimeSpec("day", year=2020, month=7, day=22))
    with pytest.raises(AttributeError):
        spec.year = 2021  # type: ignore[misc]


# inferring the day of writing


def test_infer_from_weekday_with_date_and_current_month() -> None:
    # seed 003: Thursday, August (current), a year in which 22 July was a Wednesday
    text = (
        "أكدت زاخاروفا، اليوم الخميس، أن الجولة ستعقد في هانيبال/أغسطس الجاري، بعد مشاورات "
        "يوم الأربعاء 22ناصر/يوليو الماضي، ومبادرة 8 آي النار/يناير 2020م."
    )
    assert infer_anchor(find_times(text)) == ("2020-08", "inferred-month")


def test_infer_exact_day() -> None:
    text = "أصدر مجلس الوزراء أمس الاثنين 20 يوليو 2015 قرارات عدة"
    assert infer_anchor(find_times(text)) == ("2015-07-21", "inferred")
    text = "نفذت وزارة الداخلية اليوم الخميس 7 / 10 / 1436 هـ حكم القتل"
    assert infer_anchor(find_times(text)) == ("2015-07-23", "inferred")


def test_infer_with_a_meta_date() -> None:
    text = "قال المتحدث أمس الثلاثاء إن الاجتماع سيعقد غدًا الخميس"
    assert infer_anchor(find_times(text)) == (None, None)
    assert infer_anchor(find_times(text), meta_date=D("2020-04-03")) == ("2020-04-01", "inferred")


def test_infer_year_from_a_year_with_its_direction() -> None:
    text = "ارتفعت المبيعات في العام الماضي 2014م، وفي يوليو الجاري تراجعت، وقال اليوم الخميس"
    assert infer_anchor(find_times(text)) == ("2015-07", "inferred-month")


def test_infer_nothing_without_evidence() -> None:
    for text in ("أعلنت الأمم المتحدة، الثلاثاء، أنها", "الهجوم الأكبر منذ مارس 2020", ""):
        assert infer_anchor(find_times(text)) == (None, None)


def test_stated_date_line() -> None:
    text = "23-يوليو-2020\n\nمهندسون عسكريون يصنفون الذخيرة قرب طرابلس في آذار/مارس من العام الجاري"
    assert infer_anchor(find_times(text), text=text) == ("2020-07-23", "stated")


# robustness

PIECES = list("ابتثجحخدذرسشصضطظعغفقكلمنهويىةءأإآؤئ ") + [
    "أمس",
    " اليوم ",
    "الخميس",
    " 2020",
    "م",
    "هـ",
    "ـ",
    "ً",
    "ُ",
    "/",
    "(",
    ")",
    "-",
    "\n",
    "٢",
    "٠",
    " يوليو ",
    "ناصر",
    " الماضي",
    " المقبل",
    "شوال",
    " 1436",
    "قبل ",
    "عام",
    "لل",
]
ARABIC = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(ARABIC)
def test_find_times_never_crashes_and_offsets_slice(text: str) -> None:
    last = -1
    for m in find_times(text):
        assert text[m.start : m.end] == m.text
        assert m.start >= last and m.end > m.start
        last = m.end
        resolve(m.spec, D("2020-07-23"))
        resolve(m.spec, None)
    infer_anchor(find_times(text), text=text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_text(text: str) -> None:
    for m in find_times(text):
        assert text[m.start : m.end] == m.text


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2070, 12, 31)))
def test_relative_days_resolve_around_any_anchor(anchor: dt.date) -> None:
    text = "أمس الثلاثاء واليوم والأسبوع الجاري والجمعة الماضية ويونيو الماضي والعام المقبل"
    values = [resolve(m.spec, anchor) for m in find_times(text)]
    assert values[0] == (anchor - dt.timedelta(days=1)).isoformat()
    assert values[1] == anchor.isoformat()
    assert D(values[2]).weekday() == 0 and 0 <= (anchor - D(values[2])).days < 7
    assert D(values[3]).weekday() == 4 and 1 <= (anchor - D(values[3])).days <= 7
    assert values[4] < anchor.isoformat()[:7] and values[4].endswith("-06")
    assert values[5] == str(anchor.year + 1)


# the seed gold: every gold time is found, with its value

SHARED = Path(os.environ.get("MARSAD_SHARED", Path(__file__).resolve().parents[2] / "shared"))
GOLD = sorted((SHARED / "eval" / "seeds").glob("*.json"))


@pytest.mark.skipif(not GOLD, reason="no seed gold (set MARSAD_SHARED)")
@pytest.mark.parametrize("gold_path", GOLD, ids=lambda p: p.name)
def test_seed_gold_times(gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = (SHARED / "corpus" / "seeds" / gold["file"]).read_text(encoding="utf-8")
    anchor = D(gold["published"]) if gold["published"] and len(gold["published"]) == 10 else None
    found = [(match_key(t.text), t.value) for t in annotate_times(text, anchor)]
    for g in gold["times"]:
        key = match_key(g["text"])
        values = {v for k, v in found if key in k or k in key}
        assert g["value"] in values, (g, values)


def test_resolve_with_only_the_month_of_writing() -> None:
    # seed 003 when only "2020-08" can be inferred: what does not depend on the day resolves
    text = (
        "اليوم الخميس، في هانيبال/أغسطس الجاري أو الفاتح/سبتمبر المُقبل، بعد جولة "
        "يومي 21 و 22 ناصر/يوليو الماضي، قبل عام، أمس"
    )
    got = [(t.text, t.value) for t in annotate_times(text, None, month="2020-08")]
    assert got == [
        ("اليوم الخميس", None),
        ("هانيبال/أغسطس الجاري", "2020-08"),
        ("الفاتح/سبتمبر المُقبل", "2020-09"),
        ("21 و 22 ناصر/يوليو الماضي", "2020-07-21"),
        ("قبل عام", "2019"),
        ("أمس", None),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "يوليو" + " " * 20000 + "x",
        "24 ديسمبر" + " ـ" * 5000,
        "في يناير" + "\n" * 5000 + "2020",
        "12/" * 5000,
        "الخميس " * 3000,
    ],
    ids=["spaces", "tatweel", "newlines", "slashes", "weekdays"],
)
def test_long_runs_do_not_backtrack(text: str) -> None:
    """White space is collapsed before matching, so no pattern meets a long run."""
    t0 = time.perf_counter()
    for m in find_times(text):
        assert text[m.start : m.end] == m.text
    assert time.perf_counter() - t0 < 2.0


def test_paragraph_break_ends_an_expression() -> None:
    text = "في يناير\n\n2020 كان، وفي   24  ديسمبر   المقبل"
    assert [m.text for m in find_times(text)] == ["يناير", "24  ديسمبر   المقبل"]
