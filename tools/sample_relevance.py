"""Draw the hand-coding sample for the relevance rule (``data/annotations/relevance/``).

Reads SaudiNewsNet (``../shared/datasets/saudinewsnet``), finds the articles that a broad
social-media word list touches anywhere in the title or the text, splits them into two
strata and draws a seeded sample from each:

- ``title_or_3plus``: a term in the title, or at least 3 term occurrences in all;
- ``other``: the rest (1 or 2 occurrences in the text only: quote channels, share bars,
  passing mentions and short stories about social media).

Each stratum is then split once, seeded, into ``tuning`` (2/3) and ``held_out`` (1/3).
The sheet has empty ``relevant`` and ``reason`` columns for the coder; the script never
overwrites a sheet that already holds codes.

    .venv/bin/python tools/sample_relevance.py            # writes the sheet, prints the strata
    .venv/bin/python tools/sample_relevance.py --dry-run  # prints the strata only
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from pathlib import Path

from analysis.config.params import SAUDINEWSNET_FIELDS
from analysis.config.paths import ANNOTATIONS_DIR, SAUDINEWSNET_DIR
from analysis.corpus.reading import read_corpus
from analysis.text import normalize

SEED = 20250612
PER_STRATUM = 84
TUNING_SHARE = 2 / 3
SAMPLE_FILE = ANNOTATIONS_DIR / "relevance" / "relevance_sample.csv"
COLUMNS = ["article_id", "outlet", "title", "stratum", "relevant", "reason", "split"]

# The broad word list of the draw (normalized form; deliberately wider than any rule):
# platform names in Arabic and Latin spellings, and generic social-media words. Each is
# matched as whole words with optional clitics in front (و ف ب ل ك ال); words of more than
# three letters also with a suffix behind (ات ه ها هم ي ين ون).
BROAD_WORDS = [
    "تويتر",
    "تغريده",
    "تغريدات",
    "تغريد",
    "غرد",
    "غردت",
    "مغرد",
    "مغردون",
    "مغردين",
    "فيسبوك",
    "فيس بوك",
    "الفيس",
    "انستغرام",
    "انستقرام",
    "انستجرام",
    "سناب شات",
    "سناب",
    "يوتيوب",
    "يوتوب",
    "واتساب",
    "واتس اب",
    "الواتس",
    "تيليجرام",
    "تليجرام",
    "تلغرام",
    "تيك توك",
    "تيكتوك",
    "لينكد ان",
    "جوجل بلس",
    "التواصل الاجتماعي",
    "شبكات التواصل",
    "مواقع التواصل",
    "وسائل التواصل",
    "منصات التواصل",
    "الاعلام الجديد",
    "السوشيال ميديا",
    "سوشيال ميديا",
    "هاشتاق",
    "هاشتاج",
    "هشتاق",
    "وسم",
    "صناع المحتوى",
    "صانع محتوى",
    "مدونين",
    "المدونين",
    "يوتيوبر",
    "twitter",
    "tweet",
    "tweets",
    "facebook",
    "instagram",
    "snapchat",
    "youtube",
    "whatsapp",
    "telegram",
    "tiktok",
    "hashtag",
]
CLITICS = "(?:و|ف)?(?:ب|ل|ك)?(?:ال|ل)?"
SUFFIXES = "(?:ات|ه|ها|هم|ي|ين|ون)?"
BROAD_PATTERN = re.compile(
    "|".join(
        rf"(?<!\w){CLITICS}{re.escape(word)}{SUFFIXES if len(word) > 3 else ''}(?!\w)"
        for word in sorted(BROAD_WORDS, key=len, reverse=True)
    ),
    re.IGNORECASE,
)


def broad_mentions(text: str) -> int:
    """Occurrences of the broad word list in normalized ``text``."""
    return len(BROAD_PATTERN.findall(normalize(text)))


def touched_articles(corpus: Path) -> list[dict[str, str | int]]:
    """Every readable article the broad list touches, in id order, with its stratum."""
    touched = []
    for article in read_corpus(corpus, fields=SAUDINEWSNET_FIELDS):
        if article.text is None:
            continue
        title = article.title or ""
        in_title = broad_mentions(title)
        mentions = in_title + broad_mentions(article.text)
        if mentions == 0:
            continue
        stratum = "title_or_3plus" if in_title or mentions >= 3 else "other"
        touched.append(
            {
                "article_id": article.article_id,
                "outlet": article.metadata.get("outlet", ""),
                "title": " ".join(title.split()),
                "stratum": stratum,
                "mentions": mentions,
            }
        )
    return touched


def draw(touched: list[dict[str, str | int]], seed: int = SEED) -> list[dict[str, str]]:
    """``PER_STRATUM`` articles per stratum (seeded), each stratum split into tuning and held-out."""
    rng = random.Random(seed)
    rows = []
    for stratum in ("title_or_3plus", "other"):
        members = sorted((item for item in touched if item["stratum"] == stratum), key=lambda item: item["article_id"])
        chosen = rng.sample(members, PER_STRATUM)  # in draw order: the first 2/3 are the tuning part
        n_tuning = round(PER_STRATUM * TUNING_SHARE)
        for position, item in enumerate(chosen):
            split = "tuning" if position < n_tuning else "held_out"
            rows.append(
                {**{key: str(item[key]) for key in COLUMNS if key in item}, "relevant": "", "reason": ""}
                | {"split": split}
            )
    return sorted(rows, key=lambda row: row["article_id"])


def write_new_sheet(rows: list[dict[str, str]], out: Path, columns: list[str]) -> int:
    """Write a coding sheet; refuse (exit status 1) when ``out`` already holds codes."""
    if out.exists():
        with out.open(encoding="utf-8", newline="") as handle:
            if any(row.get("relevant") for row in csv.DictReader(handle)):
                print(f"{out} already holds codes: not overwritten", file=sys.stderr)
                return 1
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {out}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SAUDINEWSNET_DIR)
    parser.add_argument("--out", type=Path, default=SAMPLE_FILE)
    parser.add_argument("--dry-run", action="store_true", help="print the strata, write nothing")
    args = parser.parse_args()
    touched = touched_articles(args.corpus)
    for stratum in ("title_or_3plus", "other"):
        print(f"{stratum}: {sum(item['stratum'] == stratum for item in touched)} touched articles")
    print(f"touched in all: {len(touched)}")
    if args.dry_run:
        return 0
    return write_new_sheet(draw(touched), args.out, COLUMNS)


if __name__ == "__main__":
    sys.exit(main())
