"""The one helper every string bound for matplotlib passes through.

matplotlib >= 3.11 shapes and orders Arabic itself (libraqm): it must get *logical*
text. Older versions draw logical Arabic as isolated letters, left to right: they need
the text reshaped (arabic-reshaper) and reordered (python-bidi). Doing both on 3.11
reverses the text with no error, so the path is chosen by feature detection, and
``mode`` overrides it (tests run both paths on the pinned matplotlib).
"""

from __future__ import annotations

import textwrap

import matplotlib.ft2font
from arabic_reshaper import ArabicReshaper
from arabic_reshaper.reshaper_config import default_config
from bidi.algorithm import get_display

from analysis.text.arabic import ARABIC_LETTER

RLM = "\u200f"
MODES = ("native", "fallback")

# Only the lam-alef ligatures (what fonts apply themselves); harakat kept; the Allah
# ligature (U+FDF2) off, as DejaVu Sans lacks it.
_RESHAPER = ArabicReshaper(
    configuration={
        **{key: False for key in default_config if key.startswith("ARABIC LIGATURE") and "LAM WITH ALEF" not in key},
        "delete_harakat": False,
        "shift_harakat_position": False,
        "support_ligatures": True,
    }
)


def native_shaping_available() -> bool:
    """True when the installed matplotlib shapes complex scripts itself (built with libraqm)."""
    return hasattr(matplotlib.ft2font, "__libraqm_version__")


def shaping_mode(mode: str | None = None) -> str:
    """The path to use: ``mode`` when given, else ``native`` if available, else ``fallback``."""
    if mode is None:
        return "native" if native_shaping_available() else "fallback"
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES} or None, got {mode!r}")
    return mode


def display_text(text: str, width: int | None = None, mode: str | None = None) -> str:
    """Prepare a label for matplotlib.

    Parameters
    ----------
    text: logical text (as stored), Arabic, Latin, digits mixed.
    width: wrap the logical text into lines of at most this many characters (None: no
        wrapping; existing line breaks are kept either way).
    mode: ``native`` / ``fallback`` / None (detect).

    Returns
    -------
    Lines joined with ``\\n``. In a label holding Arabic, every line is a right-to-left
    paragraph, also a wrapped line with no Arabic letter (e.g. ``MENAT SAC،``). Native:
    the logical lines, each line starting with a Latin letter or digit prefixed with RLM.
    Fallback: each line reshaped (contextual forms, lam-alef) and then reordered
    (pure-Python bidi, RTL base direction): visual order, ready to draw left to right.
    A label without Arabic is returned as it is (wrapped).
    """
    lines = _wrap(text, width)
    arabic = ARABIC_LETTER.search(text) is not None
    if shaping_mode(mode) == "native":
        return "\n".join(RLM + line if arabic and _needs_rtl_mark(line) else line for line in lines)
    return "\n".join(get_display(_RESHAPER.reshape(line), base_dir="R") if arabic else line for line in lines)


def _wrap(text: str, width: int | None) -> list[str]:
    lines = text.split("\n")
    if width is None:
        return lines
    return [part for line in lines for part in (textwrap.wrap(line, width, break_long_words=False) or [""])]


def _needs_rtl_mark(line: str) -> bool:
    """A line (of an Arabic label) whose first letter or digit is not Arabic (a Latin word, a digit)."""
    first = next((char for char in line if char.isalnum()), "")
    return bool(first) and not ARABIC_LETTER.match(first)
