"""The codebook's definition of each frame (``docs/codebook.md``), for the coder's workbook.

A frame is defined under a heading ``## <Name> frame (<ABBREVIATION>)``; its definition is the
first paragraph below the heading, in one line, without markdown emphasis. ``<Name>`` matches
a frame's column name with hyphens, underscores and case ignored (``Mental-health`` is
``mental_health``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from analysis.config.paths import CODEBOOK_FILE

FRAME_HEADING = re.compile(r"^## (?P<name>.+?) frame\b.*$", re.MULTILINE)


def frame_key(name: str) -> str:
    """A frame's name as headings and column names share it: lower case, words split by one space."""
    return " ".join(re.split(r"[\s_-]+", name.strip().lower()))


def frame_definitions(frames: Sequence[str], codebook: str | Path = CODEBOOK_FILE) -> dict[str, str | None]:
    """Each frame's one-line definition from the codebook, or None when it has no section there.

    Parameters
    ----------
    frames: the frames' column names (the lexicon's ``names``).
    codebook: the codebook in markdown.

    Returns
    -------
    Frame name to its definition (the section's first paragraph, emphasis removed), in the order of ``frames``.
    """
    text = Path(codebook).read_text(encoding="utf-8")
    sections = {}
    for heading in FRAME_HEADING.finditer(text):
        body = text[heading.end() :].lstrip("\n")
        paragraph = body.split("\n\n", 1)[0]
        sections[frame_key(heading["name"])] = " ".join(paragraph.replace("*", "").split())
    return {frame: sections.get(frame_key(frame)) for frame in frames}
