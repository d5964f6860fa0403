"""Arabic labels are right on both paths of ``analysis.arabic_display.display_text``.

Oracle: HarfBuzz (uharfbuzz) shaping the *logical* text in the figure fonts, one
directional run at a time, runs laid out as in a right-to-left paragraph. Its glyphs, in
visual order, are what a correct renderer draws.

- Native path (this matplotlib, libraqm), in the figures' font (Amiri, then DejaVu Sans):
  the glyphs matplotlib lays out for a label (``matplotlib._text_helpers.layout``) equal
  the oracle's, font file and glyph id alike, Amiri's contextual alternates included.
- Fallback path (a matplotlib without shaping or bidi), in that path's font (Noto Sans
  Arabic, then DejaVu Sans; ``fonts.figure_font_family``): such a matplotlib maps each
  character of the label through the font's character map and draws the glyphs left to
  right. In Noto Sans Arabic a presentation form is a composite glyph (skeleton + dots or
  hamza), while HarfBuzz draws the skeleton and the marks as separate glyphs, and picks
  wider contextual alternates (``.wide``) that no presentation form names. So both sides
  are compared as the letters drawn: each skeleton glyph (``.wide`` dropped) with the
  marks on it, in visual order. Mark positions are not compared (a composite's fixed
  offsets versus HarfBuzz's anchors).

Characters take their glyph from the first figure font of the path whose character map
holds them, as matplotlib's per-glyph fallback does.
"""

from __future__ import annotations

import io
import re
import textwrap
import unicodedata
import warnings
from functools import cache
from pathlib import Path

import matplotlib.ft2font
import pytest
import uharfbuzz as hb
from fontTools.ttLib import TTFont
from matplotlib import _text_helpers, font_manager
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from analysis.report.arabic_display import RLM, display_text, shaping_mode
from analysis.report.fonts import FIGURE_FONT_FAMILY, figure_font_family, font_files, register_figure_fonts
from tests.conftest import RAW_DIR

# --------------------------------------------------------------------------- phrases

LAM_ALEF = "الأخبار الزائفة"  # initial lam-alef with hamza
LAM_LAM_ALEF = "للأشخاص"  # medial lam-alef with hamza
LATIN = "وعضو بمنظمة MENAT SAC، أهمية"  # a Latin run inside an Arabic line
DIGITS = "المحتلة يوم 15 سبتمبر 2024"  # two digit runs
BRACKETS = "(الصحة النفسية)"  # a corpus phrase in brackets (the corpus has none)
QUOTED_TITLE = "مشاورات مع تيك توك لفتح مكتب بالمغرب لتعزيز ثقافة “تمغربيت”"  # title of article 001
WRAPPED_TITLE = 'بسبب أحداث 15 شتنبر.. بنسعيد يلتقي مسؤولا بـ"تيكتوك" لمحاربة "المحتوى المخالف للقانون"'  # 002

ORACLE_PHRASES = {
    "lam-alef": LAM_ALEF,
    "lam-lam-alef": LAM_LAM_ALEF,
    "latin": LATIN,
    "digits": DIGITS,
    "brackets": BRACKETS,
    "quoted title": QUOTED_TITLE,
}
# (phrase, width): 30 as in the figures; 10 puts "15 شتنبر.." at the start of a line
# (RLM); 11 leaves "MENAT SAC،" alone on a line of an Arabic label.
WRAPPED = ((WRAPPED_TITLE, 30), (WRAPPED_TITLE, 10), (LATIN, 11))
WITH_HARAKAT = "اهتمامًا واسعًا"  # tanween fath; policy and pitfalls only (see test_fallback_keeps_harakat)

ARABIC_LETTERS = re.compile("[\u0621-\u064a]")
PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
# Letters that have presentation forms (tatweel U+0640 and U+063B-063F have none).
UNSHAPED_LETTERS = re.compile("[\u0621-\u063a\u0641-\u064a]")
HARAKAT = re.compile("[\u064b-\u0652]")


def has_arabic(text: str) -> bool:
    return bool(ARABIC_LETTERS.search(text))


