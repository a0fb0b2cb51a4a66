"""The CLI end to end on real files: main job, idempotence, bad input, export, eval, help."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.ingest import sample_dir

runner = CliRunner()
SHARED = Path(__file__).resolve().parents[2] / "shared"


def commands() -> list[str]:
    return [c.name or c.callback.__name__ for c in app.registered_commands]


@pytest.mark.parametrize("name", ["analyze", "export", "eval", "stats", "report"])
def test_every_command_has_help(name):
    assert name in commands()
    result = runner.invoke(app, [name, "--help"])
    assert result.exit_code == 0
    assert len(result.output.strip().splitlines()) > 3


def test_sample_run_is_idempotent(tmp_path):
    db = str(tmp_path / "m.db")
    first = runner.invoke(app, ["analyze", "--sample", "--db", db, "--report", str(tmp_path / "r.html")])
    assert first.exit_code == 0, first.output
    assert "6" in first.output
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'dir="rtl"' in html and "أوج" in html
    second = runner.invoke(app, ["analyze", "--sample", "--db", db])
    assert second.exit_code == 0
    out = tmp_path / "o.jsonl"
    assert runner.invoke(app, ["export", "--db", db, "-o", str(out)]).exit_code == 0
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 6  # stored once, though read twice
    assert {(x["file"], x["article"]) for x in lines} >= {("000_04bd340441b2aa77.txt", 1)}


def test_changed_article_is_updated_not_duplicated(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    text = (sample_dir() / "003_95ccd6ef499bed07.txt").read_text(encoding="utf-8")
    (src / "a.txt").write_text(text, encoding="utf-8")
    db = str(tmp_path / "m.db")
    assert runner.invoke(app, ["analyze", str(src), "--db", db]).exit_code == 0
    (src / "a.txt").write_text(text.replace("زاخاروفا", "زاخاروفا نفسها", 1), encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(src), "--db", db])
    assert result.exit_code == 0
    out = tmp_path / "o.jsonl"
    runner.invoke(app, ["export", "--db", db, "-o", str(out)])
    rows = out.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 and "زاخاروفا نفسها" in rows[0]


def test_bad_inputs_are_reported_and_the_batch_goes_on(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text((sample_dir() / "002_2652ce4f1c7f173e.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    db = str(tmp_path / "m.db")
    result = runner.invoke(app, ["analyze", str(src), "--db", db])
    assert result.exit_code == 1  # some inputs were skipped
    assert "E104" in result.output and "empty.txt" in result.output
    assert "E103" in result.output and "image.png" in result.output
    stats = runner.invoke(app, ["stats", "--db", db])
    assert "articles" in stats.output and " 1 " in stats.output


def test_csv_export_has_arabic_and_a_header(tmp_path):
    db = str(tmp_path / "m.db")
    runner.invoke(app, ["analyze", "--sample", "--db", db])
    out = tmp_path / "o.csv"
    assert runner.invoke(app, ["export", "--db", db, "--format", "csv", "-o", str(out)]).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("file")
    assert "أوج" in text


def test_unknown_export_format_is_an_error(tmp_path):
    result = runner.invoke(app, ["export", "--db", str(tmp_path / "m.db"), "--format", "xml"])
    assert result.exit_code == 2


@pytest.mark.skipif(not (SHARED / "eval/seeds").is_dir(), reason="../shared not present")
def test_eval_on_seed_gold_prints_the_figures_and_gates_on_floors(tmp_path):
    result = runner.invoke(app, ["eval", str(SHARED / "eval/seeds"), str(SHARED / "corpus/seeds"), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)["figures"]
    assert figures["split"] == 1.0 and figures["clean"] >= 0.98
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"split": 1.0, "quote_f1": 0.99}), encoding="utf-8")
    gated = runner.invoke(app, ["eval", str(SHARED / "eval/seeds"), str(SHARED / "corpus/seeds"), "--floors", str(floors)])
    if figures["quote_f1"] is None or figures["quote_f1"] < 0.99:
        assert gated.exit_code == 3
