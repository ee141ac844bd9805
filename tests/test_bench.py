"""tools/bench.py: `make bench` runs end to end on a tiny N and prints every figure.
(Timings are printed, never asserted: they belong to the benchmark, not to tests.)

It runs in its own process, as `make bench` does: it drives Chromium through Playwright's
sync API, which cannot start while the suite's own browser session is open."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import bench
import pytest

CORPORA = Path(__file__).resolve().parent / "corpora"


@pytest.fixture(scope="module")
def tiny_run(repo_root, tmp_path_factory):
    results = tmp_path_factory.mktemp("bench") / "results.json"
    args = ["--n", "12", "--sizes", "12", "--repeat", "2", "--corpora", str(CORPORA)]
    done = subprocess.run(
        [sys.executable, str(repo_root / "tools" / "bench.py"), *args, "--json", str(results)],
        cwd=repo_root,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=900,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout, json.loads(results.read_text(encoding="utf-8"))


def test_bench_prints_validation_site_and_logo_figures(tiny_run):
    text, _ = tiny_run
    assert "Validation of 12 profiles" in text
    assert "best of 2 interleaved runs" in text
    row = next(line for line in text.splitlines() if line.split()[:1] == ["12"])
    assert len(row.split()) == 10  # N, bare, ours, ratio, cold, MB ×2, peak, index, kB
    assert "warm / no logos" in text
    assert text.count("ratio round by round: ") == 2
    assert text.count("ratio to bare both editions, round by round: ") == 1


def test_bench_prints_each_target_beside_its_same_run_baseline(tiny_run):
    text, results = tiny_run
    lines = text.splitlines()
    assert "Targets (issue 16), same-run baseline: bare Material at the same N" in lines
    cold = next(line for line in lines if line.strip().startswith("cold build 12:"))
    warm = next(line for line in lines if line.strip().startswith("warm build 12:"))
    assert "× bare" in cold and "(target ≤ 3×" in cold
    assert "× bare" in warm and "(target ≤ 1.2×" in warm
    for label, target in (("cold", 3), ("warm", 1.2)):
        same = next(x for x in lines if x.strip().startswith(f"{label} build 12, same pages:"))
        assert "× bare Material building both editions' pages (" in same
        assert f"target ≤ {target:g}×, " in same
    assert results["site"][0]["bare_both"]["seconds"] > 0
    both = next(line for line in lines if line.strip().startswith("warm build of both editions"))
    assert "(target ≤ 2.4×, issue 17," in both
    edited = next(x for x in lines if x.strip().startswith("warm build after one profile's"))
    assert "× bare (both editions indexed again;" in edited
    peak = next(line for line in lines if line.strip().startswith("peak memory 12:"))
    assert "MiB" in peak and "target ≤ 1024 MiB" in peak
    assert "ms per card on one core" in text
    ours = results["site"][0]["ours"]
    assert ours["bound_mb"] >= ours["process_mb"] > 0  # the workers' peak is added
    assert 0 < ours["peak_mb"] <= ours["bound_mb"] * 1.1  # the sampled sum, PSS
    assert ours["cold_peak_mb"] > 0
    assert ours["edited"]["seconds"] > 0
    assert results["cards"]["bytes"] > 0 and results["cards"]["one_core_ms"] > 0


def test_bench_prints_what_visitors_download_and_wait_for(tiny_run):
    text, results = tiny_run
    lines = [line.strip() for line in text.splitlines()]
    for key, budget in (("home", 200), ("profile", 200), ("startups", 400)):
        line = next(x for x in lines if x.startswith(f"first view of {key} 12:"))
        assert f"KB gzip (target ≤ {budget} KB, " in line
    early = next(x for x in lines if x.startswith("search index requests before typing 12:"))
    assert early.endswith("(target 0, met)")  # no index is fetched on a page view
    search = next(x for x in lines if x.startswith("search « "))
    assert "ms after the first key" in search and "(targets ≤ 1000 ms and ≤ 400 KB" in search
    assert any(x.startswith("explorer filter change 12:") for x in lines)
    preview = next(x for x in lines if x.startswith("preview rebuild after a profile edit 12:"))
    assert "(target ≤ 2 s, " in preview
    ours = results["site"][0]["ours"]
    assert ours["search"]["search_requests"] > 0  # the query fetched the index's fragments
    assert ours["preview_seconds"] > 0


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
