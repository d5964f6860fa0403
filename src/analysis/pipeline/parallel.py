"""Per-partition work on Dask: one task per partition, results in partition order.

Where the work runs is an execution setting, not a research parameter: it never comes from
``params.yaml``, so changing it changes neither DVC's hashes nor a byte of the outputs.
It comes from Dask's own configuration (environment variables or a Dask config file):

- ``DASK_SCHEDULER_ADDRESS`` (config ``scheduler-address``) set: the tasks run on that
  scheduler's workers (several machines, or a SLURM allocation started with ``dask-jobqueue``);
- otherwise ``DASK_TIKTOK_FRAMING__WORKERS`` (config ``tiktok-framing.workers``): a number N
  starts N local worker processes (one thread each) for the stage; ``1`` runs every task in
  the stage's own process, one after the other; ``auto`` (the default) uses one local worker
  per core when the input has at least ``AUTO_MIN_PARTITIONS`` partitions, else the stage's
  own process (starting workers costs seconds, more than the five articles take);
- ``DASK_TIKTOK_FRAMING__START_METHOD`` (config ``tiktok-framing.start-method``): how local
  workers start: ``fork`` (the default: a copy of the stage's process, up in 0.3 s with
  the package imported), ``spawn`` (Dask's own default: each worker a fresh interpreter that
  imports everything again, about 5 s) or ``forkserver`` (forked from a server process that
  starts like ``spawn``). Use ``spawn`` where forking a process that runs threads is a
  problem (macOS, or a library that breaks in a forked child);
- ``DASK_TIKTOK_FRAMING__PROFILE`` (config ``tiktok-framing.profile``): ``true`` turns on
  the local workers' statistical profiler (the dashboard's Profile page); off by default, as
  it interrupts every task's thread 100 times a second.

Tasks are module-level functions of one partition (file paths, or a chunk of a table) and
shared read-only arguments; they are pure, so a task retried on another worker gives the
same result. Results come back in the order of the partitions, so the caller's outputs do
not depend on scheduling.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

Partition = TypeVar("Partition")
"""One partition of the work (a run of input files, a chunk of a table): what a task is given."""
Item = TypeVar("Item")
"""What ``group_by_size`` groups (input files, or parts of them)."""
Result = TypeVar("Result")
"""What a task returns for one partition (a table, counts ...); results come back in partition order."""

WORKERS_SETTING = "tiktok-framing.workers"
"""Dask config key of the number of local workers (environment ``DASK_TIKTOK_FRAMING__WORKERS``)."""
START_METHOD_SETTING = "tiktok-framing.start-method"
"""Dask config key of how local workers start (environment ``DASK_TIKTOK_FRAMING__START_METHOD``)."""
START_METHODS = ("fork", "spawn", "forkserver")
PROFILE_SETTING = "tiktok-framing.profile"
"""Dask config key that turns the local workers' profiler on (``DASK_TIKTOK_FRAMING__PROFILE``)."""
AUTO_MIN_PARTITIONS = 7
"""With ``workers: auto``, inputs of fewer partitions run in the stage's own process, where
starting workers and sending them the work may cost more than they save. Measured on
SaudiNewsNet (benchmarks/README.md): with forked workers select's 7 partitions took 27.0 and
28.5 s in process against 24.6 and 25.7 s on 2 workers; clean's 11 took 121 s and 113 s
even with spawned ones (5 s to start). Fewer partitions were not measured."""
TABLE_BYTES_PER_TASK = 20_000_000
"""A stage that reads a stored table counts one task per this many bytes of it (``tasks_for``)."""
TASKS_PER_WORKER = 2
"""Partitions in flight per worker thread: enough to keep it busy, few enough to bound memory."""


class ExecutionSettingError(ValueError):
    """A Dask execution setting that cannot be used (names the setting and the fix)."""


def _dask_config(key: str) -> Any:
    import dask.config  # noqa: PLC0415 (import Dask only when its settings are read)

    return dask.config.get(key, None)


def scheduler_address() -> str:
    """The scheduler's address from Dask's configuration, "" when none is set."""
    if not os.environ.get("DASK_SCHEDULER_ADDRESS") and not _dask_settings_possible():
        return ""
    return str(_dask_config("scheduler-address") or "")


def _dask_settings_possible() -> bool:
    """Whether anything can have set a Dask setting: a ``DASK_*`` variable, a Dask config
    file, or Dask already imported (``dask.config.set``). If not, Dask need not be imported."""
    if "dask.config" in sys.modules or any(name.startswith("DASK_") for name in os.environ):
        return True
    folders = [Path.home() / ".config" / "dask", Path("/etc/dask"), Path(sys.prefix) / "etc" / "dask"]
    return any(folder.is_dir() and any(folder.iterdir()) for folder in folders)


