"""Benchmark: the whole library pipeline on a real news archive, against a floor.

Loads the corpus through the package's own loader (``analysis.corpus.read_corpus``) and
runs, on every article, the library functions the stages call: furniture removal,
sentence segmentation, normalization, tokenization, frame coding, article aggregation,
keyness, actors, and near-duplicates (shingles per article, then ``find_copies`` once over
the whole corpus). The floor, measured just before and just after each run (each in a
fresh process, as each run is), is reading the same texts and tokenizing them with one
compiled regular expression (``\\w+``). The headline figure is total / floor: the median
of ``--runs`` runs (3) over the median of the floors.

    python benchmarks/bench_pipeline.py [PATH] [--json OUT] [--jobs N] [--fraction F]

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
from concurrent.futures import ProcessPoolExecutor
from itertools import accumulate
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np
import pandas as pd
from tqdm import tqdm

from analysis.clean.articles import DEFAULT_NEAR_DUPLICATE_THRESHOLD, duplicate_key, segment_article, separate_furniture
from analysis.clean.near_duplicates import ArticleText, article_words, find_copies, shingle_hashes
from analysis.config.params import SAUDINEWSNET_FIELDS
from analysis.config.paths import BENCHMARK_RESULTS_DIR, REPO_ROOT, SAUDINEWSNET_DIR
from analysis.corpus.reading import RawArticle, read_corpus
from analysis.frames.actors import find_sentence_attributions, load_actor_patterns
from analysis.frames.coding import aggregate_articles, code_tokens
from analysis.frames.keyness import frame_counts, keyness_from_counts
from analysis.frames.lexicon import default_lexicon
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
CHUNKS_PER_JOB = 1
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


def process_files(files: list[Path], on_file: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Load (through the package's loader) and process record files one after the other,
    so only one file's articles are in memory at a time."""
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
        if on_file is not None:
            on_file(len(articles))
    if collecting:
        gc.enable()
    return {
        "ids": [i for part in parts for i in part["ids"]],
        "keys": [k for part in parts for k in part["keys"]],
        "published": [p for part in parts for p in part["published"]],
        "outlets": [o for part in parts for o in part["outlets"]],
        "shingle_sizes": np.concatenate([part["shingle_sizes"] for part in parts]),
        "shingles": np.concatenate([part["shingles"] for part in parts]),
        "n_tokens": sum(part["n_tokens"] for part in parts),
        "seconds": dict(seconds),
        "counts": counts,
        "coded": [c for part in parts for c in part["coded"]],
        "article_frames": [f for part in parts for f in part["article_frames"]],
        "actors": [a for part in parts for a in part["actors"]],
        "pid": os.getpid(),
        "peak_rss_mb": peak_rss_mb(),
    }


def record_files(path: Path) -> list[Path]:
    """The record files of a corpus folder (or the one file), in name order."""
    return sorted(p for p in path.iterdir() if p.suffix in (".zip", ".json", ".jsonl")) if path.is_dir() else [path]


def file_groups(files: list[Path], groups: int) -> list[list[Path]]:
    """``groups`` consecutive runs of files of about equal total size (order kept)."""
    sizes = list(accumulate(file.stat().st_size for file in files))
    bounds = (
        [0]
        + [
            next((i + 1 for i, size in enumerate(sizes) if size >= sizes[-1] * k / groups), len(files))
            for k in range(1, groups)
        ]
        + [len(files)]
    )
    return [files[a:b] for a, b in zip(bounds, bounds[1:]) if b > a]


