"""A real Dask cluster for tests: ``dask scheduler`` and ``dask worker`` as separate processes.

What a researcher starts by hand on several machines (docs/howto/cluster.md), here on
127.0.0.1: one scheduler (a free port, its address in a scheduler file, no dashboard) and
workers of one thread each. Every process runs in a session of its own, so stopping the
cluster stops each one's whole process group (the nanny and the worker it spawned), also when
the start fails.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psutil

DASK = Path(sys.executable).parent / "dask"
START_SECONDS = 90.0
"""How long the scheduler and the workers may take to start (workers import the package)."""
STOP_SECONDS = 20.0
"""How long each process group may take to stop on SIGTERM before it is killed."""


class ClusterStartError(RuntimeError):
    """The cluster did not come up in time (names what was missing, with the processes' logs)."""


@dataclass
class Cluster:
    """A running cluster: the scheduler's address and the processes started for it."""

    address: str
    log_dir: Path
    processes: list[subprocess.Popen] = field(default_factory=list)

    def pids(self) -> set[int]:
        """Every process of the cluster now: the started ones and their descendants."""
        found: set[int] = set()
        for process in self.processes:
            try:
                parent = psutil.Process(process.pid)
                found |= {parent.pid, *(child.pid for child in parent.children(recursive=True))}
            except psutil.NoSuchProcess:
                pass
        return found


def _start(name: str, command: list[str], cwd: Path, env: Mapping[str, str], log_dir: Path) -> subprocess.Popen:
    with (log_dir / f"{name}.log").open("wb") as log:
        return subprocess.Popen(
            command, cwd=cwd, env=dict(env), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )


def _logs(log_dir: Path, tail: int = 2000) -> str:
    return "\n".join(
        f"--- {path.name} (last {tail} characters):\n{path.read_text(encoding='utf-8', errors='replace')[-tail:]}"
        for path in sorted(log_dir.glob("*.log"))
    )


def _stop(processes: list[subprocess.Popen]) -> None:
    """SIGTERM to each process group; ``STOP_SECONDS`` later SIGKILL to what is left; return once every
    process of the groups is gone (the nannies' workers and resource trackers included)."""
    members = []
    for process in processes:
        try:
            members += psutil.Process(process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            pass
    _signal_groups(processes, signal.SIGTERM)
    deadline = time.monotonic() + STOP_SECONDS
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
    _, left = psutil.wait_procs(members, timeout=max(0.1, deadline - time.monotonic()))
    _signal_groups(processes, signal.SIGKILL)
    for process in processes:
        process.wait()
    psutil.wait_procs(left, timeout=STOP_SECONDS)


def _signal_groups(processes: list[subprocess.Popen], signal_number: int) -> None:
    for process in processes:
        try:
            os.killpg(process.pid, signal_number)
        except ProcessLookupError:
            pass  # the group is gone


def _wait_for_address(scheduler_file: Path, scheduler: subprocess.Popen, deadline: float) -> str:
    while time.monotonic() < deadline:
        if scheduler.poll() is not None:
            raise ClusterStartError(f"dask scheduler exited with code {scheduler.returncode} before it listened")
        try:
            return str(json.loads(scheduler_file.read_text(encoding="utf-8"))["address"])
        except (FileNotFoundError, json.JSONDecodeError, KeyError):
            time.sleep(0.2)
    raise ClusterStartError(f"dask scheduler wrote no address to {scheduler_file} within {START_SECONDS:.0f} s")


def _wait_for_workers(address: str, n_workers: int, workers: list[subprocess.Popen], deadline: float) -> None:
    from distributed import Client  # noqa: PLC0415 (only tests that start a cluster import distributed)

    with Client(address, timeout=max(1.0, deadline - time.monotonic())) as client:
        while len(client.scheduler_info(n_workers=-1)["workers"]) < n_workers:
            exited = [process.returncode for process in workers if process.poll() is not None]
            if exited:
                raise ClusterStartError(f"a dask worker exited (codes {exited}) before it registered")
            if time.monotonic() > deadline:
                registered = len(client.scheduler_info(n_workers=-1)["workers"])
                raise ClusterStartError(
                    f"{registered} of {n_workers} dask workers registered with {address} within {START_SECONDS:.0f} s"
                )
            time.sleep(0.2)


@contextmanager
def dask_cluster(
    work_dir: Path, env: Mapping[str, str], n_workers: int = 2, worker_options: tuple[str, ...] = ()
) -> Iterator[Cluster]:
    """Start ``dask scheduler`` and ``n_workers`` ``dask worker`` processes (one thread each) on 127.0.0.1.

    Parameters
    ----------
    work_dir: where the processes run and write their scheduler file, logs and spill folders.
    env: the environment of every process (``PYTHONPATH`` decides which ``analysis`` the workers import).
    n_workers: worker processes to start and wait for.
    worker_options: more ``dask worker`` options.

    Returns
    -------
    The running ``Cluster`` (its ``address``); every process is stopped on exit, also when the
    start fails. Raises ``ClusterStartError``, with the processes' logs, when the scheduler or a
    worker is not up within ``START_SECONDS``.
    """
    log_dir = work_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    scheduler_file = work_dir / "scheduler.json"
    deadline = time.monotonic() + START_SECONDS
    scheduler = _start(
        "scheduler",
        [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard"]
        + ["--scheduler-file", str(scheduler_file)],
        work_dir,
        env,
        log_dir,
    )
    cluster = Cluster("", log_dir, [scheduler])
    try:
        cluster.address = _wait_for_address(scheduler_file, scheduler, deadline)
        for index in range(n_workers):
            command = [str(DASK), "worker", "--scheduler-file", str(scheduler_file), "--host", "127.0.0.1"]
            command += ["--nthreads", "1", "--no-dashboard", "--name", f"worker-{index}", "--death-timeout", "30"]
            command += ["--local-directory", str(work_dir / f"worker-{index}"), *worker_options]
            cluster.processes.append(_start(f"worker-{index}", command, work_dir, env, log_dir))
        _wait_for_workers(cluster.address, n_workers, cluster.processes[1:], deadline)
    except ClusterStartError as error:
        _stop(cluster.processes)
        raise ClusterStartError(f"{error}\n{_logs(log_dir)}") from None
    except BaseException:
        _stop(cluster.processes)
        raise
    try:
        yield cluster
    finally:
        _stop(cluster.processes)
