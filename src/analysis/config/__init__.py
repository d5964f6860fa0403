"""Configuration: where things are (``paths``), what ``params.yaml`` may hold (``params``),
the columns and types of every output table (``tables``), and reading the YAML data files
(``data_files``)."""

from analysis.config.params import ParamsError, load_params, validate_params
from analysis.config.paths import REPO_ROOT, relative_to_repo, repo_path

__all__ = ["REPO_ROOT", "ParamsError", "load_params", "relative_to_repo", "repo_path", "validate_params"]