def run_pipeline(path: Path, jobs: int, progress: bool) -> dict[str, Any]:
    """One timed run of the library pipeline over every article under ``path``.

    The cyclic garbage collector is off while it runs (the pipeline makes no reference
    cycles; its scans of millions of live objects cost about a fifth of the time)."""
    default_lexicon(), load_actor_patterns()  # built once here; forked workers inherit them
    gc.disable()
    files = record_files(path)
    bar = tqdm(total=len(files), unit="file", disable=not progress, leave=False)
    wall = time.perf_counter()
    if jobs == 1:
        results = [process_files(files, on_file=lambda _: bar.update(1))]
    else:
        groups = file_groups(files, min(len(files), CHUNKS_PER_JOB * jobs))
        results = []
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for group, result in zip(groups, pool.map(process_files, groups)):
                results.append(result)
                bar.update(len(group))
    bar.close()
    processing_wall = time.perf_counter() - wall
    seconds: Counter[str] = Counter()
    worker_rss: dict[int, float] = {}
    for result in results:
        seconds.update(result["seconds"])
        worker_rss[result["pid"]] = max(worker_rss.get(result["pid"], 0.0), result["peak_rss_mb"])

    rss_before_near_duplicates = peak_rss_mb()
    clock = time.perf_counter()
    seen: dict[bytes, str] = {}
    duplicates = 0
    for result in results:
        for article_id, key in zip(result["ids"], result["keys"]):
            duplicates += key in seen
            seen.setdefault(key, article_id)
    mh_only, reg_only, background = results[0]["counts"]
    for result in results[1:]:
        mh_only.update(result["counts"][0])
        reg_only.update(result["counts"][1])
        background.update(result["counts"][2])
    prefixes = tuple(frame.prefix for frame in default_lexicon().compared())
    keyness = keyness_from_counts(mh_only, reg_only, background, KEYNESS_A0, KEYNESS_MIN_COUNT, prefixes)
    merge = time.perf_counter() - clock
    seconds["keyness"] += merge

    clock = time.perf_counter()  # a corpus-level step: once, over every worker's articles
    copies = find_copies(corpus_texts(results), DEFAULT_NEAR_DUPLICATE_THRESHOLD)
    near_duplicates = time.perf_counter() - clock
    seconds["near_duplicates"] += near_duplicates
    near_duplicate_rss = peak_rss_mb()

    coded = pd.concat([part for result in results for part in result["coded"]], ignore_index=True)
    article_frames = pd.concat([part for result in results for part in result["article_frames"]], ignore_index=True)
    actors = [row for result in results for row in result["actors"]]
    digest = hashlib.sha256()
    for table in (coded, article_frames, keyness):
        digest.update(table.to_csv(index=False, float_format="%.12g").encode())
    digest.update(json.dumps(actors, ensure_ascii=False).encode())
    digest.update(json.dumps([(c.article_id, c.kept_id, c.status, c.jaccard) for c in copies]).encode())
    gc.enable()
    own = peak_rss_mb()
    return {
        "articles": sum(len(result["ids"]) for result in results),
        "tokens": sum(result["n_tokens"] for result in results),
        "sentences": len(coded),
        "duplicates": duplicates,
        "copies": {status: sum(c.status == status for c in copies) for status in ("duplicate", "near_duplicate")},
        "peak_rss_mb_before_near_duplicates": round(rss_before_near_duplicates, 1),
        "peak_rss_mb_after_near_duplicates": round(near_duplicate_rss, 1),
        "seconds": {step: seconds.get(step, 0.0) for step in STEPS},
        "total_seconds": processing_wall + merge + near_duplicates,  # wall clock; steps add up the workers' time
        "peak_rss_mb": own + (sum(worker_rss.values()) if jobs > 1 else 0.0),
        "outputs_sha256": digest.hexdigest(),
    }


def corpus_texts(results: list[dict[str, Any]]) -> list[ArticleText]:
    """Every processed article with words, as near-duplicate detection sees it, from all workers' results."""
    texts = []
    for result in results:
        ends = np.cumsum(result["shingle_sizes"])
        for article_id, published, key, end, size in zip(
            result["ids"], result["published"], result["keys"], ends, result["shingle_sizes"]
        ):
            if size:
                texts.append(ArticleText(article_id, published, key, result["shingles"][end - size : end]))
    return texts


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


def measure_in_fresh_process(what: str, corpus: Path, jobs: int, progress: bool, scratch: Path) -> Any:
    """One measurement (``floor`` or ``pipeline``) in a new Python process, so none
    inherits another's memory."""
    output = scratch / "run-result.out"  # not a record file: the sample corpus may live in the same folder
    command = [sys.executable, __file__, str(corpus), "--jobs", str(jobs), "--one-run", str(output), "--measure", what]
    subprocess.run(command, check=True, env=os.environ | ({"CI": "true"} if not progress else {}))
    return json.loads(output.read_text(encoding="utf-8"))


