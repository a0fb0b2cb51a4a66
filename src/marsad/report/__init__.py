"""Static, self-contained HTML report of a store: no server, no network, right-to-left."""

from __future__ import annotations

import html
from collections import Counter
from pathlib import Path

from marsad.model import Article
from marsad.store import open_store

_CSS = """
body{font-family:"Noto Naskh Arabic","Amiri","Segoe UI",Tahoma,sans-serif;margin:2rem;line-height:1.8;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:right}
th{background:#f3f3f3}mark.time{background:#ffe9a8}article{border-top:1px solid #ddd;margin-top:1.5rem}
.meta{color:#555;font-size:.9rem}.ltr{direction:ltr;unicode-bidi:embed}
"""


def highlight(article: Article) -> str:
    """The article text, escaped, with its time expressions marked."""
    out, pos = [], 0
    for t in sorted(article.times, key=lambda t: t.start):
        out.append(html.escape(article.text[pos : t.start]))
        title = html.escape(t.value or "?")
        out.append(
            f'<mark class="time" title="{title}">{html.escape(article.text[t.start : t.end])}</mark>'
        )
        pos = t.end
    out.append(html.escape(article.text[pos:]))
    return "".join(out).replace("\n", "<br>\n")


def render(articles: list[Article], source: str) -> str:
    e = html.escape
    outlets = Counter(a.outlet or "—" for a in articles)
    rows = "\n".join(
        f"<tr><td><a href='#a{i}'>{e(a.title or a.text[:80])}</a></td><td>{e(a.outlet or '—')}</td>"
        f"<td class='ltr'>{e(a.published or '—')}</td><td>{e(a.dateline or '—')}</td>"
        f"<td>{e('، '.join(a.agencies) or '—')}</td><td>{len(a.times)}</td></tr>"
        for i, a in enumerate(articles)
    )
    outlet_rows = "\n".join(
        f"<tr><td>{e(o)}</td><td>{n}</td></tr>" for o, n in outlets.most_common()
    )
    bodies = "\n".join(
        f"<article id='a{i}'><h3>{e(a.title or '(بلا عنوان)')}</h3>"
        f"<p class='meta'>{e(a.file)} #{a.index} · {e(a.outlet or '—')} · "
        f"<span class='ltr'>{e(a.published or '—')}</span> ({e(a.published_how or '—')})</p>"
        f"<p>{highlight(a)}</p></article>"
        for i, a in enumerate(articles)
    )
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>تقرير مرصد</title>
<style>{_CSS}</style></head><body>
<h1>تقرير مرصد</h1><p class="meta">{e(source)} · {len(articles)} مقالة</p>
<h2>المنافذ</h2><table><tr><th>المنفذ</th><th>المقالات</th></tr>{outlet_rows}</table>
<h2>المقالات</h2><table><tr><th>العنوان</th><th>المنفذ</th><th>تاريخ النشر</th><th>المكان</th>
<th>الوكالات</th><th>تعبيرات زمنية</th></tr>{rows}</table>
{bodies}
</body></html>"""


def write_report(db: str, out: Path) -> None:
    with open_store(db) as store:
        articles = list(store.iter_articles())
    out.write_text(render(articles, db), encoding="utf-8")
