"""One place that knows where the repository is, so code runs the same from anywhere."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT: Path = Path(__file__).resolve().parents[2]
"""The repository's top folder (the one holding ``dvc.yaml``)."""

PARAMS_FILE: Path = REPO_ROOT / "params.yaml"
LEXICON_DIR: Path = REPO_ROOT / "data" / "lexicons"


def repo_path(path: str | os.PathLike[str]) -> Path:
    """Resolve a path from ``params.yaml`` (relative to the repository) to an absolute one.

    Parameters
    ----------
    path: a path relative to the repository root, or an absolute path.

    Returns
    -------
    The absolute path; the current working directory plays no part.
    """
    candidate = Path(path)
    return candidate if candidate.is_absolute() else REPO_ROOT / candidate


def relative_to_repo(path: str | os.PathLike[str]) -> str:
    """Express a path relative to the repository, with forward slashes, for outputs.

    Paths outside the repository come out as ``../...``; outputs never hold an
    absolute path.
    """
    return Path(os.path.relpath(repo_path(path), REPO_ROOT)).as_posix()
