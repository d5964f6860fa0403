"""The report stage: figures from the stage tables, then the PDF typeset with Typst.

Typst (the PyPI ``typst`` package: no TeX, no browser) reads the template
``templates/framing_report.typ`` and the data file written here; fonts are the pinned
Amiri files only (system fonts ignored) and the document date is ``none``, so two
builds give identical bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import typst

from analysis import plots
from analysis.actors import actors_by_frame
from analysis.fonts import report_font_dirs
from analysis.outputs import read_csv, write_json
from analysis.paths import REPO_ROOT, relative_to_repo

TEMPLATE = REPO_ROOT / "templates" / "framing_report.typ"
FIGURES_DIR = REPO_ROOT / "reports" / "figures"
REPORT_PDF = REPO_ROOT / "reports" / "framing_report.pdf"
REPORT_DATA = REPO_ROOT / "reports" / "report_data.json"

STAGE_TABLE_TYPES: dict[str, dict[str, list[str]]] = {
    "articles": {"integers": ["n_lines_kept", "n_lines_removed", "n_sentences", "n_tokens"]},
    "sentences": {"integers": ["sentence_id", "line_no", "n_tokens"], "booleans": ["is_title"]},
    "removed_lines": {"integers": ["line_no"]},
    "sentence_frames": {"integers": ["sentence_id"], "booleans": ["mental_health", "regulation"]},
    "article_frames": {"integers": ["n_sentences", "n_mental_health", "n_regulation", "n_both", "n_neither"],
                       "floats": ["share_mental_health", "share_regulation", "framing_index"]},
    "prevalence": {"integers": ["n", "k"], "floats": ["share", "ci_low", "ci_high"]},
    "frame_difference": {"integers": ["n_articles", "n_sentences"], "floats": ["difference", "ci_low", "ci_high"]},
    "keyness": {"integers": ["count_mh", "count_reg"], "floats": ["fw_z", "g2", "p_value", "q_value", "log_ratio"]},
    "actors": {"integers": ["sentence_id"], "booleans": ["mental_health", "regulation"]},
    "validation": {"integers": ["n", "tp", "fp", "fn", "tn"],
                   "floats": ["precision", "recall", "f1", "hand_prevalence", "coded_prevalence", "alpha",
                              "precision_low", "precision_high", "recall_low", "recall_high", "f1_low", "f1_high",
                              "alpha_low", "alpha_high"]},
}


def read_stage_tables(processed_dir: str | Path) -> dict[str, pd.DataFrame]:
    """Every table of ``data/processed`` the report uses, with its columns typed."""
    return {name: read_csv(Path(processed_dir) / f"{name}.csv", **types) for name, types in STAGE_TABLE_TYPES.items()}


def make_figures(tables: dict[str, pd.DataFrame], params: dict[str, Any], folder: Path = FIGURES_DIR) -> list[dict[str, str]]:
    """Draw and save the five figures; return each one's SVG path (from the repository
    root, as Typst wants it) and caption (what it shows, from which data and parameters)."""
    n_terms = params["report_keyness_terms"]
    figures = [
        ("fig1_frame_shares", plots.frame_shares_figure(tables["article_frames"], tables["articles"]),
         "Share of each article's sentences coded mental health (MH) and regulation (REG), with counts. "
         "Labels: the Arabic headline, the outlet and the date (\"unknown\" where the article does not state them). "
         "Data: data/processed/article_frames.csv (stage frames, dictionary data/lexicons/frames.yaml)."),
        ("fig2_keyness", plots.keyness_figure(tables["keyness"], n_terms),
         f"The {n_terms} words most typical of sentences coded mental health only (top, positive z) and regulation only "
         f"(bottom, negative z): Fightin' Words z with an informative prior from the whole corpus, a0 = {params['keyness_a0']}, "
         f"words seen at least {params['keyness_min_count']} times. Normalized Arabic word and English gloss "
         "(data/lexicons/glossary.yaml). Data: data/processed/keyness.csv."),
        ("fig3_prevalence", plots.prevalence_figure(tables["prevalence"]),
         "Share of sentences and of articles carrying each frame, with Wilson 95 % intervals; overall and by outlet "
         f"and outlet country for groups of at least {params['min_group_size']} articles (missing metadata forms the "
         "group \"unknown\"). Data: data/processed/prevalence.csv."),
        ("fig4_actors", plots.actors_figure(actors_by_frame(tables["actors"])),
         "Who speaks: attributions (a verb of saying followed by a name or role) per actor type, split by the frame of "
         "the sentence. Data: data/processed/actors.csv; patterns in data/lexicons/actors.yaml."),
        ("fig5_sequence", plots.frame_sequence_figure(tables["sentence_frames"], tables["articles"]),
         "The frame of each sentence in reading order, one strip per article (position 1 is the headline where "
         "there is one). Data: data/processed/sentence_frames.csv."),
    ]
    listed = []
    for name, figure, caption in figures:
        plots.save_figure(figure, name, folder)
        listed.append({"file": "/" + relative_to_repo(folder / f"{name}.svg"), "caption": caption})
    return listed


def compile_report(
    data: dict[str, Any], output: Path = REPORT_PDF, data_path: Path = REPORT_DATA, template: Path = TEMPLATE, root: Path = REPO_ROOT
) -> Path:
    """Write the report data as JSON and typeset the PDF with Typst (fonts: Amiri only, no date).

    ``root`` is the folder Typst may read from: the data file and the figures must lie
    inside it (figure paths in ``data`` are relative to it).
    """
    write_json(data, data_path)
    output.parent.mkdir(parents=True, exist_ok=True)
    typst.compile(
        str(template),
        output=str(output),
        root=str(root),
        font_paths=[str(path) for path in report_font_dirs()],
        ignore_system_fonts=True,
        sys_inputs={"data": "/" + data_path.relative_to(root).as_posix()},
    )
    return output
