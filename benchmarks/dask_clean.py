"""Time and memory of the clean stage's per-article work in one process and on Dask workers.

    python benchmarks/dask_clean.py RAW_PATH --mode sync|workers [--workers 2] [--json OUT]

The repeated-furniture counts are made first, in this process (a corpus-level pass, timed
apart); then every partition is read and cleaned (``clean_partition``), either here with the
synchronous scheduler or on a ``distributed.LocalCluster`` of worker processes with one
thread each. Reports wall times, peak RSS of this process and of each worker, the pickled
size of the shared counts, and a digest of the cleaned rows (equal digests: equal results).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import resource
import time
from pathlib import Path

import dask

from analysis.clean.articles import (
    PARTITION_BYTES,
    InputPartition,
    _partition_metadata,
    clean_partition,
)
from analysis.clean.repeated import find_repeated_furniture
from analysis.corpus.reading import METADATA_FILE, check_record_fields, input_files, read_corpus, read_metadata
from analysis.pipeline.parallel import group_files, map_partitions

SAUDINEWSNET_FIELDS = {
    "id": "",
    "title": "title",
    "content": "content",
    "outlet": "source",
    "date": "date_extracted",
    "author": "author",
}


def peak_rss_mb() -> float:
    """Peak resident memory of the calling process, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rows_digest(partitions: list) -> str:
    digest = hashlib.sha256()
    for partition in partitions:
        for record in partition:
            digest.update(repr((record.row, record.sentences, record.removed)).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def clean_partition_digest(partition: InputPartition, **options: object) -> tuple[int, str]:
    """``clean_partition``, returning only the article count and a digest of the rows: what a
    task that writes its own partition's tables would send back."""
    records = clean_partition(partition, **options)
    return len(records), rows_digest([records])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw_path", type=Path)
    parser.add_argument("--mode", choices=["sync", "workers"], required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--partition-bytes", type=int, default=PARTITION_BYTES)
    parser.add_argument(
        "--results", choices=["rows", "digest"], default="rows", help="what each task returns to this process"
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    fields = check_record_fields(SAUDINEWSNET_FIELDS)
    started = time.perf_counter()
    readable = (
        (str(raw.metadata.get("outlet", "")), raw.text)
        for raw in read_corpus(args.raw_path, None, fields, 2_000_000)
        if raw.text is not None and not raw.problem
    )
    repeated = find_repeated_furniture(readable, 20)
    counting_s = time.perf_counter() - started
    shared_mb = len(pickle.dumps(repeated)) / 1e6
    folder, files = input_files(args.raw_path)
    metadata_path = folder / METADATA_FILE
    metadata = read_metadata(metadata_path) if metadata_path.exists() else {}
    partitions = [
        InputPartition(tuple(map(str, group)), _partition_metadata(group, metadata))
        for group in group_files(files, args.partition_bytes)
    ]
    options = {"fields": fields, "max_bytes": 2_000_000, "repeated": repeated}
    task = clean_partition if args.results == "rows" else clean_partition_digest
    result: dict[str, object] = {
        "mode": args.mode,
        "results": args.results,
        "partitions": len(partitions),
        "shared_pickle_mb": shared_mb,
    }
    if args.mode == "sync":
        started = time.perf_counter()
        with dask.config.set({"scheduler-address": None, "scheduler": "sync"}):
            cleaned = map_partitions(task, partitions, **options)
        result["cleaning_s"] = time.perf_counter() - started
        result["worker_peak_rss_mb"] = []
    else:
        from distributed import Client, LocalCluster

        started = time.perf_counter()
        with (
            LocalCluster(n_workers=args.workers, threads_per_worker=1, dashboard_address=None) as cluster,
            Client(cluster) as client,
        ):
            result["cluster_start_s"] = time.perf_counter() - started
            started = time.perf_counter()
            cleaned = map_partitions(task, partitions, client, **options)
            result["cleaning_s"] = time.perf_counter() - started
            result["worker_peak_rss_mb"] = sorted(client.run(peak_rss_mb).values())
    if args.results == "rows":
        articles, digest = sum(map(len, cleaned)), rows_digest(cleaned)
    else:
        articles, digest = (
            sum(n for n, _ in cleaned),
            hashlib.sha256("".join(d for _, d in cleaned).encode()).hexdigest(),
        )
    result |= {
        "counting_s": counting_s,
        "articles": articles,
        "rows_digest": digest,
        "main_peak_rss_mb": peak_rss_mb(),
    }
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
