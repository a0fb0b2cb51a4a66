"""The static report: one self-contained right-to-left HTML file, plotly inlined, no network."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner
from web_sample import IMG, SCRIPT, build

from marsad.cli import app
from marsad.report import write_report
from marsad.web.app import plotly_js


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("report")
    db = build(folder / "m.db")
    out = folder / "report.html"
    result = CliRunner().invoke(app, ["report", "--db", db, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_is_rtl_arabic(report):
    assert report.startswith("<!DOCTYPE html>")
    assert '<html lang="ar" dir="rtl">' in report


def test_loads_nothing_from_anywhere(report):
    assert not re.search(r"<script[^>]+src=", report)
    assert not re.search(r"<link[^>]+href=", report)
    assert not re.search(r"<(img|iframe|source|embed)[^>]+src=[\"']?(https?:)?//", report)
    assert not re.search(r"@import|url\(\s*[\"']?(https?:)?//", report.split("<script>")[0])


def test_holds_the_plotly_bundle_and_styles(report):
    bundle = plotly_js().read_text(encoding="utf-8")
    assert bundle in report
    assert "<style>" in report and ".ent-PER" in report


def test_shows_the_corpus(report):
    for section in ("outlets", "stories", "labels", "timeline", "actors", "quotes", "articles"):
        assert f'id="{section}"' in report
    for fig in ("fig-labels", "fig-timeline", "fig-share"):
        assert f'<script type="application/json" id="{fig}">' in report
    assert "أوج" in report and "ألترا صوت" in report and "خليفة حفتر" in report
    assert report.count('<article class="doc"') == 7
    assert 'class="ent ent-PER"' in report and 'class="quote' in report


def test_escapes_article_text(report):
    assert SCRIPT not in report and IMG not in report
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report


def test_write_report_keeps_its_signature(tmp_path):
    db = build(tmp_path / "m.db")
    write_report(db, Path(tmp_path / "r.html"))
    assert (tmp_path / "r.html").stat().st_size > len(plotly_js().read_bytes())
