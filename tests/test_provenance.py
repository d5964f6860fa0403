"""reports/provenance.json: hashes of exactly the declared inputs, no commit id, no absolute path."""

from __future__ import annotations

import json

import nbformat
import pytest

from analysis.config.params import load_params
from analysis.config.paths import REPO_ROOT
from analysis.pipeline.stages import STAGES
from analysis.report.provenance import provenance, sha256_file, stage_dependencies

PROVENANCE = json.loads((REPO_ROOT / "reports" / "provenance.json").read_text(encoding="utf-8"))


def test_files_are_exactly_the_declared_stage_dependencies() -> None:
    dependencies = stage_dependencies(load_params())
    assert set(PROVENANCE["stages"]) == set(STAGES)
    assert set(PROVENANCE["files"]) == {path for paths in dependencies.values() for path in paths}
    assert "data/raw/000_8877fc0651d57337.txt" in PROVENANCE["files"]
    assert "requirements/lock.txt" in PROVENANCE["files"] and "notebooks/03_frames.ipynb" in PROVENANCE["files"]


def test_hashes_match_the_files_now() -> None:
    for path, digest in PROVENANCE["files"].items():
        assert sha256_file(REPO_ROOT / path) == digest, f"{path} changed since the last run: make report"


def test_committed_record_equals_a_fresh_one() -> None:
    assert json.loads(json.dumps(provenance(load_params()))) == PROVENANCE


def test_fonts_parameters_and_versions_are_recorded() -> None:
    assert set(PROVENANCE["fonts"]) >= {"Noto Sans Arabic", "DejaVu Sans", "Amiri"}
    assert all(len(font["sha256"]) == 64 for font in PROVENANCE["fonts"].values())
    assert PROVENANCE["parameters"] == load_params()
    assert PROVENANCE["packages"]["matplotlib"].startswith("3.11.")
    assert PROVENANCE["python"].startswith("3.11.")


def test_no_absolute_path_and_no_commit_id() -> None:
    text = (REPO_ROOT / "reports" / "provenance.json").read_text(encoding="utf-8")
    assert str(REPO_ROOT) not in text and '"/' not in text
    assert "commit" not in text.lower()


@pytest.mark.parametrize("name", sorted(STAGES))
def test_every_executed_notebook_ran_on_the_project_kernel(name: str) -> None:
    notebook = nbformat.read(REPO_ROOT / STAGES[name].executed_notebook, as_version=4)
    assert notebook.metadata.kernelspec.name == "tiktok-framing"
    assert notebook.metadata.papermill.get("parameters")
