"""``params.yaml``: the one place for paths, thresholds and seeds, checked before use.

An unknown or misspelled key, a wrong type or an out-of-range value is an error that
names the key (and, for a misspelling, the closest valid key). Papermill alone would only
warn about a parameter the notebook does not declare.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.config.data_files import DataFileError, read_yaml, where
from analysis.config.paths import ANNOTATIONS_DIR, PARAMS_FILE, relative_to_repo
from analysis.config.tables import TABLE_FORMATS

CODERS = ("dictionary", "classifier")
"""The values of ``coder``: who codes every analysed sentence in the frames stage."""
DICTIONARY, CLASSIFIER = CODERS
CODER_NAMES = {DICTIONARY: "the dictionary", CLASSIFIER: "the classifier"}
"""How the report names each coder in a sentence."""

RECORD_FIELDS = ("id", "title", "content", "outlet", "date", "author")
"""What a record field mapping (``record_fields``) names: the field holding each value."""
SAUDINEWSNET_FIELDS = {
    "id": "",
    "title": "title",
    "content": "content",
    "outlet": "source",
    "date": "date_extracted",
    "author": "author",
}
"""``record_fields`` for SaudiNewsNet (no id field; ``date_extracted`` is an extraction date), as the
how-to ``docs/howto/own-corpus.md`` gives it; the benchmarks, tools and tests read the data set with it."""


class ParamsError(DataFileError):
    """``params.yaml`` is invalid; the message names the key and the fix."""


@dataclass(frozen=True)
class ParamSpec:
    """What one parameter may hold."""

    kind: type
    description: str
    minimum: float | None = None
    maximum: float | None = None
    above: float | None = None
    """An exclusive lower bound (the value must be greater)."""
    choices: tuple[str, ...] = ()
    """The values allowed (none listed: any value of the kind)."""


SCHEMA: dict[str, ParamSpec] = {
    "raw_path": ParamSpec(
        str,
        "folder of raw .txt articles (with metadata.csv) and/or record files, or one .json/.jsonl/.zip file "
        "of records, relative to the repository",
    ),
    "record_fields": ParamSpec(
        dict, 'for records: which field is id, title, content, outlet, date, author ("" = none)'
    ),
    "max_article_mb": ParamSpec(float, "articles larger than this many megabytes are rejected", minimum=0.001),
    "near_duplicate_threshold": ParamSpec(
        float,
        "Jaccard similarity of word shingles from which two articles are near-duplicates (one story)",
        maximum=1.0,
        above=0.0,
    ),
    "furniture_min_repeats": ParamSpec(
        int,
        "a line (or the opening/closing of a first/last line) in at least this many distinct articles of one "
        "outlet is furniture (rule repeated_line)",
        minimum=2,
    ),
    "processed_dir": ParamSpec(str, "folder for the cleaned corpus tables, relative to the repository"),
    "table_format": ParamSpec(
        str,
        "how processed_dir holds its tables: csv (readable in git) or parquet (compact, for a large corpus)",
        choices=TABLE_FORMATS,
    ),
    "selection_query": ParamSpec(
        str, "the search string: terms and discounting cues (YAML), relative to the repository"
    ),
    "selection_min_sentences": ParamSpec(
        int,
        "body sentences that must discuss social media for an article to be relevant (a title counts alone)",
        minimum=1,
    ),
    "analyse_all_articles": ParamSpec(
        bool, "true: the frames stage analyses every usable article, not only the relevant ones"
    ),
    "frame_embedded_posts": ParamSpec(
        bool,
        "true: the frames stage also codes the sentences of embedded social-media posts (embedded_posts), "
        "which it leaves out by default",
    ),
    "lexicon": ParamSpec(str, "the frame dictionary (YAML), relative to the repository"),
    "compare": ParamSpec(
        list, "the two frames the comparison sets against each other, [a, b]: differences are a - b (frame names)"
    ),
    "annotations": ParamSpec(
        str,
        "the annotation sheet of hand-coded sentences (.csv, or an .xlsx workbook, inside data/annotations/, "
        "relative to the repository)",
    ),
    "min_validation_sentences": ParamSpec(
        int, "hand-coded sentences needed before results count as validated on this corpus", minimum=1
    ),
    "validation_sample_per_stratum": ParamSpec(
        int, "sentences make sample draws per stratum (frames the dictionary coded, or none)", minimum=1
    ),
    "sample_design": ParamSpec(
        str,
        "make sample's design: stratified (the same number per combination of the coder's codes in "
        "sentence_frames: the dictionary's, or with coder: classifier the learned coder's) or "
        "uncertainty (strata of the learned coder's classes and uncertainty, more draws where it is unsure, "
        "every inclusion probability bounded below; needs training_sheets)",
        choices=("stratified", "uncertainty"),
    ),
    "coder": ParamSpec(
        str,
        "who codes every analysed sentence in the frames stage: dictionary (the lexicon's indicators) or "
        "classifier (the learned coder, trained on training_sheets and the annotations sheet, whose rows it "
        "codes cross-fitted; needs training_sheets)",
        choices=CODERS,
    ),
    "training_sheets": ParamSpec(
        list,
        "hand-coded annotation sheets (.csv or .xlsx, inside data/annotations/, not the annotations sheet) the "
        "learned coder is trained on, for coder: classifier and sample_design: uncertainty ([]: none)",
    ),
    "seed": ParamSpec(int, "seed of every random draw", minimum=0),
    "bootstrap_resamples": ParamSpec(int, "resamples for bootstrap intervals", minimum=100, maximum=100_000),
    "min_group_size": ParamSpec(int, "articles a group (outlet, country) needs to be compared", minimum=1),
    "dominance_ratio": ParamSpec(
        float, "how many times the other frame's sentences a frame needs to dominate an article", minimum=1.0
    ),
    "keyness_a0": ParamSpec(float, "total pseudo-count of the Fightin' Words prior", minimum=0.001),
    "keyness_min_count": ParamSpec(int, "minimum count of a word over both sides to be ranked", minimum=1),
    "keyness_stopwords": ParamSpec(
        bool, "true: rankings of distinguishing words skip stopwords (keyness.csv keeps and flags them)"
    ),
    "report_keyness_terms": ParamSpec(int, "distinguishing words shown per frame in the report", minimum=1, maximum=50),
    "report_examples_per_frame": ParamSpec(
        int, "example sentences quoted per frame in the report", minimum=1, maximum=10
    ),
    "report_max_articles": ParamSpec(
        int,
        "up to this many analysed articles (input files for the corpus table) the report shows each one; "
        "above it, summaries by outlet and period and a documented sample of articles",
        minimum=1,
    ),
    "trend_period": ParamSpec(str, "the period of the report's trends over time", choices=("week", "month")),
}
"""Every key ``params.yaml`` must hold, in the file's order, with what it may hold (``validate_params``).
The documentation's parameter reference is generated from it."""


