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

from analysis.config.params import CODER_NAMES
from analysis.config.paths import (
    FIGURES_DIR,
    REPO_ROOT,
    REPORT_DATA,
    REPORT_PDF,
    REPORT_TABLES_DIR,
    REPORT_TEMPLATE,
    relative_to_repo,
    repo_path,
)
from analysis.config.tables import TABLES, FrameLayout
from analysis.frames.actors import actors_by_frame
from analysis.frames.keyness import ranked_words
from analysis.frames.lexicon import load_lexicon
from analysis.pipeline.outputs import read_table, write_csv, write_json
from analysis.report import figures as plots
from analysis.report.aggregates import (
    MAX_FIGURE_GROUPS,
    SUMMARY_TABLES,
    TREND_OUTLETS,
    largest_group_prevalence,
    outlet_frame_shares,
    summarise,
)
from analysis.report.fonts import report_font_dirs
from analysis.report.frame_styles import FrameStyles


def read_stage_tables(
    processed_dir: str | Path, frames: FrameLayout | None = None, table_format: str = "csv"
) -> dict[str, pd.DataFrame]:
    """Every table of ``processed_dir`` (``analysis.config.tables.TABLES``), with its columns typed."""
    return {name: read_table(spec, processed_dir, frames, table_format) for name, spec in TABLES.items()}


def make_figures(
    tables: dict[str, pd.DataFrame],
    params: dict[str, Any],
    folder: Path = FIGURES_DIR,
    summaries: dict[str, Any] | None = None,
) -> list[dict[str, str]]:
    """Draw and save the figures; return each one's name, SVG path (from the repository root, as
    Typst wants it), caption (what it shows, from which data and parameters) and aspect
    (height / width, so the template can keep a tall figure on one page).

    Up to ``report_max_articles`` analysed articles: five figures, two of them one row per article.
    Above it: the framing index, outlets, trends, keyness and actors, and the per-article figures
    for a documented sample (``aggregates.summarise``). Every frame of the lexicon named in
    ``params`` is drawn; the keyness figure shows the two compared frames (``compare``). Figure
    files of the other size left in ``folder`` are removed.
    """
    lexicon = load_lexicon(repo_path(params["lexicon"]))
    styles = FrameStyles.from_lexicon(lexicon, params["compare"])
    summaries = summaries or summarise(tables, lexicon.names, params["report_max_articles"], params["trend_period"])
    figures = (per_article_figures if summaries["per_article"] else archive_figures)(tables, params, styles, summaries)
    listed = []
    for name, figure, caption in figures:
        width, height = figure.get_size_inches()
        plots.save_figure(figure, name, folder)
        file = "/" + relative_to_repo(folder / f"{name}.svg")
        listed.append({"name": name, "file": file, "caption": caption, "aspect": round(height / width, 3)})
    drawn = {name for name, _, _ in figures}
    for stale in sorted(Path(folder).glob("fig*_*.*")):
        if stale.suffix in {".pdf", ".png", ".svg"} and stale.stem not in drawn:
            stale.unlink()
    return listed


def _keyness_figure(tables: dict[str, pd.DataFrame], params: dict[str, Any], styles: FrameStyles) -> tuple:
    n_terms = params["report_keyness_terms"]
    a, b = (styles.plain_labels[name] for name in styles.compared)
    return (
        "fig2_keyness",
        plots.keyness_figure(ranked_words(tables["keyness"], params["keyness_stopwords"]), n_terms, styles),
        f"The {n_terms} words most typical of sentences coded {a} only (top, positive z) and {b} "
        "only (bottom, negative z): Fightin' Words z with an informative prior from the whole corpus, "
        f"a0 = {params['keyness_a0']}, words seen at least {params['keyness_min_count']} times"
        f"{', stopwords skipped' if params['keyness_stopwords'] else ', stopwords included'}. "
        "Normalized Arabic word and English gloss (data/lexicons/glossary.yaml). "
        f"Data: {params['processed_dir']}/keyness.{params['table_format']}.",
    )


