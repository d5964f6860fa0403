"""Fonts from pinned packages, registered explicitly: output never depends on system fonts.

Figures: Amiri (package ``fontpkg-amiri``) with DejaVu Sans (shipped with matplotlib) as
per-glyph fallback, chosen by measuring what ``pdftotext`` reads back from the figure PDFs
(Type 42 fonts): of the Arabic words extracted from the five articles' figures, 98 % are
words of the corpus or the lexicons with Amiri, 31 % with Noto Sans Arabic and 40 % with
Noto Naskh Arabic (``pylopdf-fonts-ar``), whose dots and marks are separate glyphs that
poppler reads as extra letters (``benchmarks/figure_fonts.py`` measures it again). On the
fallback path (a matplotlib that cannot shape, labels given as presentation forms drawn
one by one) Amiri's contextual forms cannot be reproduced: that path keeps Noto Sans
Arabic, whose presentation forms the tests check glyph by glyph. Report: Amiri, static
files whose PDF text layer extracts cleanly.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import fontpkg_amiri
import matplotlib
import pylopdf_fonts_ar
from matplotlib import font_manager

from analysis.report.arabic_display import shaping_mode

FIGURE_FONT_FAMILY = ["Amiri", "DejaVu Sans"]
FALLBACK_FIGURE_FONT_FAMILY = ["Noto Sans Arabic", "DejaVu Sans"]
REPORT_FONT = "Amiri"


def font_files() -> dict[str, Path]:
    """The font files the project uses, by role (all from pinned Python packages)."""
    amiri = Path(fontpkg_amiri.__file__).parent / "files"
    return {
        "Noto Sans Arabic": Path(pylopdf_fonts_ar.__file__).parent / "NotoSansArabic-Variable.ttf",
        "DejaVu Sans": Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf",
        "DejaVu Sans Bold": Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans-Bold.ttf",
        "Amiri": amiri / "Amiri-Regular.ttf",
        "Amiri Bold": amiri / "Amiri-Bold.ttf",
        "Amiri Italic": amiri / "Amiri-Italic.ttf",
        "Amiri Bold Italic": amiri / "Amiri-BoldItalic.ttf",
    }


def figure_font_family(mode: str | None = None) -> list[str]:
    """The figures' font family for a shaping path (``arabic_display.shaping_mode``): Amiri
    when matplotlib shapes Arabic itself, Noto Sans Arabic on the fallback path."""
    return FIGURE_FONT_FAMILY if shaping_mode(mode) == "native" else FALLBACK_FIGURE_FONT_FAMILY


def report_font_dirs() -> list[Path]:
    """Folders handed to Typst (it searches folders): the one holding the Amiri files."""
    return sorted({path.parent for role, path in font_files().items() if role.startswith("Amiri")})


@cache
def register_figure_fonts() -> None:
    """Register the figure fonts with matplotlib and set deterministic output settings.

    Sets the font family (``figure_font_family``), TrueType (Type 42) fonts in PDF, outlines
    in SVG (viewers would re-apply bidi to live text) and a fixed SVG hash salt.
    """
    for path in font_files().values():
        font_manager.fontManager.addfont(str(path))
    matplotlib.rcParams.update(
        {
            "font.family": figure_font_family(),
            "pdf.fonttype": 42,
            "svg.fonttype": "path",
            "svg.hashsalt": "tiktok-framing",
            "axes.unicode_minus": False,
        }
    )
