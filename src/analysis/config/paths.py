"""Every path the package knows, in one place, so code runs the same from any directory.

Paths that a researcher chooses (the raw corpus, the processed tables, the lexicon, the
hand coding) come from ``params.yaml`` and are resolved with ``repo_path``; the fixed
locations of the project's own files are the constants below.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT: Path = Path(__file__).resolve().parents[3]
"""The repository's top folder (the one holding ``dvc.yaml``)."""

# Configuration and environment
PARAMS_FILE: Path = REPO_ROOT / "params.yaml"
DVC_FILE: Path = REPO_ROOT / "dvc.yaml"
REQUIREMENTS_IN: Path = REPO_ROOT / "requirements" / "requirements.in"
LOCK_FILE: Path = REPO_ROOT / "requirements" / "lock.txt"

# Data the code reads (lexicons and hand coding)
LEXICON_DIR: Path = REPO_ROOT / "data" / "lexicons"
FRAMES_FILE: Path = LEXICON_DIR / "frames.yaml"
MORPHOLOGY_FILE: Path = LEXICON_DIR / "morphology.yaml"
ACTORS_FILE: Path = LEXICON_DIR / "actors.yaml"
GLOSSARY_FILE: Path = LEXICON_DIR / "glossary.yaml"
STOPWORDS_FILE: Path = LEXICON_DIR / "stopwords.yaml"
NEWS_AGENCIES_FILE: Path = LEXICON_DIR / "news_agencies.yaml"
FURNITURE_FILE: Path = LEXICON_DIR / "furniture.yaml"
SELECTION_FILE: Path = LEXICON_DIR / "selection.yaml"
ANNOTATIONS_DIR: Path = REPO_ROOT / "data" / "annotations"
TRANSLATIONS_FILE: Path = ANNOTATIONS_DIR / "translations.csv"
RELEVANCE_SAMPLE_FILE: Path = ANNOTATIONS_DIR / "relevance" / "relevance_sample.csv"
RELEVANCE_EVALUATION_FILE: Path = ANNOTATIONS_DIR / "relevance" / "evaluation.csv"
FIVE_ARTICLE_CODES_FILE: Path = ANNOTATIONS_DIR / "validation_sentences.csv"
SAUDINEWSNET_FRAME_SHEET: Path = ANNOTATIONS_DIR / "saudinewsnet" / "frames_sheet.csv"
SAUDINEWSNET_RECALL_SHEET: Path = ANNOTATIONS_DIR / "saudinewsnet" / "frames_sheet_2.csv"
SAUDINEWSNET_TEST_SHEET: Path = ANNOTATIONS_DIR / "saudinewsnet" / "frames_sheet_3.csv"
"""A fresh test set, all held out, for the third dictionary revision (its README)."""
SAUDINEWSNET_TEST_SHEET_2: Path = ANNOTATIONS_DIR / "saudinewsnet" / "frames_sheet_4.csv"
"""A second fresh test set, all held out, for the fourth dictionary revision (its README)."""
DICTIONARY_EVALUATION_FILE: Path = ANNOTATIONS_DIR / "dictionary_evaluation.csv"
PROCESSED_README: Path = REPO_ROOT / "data" / "processed" / "README.md"
MODELS_DIR: Path = REPO_ROOT / "data" / "models"
"""What the frames stage writes about its coder (a DVC output): the card, and the learned coder's model."""
CODER_CARD_FILE: Path = MODELS_DIR / "frames_coder.json"
"""The coder's card: which coder coded the sentences; for the learned coder, its model card."""
CODER_FILE: Path = MODELS_DIR / "frames_coder.skops"
"""The learned coder (``coder: classifier`` only), saved with skops, loaded without pickle."""
CODEBOOK_FILE: Path = REPO_ROOT / "docs" / "codebook.md"

# Notebooks and what the stages write besides the processed tables
NOTEBOOK_DIR: Path = REPO_ROOT / "notebooks"
REPORTS_DIR: Path = REPO_ROOT / "reports"
EXECUTED_NOTEBOOK_DIR: Path = REPORTS_DIR / "notebooks"
FIGURES_DIR: Path = REPORTS_DIR / "figures"
METRICS_FILE: Path = REPORTS_DIR / "metrics.json"
PROVENANCE_FILE: Path = REPORTS_DIR / "provenance.json"
REPORT_DATA: Path = REPORTS_DIR / "report_data.json"
REPORT_PDF: Path = REPORTS_DIR / "framing_report.pdf"
REPORT_TABLES_DIR: Path = REPORTS_DIR / "tables"
"""The full tables behind the report's bounded ones (per outlet, per period, the article sample, undated articles)."""
REPORT_TEMPLATE: Path = REPO_ROOT / "templates" / "framing_report.typ"

# Benchmarks
BENCHMARK_RESULTS_DIR: Path = REPO_ROOT / "benchmarks" / "results"
SHARED_DIR: Path = REPO_ROOT.parent / "shared"
SAUDINEWSNET_DIR: Path = SHARED_DIR / "datasets" / "saudinewsnet"


def repo_path(path: str | os.PathLike[str]) -> Path:
    """Resolve a path from ``params.yaml`` (relative to the repository) to an absolute one.

    Parameters
    ----------
    path: a path relative to the repository root, or an absolute path.

    Returns
    -------
    The absolute path; the current working directory plays no part.
    """
    candidate = Path(path)
    return candidate if candidate.is_absolute() else REPO_ROOT / candidate


def relative_to_repo(path: str | os.PathLike[str]) -> str:
    """Express a path relative to the repository, with forward slashes, for outputs.

    Paths outside the repository come out as ``../...``; outputs never hold an
    absolute path.
    """
    return Path(os.path.relpath(repo_path(path), REPO_ROOT)).as_posix()
