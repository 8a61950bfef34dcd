"""A small-size smoke run of the benchmark (the real targets are figures, never timed tests)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from helpers import ROOT

pytestmark = pytest.mark.site


def test_benchmark_smoke_run(tmp_path):
    out = tmp_path / "results.json"
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "bench", "--posts", "20", "--comments", "200", "--runs", "1",
         "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(out.read_text())
    assert data["size"]["posts"] == 20 and data["size"]["comments"] == 200
    # The comments were really imported, in every run that claims to have done so.
    assert data["import"]["comments"] == 200
    for key in ("cold_ratio", "warm_ratio", "extra_peak_rss_mib"):
        assert isinstance(data[key], float)
    assert "cold build, with plugin" in result.stdout and "comments/s" in result.stdout
