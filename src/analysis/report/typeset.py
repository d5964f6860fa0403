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

from analysis.config.paths import (
    FIGURES_DIR,
    REPO_ROOT,
    REPORT_DATA,
    REPORT_PDF,
    REPORT_TEMPLATE,
    relative_to_repo,
    repo_path,
)
from analysis.config.tables import TABLES, FrameLayout
from analysis.frames.actors import actors_by_frame
from analysis.frames.keyness import ranked_words
from analysis.frames.lexicon import load_lexicon
from analysis.pipeline.outputs import read_table, write_json
from analysis.report import figures as plots
from analysis.report.fonts import report_font_dirs
from analysis.report.frame_styles import FrameStyles


def read_stage_tables(
    processed_dir: str | Path, frames: FrameLayout | None = None, table_format: str = "csv"
) -> dict[str, pd.DataFrame]:
    """Every table of ``processed_dir`` (``analysis.config.tables.TABLES``), with its columns typed."""
    return {name: read_table(spec, processed_dir, frames, table_format) for name, spec in TABLES.items()}


def make_figures(
    tables: dict[str, pd.DataFrame], params: dict[str, Any], folder: Path = FIGURES_DIR
) -> list[dict[str, str]]:
    """Draw and save the five figures; return each one's SVG path (from the repository
    root, as Typst wants it) and caption (what it shows, from which data and parameters).

    Every frame of the lexicon named in ``params`` is drawn; the keyness figure shows the
    two compared frames (``compare``).
    """
    n_terms = params["report_keyness_terms"]
    lexicon = load_lexicon(repo_path(params["lexicon"]))
    styles = FrameStyles.from_lexicon(lexicon, params["compare"])
    a, b = (styles.plain_labels[name] for name in styles.compared)
    data, ext = params["processed_dir"], params["table_format"]
    figures = [
        (
            "fig1_frame_shares",
            plots.frame_shares_figure(tables["article_frames"], tables["articles"], styles),
            f"Share of each article's sentences coded {styles.listing()}, with counts. "
            'Labels: the Arabic headline, the outlet and the date ("unknown" where the article does not state them). '
            f"Data: {data}/article_frames.{ext} (stage frames, dictionary {params['lexicon']}).",
        ),
        (
            "fig2_keyness",
            plots.keyness_figure(ranked_words(tables["keyness"], params["keyness_stopwords"]), n_terms, styles),
            f"The {n_terms} words most typical of sentences coded {a} only (top, positive z) and {b} "
            "only (bottom, negative z): Fightin' Words z with an informative prior from the whole corpus, "
            f"a0 = {params['keyness_a0']}, words seen at least {params['keyness_min_count']} times"
            f"{', stopwords skipped' if params['keyness_stopwords'] else ', stopwords included'}. "
            "Normalized Arabic word and English gloss (data/lexicons/glossary.yaml). "
            f"Data: {data}/keyness.{ext}.",
        ),
        (
            "fig3_prevalence",
            plots.prevalence_figure(tables["prevalence"], styles),
            "Share of sentences and of articles carrying each frame, with Wilson 95 % intervals; overall and by "
            f"outlet and outlet country for groups of at least {params['min_group_size']} articles (missing metadata "
            'forms the group "unknown"). '
            f"Data: {data}/prevalence.{ext}.",
        ),
        (
            "fig4_actors",
            plots.actors_figure(actors_by_frame(tables["actors"], lexicon), styles),
            "Who speaks: attributions (a verb of saying followed by a name or role) per actor type, split by the frame "
            f"of the sentence. Data: {data}/actors.{ext}; patterns in data/lexicons/actors.yaml.",
        ),
        (
            "fig5_sequence",
            plots.frame_sequence_figure(tables["sentence_frames"], tables["articles"], styles),
            "The frame of each sentence in reading order, one strip per article (position 1 is the headline where "
            f"there is one). Data: {data}/sentence_frames.{ext}.",
        ),
    ]
    listed = []
    for name, figure, caption in figures:
        plots.save_figure(figure, name, folder)
        listed.append({"file": "/" + relative_to_repo(folder / f"{name}.svg"), "caption": caption})
    return listed


def compile_report(
    data: dict[str, Any],
    output: Path = REPORT_PDF,
    data_path: Path = REPORT_DATA,
    template: Path = REPORT_TEMPLATE,
    root: Path = REPO_ROOT,
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
