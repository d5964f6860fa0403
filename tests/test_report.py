"""The figures and the PDF report: Arabic text layer, fonts, direction, literal corpus text."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from analysis.config.paths import REPO_ROOT
from analysis.config.paths import REPORT_TEMPLATE as TEMPLATE
from analysis.frames.glossary import MISSING_GLOSS
from analysis.report.data import NO_TRANSLATION
from analysis.report.fonts import FIGURE_FONT_FAMILY
from analysis.report.typeset import compile_report

REPORT = REPO_ROOT / "reports" / "framing_report.pdf"
FIGURES = REPO_ROOT / "reports" / "figures"
DATA = json.loads((REPO_ROOT / "reports" / "report_data.json").read_text(encoding="utf-8"))
FORMAT_CHARACTERS = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2066-\u2069]")

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext, pdffonts)")


def pdf_text(path: Path) -> str:
    """pdftotext output, NFKC-normalized, without bidi format characters, spaces collapsed."""
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", FORMAT_CHARACTERS.sub("", unicodedata.normalize("NFKC", text)))


def pdf_fonts(path: Path) -> str:
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


def compile_without_figures(data: dict, folder: Path) -> Path:
    """The report of ``data`` without its figures, typeset in ``folder`` with a copy of the template."""
    data = data | {"figures": []}
    shutil.copy(TEMPLATE, folder / TEMPLATE.name)
    return compile_report(data, folder / "report.pdf", folder / "data.json", folder / TEMPLATE.name, root=folder)


def test_report_text_layer_holds_the_arabic_in_logical_order() -> None:
    text = pdf_text(REPORT)
    words = set(re.findall(r"[\u0621-\u064a]+", text))  # table cells can touch: split at script changes
    for article in DATA["corpus"]:
        if article["title_is_arabic"]:  # whole Arabic words (digits and quotes move in extraction)
            for word in article["title"].split():
                if re.fullmatch(r"[\u0621-\u064a]+", word):
                    assert word in words, word
    arabic_words = set(re.findall(r"[\u0621-\u064a\u064b-\u0652]+", text))
    for example in DATA["examples"]:
        # Words intact (the text layer is searchable) ...
        expected = re.findall(r"[\u0621-\u064a\u064b-\u0652]+", unicodedata.normalize("NFKC", example["text"]))
        intact = sum(word in arabic_words for word in expected) / len(expected)
        assert intact >= 0.95, (example["article_id"], example["sentence_id"], intact)
        # ... and in logical order: most three-word runs inside a clause come back as
        # written (reversed text would give none; a few break at line ends).
        clauses = [
            clause.split() for clause in re.split(r"[،.:؛\"“”()]", unicodedata.normalize("NFKC", example["text"]))
        ]
        runs = [" ".join(clause[i : i + 3]) for clause in clauses for i in range(len(clause) - 2)]
        runs = [run for run in runs if re.fullmatch(r"[\u0621-\u064a\u064b-\u0652 ]+", run)]  # digits move
        assert sum(run in text for run in runs) / len(runs) >= 0.7, (example["article_id"], example["sentence_id"])
    assert "الدوحة – قنا" in text


def test_report_embeds_amiri_only() -> None:
    fonts = pdf_fonts(REPORT)
    names = re.findall(r"^\S+\+(\S+)", fonts, re.M)
    assert names and all(name.startswith("Amiri") for name in names), fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:]), "every font embedded"


def test_arabic_paragraph_runs_right_to_left() -> None:
    """In the PDF, a quoted sentence's first word lies right of its last word."""
    bbox = subprocess.run(["pdftotext", "-bbox", str(REPORT), "-"], capture_output=True, text=True, check=True).stdout
    words = [
        (float(x), word[::-1].strip('،.“”"'))
        for x, word in re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]+)</word>', bbox)
        if re.search(r"[\u0621-\u064a]", word)
    ]
    logical = [word for _, word in words]
    checked = 0
    for example in DATA["examples"]:
        parts = [part.strip('،.“”"') for part in example["text"].split()]
        first, last = parts[0], parts[-1]
        if logical.count(first) == 1 and logical.count(last) == 1:
            x_first = next(x for x, word in words if word == first)
            x_last = next(x for x, word in words if word == last)
            assert x_first > x_last, (first, last)
            checked += 1
    assert checked >= 2


@pytest.mark.parametrize(
    ("figure", "check_words"),
    [
        # Dotted letters too: with Noto Sans Arabic, poppler read a letter's dots (separate
        # mark glyphs) as a second copy of the letter (تت ييكك for تيك).
        ("fig1_frame_shares", ["تيك", "توك", "النفسية", "حول"]),
        ("fig2_keyness", ["النفسيه", "الصحه", "health"]),
        ("fig5_sequence", ["تيك", "توك", "النفسية", "حول"]),
    ],
)
def test_figure_pdfs_hold_logical_arabic_and_embed_the_figure_font(figure: str, check_words: list[str]) -> None:
    path = FIGURES / f"{figure}.pdf"
    text = pdf_text(path)
    for word in check_words:
        assert word in text.split(), word
    assert not re.search(r"[\ufb50-\ufdff\ufe70-\ufeff]", text), "presentation forms: the label was reshaped on 3.11"
    assert FIGURE_FONT_FAMILY[0].replace(" ", "") in pdf_fonts(path)


