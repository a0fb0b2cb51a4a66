"""The store the web, API, report and browser tests share: the sample corpus run through the
real pipeline, one hostile article (markup in its title and body), and the corpus steps."""

from __future__ import annotations

from pathlib import Path

from marsad.ingest import analyze, sample_dir
from marsad.model import RawDocument
from marsad.pipeline import load_resources, process
from marsad.settings import Settings
from marsad.store import open_store

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
XSS_TEXT = (
    f"لقاء في موسكو {SCRIPT} حول ليبيا\n"
    f"قال المتحدث باسم الحكومة {IMG} إن خليفة حفتر التقى وزير الخارجية الروسي سيرغي لافروف "
    "في موسكو أمس.\n"
    f'وأضاف: "{SCRIPT} نحن مع وقف إطلاق النار في ليبيا".\n'
)
XSS_KEY = "https://example.org/xss"


def build(db: Path) -> str:
    """Fill a new store at ``db``; returns its path as the app takes it."""
    settings = Settings(db=str(db))
    analyze([sample_dir()], settings)
    raw = RawDocument(
        source="<test>", record=0, text=XSS_TEXT, fmt="txt", url=XSS_KEY, date="2020-07-22"
    )
    with open_store(settings.db) as store:
        store.upsert_articles(process(raw, load_resources(settings), settings))
        from marsad.corpus import update_corpus

        update_corpus(store)
    return settings.db
