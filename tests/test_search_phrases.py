"""Multi-word searches: every word must be in the article, however many words (regression:
three or more words used to fail building the SQL intersection)."""

from __future__ import annotations

import pytest

from marsad.ingest import analyze, sample_dir
from marsad.search import search
from marsad.settings import Settings
from marsad.store import open_store


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("s") / "m.db")
    analyze([sample_dir()], Settings(db=path))
    return path


@pytest.mark.parametrize("query", ["وقف إطلاق النار", "وقف إطلاق النار ليبيا", "حفتر طرابلس سرت مليشيات"])
def test_every_word_of_a_long_query_is_required(db, query):
    with open_store(db) as store:
        result = search(store, query)
        single = [search(store, w).total for w in query.split()]
    assert 0 < result.total <= min(single)
