"""The recipe for a large corpus (docs/howto/large-corpus.md): tables as Parquet in DVC's
cache, out of git, pushed to a remote and pulled back by a collaborator."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pandas as pd
import pytest

from analysis.config.tables import TABLES
from analysis.pipeline import read_table
from tests.conftest import PROCESSED_DIR
from tests.test_pipeline import VENV_BIN, make_repo_copy, run, set_params

pytestmark = pytest.mark.pipeline
DVC = str(VENV_BIN / "dvc")
GIT = ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid"]
ARCHIVE = "data/archive"


def use_recipe(copy: Path, remote: Path) -> None:
    """What the how-to tells a researcher to do: Parquet tables in their own folder, the tables'
    DVC cache switched on, a DVC remote."""
    set_params(copy, processed_dir=ARCHIVE, table_format="parquet")
    dvc_file = copy / "dvc.yaml"
    text = dvc_file.read_text(encoding="utf-8")
    assert text.count("&tables_in_dvc_cache false") == 1
    dvc_file.write_text(text.replace("&tables_in_dvc_cache false", "&tables_in_dvc_cache true"), encoding="utf-8")
    run([DVC, "remote", "add", "-d", "storage", str(remote)], copy)


def test_large_corpus_recipe_keeps_tables_out_of_git_and_a_collaborator_pulls_them(tmp_path) -> None:
    copy, remote = make_repo_copy(tmp_path / "repo"), tmp_path / "remote"
    use_recipe(copy, remote)
    run([DVC, "repro"], copy)

    tables = {name: copy / ARCHIVE / f"{name}.parquet" for name in TABLES}
    assert all(path.is_file() for path in tables.values())
    changed = run(["git", "status", "--porcelain", "--untracked-files=all"], copy).stdout
    assert ".parquet" not in changed, changed  # DVC listed every table in data/archive/.gitignore
    ignored = run(["git", "check-ignore", *[str(path) for path in tables.values()]], copy).stdout.split()
    assert len(ignored) == len(tables)
    for spec in TABLES.values():  # the same tables as the committed CSV ones, in the other format
        expected = read_table(spec, PROCESSED_DIR)
        pd.testing.assert_frame_equal(read_table(spec, copy / ARCHIVE, table_format="parquet"), expected)
    assert (copy / "reports" / "framing_report.pdf").stat().st_size > 0

    run([DVC, "push"], copy)
    run([*GIT, "add", "-A"], copy)
    run([*GIT, "commit", "-q", "-m", "my corpus"], copy)
    colleague = tmp_path / "colleague"
    subprocess.run(["git", "clone", "-q", str(copy), str(colleague)], check=True)
    assert not (colleague / ARCHIVE / "sentences.parquet").exists()  # not in git
    run([DVC, "pull"], colleague)
    for name, path in tables.items():
        assert (colleague / ARCHIVE / path.name).read_bytes() == path.read_bytes(), name
    assert "up to date" in run([DVC, "status"], colleague).stdout
