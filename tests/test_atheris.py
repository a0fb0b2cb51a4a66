"""The coverage-guided harnesses in fuzz/ run a bounded number of inputs each and end cleanly.

Each runs in its own process (atheris owns the process: libFuzzer's flags, its exit on a
crash) with a fixed seed; a crash, a timeout or an input over a harness's time bound fails
the test with the harness's report. Skipped where atheris is not installed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("atheris")

FUZZ = Path(__file__).resolve().parents[1] / "fuzz"
RUNS = {"fuzz_read.py": 2000, "fuzz_clean.py": 3000, "fuzz_times.py": 2000, "fuzz_process.py": 200}


@pytest.mark.parametrize("harness, runs", RUNS.items())
def test_harness_runs_without_a_finding(tmp_path, harness, runs):
    flags = ["-seed=1", "-timeout=60", "-len_control=0", "-max_len=2048"]
    done = subprocess.run(
        [
            sys.executable,
            str(FUZZ / harness),
            f"-runs={runs}",
            f"-artifact_prefix={tmp_path}/",
            *flags,
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = done.stderr[-4000:]
    assert done.returncode == 0, report
    assert f"Done {runs} runs" in done.stderr, report
    assert not list(tmp_path.glob("crash-*")) and not list(tmp_path.glob("timeout-*")), report
