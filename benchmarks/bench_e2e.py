"""Benchmark: the whole pipeline (``dvc repro``) on a real archive, stage by stage.

Copies the repository (the files git tracks, plus untracked ones it does not ignore) into a
temporary folder, points ``raw_path`` at the corpus (SaudiNewsNet by default, with its
record fields), sets ``processed_dir`` and ``table_format`` as the recipe of
``docs/howto/large-corpus.md`` does and, with ``--dvc-cache``, turns the tables' DVC cache on. It then runs
``dvc repro --single-item STAGE`` for each stage in order and records, per stage:

- wall time;
- peak RSS of the largest single process of the stage's tree (the papermill kernel, the stage
  process, DVC), from the kernel's accounting of the reaped tree (``wait4``);
- peak RSS of the whole tree added up, sampled every 0.2 s (psutil).

It prints a table, writes JSON (``--json``) and returns 1 when a stage fails.

    python benchmarks/bench_e2e.py [--corpus PATH] [--stages clean select ...] [--table-format parquet]
                                   [--dvc-cache] [--json OUT] [--keep]

Not part of ``dvc repro`` or ``make test`` (``make bench-e2e`` runs it).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

from analysis.config.params import SAUDINEWSNET_FIELDS
from analysis.config.paths import BENCHMARK_RESULTS_DIR, REPO_ROOT, SAUDINEWSNET_DIR
from analysis.config.tables import TABLE_FORMATS
from analysis.pipeline.stages import STAGES

DEFAULT_JSON = BENCHMARK_RESULTS_DIR / "e2e-latest.json"
PROCESSED_DIR = "data/archive"
"""Where the copy writes its tables (the README recipe keeps a large corpus's tables apart)."""
SAMPLE_SECONDS = 0.2
VENV_BIN = Path(sys.executable).parent
CACHE_SWITCH = "&tables_in_dvc_cache"


def copy_repository(target: Path) -> Path:
    """The working tree (tracked files and untracked ones git does not ignore), committed in a new git repository."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO_ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = REPO_ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "working tree"]):
        subprocess.run([*git, *command], cwd=target, check=True, capture_output=True)
    return target


def configure(copy: Path, corpus: Path, fields: dict[str, str] | None, table_format: str, dvc_cache: bool) -> None:
    """Point the copy's ``params.yaml`` at the corpus and its tables, and set the DVC cache switch."""
    lines = (copy / "params.yaml").read_text(encoding="utf-8").splitlines()
    changes = {"raw_path": str(corpus), "processed_dir": PROCESSED_DIR, "table_format": table_format}
    if fields is not None:
        changes["record_fields"] = json.dumps(fields)
    kept, skipping = [], False
    for line in lines:
        key = line.split(":")[0]
        if skipping and line.startswith(" "):
            continue  # the old block of record_fields
        skipping = False
        if key in changes:
            kept.append(f"{key}: {changes[key]}")
            skipping = key == "record_fields"
        else:
            kept.append(line)
    (copy / "params.yaml").write_text("\n".join(kept) + "\n", encoding="utf-8")
    if dvc_cache:
        dvc_file = copy / "dvc.yaml"
        text = dvc_file.read_text(encoding="utf-8")
        if f"{CACHE_SWITCH} false" not in text:
            raise SystemExit(f"dvc.yaml has no '{CACHE_SWITCH} false' switch to turn on")
        dvc_file.write_text(text.replace(f"{CACHE_SWITCH} false", f"{CACHE_SWITCH} true"), encoding="utf-8")


def tree_rss(process: psutil.Process) -> int:
    """Resident bytes of a process and all its descendants now (0 for those already gone)."""
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for member in members:
        try:
            total += member.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def run_stage(copy: Path, stage: str, log: Path) -> dict[str, Any]:
    """Run ``dvc repro --single-item STAGE`` in the copy; its time, peak RSS and exit code."""
    env = os.environ | {
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(copy / "src"),
        "PYTHONHASHSEED": "0",
    }
    command = [str(VENV_BIN / "dvc"), "repro", "--single-item", stage]
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as output:
        child = subprocess.Popen(command, cwd=copy, env=env, stdout=output, stderr=subprocess.STDOUT)
        watched, tree_peak = psutil.Process(child.pid), 0
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            tree_peak = max(tree_peak, tree_rss(watched))
            time.sleep(SAMPLE_SECONDS)
    child.returncode = os.waitstatus_to_exitcode(status)
    return {
        "stage": stage,
        "seconds": round(time.perf_counter() - start, 1),
        "max_rss_largest_process_mb": round(usage.ru_maxrss / 1024, 1),  # ru_maxrss is in KiB on Linux
        "peak_rss_tree_sampled_mb": round(tree_peak / 2**20, 1),
        "exit_code": child.returncode,
    }


def folder_sizes(folder: Path) -> dict[str, int]:
    """Bytes of each file of a folder, by name (none when it is missing)."""
    if not folder.is_dir():
        return {}
    return {path.name: path.stat().st_size for path in sorted(folder.iterdir()) if path.is_file()}


def git_would_add(copy: Path) -> dict[str, int]:
    """What ``git status`` would offer to add or commit in the copy (ignored files excluded), with each file's bytes."""
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"], cwd=copy, capture_output=True, text=True, check=True
    ).stdout
    paths = sorted(line[3:] for line in status.splitlines())
    return {path: (copy / path).stat().st_size if (copy / path).is_file() else 0 for path in paths}


