"""Benchmark: the whole library pipeline on a real news archive, against a floor.

Loads the corpus through the package's own loader (``analysis.corpus.read_corpus``) and
runs, on every article, the library functions the stages call: furniture removal,
sentence segmentation, normalization, tokenization, frame coding, article aggregation,
keyness, actors, and near-duplicates (shingles and LSH band keys per article, as the clean
stage's tasks compute them, then ``find_copies`` once over the whole corpus). The floor,
measured just before and just after each run (each in a fresh process, as each run is), is
reading the same texts and tokenizing them with one compiled regular expression
(``\\w+``). The headline figure is total / floor: the median of ``--runs`` runs (3) over
the median of the floors.

The per-partition work runs through the pipeline's own execution layer
(``analysis.pipeline.parallel``): the record files are cut into partitions of about
``--partition-mb`` on disk (``group_files``) and ``map_partitions`` runs one task per
partition, in this process for ``--jobs 1``, on ``--jobs N`` local Dask worker processes
(``dask_client`` with ``tiktok-framing.workers = N``, one thread each) otherwise.

    python benchmarks/bench_pipeline.py [PATH] [--json OUT] [--jobs N] [--fraction F] [--partition-mb MB]

Not part of ``dvc repro`` or ``make test`` (a smoke test runs it on 200 articles).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import platform
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from itertools import accumulate
from pathlib import Path
from typing import Any, Iterator

import numpy as np
import pandas as pd
from tqdm import tqdm

from analysis.clean.articles import DEFAULT_NEAR_DUPLICATE_THRESHOLD, duplicate_key, segment_article, separate_furniture
from analysis.clean.near_duplicates import ArticleText, article_words, band_keys, find_copies, lsh_bands, shingle_hashes
from analysis.config.params import SAUDINEWSNET_FIELDS
from analysis.config.paths import BENCHMARK_RESULTS_DIR, REPO_ROOT, SAUDINEWSNET_DIR
from analysis.corpus.reading import RawArticle, read_corpus
from analysis.frames.actors import find_sentence_attributions, load_actor_patterns
from analysis.frames.coding import aggregate_articles, code_tokens
from analysis.frames.keyness import frame_counts, keyness_from_counts
from analysis.frames.lexicon import default_lexicon
from analysis.pipeline.parallel import WORKERS_SETTING, dask_client, group_files, map_partitions
from analysis.text.arabic import count_word_tokens, normalize, tokenize_all

DEFAULT_PATH = SAUDINEWSNET_DIR
DEFAULT_JSON = BENCHMARK_RESULTS_DIR / "latest.json"
STEPS = [
    "load",
    "furniture",
    "segmentation",
    "normalization",
    "tokenization",
    "frames",
    "aggregation",
    "keyness",
    "actors",
    "near_duplicates",
]
BATCH_SIZE = 500
PARTITION_MB = 2.0
"""Default partition size, in MB of record files on disk (SaudiNewsNet: one or two days, 11 partitions)."""
DOMINANCE_RATIO = 2.0
KEYNESS_A0 = 500.0
KEYNESS_MIN_COUNT = 2
FLOOR_TOKEN = re.compile(r"\w+")


def peak_rss_mb() -> float:
    """This process's peak resident memory, in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def process_articles(
    articles: list[RawArticle], counts: tuple[Counter, Counter, Counter], seconds: Counter
) -> dict[str, Any]:
    """Everything per article for ``articles``, ``BATCH_SIZE`` at a time.

    Adds step timings to ``seconds`` and keyness counts to ``counts``; returns the coded
    sentences, article frames, actors and duplicate keys.
    """
    lexicon = default_lexicon()
    side_a, side_b = lexicon.compared()
    coded_parts, frame_parts, actors, keys, shingles, n_tokens = [], [], [], [], [], 0
    for offset in range(0, len(articles), BATCH_SIZE):
        batch = articles[offset : offset + BATCH_SIZE]
        clock = time.perf_counter()
        cleaned = [separate_furniture(raw.text or "", raw.metadata.get("outlet", ""), raw.title) for raw in batch]
        seconds["furniture"] += time.perf_counter() - clock

        clock = time.perf_counter()
        cleaned = [segment_article(article) for article in cleaned]
        seconds["segmentation"] += time.perf_counter() - clock
        texts = [sentence for article in cleaned for sentence in article.sentences]
        sentence_article = [raw.article_id for raw, article in zip(batch, cleaned) for _ in article.sentences]
        sentence_ids = [index for article in cleaned for index in range(1, len(article.sentences) + 1)]

        clock = time.perf_counter()
        normalized = [normalize(text) for text in texts]
        ends = list(accumulate(len(article.sentences) for article in cleaned))
        keys += [duplicate_key(normalized[end - len(article.sentences) : end]) for article, end in zip(cleaned, ends)]
        seconds["normalization"] += time.perf_counter() - clock

        clock = time.perf_counter()
        tokens = tokenize_all(normalized)
        n_tokens += sum(map(count_word_tokens, tokens))
        seconds["tokenization"] += time.perf_counter() - clock

        clock = time.perf_counter()
        shingles += [
            shingle_hashes(article_words(tokens[end - len(article.sentences) : end]))
            for article, end in zip(cleaned, ends)
        ]
        seconds["near_duplicates"] += time.perf_counter() - clock

        clock = time.perf_counter()
        coded = code_tokens(tokens, lexicon)
        coded.insert(0, "sentence_id", sentence_ids)
        coded.insert(0, "article_id", sentence_article)
        coded_parts.append(coded)
        seconds["frames"] += time.perf_counter() - clock

        clock = time.perf_counter()
        frame_parts.append(aggregate_articles(coded, DOMINANCE_RATIO, lexicon))
        seconds["aggregation"] += time.perf_counter() - clock

        clock = time.perf_counter()
        frame_counts(tokens, coded[side_a.name], coded[side_b.name], into=counts)
        seconds["keyness"] += time.perf_counter() - clock

        clock = time.perf_counter()
        actors += find_sentence_attributions(sentence_article, sentence_ids, texts, tokens)
        seconds["actors"] += time.perf_counter() - clock
    return {
        "ids": [raw.article_id for raw in articles],
        "keys": keys,
        "published": [raw.metadata.get("published", "") for raw in articles],
        "outlets": [raw.metadata.get("outlet", "") for raw in articles],
        "shingle_sizes": np.array([len(part) for part in shingles], dtype=np.int64),
        "shingles": np.concatenate(shingles) if shingles else np.empty(0, dtype=np.uint32),  # one buffer: cheap to send
        "n_tokens": n_tokens,
        "coded": coded_parts,
        "article_frames": frame_parts,
        "actors": actors,
    }


