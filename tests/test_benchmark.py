"""Smoke test of the benchmark (benchmarks/bench_pipeline.py) on about 200 real articles."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile

import pytest

from analysis.config.paths import REPO_ROOT

SAUDINEWSNET = REPO_ROOT.parent / "shared" / "datasets" / "saudinewsnet"
SCRIPT = REPO_ROOT / "benchmarks" / "bench_pipeline.py"
FRACTION = "0.0065"  # about 200 of the 31,030 articles

pytestmark = pytest.mark.skipif(
    not SAUDINEWSNET.is_dir() and os.environ.get("CI") != "true", reason="../shared/datasets/saudinewsnet is absent"
)


def run_benchmark(tmp_path, *args: str) -> dict:
    output = tmp_path / f"result{len(args)}.json"
    result = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            str(SAUDINEWSNET),
            "--fraction",
            FRACTION,
            "--runs",
            "1",
            "--json",
            str(output),
            *args,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "total/floor" in result.stdout
    return json.loads(output.read_text(encoding="utf-8"))


def test_benchmark_reports_every_step_and_the_ratio(tmp_path) -> None:
    assert SAUDINEWSNET.is_dir(), "CI runs with ../shared beside the clone"
    result = run_benchmark(tmp_path)
    assert 150 <= result["articles"] <= 260
    assert set(result["seconds"]) == {
        "load",
        "furniture",
        "segmentation",
        "normalization",
        "tokenization",
        "frames",
        "aggregation",
        "keyness",
        "actors",
        "near_duplicates",
    }
    for key in (
        "tokens",
        "mb",
        "total_seconds",
        "floor_seconds",
        "articles_per_second",
        "tokens_per_second",
        "peak_rss_mb",
    ):
        assert result[key] > 0, key
    assert result["total_over_floor"] == pytest.approx(result["total_seconds"] / result["floor_seconds"], rel=0.05)
    (run,) = result["each_run"]  # --runs 1: one pipeline run, bracketed by two floor measurements
    assert run["total_seconds"] == result["total_seconds"] and len(run["floor_seconds_before_after"]) == 2


def test_two_workers_give_the_same_outputs(tmp_path) -> None:
    assert run_benchmark(tmp_path)["outputs_sha256"] == run_benchmark(tmp_path, "--jobs", "2")["outputs_sha256"]


def test_missing_corpus_is_a_clear_message(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path / "nowhere")], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2 and "no such corpus" in result.stderr and "Traceback" not in result.stderr


def test_machine_ceiling_times_one_copy_and_two_at_once(tmp_path) -> None:
    """benchmarks/machine_ceiling.py on two small record files: it reports both times and the ratio."""
    for day in ("2015-07-21", "2015-07-22"):
        with zipfile.ZipFile(tmp_path / f"{day}.zip", "w") as archive:
            archive.writestr(f"{day}.json", json.dumps([{"title": "عنوان", "content": "نص الخبر " * 50}] * 20))
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "benchmarks" / "machine_ceiling.py"), str(tmp_path), "--runs", "1"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert re.search(
        r"one copy alone \d+\.\d\d s, two copies at once \d+\.\d\d s .* \d\.\d\dx the throughput", result.stdout
    )
