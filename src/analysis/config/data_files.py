"""Reading the project's YAML data files (params, lexicons, agencies, glossary) in one way.

Every mapping and list read here remembers the line it starts on, so a validation error
can name the file, the line and the fix: ``frames.yaml, line 42: ...``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class DataFileError(ValueError):
    """A data file is missing or malformed; the message names the file, the line and the fix."""


class LineDict(dict):
    """A YAML mapping that knows its first line (1-based)."""

    line: int = 0


class LineList(list):
    """A YAML list that knows its first line (1-based)."""

    line: int = 0


class _LineLoader(yaml.SafeLoader):
    """The safe loader, building ``LineDict`` / ``LineList`` with their line numbers."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    sequence = LineList(loader.construct_sequence(node, deep=True))
    sequence.line = node.start_mark.line + 1
    return sequence


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def read_yaml(path: str | Path, error: type[DataFileError] = DataFileError) -> Any:
    """Parse a YAML data file.

    Parameters
    ----------
    path: the file.
    error: the ``DataFileError`` subclass to raise (e.g. ``LexiconError``).

    Returns
    -------
    The parsed data; mappings and lists carry ``.line``. A missing file or invalid YAML
    raises ``error`` naming the file and the line.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(f"{path.name}: no such file ({path}); check the path or restore the file") from None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        reason = getattr(problem, "problem", None) or str(problem)
        raise error(f"{path.name}{line}: not valid YAML ({reason}); fix the indentation or quoting there") from None


def where(source: str | Path, node: Any = None) -> str:
    """``file, line N`` for a node read by ``read_yaml`` (just the file when the line is unknown)."""
    name = Path(source).name
    line = getattr(node, "line", 0)
    return f"{name}, line {line}" if line else name


def require_mapping(data: Any, source: str | Path, what: str, error: type[DataFileError] = DataFileError) -> dict:
    """``data`` when it is a mapping; otherwise raise ``error`` saying what the file must hold."""
    if not isinstance(data, dict):
        raise error(f"{where(source, data)}: {what}")
    return data


def require_string_list(
    data: dict, key: str, source: str | Path, error: type[DataFileError] = DataFileError
) -> list[str]:
    """``data[key]`` when it is a list of non-empty strings; otherwise raise ``error`` naming the key."""
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise error(
            f"{where(source, value if isinstance(value, list) else data)}: '{key}' must be a list of "
            "non-empty strings, one '- word' per line"
        )
    return value