def _actors_figure(tables: dict[str, pd.DataFrame], params: dict[str, Any], styles: FrameStyles) -> tuple:
    lexicon = load_lexicon(repo_path(params["lexicon"]))
    return (
        "fig4_actors",
        plots.actors_figure(actors_by_frame(tables["actors"], lexicon), styles),
        "Who speaks: attributions (a verb of saying followed by a name or role) per actor type, split by the frame "
        f"of the sentence. Data: {params['processed_dir']}/actors.{params['table_format']}; "
        "patterns in data/lexicons/actors.yaml.",
    )


def coder_codes(params: dict[str, Any]) -> str:
    """Whose codes the coder counts are, for a caption: "the dictionary's codes" or "the classifier's codes"."""
    return f"{CODER_NAMES[params['coder']]}'s codes"


def _estimates_figure(tables: dict[str, pd.DataFrame], params: dict[str, Any], styles: FrameStyles) -> tuple:
    overall = tables["estimates"][tables["estimates"]["grouping"] == "all"]
    corrected = bool(len(overall)) and bool(overall["status"].str.startswith("estimated").all())
    how = (
        "corrected by the hand-coded sample (filled, with its 95 % interval, which covers sampling and coding "
        f"error), beside {CODER_NAMES[params['coder']]}'s uncorrected share (open)"
        if corrected
        else "the coder's uncorrected share only (open): no correction, "
        + (str(overall["status"].iloc[0]) if len(overall) else "no sentences")
    )
    return (
        "fig0_corrected",
        plots.corrected_estimates_figure(tables["estimates"], styles),
        f"Share of the analysed sentences carrying each frame, {how}; overall and per outlet with at least "
        f"{params['min_validation_sentences']} hand-coded sentences. "
        f"Data: {params['processed_dir']}/estimates.{params['table_format']} (sheet {params['annotations']}).",
    )


def per_article_figures(
    tables: dict[str, pd.DataFrame], params: dict[str, Any], styles: FrameStyles, summaries: dict[str, Any]
) -> list[tuple[str, Any, str]]:
    """The five figures of a small corpus: figures 1 and 5 show every analysed article."""
    data, ext = params["processed_dir"], params["table_format"]
    return [
        _estimates_figure(tables, params, styles),
        (
            "fig1_frame_shares",
            plots.frame_shares_figure(tables["article_frames"], tables["articles"], styles),
            f"Share of each article's sentences coded {styles.listing()}, with counts (coder counts: "
            f"{coder_codes(params)}, not corrected). "
            'Labels: the Arabic headline, the outlet and the date ("unknown" where the article does not state them). '
            f"Data: {data}/article_frames.{ext} (stage frames, coder: {params['coder']}).",
        ),
        _keyness_figure(tables, params, styles),
        (
            "fig3_prevalence",
            plots.prevalence_figure(tables["prevalence"], styles),
            f"Coder counts ({coder_codes(params)}, not corrected): share of sentences and of articles carrying "
            "each frame, with Wilson 95 % intervals that ignore coding error; overall and by "
            f"outlet and outlet country for groups of at least {params['min_group_size']} articles (missing metadata "
            'forms the group "unknown"). '
            f"Data: {data}/prevalence.{ext}.",
        ),
        _actors_figure(tables, params, styles),
        (
            "fig5_sequence",
            plots.frame_sequence_figure(tables["sentence_frames"], tables["articles"], styles),
            "The frame of each sentence in reading order, one strip per article (position 1 is the headline where "
            f"there is one). Data: {data}/sentence_frames.{ext}.",
        ),
    ]


