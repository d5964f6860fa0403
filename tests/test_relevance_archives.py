"""The real archives' relevance samples (data/annotations/relevance_<archive>): the design a
reader needs to reuse the codes (strata, sizes, split), complete codes, and READMEs that state
them."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.config.paths import ANNOTATIONS_DIR

ARCHIVES = {
    "egypt2013": {"sizes": {"selected": "1116", "term_not_selected": "6828"}, "held_out": (64, 25)},
    "palestine2023": {"sizes": {"selected": "230", "term_not_selected": "958"}, "held_out": (64, 47)},
}
"""Each archive's stratum sizes and its held-out (n, hand-coded relevant) over the archive."""
pytestmark = pytest.mark.parametrize("archive", sorted(ARCHIVES))


def _folder(archive: str):
    return ANNOTATIONS_DIR / f"relevance_{archive}"


def _sheet(archive: str) -> pd.DataFrame:
    return pd.read_csv(_folder(archive) / "relevance_sample.csv", dtype=str, keep_default_na=False)


def test_every_article_is_coded_with_a_reason(archive: str) -> None:
    sheet = _sheet(archive)
    assert sheet["article_id"].is_unique
    assert set(sheet["relevant"]) == {"yes", "no"}
    assert sheet["reason"].str.len().min() >= 15


def test_the_design_is_two_strata_of_64_halved_into_tuning_and_held_out(archive: str) -> None:
    sheet = _sheet(archive)
    counts = sheet.groupby(["stratum", "split"]).size()
    assert counts.to_dict() == {
        ("selected", "held_out"): 32,
        ("selected", "tuning"): 32,
        ("term_not_selected", "held_out"): 32,
        ("term_not_selected", "tuning"): 32,
    }
    sizes = sheet.groupby("stratum")["stratum_size"].unique()
    expected = ARCHIVES[archive]["sizes"]
    assert {stratum: list(values) for stratum, values in sizes.items()} == {k: [v] for k, v in expected.items()}


def test_the_readme_states_the_codes(archive: str) -> None:
    sheet = _sheet(archive)
    relevant = sheet["relevant"].eq("yes")
    readme = (_folder(archive) / "README.md").read_text(encoding="utf-8")
    assert f"{int(relevant.sum())} of {len(sheet)} relevant" in readme
    selected = sheet["stratum"] == "selected"
    assert f"`selected` {int((relevant & selected).sum())} of {int(selected.sum())}" in readme


def test_the_readme_reports_the_committed_evaluation(archive: str) -> None:
    """The README's table is evaluation.csv (tools/evaluate_selection_archive.py ARCHIVE ... --write)."""
    readme = (_folder(archive) / "README.md").read_text(encoding="utf-8")
    table = pd.read_csv(_folder(archive) / "evaluation.csv")
    rows = table[table["rule"].str.startswith("selection rule")]
    assert len(rows) == 6
    for row in rows.itertuples():
        line = (
            f"| {row.rule} | {row.split} | {row.n} | {row.hand_relevant} | {row.selected} | {row.tp} "
            f"| {row.precision:.2f} ({row.precision_low:.2f}-{row.precision_high:.2f}) "
            f"| {row.recall:.2f} ({row.recall_low:.2f}-{row.recall_high:.2f}) |"
        )
        assert line in readme, f"README.md is stale; the row is now:\n{line}"
    held_out = rows.set_index(["rule", "split"]).loc[("selection rule (k = 2), archive", "held_out")]
    assert (held_out["n"], held_out["hand_relevant"]) == ARCHIVES[archive]["held_out"]
