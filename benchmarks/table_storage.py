"""Benchmark: how the processed tables are best kept for a large corpus.

Reads every table of a ``processed_dir`` (CSV or Parquet, ``--format``) with the package's
``read_table``, then, for each ``table_format`` (``analysis.pipeline.TABLE_FORMATS``), writes and
reads it with ``write_table`` / ``read_table`` (``--runs`` times, medians), checks that two writes
give the same bytes and that the table reads back equal in every format, and records the size.
With ``--dvc`` it also times ``dvc push`` to a local-folder remote and ``dvc pull`` back (after
emptying the workspace and the cache) for the tables of each format, as the pipeline's outputs
would travel with ``cache_tables: true``.

    python benchmarks/table_storage.py [PROCESSED_DIR] [--format csv] [--runs 3] [--dvc] [--json OUT]

Not part of ``dvc repro`` or ``make test``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

from analysis.config.paths import BENCHMARK_RESULTS_DIR, REPO_ROOT
from analysis.config.tables import TABLES
from analysis.pipeline import TABLE_FORMATS, read_table, table_path, write_table

DEFAULT_JSON = BENCHMARK_RESULTS_DIR / "table_storage.json"


def time_call(function: Any, runs: int) -> tuple[float, Any]:
    """Median wall time in seconds of ``runs`` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def measure_formats(source: Path, source_format: str, runs: int, work: Path) -> dict[str, Any]:
    """Per table and format: size in bytes, median write and read seconds, stable bytes, equal read-back."""
    result: dict[str, Any] = {}
    for name, spec in TABLES.items():
        table = read_table(spec, source, table_format=source_format)
        rows: dict[str, Any] = {"rows": len(table)}
        for table_format in TABLE_FORMATS:
            folder = work / table_format
            write_seconds, path = time_call(partial(write_table, table, spec, folder, table_format=table_format), runs)
            first = path.read_bytes()
            write_table(table, spec, folder, table_format=table_format)
            read_seconds, back = time_call(partial(read_table, spec, folder, table_format=table_format), runs)
            rows[table_format] = {
                "bytes": len(first),
                "write_s": round(write_seconds, 3),
                "read_s": round(read_seconds, 3),
                "same_bytes_twice": first == path.read_bytes(),
                "reads_back_equal": bool(back.equals(table)),
            }
        result[name] = rows
    return result


def dvc(arguments: list[str], cwd: Path) -> None:
    """Run a DVC command in ``cwd``; stop with its output if it fails."""
    command = [str(Path(sys.executable).parent / "dvc"), *arguments]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")


def measure_dvc(work: Path, table_format: str) -> dict[str, Any]:
    """``dvc add``, ``dvc push`` to a local-folder remote, and ``dvc pull`` into an emptied workspace."""
    repo, remote = work / f"dvc-{table_format}", work / f"remote-{table_format}"
    repo.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    dvc(["init", "-q"], repo)
    dvc(["config", "core.analytics", "false"], repo)
    dvc(["remote", "add", "-d", "storage", str(remote)], repo)
    files = [table_path(spec, work / table_format, table_format) for spec in TABLES.values()]
    for path in files:
        shutil.copy2(path, repo / path.name)
    start = time.perf_counter()
    dvc(["add", "-q", *[path.name for path in files]], repo)
    add_seconds = time.perf_counter() - start
    start = time.perf_counter()
    dvc(["push", "-q"], repo)
    push_seconds = time.perf_counter() - start
    for path in files:
        (repo / path.name).unlink()
    shutil.rmtree(repo / ".dvc" / "cache")
    start = time.perf_counter()
    dvc(["pull", "-q"], repo)
    pull_seconds = time.perf_counter() - start
    restored = all((repo / path.name).read_bytes() == path.read_bytes() for path in files)
    in_git = sum((repo / f"{path.name}.dvc").stat().st_size for path in files) + (repo / ".gitignore").stat().st_size
    return {
        "add_s": round(add_seconds, 2),
        "push_s": round(push_seconds, 2),
        "pull_s": round(pull_seconds, 2),
        "remote_bytes": sum(path.stat().st_size for path in remote.rglob("*") if path.is_file()),
        "bytes_in_git": in_git,
        "restored_same_bytes": restored,
    }


def print_table(result: dict[str, Any]) -> None:
    """The measurements as a plain-text table, one row per table, then the totals."""
    header = f"{'table':18} {'rows':>9}" + "".join(
        f" {fmt + ' MB':>12} {'write s':>8} {'read s':>8}" for fmt in TABLE_FORMATS
    )
    print(header)
    totals = {fmt: [0, 0.0, 0.0] for fmt in TABLE_FORMATS}
    for name, rows in result["tables"].items():
        line = f"{name:18} {rows['rows']:>9}"
        for fmt in TABLE_FORMATS:
            cell = rows[fmt]
            line += f" {cell['bytes'] / 1e6:>12.2f} {cell['write_s']:>8.2f} {cell['read_s']:>8.2f}"
            totals[fmt] = [
                totals[fmt][0] + cell["bytes"],
                totals[fmt][1] + cell["write_s"],
                totals[fmt][2] + cell["read_s"],
            ]
        print(line)
    print(f"{'total':18} {'':>9}" + "".join(f" {b / 1e6:>12.2f} {w:>8.2f} {r:>8.2f}" for b, w, r in totals.values()))
    for fmt, cell in result.get("dvc", {}).items():
        print(f"dvc {fmt}: {cell}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("processed", nargs="?", type=Path, default=REPO_ROOT / "data" / "processed")
    parser.add_argument("--format", default="csv", choices=TABLE_FORMATS, help="format of the tables read")
    parser.add_argument("--runs", type=int, default=3, help="writes and reads per table and format (median)")
    parser.add_argument("--dvc", action="store_true", help="also time dvc add / push / pull to a local remote")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON)
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    with tempfile.TemporaryDirectory(prefix="table-storage-") as work:
        tables = measure_formats(args.processed, args.format, args.runs, Path(work))
        result: dict[str, Any] = {"source": os.path.relpath(args.processed, REPO_ROOT), "runs": args.runs}
        result["tables"] = tables
        if args.dvc:
            result["dvc"] = {fmt: measure_dvc(Path(work), fmt) for fmt in TABLE_FORMATS}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print_table(result)
    failed = [
        f"{name} ({fmt})"
        for name, rows in tables.items()
        for fmt in TABLE_FORMATS
        if not (rows[fmt]["same_bytes_twice"] and rows[fmt]["reads_back_equal"])
    ]
    if failed:
        print(f"NOT STABLE OR NOT EQUAL: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
