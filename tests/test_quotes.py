"""Quotes: each rule family on real Arabic news sentences (wire and newspaper style, most of them
from the SaudiNewsNet sample, none from the seeds), with entities built by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from oracle import oracle_entities

from marsad.annotate.quotes import annotate_quotes, find_quotes, load_cues
from marsad.model import Article, Quote

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def entities(text: str, *specs: tuple[str, str, list[str]]):
    gold = {"entities": [{"name": n, "type": t, "mentions": ms} for n, t, ms in specs]}
    return oracle_entities(gold, text)


def quotes(text: str, *specs: tuple[str, str, list[str]]) -> tuple[Quote, ...]:
    found = find_quotes(text, entities(text, *specs))
    for q in found:  # every quote's offsets slice its text exactly
        assert text[q.start : q.end] == q.text
    return found


def only(found: tuple[Quote, ...]) -> Quote:
    assert len(found) == 1, [(q.cue, q.text) for q in found]
    return found[0]


# ------------------------------------------------------------------------------ direct speech


def test_direct_after_colon_and_adverbials():
    text = (
        "وقال خامنئي في خطبة بمناسبة عيد الفطر في طهران، أمس: «قلنا مرارًا إننا لا نتفاوض مع "
        "الولايات المتحدة بشأن الشؤون الإقليمية أو الدولية ولا حتى القضايا الثنائية»."
    )
    q = only(
        quotes(
            text,
            ("علي خامنئي", "PER", ["خامنئي"]),
            ("طهران", "LOC", ["طهران"]),
            ("الولايات المتحدة", "LOC", ["الولايات المتحدة"]),
        )
    )
    assert (q.speaker, q.cue, q.direct) == ("علي خامنئي", "وقال", True)
    assert q.text.startswith("قلنا مرارًا") and q.text.endswith("القضايا الثنائية")
    assert text[q.start - 1] == "«" and text[q.end] == "»"


def test_direct_after_title_and_role_without_colon():
    text = (
        'من جانبه، قال الجنرال عبد الرازق القائد بالجيش الافغاني في لوغار "يبدو أن الهجوم نفذ '
        'بطريق الخطأ على قوات عسكرية وبدأ تحقيق لمعرفة سببه".'
    )
    q = only(
        quotes(
            text,
            ("عبد الرازق", "PER", ["عبد الرازق"]),
            ("الجيش الأفغاني", "ORG", ["الجيش الافغاني"]),
            ("لوغار", "LOC", ["لوغار"]),
        )
    )
    assert (q.speaker, q.cue, q.direct) == ("عبد الرازق", "قال", True)
    assert q.text == "يبدو أن الهجوم نفذ بطريق الخطأ على قوات عسكرية وبدأ تحقيق لمعرفة سببه"


def test_direct_quote_over_several_sentences_then_continuation():
    text = (
        "وقال وزير الخارجية الأردني أيمن الصفدي: «نرفض أي إجراء أحادي يمس الوضع القائم. "
        "وسنواصل العمل مع أشقائنا لوقف التصعيد فورا». وأضاف: «لا أمن ولا استقرار دون حل عادل»."
    )
    found = quotes(
        text,
        ("أيمن الصفدي", "PER", ["أيمن الصفدي"]),
        ("الأردن", "LOC", ["الأردني"]),
    )
    assert [(q.cue, q.speaker, q.direct) for q in found] == [
        ("وقال", "أيمن الصفدي", True),
        ("وأضاف", "أيمن الصفدي", True),
    ]
    assert found[0].text.startswith("نرفض أي إجراء") and found[0].text.endswith("التصعيد فورا")
    assert "الوضع القائم. وسنواصل" in found[0].text
    assert found[1].text == "لا أمن ولا استقرار دون حل عادل"


@pytest.mark.parametrize(
    "text",
    [
        "تحول «فقهاء» وقادة تنظيم داعش في ليبيا إلى نوع جديد من الخطب لا صلة لها بالشريعة.",
        "سيطرت قوات المقاومة الشعبية في محافظتي الضالع وعدن على «مثلث العند» وهو مفترق طرق.",
        'وتسعى الاستراتيجية للتصدي للأفكار التي يروج لها متشددو تنظيم "داعش" في بريطانيا.',
    ],
)
def test_scare_quotes_and_names_are_not_speech(text):
    assert quotes(text, ("داعش", "ORG", ["داعش", "تنظيم داعش"])) == ()


# ---------------------------------------------------------------------------- indirect speech


def test_indirect_speaker_after_title_skipping_appositive_role():
    text = (
        "بدوره، أوضح اللواء منصور التركي، المتحدث الأمني في وزارة الداخلية السعودية، أن "
        "المقبوض عليهم شكلوا 4 خلايا إرهابية بقيادة سعودي على تواصل مع التنظيم في سوريا."
    )
    q = only(
        quotes(
            text,
            ("منصور التركي", "PER", ["منصور التركي"]),
            ("وزارة الداخلية السعودية", "ORG", ["وزارة الداخلية السعودية"]),
            ("سوريا", "LOC", ["سوريا"]),
        )
    )
    assert (q.speaker, q.cue, q.direct) == ("منصور التركي", "أوضح", False)
    assert q.text.startswith("المقبوض عليهم شكلوا") and q.text.endswith("في سوريا")


def test_indirect_with_preposition_and_reported_through_outlet():
    text = (
        "وكشف ياسين لـ«الشرق الأوسط» عن توجه حكومته لمحاسبة عدد من المسؤولين اليمنيين بعد "
        "محاولتهم فتح علاقات جديدة مع المتمردين."
    )
    q = only(
        quotes(
            text,
            ("رياض ياسين", "PER", ["ياسين"]),
            ("الشرق الأوسط", "ORG", ["الشرق الأوسط"]),
        )
    )
    assert (q.speaker, q.cue) == ("رياض ياسين", "وكشف")
    assert q.text.startswith("توجه حكومته لمحاسبة")


def test_speaker_stays_the_person_when_an_agency_carries_the_words():
    text = (
        "وقال وزير الخارجية التركي مولود جاويش أوغلو في تصريحات نقلتها وكالة الأناضول إن بلاده "
        "لن تسمح بفرض أمر واقع في شرق المتوسط."
    )
    q = only(
        quotes(
            text,
            ("مولود جاويش أوغلو", "PER", ["مولود جاويش أوغلو"]),
            ("تركيا", "LOC", ["التركي"]),
            ("وكالة الأناضول", "ORG", ["وكالة الأناضول"]),
            ("شرق المتوسط", "LOC", ["شرق المتوسط"]),
        )
    )
    assert q.speaker == "مولود جاويش أوغلو"
    assert q.text == "بلاده لن تسمح بفرض أمر واقع في شرق المتوسط"


def test_statement_as_bare_object_of_announce():
    text = (
        "وأعلنت وزارة الداخلية السعودية، أمس، القبض على 431 عنصرا أغلبهم سعوديون خططوا لإثارة "
        "الفتنة الطائفية. بينما أعلن وزير الخارجية النمساوي، سباستيان كورتس، عزمه زيارة إيران "
        "في سبتمبر."
    )
    found = quotes(
        text,
        ("وزارة الداخلية السعودية", "ORG", ["وزارة الداخلية السعودية"]),
        ("سباستيان كورتس", "PER", ["سباستيان كورتس"]),
        ("النمسا", "LOC", ["النمساوي"]),
        ("إيران", "LOC", ["إيران"]),
    )
    assert [(q.cue, q.speaker) for q in found] == [
        ("وأعلنت", "وزارة الداخلية السعودية"),
        ("أعلن", "سباستيان كورتس"),
    ]
    assert found[0].text.startswith("القبض على 431 عنصرا")
    assert found[1].text == "عزمه زيارة إيران في سبتمبر"


def test_two_statements_in_one_sentence_and_a_role_named_earlier():
    text = (
        "حدد رئيس الوزراء البريطاني ديفيد كاميرون، اليوم (الاثنين)، ملامح استراتيجية للتصدي "
        'للتطرف. كما أكد رئيس الوزراء البريطاني أن المجتمع البريطاني "مجتمع ديمقراطي متعدد '
        'الأعراق والأديان"، مضيفا أن "هذا المجتمع يحتوي جميع مواطنيه".'
    )
    found = quotes(
        text,
        ("ديفيد كاميرون", "PER", ["ديفيد كاميرون"]),
        ("بريطانيا", "LOC", ["البريطاني"]),
    )
    assert [(q.cue, q.speaker, q.direct) for q in found] == [
        ("أكد", "ديفيد كاميرون", True),
        ("مضيفا", "ديفيد كاميرون", True),
    ]
    assert found[0].text.endswith('"مجتمع ديمقراطي متعدد الأعراق والأديان"')
    assert found[1].text == "هذا المجتمع يحتوي جميع مواطنيه"


def test_continuations_carry_the_speaker_across_sentences():
    text = (
        "أعلنت وزارة الخارجية الايطالية، اليوم (الاثنين)، ان اربعة ايطاليين خطفوا في ليبيا. "
        "وقالت الوزارة في بيان ان الايطاليين الاربعة كانوا في محيط مجمع الشركة النفطية. "
        "وأوضح اللواء محمد سعد أن المقاومة الشعبية أسرت أمس 45 حوثيا. "
        "وأضاف أن المقاومة قدمت ضمانات للميليشيات الحوثية حتى تغادر عدن."
    )
    found = quotes(
        text,
        ("وزارة الخارجية الإيطالية", "ORG", ["وزارة الخارجية الايطالية", "الوزارة"]),
        ("ليبيا", "LOC", ["ليبيا"]),
        ("محمد سعد", "PER", ["محمد سعد"]),
        ("عدن", "LOC", ["عدن"]),
    )
    assert [(q.cue, q.speaker) for q in found] == [
        ("أعلنت", "وزارة الخارجية الإيطالية"),
        ("وقالت", "وزارة الخارجية الإيطالية"),
        ("وأوضح", "محمد سعد"),
        ("وأضاف", "محمد سعد"),
    ]
    assert found[0].text == "اربعة ايطاليين خطفوا في ليبيا"
    assert found[3].text == "المقاومة قدمت ضمانات للميليشيات الحوثية حتى تغادر عدن"


def test_participle_continuation_splits_the_sentence():
    text = (
        "وفي مؤشر على استئناف العمل الحكومي، كشف اللواء جعفر محمد سعد، مستشار الرئيس اليمني "
        "عبد ربه منصور هادي، في تصريحات لـ«الشرق الأوسط»، أنه «تم استئناف فتح جميع مديريات "
        "الشرطة في عدن»، مضيفا أن مديريات الشرطة باشرت أعمالها بقيادة العميد محمد مساعد."
    )
    found = quotes(
        text,
        ("جعفر محمد سعد", "PER", ["جعفر محمد سعد"]),
        ("عبد ربه منصور هادي", "PER", ["عبد ربه منصور هادي"]),
        ("اليمن", "LOC", ["اليمني"]),
        ("الشرق الأوسط", "ORG", ["الشرق الأوسط"]),
        ("محمد مساعد", "PER", ["محمد مساعد"]),
        ("عدن", "LOC", ["عدن"]),
    )
    assert [(q.cue, q.speaker) for q in found] == [
        ("كشف", "جعفر محمد سعد"),
        ("مضيفا", "جعفر محمد سعد"),
    ]
    assert found[0].text.startswith("أنه «تم استئناف") and found[0].direct
    assert found[1].text.startswith("مديريات الشرطة باشرت") and not found[1].direct


def test_subjectless_verb_after_turn_takes_the_last_person_named():
    text = (
        "واستقبل الملك عبدالله الثاني وزير الخارجية الأمريكي أنتوني بلينكن في عمان. "
        "من جهته، شدد على أن بلاده ستواصل دعم جهود التهدئة في المنطقة."
    )
    q = only(
        quotes(
            text,
            ("عبدالله الثاني", "PER", ["عبدالله الثاني"]),
            ("أنتوني بلينكن", "PER", ["أنتوني بلينكن"]),
            ("الولايات المتحدة", "LOC", ["الأمريكي"]),
            ("عمان", "LOC", ["عمان"]),
        )
    )
    assert (q.speaker, q.cue) == ("أنتوني بلينكن", "شدد")
    assert q.text.startswith("بلاده ستواصل")


def test_conjoined_verb_without_subject_takes_the_person_of_the_sentence():
    text = (
        "إلا أن المحلل كامل عبد الله يشكك بهذا الأمر، ويرى أن قدرة التنظيم على تصدير النفط "
        "وهم كبير."
    )
    q = only(quotes(text, ("كامل عبد الله", "PER", ["كامل عبد الله"])))
    assert (q.speaker, q.cue) == ("كامل عبد الله", "ويرى")
    assert q.text == "قدرة التنظيم على تصدير النفط وهم كبير"


def test_subject_before_the_verb():
    text = (
        "وتجاهل المتحدث الرد على أسئلة بشأن تقارير صحافية أفادت بمقتل 7 مدنيين في غارة جوية. "
        "وكان الأمين العام لجامعة الدول العربية دعا جميع الأطراف إلى ضبط النفس ووقف التصعيد."
    )
    found = quotes(text, ("جامعة الدول العربية", "ORG", ["جامعة الدول العربية"]))
    assert [(q.cue, q.speaker, q.anonymous) for q in found] == [
        ("أفادت", None, "تقارير صحافية"),
        ("دعا", "جامعة الدول العربية", None),
    ]
    assert found[0].text == "بمقتل 7 مدنيين في غارة جوية"
    assert found[1].text == "جميع الأطراف إلى ضبط النفس ووقف التصعيد"


def test_voice_of_names_the_speaker():
    text = (
        "وأفادت وزارة الخارجية المصرية على لسان متحدثها أحمد أبو زيد، بأن الوزير بحث مع "
        "نظيره الروسي تطورات الأوضاع في ليبيا."
    )
    q = only(
        quotes(
            text,
            ("وزارة الخارجية المصرية", "ORG", ["وزارة الخارجية المصرية"]),
            ("أحمد أبو زيد", "PER", ["أحمد أبو زيد"]),
            ("روسيا", "LOC", ["الروسي"]),
            ("ليبيا", "LOC", ["ليبيا"]),
        )
    )
    assert (q.speaker, q.cue) == ("أحمد أبو زيد", "وأفادت")
    assert q.text.startswith("بأن الوزير بحث") or q.text.startswith("الوزير بحث")


# -------------------------------------------------------------------------- unnamed sources


@pytest.mark.parametrize(
    ("text", "anonymous", "statement"),
    [
        (
            "قال مسؤولون أفغان ان 14 جنديا أفغانيا قتلوا في حادث اطلاق نار اليوم.",
            "مسؤولون أفغان",
            "14 جنديا أفغانيا قتلوا في حادث اطلاق نار اليوم",
        ),
        (
            "في غضون ذلك، قالت مصادر مطلعة لـ«الشرق الأوسط» إن وفد الحكومة عاد إلى عدن أمس.",
            "مصادر مطلعة",
            "وفد الحكومة عاد إلى عدن أمس",
        ),
        (
            "وأكد شهود عيان لـ«الشرق الأوسط»، أمس، أن طيران التحالف نفذ سلسلة من الغارات.",
            "شهود عيان",
            "طيران التحالف نفذ سلسلة من الغارات",
        ),
        (
            "وقال مصدر بوزارة الدفاع التركية إن أنقرة تتابع التطورات في شمال سوريا عن كثب.",
            "مصدر بوزارة الدفاع التركية",
            "أنقرة تتابع التطورات في شمال سوريا عن كثب",
        ),
    ],
)
def test_unnamed_sources_keep_their_affiliation(text, anonymous, statement):
    q = only(
        quotes(
            text,
            ("الشرق الأوسط", "ORG", ["الشرق الأوسط"]),
            ("وزارة الدفاع التركية", "ORG", ["وزارة الدفاع التركية"]),
            ("أفغانستان", "LOC", ["أفغان", "أفغانيا"]),
            ("أنقرة", "LOC", ["أنقرة"]),
            ("عدن", "LOC", ["عدن"]),
            ("سوريا", "LOC", ["سوريا"]),
        )
    )
    assert (q.speaker, q.speaker_id, q.anonymous, q.text) == (None, None, anonymous, statement)


def test_source_phrases_before_and_after_the_statement():
    text = (
        "وطبقا لمصدر مطلع، فإن هذا التحقيق ستجريه لجنة الأوراق المالية الأميركية. "
        "وقتل 20 مدنيا في غارات على ريف إدلب خلال الساعات الماضية، بحسب المرصد السوري."
    )
    found = quotes(
        text,
        ("المرصد السوري لحقوق الإنسان", "ORG", ["المرصد السوري"]),
        ("إدلب", "LOC", ["إدلب"]),
    )
    assert [(q.cue, q.speaker, q.anonymous) for q in found] == [
        ("وطبقا", None, "مصدر مطلع"),
        ("بحسب", "المرصد السوري لحقوق الإنسان", None),
    ]
    assert found[0].text == "هذا التحقيق ستجريه لجنة الأوراق المالية الأميركية"
    assert found[1].text.startswith("وقتل 20 مدنيا") and found[1].text.endswith("الماضية")


# ------------------------------------------------------------------------------- precision


@pytest.mark.parametrize(
    "text",
    [
        "يذكر أن نحو 700 بريطاني سافروا الى سوريا والعراق للانضمام للتنظيم.",
        "ورفعت بريطانيا مستوى التأهب للخطر، ما يشير إلى جهوزية البلاد لاحتمال وقوع هجوم.",
        "وكان من أبرز الحاضرين وزير الخارجية ورئيس هيئة الأركان العامة.",
        "ويروج التنظيم لتصدير النفط الليبي عبر وسطاء في البحر المتوسط.",
        "وكان السيسي قد طرح مبادرة بعد اتفاق مع رئيس البرلمان عقيلة صالح يدعو لوقف القتال.",
    ],
)
def test_no_quote_without_a_speech_act(text):
    found = quotes(
        text,
        ("عبد الفتاح السيسي", "PER", ["السيسي"]),
        ("عقيلة صالح", "PER", ["عقيلة صالح"]),
        ("بريطانيا", "LOC", ["بريطانيا"]),
    )
    assert found == ()


def test_fixed_phrase_and_document_subject_continue_the_issuer():
    text = (
        "وأدانت وزارة الخارجية القطرية الهجوم. وجاء في البيان: «إن دولة قطر تدين بشدة هذا "
        "الاعتداء الآثم على المدنيين». وأكد البيان على ضرورة محاسبة المسؤولين عن الهجوم."
    )
    found = quotes(text, ("وزارة الخارجية القطرية", "ORG", ["وزارة الخارجية القطرية"]))
    assert [(q.cue, q.speaker, q.direct) for q in found] == [
        ("وجاء في البيان", None, True),
        ("وأكد", None, False),
    ]


def test_annotate_quotes_adds_quotes_and_records_the_annotator():
    text = "وقالت الأمم المتحدة إن المساعدات الإنسانية لم تصل إلى المدينة منذ أسابيع."
    ents = entities(text, ("الأمم المتحدة", "ORG", ["الأمم المتحدة"]))
    article = Article(file="x.txt", index=0, text=text, entities=ents, annotators=("entities",))
    out = annotate_quotes(article)
    assert out.annotators == ("entities", "quotes")
    q = only(out.quotes)
    assert (q.speaker, q.speaker_id) == ("الأمم المتحدة", ents[0].id)
    assert q.text == "المساعدات الإنسانية لم تصل إلى المدينة منذ أسابيع"


def test_user_lexicon_adds_a_reporting_verb(tmp_path):
    extra = tmp_path / "verbs.yaml"
    extra.write_text(
        "verbs:\n  - lemma: أشاد\n    finite: [أشاد]\n    opens: [ب-]\n    object: false\n",
        encoding="utf-8",
    )
    text = "وأشاد الوزير الأول الجزائري أيمن بن عبد الرحمن بالجهود المبذولة لتنظيم الانتخابات."
    specs = [("أيمن بن عبد الرحمن", "PER", ["أيمن بن عبد الرحمن"])]
    assert quotes(text, *specs) == ()
    found = find_quotes(text, entities(text, *specs), load_cues((str(extra),)))
    q = only(found)
    assert (q.speaker, q.cue, q.text) == (
        "أيمن بن عبد الرحمن",
        "وأشاد",
        "بالجهود المبذولة لتنظيم الانتخابات",
    )


# --------------------------------------------------------------------------- quality gate


def test_seed_gold_with_oracle_entities_stays_above_its_floor():
    """Quote F1 and speaker accuracy on the seeds (oracle entities, real cleaning)."""
    gold_dir = SHARED / "eval" / "seeds"
    if not gold_dir.exists():
        pytest.skip("no shared seed gold")
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from quotes_oracle_eval import run

    from marsad.eval.scorer import score

    gold, records = run(SHARED / "corpus" / "seeds", gold_dir)
    figures = score(gold, records).figures
    assert figures["quote_f1"] >= 0.90, json.dumps(figures)
    assert figures["speaker"] >= 0.90, json.dumps(figures)


def test_unknown_subject_is_not_the_last_speaker():
    text = (
        "وقال المتحدث باسم الجيش اليمني عبده مجلي إن القوات تقدمت في مأرب. "
        "وقال المكتب الإعلامي لحركة أنصار الله إن 21 مسلحا قتلوا في صنعاء خلال يوليو. "
        "وقالت هذه المصادر إن الاشتباكات توقفت مساء أمس. "
        "وقال أحد الضباط الجنوبيين إنه وقع في أيدي الحوثيين قبل أسبوع."
    )
    found = quotes(
        text,
        ("عبده مجلي", "PER", ["عبده مجلي"]),
        ("الجيش اليمني", "ORG", ["الجيش اليمني"]),
        ("أنصار الله", "ORG", ["حركة أنصار الله"]),
        ("مأرب", "LOC", ["مأرب"]),
        ("صنعاء", "LOC", ["صنعاء"]),
    )
    assert [(q.speaker, q.anonymous) for q in found] == [
        ("عبده مجلي", None),
        ("أنصار الله", None),
        (None, "المصادر"),
        (None, "أحد الضباط الجنوبيين"),
    ]
    assert found[1].text == "21 مسلحا قتلوا في صنعاء خلال يوليو"
    assert found[3].text == "إنه وقع في أيدي الحوثيين قبل أسبوع"
