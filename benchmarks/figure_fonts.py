"""Measure: how much of each figure PDF's Arabic text layer reads back, per candidate font.

Draws the report's figures from the committed stage tables once per candidate figure font
(every Arabic font the lock ships: Amiri from ``fontpkg-amiri``, Noto Sans / Naskh Arabic
from ``pylopdf-fonts-ar``; DejaVu Sans as the per-glyph fallback), runs ``pdftotext`` on each
figure PDF and counts the Arabic words that are words of the corpus or the lexicons
(``analysis.report.text_layer``). ``analysis.report.fonts`` names the chosen font.

    python benchmarks/figure_fonts.py [--processed data/processed] [--fonttype 42]

Not part of ``dvc repro`` or ``make test``.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
from pathlib import Path

import matplotlib
from matplotlib import font_manager

from analysis.config.params import load_params
from analysis.config.paths import LEXICON_DIR, REPO_ROOT
from analysis.report import fonts
from analysis.report.text_layer import corpus_vocabulary, pdf_arabic_words
from analysis.report.typeset import make_figures, read_stage_tables

CANDIDATES = {
    "Amiri": Path(fonts.fontpkg_amiri.__file__).parent / "files" / "Amiri-Regular.ttf",
    "Noto Sans Arabic": Path(fonts.pylopdf_fonts_ar.__file__).parent / "NotoSansArabic-Variable.ttf",
    "Noto Naskh Arabic": Path(fonts.pylopdf_fonts_ar.__file__).parent / "NotoNaskhArabic-Variable.ttf",
}


def measure(font: str, tables: dict, vocabulary: set[str], fonttype: int) -> dict[str, tuple[int, int]]:
    """(readable, extracted) Arabic words per figure PDF drawn with ``font`` first."""
    fonts.register_figure_fonts()
    font_manager.fontManager.addfont(str(CANDIDATES[font]))
    matplotlib.rcParams.update({"font.family": [font, "DejaVu Sans"], "pdf.fonttype": fonttype})
    with tempfile.TemporaryDirectory() as folder:
        make_figures(tables, load_params(), Path(folder))
        counts = {}
        for pdf in sorted(Path(folder).glob("*.pdf")):
            words = pdf_arabic_words(pdf)
            counts[pdf.stem] = (sum(word in vocabulary for word in words), len(words))
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processed", type=Path, default=REPO_ROOT / "data" / "processed")
    parser.add_argument("--fonttype", type=int, choices=(3, 42), default=42, help="matplotlib pdf.fonttype")
    args = parser.parse_args()
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    tables = read_stage_tables(args.processed)
    vocabulary = corpus_vocabulary(tables["articles"], tables["sentences"], sorted(LEXICON_DIR.glob("*.yaml")))
    print(f"| font (pdf.fonttype {args.fonttype}) | figure | readable / extracted Arabic words | share |")
    print("|---|---|---|---|")
    for font in CANDIDATES:
        counts = measure(font, tables, vocabulary, args.fonttype)
        for figure, (readable, extracted) in counts.items():
            if extracted:
                print(f"| {font} | {figure} | {readable} / {extracted} | {readable / extracted:.0%} |")
        readable = sum(r for r, _ in counts.values())
        extracted = sum(e for _, e in counts.values())
        print(f"| {font} | all | {readable} / {extracted} | {readable / extracted:.1%} |")


if __name__ == "__main__":
    main()