def local_workers(n_partitions: int) -> int:
    """How many local worker processes a stage of ``n_partitions`` partitions starts (1: none,
    the stage's own process runs the tasks), from ``tiktok-framing.workers``."""
    setting = _dask_config(WORKERS_SETTING) if _dask_settings_possible() else None
    if setting in (None, "", "auto"):
        cores = os.cpu_count() or 1
        return min(cores, n_partitions) if n_partitions >= AUTO_MIN_PARTITIONS else 1
    try:
        workers = int(setting)
    except (TypeError, ValueError):
        workers = 0
    if workers < 1:
        raise ExecutionSettingError(
            f"Dask setting {WORKERS_SETTING} is {setting!r}: it must be 'auto' or a whole number of at least 1 "
            f"(environment DASK_TIKTOK_FRAMING__WORKERS=2, or 1 to run in the stage's own process)"
        )
    return workers


@contextmanager
def dask_client(n_partitions: int) -> Iterator[Any]:
    """The ``distributed.Client`` a stage's tasks run on, or None: run them in this process.

    Connects to ``scheduler_address()`` when set; else starts ``local_workers(n_partitions)``
    local worker processes when that is more than one, and stops them on exit.
    """
    address = scheduler_address()
    workers = 1 if address else local_workers(n_partitions)
    if not address and workers == 1:
        yield None
        return
    from distributed import Client, LocalCluster  # noqa: PLC0415 (only a stage that uses workers pays the import)

    if address:
        with Client(address) as client:
            yield client
        return
    import dask.config  # noqa: PLC0415

    with (
        dask.config.set(local_worker_config()),
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
        Client(cluster) as client,
    ):
        yield client


def local_worker_config() -> dict[str, Any]:
    """The Dask settings local workers start with: ``tiktok-framing.start-method`` and
    ``tiktok-framing.profile`` as Dask's own keys (an invalid value: ExecutionSettingError)."""
    method = _dask_config(START_METHOD_SETTING) or "fork"
    if method not in START_METHODS:
        raise ExecutionSettingError(
            f"Dask setting {START_METHOD_SETTING} is {method!r}: it must be one of {', '.join(START_METHODS)} "
            f"(environment DASK_TIKTOK_FRAMING__START_METHOD=spawn)"
        )
    profile = _dask_config(PROFILE_SETTING)
    if profile not in (None, True, False):
        raise ExecutionSettingError(
            f"Dask setting {PROFILE_SETTING} is {profile!r}: it must be true or false "
            f"(environment DASK_TIKTOK_FRAMING__PROFILE=true)"
        )
    return {"distributed.worker.multiprocessing-method": method, "distributed.worker.profile.enabled": bool(profile)}


def map_partitions(
    function: Callable[..., Result], partitions: Iterable[Partition], client: Any = None, **shared: Any
) -> Iterator[Result]:
    """``function(partition, **shared)`` for each partition, as Dask tasks on ``client``.

    Parameters
    ----------
    function: a module-level function (workers import it by name).
    partitions: the partitions (small descriptions such as file paths, or table chunks); an
        iterator is consumed lazily, a few partitions per worker ahead of the results.
    client: a ``distributed.Client`` (``dask_client``); None: every call runs in this process.
    shared: read-only arguments every call receives; sent to each worker once.

    Returns
    -------
    The results, lazily, in the order of ``partitions``.
    """
    if client is None:
        for partition in partitions:
            yield function(partition, **shared)
        return
    # one copy per worker, under a key of its own (hash=False): hashing a large object's
    # content costs minutes, and a hashed key released by a previous call races with this one
    scattered = {name: client.scatter([value], broadcast=True, hash=False)[0] for name, value in shared.items()}
    in_flight: deque[Any] = deque()
    window = TASKS_PER_WORKER * max(1, sum(client.nthreads().values()))
    for partition in partitions:
        in_flight.append(client.submit(function, partition, pure=False, **scattered))
        if len(in_flight) >= window:
            yield _take(in_flight)
    while in_flight:
        yield _take(in_flight)


def _take(in_flight: deque[Any]) -> Any:
    future = in_flight.popleft()
    result = future.result()
    future.release()
    return result


def tasks_for(path: Path) -> int:
    """About how many tasks reading the table at ``path`` takes (its size over
    ``TABLE_BYTES_PER_TASK``), to decide whether local workers are worth starting."""
    return max(1, -(-path.stat().st_size // TABLE_BYTES_PER_TASK))


def group_files(files: Sequence[Path], partition_bytes: int) -> list[list[Path]]:
    """Consecutive runs of ``files`` (in the given order) of about ``partition_bytes`` on disk
    each (``group_by_size``). A file is never split; the grouping depends only on the files'
    sizes, so it is the same on every run."""
    return group_by_size(files, [path.stat().st_size for path in files], partition_bytes)


def group_by_size(items: Sequence[Item], sizes: Sequence[int], partition_bytes: int) -> list[list[Item]]:
    """Consecutive runs of ``items`` (in the given order) of about ``partition_bytes`` each,
    ``sizes`` their sizes in bytes: a run ends at the first item that brings it to
    ``partition_bytes`` or more."""
    groups: list[list[Item]] = []
    current: list[Item] = []
    total = 0
    for item, size in zip(items, sizes, strict=True):
        current.append(item)
        total += size
        if total >= partition_bytes:
            groups.append(current)
            current, total = [], 0
    if current:
        groups.append(current)
    return groups
