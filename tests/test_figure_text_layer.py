"""Every figure PDF's text layer reads back: at least 90 % of the Arabic words ``pdftotext``
extracts are words of the corpus or the lexicons (normalized). With Noto Sans Arabic, whose
dots are separate glyphs, about a third were (تت ييكك تتوكك for تيك توك)."""

from __future__ import annotations

import shutil

import pytest

from analysis.config.paths import LEXICON_DIR, REPO_ROOT
from analysis.config.tables import TABLES
from analysis.pipeline.outputs import read_table
from analysis.report.text_layer import corpus_vocabulary, pdf_arabic_words, readable_share
from tests.conftest import PROCESSED_DIR

FIGURES = REPO_ROOT / "reports" / "figures"
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")


@pytest.fixture(scope="module")
def vocabulary() -> set[str]:
    articles = read_table(TABLES["articles"], PROCESSED_DIR)
    sentences = read_table(TABLES["sentences"], PROCESSED_DIR)
    return corpus_vocabulary(articles, sentences, sorted(LEXICON_DIR.glob("*.yaml")))


@pytest.mark.parametrize("figure", sorted(path.stem for path in FIGURES.glob("*.pdf")))
def test_figure_pdf_arabic_reads_back_as_corpus_words(figure: str, vocabulary: set[str]) -> None:
    words = pdf_arabic_words(FIGURES / f"{figure}.pdf")
    share = readable_share(words, vocabulary)
    unreadable = [word for word in words if word not in vocabulary]
    assert share >= 0.9, f"{figure}: {share:.0%} of {len(words)} Arabic words readable; not: {unreadable[:10]}"


def test_the_figures_with_arabic_labels_have_a_text_layer() -> None:
    """Not vacuous: headlines and distinguishing words are in the text layer."""
    for figure in ("fig1_frame_shares", "fig2_keyness", "fig5_sequence"):
        assert len(pdf_arabic_words(FIGURES / f"{figure}.pdf")) >= 20, figure


def test_the_check_fails_on_words_with_doubled_dots(vocabulary: set[str]) -> None:
    """What poppler made of Noto Sans Arabic's separate dot glyphs is not readable."""
    assert readable_share(["تت", "ييكك", "تتوكك", "تيك", "توك"], vocabulary) == pytest.approx(0.4)
