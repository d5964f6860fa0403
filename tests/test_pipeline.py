"""The pipeline end to end, in a temporary copy of the repository.

A forced rerun reproduces every committed output byte for byte, and a second run
does nothing. The copy holds the files git tracks plus untracked ones it does not
ignore (so uncommitted work is tested too), and runs the copy's own code.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.config.paths import REPO_ROOT

pytestmark = pytest.mark.pipeline
VENV_BIN = Path(sys.prefix) / "bin"


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = os.environ | {
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(cwd / "src"),
        "PYTHONHASHSEED": "0",
    }
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"
    return result


def make_repo_copy(copy: Path) -> Path:
    """A git repository at ``copy`` holding the current working tree, committed."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=REPO_ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
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


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory) -> Path:
    return make_repo_copy(tmp_path_factory.mktemp("clone") / "tiktok-framing")


def set_params(copy: Path, **changes: object) -> None:
    """Change top-level keys of the copy's params.yaml (a line ``key: value`` each)."""
    path = copy / "params.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    for key, value in changes.items():
        lines = [f"{key}: {value}" if line.startswith(f"{key}:") else line for line in lines]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def stale_stages(copy: Path) -> set[str]:
    status = json.loads(run([str(VENV_BIN / "dvc"), "status", "--json"], copy).stdout or "{}")
    return set(status)


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


def test_a_parameter_change_reruns_only_the_stages_that_read_it(tmp_path) -> None:
    copy = make_repo_copy(tmp_path / "repo")
    assert stale_stages(copy) == set()
    set_params(copy, report_examples_per_frame=2)
    assert stale_stages(copy) == {"report"}
    set_params(copy, report_examples_per_frame=3, keyness_a0=250.0)
    assert stale_stages(copy) == {"frames", "report"}
    set_params(copy, keyness_a0=500.0)
    assert stale_stages(copy) == set()
    with (copy / "requirements" / "lock.txt").open("a", encoding="utf-8") as lock:
        lock.write("# changed\n")
    assert stale_stages(copy) == {"clean", "select", "frames", "report"}


def test_fixture_corpus_runs_end_to_end_and_its_report_renders(tmp_path) -> None:
    from tests import fixture_corpus
    from tests.test_report import pdf_text

    copy = make_repo_copy(tmp_path / "repo")
    fixture_corpus.build(copy / "fixture_raw")
    set_params(copy, raw_path="fixture_raw")
    run([str(VENV_BIN / "dvc"), "repro"], copy)
    articles = (copy / "data" / "processed" / "articles.csv").read_text(encoding="utf-8")
    for article_id in fixture_corpus.expected_ids():
        assert article_id in articles
    text = pdf_text(copy / "reports" / "framing_report.pdf")
    for article_id in fixture_corpus.expected_ids():  # every input in the report's corpus table
        assert all(part in text for part in article_id.split()), article_id  # (bidi may reorder the parts)
    for literal in ("page(width", "1cm", "x^2", "code", "http://x"):  # markup printed, not run (inside an
        assert literal in text, literal  # RTL title, bidi moves the # and $ marks)


def test_fatal_configuration_error_is_one_message_without_traceback(tmp_path) -> None:
    from tests import fixture_corpus

    copy = make_repo_copy(tmp_path / "repo")
    fixture_corpus.build(copy / "fixture_raw", metadata=fixture_corpus.MALFORMED_METADATA)
    set_params(copy, raw_path="fixture_raw")
    env = os.environ | {"PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": str(copy / "src")}
    result = subprocess.run(
        [str(VENV_BIN / "python"), "-m", "analysis.pipeline.stages", "clean"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    message = [line for line in result.stderr.splitlines() if "WARNING" not in line and line.strip()]
    assert len(message) == 1, result.stderr
    assert "fixture_raw/metadata.csv, line 2: 3 fields where the header has 2" in message[0]
    assert "Traceback" not in result.stderr


def test_invalid_parameter_stops_the_stage_naming_the_key(tmp_path) -> None:
    copy = make_repo_copy(tmp_path / "repo")
    (copy / "params.yaml").write_text(
        (copy / "params.yaml").read_text(encoding="utf-8") + "keyness_ao: 3\n", encoding="utf-8"
    )
    env = os.environ | {"PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": str(copy / "src")}
    result = subprocess.run(
        [str(VENV_BIN / "python"), "-m", "analysis.pipeline.stages", "frames"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "unknown key 'keyness_ao'; did you mean 'keyness_a0'?" in result.stderr and "Traceback" not in result.stderr
