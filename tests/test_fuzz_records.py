"""The bounded fuzz run (benchmarks/fuzz_records.py): it counts what it tried and catches a lost input."""

from __future__ import annotations

import importlib.util
import json
import random
import sys

import pytest

from analysis.config.paths import REPO_ROOT

SCRIPT = REPO_ROOT / "benchmarks" / "fuzz_records.py"


@pytest.fixture(scope="module")
def fuzz():
    spec = importlib.util.spec_from_file_location("fuzz_records", SCRIPT)
    script = importlib.util.module_from_spec(spec)
    sys.modules["fuzz_records"] = script
    spec.loader.exec_module(script)
    return script


def test_a_short_run_tries_inputs_and_writes_the_counts(fuzz, tmp_path) -> None:
    out = tmp_path / "fuzz.json"
    args = ["--minutes", "0.02", "--seed", "3", "--crashes", str(tmp_path / "crashes"), "--json", str(out)]
    assert fuzz.main(args) == 0
    counts = json.loads(out.read_text(encoding="utf-8"))
    assert counts["batches"] >= 1 and counts["files"] == 12 * counts["batches"] and counts["entries"] >= counts["files"]
    assert counts["crashes"] == 0 and not (tmp_path / "crashes").exists()


def test_the_batch_check_fails_when_a_row_is_lost(fuzz, tmp_path, monkeypatch) -> None:
    fuzz.write_batch(random.Random(0), tmp_path, 4)
    original = fuzz.clean_corpus

    def losing_one_row(*args, **kwargs):
        articles, sentences, removed = original(*args, **kwargs)
        return articles.iloc[1:], sentences, removed

    monkeypatch.setattr(fuzz, "clean_corpus", losing_one_row)
    with pytest.raises(AssertionError, match="article rows for"):
        fuzz.check_batch(tmp_path)