def all_policy_phrases() -> list[str]:
    lines = [line for phrase, width in WRAPPED for line in textwrap.wrap(phrase, width, break_long_words=False)]
    return [*ORACLE_PHRASES.values(), WRAPPED_TITLE, WITH_HARAKAT, *(line for line in lines if has_arabic(line))]


# ---------------------------------------------------------------------- fonts


def figure_font_paths(mode: str = "native") -> list[Path]:
    """The figure fonts of a shaping path in family order (the per-glyph fallback order)."""
    return [font_files()[family] for family in figure_font_family(mode)]


@cache
def hb_font(path: Path) -> hb.Font:
    return hb.Font(hb.Face(hb.Blob.from_file_path(str(path))))


@cache
def tt_font(path: Path) -> TTFont:
    return TTFont(path)


def font_for(char: str, mode: str = "native") -> Path:
    """The first figure font (of the ``mode`` path) whose character map holds ``char``."""
    for path in figure_font_paths(mode):
        if hb_font(path).get_nominal_glyph(ord(char)):
            return path
    raise AssertionError(f"no figure font has {unicodedata.name(char, hex(ord(char)))}")


def split_by_font(text: str, mode: str = "native") -> list[tuple[str, Path]]:
    runs: list[tuple[str, Path]] = []
    for char in text:
        path = font_for(char, mode)
        if runs and runs[-1][1] == path:
            runs[-1] = (runs[-1][0] + char, path)
        else:
            runs.append((char, path))
    return runs


# ----------------------------------------------------------------------- bidi runs


def strong_type(char: str) -> str | None:
    if "\u0600" <= char <= "\u06ff" and unicodedata.bidirectional(char) == "AL":
        return "R"
    if char.isascii() and char.isdigit():
        return "EN"
    if unicodedata.bidirectional(char) == "L":
        return "L"
    return None  # neutral: spaces, punctuation, quotes, brackets


def directional_runs(line: str) -> list[tuple[str, str]]:
    """Logical runs of ``line`` in a right-to-left paragraph: [(text, "rtl" | "ltr")].

    Enough of the Unicode bidi algorithm for the phrases here: Arabic letters are R, Latin
    letters L, digits EN (L after a Latin letter, rule W7); a neutral between two L is L,
    any other neutral takes the paragraph direction (R; EN counts as R, rule N1). Numbers
    with separators ("9,5", "16:04") would need rules W4-W5: refused.
    """
    if re.search(r"\d[^\w\s]\d", line):
        raise ValueError(f"number with separators, outside this splitter: {line!r}")
    types = [strong_type(char) for char in line]
    last_strong = "R"
    for index, kind in enumerate(types):
        if kind == "EN" and last_strong == "L":
            types[index] = "L"
        elif kind in ("L", "R"):
            last_strong = kind
    strong = [(index, kind) for index, kind in enumerate(types) if kind]
    directions = []
    for index, kind in enumerate(types):
        if kind is None:
            before = next((k for i, k in reversed(strong) if i < index), "R")
            after = next((k for i, k in strong if i > index), "R")
            kind = "L" if before == after == "L" else "R"
        directions.append("rtl" if kind == "R" else "ltr")
    runs: list[tuple[str, str]] = []
    for char, direction in zip(line, directions):
        if runs and runs[-1][1] == direction:
            runs[-1] = (runs[-1][0] + char, direction)
        else:
            runs.append((char, direction))
    return runs


def test_directional_runs_split_as_the_bidi_algorithm_does() -> None:
    assert directional_runs(LATIN) == [("وعضو بمنظمة ", "rtl"), ("MENAT SAC", "ltr"), ("، أهمية", "rtl")]
    assert directional_runs(DIGITS) == [("المحتلة يوم ", "rtl"), ("15", "ltr"), (" سبتمبر ", "rtl"), ("2024", "ltr")]
    assert directional_runs("TikTok 2024 تيك") == [("TikTok 2024", "ltr"), (" تيك", "rtl")]
    with pytest.raises(ValueError, match="separators"):
        directional_runs("16:04 برادة")


# -------------------------------------------------------------------------- oracle

Glyph = tuple[Path, int]  # (font file, glyph id)


