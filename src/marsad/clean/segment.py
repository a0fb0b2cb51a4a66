"""Split a text into articles and sort each article's lines into header, body and
boilerplate. Rules come from ``lang/ar/boilerplate.yaml`` plus general shapes
(repeated lines, captions with credits, link-like and hashtag lines)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.clean import lines as L
from marsad.resources import Boilerplate
from marsad.text.normalize import ascii_digits, match_key

_LOOKAHEAD = 8  # non-empty lines within which a repeated headline marks an article header
_DATE_TOKEN = re.compile(r"[-/.\s]+")


@dataclass(frozen=True)
class Cleaned:
    """One article's lines after cleaning, plus what its header said."""

    body: str
    title: str | None
    date_line: str | None
    dateline: tuple[str, str] | None  # the two sides of `أوج – موسكو`
    credits: tuple[str, ...]  # agencies credited in captions and credit lines
    removed: tuple[str, ...]


def is_date_line(line: str) -> bool:
    """A line that is only a date: `23-يوليو-2020`, `2020/07/23`, `الخميس 23 يوليو 2020`."""
    tokens = [t for t in _DATE_TOKEN.split(ascii_digits(line.strip())) if t]
    if not 2 <= len(tokens) <= 5 or not any(t.isdigit() and len(t) == 4 for t in tokens):
        return False
    wordy = [t for t in tokens if not t.isdigit()]
    return len(wordy) <= 2 and all(t.isalpha() for t in wordy)


def split_articles(text: str, bp: Boilerplate) -> list[list[str]]:
    """Split a file's lines into articles.

    A new article starts where a headline is repeated within the next few lines (sites print
    the headline above and below the share bar), or where body text resumes after a site
    footer. Each part must hold at least one paragraph, else it joins the previous one.
    """
    lines = text.split("\n")
    nonempty = [i for i, line in enumerate(lines) if line.strip()]
    keys = {i: match_key(L.strip_hashtags(lines[i].strip())[0]) for i in nonempty}
    starts = [0]
    seen_paragraph = False
    in_footer = False
    for pos, i in enumerate(nonempty):
        line = lines[i].strip()
        if keys[i] in bp.footer and seen_paragraph:
            in_footer = True
        if L.is_headline(line) and seen_paragraph and keys[i]:
            ahead = nonempty[pos + 1 : pos + 1 + _LOOKAHEAD]
            repeated = any(keys[j] == keys[i] for j in ahead)
            resumes = in_footer and any(L.is_paragraph(lines[j].strip()) for j in ahead[:2])
            if repeated or resumes:
                start = i
                if pos > 0 and keys[nonempty[pos - 1]] in bp.sections:
                    start = nonempty[pos - 1]
                starts.append(start)
                seen_paragraph = False
                in_footer = False
                continue
        if L.is_paragraph(line) and not in_footer:
            seen_paragraph = True
    starts.append(len(lines))
    parts = [lines[a:b] for a, b in zip(starts, starts[1:], strict=False)]
    merged: list[list[str]] = []
    for part in parts:
        if merged and not any(L.is_paragraph(x.strip()) for x in part):
            merged[-1].extend(part)
        else:
            merged.append(part)
    return [p for p in merged if any(x.strip() for x in p)]


def clean_lines(lines: list[str], bp: Boilerplate, agency_keys: frozenset[str]) -> Cleaned:
    """Sort an article's lines: header (title, date, dateline), body, boilerplate."""
    removed: list[str] = []
    credits: list[str] = []
    body: list[str] = []
    title: str | None = None
    date_line: str | None = None
    dateline: tuple[str, str] | None = None
    in_header = True
    in_footer = False
    after_read_also = False
    seen: set[str] = set()
    for raw in lines:
        text = raw.strip()
        if not text:
            continue
        text, tags = L.strip_hashtags(text)
        if tags:
            removed.append(tags)
        key = match_key(text)
        if in_footer or not text or L.is_noise(text):
            removed.append(text)
            continue
        if key in bp.footer and (body or title):
            in_footer = True
            removed.append(text)
            continue
        if after_read_also and L.is_headline(text):
            after_read_also = False
            removed.append(text)
            continue
        after_read_also = key.rstrip(" :") in bp.read_also
        if after_read_also or L.is_boilerplate(text, bp):
            removed.append(text)
            continue
        if in_header and title is None and key in bp.sections:
            removed.append(text)
            continue
        agencies = L.credit_line(text, agency_keys)
        caption = L.credit_of_caption(text, agency_keys)
        if agencies:  # a credit line `(رويترز، فرانس برس)` is part of the article
            credits.extend(agencies)
            body.append(text)
            seen.add(key)
            continue
        if caption:
            credits.append(caption)
            removed.append(text)
            continue
        if in_header:
            if date_line is None and is_date_line(text):
                date_line = text
                removed.append(text)
                continue
            parts = L.dateline_parts(text)
            if parts and dateline is None:
                dateline = parts
                if bp.staff & {match_key(parts[0]), match_key(parts[1])}:
                    removed.append(text)  # a byline (`ألترا صوت – فريق التحرير`), not a dateline
                else:
                    body.append(text)  # the dateline opens the article (`أوج – القاهرة`)
                    seen.add(key)
                continue
            if title is None and L.is_headline(text) and not body:
                title = text
                seen.add(key)
                continue
        if key in seen:
            removed.append(text)
            continue
        if L.is_paragraph(text):
            in_header = False
        body.append(text)
        seen.add(key)
    kept = _drop_contained(body, removed)
    return Cleaned(
        body="\n".join(kept),
        title=title,
        date_line=date_line,
        dateline=dateline,
        credits=tuple(dict.fromkeys(credits)),
        removed=tuple(removed),
    )


def _drop_contained(body: list[str], removed: list[str]) -> list[str]:
    """Drop pull quotes: lines whose words recur, in order, inside a longer body line
    (sites print an excerpt of a paragraph again, sometimes with a clause left out)."""
    tokens = [match_key(line).split() for line in body]
    kept = []
    for i, line in enumerate(body):
        pull = len(tokens[i]) >= 6 and any(
            j != i and len(tokens[j]) > len(tokens[i]) and _is_subsequence(tokens[i], tokens[j])
            for j in range(len(body))
        )
        if pull:
            removed.append(line)
        else:
            kept.append(line)
    return kept


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(word in it for word in short)
