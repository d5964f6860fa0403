"""Stages clean, select and frames on a real multi-process Dask cluster (``dask scheduler`` and two
``dask worker`` processes, ``tests/dask_cluster.py``) and on two local workers give the bytes of
the in-process run, table by table.

Each run is a temporary copy of the repository driven as ``dvc.yaml`` drives it
(``python -m analysis.pipeline.stages STAGE``); only the Dask settings of the environment differ.
The corpus has several input partitions: the five committed articles and five SaudiNewsNet days.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from dask.utils import key_split

from analysis.config.params import SAUDINEWSNET_FIELDS
from analysis.config.paths import METRICS_FILE, REPO_ROOT, SAUDINEWSNET_DIR
from tests.dask_cluster import Cluster, dask_cluster
from tests.test_pipeline import make_repo_copy

VENV_BIN = Path(sys.prefix) / "bin"
DAYS = ("2015-07-23.zip", "2015-08-01.zip", "2015-08-02.zip", "2015-08-04.zip", "2015-08-09.zip")
"""Five of the smallest SaudiNewsNet days (1.1-1.2 MB each, 6,538 articles): with the five articles,
three input partitions of the clean stage (runs of about 2 MB of files) for two workers. The stages'
fixed cost (kernel, imports, notebook export) outweighs these articles' work."""
STAGES_RUN = ("clean", "select", "frames")
STAGES_ON_DASK = STAGES_RUN
"""Stages whose per-article work must run as tasks on the cluster's workers (issue 14: "It runs the
clean and frames work on a small corpus against them")."""
METRICS = METRICS_FILE.relative_to(REPO_ROOT)
needs_saudinewsnet = pytest.mark.skipif(
    not SAUDINEWSNET_DIR.is_dir(), reason=f"SaudiNewsNet is not at {SAUDINEWSNET_DIR} (../shared beside the clone)"
)


def build_corpus(folder: Path) -> Path:
    """The five committed articles (copied, with their metadata) and ``DAYS`` (linked, not copied)."""
    folder.mkdir(parents=True)
    raw = REPO_ROOT / "data" / "raw"
    for source in [*sorted(raw.glob("*.txt")), raw / "metadata.csv"]:
        shutil.copy2(source, folder / source.name)
    for name in DAYS:
        (folder / name).symlink_to(SAUDINEWSNET_DIR / name)
    return folder


def prepare_copy(folder: Path, corpus: Path) -> Path:
    """A copy of the repository reading ``corpus`` with SaudiNewsNet's record fields, its committed
    tables and metrics removed (so every file compared is written by the run)."""
    copy = make_repo_copy(folder / "tiktok-framing")
    params = copy / "params.yaml"
    changes = {"raw_path": os.path.relpath(corpus, copy), "record_fields": json.dumps(SAUDINEWSNET_FIELDS)}
    lines, in_block = [], False
    for line in params.read_text(encoding="utf-8").splitlines():
        if in_block and line.startswith(" "):
            continue  # the replaced block of record_fields
        key = line.split(":")[0]
        in_block = key == "record_fields"
        lines.append(f"{key}: {changes[key]}" if key in changes else line)
    params.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for table in (copy / "data" / "processed").iterdir():
        if table.suffix in (".csv", ".parquet"):
            table.unlink()
    (copy / METRICS).unlink()
    return copy


def stage_env(copy: Path, **dask_settings: str) -> dict[str, str]:
    """The environment of a stage (or a worker) in ``copy``: the venv first, the copy's own code,
    no Dask setting of the caller's, then ``dask_settings``."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("DASK_")}
    return env | {"PATH": f"{VENV_BIN}{os.pathsep}{env['PATH']}", "PYTHONPATH": str(copy / "src")} | dask_settings


def run_stage(copy: Path, stage: str, env: Mapping[str, str]) -> None:
    command = [str(VENV_BIN / "python"), "-m", "analysis.pipeline.stages", stage]
    result = subprocess.run(command, cwd=copy, env={**env, "PYTHONHASHSEED": "0"}, capture_output=True, text=True)
    assert result.returncode == 0, f"stage {stage} failed in {copy}:\n{result.stdout}\n{result.stderr}"


def outputs(copy: Path) -> dict[str, bytes]:
    """Every table the stages wrote to ``data/processed`` and ``reports/metrics.json``, by path."""
    files = sorted(path for path in (copy / "data" / "processed").iterdir() if path.suffix in (".csv", ".parquet"))
    return {path.relative_to(copy).as_posix(): path.read_bytes() for path in [*files, copy / METRICS]}


def differences(expected: Mapping[str, bytes], actual: Mapping[str, bytes]) -> list[str]:
    """What differs between two runs' outputs: missing, extra and changed files, with the first changed byte."""
    found = [f"{name}: missing" for name in sorted(set(expected) - set(actual))]
    found += [f"{name}: not written by the reference run" for name in sorted(set(actual) - set(expected))]
    for name in sorted(set(expected) & set(actual)):
        old, new = expected[name], actual[name]
        if old != new:
            first = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
            found.append(f"{name}: {len(old)} bytes expected, {len(new)} written, first difference at byte {first}")
    return found


