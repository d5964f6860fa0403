"""The test cluster of tests/dask_cluster.py: separate processes that all stop, also when a worker
cannot start (the pipeline run on it is tests/test_cluster.py)."""

from __future__ import annotations

import os

import psutil
import pytest

from tests.dask_cluster import ClusterStartError, dask_cluster


def alive(pids: set[int]) -> set[int]:
    found = set()
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                found.add(pid)
        except psutil.NoSuchProcess:
            pass
    return found


def test_a_scheduler_and_two_workers_run_tasks_as_separate_processes_and_all_stop(tmp_path) -> None:
    from distributed import Client

    with dask_cluster(tmp_path, dict(os.environ), n_workers=2) as cluster:
        pids = cluster.pids()
        with Client(cluster.address) as client:
            info = client.scheduler_info(n_workers=-1)
            assert cluster.address.startswith("tcp://127.0.0.1:")
            assert sorted(worker["name"] for worker in info["workers"].values()) == ["worker-0", "worker-1"]
            assert {worker["nthreads"] for worker in info["workers"].values()} == {1}
            worker_pids = set(client.run(os.getpid).values())
            assert os.getpid() not in worker_pids and worker_pids <= pids and len(worker_pids) == 2
            assert client.submit(sum, [1, 2, 3]).result() == 6
    assert alive(pids) == set()


def test_a_worker_that_cannot_start_stops_the_cluster_with_its_log(tmp_path) -> None:
    with (
        pytest.raises(ClusterStartError) as error,
        dask_cluster(tmp_path, dict(os.environ), n_workers=2, worker_options=("--nthreads", "many")),
    ):
        pass
    message = str(error.value)
    assert (
        "a dask worker exited" in message and "worker-0.log" in message and "Invalid value for '--nthreads'" in message
    )
    started = psutil.process_iter(["cmdline"])  # each was given a path under tmp_path
    pids = {process.pid for process in started if any(str(tmp_path) in arg for arg in process.info["cmdline"] or [])}
    assert alive(pids) == set()