def harfbuzz_visual_glyphs(line: str, mode: str = "native") -> list[Glyph]:
    """HarfBuzz's glyphs for one logical line, in visual order (left to right).

    Runs have levels 1 (rtl) and 2 (ltr) only, so the visual order of the runs is the
    reverse of their logical order; HarfBuzz returns an rtl run's glyphs already reversed.
    """
    glyphs: list[Glyph] = []
    for text, direction in reversed(directional_runs(line)):
        font_runs = split_by_font(text, mode)
        for run_text, path in reversed(font_runs) if direction == "rtl" else font_runs:
            buffer = hb.Buffer()
            buffer.add_str(run_text)
            buffer.direction = direction
            buffer.script = "Arab" if direction == "rtl" else "Latn"
            hb.shape(hb_font(path), buffer, {})
            glyphs += [(path, info.codepoint) for info in buffer.glyph_infos]
    return glyphs


def matplotlib_glyphs(label_line: str) -> list[Glyph]:
    """The glyphs this matplotlib lays out for one line of a label, with the figure fonts.

    Bidi controls (the RLM) draw nothing and are left out."""
    register_figure_fonts()
    paths = font_manager.fontManager._find_fonts_by_props(FontProperties(family=FIGURE_FONT_FAMILY))
    font = font_manager.get_font(paths)
    font.set_size(12, 72)
    return [
        (Path(item.ft_object.fname), item.glyph_index)
        for item in _text_helpers.layout(label_line, font)
        if unicodedata.category(item.char) != "Cf"
    ]


def unshaped_glyphs(visual_line: str) -> list[Glyph]:
    """What a matplotlib without shaping draws: each character's glyph from the character
    map of the first font that has it, left to right."""
    paths = [font_for(char, "fallback") for char in visual_line]
    return [(path, hb_font(path).get_nominal_glyph(ord(char))) for path, char in zip(paths, visual_line)]


# A letter as drawn: (skeleton glyph name, sorted names of the mark glyphs on it).
Letter = tuple[str, tuple[str, ...]]


def is_mark(path: Path, name: str) -> bool:
    gdef = tt_font(path)["GDEF"].table.GlyphClassDef
    return gdef is not None and gdef.classDefs.get(name) == 3


def components(path: Path, name: str, x: int = 0) -> list[tuple[str, int]]:
    """A glyph flattened into its simple glyphs, with their x offsets."""
    glyph = tt_font(path)["glyf"][name]
    if not glyph.isComposite():
        return [(name, x)]
    return [part for comp in glyph.components for part in components(path, comp.glyphName, x + comp.x)]


def letters_drawn(glyphs: list[Glyph]) -> list[Letter]:
    """The letters a glyph sequence draws, in visual order.

    Inside a composite glyph, a mark belongs to the nearest skeleton; a mark drawn as a
    glyph of its own (HarfBuzz, right-to-left runs) belongs to the next skeleton to its
    right. ``.wide`` (a contextual alternate no presentation form names) is dropped.
    """
    letters: list[Letter] = []
    pending: list[str] = []
    for path, glyph_id in glyphs:
        parts = components(path, tt_font(path).getGlyphName(glyph_id))
        bases = sorted((x, name) for name, x in parts if not is_mark(path, name))
        marks = [(x, name) for name, x in parts if is_mark(path, name)]
        if not bases:
            pending += [name for _, name in marks]
            continue
        attached: dict[int, list[str]] = {index: [] for index in range(len(bases))}
        for mark_x, mark in marks:
            attached[min(range(len(bases)), key=lambda i: abs(bases[i][0] - mark_x))].append(mark)
        attached[0] += pending  # bases run left to right: 0 is the one nearest the marks
        pending = []
        letters += [(name.replace(".wide", ""), tuple(sorted(attached[i]))) for i, (_, name) in enumerate(bases)]
    assert not pending, f"marks with no letter: {pending}"
    return letters


def glyph_names(glyphs: list[Glyph]) -> list[str]:
    return [f"{path.stem}:{tt_font(path).getGlyphName(glyph_id)}" for path, glyph_id in glyphs]


