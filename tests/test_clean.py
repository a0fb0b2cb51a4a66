"""Cleaning on real Arabic news layouts: splitting, boilerplate, captions, pull quotes."""

from __future__ import annotations

import pytest

from marsad.clean import clean_lines, split_articles
from marsad.clean import lines as L
from marsad.resources import agencies, boilerplate


@pytest.fixture(scope="module")
def bp():
    return boilerplate()


@pytest.fixture(scope="module")
def agency_keys():
    return frozenset().union(*(a.keys for a in agencies()))


PARA_1 = (
    "وقال المتحدث باسم الرئاسة التركية إبراهيم كالين في تصريحات نقلتها وكالة رويترز إن بلاده "
    "توصلت مع روسيا لاتفاق على العمل في سبيل وقف لإطلاق النار في ليبيا يكون مستدامًا ويُعتد به."
)
PARA_2 = (
    "وأعلنت الأمم المتحدة، الثلاثاء، أنها تجري اتصالات مكثفة مع الحكومة الليبية، لتحديد موعد "
    "اجتماع معها، بهدف استئناف مباحثات وقف إطلاق النار."
)
PARA_3 = (
    "قالت وزارة الصحة السعودية إن عدد الحالات المسجلة ارتفع خلال الأسبوع الماضي، داعية المواطنين "
    "إلى الالتزام بالإجراءات الوقائية في المدن كافة."
)


def two_articles() -> str:
    return "\n".join(
        [
            "الرئاسة التركية تعلن اتفاقا مع روسيا حول ليبيا",
            "",
            "صورة من الاجتماع في أنقرة (أ.ف.ب)",
            "TT",
            "الرئاسة التركية تعلن اتفاقا مع روسيا حول ليبيا",
            PARA_1,
            PARA_2,
            "",
            "",
            "الصحة السعودية تدعو إلى الالتزام بالإجراءات الوقائية",
            "TT",
            "الصحة السعودية تدعو إلى الالتزام بالإجراءات الوقائية",
            PARA_3,
        ]
    )


def test_file_with_two_articles_splits_at_repeated_headline(bp):
    parts = split_articles(two_articles(), bp)
    assert len(parts) == 2
    assert PARA_3 in "\n".join(parts[1])
    assert PARA_3 not in "\n".join(parts[0])


def test_single_article_is_not_split(bp):
    text = "\n".join(["عنوان الخبر عن ليبيا اليوم", PARA_1, PARA_2, PARA_3])
    assert len(split_articles(text, bp)) == 1


def test_clean_keeps_body_drops_header_and_caption(bp, agency_keys):
    part = split_articles(two_articles(), bp)[0]
    c = clean_lines(part, bp, agency_keys)
    assert c.title == "الرئاسة التركية تعلن اتفاقا مع روسيا حول ليبيا"
    assert c.body == PARA_1 + "\n" + PARA_2
    assert "TT" in c.removed and "صورة من الاجتماع في أنقرة (أ.ف.ب)" in c.removed
    assert c.credits == ("أ.ف.ب",)


@pytest.mark.parametrize(
    "line",
    [
        "Twitter Post",
        "زر الذهاب إلى الأعلى",
        "اقرأ/ي أيضًا:\xa0توسع دور المرتزقة الروس في ليبيا.. هل يقتصر حظر الأسلحة الأوروبي على تركيا؟",
        "اقرأ أيضاً: السعودية تستضيف اجتماعا وزاريا",
        "جميع الحقوق محفوظة لصحيفة الرياض 2015",
        "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *",
    ],
)
def test_boilerplate_lines(line, bp):
    assert L.is_boilerplate(line, bp)


@pytest.mark.parametrize("line", [PARA_1, PARA_2, "وتابع: نريد أن نرى تقدما في تنفيذ مسودة الاتفاق."])
def test_body_lines_are_not_boilerplate(line, bp):
    assert not L.is_boilerplate(line, bp)


def test_footer_removes_everything_after_it(bp, agency_keys):
    lines = [PARA_1, "الوسوم", "ليبيا", "تركيا", "مقالات ذات صلة", "عنوان مقال آخر عن ليبيا", "إغلاق"]
    c = clean_lines(lines, bp, agency_keys)
    assert c.body == PARA_1
    assert "عنوان مقال آخر عن ليبيا" in c.removed


def test_read_also_marker_takes_the_headline_on_the_next_line(bp, agency_keys):
    c = clean_lines([PARA_1, "اقرأ/ي أيضًا: ", "دعوات أممية ودولية لوقف التدخل الأجنبي في ليبيا"], bp, agency_keys)
    assert c.body == PARA_1


def test_pull_quote_with_a_clause_left_out_is_dropped(bp, agency_keys):
    para = (
        "في بادرة تسعى إلى تفعيل الحراك الدبلوماسي، توصلت أنقرة وموسكو – أحد أبرز طرفي الصراع – "
        "لاتفاق على مواصلة السعي لوقف لإطلاق النار في ليبيا."
    )
    pull = "في بادرة تسعى إلى تفعيل الحراك الدبلوماسي، توصلت أنقرة وموسكو لاتفاق على مواصلة السعي"
    c = clean_lines([para, PARA_2, pull], bp, agency_keys)
    assert c.body == para + "\n" + PARA_2


def test_section_label_dateline_and_hashtags(bp, agency_keys):
    lines = [
        "عالمي",
        "الأمين المساعد للجامعة العربية يبحث مع ويليامز تفعيل لجنة المتابعة #قناة_الجماهيرية",
        "أوج – القاهرة",
        PARA_2,
    ]
    c = clean_lines(lines, bp, agency_keys)
    assert c.title == "الأمين المساعد للجامعة العربية يبحث مع ويليامز تفعيل لجنة المتابعة"
    assert c.dateline == ("أوج", "القاهرة")
    assert c.body == "أوج – القاهرة\n" + PARA_2  # the dateline opens the article

    assert "#قناة_الجماهيرية" in c.removed and "عالمي" in c.removed


def test_credit_line_gives_agencies(bp, agency_keys):
    c = clean_lines([PARA_1, "Twitter Post", "|", "(رويترز، فرانس برس، الأناضول)"], bp, agency_keys)
    assert c.body == PARA_1 + "\n(رويترز، فرانس برس، الأناضول)"  # credits stay, widgets go
    assert c.credits == ("رويترز", "فرانس برس", "الأناضول")


def test_date_line_is_taken_out_of_the_body(bp, agency_keys):
    c = clean_lines(["23-يوليو-2020", "ألترا صوت – فريق التحرير", PARA_1], bp, agency_keys)
    assert c.date_line == "23-يوليو-2020"
    assert c.dateline == ("ألترا صوت", "فريق التحرير")
    assert c.body == PARA_1


def test_stored_text_keeps_original_letters(bp, agency_keys):
    para = "وقال المتحدث إنّ الجيشَ سيُواصل عملياته في مدينة سرت خلال الأيام المقبلة ـــ بحسب مصادر."
    c = clean_lines([para], bp, agency_keys)
    assert c.body == para
