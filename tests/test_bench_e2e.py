"""The end-to-end benchmark (benchmarks/bench_e2e.py, `make bench-e2e`): its arguments and the
JSON it writes, on the five committed articles (the SaudiNewsNet run itself is not a test)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

from analysis.config.paths import REPO_ROOT

SCRIPT = REPO_ROOT / "benchmarks" / "bench_e2e.py"


def bench(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--stages", "select", "clean"], "--stages must follow the pipeline order"),
        (["--stages", "draw"], "invalid choice: 'draw'"),
        (["--corpus", "no/such/folder"], "--corpus no/such/folder: no such file or folder"),
        (["--table-format", "feather"], "invalid choice: 'feather'"),
    ],
)
def test_bad_arguments_stop_before_anything_runs(args: list[str], message: str, capsys) -> None:
    spec = importlib.util.spec_from_file_location("bench_e2e", SCRIPT)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    with pytest.raises(SystemExit) as stopped:
        script.main(args)
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err


@pytest.mark.pipeline
def test_one_stage_on_the_five_articles_gives_time_memory_and_sizes(tmp_path) -> None:
    output = tmp_path / "e2e.json"
    result = bench(
        "--corpus", str(REPO_ROOT / "data" / "raw"), "--stages", "clean", "--dvc-cache", "--json", str(output)
    )
    assert result.returncode == 0, result.stderr
    record = json.loads(output.read_text(encoding="utf-8"))
    assert [row["stage"] for row in record["stages"]] == ["clean"]
    row = record["stages"][0]
    assert row["exit_code"] == 0 and row["seconds"] > 0
    assert 50 < row["max_rss_largest_process_mb"] <= row["peak_rss_tree_sampled_mb"] + 1
    assert record["table_format"] == "parquet" and record["dvc_cache"] is True
    assert set(record["processed_bytes"]) >= {"articles.parquet", "sentences.parquet"}
    assert not [path for path in record["git_would_add"] if path.endswith(".parquet")]
    assert "clean" in result.stdout and "total" in result.stdout
