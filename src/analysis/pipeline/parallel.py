"""Per-partition work on Dask: one task per partition of the input, results in partition order.

Where the work runs is an execution setting, not a research parameter, so it never comes
from ``params.yaml`` (changing it must not change DVC's hashes):

- ``DASK_SCHEDULER_ADDRESS`` set (Dask config ``scheduler-address``): a
  ``distributed.Client()`` connects to that scheduler (local workers, several machines, or a
  SLURM allocation started with ``dask-jobqueue``);
- otherwise Dask config ``scheduler`` (environment ``DASK_SCHEDULER``): ``sync`` (one
  process, the default), ``threads`` or ``processes``.

Tasks receive partition descriptions (file paths, record ranges), never article texts, so
the task graph stays small whatever the corpus size. Results come back in the order of the
partitions whatever the scheduler, so the caller's output does not depend on scheduling.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import dask
import dask.bag

Partition = TypeVar("Partition")
Result = TypeVar("Result")

DEFAULT_SCHEDULER = "sync"
"""Without a scheduler address or a Dask ``scheduler`` setting, tasks run one after the other in this process."""
LOCAL_SCHEDULERS = ("sync", "synchronous", "single-threaded", "threads", "processes")


def scheduler_address() -> str:
    """The distributed scheduler's address from Dask's configuration ("" when none)."""
    return str(dask.config.get("scheduler-address", None) or os.environ.get("DASK_SCHEDULER_ADDRESS", "") or "")


def local_scheduler() -> str:
    """The local scheduler from Dask's configuration (``DASK_SCHEDULER``), ``sync`` by default."""
    name = dask.config.get("scheduler", None) or DEFAULT_SCHEDULER
    if name not in LOCAL_SCHEDULERS:
        raise ValueError(
            f"Dask scheduler {name!r} is not a local scheduler ({', '.join(LOCAL_SCHEDULERS)}); to use a cluster, "
            f"set DASK_SCHEDULER_ADDRESS to its scheduler's address instead"
        )
    return name


def map_partitions(
    function: Callable[..., Result], partitions: Sequence[Partition], client: Any = None, **shared: Any
) -> list[Result]:
    """``[function(partition, **shared) for partition in partitions]``, each call a Dask task.

    Parameters
    ----------
    function: a module-level function (workers import it by name).
    partitions: small descriptions of the input (paths, ranges), one task each.
    client: a ``distributed.Client`` to run on; None: one from ``DASK_SCHEDULER_ADDRESS``
        when set, else the local scheduler (``local_scheduler``).
    shared: arguments every call receives; each is one object in the graph (scattered to
        the workers once on a cluster), not one copy per task.

    Returns
    -------
    The results, in the order of ``partitions``.
    """
    if not partitions:
        return []
    if client is None and scheduler_address():
        from distributed import Client

        with Client() as own_client:  # reads the address from Dask's configuration
            return map_partitions(function, partitions, own_client, **shared)
    if client is not None:
        # in a list, so that a dict or list is scattered as one object, not item by item; with a
        # key of its own (hash=False): a content-hashed key released by the previous call races
        # with this one ("lost dependencies")
        shared = {name: client.scatter([value], broadcast=True, hash=False)[0] for name, value in shared.items()}
    else:
        shared = {name: dask.delayed(value, traverse=False) for name, value in shared.items()}
    bag = dask.bag.from_sequence(list(partitions), npartitions=len(partitions))
    results = bag.map(function, **shared)
    if client is not None:
        return list(client.compute(results, sync=True))
    return list(results.compute(scheduler=local_scheduler()))


def group_files(files: Sequence[Path], partition_bytes: int) -> list[list[Path]]:
    """Consecutive runs of ``files`` (in the given order) of about ``partition_bytes`` on disk
    each: a run ends at the first file that brings it to ``partition_bytes`` or more. A file
    is never split; the grouping depends only on the files' sizes, so it is the same on
    every run."""
    groups: list[list[Path]] = []
    current: list[Path] = []
    size = 0
    for path in files:
        current.append(path)
        size += path.stat().st_size
        if size >= partition_bytes:
            groups.append(current)
            current, size = [], 0
    if current:
        groups.append(current)
    return groups
