"""tools/slurm_cluster.py, offline: the SLURM batch script dask-jobqueue would submit, and the
arguments it refuses (submitting jobs needs a SLURM cluster, which tests do not have)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from analysis.config.paths import REPO_ROOT

SCRIPT = REPO_ROOT / "tools" / "slurm_cluster.py"


def slurm_cluster(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False)


def test_the_job_script_asks_slurm_for_the_settings_given() -> None:
    result = slurm_cluster(
        "--cores", "8", "--memory", "32GB", "--walltime", "02:00:00", "--queue", "short", "--account", "lab",
        "--print-job-script",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    script = result.stdout
    for line in ("#SBATCH --cpus-per-task=8", "#SBATCH --mem=30G", "#SBATCH -t 02:00:00", "#SBATCH -p short"):
        assert line in script.splitlines(), line
    assert "#SBATCH -A lab" in script.splitlines()
    worker = next(line for line in script.splitlines() if "distributed.cli.dask_worker" in line)
    assert worker.startswith(f"{sys.executable} -m distributed.cli.dask_worker tcp://")  # this venv's Python
    assert "--nworkers 8" in worker and "--nthreads 1" in worker  # one single-threaded process per core
    assert "--memory-limit 3.73GiB" in worker  # 32 GB shared by the 8 workers


def test_fewer_processes_per_job_get_more_threads_each() -> None:
    result = slurm_cluster("--cores", "8", "--memory", "32GB", "--processes", "2", "--print-job-script")
    assert result.returncode == 0, result.stderr
    worker = next(line for line in result.stdout.splitlines() if "distributed.cli.dask_worker" in line)
    assert "--nworkers 2" in worker and "--nthreads 4" in worker and "--memory-limit 14.90GiB" in worker


def test_without_a_command_or_with_more_processes_than_cores_nothing_starts() -> None:
    result = slurm_cluster("--cores", "8", "--memory", "32GB")
    assert result.returncode == 2 and "give the command to run after --" in result.stderr
    result = slurm_cluster("--cores", "2", "--memory", "8GB", "--processes", "4", "--", "true")
    assert result.returncode == 2 and "--processes between 1 and --cores" in result.stderr


FAKE_SBATCH = """#!/usr/bin/env bash
# stands in for SLURM's sbatch: runs the batch script now, in the background, in a session of its own
job=$(mktemp "$FAKE_SLURM_DIR/job-XXXXXX.sh")
cp "$1" "$job"
setsid bash "$job" > "$job.log" 2>&1 < /dev/null &
echo $! >> "$FAKE_SLURM_DIR/jobs"
echo "Submitted batch job $!"
"""
FAKE_SCANCEL = """#!/usr/bin/env bash
kill -TERM -- "-$1"
"""
WORKERS_SEEN = (
    "import os, distributed; client = distributed.Client(os.environ['DASK_SCHEDULER_ADDRESS']); "
    "print('workers', len(client.scheduler_info(n_workers=-1)['workers'])); "
    "print('sum', client.submit(sum, [1, 2]).result())"
)


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_jobs_start_workers_the_command_uses_and_are_cancelled_at_its_end(tmp_path) -> None:
    """The whole run against stand-ins for sbatch and scancel that start the batch script on this machine."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, text in (("sbatch", FAKE_SBATCH), ("scancel", FAKE_SCANCEL)):
        (bin_dir / name).write_text(text, encoding="utf-8")
        (bin_dir / name).chmod(0o755)
    env = os.environ | {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "FAKE_SLURM_DIR": str(tmp_path)}
    command = [sys.executable, str(SCRIPT), "--jobs", "1", "--cores", "2", "--memory", "4GB", "--start-timeout", "120"]
    command += ["--local-directory", str(tmp_path / "scratch"), "--", sys.executable, "-c", WORKERS_SEEN]
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
        assert result.returncode == 0, result.stderr
        assert "workers 2" in result.stdout.splitlines() and "sum 3" in result.stdout.splitlines()
        assert "submitting 1 jobs of 2 workers; waiting for 2" in result.stderr
        jobs = [int(line) for line in (tmp_path / "jobs").read_text(encoding="utf-8").split()]
        assert len(jobs) == 1
        deadline = time.monotonic() + 30
        while any(map(group_alive, jobs)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(map(group_alive, jobs)), "scancel left the job's workers running"
    finally:
        for pgid in [int(line) for line in (tmp_path / "jobs").read_text(encoding="utf-8").split()]:
            if group_alive(pgid):
                os.killpg(pgid, signal.SIGKILL)
