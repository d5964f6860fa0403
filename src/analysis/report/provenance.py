"""Provenance: what produced the outputs, recorded in ``reports/provenance.json`` and in
the report's appendix.

sha256 of exactly the files each DVC stage declares as dependencies (directories
expanded), the parameters, Python and package versions, and the font files. No commit id
(a committed output cannot contain it) and no absolute paths.
"""

from __future__ import annotations

import hashlib
import platform
import re
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from analysis.config.paths import DVC_FILE, REPO_ROOT, REQUIREMENTS_IN, relative_to_repo
from analysis.report.fonts import font_files

INTERPOLATION = re.compile(r"\$\{([^}]+)\}")
IGNORED_PARTS = {"__pycache__", ".ipynb_checkpoints"}
"""Folders inside a declared dependency folder that are not inputs (``.dvcignore`` skips them too)."""


def sha256_file(path: str | Path) -> str:
    """Hex sha256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def stage_dependencies(params: dict[str, Any], dvc_file: Path = DVC_FILE) -> dict[str, list[str]]:
    """Per stage, the dependency files ``dvc.yaml`` declares (``${key}`` resolved from params,
    folders expanded to their files), relative to the repository, sorted."""
    stages = yaml.safe_load(dvc_file.read_text(encoding="utf-8"))["stages"]
    result = {}
    for name, stage in stages.items():
        files: set[str] = set()
        for dep in stage.get("deps", []):
            path = REPO_ROOT / INTERPOLATION.sub(lambda match: str(params[match.group(1)]), dep)
            members = (
                sorted(p for p in path.rglob("*") if p.is_file() and not IGNORED_PARTS & set(p.parts))
                if path.is_dir()
                else [path]
            )
            files |= {relative_to_repo(member) for member in members}
        result[name] = sorted(files)
    return result


def direct_requirements(requirements_in: Path = REQUIREMENTS_IN) -> list[str]:
    """Names of the pinned direct dependencies."""
    names = []
    for line in requirements_in.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            names.append(line.split("==")[0])
    return names


def provenance(params: dict[str, Any]) -> dict[str, Any]:
    """The provenance record: files with sha256 per stage, parameters, versions, fonts."""
    dependencies = stage_dependencies(params)
    all_files = sorted({path for paths in dependencies.values() for path in paths})
    return {
        "parameters": params,
        "python": platform.python_version(),
        "platform": f"{platform.system()} {platform.machine()}",
        "packages": {name: metadata.version(name) for name in direct_requirements()},
        "files": {path: sha256_file(REPO_ROOT / path) for path in all_files},
        "stages": dependencies,
        "fonts": {role: {"file": path.name, "sha256": sha256_file(path)} for role, path in font_files().items()},
    }