def process_partition(files: list[Path]) -> dict[str, Any]:
    """One partition (one Dask task): load (through the package's loader) and process its
    record files one after the other, so only one file's articles are in memory at a time."""
    seconds: Counter[str] = Counter()
    counts = (Counter(), Counter(), Counter())
    parts = []
    collecting = gc.isenabled()
    gc.disable()  # millions of short-lived token lists make no reference cycles: spare the collector's scans
    for file in files:
        clock = time.perf_counter()
        articles = [
            raw for raw in read_corpus(file, fields=SAUDINEWSNET_FIELDS) if raw.text is not None and not raw.problem
        ]
        seconds["load"] += time.perf_counter() - clock
        parts.append(process_articles(articles, counts, seconds))
    clock = time.perf_counter()  # each text's LSH band keys, here as in the clean stage's tasks
    shingles = np.concatenate([part["shingles"] for part in parts])
    sizes = np.concatenate([part["shingle_sizes"] for part in parts])
    texts = [shingles[end - size : end] for end, size in zip(np.cumsum(sizes), sizes)]
    keys = band_keys(texts, *lsh_bands(DEFAULT_NEAR_DUPLICATE_THRESHOLD))
    seconds["near_duplicates"] += time.perf_counter() - clock
    if collecting:
        gc.enable()
    return {
        "ids": [i for part in parts for i in part["ids"]],
        "keys": [k for part in parts for k in part["keys"]],
        "published": [p for part in parts for p in part["published"]],
        "shingle_sizes": sizes,
        "shingles": shingles,
        "band_keys": keys,
        "n_tokens": sum(part["n_tokens"] for part in parts),
        "seconds": dict(seconds),
        "counts": counts,
        "sentences": sum(len(coded) for part in parts for coded in part["coded"]),
        "tables_sha256": table_digest([table for part in parts for table in (*part["coded"], *part["article_frames"])]),
        "actors": [a for part in parts for a in part["actors"]],
    }


