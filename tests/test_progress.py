"""Long steps show progress in the terminal that runs a stage, never in the executed notebook,
in CI or in a captured stream (analysis.pipeline.progress)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.pipeline.progress import progress, terminal_stream
from tests.test_pipeline import VENV_BIN, make_repo_copy


class TerminalStderr:
    """A stand-in for ``sys.stderr`` whose file descriptor is a pseudo-terminal."""

    def __init__(self, descriptor: int) -> None:
        self.descriptor = descriptor

    def fileno(self) -> int:
        return self.descriptor


def read_all(descriptor: int) -> str:
    """Everything written to a pseudo-terminal whose other end is closed."""
    chunks = []
    while True:
        try:
            data = os.read(descriptor, 4096)
        except OSError:  # EIO: the writing side is closed
            break
        if not data:
            break
        chunks.append(data)
    return b"".join(chunks).decode("utf-8", errors="replace")


def draw_on_terminal(monkeypatch, ci: str | None) -> tuple[list[int], str]:
    """Run ``progress`` with stderr on a pseudo-terminal; the items it yields and what the terminal shows."""
    main, secondary = pty.openpty()
    monkeypatch.setattr(sys, "stderr", TerminalStderr(secondary))
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    items = list(progress(range(5), "coding sentences", total=5, unit="sentence"))
    os.close(secondary)
    return items, read_all(main)


def test_a_terminal_shows_the_bar_and_gets_every_item(monkeypatch) -> None:
    items, shown = draw_on_terminal(monkeypatch, None)
    assert items == [0, 1, 2, 3, 4]
    assert "coding sentences" in shown and "5/5" in shown


@pytest.mark.parametrize("ci", ["true", "1", "True"])
def test_ci_silences_the_bar(monkeypatch, ci: str) -> None:
    items, shown = draw_on_terminal(monkeypatch, ci)
    assert items == [0, 1, 2, 3, 4]
    assert shown == ""


def test_a_captured_or_piped_stderr_gets_no_bar(monkeypatch, capsys) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert terminal_stream() is None  # pytest's capture: not a terminal
    assert list(progress(iter("abc"), "cleaning articles")) == ["a", "b", "c"]
    assert capsys.readouterr().err == ""


def run_stage_on_terminal(copy: Path, stage: str, ci: str | None) -> str:
    """Run one stage with stderr on a pseudo-terminal, as ``dvc repro`` in a terminal does; what it shows there."""
    env = os.environ | {"PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": str(copy / "src")}
    env.pop("CI", None)
    env.pop("PYTEST_CURRENT_TEST", None)  # a kernel that sees it leaves its streams to pytest (ipykernel iostream)
    if ci is not None:
        env["CI"] = ci
    main, secondary = pty.openpty()
    process = subprocess.Popen(
        [str(VENV_BIN / "python"), "-m", "analysis.pipeline.stages", stage],
        cwd=copy,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=secondary,
    )
    os.close(secondary)
    shown = read_all(main)
    assert process.wait() == 0, shown
    os.close(main)
    return shown


@pytest.mark.pipeline
def test_stage_progress_reaches_the_terminal_not_the_executed_notebook(tmp_path) -> None:
    copy = make_repo_copy(tmp_path / "repo")
    executed = copy / "reports" / "notebooks" / "01_clean.ipynb"
    shown = run_stage_on_terminal(copy, "clean", None)
    assert "cleaning articles" in shown and "5article" in shown.replace(" ", "")
    with_bars = executed.read_bytes()
    assert b"cleaning articles" not in with_bars and b"article/s" not in with_bars
    assert run_stage_on_terminal(copy, "clean", "true") == ""
    assert executed.read_bytes() == with_bars  # the executed notebook is the same with or without a terminal
