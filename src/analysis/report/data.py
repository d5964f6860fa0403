"""Everything the PDF report shows, gathered as plain data (JSON for the Typst template).

Corpus text enters the report only through this data, never pasted into markup, so a
title holding ``#``, ``*``, ``$``, ``]`` or Typst code prints literally.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pandas as pd

from analysis.clean.furniture import RULES
from analysis.clean.summaries import NO_HEADLINE, UNKNOWN
from analysis.config.params import CODER_NAMES
from analysis.config.paths import (
    CODER_CARD_FILE,
    RELEVANCE_EVALUATION_FILE,
    REPORT_TABLES_DIR,
    relative_to_repo,
    repo_path,
)
from analysis.frames.actors import actors_by_frame, frame_combination_labels
from analysis.frames.coder_comparison import width_gained
from analysis.frames.coding import code_sentences
from analysis.frames.glossary import gloss, with_glosses
from analysis.frames.keyness import ranked_words
from analysis.frames.lexicon import Lexicon, default_lexicon, load_lexicon
from analysis.frames.sampling import read_hand_codes
from analysis.frames.validation import macro_f1, sentence_key
from analysis.pipeline.outputs import read_csv
from analysis.report.aggregates import ALL_OUTLETS, MAX_TABLE_ROWS, bounded_rows, is_collection_date, summarise
from analysis.report.frame_styles import FrameStyles
from analysis.selection import funnel_by_outlet
from analysis.text.stopwords import load_stopwords

NO_TRANSLATION = "(no translation)"
RECORD_FORMATS = {"json", "jsonl", "zip", "records"}
"""``source_format`` values of articles read from record files (their date is ``record_fields.date``)."""
FILE_FORMATS = {"txt", "html"}
"""``source_format`` values of articles read from files (their date: ``metadata.csv`` or the page's markup)."""


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
        for index in spread_over_articles(candidates, per_frame):
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


def spread_over_articles(candidates: pd.DataFrame, per_frame: int) -> list[Any]:
    """The index labels of the first ``per_frame`` rows of ``candidates`` (in order), from as many
    different articles as possible: one per article first, then the rest in order."""
    chosen: list[Any] = []
    for distinct_articles in (True, False):
        used = {candidates.loc[i, "article_id"] for i in chosen}
        for index, article_id in zip(candidates.index, candidates["article_id"]):
            if len(chosen) < per_frame and index not in chosen and (not distinct_articles or article_id not in used):
                chosen.append(index)
                used.add(article_id)
    return chosen


def hand_coded_examples(hand_codes: pd.DataFrame, per_frame: int, lexicon: Lexicon) -> pd.DataFrame:
    """Example sentences a reviewer can read: hand-coded sentences of the annotation sheet that carry
    an English ``translation``, for each frame those coded ``yes`` for it (coded with that frame only
    first, then article and sentence order), from as many articles as possible. The indicators are
    the dictionary's matches in the sentence (none when the dictionary missed it).

    Returns
    -------
    Columns frame, article_id, sentence_id, text, terms, translation.
    """
    columns = ["frame", "article_id", "sentence_id", "text", "terms", "translation"]
    frames = [name for name in lexicon.names if name in hand_codes.columns]
    if "translation" not in hand_codes.columns or not frames:
        return pd.DataFrame(columns=columns)
    translated = hand_codes[hand_codes["translation"].str.strip() != ""].copy()
    translated["sentence_number"] = pd.to_numeric(translated["sentence_id"], errors="coerce").fillna(0).astype(int)
    translated["n_yes"] = (translated[frames] == "yes").sum(axis=1)
    coded = code_sentences(translated["text"].tolist(), lexicon).set_index(translated.index)
    rows = []
    for frame in frames:
        candidates = translated[translated[frame] == "yes"].sort_values(
            ["n_yes", "article_id", "sentence_number"], kind="stable"
        )
        for index in spread_over_articles(candidates, per_frame):
            record = candidates.loc[index]
            rows.append(
                {
                    "frame": frame,
                    "article_id": record["article_id"],
                    "sentence_id": int(record["sentence_number"]),
                    "text": record["text"],
                    "terms": coded.loc[index, f"{lexicon.frame(frame).prefix}_terms"],
                    "translation": record["translation"].strip(),
                }
            )
    return pd.DataFrame(rows, columns=columns)


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
    summaries: dict[str, Any] | None = None,
    hand_codes: pd.DataFrame | None = None,
    coder_card: dict[str, Any] | None = None,
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
    summaries: ``aggregates.summarise`` (computed when None).
    hand_codes: the annotation sheet's coded rows (``read_hand_codes``; read from ``annotations``
        when None): on a corpus above ``report_max_articles``, the examples come from its
        translated rows.
    coder_card: the frames stage's coder card (read from ``data/models/frames_coder.json`` when None).

    Returns
    -------
    A JSON-ready mapping read by ``templates/framing_report.typ``.
    """
    articles, sentences = tables["articles"], tables["sentences"]
    lexicon = default_lexicon_for(params)
    summaries = summaries or summarise(tables, lexicon.names, params["report_max_articles"], params["trend_period"])
    if hand_codes is None:
        hand_codes = read_hand_codes(repo_path(params["annotations"]), lexicon)
    english = translations(translation_table)
    if "translation" in hand_codes.columns:
        english |= translations(hand_codes[hand_codes["translation"].str.strip() != ""])
    styles = FrameStyles.from_lexicon(lexicon, params["compare"])
    a, b = styles.compared
    validated = [name for name in lexicon.names if name in set(tables["validation"]["frame"])]
    per_split = tables["validation"].drop_duplicates("split")
    n_hand_coded = int(per_split["n"].sum()) if len(per_split) else 0
    corpus = []
    for row in articles.to_dict("records") if summaries["per_file"] else []:
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
    chosen = pd.DataFrame()
    if not summaries["per_article"]:
        chosen = hand_coded_examples(hand_codes, examples_per_frame, lexicon)
    examples_from = "hand_coded" if len(chosen) else "dictionary"
    if not len(chosen):
        chosen = example_sentences(sentences, tables["sentence_frames"], examples_per_frame, lexicon)
        chosen["translation"] = [
            english.get((a, sentence_key(text)), NO_TRANSLATION)
            for a, text in zip(chosen["article_id"], chosen["text"])
        ]
    examples = []
    for record in chosen.to_dict("records"):
        record["terms"] = [{"term": term, "gloss": gloss(term)} for term in record["terms"].split(";") if term]
        examples.append(record)
    keyness = with_glosses(ranked_words(tables["keyness"], params["keyness_stopwords"]))
    stopwords = load_stopwords()
    validation = tables["validation"]
    return {
        **estimates_data(tables["estimates"]),
        **coder_data(params, tables["coder_comparison"], coder_card),
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
        "article_frames": _records(tables["article_frames"]) if summaries["per_article"] else [],
        "dominant_counts": {
            kind: int(count) for kind, count in tables["article_frames"]["dominant_frame"].value_counts().items()
        },
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
        "object_terms": len(lexicon.object_terms),
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
        "funnel": _records(funnel_by_outlet(articles, tables["selection"], tables.get("embedded_posts"))),
        "n_relevant": int(tables["selection"]["relevant"].sum()),
        "selection_evaluation": _records(selection_evaluation()),
        "n_hand_coded": n_hand_coded,
        "validated": n_hand_coded >= params["min_validation_sentences"],
        "macro_f1": {split: round(macro_f1(validation, split), 4) for split in ("tuning", "held_out")},
        "figures": figures,
        "params": params,
        "provenance": provenance_record,
        **archive_data(tables, params, summaries, examples_from),
        **provenance_listing(provenance_record, params),
    }


def estimates_data(estimates: pd.DataFrame) -> dict[str, Any]:
    """The overall corrected estimates for page 1: each quantity's row, whether they are corrected, the
    status (the design's coverage or why there is no correction) and where the coder's share lies outside
    the corrected interval (``lower``: the coder's share is below it, it under-counts)."""
    overall = estimates[estimates["grouping"] == "all"]
    corrected = bool(len(overall)) and bool(overall["status"].str.startswith("estimated").all())
    differ = []
    for record in overall.itertuples(index=False) if corrected else []:
        if record.coder_share < record.ci_low or record.coder_share > record.ci_high:
            differ.append(
                {"quantity": record.quantity, "coder_is": "lower" if record.coder_share < record.ci_low else "higher"}
            )
    status = str(overall["status"].iloc[0]) if len(overall) else ""
    return {
        "estimates": _records(overall),
        "estimates_corrected": corrected,
        "estimates_note": status.removeprefix("estimated").removeprefix(": "),
        "estimates_differ": differ,
        "estimates_n": int(overall["n_hand_coded"].iloc[0]) if len(overall) else 0,
        "estimates_N": int(overall["n_sentences"].iloc[0]) if len(overall) else 0,
    }


def coder_data(params: dict[str, Any], comparison: pd.DataFrame, card: dict[str, Any] | None = None) -> dict[str, Any]:
    """Which coder coded the sentences, its card (``learned_coding``: the learned coder's model card, or the
    dictionary's note), the coders side by side (``coder_comparison.csv``) and the width the learned coder
    gained over the dictionary per quantity (``width_gained``, a list in the table's order)."""
    card = card if card is not None else json.loads(CODER_CARD_FILE.read_text(encoding="utf-8"))
    return {
        "coder": params["coder"],
        "coder_name": CODER_NAMES[params["coder"]],
        "coder_card": card,
        "coder_comparison": _records(comparison),
        "width_gained": [
            {"quantity": quantity, "gained": round(gained, 4)} for quantity, gained in width_gained(comparison).items()
        ],
    }


def archive_data(
    tables: dict[str, pd.DataFrame], params: dict[str, Any], summaries: dict[str, Any], examples_from: str
) -> dict[str, Any]:
    """What the report shows of a corpus above ``report_max_articles``: bounded tables (each with
    how many rows were left out), the trend's date field, the article sample and undated articles."""
    tables_dir = relative_to_repo(REPORT_TABLES_DIR)
    outlets, outlets_more = bounded_rows(summaries["outlets"], keep_last=True)
    index, index_more = bounded_rows(summaries["framing_index"])
    trends = summaries["trends"]
    n_frames = max(trends["frame"].nunique(), 1)
    overall, rows_more = bounded_rows(trends[trends["group"] == ALL_OUTLETS], MAX_TABLE_ROWS * n_frames)
    formats = set(tables["articles"]["source_format"])
    field = params["record_fields"].get("date", "")
    return {
        "per_article": summaries["per_article"],
        "per_file": summaries["per_file"],
        "n_input_files": len(tables["articles"]),
        "tables_dir": tables_dir,
        "outlets": _records(outlets),
        "outlets_more": outlets_more,
        "framing_index": _records(index),
        "framing_index_more": index_more,
        "trend_overall": _records(overall),
        "trend_periods_more": rows_more // n_frames,
        "trend_outlets": [group for group in dict.fromkeys(trends["group"]) if group != ALL_OUTLETS],
        "n_trend_periods": int(trends["period"].nunique()),
        "dates": {
            "records": bool(formats & RECORD_FORMATS),
            "files": bool(formats & FILE_FORMATS),
            "field": field,
            "collection_date": bool(formats & RECORD_FORMATS) and is_collection_date(field),
            "n_undated": len(summaries["undated"]),
            "undated_ids": summaries["undated"]["article_id"].head(MAX_TABLE_ROWS).tolist(),
        },
        "sample": _records(summaries["sample"]),
        "examples_from": examples_from,
    }


def provenance_listing(provenance_record: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    """The appendix's file list: every declared input, but at most ``MAX_TABLE_ROWS`` raw files (the
    rest counted; ``reports/provenance.json`` lists them all)."""
    raw = relative_to_repo(params["raw_path"])
    files = sorted(provenance_record["files"].items())
    is_raw = [path == raw or path.startswith(raw.rstrip("/") + "/") for path, _ in files]
    raw_files = [item for item, flag in zip(files, is_raw) if flag]
    shown = {path for path, _ in raw_files[:MAX_TABLE_ROWS]}
    listed = [[path, sha] for (path, sha), flag in zip(files, is_raw) if not flag or path in shown]
    return {"provenance_files": listed, "provenance_raw_more": max(len(raw_files) - MAX_TABLE_ROWS, 0)}


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