def benchmark(path: Path, jobs: int, fraction: float, runs: int, seed: int, progress: bool) -> dict[str, Any]:
    """Median of ``runs`` runs of the pipeline, against the floor measured just before
    and just after each run (the machine's speed drifts: bracketing it cancels most of
    the drift), with throughput and ratios."""
    with tempfile.TemporaryDirectory() as scratch:
        corpus = path if fraction >= 1 else sample_corpus(path, fraction, seed, Path(scratch))
        floor_runs = [measure_in_fresh_process("floor", corpus, jobs, progress, Path(scratch))]
        pipeline_runs = []
        for _ in range(runs):
            pipeline_runs.append(measure_in_fresh_process("pipeline", corpus, jobs, progress, Path(scratch)))
            floor_runs.append(measure_in_fresh_process("floor", corpus, jobs, progress, Path(scratch)))
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
        "runs": runs,
        "articles": first["articles"],
        "sentences": first["sentences"],
        "tokens": first["tokens"],
        "floor_words": floor_runs[0][1],
        "mb": round(megabytes, 1),
        "seconds": {step: round(statistics.median(run["seconds"][step] for run in pipeline_runs), 3) for step in STEPS},
        "total_seconds": round(total, 3),
        "floor_seconds": round(floor, 3),
        "total_over_floor": round(total / floor, 2),
        "each_run": [
            {
                "total_seconds": round(run["total_seconds"], 3),
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
        f"fraction={result['fraction']}, median of {result['runs']} runs"
    )
    for step, seconds in result["seconds"].items():
        print(f"  {step:<14} {seconds:8.2f} s")
    print(
        f"  {'total':<14} {result['total_seconds']:8.2f} s   floor {result['floor_seconds']:.2f} s   "
        f"total/floor {result['total_over_floor']:.2f}x"
    )
    print(
        "  each run: "
        + ", ".join(f"{run['total_over_floor']:.2f}x" for run in result["each_run"])
        + " (against the mean of the floors just before and after it)"
    )
    print(
        f"  {result['articles_per_second']} articles/s, {result['tokens_per_second']:,} tokens/s, "
        f"peak RSS {result['peak_rss_mb']} MB"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "path", nargs="?", default=str(DEFAULT_PATH), help="folder of ZIPs of JSON records (default: SaudiNewsNet)"
    )
    parser.add_argument("--json", default=str(DEFAULT_JSON), help="where to write the results as JSON")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes over article batches")
    parser.add_argument("--fraction", type=float, default=1.0, help="seeded random sample of the records (0-1]")
    parser.add_argument("--runs", type=int, default=3, help="runs; the median is reported")
    parser.add_argument("--seed", type=int, default=20261123, help="seed of the --fraction sample")
    parser.add_argument("--one-run", help=argparse.SUPPRESS)  # internal: one measurement, as JSON to this file
    parser.add_argument("--measure", choices=["floor", "pipeline"], help=argparse.SUPPRESS)  # internal: which one
    args = parser.parse_args(argv)
    path = Path(args.path)
    if args.one_run:
        progress = sys.stderr.isatty() and os.environ.get("CI") != "true"
        result = run_floor(path) if args.measure == "floor" else run_pipeline(path, args.jobs, progress)
        Path(args.one_run).write_text(json.dumps(result), encoding="utf-8")
        return 0
    if not path.exists():
        print(
            f"{path}: no such corpus. The benchmark reads SaudiNewsNet from ../shared/datasets/saudinewsnet "
            "(beside the repository); pass another folder of ZIPs of JSON records as PATH.",
            file=sys.stderr,
        )
        return 2
    if not 0 < args.fraction <= 1 or args.jobs < 1 or args.runs < 1:
        print("--fraction must be in (0, 1], --jobs and --runs at least 1", file=sys.stderr)
        return 2
    progress = sys.stderr.isatty() and os.environ.get("CI") != "true"
    result = benchmark(path, args.jobs, args.fraction, args.runs, args.seed, progress)
    print_table(result)
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
