"""A corpus N times the size of a real one, for the archive-scale memory bound (issue 14).

Reads a folder of ZIPs of JSON records (SaudiNewsNet's layout: one ZIP per day, members
holding a list of records with ``title``, ``content``, ``source`` ...) and writes, into an
empty folder outside the repository, ``--copies`` versions of it:

- copy 0 is the corpus itself (each ZIP copied byte for byte);
- copy k > 0 of ``DAY.zip`` is ``DAY-copyKK.zip`` holding ``MEMBER-copyKK.json``: the same
  records, in the same order, with the same title, outlet, date and author, so the loader's
  ids (``<member stem>-<position>``) are unique: ``2015-07-21-copy03-00042``.

A copy's text must not be a duplicate or near-duplicate of the original (the clean stage
would drop it, and the later stages would see the corpus once). Each copy's content is
rebuilt in the shape of the original article (same lines, same number of sentences per
line) from the sentences of other articles of the same outlet:

- the outlet's furniture stays in place: lines and line openings / closings that the
  library counts as repeated furniture (``analysis.clean.repeated``, ``--min-repeats``),
  blank lines, and repeats of the article's own title;
- every other sentence is a slot of one of three kinds: the article's first sentence (where
  datelines and glued share bars are), its last (glued tags, signatures) or one between.
  A sentence holding more than ``MAX_SLOT_SHARE`` of the article's rebuilt words is cut in
  halves at a word boundary (again, until none does);
- copy k fills the slots of every article, in corpus order, from a seeded permutation of all
  the outlet's sentences of that kind: each real sentence is used exactly once per copy, so
  the outlet's sentence lengths, line lengths and vocabulary stay those of the real corpus.

With ``--jsonl``, the versions go instead into one JSON-lines file, ``OUT/corpus.jsonl``
(copy 0, then copy 1 ...; in each, the records in corpus order): the shape of an archive
exported as one large file, whose loader ids are ``corpus-<line's record position>``.

Deterministic: the same input, ``--copies`` and ``--seed`` give the same bytes.

    python benchmarks/large_corpus.py PATH OUT [--copies 10] [--seed S] [--check N] [--jsonl]

``--check N`` then measures, with the library's shingles (``analysis.clean.near_duplicates``),
the Jaccard similarity between the versions of N sampled records, and the near-duplicate
pairs (LSH, verified exactly) among every version of the articles of one outlet
(``--check-outlet``), against those of the real corpus alone.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import sys
import time
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from analysis.clean.articles import title_key
from analysis.clean.furniture import strip_line
from analysis.clean.near_duplicates import article_words, jaccard, near_duplicate_pairs, shingle_hashes
from analysis.clean.repeated import EDGE_LINES, RepeatedFurniture, find_repeated_furniture
from analysis.config.paths import REPO_ROOT, SAUDINEWSNET_DIR
from analysis.text.arabic import normalize, tokenize_all

DEFAULT_COPIES = 10
DEFAULT_SEED = 20261130
DEFAULT_MIN_REPEATS = 20
"""params.yaml ``furniture_min_repeats``: lines repeated in this many texts of an outlet are its furniture."""
MAX_SLOT_SHARE = 0.35
"""Most of an article's rebuilt words one slot may hold: longer sentences are cut in halves, so
a copy is made of at least three pieces of other articles and resembles none of them."""
MIN_POOL = 20
"""Sentences a pool needs; smaller pools join the outlet's pool of their kind (any size), then its
pool of every kind, so that a copy rarely draws a sentence of its own original."""
NEAR_DUPLICATE_THRESHOLD = 0.6
"""params.yaml ``near_duplicate_threshold``: what the check compares against."""
SENTENCE_END = re.compile(r"((?<=[.!?؟])\s+)")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
KINDS = ("first", "middle", "last")
JSONL_NAME = "corpus.jsonl"
"""The one JSON-lines file ``--jsonl`` writes."""


class CorpusGeneratorError(ValueError):
    """An input or output folder that cannot be used (names it and the fix)."""


@dataclass(frozen=True)
class Slot:
    """A place in a template for one sentence of an outlet: of a ``kind`` (first, middle, last)
    and a ``size`` class (``size_class`` of its word count)."""

    kind: str
    size: int = 0

    def pool(self, outlet: str) -> PoolKey:
        """The key of the pool of sentences this slot draws from."""
        return outlet, self.kind, self.size


PoolKey = tuple[str, str, int]
"""(outlet, kind, size class) of a pool of sentences."""
Template = list["str | Slot"]
"""An article's content: fixed text (furniture, separators) and slots, in order."""