def print_table(result: dict[str, Any]) -> None:
    """The stages as a plain-text table, then the total."""
    print(f"{'stage':8} {'seconds':>8} {'max RSS MB':>11} {'tree RSS MB':>12} {'exit':>5}")
    for row in result["stages"]:
        print(
            f"{row['stage']:8} {row['seconds']:>8.1f} {row['max_rss_largest_process_mb']:>11.1f} "
            f"{row['peak_rss_tree_sampled_mb']:>12.1f} {row['exit_code']:>5}"
        )
    total = result["total"]
    print(
        f"{'total':8} {total['seconds']:>8.1f} {total['max_rss_largest_process_mb']:>11.1f} "
        f"{total['peak_rss_tree_sampled_mb']:>12.1f}"
    )
    print(f"tables: {sum(result['processed_bytes'].values()) / 1e6:.2f} MB in {PROCESSED_DIR}")
    print(f"git would add: {len(result['git_would_add'])} files, {sum(result['git_would_add'].values()) / 1e6:.2f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=SAUDINEWSNET_DIR, help="raw_path (default: SaudiNewsNet)")
    parser.add_argument(
        "--stages", nargs="+", default=list(STAGES), choices=list(STAGES), help="stages to run, in pipeline order"
    )
    parser.add_argument("--table-format", default="parquet", choices=TABLE_FORMATS)
    parser.add_argument("--dvc-cache", action="store_true", help="keep the tables in DVC's cache (out of git)")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON)
    parser.add_argument("--keep", action="store_true", help="keep the temporary copy and print where it is")
    args = parser.parse_args(argv)
    corpus = args.corpus.resolve()
    if not corpus.exists():
        parser.error(f"--corpus {args.corpus}: no such file or folder")
    if [stage for stage in STAGES if stage in args.stages] != args.stages:
        parser.error(f"--stages must follow the pipeline order: {' '.join(STAGES)}")
    fields = SAUDINEWSNET_FIELDS if corpus == SAUDINEWSNET_DIR.resolve() else None
    work = Path(tempfile.mkdtemp(prefix="bench-e2e-"))
    try:
        copy = copy_repository(work / "tiktok-framing")
        configure(copy, corpus, fields, args.table_format, args.dvc_cache)
        rows = []
        for stage in args.stages:
            rows.append(run_stage(copy, stage, work / f"{stage}.log"))
            if rows[-1]["exit_code"] != 0:
                print((work / f"{stage}.log").read_text(encoding="utf-8")[-3000:], file=sys.stderr)
                break
        result = {
            "corpus": corpus.name,
            "table_format": args.table_format,
            "dvc_cache": args.dvc_cache,
            "machine": {
                "python": platform.python_version(),
                "platform": f"{platform.system()} {platform.machine()}",
                "cpus": os.cpu_count(),
                "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
            },
            "stages": rows,
            "total": {
                "seconds": round(sum(row["seconds"] for row in rows), 1),
                "max_rss_largest_process_mb": max(row["max_rss_largest_process_mb"] for row in rows),
                "peak_rss_tree_sampled_mb": max(row["peak_rss_tree_sampled_mb"] for row in rows),
            },
            "processed_bytes": folder_sizes(copy / PROCESSED_DIR),
            "git_would_add": git_would_add(copy),
        }
    finally:
        if args.keep:
            print(f"kept the copy in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print_table(result)
    return 0 if all(row["exit_code"] == 0 for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
