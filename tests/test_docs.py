"""The documentation site builds strictly and offline, and its reference covers every key and column.

One build (``sphinx-build -W --keep-going -n``, as ``make docs``) into a temporary folder: any
warning (a broken cross-reference, a missing page, a link or anchor that goes nowhere) fails it.
The checks then read the built HTML, so they test what a reader sees.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from analysis.config.params import SCHEMA
from analysis.config.paths import REPO_ROOT
from analysis.config.tables import TABLES

DOCS = REPO_ROOT / "docs"
sys.path.insert(0, str(DOCS / "_ext"))

from tiktok_docs import convert_sections, make_targets  # noqa: E402


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs") / "html"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q", "-b", "html", str(DOCS), str(out)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
    )
    assert result.returncode == 0, f"the documentation does not build strictly:\n{result.stderr}"
    assert "WARNING" not in result.stderr and "ERROR" not in result.stderr, result.stderr
    return out


def page_text(site: Path, page: str) -> str:
    return html.unescape((site / page).read_text(encoding="utf-8"))


def test_the_build_fetches_nothing_and_links_nothing_remote(site: Path) -> None:
    """No page loads a script, a style sheet or a font from the network."""
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        remote = re.findall(r"""<(?:script|link|img)[^>]+(?:src|href)=["'](https?:)?//""", text)
        assert not remote, f"{page.relative_to(site)} loads something from the network"


def test_every_params_yaml_key_is_in_the_reference(site: Path) -> None:
    committed = yaml.safe_load((REPO_ROOT / "params.yaml").read_text(encoding="utf-8"))
    text = page_text(site, "generated/params.html")
    for key in list(committed) + list(SCHEMA):
        assert f'id="confval-{key}"' in text, f"params.yaml key '{key}' is not in the parameter reference"


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_table_column_is_in_the_reference(site: Path, name: str) -> None:
    text = page_text(site, "generated/tables.html")
    start = text.index(f'id="table-{name.replace("_", "-")}"')  # docutils ids use hyphens
    following = text.find('id="table-', start + 1)
    section = text[start : following if following != -1 else len(text)]
    for column in TABLES[name].column_names():
        assert f'<span class="pre">{column}</span>' in section, f"{name}.{column} is not in the table reference"


def test_every_make_target_is_in_the_reference(site: Path) -> None:
    text = page_text(site, "generated/make.html")
    targets = make_targets(REPO_ROOT / "Makefile")
    assert {"report", "test", "docs", "sample"} <= {target for target, _ in targets}
    for target, description in targets:
        first_words = re.split(r"[`(]", description)[0].strip()  # the rest may be typeset (quotes, code)
        assert f"{target}</span>" in text and first_words in text, target


def test_the_home_page_reaches_what_newcomers_look_for(site: Path) -> None:
    """The codebook, what validation.csv means, how to code a sample, the params.yaml keys: one click."""
    text = page_text(site, "index.html")
    for link in (
        'href="codebook.html"',
        'href="generated/tables.html#table-validation"',
        'href="howto/validation-sample.html"',
        'href="generated/params.html#params-reference"',
    ):
        assert link in text, link


def test_the_tutorial_renders_the_committed_notebooks_without_running_them(site: Path) -> None:
    for notebook in sorted((REPO_ROOT / "reports" / "notebooks").glob("*.ipynb")):
        assert (site / "generated" / "notebooks" / f"{notebook.stem}.html").exists(), notebook.name
    tutorial = page_text(site, "tutorial/index.html")
    assert "01_clean.html" in tutorial and "04_report.html" in tutorial


def test_figures_quoted_for_the_five_articles_come_from_metrics_json(site: Path) -> None:
    metrics = yaml.safe_load((REPO_ROOT / "reports" / "metrics.json").read_text(encoding="utf-8"))
    row = metrics["prevalence"]["sentence"]["mental_health"]
    text = page_text(site, "results/five-articles.html")
    assert f"{row['k']} of {row['n']} sentences ({100 * row['share']:.0f} %" in text


def test_docstring_sections_become_field_lists() -> None:
    lines = [
        "Keyness of two corpora.",
        "",
        "Parameters",
        "----------",
        "counts_a, counts_b: word counts of corpus a and corpus b,",
        "    the second line.",
        "prior: the pseudo-counts.",
        "",
        "Returns",
        "-------",
        "A table, sorted by z.",
    ]
    assert convert_sections(lines) == [
        "Keyness of two corpora.",
        "",
        ":Parameters:",
        "    * ``counts_a, counts_b``: word counts of corpus a and corpus b, the second line.",
        "    * ``prior``: the pseudo-counts.",
        "",
        ":Returns:",
        "    A table, sorted by z.",
        "",
    ]
