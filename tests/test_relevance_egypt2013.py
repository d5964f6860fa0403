"""The second real archive's relevance sample (data/annotations/relevance_egypt2013): the
design a reader needs to reuse the codes (strata, sizes, split) and complete codes."""

from __future__ import annotations

import pandas as pd

from analysis.config.paths import ANNOTATIONS_DIR

FOLDER = ANNOTATIONS_DIR / "relevance_egypt2013"


def _sheet() -> pd.DataFrame:
    return pd.read_csv(FOLDER / "relevance_sample.csv", dtype=str, keep_default_na=False)


def test_every_article_is_coded_with_a_reason() -> None:
    sheet = _sheet()
    assert sheet["article_id"].is_unique
    assert set(sheet["relevant"]) == {"yes", "no"}
    assert sheet["reason"].str.len().min() >= 15


def test_the_design_is_two_strata_of_64_halved_into_tuning_and_held_out() -> None:
    sheet = _sheet()
    counts = sheet.groupby(["stratum", "split"]).size()
    assert counts.to_dict() == {
        ("selected", "held_out"): 32,
        ("selected", "tuning"): 32,
        ("term_not_selected", "held_out"): 32,
        ("term_not_selected", "tuning"): 32,
    }
    sizes = sheet.groupby("stratum")["stratum_size"].unique()
    assert {stratum: list(values) for stratum, values in sizes.items()} == {
        "selected": ["1116"],
        "term_not_selected": ["6828"],
    }


def test_the_readme_states_the_codes() -> None:
    sheet = _sheet()
    relevant = sheet["relevant"].eq("yes")
    readme = (FOLDER / "README.md").read_text(encoding="utf-8")
    assert f"{int(relevant.sum())} of {len(sheet)} relevant" in readme
    selected = sheet["stratum"] == "selected"
    assert f"`selected` {int((relevant & selected).sum())} of {int(selected.sum())}" in readme


def test_the_readme_reports_the_committed_evaluation() -> None:
    """The README's table is evaluation.csv (tools/evaluate_selection_egypt2013.py --write)."""
    readme = (FOLDER / "README.md").read_text(encoding="utf-8")
    table = pd.read_csv(FOLDER / "evaluation.csv")
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
    assert (held_out["n"], held_out["hand_relevant"]) == (64, 25)
