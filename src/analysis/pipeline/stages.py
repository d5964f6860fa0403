"""Run a pipeline stage: validate ``params.yaml``, execute the stage's notebook with
papermill on the project kernel, and scrub the executed copy.

``dvc.yaml`` calls ``python -m analysis.pipeline.stages STAGE``. A bad parameter or a data error
raised by the library ends the run with one message, not a traceback.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import papermill
from papermill.exceptions import PapermillExecutionError

from analysis.config.params import SCHEMA, ParamsError, load_params
from analysis.config.paths import EXECUTED_NOTEBOOK_DIR, NOTEBOOK_DIR, REPO_ROOT, relative_to_repo
from analysis.pipeline.executed_notebooks import export_html, scrub_notebook_file

KERNEL_NAME = "tiktok-framing"


@dataclass(frozen=True)
class Stage:
    """A pipeline stage: its notebook and the ``params.yaml`` keys it reads."""

    name: str
    notebook: str
    params: tuple[str, ...]

    @property
    def executed_notebook(self) -> str:
        """Where the executed notebook goes, relative to the repository."""
        return f"{relative_to_repo(EXECUTED_NOTEBOOK_DIR)}/{Path(self.notebook).name}"

    @property
    def executed_html(self) -> str:
        """Where its HTML export goes, relative to the repository."""
        return str(Path(self.executed_notebook).with_suffix(".html"))


NOTEBOOKS = relative_to_repo(NOTEBOOK_DIR)
STAGES: dict[str, Stage] = {
    "clean": Stage(
        "clean",
        f"{NOTEBOOKS}/01_clean.ipynb",
        (
            "raw_path",
            "record_fields",
            "max_article_mb",
            "near_duplicate_threshold",
            "furniture_min_repeats",
            "processed_dir",
            "table_format",
        ),
    ),
    "select": Stage(
        "select",
        f"{NOTEBOOKS}/02_select.ipynb",
        ("processed_dir", "table_format", "selection_query", "selection_min_sentences"),
    ),
    "frames": Stage(
        "frames",
        f"{NOTEBOOKS}/03_frames.ipynb",
        (
            "processed_dir",
            "table_format",
            "analyse_all_articles",
            "frame_embedded_posts",
            "lexicon",
            "compare",
            "annotations",
            "min_validation_sentences",
            "coder",
            "training_sheets",
            "seed",
            "bootstrap_resamples",
            "min_group_size",
            "dominance_ratio",
            "keyness_a0",
            "keyness_min_count",
            "keyness_stopwords",
            "trend_period",
        ),
    ),
    "report": Stage(
        "report",
        f"{NOTEBOOKS}/04_report.ipynb",
        tuple(SCHEMA),  # the report describes the whole pipeline: it reads every parameter
    ),
}


def run_stage(name: str) -> Path:
    """Execute one stage's notebook and write its scrubbed executed copy.

    Returns
    -------
    The executed notebook's absolute path.
    """
    stage = STAGES[name]
    params = load_params()
    os.chdir(REPO_ROOT)
    output = REPO_ROOT / stage.executed_notebook
    output.parent.mkdir(parents=True, exist_ok=True)
    papermill.execute_notebook(
        stage.notebook,
        stage.executed_notebook,
        parameters={key: params[key] for key in stage.params},
        kernel_name=KERNEL_NAME,
        cwd=str(REPO_ROOT),
        progress_bar=False,
        log_output=False,
    )
    scrub_notebook_file(output, {str(Path(sys.prefix)): "<venv>", str(REPO_ROOT): "<repo>"})
    export_html(output)
    return output


def main(argv: list[str]) -> int:
    """Command line: ``python -m analysis.pipeline.stages STAGE``."""
    if len(argv) != 1 or argv[0] not in STAGES:
        print(f"usage: python -m analysis.pipeline.stages {{{','.join(STAGES)}}}", file=sys.stderr)
        return 2
    try:
        output = run_stage(argv[0])
    except ParamsError as error:
        print(f"stage {argv[0]}: {error}", file=sys.stderr)
        return 1
    except PapermillExecutionError as error:
        notebook = STAGES[argv[0]].executed_notebook
        print(
            f"stage {argv[0]} stopped in cell {error.exec_count} ({notebook}): {error.ename}: {error.evalue}",
            file=sys.stderr,
        )
        return 1
    print(f"stage {argv[0]}: wrote {output.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