def archive_figures(
    tables: dict[str, pd.DataFrame], params: dict[str, Any], styles: FrameStyles, summaries: dict[str, Any]
) -> list[tuple[str, Any, str]]:
    """The figures of a corpus above ``report_max_articles``: summaries by outlet and period, and
    the per-article figures for the documented sample (``aggregates.strongest_articles``)."""
    data, ext = params["processed_dir"], params["table_format"]
    a, b = styles.compared
    tables_dir = relative_to_repo(REPORT_TABLES_DIR)
    sample = summaries["sample"]
    sampled = tables["article_frames"].set_index("article_id").loc[sample["article_id"]].reset_index()
    in_sample = tables["sentence_frames"]["article_id"].isin(set(sample["article_id"]))
    per_frame = int(sample.groupby("frame").size().max()) if len(sample) else 0
    sample_rule = (
        f"The sample: for each frame, the {per_frame} articles with the highest share of sentences carrying it "
        "(ties: more such sentences, then article id), each article once; "
        f"{len(sample)} of {len(summaries['analysed'])} analysed articles ({tables_dir}/sample.csv)."
    )
    shown = min(MAX_FIGURE_GROUPS, summaries["analysed"]["outlet"].nunique())
    bounded = largest_group_prevalence(tables["prevalence"], MAX_FIGURE_GROUPS)
    prevalence = (
        "fig3_prevalence",
        plots.prevalence_figure(bounded[bounded["unit"] == "article"], styles),
        f"Coder counts ({coder_codes(params)}, not corrected): share of the analysed articles carrying each "
        "frame (at least one sentence), with Wilson 95 % intervals that ignore coding error; "
        f"overall and by outlet and outlet country for groups of at least {params['min_group_size']} articles, the "
        f'{MAX_FIGURE_GROUPS} largest of each at most (missing metadata forms the group "unknown"). '
        f"Data: {data}/prevalence.{ext} (sentence shares too).",
    )
    period = params["trend_period"]
    return [
        _estimates_figure(tables, params, styles),
        (
            "fig1_framing_index",
            plots.framing_index_figure(summaries["analysed"], styles, MAX_FIGURE_GROUPS),
            f"The framing index ({styles.abbreviations[a]} − {styles.abbreviations[b]}) / "
            f"({styles.abbreviations[a]} + {styles.abbreviations[b]}) of each article with either frame: all "
            f"articles (left) and by outlet (right, the {shown} largest outlets; box: quartiles, line: median). "
            f"Data: {data}/article_frames.{ext}; by outlet in {tables_dir}/framing_index.csv.",
        ),
        prevalence,
        (
            "fig6_outlet_frames",
            plots.outlet_frames_figure(outlet_frame_shares(tables["prevalence"], MAX_FIGURE_GROUPS), styles),
            "Coder counts (not corrected). Outlet × frame: the share of each outlet's analysed articles carrying "
            "each frame (at least one "
            f"sentence), with k/n; outlets of at least {params['min_group_size']} articles, the "
            f"{MAX_FIGURE_GROUPS} largest at most. Data: {data}/prevalence.{ext}.",
        ),
        (
            "fig7_trends",
            plots.trend_figure(summaries["trends"], styles, period),
            f"Coder counts (not corrected): share of the analysed articles carrying each frame per {period}, with "
            f"Wilson 95 % bands: all outlets "
            f"and the {TREND_OUTLETS} largest outlets. {len(summaries['undated'])} articles without a usable date are "
            f"left out and listed in {tables_dir}/undated.csv. Data: {tables_dir}/trends.csv.",
        ),
        _keyness_figure(tables, params, styles),
        _actors_figure(tables, params, styles),
        (
            "fig8_sample_shares",
            plots.frame_shares_figure(sampled, tables["articles"], styles),
            f"Sampled articles: the share of each article's sentences coded {styles.listing()}, with counts. "
            f"{sample_rule} Data: {data}/article_frames.{ext}.",
        ),
        (
            "fig5_sequence",
            plots.frame_sequence_figure(tables["sentence_frames"][in_sample], tables["articles"], styles),
            f"Sampled articles: the frame of each sentence in reading order, one strip per article. {sample_rule} "
            f"Data: {data}/sentence_frames.{ext}.",
        ),
    ]


def write_summary_tables(summaries: dict[str, Any], folder: Path = REPORT_TABLES_DIR) -> list[Path]:
    """Write the full summaries behind the report's bounded tables as ``folder/<name>.csv``."""
    return [write_csv(summaries[name], Path(folder) / f"{name}.csv") for name in SUMMARY_TABLES]


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
