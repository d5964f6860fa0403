"""A second glyph oracle for Arabic in figures (analysis.report.arabic_display), by outline.

``tests/test_arabic_display.py`` holds the label policy, the fallback pitfalls, missing
glyphs and a glyph-id oracle in the fonts matplotlib picks; this file checks the same
paths another way, comparing outlines in DejaVu Sans on the fallback path.

The oracle is HarfBuzz (uharfbuzz, a test dependency) shaping the *logical* text in the
same font file: its glyphs, in visual order, are what a correct renderer draws.

- Native path (matplotlib >= 3.11 with libraqm): the glyphs matplotlib itself lays out for
  the label must equal the oracle's, glyph id for glyph id, in the figures' Arabic font
  (Amiri, ``FIGURE_FONT_FAMILY[0]``).
- Fallback path (older matplotlib, no shaping, no bidi): such a matplotlib draws the
  label's characters one by one, left to right, through the font's character map. That
  sequence must equal the oracle's. The check uses DejaVu Sans (the figures' fallback
  font), whose Arabic presentation forms are single glyphs; Noto Sans Arabic draws dots
  as separate mark glyphs, which a one-glyph-per-character renderer cannot reproduce.
  Glyphs are compared by outline, since a font may hold the same outline under two ids
  (e.g. alef and its isolated presentation form).
"""

from __future__ import annotations

import unicodedata

import pytest
import uharfbuzz as hb
from matplotlib import _text_helpers, font_manager
from matplotlib.font_manager import FontProperties

from analysis.report.arabic_display import display_text
from analysis.report.fonts import FIGURE_FONT_FAMILY, font_files, register_figure_fonts

# Phrases from the corpus, as logical runs with their direction (the runs of an RTL
# paragraph are shown right to left: the first run is the rightmost).
PHRASES: dict[str, list[tuple[str, str]]] = {
    "lam-alef": [("الأخبار الزائفة والتشهير", "rtl")],
    "lam-alef after lam": [("للأشخاص أو للمقدسات", "rtl")],
    "Latin inside": [("منظمة ", "rtl"), ("MENAT SAC", "ltr")],
    "digits": [("في سبتمبر ", "rtl"), ("2024", "ltr")],
    "brackets": [("مركز «أمان» (الحماية)", "rtl")],
    "title": [("تيك توك تجمع الخبراء والمبدعين في أول قمة حول الصحة النفسية بالدار البيضاء", "rtl")],
}
WRAPPED_TITLE = "مشاورات مع تيك توك لفتح مكتب بالمغرب لتعزيز ثقافة تمغربيت"


def logical(runs: list[tuple[str, str]]) -> str:
    return "".join(text for text, _ in runs)


def hb_font(path) -> hb.Font:
    return hb.Font(hb.Face(hb.Blob.from_file_path(str(path))))


def oracle_glyphs(runs: list[tuple[str, str]], path) -> list[int]:
    """HarfBuzz glyph ids of the logical runs, in visual order of an RTL paragraph."""
    font = hb_font(path)
    glyphs: list[int] = []
    for text, direction in reversed(runs):
        buffer = hb.Buffer()
        buffer.add_str(text)
        buffer.direction = direction
        buffer.guess_segment_properties()
        hb.shape(font, buffer, {})
        glyphs += [info.codepoint for info in buffer.glyph_infos]
    return glyphs


class _OutlinePen:
    """Records a glyph's outline as a tuple of drawing commands."""

    def __init__(self) -> None:
        self.commands: list[tuple] = []

    def moveTo(self, point):  # noqa: N802 (pen protocol)
        self.commands.append(("M", *point))

    def lineTo(self, point):  # noqa: N802
        self.commands.append(("L", *point))

    def qCurveTo(self, *points):  # noqa: N802
        self.commands.append(("Q", *points))

    def curveTo(self, *points):  # noqa: N802
        self.commands.append(("C", *points))

    def closePath(self):  # noqa: N802
        self.commands.append(("Z",))


def outlines(glyphs: list[int], path) -> list[tuple]:
    font = hb_font(path)
    result = []
    for glyph in glyphs:
        pen = _OutlinePen()
        font.draw_glyph_with_pen(glyph, pen)
        result.append(tuple(pen.commands))
    return result


def drawn_one_by_one(visual: str, path) -> list[int]:
    """What a renderer without shaping draws: each character's glyph from the character map.

    An isolated presentation form is an alias of its base letter (a shaper draws the base
    letter's glyph where a letter joins neither side), so it is resolved to that glyph."""
    font = hb_font(path)
    glyphs = []
    for char in visual:
        if "ISOLATED FORM" in unicodedata.name(char, "") and len(unicodedata.normalize("NFKC", char)) == 1:
            char = unicodedata.normalize("NFKC", char)
        glyphs.append(font.get_nominal_glyph(ord(char)))
    return glyphs


def matplotlib_glyphs(label: str) -> list[tuple[int, str]]:
    """(glyph id, font file name) of what matplotlib lays out for one line of a label."""
    register_figure_fonts()
    paths = font_manager.fontManager._find_fonts_by_props(FontProperties(family=FIGURE_FONT_FAMILY))
    font = font_manager.get_font(paths)
    font.set_size(12, 72)
    return [(item.glyph_index, item.ft_object.fname) for item in _text_helpers.layout(label, font)]


@pytest.mark.parametrize("name", sorted(PHRASES))
def test_native_path_glyphs_equal_harfbuzz(name: str) -> None:
    runs = PHRASES[name]
    laid_out = matplotlib_glyphs(display_text(logical(runs), mode="native"))
    arabic_font = str(font_files()[FIGURE_FONT_FAMILY[0]])
    assert all(fname == arabic_font for _, fname in laid_out), f"every glyph comes from {FIGURE_FONT_FAMILY[0]}"
    assert [glyph for glyph, _ in laid_out] == oracle_glyphs(runs, arabic_font)


@pytest.mark.parametrize("name", sorted(PHRASES))
def test_fallback_path_glyphs_equal_harfbuzz(name: str) -> None:
    runs = PHRASES[name]
    dejavu = font_files()["DejaVu Sans"]
    drawn = drawn_one_by_one(display_text(logical(runs), mode="fallback"), dejavu)
    assert None not in drawn, "DejaVu Sans has every presentation form"
    assert outlines(drawn, dejavu) == outlines(oracle_glyphs(runs, dejavu), dejavu)


def test_wrapped_title_line_by_line_on_both_paths() -> None:
    logical_lines = display_text(WRAPPED_TITLE, width=24, mode="native").split("\n")
    fallback_lines = display_text(WRAPPED_TITLE, width=24, mode="fallback").split("\n")
    assert len(logical_lines) == len(fallback_lines) >= 2
    assert " ".join(logical_lines) == WRAPPED_TITLE  # wrapping keeps every word, in order
    arabic_font, dejavu = str(font_files()[FIGURE_FONT_FAMILY[0]]), font_files()["DejaVu Sans"]
    for native_line, fallback_line in zip(logical_lines, fallback_lines):
        expected = oracle_glyphs([(native_line, "rtl")], arabic_font)
        assert [glyph for glyph, _ in matplotlib_glyphs(native_line)] == expected
        drawn = drawn_one_by_one(fallback_line, dejavu)
        assert outlines(drawn, dejavu) == outlines(oracle_glyphs([(native_line, "rtl")], dejavu), dejavu)
