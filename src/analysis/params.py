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

import yaml

from analysis.paths import PARAMS_FILE


class ParamsError(ValueError):
    """``params.yaml`` is invalid; the message names the key and the fix."""


@dataclass(frozen=True)
class ParamSpec:
    """What one parameter may hold."""

    kind: type
    description: str
    minimum: float | None = None
    maximum: float | None = None


SCHEMA: dict[str, ParamSpec] = {
    "raw_dir": ParamSpec(str, "folder of raw .txt articles and metadata.csv, relative to the repository"),
    "processed_dir": ParamSpec(str, "folder for the cleaned corpus tables, relative to the repository"),
}


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
        if isinstance(value, bool) and spec.kind is not bool or not isinstance(value, spec.kind):
            raise ParamsError(f"{source}: '{key}' must be a {spec.kind.__name__} ({spec.description}), got {value!r}")
        if spec.kind is str and not value.strip():
            raise ParamsError(f"{source}: '{key}' is empty ({spec.description})")
        if spec.minimum is not None and value < spec.minimum or spec.maximum is not None and value > spec.maximum:
            raise ParamsError(f"{source}: '{key}' = {value!r} is outside [{spec.minimum}, {spec.maximum}]")
    return params


def load_params(path: str | Path = PARAMS_FILE) -> dict[str, Any]:
    """Read and validate ``params.yaml``; raises ``ParamsError`` when invalid."""
    path = Path(path)
    try:
        params = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ParamsError(f"{path.name}: not valid YAML ({error})") from None
    return validate_params(params, source=path.name)
