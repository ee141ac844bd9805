"""startupdir.bench: `make bench` runs end to end on a tiny N and prints every figure.
(Timings are printed, never asserted: they belong to the benchmark, not to tests.)"""

from __future__ import annotations

import io
import json
from pathlib import Path

import bench
import pytest

CORPORA = Path(__file__).resolve().parent / "corpora"


@pytest.fixture(scope="module")
def tiny_run(repo_root):
    out = io.StringIO()
    results = bench.run(12, [12], repo_root, CORPORA, out=out, logos=True, repeat=2)
    return out.getvalue(), results


def test_bench_prints_validation_site_and_logo_figures(tiny_run):
    text, _ = tiny_run
    assert "Validation of 12 profiles" in text
    assert "best of 2 interleaved runs" in text
    row = next(line for line in text.splitlines() if line.split()[:1] == ["12"])
    assert len(row.split()) == 10  # N, bare, ours, ratio, cold, MB ×2, peak, index, kB
    assert "warm / no logos" in text
    assert text.count("ratio round by round: ") == 2


def test_paired_ratios_and_their_median():
    assert bench.paired([2.0, 4.0, 5.0], [3.0, 4.0, 6.0]) == "1.50, 1.00, 1.20 (median 1.20)"
    assert bench.paired([1.0, 2.0], [1.5, 2.2]) == "1.50, 1.10 (median 1.30)"


def test_bench_keeps_every_run_in_its_results(tiny_run):
    _, results = tiny_run
    site = results["site"][0]
    assert site["n"] == 12
    assert len(site["bare"]["runs"]) == len(site["ours"]["runs"]) == 2
    assert round(site["ours"]["seconds"], 2) == min(site["ours"]["runs"])
    assert len(results["logos"]["warm_runs"]) == 2
    json.dumps(results)  # --json can write them
