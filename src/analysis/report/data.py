"""Everything the PDF report shows, gathered as plain data (JSON for the Typst template).

Corpus text enters the report only through this data, never pasted into markup, so a
title holding ``#``, ``*``, ``$``, ``]`` or Typst code prints literally.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from analysis.clean.furniture import RULES
from analysis.clean.summaries import NO_HEADLINE, UNKNOWN
from analysis.config.paths import RELEVANCE_EVALUATION_FILE, repo_path
from analysis.frames.actors import actors_by_frame, frame_combination_labels
from analysis.frames.glossary import gloss, with_glosses
from analysis.frames.keyness import ranked_words
from analysis.frames.lexicon import Lexicon, default_lexicon, load_lexicon
from analysis.frames.validation import macro_f1, sentence_key
from analysis.pipeline.outputs import read_csv
from analysis.report.frame_styles import FrameStyles
from analysis.selection import funnel_by_outlet
from analysis.text.stopwords import load_stopwords

NO_TRANSLATION = "(no translation)"


def example_sentences(
    sentences: pd.DataFrame, sentence_frames: pd.DataFrame, per_frame: int, lexicon: Lexicon | None = None
) -> pd.DataFrame:
    """Example sentences for each frame of the lexicon: coded with that frame only, most
    indicators first, from as many different articles as possible (ties: article, then
    sentence order).

    Returns
    -------
    Columns frame, article_id, sentence_id, text, terms.
    """
    coded = sentences[["article_id", "sentence_id", "text"]].merge(sentence_frames, on=["article_id", "sentence_id"])
    lexicon = lexicon or default_lexicon()
    n_frames = coded[list(lexicon.names)].astype(bool).sum(axis=1)
    rows = []
    for frame, terms_column in ((frame.name, f"{frame.prefix}_terms") for frame in lexicon.frames):
        candidates = coded[coded[frame] & (n_frames == 1)].copy()
        candidates["n_terms"] = candidates[terms_column].str.count(";") + 1
        candidates = candidates.sort_values(["n_terms", "article_id", "sentence_id"], ascending=[False, True, True])
        chosen: list[int] = []
        for distinct_articles in (True, False):
            for index, article_id in zip(candidates.index, candidates["article_id"]):
                used = {candidates.loc[i, "article_id"] for i in chosen}
                if (
                    len(chosen) < per_frame
                    and index not in chosen
                    and (not distinct_articles or article_id not in used)
                ):
                    chosen.append(index)
        for index in chosen:
            record = candidates.loc[index]
            rows.append(
                {
                    "frame": frame,
                    "article_id": record["article_id"],
                    "sentence_id": int(record["sentence_id"]),
                    "text": record["text"],
                    "terms": record[terms_column],
                }
            )
    return pd.DataFrame(rows, columns=["frame", "article_id", "sentence_id", "text", "terms"])


def translations(translations_csv: pd.DataFrame) -> dict[tuple[str, str], str]:
    """``{(article_id, sentence_hash): English translation}``."""
    return {
        (a, h): t
        for a, h, t in zip(
            translations_csv["article_id"], translations_csv["sentence_hash"], translations_csv["translation"]
        )
    }


def _records(table: pd.DataFrame) -> list[dict[str, Any]]:
    return [{key: _plain(value) for key, value in row.items()} for row in table.to_dict("records")]


def _plain(value: Any) -> Any:
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else round(float(value), 4)
    return value


def build_report_data(
    tables: dict[str, pd.DataFrame],
    translation_table: pd.DataFrame,
    params: dict[str, Any],
    figures: list[dict[str, str]],
    keyness_terms: int,
    examples_per_frame: int,
    provenance_record: dict[str, Any],
) -> dict[str, Any]:
    """Gather what the report shows.

    Parameters
    ----------
    tables: the stage tables by file stem (articles, sentences, removed_lines,
        sentence_frames, article_frames, prevalence, frame_difference, keyness, actors,
        validation), typed.
    translation_table: ``data/annotations/translations.csv``.
    params: the validated parameters.
    figures: ``{"file", "caption"}`` per figure, paths from the repository root.
    keyness_terms: distinguishing words shown per side.
    examples_per_frame: example sentences shown per frame.
    provenance_record: ``analysis.provenance.provenance``.

    Returns
    -------
    A JSON-ready mapping read by ``templates/framing_report.typ``.
    """
    english = translations(translation_table)
    articles, sentences = tables["articles"], tables["sentences"]
    lexicon = default_lexicon_for(params)
    styles = FrameStyles.from_lexicon(lexicon, params["compare"])
    a, b = styles.compared
    validated = [name for name in lexicon.names if name in set(tables["validation"]["frame"])]
    per_split = tables["validation"].drop_duplicates("split")
    n_hand_coded = int(per_split["n"].sum()) if len(per_split) else 0
    corpus = []
    for row in articles.to_dict("records"):
        title = row["title"]
        key = (row["article_id"], sentence_key(title)) if title else None
        corpus.append(
            {
                "article_id": row["article_id"],
                "status": row["status"],
                "reason": row["reason"],
                "title": title or NO_HEADLINE,
                "title_is_arabic": bool(title),
                "title_translation": english.get(key, NO_TRANSLATION) if key else "",
                "outlet": row["outlet"] or UNKNOWN,
                "place": row["place"] or UNKNOWN,
                "published": row["published"] or UNKNOWN,
                "dateline": row["dateline"],
                "n_lines_kept": int(row["n_lines_kept"]),
                "n_lines_removed": int(row["n_lines_removed"]),
                "n_sentences": int(row["n_sentences"]),
                "n_tokens": int(row["n_tokens"]),
            }
        )
    removed = tables["removed_lines"]
    rules = [
        {"rule": rule, "description": description, "n_removed": int((removed["rule"] == rule).sum())}
        for rule, description in RULES.items()
    ]
    examples = []
    for record in example_sentences(sentences, tables["sentence_frames"], examples_per_frame, lexicon).to_dict(
        "records"
    ):
        record["terms"] = [{"term": term, "gloss": gloss(term)} for term in record["terms"].split(";")]
        record["translation"] = english.get((record["article_id"], sentence_key(record["text"])), NO_TRANSLATION)
        examples.append(record)
    keyness = with_glosses(ranked_words(tables["keyness"], params["keyness_stopwords"]))
    stopwords = load_stopwords()
    validation = tables["validation"]
    return {
        "corpus": corpus,
        # the analysed articles (relevant ones, unless analyse_all_articles), as the frames stage coded them
        "n_articles_ok": len(tables["article_frames"]),
        "n_sentences": len(tables["sentence_frames"]),
        "n_tokens": int(
            articles.loc[articles["article_id"].isin(tables["article_frames"]["article_id"]), "n_tokens"].sum()
        ),
        "cleaning_rules": rules,
        "n_removed_lines": len(removed),
        "lexicon_size": lexicon.size(),
        "lexicon_exclusions": {frame.name: len(frame.exclusions) for frame in lexicon.frames},
        "article_frames": _records(tables["article_frames"]),
        "prevalence": _records(tables["prevalence"]),
        "difference": _records(tables["frame_difference"]),
        "frames": [
            {
                "name": name,
                "label": styles.plain_labels[name],
                "abbreviation": styles.abbreviations[name],
                "colour": styles.colours[name],
                "indicators": lexicon.size()[name],
                "exclusions": len(lexicon.frame(name).exclusions),
                "validated": name in validated,
            }
            for name in lexicon.names
        ],
        "compare": {"a": a, "b": b},
        "keyness_a": _records(keyness.head(keyness_terms)),
        "keyness_b": _records(keyness.tail(keyness_terms).iloc[::-1]),
        "stopwords": {
            "source": stopwords.source,
            "size": stopwords.size,
            "n_normalized": len(stopwords.words),
            "n_kept": len(stopwords.kept),
            "n_flagged": int(tables["keyness"]["stopword"].sum()),
            "n_words": len(tables["keyness"]),
        },
        "n_both_frames": int((tables["sentence_frames"][a] & tables["sentence_frames"][b]).sum()),
        "examples": examples,
        "actors": _records(actors_by_frame(tables["actors"], lexicon).reset_index()),
        "actor_columns": list(frame_combination_labels(lexicon).values()),
        "n_attributions": len(tables["actors"]),
        "validation": _records(validation),
        "funnel": _records(funnel_by_outlet(articles, tables["selection"])),
        "n_relevant": int(tables["selection"]["relevant"].sum()),
        "selection_evaluation": _records(selection_evaluation()),
        "n_hand_coded": n_hand_coded,
        "validated": n_hand_coded >= params["min_validation_sentences"],
        "macro_f1": {split: round(macro_f1(validation, split), 4) for split in ("tuning", "held_out")},
        "figures": figures,
        "params": params,
        "provenance": provenance_record,
    }


def selection_evaluation() -> pd.DataFrame:
    """Precision and recall of the search string against the relevance hand codes
    (``tools/evaluate_selection.py --write``); no rows when the file is absent."""
    if not RELEVANCE_EVALUATION_FILE.exists():
        return pd.DataFrame()
    measures = ["precision", "precision_low", "precision_high", "recall", "recall_low", "recall_high"]
    return read_csv(RELEVANCE_EVALUATION_FILE, integers=["n", "hand_relevant", "selected", "tp"], floats=measures)


def default_lexicon_for(params: dict[str, Any]):
    """The frame dictionary named in the parameters."""
    return load_lexicon(repo_path(params["lexicon"]))
