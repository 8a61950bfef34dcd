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
         "--chain", "100,300", "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(out.read_text())
    assert data["size"]["posts"] == 20 and data["size"]["comments"] == 200
    # The comments were really imported, in every run that claims to have done so.
    assert data["import"]["comments"] == 200
    # ... and by `invoke comments --json` in the generated site, as an author runs it.
    assert data["import_command"]["comments"] == 200 and data["import_command"]["cold_s"] > 0
    for key in ("cold_ratio", "warm_ratio", "extra_peak_rss_mib"):
        assert isinstance(data[key], float)
    for kind in ("cold", "warm"):  # each pair's ratio, whose median is the figure
        assert data["builds"][f"{kind}_pair_ratios"] == [data[f"{kind}_ratio"]]
    assert data["builds"]["with_plugin"]["pelican_peak_rss_mib"] > 10  # sampled from the Pelican process itself
    assert [point["comments"] for point in data["chain"]["curve"]] == [100, 300]
    assert all(point["cpu_s"] > 0 for point in data["chain"]["curve"])
    assert "cold build, with archives" in result.stdout and "invoke comments --json, whole process" in result.stdout
    # Every target's figure says whether it meets it.
    verdicts = [line for line in result.stdout.splitlines() if "target" in line]
    assert len(verdicts) == 5 and all(line.endswith(("pass", "MISS")) for line in verdicts), verdicts
