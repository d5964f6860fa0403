"""Frames are data all the way down: a lexicon with a third frame reaches every table,
figure legend and the report, and ``compare`` chooses the pair that is compared.

Runs the frames and report stages in a temporary copy of the repository with a fixture
lexicon: the committed one plus an ``economy`` block, compared against regulation.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from analysis.config.paths import REPO_ROOT
from analysis.frames.lexicon import load_lexicon
from tests.test_pipeline import VENV_BIN, make_repo_copy, run, set_params

pytestmark = pytest.mark.pipeline

ECONOMY_BLOCK = """
  economy:
    label: economy
    prefix: eco
    indicators:
      - {term: شركه, gloss: "company"}
      - {term: اقتصاد, gloss: "economy"}
      - {term: اقتصادي, gloss: "economic"}
      - {term: استثمار, gloss: "investment"}
      - {term: تجاره, gloss: "trade"}
"""


@pytest.fixture(scope="module")
def three_frame_copy(tmp_path_factory) -> Path:
    copy = make_repo_copy(tmp_path_factory.mktemp("three") / "repo")
    committed = (REPO_ROOT / "data" / "lexicons" / "frames.yaml").read_text(encoding="utf-8")
    (copy / "fixture_frames.yaml").write_text(committed.rstrip("\n") + "\n" + ECONOMY_BLOCK, encoding="utf-8")
    assert load_lexicon(copy / "fixture_frames.yaml").names == ("mental_health", "regulation", "economy")
    set_params(copy, lexicon="fixture_frames.yaml", compare="[economy, regulation]")
    for stage in ("frames", "report"):
        run([str(VENV_BIN / "python"), "-m", "analysis.pipeline.stages", stage], copy)
    return copy


def table(copy: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(copy / "data" / "processed" / f"{name}.csv", keep_default_na=False, dtype=str)


def test_third_frame_is_coded_and_in_every_frame_table(three_frame_copy: Path) -> None:
    sentences = table(three_frame_copy, "sentence_frames")
    assert list(sentences.columns) == [
        "article_id", "sentence_id", "mental_health", "regulation", "economy", "mh_terms", "reg_terms", "eco_terms",
    ]  # fmt: skip
    assert (sentences["economy"] == "True").sum() >= 3  # شركات appears in the five articles
    assert "n_economy" in table(three_frame_copy, "article_frames").columns
    assert "share_economy" in table(three_frame_copy, "article_frames").columns
    assert "economy" in set(table(three_frame_copy, "prevalence")["frame"])
    assert "economy" in table(three_frame_copy, "actors").columns


def test_compare_names_the_pair_of_the_difference_keyness_and_dominant_frame(three_frame_copy: Path) -> None:
    assert list(table(three_frame_copy, "keyness").columns[1:3]) == ["count_eco", "count_reg"]
    dominant = set(table(three_frame_copy, "article_frames")["dominant_frame"])
    assert dominant <= {"economy", "regulation", "mixed", "none"}
    metrics = json.loads((three_frame_copy / "reports" / "metrics.json").read_text(encoding="utf-8"))
    assert "difference_eco_minus_reg" in metrics
    assert set(metrics["prevalence"]["sentence"]) == {"mental_health", "regulation", "economy"}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")
@pytest.mark.parametrize("figure", ["fig1_frame_shares", "fig3_prevalence", "fig4_actors", "fig5_sequence"])
def test_third_frame_is_in_the_figure_legends(three_frame_copy: Path, figure: str) -> None:
    pdf = three_frame_copy / "reports" / "figures" / f"{figure}.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = re.sub("[\u200e\u200f\u202a-\u202e]", "", text)  # labels are laid out as RTL paragraphs
    assert ("ECO only" if figure == "fig4_actors" else "economy (ECO") in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")
def test_third_frame_is_in_the_report_text(three_frame_copy: Path) -> None:
    from tests.test_report import pdf_text

    text = " ".join(pdf_text(three_frame_copy / "reports" / "framing_report.pdf").split())
    assert "the economy frame" in text  # results in brief
    assert "at least one economy sentence" in text
    assert "ECO − REG" in text  # the compared pair
    assert "Typical of economy sentences" in text  # keyness sides
    assert "ECO only" in text  # who speaks
    assert "no column for economy" in text  # validation says the frame has no hand codes


def test_unknown_frame_in_compare_stops_the_stage_naming_it(tmp_path) -> None:
    copy = make_repo_copy(tmp_path / "repo")
    set_params(copy, compare="[mental_health, economics]")
    result = subprocess.run(
        [str(VENV_BIN / "python"), "-m", "analysis.pipeline.stages", "frames"],
        cwd=copy,
        env={"PATH": f"{VENV_BIN}:/usr/bin:/bin", "PYTHONPATH": str(copy / "src"), "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "no frame 'economics'" in result.stderr and "Traceback" not in result.stderr
