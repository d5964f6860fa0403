"""Fonts from pinned packages, registered explicitly: output never depends on system fonts.

Figures: Noto Sans Arabic (package ``pylopdf-fonts-ar``) with DejaVu Sans (shipped with
matplotlib) as per-glyph fallback for Latin letters and digits. Report: Amiri (package
``fontpkg-amiri``), static files whose PDF text layer extracts cleanly.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import fontpkg_amiri
import matplotlib
import pylopdf_fonts_ar
from matplotlib import font_manager

FIGURE_FONT_FAMILY = ["Noto Sans Arabic", "DejaVu Sans"]
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


def report_font_dirs() -> list[Path]:
    """Folders handed to Typst (it searches folders): the one holding the Amiri files."""
    return sorted({path.parent for role, path in font_files().items() if role.startswith("Amiri")})


@cache
def register_figure_fonts() -> None:
    """Register the figure fonts with matplotlib and set deterministic output settings.

    Sets the font family (Noto Sans Arabic, then DejaVu Sans), TrueType (Type 42) fonts
    in PDF, outlines in SVG (viewers would re-apply bidi to live text) and a fixed SVG
    hash salt.
    """
    for path in font_files().values():
        if path.suffix == ".ttf" and "Amiri" not in path.name:
            font_manager.fontManager.addfont(str(path))
    matplotlib.rcParams.update(
        {
            "font.family": FIGURE_FONT_FAMILY,
            "pdf.fonttype": 42,
            "svg.fonttype": "path",
            "svg.hashsalt": "tiktok-framing",
            "axes.unicode_minus": False,
        }
    )