def validate_params(params: Any, source: str = "params.yaml") -> dict[str, Any]:
    """Check a parameter mapping against ``SCHEMA``.

    Returns
    -------
    The parameters, unchanged, when valid; raises ``ParamsError`` otherwise.
    """
    if not isinstance(params, dict):
        raise ParamsError(f"{source}: expected a mapping of 'key: value' lines at the top level")
    for key in params:
        if key not in SCHEMA:
            close = difflib.get_close_matches(str(key), SCHEMA, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; valid keys: {', '.join(SCHEMA)}"
            raise ParamsError(f"{source}: unknown key '{key}'{hint}")
    for key, spec in SCHEMA.items():
        if key not in params:
            raise ParamsError(f"{source}: missing key '{key}' ({spec.description})")
        value = params[key]
        if spec.kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if isinstance(value, bool) and spec.kind is not bool or not isinstance(value, spec.kind):
            raise ParamsError(f"{source}: '{key}' must be a {spec.kind.__name__} ({spec.description}), got {value!r}")
        if spec.kind is str and not value.strip():
            raise ParamsError(f"{source}: '{key}' is empty ({spec.description})")
        if spec.choices and value not in spec.choices:
            raise ParamsError(
                f"{source}: '{key}' must be one of {', '.join(spec.choices)} ({spec.description}), got {value!r}"
            )
        if spec.kind is dict:
            _check_record_fields(key, value, source)
        if key == "compare":
            _check_compare(value, source)
        if key == "annotations":
            _check_inside_annotations(value, source)
        if key == "training_sheets":
            for sheet in value:
                if not isinstance(sheet, str) or not sheet.strip():
                    raise ParamsError(f"{source}: 'training_sheets' lists sheet paths, got {sheet!r}")
                _check_inside_annotations(sheet, source, key)
        if (
            spec.minimum is not None
            and value < spec.minimum
            or spec.maximum is not None
            and value > spec.maximum
            or spec.above is not None
            and value <= spec.above
        ):
            bounds = " and ".join(
                part
                for part in (
                    f"> {spec.above}" if spec.above is not None else "",
                    f">= {spec.minimum}" if spec.minimum is not None else "",
                    f"<= {spec.maximum}" if spec.maximum is not None else "",
                )
                if part
            )
            raise ParamsError(f"{source}: '{key}' = {value!r} must be {bounds} ({spec.description})")
    _check_training_sheets(params, source)
    return params


def load_params(path: str | Path = PARAMS_FILE) -> dict[str, Any]:
    """Read and validate ``params.yaml``; raises ``ParamsError`` when invalid."""
    path = Path(path)
    params = read_yaml(path, ParamsError)
    return validate_params(params, source=path.name)


def _check_record_fields(key: str, value: dict[str, Any], source: str) -> None:
    for field_key, field_value in value.items():
        if field_key not in RECORD_FIELDS:
            close = difflib.get_close_matches(str(field_key), RECORD_FIELDS, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; valid keys: {', '.join(RECORD_FIELDS)}"
            raise ParamsError(f"{source}: unknown key '{key}.{field_key}'{hint}")
        if not isinstance(field_value, str):
            raise ParamsError(
                f"{source}: '{key}.{field_key}' must be a field name in quotes (\"\" for none), got {field_value!r}"
            )
    if not value.get("content"):
        raise ParamsError(f"{source}: '{key}.content' must name the field that holds the article text")


def _check_compare(value: list[Any], source: str) -> None:
    """Two different frame names; whether the lexicon has them is checked when it is loaded."""
    if len(value) != 2 or not all(isinstance(name, str) and name.strip() for name in value) or value[0] == value[1]:
        raise ParamsError(
            f"{where(source, value)}: 'compare' must name two different frames of the lexicon, "
            f"e.g. [mental_health, regulation]; got {list(value)!r}"
        )


def _check_training_sheets(params: dict[str, Any], source: str) -> None:
    """The classifier needs training sheets, and the estimation sheet is never one of them."""
    sheets = params["training_sheets"]
    if params["coder"] == CLASSIFIER and not sheets:
        raise ParamsError(
            f"{source}: 'coder' is classifier but 'training_sheets' is empty: the learned coder needs hand-coded "
            "sheets to learn from; list them in training_sheets (e.g. [data/annotations/my_corpus/frames_sheet.csv]), "
            "or set coder: dictionary"
        )
    if relative_to_repo(params["annotations"]) in {relative_to_repo(sheet) for sheet in sheets}:
        raise ParamsError(
            f"{source}: 'training_sheets' lists the annotations sheet {params['annotations']!r}: its rows train the "
            "learned coder already, cross-fitted so that they can correct the estimates; remove it from "
            "training_sheets"
        )


def _check_inside_annotations(value: str, source: str, key: str = "annotations") -> None:
    """The sheet must lie in data/annotations/, the folder DVC watches, so that a newly coded
    sheet reruns the stages that read it, and be a .csv or an .xlsx workbook."""
    if not relative_to_repo(value).startswith(relative_to_repo(ANNOTATIONS_DIR) + "/"):
        raise ParamsError(
            f"{source}: '{key}' = {value!r} must lie in {relative_to_repo(ANNOTATIONS_DIR)}/ "
            f"(the folder the pipeline watches); move the sheet there and point '{key}' at it"
        )
    if Path(value).suffix.lower() not in (".csv", ".xlsx"):
        raise ParamsError(
            f"{source}: '{key}' = {value!r} must end in .csv or .xlsx (the sheet's format: a CSV, "
            "or a workbook with drop-down lists for the codes)"
        )
