"""Stages, notebooks and dvc.yaml agree; executed notebooks are scrubbed."""

from __future__ import annotations

import ast
import json

import nbformat
import pytest
import yaml

from analysis.config.paths import REPO_ROOT
from analysis.pipeline.executed_notebooks import scrub_notebook
from analysis.pipeline.stages import STAGES

DVC = yaml.safe_load((REPO_ROOT / "dvc.yaml").read_text(encoding="utf-8"))


def notebook_code(stage_name: str) -> list[nbformat.NotebookNode]:
    notebook = nbformat.read(REPO_ROOT / STAGES[stage_name].notebook, as_version=4)
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def imported_analysis_modules(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("analysis"):
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names if alias.name.startswith("analysis")}
    return names


def module_file(module: str) -> str | None:
    """The source file of an ``analysis`` module or package, from the repository; None when not a module."""
    base = "src/" + module.replace(".", "/")
    for candidate in (base + "/__init__.py", base + ".py"):
        if (REPO_ROOT / candidate).is_file():
            return candidate
    return None


def library_closure(modules: set[str]) -> set[str]:
    """The analysis source files that importing ``modules`` loads (parent packages' ``__init__`` included)."""
    seen: set[str] = set()
    pending = set(modules)
    while pending:
        module = pending.pop()
        if module in seen or module_file(module) is None:
            continue
        seen.add(module)
        parts = module.split(".")
        pending |= {".".join(parts[:end]) for end in range(1, len(parts))}
        source = (REPO_ROOT / module_file(module)).read_text(encoding="utf-8")
        for imported in imported_analysis_modules(source):
            pending.add(imported)
            tree = ast.parse(source)  # ``from analysis.report import figures`` imports a submodule
            pending |= {
                f"{node.module}.{alias.name}"
                for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.module == imported
                for alias in node.names
            }
    return {module_file(module) for module in seen}


def covered(path: str, deps: set[str]) -> bool:
    """True when a declared dependency is the file or a folder holding it."""
    return any(path == dep or path.startswith(dep.rstrip("/") + "/") for dep in deps)


def test_every_stage_is_in_dvc_yaml_and_back() -> None:
    assert sorted(DVC["stages"]) == sorted(STAGES)


@pytest.mark.parametrize("name", sorted(STAGES))
def test_stage_declares_its_params_notebook_library_and_lock(name: str) -> None:
    stage, dvc_stage = STAGES[name], DVC["stages"][name]
    assert dvc_stage["cmd"] == f"python -m analysis.pipeline.stages {name}"
    assert dvc_stage["params"] == list(stage.params)
    notebook_imports = set().union(*(imported_analysis_modules(cell.source) for cell in notebook_code(name)))
    runner = {"analysis.pipeline.stages"}
    expected = library_closure(notebook_imports | runner)
    library_deps = {dep for dep in dvc_stage["deps"] if dep.startswith("src/")}
    missing = sorted(path for path in expected if not covered(path, library_deps))
    assert not missing, f"stage {name} imports files outside its declared deps: {missing}"
    if name == "report":  # it records every stage's inputs in its provenance appendix
        for other in DVC["stages"].values():
            assert set(other["deps"]) <= set(dvc_stage["deps"])
    else:  # and declares no library folder it does not use
        unused = sorted(dep for dep in library_deps if not any(covered(path, {dep}) for path in expected))
        assert not unused, f"stage {name} declares library deps it never imports: {unused}"
    assert stage.notebook in dvc_stage["deps"] and "requirements/lock.txt" in dvc_stage["deps"]
    outs = [next(iter(out)) if isinstance(out, dict) else out for out in dvc_stage["outs"]]
    assert stage.executed_notebook in outs and stage.executed_html in outs
    declared = dvc_stage["outs"] + dvc_stage.get("metrics", [])
    assert all(next(iter(out.values())) == {"cache": False} for out in declared)


@pytest.mark.parametrize("name", sorted(STAGES))
def test_notebook_narrates_and_calls_the_library(name: str) -> None:
    notebook = nbformat.read(REPO_ROOT / STAGES[name].notebook, as_version=4)
    assert notebook.cells[0].cell_type == "markdown" and notebook.cells[0].source.startswith("# ")
    code = notebook_code(name)
    parameters = [cell for cell in code if "parameters" in cell.metadata.get("tags", [])]
    assert len(parameters) == 1
    declared = {target.id for node in ast.parse(parameters[0].source).body for target in node.targets}
    assert declared == set(STAGES[name].params)
    for cell in code:
        assert not cell.outputs and cell.execution_count is None, "commit notebooks without outputs"
        for node in ast.walk(ast.parse(cell.source)):
            assert not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)), (
                "no def or class in a notebook"
            )
    assert notebook.metadata.kernelspec.name == "tiktok-framing"


def test_scrub_removes_times_ids_and_paths() -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["papermill"] = {
        "start_time": "2026-01-01T00:00:00",
        "duration": 1.5,
        "parameters": {"raw_dir": "data/raw"},
    }
    cell = nbformat.v4.new_code_cell("print(1)")
    cell.metadata["papermill"] = {"start_time": "t", "end_time": "t", "duration": 0.1, "status": "completed"}
    cell.metadata["execution"] = {"iopub.execute_input": "t"}
    cell.outputs = [nbformat.v4.new_output("stream", text="/tmp/clone-123/data/raw and /opt/venv/lib\n")]
    notebook.cells = [cell]
    scrubbed = scrub_notebook(notebook, {"/tmp/clone-123": "<repo>", "/opt/venv": "<venv>"})
    text = json.dumps(scrubbed)
    assert "start_time" not in text and "duration" not in text and "execution" not in scrubbed.cells[0].metadata
    assert scrubbed.metadata.papermill.parameters == {"raw_dir": "data/raw"}
    assert scrubbed.cells[0].id == "cell-01"
    assert scrubbed.cells[0].outputs[0].text == "<repo>/data/raw and <venv>/lib\n"


@pytest.mark.parametrize("name", sorted(STAGES))
def test_committed_executed_notebook_is_scrubbed(name: str) -> None:
    path = REPO_ROOT / STAGES[name].executed_notebook
    text = path.read_text(encoding="utf-8")
    for volatile in ('"start_time"', '"end_time"', '"duration"', '"iopub.', str(REPO_ROOT), "/tmp/"):
        assert volatile not in text
    notebook = nbformat.read(path, as_version=4)
    assert all(cell.get("metadata", {}).get("papermill", {}).get("status") == "completed" for cell in notebook.cells)
    assert not any(
        output.get("output_type") == "error" for cell in notebook.cells for output in cell.get("outputs", [])
    )