@pytest.mark.parametrize(
    "figure",
    ["fig0_corrected", "fig1_frame_shares", "fig2_keyness", "fig3_prevalence", "fig4_actors", "fig5_sequence"],
)
def test_every_figure_exists_in_three_formats_without_dates(figure: str) -> None:
    for extension in ("pdf", "png", "svg"):
        assert (FIGURES / f"{figure}.{extension}").stat().st_size > 5000
    assert b"CreationDate" not in (FIGURES / f"{figure}.pdf").read_bytes()
    assert "<dc:date>" not in (FIGURES / f"{figure}.svg").read_text(encoding="utf-8")


def test_report_has_no_date_and_names_typst() -> None:
    info = subprocess.run(["pdfinfo", str(REPORT)], capture_output=True, text=True, check=True).stdout
    assert "CreationDate" not in info and "Typst" in info


def test_every_quoted_sentence_and_term_is_glossed() -> None:
    assert all(article["title_translation"] != NO_TRANSLATION for article in DATA["corpus"])
    assert all(example["translation"] != NO_TRANSLATION for example in DATA["examples"])
    for row in DATA["keyness_a"] + DATA["keyness_b"]:
        assert row["gloss"] != MISSING_GLOSS, row["term"]
    assert all(term["gloss"] != MISSING_GLOSS for example in DATA["examples"] for term in example["terms"])


def test_unknown_metadata_and_missing_headline_are_shown() -> None:
    text = pdf_text(REPORT)
    assert "unknown" in text and "(no headline)" in text


def test_corpus_text_with_typst_markup_prints_literally(tmp_path) -> None:
    hostile = '#set page(width: 1cm) *bold* $x^2$ ] \\ #"code" <label> @ref _x_ // not a comment'
    data = json.loads(json.dumps(DATA))
    data["corpus"][0]["title"] = hostile
    data["corpus"][0]["title_is_arabic"] = False
    text = pdf_text(compile_without_figures(data, tmp_path))
    for token in hostile.split():  # the cell wraps: check each token kept its markup characters
        assert token in text, token


def test_figures_draw_without_a_missing_glyph(tmp_path) -> None:
    """matplotlib only warns about a missing glyph; here any warning fails."""
    import warnings

    from analysis.config.params import load_params
    from analysis.report.typeset import make_figures, read_stage_tables

    tables = read_stage_tables(REPO_ROOT / "data" / "processed")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figures = make_figures(tables, load_params(), tmp_path)
    assert len(figures) == 6  # the corrected shares, then the five figures of the coder's counts
    for figure in figures:  # same bytes as the committed figures
        name = Path(figure["file"]).stem
        for extension in ("pdf", "png", "svg"):
            assert (tmp_path / f"{name}.{extension}").read_bytes() == (FIGURES / f"{name}.{extension}").read_bytes()


def test_page_one_leads_with_the_corrected_estimates_beside_the_coder_counts() -> None:
    """The five articles are a census: the corrected shares are the hand codes, and page 1 says where the
    dictionary's count lies outside them."""
    page_one = subprocess.run(
        ["pdftotext", "-l", "1", str(REPORT), "-"], capture_output=True, text=True, check=True
    ).stdout.replace("\n", " ")
    metrics = json.loads((REPO_ROOT / "reports" / "metrics.json").read_text(encoding="utf-8"))["estimates"]
    assert metrics["corrected"] and metrics["n"] == metrics["N"] == 64
    regulation = metrics["quantities"]["regulation"]
    assert page_one.index("Corrected by the hand-coded sample") < page_one.index("coder counts, not corrected")
    assert f"{regulation['estimate'] * 100:.1f} %" in page_one
    assert "regulation sentences are under-counted" in page_one


def test_the_report_says_the_dictionary_coded_the_five_articles() -> None:
    text = " ".join(pdf_text(REPORT).split())
    assert "by the dictionary (the parameter coder: dictionary)" in text
    assert "Appendix: the coder" in text and "no learned model was trained" in text
    assert "The coders compared" in text and "Only the dictionary coded this run" in text


def test_a_classifier_run_says_so_with_its_scores_widths_and_model_card(tmp_path) -> None:
    from analysis.frames.coder_comparison import coder_comparison
    from analysis.frames.learned_coding import learn_coder, training_scores
    from analysis.frames.lexicon import default_lexicon
    from analysis.report.data import coder_data
    from tests.test_classifier import synthetic_sentences
    from tests.test_coder_comparison import FRAMES, simulated_study
    from tests.test_learned_coding import write_sheet

    training = write_sheet(synthetic_sentences(60, 0), tmp_path / "training.csv")
    estimation = write_sheet(synthetic_sentences(45, 60), tmp_path / "estimation.csv")
    card = learn_coder([str(training)], str(estimation), default_lexicon(), 3).card | {
        "model_file": "data/models/frames_coder.skops",
        "model_sha256": "ab" * 32,
    }
    populations, hand, sample, coverage = simulated_study()
    comparison = coder_comparison(
        populations, hand, sample, coverage, FRAMES, FRAMES, 50, "classifier", training_scores(card)
    )
    data = json.loads(json.dumps(DATA)) | coder_data(DATA["params"] | {"coder": "classifier"}, comparison, card)
    text = " ".join(pdf_text(compile_without_figures(data, tmp_path)).replace("’", "'").split())
    assert "by the classifier (the parameter coder: classifier)" in text
    assert "a classifier learned from 105 hand-coded sentences" in text and "narrower for regulation" in text
    assert "Its held-out macro F1 is" in text and "than the dictionary's (section The coders compared)" in text
    assert "The coders compared Both coders on the same hand-coded sample" in text and "classifier (used)" in text
    assert "Appendix: the coder" in text and "estimation sheet (cross-fitted)" in text
    assert "frames_coder.skops (sha256 abababababababab" in text and "Dictionary P / R / F1, same rows" in text
