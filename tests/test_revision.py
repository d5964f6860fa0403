"""Comparing two frame dictionaries on a corpus (analysis.frames.revision, tools/compare_dictionaries.py)."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd

from analysis.config.paths import FRAMES_FILE, REPO_ROOT
from analysis.frames.lexicon import load_lexicon
from analysis.frames.revision import changed_by_term, compare_dictionaries, sample_changes
from tests.conftest import MINIMAL_LEXICON, PROCESSED_DIR

OLD = (
    "object:\n  - {term: تويتر, gloss: Twitter}\n"
    + MINIMAL_LEXICON
    + """      - {term: نفسي, gloss: psychological}
  regulation:
    label: regulation
    prefix: reg
    indicators:
      - {term: قانون, gloss: law}
"""
)
NEW = OLD.replace(
    "      - {term: قانون, gloss: law}\n",
    "      - {term: قانون, gloss: law}\n      - {term: تهكير, gloss: hacking}\n",
).replace(
    "      - {term: نفسي, gloss: psychological}\n",
    "      - {term: نفسي, gloss: psychological}\n    exclusions:\n"
    "      - {phrase: نفسي, gloss: terrorists' psychology, after: [ارهابيين]}\n",
)
SENTENCES = pd.DataFrame(
    {
        "article_id": ["a", "a", "b", "b", "c"],
        "sentence_id": [1, 2, 1, 2, 1],
        "text": [
            "الصحة النفسية لمستخدمي تويتر",  # both dictionaries: MH
            "التكوين النفسي للإرهابيين على تويتر",  # MH lost (an exclusion)
            "تهكير حساب على تويتر",  # REG gained
            "قانون جديد لتويتر",  # both: REG
            "تهكير بلا منصة",  # no object: nothing
        ],
    }
)


def lexicons(tmp_path):
    (tmp_path / "old.yaml").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(NEW, encoding="utf-8")
    return load_lexicon(tmp_path / "old.yaml"), load_lexicon(tmp_path / "new.yaml")


def test_the_comparison_counts_and_lists_what_each_frame_gains_and_loses(tmp_path) -> None:
    summary, changes = compare_dictionaries(SENTENCES, *lexicons(tmp_path))
    assert summary.to_dict("records") == [
        {"frame": "mental_health", "old": 2, "new": 1, "gained": 0, "lost": 1},
        {"frame": "regulation", "old": 1, "new": 2, "gained": 1, "lost": 0},
    ]
    assert changes[["frame", "change", "article_id", "sentence_id", "old_terms", "new_terms"]].values.tolist() == [
        ["mental_health", "lost", "a", 2, "نفسي", ""],
        ["regulation", "gained", "b", 1, "", "تهكير"],
    ]
    assert changes["text"].tolist() == [SENTENCES["text"][1], SENTENCES["text"][2]]


def test_identical_dictionaries_change_nothing(tmp_path) -> None:
    old, _ = lexicons(tmp_path)
    summary, changes = compare_dictionaries(SENTENCES, old, old)
    assert changes.empty and summary[["gained", "lost"]].to_numpy().sum() == 0
    assert changed_by_term(changes).empty and sample_changes(changes, 5, seed=1).empty


def test_a_frame_only_the_new_dictionary_has_is_all_gained(tmp_path) -> None:
    old, _ = lexicons(tmp_path)
    extra = tmp_path / "extra.yaml"
    extra.write_text(
        OLD + "  economy:\n    label: economy\n    prefix: eco\n    indicators:\n"
        "      - {term: استثمار, gloss: investment}\n",
        encoding="utf-8",
    )
    sentences = pd.DataFrame({"article_id": ["a"], "sentence_id": [1], "text": ["استثمار في تويتر"]})
    summary, changes = compare_dictionaries(sentences, old, load_lexicon(extra))
    assert summary.iloc[-1].to_dict() == {"frame": "economy", "old": 0, "new": 1, "gained": 1, "lost": 0}
    assert changes[["frame", "change"]].values.tolist() == [["economy", "gained"]]


def test_changes_are_attributed_to_the_terms_behind_them(tmp_path) -> None:
    _, changes = compare_dictionaries(SENTENCES, *lexicons(tmp_path))
    assert changed_by_term(changes).values.tolist() == [
        ["mental_health", "lost", "نفسي", 1],
        ["regulation", "gained", "تهكير", 1],
    ]


def test_the_sample_is_seeded_and_bounded_per_frame_and_change() -> None:
    changes = pd.DataFrame(
        {
            "frame": ["regulation"] * 6 + ["mental_health"] * 2,
            "change": ["gained"] * 4 + ["lost"] * 2 + ["gained"] * 2,
            "article_id": list("abcdefgh"),
        }
    )
    first, second = sample_changes(changes, 3, seed=7), sample_changes(changes, 3, seed=7)
    assert first.equals(second)
    assert first.groupby(["frame", "change"]).size().to_dict() == {
        ("mental_health", "gained"): 2,
        ("regulation", "gained"): 3,
        ("regulation", "lost"): 2,
    }
    assert list(first.index) == sorted(first.index)


def test_the_tool_shows_what_an_edit_changes_on_the_committed_run(tmp_path) -> None:
    edited = tmp_path / "frames.yaml"
    committed = FRAMES_FILE.read_text(encoding="utf-8")
    exclusions = '      - {phrase: انا نفسي, gloss: "I myself"}\n'
    assert exclusions in committed
    cancel = "      - {phrase: صحه نفسيه, gloss: cancelled}\n"  # an edit that cancels "mental health" everywhere
    edited.write_text(committed.replace(exclusions, cancel + exclusions), encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "tools" / "compare_dictionaries.py"),
            str(PROCESSED_DIR),
            "--old",
            str(FRAMES_FILE),
            "--new",
            str(edited),
            "--out",
            str(tmp_path / "changes.csv"),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO_ROOT,
    )
    changes = pd.read_csv(tmp_path / "changes.csv", dtype={"article_id": str})
    lost = changes[changes["change"] == "lost"]
    assert not lost.empty and set(lost["frame"]) == {"mental_health"}
    assert all("صحه نفسيه" in terms for terms in lost["old_terms"])
    assert f"mental_health lost: صحه نفسيه ({len(lost)})" in result.stdout