@dataclass
class Record:
    """One record of the input: its fields, and its outlet and content template."""

    fields: dict[str, Any]
    outlet: str
    template: Template | None  # None: no text to rebuild (the record is copied as it is)


def input_zips(path: Path) -> list[Path]:
    """The ZIPs of a corpus folder, in name order (the loader's order)."""
    if not path.is_dir():
        raise CorpusGeneratorError(f"{path}: not a folder; pass a folder of ZIPs of JSON records (like SaudiNewsNet)")
    others = sorted(p.name for p in path.iterdir() if p.is_file() and p.suffix in (".json", ".jsonl"))
    if others:
        raise CorpusGeneratorError(f"{path / others[0]}: only ZIPs of JSON records are copied; put it in a ZIP")
    zips = sorted(p for p in path.iterdir() if p.suffix == ".zip")
    if not zips:
        raise CorpusGeneratorError(f"{path}: no .zip files; pass a folder of ZIPs of JSON records")
    return zips


def read_members(path: Path) -> Iterator[tuple[str, list[Any]]]:
    """``(member name, records)`` of every JSON member of one ZIP, in name order."""
    with zipfile.ZipFile(path) as archive:
        for name in sorted(archive.namelist()):
            if name.endswith("/"):
                continue
            if not name.endswith(".json"):
                raise CorpusGeneratorError(f"{path}:{name}: members must be JSON lists of records; remove it")
            records = json.loads(archive.read(name).decode("utf-8-sig"))
            if not isinstance(records, list):
                raise CorpusGeneratorError(f"{path}:{name}: not a JSON list of records")
            yield name, records


def copy_name(name: str, copy: int) -> str:
    """``2015-07-21.json`` -> ``2015-07-21-copy03.json`` (also for ZIP names)."""
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}-copy{copy:02d}{dot}{suffix}"


def count_furniture(zips: list[Path], min_repeats: int) -> RepeatedFurniture:
    """The corpus's repeated furniture, counted by the library as the clean stage does."""
    articles = (
        (str(record.get("source") or ""), record["content"])
        for path in zips
        for _, records in read_members(path)
        for record in records
        if isinstance(record, dict) and isinstance(record.get("content"), str) and record["content"].strip()
    )
    return find_repeated_furniture(articles, min_repeats)


def article_template(content: str, title: str, outlet: str, repeated: RepeatedFurniture) -> tuple[Template, list[str]]:
    """The template of one article's content and the sentences that fill its slots, in order.

    Furniture (repeated lines, repeated openings / closings of the first / last two lines,
    repeats of the title) and blank lines stay as fixed text; the rest is cut into sentences.
    """
    lines = content.split("\n")
    nonblank = [i for i, line in enumerate(lines) if strip_line(line)]
    key = title_key(title) if title.strip() else None
    template: Template = []
    sentences: list[str] = []
    for i, line in enumerate(lines):
        if i:
            template.append("\n")
        stripped = strip_line(line)
        if not stripped or repeated.is_repeated_line(outlet, stripped) or (key and title_key(stripped) == key):
            template.append(line)
            continue
        opening = repeated.repeated_span(outlet, stripped, "opening") if i in nonblank[:EDGE_LINES] else 0
        closing = repeated.repeated_span(outlet, stripped, "closing") if i in nonblank[-EDGE_LINES:] else 0
        words = stripped.split()
        if opening + closing >= len(words):
            template.append(line)
            continue
        if opening:
            template.append(" ".join(words[:opening]) + " ")
        parts = SENTENCE_END.split(" ".join(words[opening : len(words) - closing]) if opening or closing else stripped)
        for j, part in enumerate(parts):
            if j % 2:
                template.append(part)  # the white space after a sentence end
            elif part:
                template.append(Slot("middle"))
                sentences.append(part)
        if closing:
            template.append(" " + " ".join(words[-closing:]))
    return _cut_long_sentences(template, sentences)


