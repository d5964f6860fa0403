"""Glosses for every Arabic term the report shows (analysis.frames.glossary)."""

from __future__ import annotations

import pandas as pd

from analysis.frames.glossary import MISSING_GLOSS, gloss, load_glossary, with_glosses
from analysis.frames.lexicon import default_lexicon
from analysis.pipeline.outputs import read_csv
from tests.conftest import PROCESSED_DIR

TERMS_SHOWN_PER_SIDE = 15


def test_glossary_covers_the_distinguishing_words_shown() -> None:
    keyness = read_csv(PROCESSED_DIR / "keyness.csv")
    shown = list(keyness["term"].head(TERMS_SHOWN_PER_SIDE)) + list(keyness["term"].tail(TERMS_SHOWN_PER_SIDE))
    missing = [term for term in shown if gloss(term) == MISSING_GLOSS]
    assert not missing, f"add these to data/lexicons/glossary.yaml: {missing}"


def test_glossary_covers_every_matched_indicator() -> None:
    frames = read_csv(PROCESSED_DIR / "sentence_frames.csv")
    matched = {
        term for column in ("mh_terms", "reg_terms") for cell in frames[column] if cell for term in cell.split(";")
    }
    assert matched and all(gloss(term) != MISSING_GLOSS for term in matched)
    assert matched <= set(default_lexicon().glosses())


def test_every_entry_has_gloss_and_transliteration() -> None:
    for term, entry in load_glossary().items():
        assert entry["gloss"].strip() and entry["translit"].strip(), term


def test_a_missing_gloss_is_shown_as_missing() -> None:
    table = with_glosses(pd.DataFrame({"term": ["النفسيه", "كلمهغيرمعروفه"]}))
    assert list(table.columns) == ["term", "translit", "gloss"]
    assert table["gloss"].tolist() == ["the psychological (mental)", MISSING_GLOSS]


def test_a_definite_form_borrows_its_bare_forms_entry() -> None:
    assert "الارهاب" not in load_glossary() and "ارهاب" in load_glossary()
    table = with_glosses(pd.DataFrame({"term": ["الارهاب", "النفسيه", "الكلمهغيرمعروفه"]}))
    assert table["gloss"].tolist() == ["the terrorism", "the psychological (mental)", MISSING_GLOSS]
    assert table["translit"].tolist() == ["al-irhab", "al-nafsiyya", ""]
