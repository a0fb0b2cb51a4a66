"""Static, self-contained HTML report of a store: no server, no network, right-to-left.

One file holds everything: the CSS and the dashboard's script inlined, plotly.js inlined from
the installed plotly package, the figures as JSON. It shows what the dashboard shows across
the corpus (outlets, stories, the outlet × actor label heatmap, the timeline, top actors,
quote share) and the first articles with every annotation highlighted.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi.encoders import jsonable_encoder
from markupsafe import Markup

from marsad import corpus
from marsad.store import Store, open_store
from marsad.web import api
from marsad.web.app import plotly_js
from marsad.web.pages import (
    article_view,
    matrix_figure,
    render_template,
    share_figure,
    timeline_figure,
)

MAX_ARTICLES = 200  # articles shown in full
MAX_ROWS = 5_000  # rows of the article and story tables
TOP_ACTORS = 40


def report_data(store: Store, max_articles: int = MAX_ARTICLES) -> dict[str, Any]:
    """Everything the report shows, from the store and the corpus steps."""
    total, rows = api.article_page(store, api.Filters(), limit=MAX_ROWS, offset=0)
    shown = [(r["id"], api.article_by_id(store, r["id"])) for r in rows[:max_articles]]
    timeline = jsonable_encoder(corpus.timeline(store))
    share = jsonable_encoder(corpus.quote_share(store))
    said: Counter[str] = Counter()
    for r in share:
        said[r["speaker_id"] or ""] += r["quotes"]
    actors = corpus.list_actors(store, limit=TOP_ACTORS)
    return {
        "stats": api.stats(store),
        "rows": rows,
        "total": total,
        "views": [{"id": id_, **article_view(a)} for id_, a in shown if a is not None],
        "outlets": jsonable_encoder(corpus.list_outlets(store)),
        "stories": jsonable_encoder(corpus.list_stories(store, limit=MAX_ROWS, offset=0)),
        "heatmap": matrix_figure(jsonable_encoder(corpus.label_matrix(store))),
        "timeline": timeline,
        "timeline_fig": timeline_figure(timeline) if timeline else None,
        "actors": [a | {"quotes": said[a["id"]]} for a in actors],
        "share": share,
        "share_fig": share_figure(share),
    }


def render(data: dict[str, Any], source: str) -> str:
    """The report page; only the packaged CSS, script and plotly.js go in unescaped."""
    web = resources.files("marsad.web") / "static"
    return render_template(
        "report.html",
        source=source,
        made=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        css=Markup((web / "marsad.css").read_text(encoding="utf-8")),
        script=Markup((web / "marsad.js").read_text(encoding="utf-8")),
        plotly=Markup(plotly_js().read_text(encoding="utf-8")),
        **data,
    )


def write_report(db: str, out: Path) -> None:
    """Write the report of the store at ``db`` to ``out`` (one HTML file)."""
    with open_store(db) as store:
        page = render(report_data(store), db)
    out.write_text(page, encoding="utf-8")
