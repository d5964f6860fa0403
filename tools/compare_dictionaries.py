"""What an edit to the frame dictionary changes on a corpus: the sentences each frame gains and loses.

Before keeping an entry written from a few hand-coded sentences, read what it does
everywhere else. This codes the analysed sentences of a pipeline run (those
``sentence_frames`` holds: the relevant articles, by default) with two dictionaries and
prints, per frame, how many sentences each codes, how many the new one gains and loses,
which indicators account for them, and a seeded sample of the changed sentences with the
new dictionary's matches marked.

    .venv/bin/python tools/compare_dictionaries.py PROCESSED_DIR                    # your edits against the last commit
    .venv/bin/python tools/compare_dictionaries.py PROCESSED_DIR --old OLD.yaml --new NEW.yaml
        [--sample 10] [--seed 7] [--table-format csv] [--out changes.csv]

``--old`` defaults to ``data/lexicons/frames.yaml`` as committed at ``HEAD`` (``git show``),
``--new`` to the file in the working tree. ``--out`` writes every changed sentence.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from analysis.config.paths import FRAMES_FILE, REPO_ROOT
from analysis.config.tables import SENTENCE_FRAMES, SENTENCES
from analysis.frames.coding import mark_indicators
from analysis.frames.lexicon import Lexicon, load_lexicon
from analysis.frames.revision import changed_by_term, compare_dictionaries, sample_changes
from analysis.pipeline import write_csv
from analysis.pipeline.outputs import read_table


def committed_lexicon(revision: str = "HEAD") -> Lexicon:
    """The frame dictionary as committed at ``revision`` (a clear error outside a git clone)."""
    relative = FRAMES_FILE.relative_to(REPO_ROOT).as_posix()
    shown = subprocess.run(
        ["git", "show", f"{revision}:{relative}"], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    if shown.returncode != 0:
        raise SystemExit(f"cannot read {relative} at {revision} ({shown.stderr.strip()}); pass --old PATH instead")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "frames.yaml"
        path.write_text(shown.stdout, encoding="utf-8")
        return load_lexicon(path)


def report(summary, by_term, sample, old: Lexicon, new: Lexicon) -> str:
    """The printed comparison: counts per frame, per indicator, then the sampled sentences
    (marked with the dictionary that codes them: the new one for gains, the old for losses)."""
    lines = ["sentences coded per frame (old -> new, gained, lost):"]
    lines += [f"  {row.frame}: {row.old} -> {row.new}, +{row.gained}, -{row.lost}" for row in summary.itertuples()]
    lines.append("\nindicators behind the changes (sentences):")
    lines += [f"  {row.frame} {row.change}: {row.term} ({row.sentences})" for row in by_term.itertuples()]
    for (frame, change), group in sample.groupby(["frame", "change"], sort=False):
        lines.append(f"\n{frame}, {change} (a sample of {len(group)}):")
        for row in group.itertuples():
            terms, lexicon = (row.new_terms, new) if change == "gained" else (row.old_terms, old)
            lines.append(f"  [{row.article_id}/{row.sentence_id}] {terms} | {mark_indicators(row.text, lexicon)}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("processed_dir", type=Path, help="a run's data/processed (sentences, sentence_frames)")
    parser.add_argument("--old", type=Path, help="the dictionary before (default: frames.yaml at HEAD)")
    parser.add_argument("--new", type=Path, default=FRAMES_FILE, help="the dictionary after (default: %(default)s)")
    parser.add_argument("--sample", type=int, default=10, help="changed sentences shown per frame and change")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--table-format", default="csv", choices=["csv", "parquet"])
    parser.add_argument("--out", type=Path, help="write every changed sentence to this CSV")
    args = parser.parse_args(argv)
    old = load_lexicon(args.old) if args.old else committed_lexicon()
    new = load_lexicon(args.new)
    analysed = read_table(SENTENCE_FRAMES, args.processed_dir, table_format=args.table_format, columns=["article_id"])
    sentences = read_table(
        SENTENCES, args.processed_dir, table_format=args.table_format, article_ids=sorted(set(analysed["article_id"]))
    )
    summary, changes = compare_dictionaries(sentences, old, new)
    print(report(summary, changed_by_term(changes), sample_changes(changes, args.sample, args.seed), old, new))
    if args.out:
        write_csv(changes, args.out)
        print(f"\nwrote {args.out} ({len(changes)} changed sentences)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