def _cut_long_sentences(template: Template, sentences: list[str]) -> tuple[Template, list[str]]:
    """Cut the longest sentence in halves while it holds more than ``MAX_SLOT_SHARE`` of the
    words; then mark the first and last slots."""
    total = sum(len(sentence.split()) for sentence in sentences)
    while sentences:
        longest = max(range(len(sentences)), key=lambda i: len(sentences[i].split()))
        words = sentences[longest].split()
        if len(words) < 2 or len(words) <= MAX_SLOT_SHARE * total:
            break
        half = len(words) // 2
        sentences[longest : longest + 1] = [" ".join(words[:half]), " ".join(words[half:])]
        slots = [i for i, piece in enumerate(template) if isinstance(piece, Slot)]
        template[slots[longest] : slots[longest] + 1] = [Slot("middle"), " ", Slot("middle")]
    slots = [i for i, piece in enumerate(template) if isinstance(piece, Slot)]
    for number, (position, sentence) in enumerate(zip(slots, sentences)):
        kind = "first" if number == 0 else "last" if number == len(slots) - 1 else "middle"
        template[position] = Slot(kind, size_class(sentence))
    return template, sentences


def size_class(sentence: str) -> int:
    """1 for one word, 2 for 2-3, 3 for 4-7, ...: a copy's sentence is about as long as the one it replaces."""
    return len(sentence.split()).bit_length()


def read_corpus_templates(
    zips: list[Path], repeated: RepeatedFurniture
) -> tuple[dict[Path, list[tuple[str, list[Record]]]], dict[PoolKey, list[str]]]:
    """Every record with its template, by ZIP and member; and every outlet's sentences of
    each kind, in corpus order (the pools the copies draw from)."""
    corpus: dict[Path, list[tuple[str, list[Record]]]] = {}
    pools: dict[PoolKey, list[str]] = defaultdict(list)
    for path in zips:
        corpus[path] = []
        for name, records in read_members(path):
            members = []
            for fields in records:
                content = fields.get("content") if isinstance(fields, dict) else None
                if not isinstance(content, str) or not content.strip():
                    members.append(Record(fields, "", None))
                    continue
                outlet = str(fields.get("source") or "")
                template, sentences = article_template(content, str(fields.get("title") or ""), outlet, repeated)
                slots = [piece for piece in template if isinstance(piece, Slot)]
                for slot, sentence in zip(slots, sentences):
                    pools[slot.pool(outlet)].append(sentence)
                members.append(Record(fields, outlet, template))
            corpus[path].append((name, members))
    return corpus, pools


def merged_pools(pools: dict[PoolKey, list[str]]) -> tuple[dict[PoolKey, list[str]], dict[PoolKey, PoolKey]]:
    """Pools of at least ``MIN_POOL`` sentences where the outlet has them, and the pool each
    slot's key draws from: a small pool joins ``(outlet, kind, 0)``, a small one of those ``(outlet, "", 0)``."""
    route = {key: key for key in pools}
    for coarser in (lambda key: (key[0], key[1], 0), lambda key: (key[0], "", 0)):
        sizes: Counter[PoolKey] = Counter()
        for key, target in route.items():
            sizes[target] += len(pools[key])
        route = {key: coarser(target) if sizes[target] < MIN_POOL else target for key, target in route.items()}
    merged: dict[PoolKey, list[str]] = defaultdict(list)
    for key in sorted(pools):
        merged[route[key]] += pools[key]
    return merged, route


def shuffled_pools(
    pools: dict[PoolKey, list[str]], route: dict[PoolKey, PoolKey], seed: int, copy: int
) -> dict[PoolKey, Iterator[str]]:
    """The sentences each slot's key draws from in copy ``copy``: its pool in a seeded order, every sentence once."""
    shuffled = {}
    for key, sentences in sorted(pools.items()):
        order = list(range(len(sentences)))
        random.Random(f"{seed}:{copy}:{key}").shuffle(order)
        shuffled[key] = iter([sentences[i] for i in order])
    return {key: shuffled[target] for key, target in route.items()}


