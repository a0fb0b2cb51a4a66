"""marsad.search: Arabic-aware full-text search, the same bodies on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marsad.corpus import update_corpus
from marsad.model import Article, Entity, Event, Mention
from marsad.search import search
from marsad.store import Store
from marsad.store import schema as S

HAFTAR = "marsad:khalifa-haftar"


def _article(key: str, text: str, outlet: str, published: str, **kw: object) -> Article:
    return Article(file=f"{key}.txt", index=0, key=key, text=text, outlet=outlet,
                   published=published, **kw)  # fmt: skip


def _haftar(text: str) -> tuple[Entity, ...]:
    start = text.index("حفتر")
    return (Entity(HAFTAR, "خليفة حفتر", "PER", None, (Mention(start, start + 4, "حفتر"),)),)


L_TEXT = "وجهت حكومة الوفاق انتقادات لحفتر بعد الهجوم على طرابلس."
W_TEXT = "التقى المبعوث الأممي بقادة الجيش وحفتر في بنغازي، وبحثوا وقف إطلاق النار."
DZ_TEXT = "استضافت الجزائر مؤتمرًا لدول الجوار، وشاركت مصر والجزائر في صياغة البيان."
AND_TEXT = "قالت الأمم المتحدة إن المحادثات في جنيف مستمرة بين الأطراف الليبية."
HAMZA_TEXT = "عُقدت المشاورات التركية الروسية في انقره يوم الأربعاء."


@pytest.fixture
def indexed(store: Store) -> Store:
    store.upsert_articles(
        [
            _article(
                "l",
                L_TEXT,
                "أوج",
                "2020-07-20",
                entities=_haftar(L_TEXT),
                events=(Event(0, 20, "ACCUSE", "حكومة الوفاق", "خليفة حفتر", None, None),),
            ),
            _article("w", W_TEXT, "الجزيرة", "2020-07-25", entities=_haftar(W_TEXT)),
            _article("dz", DZ_TEXT, "الشرق الأوسط", "2021-08-31"),
            _article("un", AND_TEXT, "الجزيرة", "2020-07-22"),
            _article("tr", HAMZA_TEXT, "أوج", "2020-07-22", title="مشاورات في أنقرة"),
        ]
    )
    update_corpus(store)
    return store


def keys_of(result: object) -> list[str]:
    return [h.key for h in result.hits]  # type: ignore[attr-defined]


def test_clitics_are_stripped_from_text_and_query(indexed: Store) -> None:
    r = search(indexed, "حفتر")
    assert (r.total, keys_of(r)) == (2, ["w", "l"])  # most recent first
    assert keys_of(search(indexed, "الجزائر")) == ["dz"]  # also in والجزائر
    assert keys_of(search(indexed, "جزائر")) == ["dz"]
    assert keys_of(search(indexed, "للأمم")) == ["un"]  # لل reads as ال


def test_letter_variants_fold(indexed: Store) -> None:
    assert keys_of(search(indexed, "أنقرة")) == ["tr"]  # the text writes انقره
    assert keys_of(search(indexed, "إنقرة")) == ["tr"]
    assert keys_of(search(indexed, "الليبيه")) == ["un"]


def test_words_are_anded(indexed: Store) -> None:
    assert keys_of(search(indexed, "حفتر بنغازي")) == ["w"]
    assert keys_of(search(indexed, "حفتر جنيف")) == []
    assert search(indexed, "الأمم المتحدة جنيف").total == 1


def test_hit_fields_and_snippet(indexed: Store) -> None:
    (hit,) = search(indexed, "طرابلس").hits
    assert (hit.key, hit.file, hit.index, hit.outlet, hit.published) == (
        "l",
        "l.txt",
        0,
        "أوج",
        "2020-07-20",
    )
    assert hit.story is not None
    assert L_TEXT[hit.start : hit.start + len(hit.snippet)] == hit.snippet
    (s, e) = hit.matches[0]
    assert hit.snippet[s:e] == "طرابلس"
    (w,) = search(indexed, "حفتر", outlet="الجزيرة").hits
    s, e = w.matches[0]
    assert w.snippet[s:e] == "وحفتر"


def test_filters(indexed: Store) -> None:
    assert keys_of(search(indexed, "حفتر", outlet="أوج")) == ["l"]
    assert keys_of(search(indexed, "حفتر", since="2020-07-21")) == ["w"]
    assert keys_of(search(indexed, "حفتر", until="2020-07-21")) == ["l"]
    assert keys_of(search(indexed, "حفتر", since="2020-07", until="2020-07")) == ["w", "l"]
    assert keys_of(search(indexed, "حفتر", event_type="ACCUSE")) == ["l"]
    assert keys_of(search(indexed, "المبعوث", actor=HAFTAR)) == ["w"]
    assert keys_of(search(indexed, "المبعوث", actor="خليفة حفتر")) == ["w"]
    assert keys_of(search(indexed, "الجزائر", actor=HAFTAR)) == []


def test_paging(indexed: Store) -> None:
    first = search(indexed, "في", limit=2, offset=0)
    second = search(indexed, "في", limit=2, offset=2)
    assert first.total == second.total == 4
    assert len(first.hits) == 2 and len(second.hits) == 2
    assert not set(keys_of(first)) & set(keys_of(second))
    assert search(indexed, "في", limit=2, offset=4).hits == ()


def test_empty_and_hostile_queries(indexed: Store) -> None:
    assert search(indexed, "").total == 0
    assert search(indexed, "«،»").total == 0
    assert search(indexed, "'; DROP TABLE articles; --").total == 0
    assert search(indexed, "%").total == 0
    with indexed.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(S.articles)).scalar() == 5


def test_changed_article_is_reindexed(indexed: Store) -> None:
    new = _article("un", "خبر جديد عن الانتخابات في طرابلس", "الجزيرة", "2020-07-22")
    indexed.upsert_articles([new])
    update_corpus(indexed)
    assert keys_of(search(indexed, "جنيف")) == []
    assert keys_of(search(indexed, "الانتخابات")) == ["un"]