# ----------------------------------------------------------------------- 1. policy


def test_auto_mode_is_native_on_this_matplotlib_by_feature_detection(monkeypatch) -> None:
    assert hasattr(matplotlib.ft2font, "__libraqm_version__")
    assert shaping_mode() == "native"
    assert display_text(LATIN) == display_text(LATIN, mode="native")
    monkeypatch.delattr(matplotlib.ft2font, "__libraqm_version__")
    assert shaping_mode() == "fallback"
    assert display_text(LATIN) == display_text(LATIN, mode="fallback")


def test_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="mode must be one of"):
        display_text(LATIN, mode="reshape")


def starts_with_latin_or_digit(line: str) -> bool:
    first = next((char for char in line if char.isalnum()), "")
    return first.isascii() and first.isalnum()


@pytest.mark.parametrize("phrase", all_policy_phrases())
def test_native_label_is_the_logical_text(phrase: str) -> None:
    native = display_text(phrase, mode="native")
    assert not PRESENTATION_FORMS.search(native)
    assert native == (RLM + phrase if starts_with_latin_or_digit(phrase) else phrase)


@pytest.mark.parametrize("phrase", all_policy_phrases())
def test_fallback_label_is_all_presentation_forms(phrase: str) -> None:
    fallback = display_text(phrase, mode="fallback")
    assert not UNSHAPED_LETTERS.search(fallback), "an Arabic letter left unshaped"
    assert PRESENTATION_FORMS.search(fallback)


def test_rlm_only_for_arabic_lines_that_start_with_latin_or_digits() -> None:
    assert display_text("15 شتنبر..", mode="native") == RLM + "15 شتنبر.."
    assert display_text("MENAT SAC أهمية", mode="native") == RLM + "MENAT SAC أهمية"
    assert display_text('"المحتوى', mode="native") == '"المحتوى'
    assert display_text("share of sentences (%)", mode="native") == "share of sentences (%)"
    assert display_text("MENAT SAC\nأهمية MENAT", mode="native") == RLM + "MENAT SAC\nأهمية MENAT"


# ------------------------------------------------------------------ 2. glyph oracle


@pytest.mark.parametrize("name", sorted(ORACLE_PHRASES))
def test_native_glyphs_equal_harfbuzz(name: str) -> None:
    phrase = ORACLE_PHRASES[name]
    drawn = matplotlib_glyphs(display_text(phrase, mode="native"))
    expected = harfbuzz_visual_glyphs(phrase)
    assert glyph_names(drawn) == glyph_names(expected)
    assert drawn == expected


@pytest.mark.parametrize("name", sorted(ORACLE_PHRASES))
def test_fallback_letters_equal_harfbuzz(name: str) -> None:
    phrase = ORACLE_PHRASES[name]
    drawn = unshaped_glyphs(display_text(phrase, mode="fallback"))
    assert letters_drawn(drawn) == letters_drawn(harfbuzz_visual_glyphs(phrase, "fallback"))


@pytest.mark.parametrize(("phrase", "width"), WRAPPED)
def test_wrapped_label_equals_harfbuzz_line_by_line(phrase: str, width: int) -> None:
    """Every line of a wrapped Arabic label is laid out as a right-to-left paragraph."""
    logical_lines = textwrap.wrap(phrase, width, break_long_words=False)
    native_lines = display_text(phrase, width, "native").split("\n")
    fallback_lines = display_text(phrase, width, "fallback").split("\n")
    assert len(native_lines) == len(fallback_lines) == len(logical_lines) >= 3
    for logical, native, fallback in zip(logical_lines, native_lines, fallback_lines):
        assert matplotlib_glyphs(native) == harfbuzz_visual_glyphs(logical), logical
        expected = letters_drawn(harfbuzz_visual_glyphs(logical, "fallback"))
        assert letters_drawn(unshaped_glyphs(fallback)) == expected, logical


