"""Every output table's columns and types, declared once.

Writers (``analysis.pipeline.outputs.write_table``), readers (``read_table``), the
notebooks and the schema test all take the layout from here, and a test checks
``data/processed/README.md`` against it.

Frames are data, so some columns exist once per frame of the lexicon: a column name with
``{frame}`` (the frame's name, e.g. ``mental_health``) or ``{prefix}`` (its short prefix,
e.g. ``mh``) is repeated for every frame, in the lexicon's order. ``{a}`` and ``{b}``
stand for the prefixes of the two compared frames (``compare`` in ``params.yaml``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

KINDS = ("string", "integer", "float", "boolean", "date")
"""Column types, as the schema README names them."""
TABLE_FORMATS = ("csv", "parquet")
"""How ``processed_dir`` holds its tables (``table_format`` in ``params.yaml``): CSV, readable in git,
or Parquet, compact and typed, for a large corpus."""

DEFAULT_FRAMES: tuple[tuple[str, str], ...] = (("mental_health", "mh"), ("regulation", "reg"))
"""(name, prefix) of the frames of the committed lexicon; the README documents these."""


@dataclass(frozen=True)
class FrameLayout:
    """The frames a table is laid out for: every frame's (name, prefix), and the compared pair's prefixes."""

    frames: tuple[tuple[str, str], ...] = DEFAULT_FRAMES
    compared: tuple[str, str] = ("mh", "reg")


DEFAULT_LAYOUT = FrameLayout()
"""The layout of the committed lexicon (mental health and regulation, compared in that order)."""


@dataclass(frozen=True)
class Table:
    """One output table: its file name and its columns as (name or template, type)."""

    name: str
    columns: tuple[tuple[str, str], ...]

    @property
    def file_name(self) -> str:
        """The CSV file's name, e.g. ``articles.csv``."""
        return f"{self.name}.csv"

    def layout(self, frames: FrameLayout | None = None) -> list[tuple[str, str]]:
        """(column, type) in file order, per-frame templates expanded."""
        frames = frames or DEFAULT_LAYOUT
        expanded = []
        a, b = frames.compared
        for template, kind in self.columns:
            if "{frame}" in template or "{prefix}" in template:
                expanded += [(template.format(frame=name, prefix=prefix), kind) for name, prefix in frames.frames]
            else:
                expanded.append((template.format(a=a, b=b), kind))
        return expanded

    def column_names(self, frames: FrameLayout | None = None) -> list[str]:
        """The column names in file order."""
        return [name for name, _ in self.layout(frames)]

    def columns_of_kind(self, kind: str, frames: FrameLayout | None = None) -> list[str]:
        """The columns of one type (``KINDS``)."""
        return [name for name, column_kind in self.layout(frames) if column_kind == kind]


def _table(name: str, columns: Sequence[tuple[str, str]]) -> Table:
    for column, kind in columns:
        assert kind in KINDS, f"{name}.{column}: unknown type {kind}"
    return Table(name, tuple(columns))


STRING, INTEGER, FLOAT, BOOLEAN, DATE = KINDS

