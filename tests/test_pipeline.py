"""The pipeline end to end, in a temporary copy of the repository.

A forced rerun reproduces every committed output byte for byte, and a second run
does nothing. The copy holds the files git tracks plus untracked ones it does not
ignore (so uncommitted work is tested too), and runs the copy's own code.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.paths import REPO_ROOT

pytestmark = pytest.mark.pipeline
VENV_BIN = Path(sys.prefix) / "bin"


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": str(cwd / "src"), "PYTHONHASHSEED": "0"}
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory) -> Path:
    """A git repository holding the current working tree, committed."""
    copy = tmp_path_factory.mktemp("clone") / "tiktok-framing"
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO_ROOT, capture_output=True, check=True,
    ).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = REPO_ROOT / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    git = ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid"]
    run([*git, "init", "-q"], copy)
    run([*git, "add", "-A"], copy)
    run([*git, "commit", "-q", "-m", "working tree"], copy)
    return copy


def test_forced_rerun_reproduces_committed_outputs_byte_for_byte(repo_copy: Path) -> None:
    run([str(VENV_BIN / "dvc"), "repro", "--force"], repo_copy)
    changed = run(["git", "status", "--porcelain"], repo_copy).stdout
    diff = run(["git", "diff", "--stat"], repo_copy).stdout
    assert changed == "", f"a forced rerun changed committed files (stale outputs? run make report):\n{changed}{diff}"


def test_second_run_runs_no_stage(repo_copy: Path) -> None:
    status = run([str(VENV_BIN / "dvc"), "status"], repo_copy).stdout
    assert "up to date" in status
    output = run([str(VENV_BIN / "dvc"), "repro"], repo_copy).stdout
    assert "Running stage" not in output
    assert "up to date" in output
