"""Run a command (``dvc repro``) with its Dask work on SLURM jobs, through dask-jobqueue.

    .venv/bin/python tools/slurm_cluster.py --jobs 4 --cores 8 --memory 32GB --walltime 02:00:00 \\
        -- .venv/bin/dvc repro
    .venv/bin/python tools/slurm_cluster.py --cores 8 --memory 32GB --print-job-script   # submit nothing

Run it in the repository, on a node that may submit jobs (a login node, or inside an allocation).
The Dask scheduler runs in this process; each of ``--jobs`` SLURM jobs starts ``--processes``
worker processes of one thread each (the per-article work is pure Python: one thread per
process). Once every worker has registered, COMMAND runs with ``DASK_SCHEDULER_ADDRESS`` set to
the scheduler, so each stage sends its tasks to the jobs; the jobs are cancelled when COMMAND
ends. The nodes must see the repository, its ``.venv`` and the corpus at the same paths (a
shared file system): the workers run this ``.venv``'s Python and import the same ``analysis``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from typing import Any


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=1, help="SLURM jobs to submit (default 1)")
    parser.add_argument("--cores", type=int, required=True, help="cores per job (#SBATCH --cpus-per-task)")
    parser.add_argument("--memory", required=True, help="memory per job, e.g. 32GB (#SBATCH --mem)")
    parser.add_argument("--processes", type=int, help="worker processes per job (default: --cores, one thread each)")
    parser.add_argument("--walltime", default="01:00:00", help="time limit per job, HH:MM:SS (#SBATCH -t)")
    parser.add_argument("--queue", help="SLURM partition (#SBATCH -p)")
    parser.add_argument("--account", help="SLURM account (#SBATCH -A)")
    parser.add_argument("--interface", help="network interface the workers and scheduler use, e.g. ib0")
    parser.add_argument("--local-directory", help="node-local scratch for the workers' spill files, e.g. $TMPDIR")
    parser.add_argument("--log-directory", help="folder for the jobs' SLURM logs")
    parser.add_argument("--start-timeout", type=float, default=3600, help="seconds to wait for every worker")
    parser.add_argument("--print-job-script", action="store_true", help="print the batch script and submit nothing")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND ... (e.g. -- .venv/bin/dvc repro)")
    args = parser.parse_args(argv)
    args.command = args.command[1:] if args.command[:1] == ["--"] else args.command
    args.processes = args.processes or args.cores
    if args.jobs < 1 or args.cores < 1 or not 1 <= args.processes <= args.cores:
        parser.error("--jobs and --cores must be at least 1, and --processes between 1 and --cores")
    if not args.command and not args.print_job_script:
        parser.error("give the command to run after --, e.g. -- .venv/bin/dvc repro")
    return args


def slurm_cluster(args: argparse.Namespace) -> Any:
    """A ``dask_jobqueue.SLURMCluster`` (scheduler started, no job submitted) for ``args``."""
    from dask_jobqueue import SLURMCluster  # noqa: PLC0415 (argument errors need no Dask import)

    return SLURMCluster(
        cores=args.cores,
        memory=args.memory,
        processes=args.processes,
        walltime=args.walltime,
        queue=args.queue,
        account=args.account,
        interface=args.interface,
        local_directory=args.local_directory,
        log_directory=args.log_directory,
        python=sys.executable,
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from distributed import Client  # noqa: PLC0415

    with slurm_cluster(args) as cluster:
        if args.print_job_script:
            print(cluster.job_script())
            return 0
        workers = args.jobs * args.processes
        print(f"scheduler {cluster.scheduler_address}, dashboard {cluster.dashboard_link}", file=sys.stderr)
        print(f"submitting {args.jobs} jobs of {args.processes} workers; waiting for {workers}", file=sys.stderr)
        cluster.scale(jobs=args.jobs)
        with Client(cluster) as client:  # every worker first: a stage sizes its batches of tasks when it starts
            client.wait_for_workers(workers, timeout=args.start_timeout)
            env = os.environ | {"DASK_SCHEDULER_ADDRESS": cluster.scheduler_address}
            return subprocess.run(args.command, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
