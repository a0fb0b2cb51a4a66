"""Exports on the sample corpus: Parquet with nested annotations, the ACLED-like events CSV,
and the actor network as GEXF and GraphML, through the library and the CLI."""

from __future__ import annotations

import csv
import io

import networkx as nx
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner
from web_sample import XSS_KEY, build

from marsad.cli import app
from marsad.exports import (
    EVENT_COLUMNS,
    graph_for_file,
    write_events_csv,
    write_gexf,
    write_graphml,
    write_parquet,
)
from marsad.store import open_store

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build(tmp_path_factory.mktemp("exports") / "m.db")


@pytest.fixture(scope="module")
def articles(db: str):
    with open_store(db) as store:
        return list(store.iter_articles())


def test_parquet_round_trips_the_annotations(articles, tmp_path):
    out = tmp_path / "a.parquet"
    assert write_parquet(iter(articles), out) == 7
    rows = pq.read_table(out).to_pylist()
    assert [r["key"] for r in rows] == [a.key for a in articles]
    for row, a in zip(rows, articles, strict=True):
        assert row["text"] == a.text and row["outlet"] == a.outlet
        assert len(row["quotes"]) == len(a.quotes) and len(row["events"]) == len(a.events)
        assert sum(len(e["mentions"]) for e in row["entities"]) == sum(
            len(e.mentions) for e in a.entities
        )
        for q in row["quotes"]:
            assert a.text[q["start"] : q["end"]] == q["text"]
    assert any(e["lat"] is not None for r in rows for e in r["entities"])


def test_events_csv_has_acled_like_columns(articles):
    fh = io.StringIO(newline="")
    n = write_events_csv(articles, fh)
    rows = list(csv.DictReader(io.StringIO(fh.getvalue())))
    assert n == len(rows) == sum(len(a.events) for a in articles)
    assert tuple(rows[0]) == EVENT_COLUMNS
    assert tuple(EVENT_COLUMNS[:9]) == (
        "date",
        "type",
        "actor1",
        "actor2",
        "place",
        "lat",
        "lon",
        "outlet",
        "sentence",
    )
    assert all(r["type"] and r["sentence"] for r in rows)
    geocoded = [r for r in rows if r["lat"]]
    assert geocoded and all(-90 <= float(r["lat"]) <= 90 for r in geocoded)
    consult = [r for r in rows if r["article"] == XSS_KEY]
    assert (
        consult
        and consult[0]["type"] == "CONSULT"
        and "لافروف" in consult[0]["actor1"] + consult[0]["actor2"]
    )


def test_graph_files_hold_only_what_the_formats_take():
    g = nx.DiGraph()
    g.add_node("a", label="أ", tags=["x", "y"], missing=None)
    g.add_node("b", label="ب")
    g.add_edge("a", "b", weight=2, types={"CONSULT": 2})
    clean = graph_for_file(g)
    assert clean.nodes["a"] == {"label": "أ", "tags": '["x", "y"]'}
    assert clean.edges["a", "b"] == {"weight": 2, "types": '{"CONSULT": 2}'}


def test_network_as_gexf_and_graphml(db, tmp_path):
    from marsad.corpus import actor_network

    with open_store(db) as store:
        g = actor_network(store)
    write_gexf(g, tmp_path / "n.gexf")
    write_graphml(g, tmp_path / "n.graphml")
    for back in (nx.read_gexf(tmp_path / "n.gexf"), nx.read_graphml(tmp_path / "n.graphml")):
        assert back.number_of_nodes() == g.number_of_nodes()
        assert back.number_of_edges() == g.number_of_edges()


@pytest.mark.parametrize("fmt", ["parquet", "events-csv", "gexf", "graphml"])
def test_cli_export_formats(db, tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    result = runner.invoke(app, ["export", "--db", db, "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 100


def test_cli_export_refuses_binary_to_stdout_and_unknown_formats(db):
    assert runner.invoke(app, ["export", "--db", db, "--format", "parquet"]).exit_code == 2
    assert runner.invoke(app, ["export", "--db", db, "--format", "xlsx"]).exit_code == 2
    ok = runner.invoke(app, ["export", "--db", db, "--format", "events-csv"])
    assert ok.exit_code == 0 and ok.output.startswith("date,type,actor1,actor2,place,lat,lon")


def test_serve_has_help_and_binds_locally_by_default():
    result = runner.invoke(app, ["serve", "--help"])
    assert result.exit_code == 0 and "127.0.0.1" in result.output and "--token" in result.output
