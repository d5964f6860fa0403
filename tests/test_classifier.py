"""The learned coder (analysis.frames.classifier): training, cross-fitting, the model card, skops files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import skops.io
from sklearn.preprocessing import StandardScaler

from analysis.frames.classifier import (
    TrainingSheet,
    _folds,
    coder_features,
    cross_fitted_scores,
    load_coder,
    model_card,
    save_coder,
    train_coder,
    training_rows,
)
from analysis.frames.lexicon import default_lexicon

LEXICON = default_lexicon()
FRAMES = ["mental_health", "regulation"]


PLACES = ["الرياض", "جدة", "مكة", "الدمام", "تبوك", "أبها", "الطائف", "حائل", "نجران"]


def synthetic_sentences(n: int, first: int = 0) -> pd.DataFrame:
    """``n`` sentences whose frame shows in their words (mental health, regulation, neither, in turn; the words
    vary, so the dictionary alone does not decide), each distinct (numbered from ``first``), as a sheet's coded
    rows: article_id, sentence_id, text, yes/no per frame."""
    rng = np.random.default_rng(first)
    rows = []
    for i in range(first, first + n):
        place = PLACES[int(rng.integers(len(PLACES)))]
        kind = i % 3
        text = (
            f"يعاني الشباب في {place} من القلق والاكتئاب بسبب إدمان المنصات رقم {i}",
            f"أقرت الحكومة في {place} عقوبات على نشر الشائعات في المنصات رقم {i}",
            f"افتتح المعرض السنوي للكتاب في {place} بحضور الزوار رقم {i}",
        )[kind]
        rows.append(
            {
                "article_id": f"a{i // 4:03d}",
                "sentence_id": i % 4 + 1,
                "text": text,
                "mental_health": "yes" if kind == 0 else "no",
                "regulation": "yes" if kind == 1 else "no",
            }
        )
    return pd.DataFrame(rows)


def hand_coded(n: int = 90) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``coder_features`` and boolean labels of ``synthetic_sentences``."""
    rows = synthetic_sentences(n)
    labels = pd.DataFrame({frame: rows[frame] == "yes" for frame in FRAMES})
    return coder_features(rows["text"].tolist(), LEXICON), labels


def test_features_hold_the_normalized_text_the_dictionary_codes_and_the_anchor() -> None:
    features = coder_features(["قال الطبيب إن تيك توك يسبب القلق والاكتئاب للمراهقين", "افتتح المعرض"], LEXICON)
    assert list(features.columns) == ["normalized", "dictionary_mental_health", "dictionary_regulation", "names_object"]
    assert "ة" not in features.loc[0, "normalized"] and "إ" not in features.loc[0, "normalized"]
    assert features.loc[0, "names_object"] == 1.0 and features.loc[1, "names_object"] == 0.0
    assert features.loc[1, ["dictionary_mental_health", "dictionary_regulation"]].tolist() == [0.0, 0.0]


def test_the_coder_learns_the_frames_and_reports_cross_validated_scores() -> None:
    features, labels = hand_coded()
    coder = train_coder(features, labels, seed=3)
    codes = coder.codes(features)
    for frame in FRAMES:
        assert (codes[frame] == labels[frame]).mean() > 0.95
        assert coder.models[frame].cv_f1 > 0.9
    scores = coder.scores(features)
    assert ((scores >= 0) & (scores <= 1)).all().all()
    new = coder_features(["يعاني المراهقون من القلق والاكتئاب", "أقرت الحكومة عقوبات على الشائعات"], LEXICON)
    assert coder.scores(new)["mental_health"].iloc[0] > coder.scores(new)["mental_health"].iloc[1]
    card = model_card(coder, [TrainingSheet("data/annotations/a.csv", "ab" * 32, 90)])
    assert card["training_rows"] == 90 and card["training_sheets"][0]["rows"] == 90
    assert set(card["frames"]) == set(FRAMES) and card["frames"]["regulation"]["training_positives"] == 30
    assert "threshold" in card["threshold_rule"]


def test_training_is_deterministic() -> None:
    features, labels = hand_coded()
    first = train_coder(features, labels, seed=3).scores(features)
    second = train_coder(features, labels, seed=3).scores(features)
    pd.testing.assert_frame_equal(first, second, check_exact=True)


def test_a_frame_with_too_few_examples_is_an_error_naming_it() -> None:
    features, labels = hand_coded()
    labels["mental_health"] = False
    labels.loc[0, "mental_health"] = True
    with pytest.raises(ValueError, match="mental_health: 1 of 90"):
        train_coder(features, labels, seed=3)