def table_digest(tables: list[pd.DataFrame]) -> str:
    """sha256 of the tables' row hashes (``hash_pandas_object``, fixed key): a partition's
    coded sentences and article frames are checked where they were made, not sent back."""
    digest = hashlib.sha256()
    for table in tables:
        digest.update(pd.util.hash_pandas_object(table, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def record_files(path: Path) -> list[Path]:
    """The record files of a corpus folder (or the one file), in name order."""
    return sorted(p for p in path.iterdir() if p.suffix in (".zip", ".json", ".jsonl")) if path.is_dir() else [path]


class Combined:
    """The partitions' results, folded in one at a time as they arrive (while the workers
    go on with the next partitions): keyness counts summed, near-duplicate input, actors
    and the output tables' digests collected in partition order."""

    def __init__(self) -> None:
        self.seconds: Counter[str] = Counter()
        self.counts: tuple[Counter, Counter, Counter] | None = None
        self.ids: list[str] = []
        self.keys: list[bytes] = []
        self.texts: list[ArticleText] = []
        self.n_tokens = 0
        self.sentences = 0
        self.table_digests: list[str] = []
        self.actors: list[Any] = []

    def add(self, result: dict[str, Any]) -> None:
        """Fold in one partition's result; the merging is timed as part of its step."""
        self.seconds.update(result["seconds"])
        clock = time.perf_counter()
        if self.counts is None:
            self.counts = result["counts"]
        else:
            for total, part in zip(self.counts, result["counts"]):
                total.update(part)
        self.seconds["keyness"] += time.perf_counter() - clock
        clock = time.perf_counter()
        self.texts += partition_texts(result)
        self.seconds["near_duplicates"] += time.perf_counter() - clock
        self.ids += result["ids"]
        self.keys += result["keys"]
        self.n_tokens += result["n_tokens"]
        self.sentences += result["sentences"]
        self.table_digests.append(result["tables_sha256"])
        self.actors += result["actors"]


def partition_texts(result: dict[str, Any]) -> list[ArticleText]:
    """A partition's processed articles with words, as near-duplicate detection sees them."""
    texts = []
    ends = np.cumsum(result["shingle_sizes"])
    for article_id, published, key, end, size, bands in zip(
        result["ids"], result["published"], result["keys"], ends, result["shingle_sizes"], result["band_keys"]
    ):
        if size:
            texts.append(ArticleText(article_id, published, key, result["shingles"][end - size : end], bands))
    return texts


def run_pipeline(path: Path, partition_bytes: int, progress: bool) -> dict[str, Any]:
    """One timed run of the library pipeline over every article under ``path``.

    The partitions run where ``dask_client`` puts them (the Dask settings the parent gives
    this process: ``execution_environment``). The total is wall clock from before the
    workers start to the end of the corpus-level steps (keyness, near-duplicates); the
    workers' shut-down after their last task is timed apart. The cyclic garbage collector
    is off in this process while it runs (the pipeline makes no reference cycles; its scans
    of millions of live objects cost about a fifth of the time)."""
    default_lexicon(), load_actor_patterns()  # built before the clock starts, as each worker builds its own
    gc.disable()
    partitions = group_files(record_files(path), partition_bytes)
    combined = Combined()
    bar = tqdm(total=sum(map(len, partitions)), unit="file", disable=not progress, leave=False)
    clock = time.perf_counter()
    with dask_client(len(partitions)) as client:
        startup = time.perf_counter() - clock
        clock = time.perf_counter()
        for group, result in zip(partitions, map_partitions(process_partition, partitions, client)):
            combined.add(result)
            bar.update(len(group))
        processing = time.perf_counter() - clock
        worker_rss = client.run(peak_rss_mb) if client is not None else {}
        clock = time.perf_counter()
    shutdown = time.perf_counter() - clock
    bar.close()
    seconds = combined.seconds

    rss_before_near_duplicates = peak_rss_mb()
    clock = time.perf_counter()
    seen: set[bytes] = set()
    duplicates = 0
    for key in combined.keys:
        duplicates += key in seen
        seen.add(key)
    prefixes = tuple(frame.prefix for frame in default_lexicon().compared())
    keyness = keyness_from_counts(*combined.counts, KEYNESS_A0, KEYNESS_MIN_COUNT, prefixes)
    merge = time.perf_counter() - clock
    seconds["keyness"] += merge

    clock = time.perf_counter()  # a corpus-level step: once, over every partition's articles
    copies = find_copies(combined.texts, DEFAULT_NEAR_DUPLICATE_THRESHOLD)
    near_duplicates = time.perf_counter() - clock
    seconds["near_duplicates"] += near_duplicates
    near_duplicate_rss = peak_rss_mb()

    digest = hashlib.sha256("".join(combined.table_digests).encode())
    digest.update(keyness.to_csv(index=False, float_format="%.12g").encode())
    digest.update(json.dumps(combined.actors, ensure_ascii=False).encode())
    digest.update(json.dumps([(c.article_id, c.kept_id, c.status, c.jaccard) for c in copies]).encode())
    gc.enable()
    own = peak_rss_mb()
    return {
        "articles": len(combined.ids),
        "tokens": combined.n_tokens,
        "sentences": combined.sentences,
        "duplicates": duplicates,
        "copies": {status: sum(c.status == status for c in copies) for status in ("duplicate", "near_duplicate")},
        "partitions": len(partitions),
        "workers": len(worker_rss),
        "peak_rss_mb_before_near_duplicates": round(rss_before_near_duplicates, 1),
        "peak_rss_mb_after_near_duplicates": round(near_duplicate_rss, 1),
        "seconds": {step: seconds.get(step, 0.0) for step in STEPS},
        "startup_seconds": startup,
        "processing_seconds": processing,
        "corpus_level_seconds": merge + near_duplicates,
        "shutdown_seconds": shutdown,
        "total_seconds": startup + processing + merge + near_duplicates,  # wall clock; steps add up the workers' time
        "worker_peak_rss_mb": sorted(round(rss, 1) for rss in worker_rss.values()),
        "peak_rss_mb": own + sum(worker_rss.values()),
        "outputs_sha256": digest.hexdigest(),
    }


def records(path: Path) -> Iterator[dict[str, Any]]:
    """Every JSON record under ``path``, straight from the ZIP files."""
    for file in record_files(path):
        with zipfile.ZipFile(file) as archive:
            for member in sorted(archive.namelist()):
                yield from json.loads(archive.read(member).decode("utf-8-sig"))


def record_text(record: dict[str, Any]) -> str:
    """A record's title and content, as the floor reads them."""
    return f"{record.get('title') or ''}\n{record.get('content') or ''}"


def run_floor(path: Path) -> tuple[float, int]:
    """Read the same texts straight from the files and tokenize them with ``\\w+``.

    Returns (seconds, word count).
    """
    clock = time.perf_counter()
    words = sum(len(FLOOR_TOKEN.findall(record_text(record))) for record in records(path))
    return time.perf_counter() - clock, words


def text_megabytes(path: Path) -> float:
    """Megabytes of UTF-8 text (title and content) in the records (not timed)."""
    return sum(len(record_text(record).encode("utf-8", "surrogatepass")) for record in records(path)) / 1e6


def sample_corpus(path: Path, fraction: float, seed: int, folder: Path) -> Path:
    """Write a seeded random sample of the records (same ZIP-of-JSON layout) into ``folder``."""
    files = sorted(path.glob("*.zip")) if path.is_dir() else [path]
    rng = random.Random(seed)
    for file in files:
        with zipfile.ZipFile(file) as archive, zipfile.ZipFile(folder / file.name, "w", zipfile.ZIP_DEFLATED) as out:
            for member in sorted(archive.namelist()):
                records = json.loads(archive.read(member).decode("utf-8-sig"))
                kept = [record for record in records if rng.random() < fraction]
                out.writestr(member, json.dumps(kept, ensure_ascii=False))
    return folder


def execution_environment(jobs: int) -> dict[str, str]:
    """The Dask settings that make ``dask_client`` start ``jobs`` local workers (1: none, the
    tasks run in the measuring process), whatever scheduler the caller's environment names."""
    return {
        f"DASK_{WORKERS_SETTING.upper().replace('-', '_').replace('.', '__')}": str(jobs),
        "DASK_SCHEDULER_ADDRESS": "",
    }


def measure_in_fresh_process(
    what: str, corpus: Path, partition_mb: float, settings: dict[str, str], scratch: Path
) -> Any:
    """One measurement (``floor`` or ``pipeline``) in a new Python process, so none
    inherits another's memory. ``settings``: environment variables for it (Dask's, ``CI``)."""
    output = scratch / "run-result.out"  # not a record file: the sample corpus may live in the same folder
    command = [sys.executable, __file__, str(corpus), "--partition-mb", str(partition_mb), "--one-run", str(output)]
    command += ["--measure", what]
    subprocess.run(command, check=True, env=os.environ | settings)
    return json.loads(output.read_text(encoding="utf-8"))


def benchmark(
    path: Path, jobs: int, fraction: float, runs: int, seed: int, partition_mb: float, progress: bool
) -> dict[str, Any]:
    """Median of ``runs`` runs of the pipeline, against the floor measured just before
    and just after each run (the machine's speed drifts: bracketing it cancels most of
    the drift), with throughput and ratios."""
    settings = execution_environment(jobs)
    if not progress:
        settings["CI"] = "true"
    with tempfile.TemporaryDirectory() as scratch:
        corpus = path if fraction >= 1 else sample_corpus(path, fraction, seed, Path(scratch))
        floor_runs = [measure_in_fresh_process("floor", corpus, partition_mb, settings, Path(scratch))]
        pipeline_runs = []
        for _ in range(runs):
            pipeline_runs.append(measure_in_fresh_process("pipeline", corpus, partition_mb, settings, Path(scratch)))
            floor_runs.append(measure_in_fresh_process("floor", corpus, partition_mb, settings, Path(scratch)))
        megabytes = text_megabytes(corpus)
    digests = {run["outputs_sha256"] for run in pipeline_runs}
    if len(digests) != 1:
        raise RuntimeError("runs gave different outputs")
    total = statistics.median(run["total_seconds"] for run in pipeline_runs)
    floor = statistics.median(seconds for seconds, _ in floor_runs)
    first = pipeline_runs[0]
    return {
        "path": os.path.relpath(path, REPO_ROOT),
        "fraction": fraction,
        "seed": seed,
        "jobs": jobs,
        "partition_mb": partition_mb,
        "partitions": pipeline_runs[0]["partitions"],
        "runs": runs,
        "articles": first["articles"],
        "sentences": first["sentences"],
        "tokens": first["tokens"],
        "floor_words": floor_runs[0][1],
        "mb": round(megabytes, 1),
        "seconds": {step: round(statistics.median(run["seconds"][step] for run in pipeline_runs), 3) for step in STEPS},
        "total_seconds": round(total, 3),
        "startup_seconds": round(statistics.median(run["startup_seconds"] for run in pipeline_runs), 3),
        "corpus_level_seconds": round(statistics.median(run["corpus_level_seconds"] for run in pipeline_runs), 3),
        "shutdown_seconds": round(statistics.median(run["shutdown_seconds"] for run in pipeline_runs), 3),
        "floor_seconds": round(floor, 3),
        "total_over_floor": round(total / floor, 2),
        "each_run": [
            {
                "total_seconds": round(run["total_seconds"], 3),
                "startup_seconds": round(run["startup_seconds"], 3),
                "worker_peak_rss_mb": run["worker_peak_rss_mb"],
                "floor_seconds_before_after": [round(floor_runs[i][0], 3), round(floor_runs[i + 1][0], 3)],
                "total_over_floor": round(
                    run["total_seconds"] / statistics.mean([floor_runs[i][0], floor_runs[i + 1][0]]), 2
                ),
            }
            for i, run in enumerate(pipeline_runs)
        ],
        "articles_per_second": round(first["articles"] / total, 1),
        "tokens_per_second": round(first["tokens"] / total),
        "microseconds_per_token": round(total / first["tokens"] * 1e6, 3),
        "peak_rss_mb": round(max(run["peak_rss_mb"] for run in pipeline_runs), 1),
        "outputs_sha256": first["outputs_sha256"],
        "machine": {
            "python": platform.python_version(),
            "platform": f"{platform.system()} {platform.machine()}",
            "cpus": os.cpu_count(),
        },
    }


def print_table(result: dict[str, Any]) -> None:
    print(
        f"{result['articles']} articles, {result['tokens']:,} tokens, {result['mb']} MB, jobs={result['jobs']}, "
        f"fraction={result['fraction']}, {result['partitions']} partitions, median of {result['runs']} runs"
    )
    for step, seconds in result["seconds"].items():
        print(f"  {step:<14} {seconds:8.2f} s")
    print(
        f"  {'total':<14} {result['total_seconds']:8.2f} s   floor {result['floor_seconds']:.2f} s   "
        f"total/floor {result['total_over_floor']:.2f}x"
    )
    print(
        f"  of the total: {result['startup_seconds']:.2f} s starting workers, {result['corpus_level_seconds']:.2f} s "
        f"corpus-level steps in this process (keyness table, near-duplicates); workers' shut-down "
        f"{result['shutdown_seconds']:.2f} s (not counted)"
    )
    print(
        "  each run: "
        + ", ".join(f"{run['total_over_floor']:.2f}x" for run in result["each_run"])
        + " (against the mean of the floors just before and after it)"
    )
    print(
        f"  {result['articles_per_second']} articles/s, {result['tokens_per_second']:,} tokens/s, "
        f"peak RSS {result['peak_rss_mb']} MB (this process + each worker's peak: "
        + ", ".join(f"{rss} MB" for rss in result["each_run"][0]["worker_peak_rss_mb"])
        + ")"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "path", nargs="?", default=str(DEFAULT_PATH), help="folder of ZIPs of JSON records (default: SaudiNewsNet)"
    )
    parser.add_argument("--json", default=str(DEFAULT_JSON), help="where to write the results as JSON")
    parser.add_argument("--jobs", type=int, default=1, help="local Dask worker processes (1: this process alone)")
    parser.add_argument("--fraction", type=float, default=1.0, help="seeded random sample of the records (0-1]")
    parser.add_argument("--runs", type=int, default=3, help="runs; the median is reported")
    parser.add_argument("--seed", type=int, default=20261123, help="seed of the --fraction sample")
    parser.add_argument(
        "--partition-mb", type=float, default=PARTITION_MB, help="MB of record files per partition (one task each)"
    )
    parser.add_argument("--one-run", help=argparse.SUPPRESS)  # internal: one measurement, as JSON to this file
    parser.add_argument("--measure", choices=["floor", "pipeline"], help=argparse.SUPPRESS)  # internal: which one
    args = parser.parse_args(argv)
    path = Path(args.path)
    if args.one_run:
        progress = sys.stderr.isatty() and os.environ.get("CI") != "true"
        partition_bytes = int(args.partition_mb * 1e6)
        result = run_floor(path) if args.measure == "floor" else run_pipeline(path, partition_bytes, progress)
        Path(args.one_run).write_text(json.dumps(result), encoding="utf-8")
        return 0
    if not path.exists():
        print(
            f"{path}: no such corpus. The benchmark reads SaudiNewsNet from ../shared/datasets/saudinewsnet "
            "(beside the repository); pass another folder of ZIPs of JSON records as PATH.",
            file=sys.stderr,
        )
        return 2
    if not 0 < args.fraction <= 1 or args.jobs < 1 or args.runs < 1 or args.partition_mb <= 0:
        print("--fraction must be in (0, 1], --jobs and --runs at least 1, --partition-mb above 0", file=sys.stderr)
        return 2
    progress = sys.stderr.isatty() and os.environ.get("CI") != "true"
    result = benchmark(path, args.jobs, args.fraction, args.runs, args.seed, args.partition_mb, progress)
    print_table(result)
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