def test_oracle_catches_a_reversed_label() -> None:
    """The mistake the notes warn of: reshaped, reordered text given to this matplotlib."""
    reversed_label = display_text(LAM_ALEF, mode="fallback")
    assert matplotlib_glyphs(reversed_label) != harfbuzz_visual_glyphs(LAM_ALEF)
    assert letters_drawn(unshaped_glyphs(LAM_ALEF)) != letters_drawn(harfbuzz_visual_glyphs(LAM_ALEF, "fallback"))


# ---------------------------------------------------------------- 3. missing glyphs


def draw_labels(labels: list[str]) -> None:
    """Draw the labels with the figure fonts; a warning (e.g. a missing glyph) raises."""
    register_figure_fonts()
    figure = Figure(figsize=(8, 1 + len(labels) / 2))
    axes = figure.add_subplot()
    for index, label in enumerate(labels):
        axes.text(0.02, index / len(labels), label)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure.savefig(io.BytesIO(), format="png")


def test_no_glyph_is_missing_on_either_path() -> None:
    phrases = [*ORACLE_PHRASES.values(), WITH_HARAKAT]
    labels = [display_text(phrase, mode=mode) for phrase in phrases for mode in ("native", "fallback")]
    labels += [display_text(phrase, width, mode) for phrase, width in WRAPPED for mode in ("native", "fallback")]
    draw_labels(labels)


def test_a_missing_glyph_fails() -> None:
    with pytest.raises(UserWarning, match="missing from font"):
        draw_labels(["تيك توك \u4e2d"])  # a CJK character: in neither figure font


# ------------------------------------------------------------- 4. fallback pitfalls


def forms(*names: str) -> str:
    return "".join(unicodedata.lookup(f"ARABIC LETTER {name}") for name in names)


def test_fallback_reshapes_before_reordering() -> None:
    # Read right to left: teh initial, yeh medial, kaf final (reordering first would
    # give the kaf the initial form and the teh the final one).
    assert display_text("تيك", mode="fallback") == forms("KAF FINAL FORM", "YEH MEDIAL FORM", "TEH INITIAL FORM")


def test_fallback_mirrors_brackets_in_arabic_text() -> None:
    fallback = display_text(BRACKETS, mode="fallback")
    assert fallback[0] == "(" and fallback[-1] == ")", fallback  # ")...(" when not mirrored
    assert display_text("(نص)", mode="fallback") == "(" + forms("SAD FINAL FORM", "NOON INITIAL FORM") + ")"


def logical_from_visual(line: str) -> str:
    """Undo the fallback for pure Arabic text: reverse, then presentation forms to letters."""
    return "".join(unicodedata.normalize("NFKC", char) for char in reversed(line))


def test_fallback_keeps_lines_apart() -> None:
    fallback_lines = display_text(WRAPPED_TITLE, 30, "fallback").split("\n")
    assert len(fallback_lines) == len(textwrap.wrap(WRAPPED_TITLE, 30, break_long_words=False))
    two_lines = "الأخبار الزائفة\nللأشخاص"
    assert [logical_from_visual(line) for line in display_text(two_lines, mode="fallback").split("\n")] == [
        "الأخبار الزائفة",
        "للأشخاص",
    ]


def test_fallback_keeps_harakat() -> None:
    """Kept in the string (an unshaping renderer places them only roughly: no oracle)."""
    for phrase in (WITH_HARAKAT, "برّادة", "تُسهم"):
        assert sorted(HARAKAT.findall(display_text(phrase, mode="fallback"))) == sorted(HARAKAT.findall(phrase))


def test_fallback_has_no_allah_ligature() -> None:
    fallback = display_text("الله", mode="fallback")
    assert "\ufdf2" not in fallback
    assert fallback == forms("HEH FINAL FORM", "LAM MEDIAL FORM", "LAM INITIAL FORM", "ALEF ISOLATED FORM")


# --------------------------------------------------------------------- provenance


def test_phrases_come_from_the_corpus() -> None:
    corpus = "\n".join(path.read_text(encoding="utf-8") for path in sorted(RAW_DIR.glob("*.txt")))
    for phrase in [*ORACLE_PHRASES.values(), WRAPPED_TITLE, WITH_HARAKAT, "برّادة", "تُسهم"]:
        assert phrase.strip("()") in corpus, phrase
