"""Interruption and concurrency: nothing lost, nothing duplicated.

``marsad analyze`` on a folder of real SaudiNewsNet articles is killed with SIGKILL after its
first batches commit, then run again; and two ``marsad analyze`` processes ingest the same
folder into one store at once. Each time the store must export exactly what one
uninterrupted run stores. Runs on SQLite and on PostgreSQL (``MARSAD_TEST_PG_URL``).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import stored_export

from marsad.ingest import analyze
from marsad.settings import Settings
from marsad.store import open_store

SNN = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "saudinewsnet"
MARSAD = Path(sys.executable).parent / "marsad"
# 240 articles, written 5 per transaction: enough that the run is still going when the test
# has seen two batches stored and kills it, even when the machine starves the test's polling
N_FILES, PER_FILE, BATCH = 6, 40, 5


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Real articles as JSONL files (the corpus stays in ../shared; this is a copy in tmp)."""
    if not (SNN / "2015-07-23.zip").exists():
        pytest.skip("the SaudiNewsNet corpus is not in ../shared")
    with zipfile.ZipFile(SNN / "2015-07-23.zip") as z:
        short = [r for r in json.loads(z.read(z.infolist()[0])) if 0 < len(r["content"]) < 1500]
    short = list({r["url"]: r for r in short if r["content"].strip()}.values())  # one per URL
    records = short[: N_FILES * PER_FILE]  # short ones keep the test quick
    out = tmp_path_factory.mktemp("articles")
    for i in range(N_FILES):
        chunk = records[i * PER_FILE : (i + 1) * PER_FILE]
        lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in chunk)
        (out / f"part-{i:02d}.jsonl").write_text(lines + "\n", encoding="utf-8")
    (out / "settings.yaml").write_text(f"batch_size: {BATCH}\n", encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def expected(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """What one uninterrupted run stores."""
    db = str(tmp_path_factory.mktemp("reference") / "ref.db")
    summary = analyze(sorted(folder.glob("*.jsonl")), Settings(db=db, batch_size=BATCH))
    # every article stored (a few records are only boilerplate and clean to no article)
    assert summary.records == N_FILES * PER_FILE
    assert summary.inserted == summary.articles > 0.9 * summary.records
    return stored_export(db)


def marsad_analyze(folder: Path, db: str) -> subprocess.Popen:
    inputs = [str(p) for p in sorted(folder.glob("*.jsonl"))]
    cmd = [str(MARSAD), "analyze", *inputs, "--db", db, "--config", str(folder / "settings.yaml")]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def stored(db: str) -> int:
    with open_store(db) as store:
        return store.count()["articles"]


def test_killed_ingest_resumes_without_loss_or_duplicates(store_url, folder, expected):
    open_store(store_url).close()  # migrated before the child starts: polling sees the table
    proc = marsad_analyze(folder, store_url)
    deadline = time.monotonic() + 120
    while stored(store_url) < 2 * BATCH:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        assert time.monotonic() < deadline, "no batch committed in time"
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    kept = stored(store_url)
    assert 2 * BATCH <= kept < len(expected), "killed mid-ingest, with whole batches kept"
    assert kept % BATCH == 0

    again = marsad_analyze(folder, store_url)
    _, errors = again.communicate(timeout=300)
    assert again.returncode == 0, errors
    assert stored_export(store_url) == expected
    with open_store(store_url) as store:
        killed, resumed = store.runs()
    assert killed.finished_at is None and resumed.finished_at is not None
    assert resumed.counts["unchanged"] == kept
    assert resumed.counts["inserted"] == len(expected) - kept


def test_two_ingests_at_once_lose_nothing(store_url, folder, expected):
    open_store(store_url).close()
    procs = [marsad_analyze(folder, store_url) for _ in range(2)]
    for proc in procs:
        _, errors = proc.communicate(timeout=300)
        assert proc.returncode == 0, errors
    assert stored_export(store_url) == expected
    with open_store(store_url) as store:
        runs = store.runs()
    assert len(runs) == 2
    assert sum(r.counts["inserted"] for r in runs) == len(expected)
    assert sum(r.counts["inserted"] + r.counts["unchanged"] for r in runs) == 2 * len(expected)
