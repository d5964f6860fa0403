"""params.yaml is validated before use; errors name the key (analysis.config.params)."""

from __future__ import annotations

import pytest

from analysis.config.params import SCHEMA, ParamsError, load_params, validate_params

VALID = load_params()


def test_committed_params_are_valid() -> None:
    assert set(load_params()) == set(SCHEMA)


def test_integers_are_accepted_where_floats_are_expected() -> None:
    assert validate_params(VALID | {"dominance_ratio": 3})["dominance_ratio"] == 3


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (VALID | {"raw_pth": "x"}, "unknown key 'raw_pth'; did you mean 'raw_path'?"),
        ({key: value for key, value in VALID.items() if key != "raw_path"}, "missing key 'raw_path'"),
        (VALID | {"raw_path": 3}, "'raw_path' must be a str"),
        (VALID | {"raw_path": "  "}, "'raw_path' is empty"),
        (VALID | {"seed": "42"}, "'seed' must be a int"),
        (VALID | {"seed": True}, "'seed' must be a int"),
        (VALID | {"bootstrap_resamples": 5}, "'bootstrap_resamples' = 5 must be >= 100 and <= 100000"),
        (VALID | {"dominance_ratio": 0.5}, "'dominance_ratio' = 0.5 must be >= 1.0"),
        (VALID | {"table_format": "feather"}, "'table_format' must be one of csv, parquet"),
        (VALID | {"trend_period": "year"}, "'trend_period' must be one of week, month"),
        (VALID | {"report_max_articles": 0}, "'report_max_articles' = 0 must be >= 1"),
        (
            VALID | {"record_fields": {"content": "body", "titel": "headline"}},
            "unknown key 'record_fields.titel'; did you mean 'title'?",
        ),
        (VALID | {"record_fields": {"title": "headline"}}, "'record_fields.content' must name the field"),
        (VALID | {"record_fields": {"content": 3}}, "'record_fields.content' must be a field name"),
        (["raw_path"], "expected a mapping"),
        (VALID | {"coder": "bert"}, "'coder' must be one of dictionary, classifier"),
        (
            VALID | {"coder": "classifier", "training_sheets": []},
            "'coder' is classifier but 'training_sheets' is empty: the learned coder needs hand-coded sheets",
        ),
        (
            VALID | {"training_sheets": ["data/annotations/saudinewsnet/frames_sheet.csv", VALID["annotations"]]},
            f"'training_sheets' lists the annotations sheet '{VALID['annotations']}'",
        ),
        (VALID | {"training_sheets": ["elsewhere/sheet.csv"]}, "'training_sheets' = 'elsewhere/sheet.csv' must lie in"),
    ],
)
def test_invalid_params_name_the_key(params, message: str) -> None:
    with pytest.raises(ParamsError, match="params.yaml") as error:
        validate_params(params)
    assert message in str(error.value)


def test_the_classifier_is_valid_with_training_sheets_and_its_error_names_the_fix() -> None:
    sheets = ["data/annotations/saudinewsnet/frames_sheet.csv"]
    assert validate_params(VALID | {"coder": "classifier", "training_sheets": sheets})["coder"] == "classifier"
    with pytest.raises(ParamsError) as error:
        validate_params(VALID | {"coder": "classifier"})
    assert "list them in training_sheets" in str(error.value) and "or set coder: dictionary" in str(error.value)


def test_the_committed_params_keep_the_dictionary() -> None:
    assert VALID["coder"] == "dictionary"


def test_broken_yaml_is_one_clear_error(tmp_path) -> None:
    path = tmp_path / "params.yaml"
    path.write_text("raw_path: [data/raw\n", encoding="utf-8")
    with pytest.raises(ParamsError, match=r"params.yaml, line 2: not valid YAML"):
        load_params(path)