def test_cross_fitted_scores_come_from_coders_that_did_not_see_the_row() -> None:
    features, labels = hand_coded()
    scores, codes = cross_fitted_scores(features, labels, seed=5)
    assert scores.notna().all().all() and codes.dtypes.eq(bool).all()
    train, test = _folds(labels, 5, 5)[0]
    coder = train_coder(features.iloc[train], labels.iloc[train], seed=5)
    expected = coder.scores(features.iloc[test])
    np.testing.assert_allclose(scores.iloc[test].to_numpy(), expected.to_numpy())
    seen = train_coder(features, labels, seed=5).scores(features.iloc[test])  # a coder that saw the rows differs
    assert not np.allclose(seen.to_numpy(), expected.to_numpy())


def test_cross_fitting_trains_every_fold_on_the_fixed_rows_too_and_scores_only_the_others() -> None:
    features, labels = hand_coded()
    sheet, fixed = (features.iloc[:45], labels.iloc[:45]), (features.iloc[45:], labels.iloc[45:])
    scores, codes = cross_fitted_scores(*sheet, seed=5, fixed=fixed)
    assert list(scores.index) == list(sheet[0].index) and scores.notna().all().all()
    for train, test in _folds(sheet[1], 5, 5)[:2]:
        coder = train_coder(
            pd.concat([fixed[0], sheet[0].iloc[train]]), pd.concat([fixed[1], sheet[1].iloc[train]]), seed=5
        )
        np.testing.assert_allclose(scores.iloc[test].to_numpy(), coder.scores(sheet[0].iloc[test]).to_numpy())
        pd.testing.assert_frame_equal(codes.iloc[test], coder.codes(sheet[0].iloc[test]).set_axis(codes.index[test]))


def test_cross_fitting_no_row_or_one_row_uses_the_fixed_rows_alone() -> None:
    features, labels = hand_coded()
    scores, codes = cross_fitted_scores(features.iloc[:0], labels.iloc[:0], seed=5, fixed=(features, labels))
    assert scores.empty and codes.empty
    one, _ = cross_fitted_scores(features.iloc[:1], labels.iloc[:1], seed=5, fixed=(features.iloc[1:], labels.iloc[1:]))
    alone = train_coder(features.iloc[1:], labels.iloc[1:], seed=5).scores(features.iloc[:1])
    np.testing.assert_allclose(one.to_numpy(), alone.to_numpy())


def test_the_coder_saves_with_skops_the_same_bytes_and_loads_without_pickle(tmp_path) -> None:
    features, labels = hand_coded()
    coder = train_coder(features, labels, seed=3)
    first = save_coder(coder, tmp_path / "a" / "coder.skops")
    second = save_coder(train_coder(features, labels, seed=3), tmp_path / "b" / "coder.skops")
    assert first.read_bytes() == second.read_bytes()
    assert not first.read_bytes().startswith(b"\x80")  # a zip of JSON and arrays, not a pickle stream
    loaded = load_coder(first)
    pd.testing.assert_frame_equal(loaded.scores(features), coder.scores(features))
    pd.testing.assert_frame_equal(loaded.codes(features), coder.codes(features))
    assert model_card(loaded) == model_card(coder)


def test_a_model_file_with_a_foreign_type_is_refused(tmp_path) -> None:
    path = tmp_path / "foreign.skops"
    path.write_bytes(skops.io.dumps({"frames": ["mental_health"], "scaler": StandardScaler()}))
    with pytest.raises(ValueError, match="StandardScaler"):
        load_coder(path)


def test_training_rows_take_the_coded_rows_of_every_sheet_once_with_their_hashes(tmp_path) -> None:
    texts = ["يعاني المراهقون من القلق بسبب تيك توك", "أقرت الحكومة عقوبات على الشائعات", "افتتح المعرض"]
    first = pd.DataFrame(
        {
            "article_id": ["a1", "a2", "a3"],
            "sentence_hash": ["h1", "h2", "h3"],
            "sentence_id": [1, 1, 1],
            "text": texts,
            "mental_health": ["yes", "no", ""],
            "regulation": ["no", "نعم", ""],
        }
    )
    second = first.iloc[[0, 2]].assign(mental_health=["no", "no"], regulation=["no", "no"])
    paths = [tmp_path / "one.csv", tmp_path / "two.csv"]
    for table, path in zip((first, second), paths):
        table.to_csv(path, index=False, encoding="utf-8-sig")
    features, labels, provenance = training_rows(paths, LEXICON)
    assert features["normalized"].tolist() == [coder_features(texts, LEXICON)["normalized"][i] for i in (0, 1, 2)]
    assert labels.to_dict("list") == {"mental_health": [True, False, False], "regulation": [False, True, False]}
    assert [item.rows for item in provenance] == [2, 1]  # a1 was coded in the first sheet: it counts once
    import hashlib

    assert provenance[1].sha256 == hashlib.sha256(paths[1].read_bytes()).hexdigest()