def task_summary(records: list[dict]) -> str:
    """How many tasks ran, of which functions, on how many workers (from the scheduler's task stream)."""
    functions = sorted({key_split(record["key"]) for record in records})
    workers = {record["worker"] for record in records}
    return f"{len(records)} tasks ({', '.join(functions) or 'none'}) on {len(workers)} workers"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return build_corpus(tmp_path_factory.mktemp("corpus") / "raw")


@pytest.fixture(scope="module")
def in_process_outputs(tmp_path_factory, corpus: Path) -> dict[str, bytes]:
    """The outputs of stages clean, select, frames run in the stage's own process."""
    copy = prepare_copy(tmp_path_factory.mktemp("in-process"), corpus)
    env = stage_env(copy, DASK_TIKTOK_FRAMING__WORKERS="1")
    for stage in STAGES_RUN:
        run_stage(copy, stage, env)
    return outputs(copy)


@pytest.fixture(scope="module")
def cluster_copy(tmp_path_factory, corpus: Path) -> Path:
    return prepare_copy(tmp_path_factory.mktemp("cluster"), corpus)


@pytest.fixture(scope="module")
def dask_scheduler(tmp_path_factory, cluster_copy: Path) -> Iterator[Cluster]:
    """A scheduler and two one-thread workers, separate processes on 127.0.0.1, importing the
    copy's ``analysis`` (its ``src`` on ``PYTHONPATH``) and seeing the same paths; stopped at the end."""
    env = stage_env(cluster_copy)
    env.pop("PYTHONHASHSEED", None)  # workers started by hand get Python's random string hashing
    with dask_cluster(tmp_path_factory.mktemp("dask"), env, n_workers=2) as cluster:
        yield cluster


@pytest.mark.pipeline
@needs_saudinewsnet
def test_stages_on_a_scheduler_and_two_worker_processes_write_the_in_process_bytes(
    in_process_outputs: dict[str, bytes], cluster_copy: Path, dask_scheduler: Cluster
) -> None:
    from distributed import Client

    env = stage_env(cluster_copy, DASK_SCHEDULER_ADDRESS=dask_scheduler.address)
    tasks: dict[str, list[dict]] = {}
    with Client(dask_scheduler.address) as client:
        workers = set(client.scheduler_info(n_workers=-1)["workers"])
        seen = {record["key"] for record in client.get_task_stream()}  # also starts the scheduler's record
        for stage in STAGES_RUN:
            run_stage(cluster_copy, stage, env)
            tasks[stage] = [record for record in client.get_task_stream() if record["key"] not in seen]
            seen |= {record["key"] for record in tasks[stage]}
    assert differences(in_process_outputs, outputs(cluster_copy)) == []
    ran = "; ".join(f"{stage}: {task_summary(tasks[stage])}" for stage in STAGES_RUN)
    assert not [record for stage in STAGES_RUN for record in tasks[stage] if record["status"] != "OK"], ran
    for stage in STAGES_ON_DASK:
        assert tasks[stage], f"stage {stage} ran no task on the cluster's workers ({ran})"
        assert {record["worker"] for record in tasks[stage]} <= workers, ran


@pytest.mark.pipeline
@needs_saudinewsnet
def test_stages_on_two_local_workers_write_the_in_process_bytes(
    tmp_path_factory, corpus: Path, in_process_outputs: dict[str, bytes]
) -> None:
    copy = prepare_copy(tmp_path_factory.mktemp("two-workers"), corpus)
    env = stage_env(copy, DASK_TIKTOK_FRAMING__WORKERS="2")
    for stage in STAGES_RUN:
        run_stage(copy, stage, env)
    assert differences(in_process_outputs, outputs(copy)) == []


def test_the_comparison_names_every_file_that_differs() -> None:
    expected = {"a.csv": b"id,text\n1,x\n", "b.csv": b"id\n", "metrics.json": b"{}\n"}
    actual = {"a.csv": b"id,text\n1,y\n", "metrics.json": b"{}\n", "c.csv": b""}
    assert differences(expected, expected) == []
    assert differences(expected, actual) == [
        "b.csv: missing",
        "c.csv: not written by the reference run",
        "a.csv: 12 bytes expected, 12 written, first difference at byte 10",
    ]
    assert differences({"a.csv": b"ab"}, {"a.csv": b"abc"}) == [
        "a.csv: 2 bytes expected, 3 written, first difference at byte 2"
    ]
