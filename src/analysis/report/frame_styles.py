"""How each frame is named and coloured in figures and in the report, from the lexicon.

Frames are data: the colours and labels follow the lexicon's frames in file order, so a
frame added to ``data/lexicons/frames.yaml`` appears in every figure legend and table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from analysis.frames.actors import frame_combination_labels
from analysis.frames.lexicon import Lexicon

FRAME_PALETTE = ("#1b9e77", "#d95f02", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#1f78b4", "#666666")
"""Colours of the frames in lexicon order (ColorBrewer Dark2, colour-blind safe for the first three)."""
SEVERAL_COLOUR = "#7570b3"
NEITHER_COLOUR = "#d9d9d9"


@dataclass(frozen=True)
class FrameStyles:
    """Names, labels and colours of the frames, and of "several frames" and "neither".

    ``labels`` and ``colours`` hold every frame by name, then ``several`` and ``neither``.
    """

    names: tuple[str, ...]
    compared: tuple[str, str]
    labels: dict[str, str]
    colours: dict[str, str]
    abbreviations: dict[str, str]
    plain_labels: dict[str, str]
    """The frame's label without its abbreviation, e.g. ``mental health``."""

    @classmethod
    def from_lexicon(cls, lexicon: Lexicon, compare: Sequence[str] | None = None) -> FrameStyles:
        """Styles for ``lexicon``'s frames; ``compare`` names the compared pair (None: the first two)."""
        if len(lexicon.frames) > len(FRAME_PALETTE):
            raise ValueError(f"{lexicon.source}: at most {len(FRAME_PALETTE)} frames can be drawn apart")
        a, b = lexicon.compared(compare)
        combination = frame_combination_labels(lexicon)
        labels = {frame.name: f"{frame.label} ({frame.prefix.upper()})" for frame in lexicon.frames}
        colours = {frame.name: colour for frame, colour in zip(lexicon.frames, FRAME_PALETTE)}
        return cls(
            names=lexicon.names,
            compared=(a.name, b.name),
            labels=labels | {"several": combination["several"], "neither": combination["neither"]},
            colours=colours | {"several": SEVERAL_COLOUR, "neither": NEITHER_COLOUR},
            abbreviations={frame.name: frame.prefix.upper() for frame in lexicon.frames},
            plain_labels={frame.name: frame.label for frame in lexicon.frames},
        )

    def adjective(self, name: str) -> str:
        """The label as an adjective before a noun: ``mental-health`` (sentences)."""
        return self.plain_labels[name].replace(" ", "-")

    def listing(self, names: Sequence[str] | None = None) -> str:
        """``mental health (MH) and regulation (REG)``; with three or more, commas before the last ``and``."""
        shown = [self.labels[name] for name in (names or self.names)]
        return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
