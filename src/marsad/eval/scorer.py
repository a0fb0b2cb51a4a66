"""Score system output against gold, exactly as ``FORMAT.md`` (shared/eval) defines it.

Strings are compared with :func:`~marsad.text.normalize.match_key` ("contains" means contains
after ``match_key`` on both sides); entity mentions and names with
:func:`~marsad.text.normalize.mention_key` (a leading ``لل`` reads as ``ال``).

Where FORMAT.md leaves room, this scorer decides as follows.

* **Pairing is one-to-one everywhere.** Entities (as FORMAT.md says), and also quotes, times,
  events and labels: each system item can find at most one gold item, so a single system
  quote spanning two statements, or one system time standing for two listed occurrences,
  finds only one of them, and true positives are the same number for precision and recall.
  (For quotes FORMAT.md only says "a gold quote is found when a system quote's text contains
  the gold text"; read many-to-one, one system quote holding the whole body would score
  perfect recall *and* precision, and gold lists each continuation as its own quote.)
  Quote precision is therefore matched system quotes / system quotes.
* **Pairings are optimal**, not greedy: a maximum-weight bipartite assignment (Hungarian
  algorithm) that first maximises the number of pairs and, among pairings with that many,
  the secondary score: for entities the number of gold mentions covered (then an equal
  wikidata), for quotes a correct speaker, for times an equal value. The conditional
  figures (mention recall, linking, speaker, time value) are read off that pairing.
* **Names.** A gold speaker, event source/target or label actor is the gold entity with that
  name (``mention_key``); it is "the system entity paired with gold's" through the entity
  pairing. A name in system output (quote ``speaker``, event ``source``/``target``, label
  ``actor``) resolves to the system entities with that name, or when none has it, to those
  with a mention of that form. A quote's ``speaker_id``, when present, is used instead of its
  ``speaker`` name. A system speaker is null when both ``speaker`` and ``speaker_id`` are null.
* **Null.** A system value that is absent, null or empty after ``match_key`` is null.
* **Missing system article.** It counts every gold item as missed, every metadata field as
  wrong (even a gold null) and every ``keep`` *and* ``drop`` string as failed. The "over found
  items" figures (mention recall, linking, speaker, time value) have nothing found in it, so
  it does not enter them. A system article absent from gold counts only in ``split``.
* **split**: the gold number of articles of a file is its highest gold ``article`` index + 1
  (the number of gold articles when every article is annotated); the system number is the
  number of system articles with that ``file``. ``file`` compares exactly. ``load_output``
  refuses two lines for one (file, article); handed such records directly, ``score`` scores
  the first and counts the others as extra articles in ``split``.
* Event ``place``/``date``, quote ``cue``/``direct``, ``story`` and ``duplicate_of`` are not
  scored. Figures with no denominator are ``None``; F1 is ``2TP / (2TP + FP + FN)`` (micro,
  over all articles), which equals the harmonic mean of P and R whenever both are defined.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.errors import MarsadError
from marsad.model import EVENT_TYPES
from marsad.text.normalize import match_key, mention_key

ENTITY_TYPES = ("PER", "ORG", "LOC")
METADATA = ("title", "outlet", "published", "dateline")
LISTS = ("keep", "drop", "entities", "quotes", "times", "events", "labels")
PRF = ("entity", "quote", "time", "event", "label")
RATIOS = ("split", "clean", *METADATA, "mention_recall", "linking", "speaker", "time_value")

# (figure key, label for the table), in table order
FIGURES: tuple[tuple[str, str], ...] = (
    ("split", "split"),
    ("clean", "clean"),
    ("title", "title"),
    ("outlet", "outlet"),
    ("published", "published"),
    ("dateline", "dateline"),
    ("entity_p", "entity P"),
    ("entity_r", "entity R"),
    ("entity_f1", "entity F1"),
    ("mention_recall", "mention recall"),
    ("linking", "linking"),
    ("quote_p", "quote P"),
    ("quote_r", "quote R"),
    ("quote_f1", "quote F1"),
    ("speaker", "speaker"),
    ("time_p", "time P"),
    ("time_r", "time R"),
    ("time_f1", "time F1"),
    ("time_value", "time value"),
    ("event_p", "event P"),
    ("event_r", "event R"),
    ("event_f1", "event F1"),
    ("label_p", "label P"),
    ("label_r", "label R"),
    ("label_f1", "label F1"),
)


@dataclass(frozen=True)
class Scores:
    """The figures of one scoring run.

    ``figures``: figure key (see :data:`FIGURES`) -> value in [0, 1], or None when undefined.
    ``counts``: for ratio figures ``{"correct": n, "total": m}``; for ``entity``, ``quote``,
    ``time``, ``event`` and ``label`` ``{"tp": .., "fp": .., "fn": ..}``; ``clean`` also
    carries ``keep_found``/``keep_total``/``drop_absent``/``drop_total``.
    ``per_article``: one dict per gold article (then one per system-only article) naming
    what was missed, what was a false positive and which pairs were made.
    """

    figures: dict[str, float | None]
    counts: dict[str, dict[str, int]]
    per_article: list[dict[str, Any]]


# ---------------------------------------------------------------------------- loading


def load_gold(gold_dir: Path) -> list[dict]:
    """Every ``*.json`` in ``gold_dir`` (sorted by name), checked against FORMAT.md.

    Raises ``MarsadError("E301", path, reason)`` for a malformed gold file, or a second file
    for the same (file, article); ``E101`` when the directory does not exist.
    """
    gold_dir = Path(gold_dir)
    if not gold_dir.exists():
        raise MarsadError("E101", str(gold_dir), "gold directory not found")
    if not gold_dir.is_dir():
        raise MarsadError("E301", str(gold_dir), "not a directory of gold *.json files")
    paths = sorted(p for p in gold_dir.glob("*.json") if p.is_file())
    if not paths:
        raise MarsadError("E301", str(gold_dir), "no gold files (*.json) in it")
    gold: list[dict] = []
    seen: dict[tuple[str, int], Path] = {}
    for path in paths:
        try:
            raw = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise MarsadError("E301", str(path), f"not UTF-8 ({exc.reason})") from exc
        except OSError as exc:
            raise MarsadError("E102", str(path), exc.strerror or str(exc)) from exc
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise MarsadError(
                "E301",
                str(path),
                f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}",
            ) from exc
        reason = _gold_problem(obj)
        if reason:
            raise MarsadError("E301", str(path), reason)
        key = (obj["file"], obj["article"])
        if key in seen:
            raise MarsadError(
                "E301", str(path), f"same file and article as {seen[key].name} ({key[0]} #{key[1]})"
            )
        seen[key] = path
        gold.append(obj)
    return gold


def load_output(path: Path) -> list[dict]:
    """System output: one JSON object per line (blank lines are skipped).

    Raises ``MarsadError("E302", f"{path}:{lineno}", reason)`` for a malformed line or a second
    line for the same (file, article); ``E101`` when the file does not exist.
    """
    path = Path(path)
    if not path.exists():
        raise MarsadError("E101", str(path), "system output not found")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise MarsadError("E102", str(path), exc.strerror or str(exc)) from exc
    records: list[dict] = []
    seen: dict[tuple[str, int], int] = {}
    for lineno, line in enumerate(raw.split(b"\n"), start=1):
        where = f"{path}:{lineno}"
        try:
            text = line.decode("utf-8-sig" if lineno == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            raise MarsadError("E302", where, f"not UTF-8 ({exc.reason})") from exc
        if not text.strip():
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise MarsadError(
                "E302", where, f"invalid JSON at column {exc.colno}: {exc.msg}"
            ) from exc
        reason = _system_problem(obj)
        if reason:
            raise MarsadError("E302", where, reason)
        key = (obj["file"], obj["article"])
        if key in seen:
            raise MarsadError("E302", where, f"same file and article as line {seen[key]}")
        seen[key] = lineno
        records.append(obj)
    return records


# -------------------------------------------------------------------------- validation


def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _opt_str(x: Any) -> bool:
    return x is None or isinstance(x, str)


def _keyed(x: Any) -> bool:
    """A non-empty string that keeps something after match_key."""
    return isinstance(x, str) and bool(match_key(x))


def _gold_problem(obj: Any) -> str | None:
    """Why ``obj`` is not a gold article per FORMAT.md, or None."""
    if not isinstance(obj, dict):
        return "not a JSON object"
    if not (isinstance(obj.get("file"), str) and obj["file"].strip()):
        return "'file' must be a non-empty string"
    if not (_is_int(obj.get("article")) and obj["article"] >= 0):
        return "'article' must be an integer >= 0"
    for name in METADATA:
        if name not in obj:
            return f"'{name}' missing (use null when unknown)"
        if not _opt_str(obj[name]):
            return f"'{name}' must be a string or null"
    for name in LISTS:
        if not isinstance(obj.get(name), list):
            return f"'{name}' must be a list"
    for name in ("keep", "drop"):
        for i, s in enumerate(obj[name]):
            if not _keyed(s):
                return f"{name}[{i}] must be a non-empty string"
    names: dict[str, str] = {}
    for i, e in enumerate(obj["entities"]):
        where = f"entities[{i}]"
        if not isinstance(e, dict):
            return f"{where} must be an object"
        if not _keyed(e.get("name")):
            return f"{where}.name must be a non-empty string"
        if e.get("type") not in ENTITY_TYPES:
            return f"{where}.type must be one of {', '.join(ENTITY_TYPES)}"
        if not _opt_str(e.get("wikidata")):
            return f"{where}.wikidata must be a string or null"
        mentions = e.get("mentions")
        if not (isinstance(mentions, list) and mentions and all(_keyed(m) for m in mentions)):
            return f"{where}.mentions must be a non-empty list of non-empty strings"
        key = mention_key(e["name"])
        if key in names:
            return f"{where}: two entities named {e['name']!r} ({names[key]!r})"
        names[key] = e["name"]

    def unknown(name: Any) -> bool:
        return not (isinstance(name, str) and mention_key(name) in names)

    for i, q in enumerate(obj["quotes"]):
        where = f"quotes[{i}]"
        if not isinstance(q, dict):
            return f"{where} must be an object"
        if not _keyed(q.get("text")):
            return f"{where}.text must be a non-empty string"
        if q.get("speaker") is not None and unknown(q["speaker"]):
            return f"{where}.speaker {q['speaker']!r} is not the name of an entity"
    for i, t in enumerate(obj["times"]):
        where = f"times[{i}]"
        if not isinstance(t, dict):
            return f"{where} must be an object"
        if not _keyed(t.get("text")):
            return f"{where}.text must be a non-empty string"
        if "value" not in t or not _opt_str(t["value"]):
            return f"{where}.value must be a string or null"
    for i, ev in enumerate(obj["events"]):
        where = f"events[{i}]"
        if not isinstance(ev, dict):
            return f"{where} must be an object"
        if ev.get("type") not in EVENT_TYPES:
            return f"{where}.type {ev.get('type')!r} is not one of the 16 PLOVER types"
        for role in ("source", "target"):
            if ev.get(role) is not None and unknown(ev[role]):
                return f"{where}.{role} {ev[role]!r} is not the name of an entity"
    for i, lab in enumerate(obj["labels"]):
        where = f"labels[{i}]"
        if not isinstance(lab, dict):
            return f"{where} must be an object"
        if not _keyed(lab.get("label")):
            return f"{where}.label must be a non-empty string"
        if unknown(lab.get("actor")):
            return f"{where}.actor {lab.get('actor')!r} is not the name of an entity"
    return None


def _system_problem(obj: Any) -> str | None:
    """Why ``obj`` is not a system-output line per FORMAT.md, or None.

    Only ``file`` and ``article`` are required; a missing field reads as null / empty.
    """
    if not isinstance(obj, dict):
        return "not a JSON object"
    if not (isinstance(obj.get("file"), str) and obj["file"].strip()):
        return "'file' must be a non-empty string"
    if not (_is_int(obj.get("article")) and obj["article"] >= 0):
        return "'article' must be an integer >= 0"
    for name in (*METADATA, "text"):
        if not _opt_str(obj.get(name)):
            return f"'{name}' must be a string or null"
    # list name -> (string fields that must be str, fields that may be str or null)
    shapes = {
        "entities": (("type",), ("name", "wikidata")),
        "quotes": (("text",), ("speaker",)),
        "times": (("text",), ("value",)),
        "events": (("type",), ("source", "target")),
        "labels": (("label",), ("actor",)),
    }
    for name, (required, optional) in shapes.items():
        items = obj.get(name)
        if items is None:
            continue
        if not isinstance(items, list):
            return f"'{name}' must be a list"
        for i, item in enumerate(items):
            where = f"{name}[{i}]"
            if not isinstance(item, dict):
                return f"{where} must be an object"
            for field in required:
                if not isinstance(item.get(field), str):
                    return f"{where}.{field} must be a string"
            for field in optional:
                if not _opt_str(item.get(field)):
                    return f"{where}.{field} must be a string or null"
            if name == "entities":
                if not isinstance(item.get("id"), str | int | None) or isinstance(
                    item.get("id"), bool
                ):
                    return f"{where}.id must be a string"
                mentions = item.get("mentions", [])
                if not isinstance(mentions, list):
                    return f"{where}.mentions must be a list"
                for k, m in enumerate(mentions):
                    if not (
                        isinstance(m, str)
                        or (isinstance(m, dict) and isinstance(m.get("text"), str))
                    ):
                        return f"{where}.mentions[{k}] must be an object with a string 'text'"
            if name == "quotes":
                sid = item.get("speaker_id")
                if not isinstance(sid, str | int | None) or isinstance(sid, bool):
                    return f"{where}.speaker_id must be a string or null"
    return None


# ---------------------------------------------------------------------------- matching


def _assignment(weights: list[list[int]]) -> list[tuple[int, int]]:
    """Maximum-weight assignment (Hungarian algorithm, O(n^2 m)).

    ``weights[i][j] > 0`` is an edge, 0 none. Returns the (row, column) pairs of a
    maximum-weight matching that are edges.
    """
    n = len(weights)
    m = len(weights[0]) if n else 0
    if not n or not m:
        return []
    transposed = n > m
    if transposed:
        weights = [list(col) for col in zip(*weights, strict=True)]
        n, m = m, n
    inf = float("inf")
    u = [0] * (n + 1)
    v = [0] * (m + 1)
    p = [0] * (m + 1)  # p[j]: row (1-based) assigned to column j
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = p[j0]
            delta = inf
            j1 = 0
            row = weights[i0 - 1]
            for j in range(1, m + 1):
                if not used[j]:
                    cur = -row[j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    pairs = [(p[j] - 1, j - 1) for j in range(1, m + 1) if p[j] and weights[p[j] - 1][j - 1] > 0]
    if transposed:
        pairs = [(j, i) for i, j in pairs]
    return sorted(pairs)


def _pair(n_gold: int, n_sys: int, edge: Callable[[int, int], int | None]) -> dict[int, int]:
    """Optimal one-to-one pairing gold index -> system index.

    ``edge(i, j)`` is None when the two cannot pair, else a secondary score >= 0. The pairing
    has as many pairs as possible and, among those, the highest total secondary score.
    """
    found: dict[tuple[int, int], int] = {}
    for i in range(n_gold):
        for j in range(n_sys):
            w = edge(i, j)
            if w is not None:
                found[(i, j)] = w
    if not found:
        return {}
    rows = sorted({i for i, _ in found})
    cols = sorted({j for _, j in found})
    best_row: dict[int, int] = defaultdict(int)
    for (i, _), w in found.items():
        best_row[i] = max(best_row[i], w)
    big = 1 + sum(best_row.values())  # one more pair always beats any secondary score
    col_at = {j: k for k, j in enumerate(cols)}
    matrix = [[0] * len(cols) for _ in rows]
    for r, i in enumerate(rows):
        for j in cols:
            w = found.get((i, j))
            if w is not None:
                matrix[r][col_at[j]] = big + w
    return {rows[r]: cols[c] for r, c in _assignment(matrix)}


# ----------------------------------------------------------------------------- scoring


def _str(x: Any) -> str | None:
    """A string value, or None when absent, null, not a string or empty after match_key."""
    if isinstance(x, int) and not isinstance(x, bool):
        x = str(x)
    if not isinstance(x, str) or not match_key(x):
        return None
    return x


def _items(record: dict | None, name: str) -> list[dict]:
    items = record.get(name) if record else None
    return [x for x in items if isinstance(x, dict)] if isinstance(items, list) else []


def _mention_texts(entity: dict) -> list[str]:
    out = []
    for m in entity.get("mentions") or []:
        text = m.get("text") if isinstance(m, dict) else m
        if isinstance(text, str):
            out.append(text)
    return out


def _same_value(a: Any, b: Any) -> bool:
    a, b = _str(a), _str(b)
    if a is None or b is None:
        return a is None and b is None
    return a.strip() == b.strip()


class _Tally:
    def __init__(self) -> None:
        self.c: dict[str, Counter[str]] = defaultdict(Counter)

    def ratio(self, name: str, ok: bool) -> None:
        self.c[name]["total"] += 1
        self.c[name]["correct"] += int(ok)

    def prf(self, name: str, tp: int, fp: int, fn: int) -> None:
        self.c[name]["tp"] += tp
        self.c[name]["fp"] += fp
        self.c[name]["fn"] += fn


def _score_article(g: dict, s: dict | None, tally: _Tally) -> dict[str, Any]:
    detail: dict[str, Any] = {
        "file": g.get("file"),
        "article": g.get("article"),
        "in_gold": True,
        "in_system": s is not None,
    }

    # metadata
    meta = {}
    for name in METADATA:
        gv, sv = _str(g.get(name)), _str(s.get(name)) if s else None
        if s is None:
            ok = False
        elif gv is None or sv is None:
            ok = gv is None and sv is None
        else:
            ok = match_key(gv) == match_key(sv)
        tally.ratio(name, ok)
        meta[name] = {"gold": gv, "system": sv, "ok": ok}
    detail["metadata"] = meta

    # cleaning
    text = match_key(s.get("text") or "") if s and isinstance(s.get("text"), str) else ""
    keep_missing = [k for k in g.get("keep") or [] if s is None or match_key(k) not in text]
    drop_present = [d for d in g.get("drop") or [] if s is None or match_key(d) in text]
    n_keep, n_drop = len(g.get("keep") or []), len(g.get("drop") or [])
    c = tally.c["clean"]
    c["keep_total"] += n_keep
    c["keep_found"] += n_keep - len(keep_missing)
    c["drop_total"] += n_drop
    c["drop_absent"] += n_drop - len(drop_present)
    c["total"] += n_keep + n_drop
    c["correct"] += n_keep + n_drop - len(keep_missing) - len(drop_present)
    detail["clean"] = {"keep_missing": keep_missing, "drop_present": drop_present}

    # entities
    g_ents = _items(g, "entities")
    s_ents = _items(s, "entities")
    g_mentions = [[m for m in e.get("mentions") or [] if isinstance(m, str)] for e in g_ents]
    g_mkeys = [[mention_key(m) for m in ms] for ms in g_mentions]
    s_mkeys = [{k for k in map(mention_key, _mention_texts(e)) if k} for e in s_ents]
    g_types = [e.get("type") for e in g_ents]
    s_types = [e.get("type") for e in s_ents]

    def entity_edge(i: int, j: int) -> int | None:
        if g_types[i] != s_types[j]:
            return None
        covered = sum(1 for k in g_mkeys[i] if k and k in s_mkeys[j])
        if not covered:
            return None
        gw, sw = _str(g_ents[i].get("wikidata")), _str(s_ents[j].get("wikidata"))
        return 2 * covered + int(gw is not None and _same_value(gw, sw))

    ent_pairs = _pair(len(g_ents), len(s_ents), entity_edge)
    gold_by_name = {mention_key(e["name"]): i for i, e in enumerate(g_ents) if _str(e.get("name"))}
    paired = []
    for i, j in sorted(ent_pairs.items()):
        missed = [m for m, k in zip(g_mentions[i], g_mkeys[i], strict=True) if k not in s_mkeys[j]]
        tally.c["mention_recall"]["total"] += len(g_mkeys[i])
        tally.c["mention_recall"]["correct"] += len(g_mkeys[i]) - len(missed)
        gw = _str(g_ents[i].get("wikidata"))
        linked = None
        if gw is not None:
            linked = _same_value(gw, s_ents[j].get("wikidata"))
            tally.ratio("linking", linked)
        paired.append(
            {
                "gold": g_ents[i].get("name"),
                "system": s_ents[j].get("name"),
                "system_id": s_ents[j].get("id"),
                "mentions_missed": missed,
                "linking_ok": linked,
            }
        )
    sys_paired = set(ent_pairs.values())
    ent_fp = [
        e for j, e in enumerate(s_ents) if j not in sys_paired and e.get("type") in ENTITY_TYPES
    ]
    tally.prf("entity", len(ent_pairs), len(ent_fp), len(g_ents) - len(ent_pairs))
    detail["entities"] = {
        "paired": paired,
        "missed": [e.get("name") for i, e in enumerate(g_ents) if i not in ent_pairs],
        "false_positives": [e.get("name") or next(iter(_mention_texts(e)), "") for e in ent_fp],
    }

    resolved: dict[str, frozenset[int]] = {}

    def resolve(name: Any) -> frozenset[int]:
        """System entities a system-side name stands for."""
        name = _str(name)
        if name is None:
            return frozenset()
        key = mention_key(name)
        if key not in resolved:
            by_name = {
                j for j, e in enumerate(s_ents) if mention_key(_str(e.get("name")) or "") == key
            }
            resolved[key] = frozenset(by_name or {j for j, ks in enumerate(s_mkeys) if key in ks})
        return resolved[key]

    def paired_entity(gold_name: Any) -> int | None:
        """The system entity paired with the gold entity of that name."""
        gi = gold_by_name.get(mention_key(gold_name)) if isinstance(gold_name, str) else None
        return ent_pairs.get(gi) if gi is not None else None

    def same_actor(gold_name: Any, sys_name: Any) -> bool:
        if _str(gold_name) is None:
            return _str(sys_name) is None
        j = paired_entity(gold_name)
        return j is not None and j in resolve(sys_name)

    # quotes
    g_q, s_q = _items(g, "quotes"), _items(s, "quotes")
    g_qk = [match_key(q.get("text") or "") for q in g_q]
    s_qk = [match_key(q.get("text") or "") if isinstance(q.get("text"), str) else "" for q in s_q]

    def speaker_ok(gq: dict, sq: dict) -> bool:
        sid, sname = _str(sq.get("speaker_id")), _str(sq.get("speaker"))
        if _str(gq.get("speaker")) is None:
            return sid is None and sname is None
        j = paired_entity(gq.get("speaker"))
        if j is None:
            return False
        if sid is not None:
            return _str(s_ents[j].get("id")) == sid
        return j in resolve(sname)

    def quote_edge(i: int, j: int) -> int | None:
        if not g_qk[i] or g_qk[i] not in s_qk[j]:
            return None
        return int(speaker_ok(g_q[i], s_q[j]))

    q_pairs = _pair(len(g_q), len(s_q), quote_edge)
    wrong_speaker = []
    for i, j in sorted(q_pairs.items()):
        ok = speaker_ok(g_q[i], s_q[j])
        tally.ratio("speaker", ok)
        if not ok:
            wrong_speaker.append(
                {
                    "text": g_q[i].get("text"),
                    "gold": g_q[i].get("speaker"),
                    "system": s_q[j].get("speaker"),
                    "system_id": s_q[j].get("speaker_id"),
                }
            )
    detail["quotes"] = _prf_detail(tally, "quote", g_q, s_q, q_pairs, lambda q: q.get("text"))
    detail["quotes"]["wrong_speaker"] = wrong_speaker

    # times
    g_t, s_t = _items(g, "times"), _items(s, "times")
    g_tk = [match_key(t.get("text") or "") for t in g_t]
    s_tk = [match_key(t.get("text") or "") if isinstance(t.get("text"), str) else "" for t in s_t]

    def time_edge(i: int, j: int) -> int | None:
        a, b = g_tk[i], s_tk[j]
        if not a or not b or (a not in b and b not in a):
            return None
        return int(_same_value(g_t[i].get("value"), s_t[j].get("value")))

    t_pairs = _pair(len(g_t), len(s_t), time_edge)
    wrong_value = []
    for i, j in sorted(t_pairs.items()):
        ok = _same_value(g_t[i].get("value"), s_t[j].get("value"))
        tally.ratio("time_value", ok)
        if not ok:
            wrong_value.append(
                {
                    "text": g_t[i].get("text"),
                    "gold": g_t[i].get("value"),
                    "system": s_t[j].get("value"),
                }
            )
    detail["times"] = _prf_detail(tally, "time", g_t, s_t, t_pairs, lambda t: t.get("text"))
    detail["times"]["wrong_value"] = wrong_value

    # events
    g_e, s_e = _items(g, "events"), _items(s, "events")

    def event_edge(i: int, j: int) -> int | None:
        ge, se = g_e[i], s_e[j]
        if not isinstance(se.get("type"), str) or se["type"].strip().upper() != ge.get("type"):
            return None
        if not (
            same_actor(ge.get("source"), se.get("source"))
            and same_actor(ge.get("target"), se.get("target"))
        ):
            return None
        return 0

    e_pairs = _pair(len(g_e), len(s_e), event_edge)
    detail["events"] = _prf_detail(
        tally,
        "event",
        g_e,
        s_e,
        e_pairs,
        lambda e: {k: e.get(k) for k in ("type", "source", "target")},
    )

    # labels
    g_l, s_l = _items(g, "labels"), _items(s, "labels")
    g_lk = [match_key(lab.get("label") or "") for lab in g_l]
    s_lk = [
        match_key(lab.get("label") or "") if isinstance(lab.get("label"), str) else ""
        for lab in s_l
    ]

    def label_edge(i: int, j: int) -> int | None:
        if not g_lk[i] or g_lk[i] not in s_lk[j]:
            return None
        j_paired = paired_entity(g_l[i].get("actor"))
        if j_paired is None or j_paired not in resolve(s_l[j].get("actor")):
            return None
        return 0

    l_pairs = _pair(len(g_l), len(s_l), label_edge)
    detail["labels"] = _prf_detail(
        tally, "label", g_l, s_l, l_pairs, lambda lab: {k: lab.get(k) for k in ("actor", "label")}
    )
    return detail


def _prf_detail(
    tally: _Tally,
    name: str,
    gold: list[dict],
    system: list[dict],
    pairs: dict[int, int],
    show: Callable[[dict], Any],
) -> dict[str, Any]:
    used = set(pairs.values())
    fps = [show(x) for j, x in enumerate(system) if j not in used]
    missed = [show(x) for i, x in enumerate(gold) if i not in pairs]
    tally.prf(name, len(pairs), len(fps), len(missed))
    return {"found": len(pairs), "missed": missed, "false_positives": fps}


def _key(record: dict) -> tuple[Any, Any]:
    return (record.get("file"), record.get("article"))


def score(gold: list[dict], system: list[dict]) -> Scores:
    """Score ``system`` (output records) against ``gold`` (gold articles); see the module doc."""
    gold_keys = [_key(g) for g in gold]
    if len(set(gold_keys)) != len(gold_keys):
        dup = next(k for k, n in Counter(gold_keys).items() if n > 1)
        raise MarsadError(
            "E301", f"{dup[0]}#{dup[1]}", "two gold articles for the same file and article"
        )
    by_key: dict[tuple[Any, Any], dict] = {}
    duplicates: Counter[tuple[Any, Any]] = Counter()
    for record in system:
        key = _key(record)
        if key in by_key:  # load_output refuses these; from a pipeline: the first is scored
            duplicates[key] += 1
        else:
            by_key[key] = record

    tally = _Tally()

    # split
    gold_n: dict[Any, int] = {}
    for g in gold:
        art = g.get("article")
        n = art + 1 if _is_int(art) else 1
        gold_n[g.get("file")] = max(gold_n.get(g.get("file"), 0), n)
    sys_n = Counter(_key(record)[0] for record in system)  # a duplicate is one more article
    for f, n in gold_n.items():
        tally.ratio("split", sys_n.get(f, 0) == n)

    per_article = []
    for g in sorted(gold, key=lambda x: (str(x.get("file")), x.get("article") or 0)):
        detail = _score_article(g, by_key.get(_key(g)), tally)
        f = g.get("file")
        detail["split"] = {"gold": gold_n[f], "system": sys_n.get(f, 0)}
        if duplicates[_key(g)]:
            detail["system_duplicates_ignored"] = duplicates[_key(g)]
        per_article.append(detail)
    gold_set = set(gold_keys)
    for key in sorted(
        (k for k in by_key if k not in gold_set), key=lambda k: (str(k[0]), str(k[1]))
    ):
        per_article.append({"file": key[0], "article": key[1], "in_gold": False, "in_system": True})

    counts: dict[str, dict[str, int]] = {}
    figures: dict[str, float | None] = {}
    for name in RATIOS:
        c = tally.c[name]
        counts[name] = {"correct": c["correct"], "total": c["total"]}
        if name == "clean":
            counts[name].update(
                {k: c[k] for k in ("keep_found", "keep_total", "drop_absent", "drop_total")}
            )
    for name in PRF:
        c = tally.c[name]
        counts[name] = {"tp": c["tp"], "fp": c["fp"], "fn": c["fn"]}
    for key, _ in FIGURES:
        base, _, part = key.rpartition("_")
        if base in PRF and part in ("p", "r", "f1"):
            tp, fp, fn = (counts[base][k] for k in ("tp", "fp", "fn"))
            num, den = {"p": (tp, tp + fp), "r": (tp, tp + fn), "f1": (2 * tp, 2 * tp + fp + fn)}[
                part
            ]
        else:
            num, den = counts[key]["correct"], counts[key]["total"]
        figures[key] = num / den if den else None
    return Scores(figures=figures, counts=counts, per_article=per_article)


# ---------------------------------------------------------------------------- reporting


def _detail(scores: Scores, key: str) -> str:
    base, _, part = key.rpartition("_")
    if base in PRF and part in ("p", "r", "f1"):
        c = scores.counts[base]
        if part == "p":
            return f"{c['tp']}/{c['tp'] + c['fp']}"
        if part == "r":
            return f"{c['tp']}/{c['tp'] + c['fn']}"
        return f"tp {c['tp']} fp {c['fp']} fn {c['fn']}"
    c = scores.counts[key]
    return f"{c['correct']}/{c['total']}"


def format_value(value: float | None) -> str:
    """A figure as printed: three decimals, or ``–`` when undefined."""
    return "–" if value is None else f"{value:.3f}"


def scores_table_rows(scores: Scores) -> list[tuple[str, str, str]]:
    """(figure, value, detail) rows in FORMAT.md order, e.g. ``("entity R", "0.923", "12/13")``."""
    return [
        (label, format_value(scores.figures[key]), _detail(scores, key)) for key, label in FIGURES
    ]


def scores_to_json(scores: Scores) -> dict[str, Any]:
    """A JSON-serialisable dict: ``figures`` (None for undefined), ``counts``, ``per_article``."""
    return {
        "figures": dict(scores.figures),
        "counts": {k: dict(v) for k, v in scores.counts.items()},
        "per_article": json.loads(json.dumps(scores.per_article, ensure_ascii=False)),
    }
