"""params.yaml is validated before use; errors name the key (analysis.params)."""

from __future__ import annotations

import pytest

from analysis.params import SCHEMA, ParamsError, load_params, validate_params

VALID = {"raw_dir": "data/raw", "processed_dir": "data/processed"}


def test_committed_params_are_valid() -> None:
    assert set(load_params()) == set(SCHEMA)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (VALID | {"raw_dri": "x"}, "unknown key 'raw_dri'; did you mean 'raw_dir'?"),
        ({"processed_dir": "data/processed"}, "missing key 'raw_dir'"),
        (VALID | {"raw_dir": 3}, "'raw_dir' must be a str"),
        (VALID | {"raw_dir": "  "}, "'raw_dir' is empty"),
        (["raw_dir"], "expected a mapping"),
    ],
)
def test_invalid_params_name_the_key(params, message: str) -> None:
    with pytest.raises(ParamsError, match="params.yaml") as error:
        validate_params(params)
    assert message in str(error.value)


def test_broken_yaml_is_one_clear_error(tmp_path) -> None:
    path = tmp_path / "params.yaml"
    path.write_text("raw_dir: [data/raw\n", encoding="utf-8")
    with pytest.raises(ParamsError, match="params.yaml: not valid YAML"):
        load_params(path)