def copy_record(record: Record, pools: dict[PoolKey, Iterator[str]], copy: int) -> dict[str, Any]:
    """Copy ``copy`` of one record: its template filled from the pools, other fields kept."""
    if record.template is None:
        return record.fields
    content = "".join(
        next(pools[piece.pool(record.outlet)]) if isinstance(piece, Slot) else piece for piece in record.template
    )
    fields = dict(record.fields, content=content)
    if fields.get("url"):
        fields["url"] = f"{fields['url']}#copy{copy:02d}"
    return fields


def write_zip(path: Path, members: list[tuple[str, list[Any]]]) -> None:
    """A ZIP of JSON members whose bytes depend only on the members (fixed dates, order and compression)."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, records in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, json.dumps(records, ensure_ascii=False), compresslevel=6)


def check_output_folder(out: Path) -> None:
    """The output folder must be outside the repository and empty (or not exist yet)."""
    resolved = out.resolve()
    if resolved == REPO_ROOT or REPO_ROOT in resolved.parents:
        raise CorpusGeneratorError(f"{out}: inside the repository; write the large corpus elsewhere, e.g. /tmp/snn10")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise CorpusGeneratorError(f"{out}: exists and is not an empty folder; remove it or pick another")


def generate(path: Path, out: Path, copies: int, seed: int, min_repeats: int, jsonl: bool = False) -> dict[str, Any]:
    """Write ``copies`` versions of the corpus under ``path`` into ``out`` (as ZIPs, or with
    ``jsonl`` as one JSON-lines file); returns counts."""
    zips = input_zips(path)
    check_output_folder(out)
    repeated = count_furniture(zips, min_repeats)
    corpus, pools = read_corpus_templates(zips, repeated)
    merged, route = merged_pools(pools)
    out.mkdir(parents=True, exist_ok=True)
    if jsonl:
        write_jsonl(out / JSONL_NAME, corpus, merged, route, copies, seed)
    else:
        for source in zips:
            shutil.copyfile(source, out / source.name)
    for copy in range(1, 1 if jsonl else copies):
        drawn = shuffled_pools(merged, route, seed, copy)
        for source in zips:
            members = [
                (copy_name(name, copy), [copy_record(record, drawn, copy) for record in records])
                for name, records in corpus[source]
            ]
            write_zip(out / copy_name(source.name, copy), members)
    records = sum(len(records) for members in corpus.values() for _, records in members)
    slots = Counter(kind for (_, kind, _), sentences in pools.items() for _ in sentences)
    files = {"files": 1} if jsonl else {"zips": len(zips) * copies}
    return files | {"records": records * copies, "sentences_per_copy": dict(sorted(slots.items()))}


def write_jsonl(
    path: Path,
    corpus: dict[Path, list[tuple[str, list[Record]]]],
    merged: dict[PoolKey, list[str]],
    route: dict[PoolKey, PoolKey],
    copies: int,
    seed: int,
) -> None:
    """Every version's records, one JSON object a line: copy 0 (the records as read), then
    copy 1 ... (``copy_record``), each in corpus order."""
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for copy in range(copies):
            drawn = shuffled_pools(merged, route, seed, copy) if copy else {}
            for members in corpus.values():
                for _, records in members:
                    for record in records:
                        fields = copy_record(record, drawn, copy) if copy else record.fields
                        handle.write(json.dumps(fields, ensure_ascii=False) + "\n")


def article_shingles(record: dict[str, Any]) -> np.ndarray:
    """The library's shingles of a record's title and content (its lines, normalized and tokenized)."""
    lines = [str(record.get("title") or ""), *str(record.get("content") or "").split("\n")]
    return shingle_hashes(article_words(tokenize_all([normalize(line) for line in lines if line.strip()])))


def versions(out: Path, zips: list[str], copies: int) -> Iterator[tuple[int, str, list[Any]]]:
    """``(copy, member stem of copy 0, records)`` of every member of every version in ``out``."""
    for name in zips:
        for copy in range(copies):
            for member, records in read_members(out / (copy_name(name, copy) if copy else name)):
                yield copy, Path(member).stem.removesuffix(f"-copy{copy:02d}"), records


def check(out: Path, zips: list[str], copies: int, sample: int, outlet: str, seed: int) -> dict[str, Any]:
    """Near-duplicate check of the versions with the library's shingles (see the module's docstring)."""
    by_record: dict[tuple[str, int], list[np.ndarray]] = defaultdict(list)
    outlet_texts: list[tuple[int, np.ndarray]] = []
    positions = [
        (stem, position)
        for copy, stem, records in versions(out, zips, 1)
        for position, record in enumerate(records, start=1)
        if isinstance(record, dict) and str(record.get("content") or "").strip()
    ]
    chosen = set(random.Random(seed).sample(positions, min(sample, len(positions))))
    for copy, stem, records in versions(out, zips, copies):
        for position, record in enumerate(records, start=1):
            if (stem, position) in chosen:
                by_record[stem, position].append(article_shingles(record))
            if isinstance(record, dict) and record.get("source") == outlet and str(record.get("content") or "").strip():
                outlet_texts.append((copy, article_shingles(record)))
    similarities = [
        jaccard(a, b) for shingles in by_record.values() for i, a in enumerate(shingles) for b in shingles[i + 1 :]
    ]
    clock = time.perf_counter()
    pairs = near_duplicate_pairs([shingles for _, shingles in outlet_texts], NEAR_DUPLICATE_THRESHOLD)
    lsh_seconds = time.perf_counter() - clock
    layers = [copy for copy, _ in outlet_texts]
    return {
        "sampled_records": len(by_record),
        "version_pairs": len(similarities),
        "version_jaccard_max": round(max(similarities), 3),
        "version_jaccard_median": round(statistics.median(similarities), 3),
        "version_pairs_at_or_above_threshold": sum(s >= NEAR_DUPLICATE_THRESHOLD for s in similarities),
        "outlet": outlet,
        "outlet_articles": len(outlet_texts),
        "outlet_pairs_within_copy_0": sum(layers[i] == 0 and layers[j] == 0 for i, j, _ in pairs),
        "outlet_pairs_involving_a_copy": sum(layers[i] > 0 or layers[j] > 0 for i, j, _ in pairs),
        "outlet_lsh_seconds": round(lsh_seconds, 1),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", default=str(SAUDINEWSNET_DIR), help="folder of ZIPs of JSON records")
    parser.add_argument("out", help="empty folder outside the repository for the large corpus")
    parser.add_argument("--copies", type=int, default=DEFAULT_COPIES, help="versions of the corpus (1: itself)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the sentence permutations")
    parser.add_argument("--min-repeats", type=int, default=DEFAULT_MIN_REPEATS, help="furniture_min_repeats")
    parser.add_argument("--check", type=int, default=0, help="records whose versions are compared (0: no check)")
    parser.add_argument("--check-outlet", default="sabq", help="outlet whose versions all go through the LSH check")
    parser.add_argument("--jsonl", action="store_true", help=f"write one JSON-lines file, OUT/{JSONL_NAME}, not ZIPs")
    args = parser.parse_args(argv)
    if args.copies < 1 or args.min_repeats < 1 or args.check < 0:
        print("--copies and --min-repeats must be at least 1, --check at least 0", file=sys.stderr)
        return 2
    if args.check and args.jsonl:
        print("--check reads the ZIPs: leave out --jsonl", file=sys.stderr)
        return 2
    clock = time.perf_counter()
    try:
        result = generate(Path(args.path), Path(args.out), args.copies, args.seed, args.min_repeats, args.jsonl)
    except CorpusGeneratorError as error:
        print(error, file=sys.stderr)
        return 2
    result["seconds"] = round(time.perf_counter() - clock, 1)
    if args.check:
        names = [path.name for path in input_zips(Path(args.path))]
        result["check"] = check(Path(args.out), names, args.copies, args.check, args.check_outlet, args.seed)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
