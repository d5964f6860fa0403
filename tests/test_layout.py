"""The package layout shows the pipeline: data moves one way between sub-packages, and
no module or notebook holds a literal path to a project file."""

from __future__ import annotations

import ast
import re

import nbformat
import pytest

from analysis.config.paths import NOTEBOOK_DIR, REPO_ROOT

PACKAGE = REPO_ROOT / "src" / "analysis"
FOUNDATION = {"config", "text", "stats", "pipeline"}
ALLOWED = {
    "config": {"config"},
    "text": {"config", "text"},
    "stats": {"stats"},
    "pipeline": {"config", "pipeline"},
    "corpus": FOUNDATION | {"corpus"},
    "clean": FOUNDATION | {"corpus", "clean"},
    "selection": FOUNDATION | {"selection"},
    "frames": FOUNDATION | {"frames"},
    "report": FOUNDATION | {"corpus", "clean", "selection", "frames", "report"},
}
"""What each sub-package may import from: the foundation and the steps before it."""


def imported_subpackages(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    modules |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    return {module.split(".")[1] for module in modules if module.startswith("analysis.")}


def test_every_module_lives_in_a_subpackage_of_the_flow() -> None:
    loose = sorted(path.name for path in PACKAGE.glob("*.py") if path.name != "__init__.py")
    assert not loose, f"modules outside the sub-packages: {loose}"
    assert {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").is_file()} == set(ALLOWED)


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_data_moves_one_way(package: str) -> None:
    for path in sorted((PACKAGE / package).glob("*.py")):
        reached = imported_subpackages(path) - ALLOWED[package]
        assert not reached, f"{path.relative_to(REPO_ROOT)} reaches into {sorted(reached)}"


LITERAL_PROJECT_PATH = re.compile(r"""["'](?:data|reports|notebooks|templates|requirements)/[\w./-]+["']""")


def test_no_literal_project_paths_in_modules() -> None:
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "paths.py":
            continue
        code = "\n".join(
            line for line in path.read_text(encoding="utf-8").splitlines() if not line.strip().startswith("#")
        )
        strings = [node.value for node in ast.walk(ast.parse(code)) if isinstance(node, ast.Constant)]
        literal = [s for s in strings if isinstance(s, str) and LITERAL_PROJECT_PATH.fullmatch(repr(s))]
        assert not literal, (
            f"{path.relative_to(REPO_ROOT)} holds literal project paths {literal}: use analysis.config.paths"
        )


@pytest.mark.parametrize("notebook", sorted(path.name for path in NOTEBOOK_DIR.glob("*.ipynb")))
def test_notebooks_import_subpackages_and_hold_no_literal_paths_outside_parameters(notebook: str) -> None:
    cells = [cell for cell in nbformat.read(NOTEBOOK_DIR / notebook, as_version=4).cells if cell.cell_type == "code"]
    for cell in cells:
        if "parameters" in cell.metadata.get("tags", []):
            continue
        assert not LITERAL_PROJECT_PATH.search(cell.source), f"{notebook}: a literal path in\n{cell.source}"
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("analysis"):
                assert node.module.count(".") <= 2, f"{notebook}: import {node.module}"
