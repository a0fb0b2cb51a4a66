"""The Dask engine stores exactly what the local engine stores, on SQLite and PostgreSQL.

A real two-process ``LocalCluster`` runs the sample corpus plus SaudiNewsNet records (a JSONL
file and a ZIP of a JSON array, both cut into several parts of records) and a bad file; the
exported JSONL (order-independent) and the problems must equal a local run's.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import stored_export
from typer.testing import CliRunner

from marsad.cli import app
from marsad.ingest import analyze, sample_dir
from marsad.read import ReadOptions
from marsad.settings import Settings
from marsad.store import open_store

distributed = pytest.importorskip("distributed")

from marsad.distributed import DaskOptions, Part, _run_part, analyze_dask  # noqa: E402

SNN = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "saudinewsnet"
PARTS = DaskOptions(records_per_part=15, big_file_bytes=10_000, files_per_part=3)


def snn_records(n: int, archive: str = "2015-07-21.zip") -> list[dict]:
    if not (SNN / archive).exists():
        pytest.skip("the SaudiNewsNet corpus is not in ../shared")
    with zipfile.ZipFile(SNN / archive) as z:
        return json.loads(z.read(z.infolist()[0]))[:n]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("corpus")
    lines = (json.dumps(r, ensure_ascii=False) for r in snn_records(45))
    (folder / "snn.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with zipfile.ZipFile(folder / "snn.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("day.json", json.dumps(snn_records(25, "2015-07-22.zip"), ensure_ascii=False))
    (folder / "broken.bin").write_bytes(bytes(range(256)) * 8)
    return [folder, sample_dir()]


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


@pytest.fixture(scope="module")
def local(corpus: list[Path], tmp_path_factory: pytest.TempPathFactory):
    db = str(tmp_path_factory.mktemp("local") / "local.db")
    summary = analyze(corpus, Settings(db=db))
    return summary, stored_export(db)


@pytest.mark.parametrize("write_on", ["client", "workers"])
def test_dask_stores_what_local_stores(store_url, write_on, corpus, client, local):
    local_summary, local_rows = local
    summary = analyze_dask(
        corpus, Settings(db=store_url), client, dask=replace(PARTS, write_on=write_on)
    )
    assert summary.articles == local_summary.articles == len(local_rows) > 60
    assert summary.inserted == summary.articles
    assert summary.records == local_summary.records
    assert summary.files == local_summary.files
    assert sorted(summary.problems, key=str) == sorted(local_summary.problems, key=str)
    assert [p.code for p in summary.problems] == ["E103"]
    assert stored_export(store_url) == local_rows


def test_second_dask_run_changes_nothing(tmp_path, corpus, client, local):
    db = str(tmp_path / "again.db")
    first = analyze_dask(corpus[1:], Settings(db=db), client, dask=PARTS)
    again = analyze_dask(corpus[1:], Settings(db=db), client, dask=PARTS)
    assert first.inserted == again.unchanged == again.articles > 0
    assert (again.inserted, again.updated) == (0, 0)
    with open_store(db) as store:
        assert [r.counts["unchanged"] for r in store.runs()] == [0, again.unchanged]


def test_cli_engine_dask_on_a_scheduler(tmp_path, client):
    db = str(tmp_path / "cli.db")
    address = client.scheduler.address
    args = ["analyze", "--sample", "--db", db, "--engine", "dask", "--scheduler", address]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    with open_store(db) as store:
        assert store.count()["articles"] == 6
    bad = CliRunner().invoke(app, ["analyze", "--sample", "--db", db, "--engine", "spark"])
    assert bad.exit_code == 2 and "unknown engine" in bad.output


def test_parts_of_a_file_number_articles_as_one_pass(corpus):
    """Records cut into ranges keep the index a single pass over the file gives them."""
    path = str(corpus[0] / "snn.jsonl")
    settings = Settings(db=":memory:")
    whole = _run_part(Part((path,)), settings, ReadOptions(), 0, None)
    cut = [
        _run_part(Part((path,), lo, lo + 20), settings, ReadOptions(), 0, None)
        for lo in (0, 20, 40)
    ]
    pieces = [a for r in cut for a in r.articles]
    assert [a.index for a in pieces] == [a.index for a in whole.articles] == list(range(45))
    assert pieces == whole.articles
    assert sum(r.records for r in cut) == whole.records == 45