ARTICLES = _table(
    "articles",
    [
        ("article_id", STRING),
        ("source_file", STRING),
        ("status", STRING),
        ("reason", STRING),
        ("duplicate_of", STRING),
        ("encoding", STRING),
        ("source_format", STRING),
        ("outlet", STRING),
        ("outlet_country", STRING),
        ("place", STRING),
        ("published", DATE),
        ("agency", STRING),
        ("author", STRING),
        ("note", STRING),
        ("title", STRING),
        ("dateline", STRING),
        ("body", STRING),
        ("n_lines_kept", INTEGER),
        ("n_lines_removed", INTEGER),
        ("n_sentences", INTEGER),
        ("n_tokens", INTEGER),
    ],
)
SENTENCES = _table(
    "sentences",
    [
        ("article_id", STRING),
        ("sentence_id", INTEGER),
        ("is_title", BOOLEAN),
        ("line_no", INTEGER),
        ("text", STRING),
        ("text_norm", STRING),
        ("n_tokens", INTEGER),
    ],
)
REMOVED_LINES = _table(
    "removed_lines", [("article_id", STRING), ("line_no", INTEGER), ("text", STRING), ("rule", STRING)]
)
EMBEDDED_POSTS = _table(
    "embedded_posts",
    [
        ("article_id", STRING),
        ("post_no", INTEGER),
        ("line_no", INTEGER),
        ("last_line_no", INTEGER),
        ("platform", STRING),
        ("handle", STRING),
        ("date", DATE),
        ("text", STRING),
    ],
)
REVIEW_LINES = _table(
    "review_lines", [("article_id", STRING), ("line_no", INTEGER), ("text", STRING), ("reason", STRING)]
)
SENTENCE_FRAMES = _table(
    "sentence_frames",
    [
        ("article_id", STRING),
        ("sentence_id", INTEGER),
        ("{frame}", BOOLEAN),
        ("{prefix}_terms", STRING),
    ],
)
ARTICLE_FRAMES = _table(
    "article_frames",
    [
        ("article_id", STRING),
        ("n_sentences", INTEGER),
        ("n_{frame}", INTEGER),
        ("n_both", INTEGER),
        ("n_neither", INTEGER),
        ("share_{frame}", FLOAT),
        ("framing_index", FLOAT),
        ("dominant_frame", STRING),
    ],
)
PREVALENCE = _table(
    "prevalence",
    [
        ("grouping", STRING),
        ("group", STRING),
        ("unit", STRING),
        ("frame", STRING),
        ("n", INTEGER),
        ("k", INTEGER),
        ("share", FLOAT),
        ("ci_low", FLOAT),
        ("ci_high", FLOAT),
    ],
)
FRAME_DIFFERENCE = _table(
    "frame_difference",
    [
        ("grouping", STRING),
        ("group", STRING),
        ("n_articles", INTEGER),
        ("n_sentences", INTEGER),
        ("difference", FLOAT),
        ("ci_low", FLOAT),
        ("ci_high", FLOAT),
    ],
)
KEYNESS = _table(
    "keyness",
    [
        ("term", STRING),
        ("count_{a}", INTEGER),
        ("count_{b}", INTEGER),
        ("fw_z", FLOAT),
        ("g2", FLOAT),
        ("p_value", FLOAT),
        ("q_value", FLOAT),
        ("log_ratio", FLOAT),
        ("stopword", BOOLEAN),
    ],
)
ACTORS = _table(
    "actors",
    [
        ("article_id", STRING),
        ("sentence_id", INTEGER),
        ("verb", STRING),
        ("actor", STRING),
        ("actor_type", STRING),
        ("{frame}", BOOLEAN),
    ],
)
VALIDATION = _table(
    "validation",
    [
        ("split", STRING),
        ("frame", STRING),
        ("n", INTEGER),
        ("tp", INTEGER),
        ("fp", INTEGER),
        ("fn", INTEGER),
        ("tn", INTEGER),
        ("precision", FLOAT),
        ("recall", FLOAT),
        ("f1", FLOAT),
        ("hand_prevalence", FLOAT),
        ("coded_prevalence", FLOAT),
        ("alpha", FLOAT),
        ("precision_low", FLOAT),
        ("precision_high", FLOAT),
        ("recall_low", FLOAT),
        ("recall_high", FLOAT),
        ("f1_low", FLOAT),
        ("f1_high", FLOAT),
        ("alpha_low", FLOAT),
        ("alpha_high", FLOAT),
    ],
)
ESTIMATES = _table(
    "estimates",
    [
        ("grouping", STRING),
        ("group", STRING),
        ("quantity", STRING),
        ("coder_share", FLOAT),
        ("estimate", FLOAT),
        ("ci_low", FLOAT),
        ("ci_high", FLOAT),
        ("n_hand_coded", INTEGER),
        ("n_sentences", INTEGER),
        ("status", STRING),
    ],
)
"""Frame shares corrected by the hand-coded sample (``analysis.frames.estimates``)."""
CODER_COMPARISON = _table(
    "coder_comparison",
    [
        ("coder", STRING),
        ("used", BOOLEAN),
        ("quantity", STRING),
        ("coder_share", FLOAT),
        ("estimate", FLOAT),
        ("ci_low", FLOAT),
        ("ci_high", FLOAT),
        ("ci_width", FLOAT),
        ("held_out_n", INTEGER),
        ("held_out_precision", FLOAT),
        ("held_out_recall", FLOAT),
        ("held_out_f1", FLOAT),
        ("cv_n", INTEGER),
        ("cv_precision", FLOAT),
        ("cv_recall", FLOAT),
        ("cv_f1", FLOAT),
    ],
)
"""The coders side by side: scores and corrected-interval widths on the same sample
(``analysis.frames.coder_comparison``)."""
SELECTION = _table(
    "selection",
    [
        ("article_id", STRING),
        ("relevant", BOOLEAN),
        ("relevance_terms", STRING),
        ("reason", STRING),
    ],
)
"""What ``analysis.selection.select_corpus`` returns (stage ``select`` writes it)."""

INDICATOR_AUDIT = _table(
    "indicator_audit",
    [
        ("frame", STRING),
        ("term", STRING),
        ("gloss", STRING),
        ("n_matches", INTEGER),
        ("n_sentences", INTEGER),
        ("n_articles", INTEGER),
        ("share_of_frame", FLOAT),
        ("n_hand_coded", INTEGER),
        ("precision", FLOAT),
        ("contexts", STRING),
    ],
)

CLEAN_TABLES: tuple[Table, ...] = (ARTICLES, SENTENCES, REMOVED_LINES, REVIEW_LINES, EMBEDDED_POSTS)
"""What stage ``clean`` writes."""
FRAMES_TABLES: tuple[Table, ...] = (
    SENTENCE_FRAMES,
    ARTICLE_FRAMES,
    PREVALENCE,
    FRAME_DIFFERENCE,
    KEYNESS,
    ACTORS,
    VALIDATION,
    ESTIMATES,
    CODER_COMPARISON,
    INDICATOR_AUDIT,
)
"""What stage ``frames`` writes."""
SELECT_TABLES: tuple[Table, ...] = (SELECTION,)
"""What stage ``select`` writes."""
TABLES: dict[str, Table] = {table.name: table for table in CLEAN_TABLES + SELECT_TABLES + FRAMES_TABLES}
"""Every table of ``processed_dir``, by name."""
