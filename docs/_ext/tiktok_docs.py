"""The documentation's generated pages, written from the project's own declarations at build time.

Sphinx calls ``setup``; on ``config-inited`` this module writes ``docs/generated/`` (not committed):

- ``params.md``: every ``params.yaml`` key, from ``analysis.config.params.SCHEMA`` (kind, bounds,
  choices, description), the stages that read it (``dvc.yaml``) and its committed value;
- ``tables.md``: every output table, its columns and types from ``analysis.config.tables``, their
  allowed values and meanings from the schema ``data/processed/README.md`` (a column the schema
  does not describe stops the build);
- ``make.md``: the Make targets, from the Makefile's ``## `` comments;
- ``api/*.md``: one page per sub-package of ``analysis``, one ``automodule`` per module;
- ``stages.md``: what each stage reads and writes, from ``dvc.yaml``;
- ``notebooks/*.ipynb``: the committed executed notebooks, copied to be rendered (not re-run).

It also sets MyST substitutions from ``reports/metrics.json``, so the figures the pages quote
for the five articles are those of the committed outputs. A file is rewritten only when its
text changes, so an unchanged page is not read again.
"""

from __future__ import annotations

import json
import pkgutil
import re
import shutil
from pathlib import Path
from typing import Any

import yaml
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError

import analysis
from analysis.config.params import SCHEMA, ParamSpec
from analysis.config.tables import CLEAN_TABLES, DEFAULT_LAYOUT, FRAMES_TABLES, SELECT_TABLES, Table

DOCS = Path(__file__).resolve().parents[1]
REPO = DOCS.parent
GENERATED = DOCS / "generated"
SCHEMA_README = REPO / "data" / "processed" / "README.md"
STAGE_TABLES = (("clean", CLEAN_TABLES), ("select", SELECT_TABLES), ("frames", FRAMES_TABLES))
GENERATED_NOTE = "<!-- Generated at build time by docs/_ext/tiktok_docs.py; edit the source it names, not this file. -->"


def write_if_changed(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` unless it already holds exactly that (keeps Sphinx's cache valid)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def read_dvc_stages(repo: Path = REPO) -> dict[str, dict[str, Any]]:
    """The stages of ``dvc.yaml`` with ``${key}`` filled in from ``params.yaml``."""
    params = yaml.safe_load((repo / "params.yaml").read_text(encoding="utf-8"))

    def fill(text: str) -> str:
        return re.sub(r"\$\{(\w+)\}", lambda match: str(params[match.group(1)]), text)

    stages = yaml.safe_load((repo / "dvc.yaml").read_text(encoding="utf-8"))["stages"]
    filled = {}
    for name, stage in stages.items():
        outs = [next(iter(out)) if isinstance(out, dict) else out for out in stage.get("outs", [])]
        metrics = [next(iter(out)) if isinstance(out, dict) else out for out in stage.get("metrics", [])]
        filled[name] = {
            "params": list(stage.get("params", [])),
            "deps": [fill(dep) for dep in stage.get("deps", [])],
            "outs": [fill(out) for out in outs + metrics],
        }
    return filled


def _bounds(spec: ParamSpec) -> str:
    parts = []
    if spec.above is not None:
        parts.append(f"> {spec.above:g}")
    if spec.minimum is not None:
        parts.append(f">= {spec.minimum:g}")
    if spec.maximum is not None:
        parts.append(f"<= {spec.maximum:g}")
    if spec.choices:
        parts.append("one of " + ", ".join(f"`{choice}`" for choice in spec.choices))
    return "; ".join(parts)


def _yaml_value(value: Any) -> str:
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1000).strip().removesuffix("...").strip()


def params_page(repo: Path = REPO) -> str:
    """The ``params.yaml`` reference: one ``confval`` per key of ``SCHEMA``, in its order."""
    committed = yaml.safe_load((repo / "params.yaml").read_text(encoding="utf-8"))
    readers: dict[str, list[str]] = {key: [] for key in SCHEMA}
    for stage, declared in read_dvc_stages(repo).items():
        for key in declared["params"]:
            readers.setdefault(key, []).append(stage)
    lines = [
        GENERATED_NOTE,
        "(params-reference)=",
        "# `params.yaml` keys",
        "",
        "`params.yaml` is the one place for paths, thresholds and seeds. Before any stage runs,",
        "{py:func}`analysis.config.params.load_params` checks it against",
        "{py:data}`analysis.config.params.SCHEMA`: an unknown or misspelled key, a missing key, a wrong type,",
        "an empty string or a value out of range stops the run with a message naming the key (and the",
        "closest valid key). Change a value and run `make report`: only the stages that read that key rerun.",
        "",
        "This page is generated from the schema, the stages' `params:` lists in `dvc.yaml` and the",
        "committed `params.yaml`. Paths are relative to the repository.",
        "",
    ]
    for key, spec in SCHEMA.items():
        stages = readers.get(key) or []
        if key in ("validation_sample_per_stratum", "sample_design", "training_sheets") and "frames" not in stages:
            used_by = ", ".join(stages + ["`make sample`"])
        else:
            used_by = ", ".join(stages) or "no stage"
        lines += [
            f"```{{confval}} {key}",
            f":type: {spec.kind.__name__}",
            f":default: ``{_yaml_value(committed[key])}`` (committed)",
            "",
            spec.description[0].upper() + spec.description[1:] + ".",
            "",
            f"Read by: {used_by}." + (f" Allowed: {_bounds(spec)}." if _bounds(spec) else ""),
            "```",
            "",
        ]
    return "\n".join(lines)


def read_schema_sections(readme: Path = SCHEMA_README) -> dict[str, dict[str, Any]]:
    """The schema README's sections per table file: prose before and after the column table, and its rows."""
    sections: dict[str, dict[str, Any]] = {}
    current: dict[str, Any] | None = None
    for line in readme.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## (\S+\.csv)$", line)
        if heading:
            current = {"before": [], "rows": {}, "after": []}
            sections[heading.group(1)] = current
        elif line.startswith("## "):
            current = None
        elif current is not None:
            if line.startswith("| column | type | allowed | meaning |") or line.startswith("|---|---|---|---|"):
                continue
            cells = [cell.strip() for cell in line.strip("|").split(" | ")] if line.startswith("| ") else []
            if len(cells) == 4 and not current["after"]:
                current["rows"][cells[0]] = {"allowed": cells[2], "meaning": cells[3]}
            elif current["rows"]:
                current["after"].append(line)
            else:
                current["before"].append(line)
    return sections


def _escape_cell(text: str) -> str:
    return text.replace("|", "\\|") if "\\|" not in text else text


def tables_page(readme: Path = SCHEMA_README) -> str:
    """Every output table: its columns and types from ``analysis.config.tables``, meanings from the schema README."""
    sections = read_schema_sections(readme)
    lines = [
        GENERATED_NOTE,
        "(tables-reference)=",
        "# Output tables",
        "",
        "The tables the stages write to `processed_dir` ({confval}`processed_dir`), as CSV or Parquet",
        "({confval}`table_format`). Columns and types are generated from",
        "{py:mod}`analysis.config.tables`, the one declaration that the writers, the readers and the",
        "tests use; the allowed values and meanings come from the schema `data/processed/README.md`,",
        "which `tests/test_schema.py` checks against every committed table.",
        "",
        "*Per frame* columns exist once for every frame of the lexicon ({confval}`lexicon`), in its order;",
        "they are shown for the committed lexicon: `mental_health` (prefix `mh`) and `regulation` (prefix",
        "`reg`), compared in that order ({confval}`compare`).",
        "",
    ]
    intro = readme.read_text(encoding="utf-8").split("\n## ", 1)[0].splitlines()
    general = [line for line in intro[1:] if line.startswith(("All files", "Types:"))]
    if general:
        start = intro.index(general[0])
        lines += ["## Conventions", "", *intro[start:], ""]
    for stage, tables in STAGE_TABLES:
        for table in tables:
            lines += _table_section(table, stage, sections)
    metrics = readme.read_text(encoding="utf-8").split("\n## reports/metrics.json\n", 1)
    if len(metrics) == 2:
        lines += ["(metrics-json)=", "## reports/metrics.json", "", metrics[1].strip(), ""]
    return "\n".join(lines)


def _table_section(table: Table, stage: str, sections: dict[str, dict[str, Any]]) -> list[str]:
    section = sections.get(table.file_name)
    if section is None:
        raise ExtensionError(f"data/processed/README.md has no section '## {table.file_name}'")
    templates = {}
    for template, _ in table.columns:
        for name, prefix in DEFAULT_LAYOUT.frames:
            a, b = DEFAULT_LAYOUT.compared
            templates[template.format(frame=name, prefix=prefix, a=a, b=b)] = template
    lines = [
        f"(table-{table.name})=",
        f"## {table.file_name}",
        "",
        f"Written by stage `{stage}`. " + " ".join(line.strip() for line in section["before"] if line.strip()),
        "",
        "| column | type | allowed | meaning |",
        "|---|---|---|---|",
    ]
    for column, kind in table.layout():
        row = section["rows"].get(column)
        if row is None:
            raise ExtensionError(f"data/processed/README.md does not describe column '{column}' of {table.file_name}")
        template = templates.get(column, column)
        shown = f"`{column}`" + (f" (`{template}`)" if template != column else "")
        lines.append(f"| {shown} | {kind} | {_escape_cell(row['allowed'])} | {row['meaning']} |")
    after = "\n".join(section["after"]).strip()
    if after:
        lines += ["", after]
    return [*lines, ""]


def make_targets(makefile: Path = REPO / "Makefile") -> list[tuple[str, str]]:
    """(target, description) for every Makefile target with a ``## `` comment, in file order."""
    targets = []
    for line in makefile.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([a-z-]+):.*?## (.+)$", line)
        if match:
            targets.append((match.group(1), match.group(2).strip()))
    return targets


def make_page(makefile: Path = REPO / "Makefile") -> str:
    """The Make targets reference (what ``make help`` prints)."""
    lines = [
        GENERATED_NOTE,
        "(make-reference)=",
        "# Make targets",
        "",
        "Generated from the `## ` comments of the `Makefile` (the same list `make help` prints). Every",
        "target that runs code first creates or updates `.venv` from `requirements/lock.txt` when it is",
        "missing or older than the lock.",
        "",
        "| target | what it does |",
        "|---|---|",
    ]
    lines += [f"| `make {target}` | {_escape_cell(description)} |" for target, description in make_targets(makefile)]
    return "\n".join(lines) + "\n"


def subpackages() -> list[tuple[str, list[str]]]:
    """(sub-package, its modules) of ``analysis``, in the order of the flow's data."""
    order = ["config", "text", "corpus", "clean", "selection", "frames", "stats", "report", "pipeline"]
    found = {info.name for info in pkgutil.iter_modules(analysis.__path__) if info.ispkg}
    missing = found - set(order)
    if missing:
        raise ExtensionError(f"docs/_ext/tiktok_docs.py: place the sub-packages {sorted(missing)} in the API order")
    packages = []
    for name in [name for name in order if name in found]:
        package = __import__(f"analysis.{name}", fromlist=["__path__"])
        modules = sorted(info.name for info in pkgutil.iter_modules(package.__path__) if not info.ispkg)
        packages.append((name, modules))
    return packages


def api_pages() -> dict[str, str]:
    """One page per sub-package: its docstring, then every module with its public members."""
    pages = {}
    index = [
        GENERATED_NOTE,
        "(api-reference)=",
        "# Python API",
        "",
        "The library `src/analysis/`, one sub-package per step of the flow, from the docstrings. Each",
        "sub-package's `__init__` hands on its public functions (`from analysis.frames import",
        "code_sentences`); the pages below document them where they are defined.",
        "",
        "```{toctree}",
        ":maxdepth: 1",
        "",
    ]
    for package, modules in subpackages():
        index.append(package)
        lines = [
            GENERATED_NOTE,
            f"# `analysis.{package}`",
            "",
            f"```{{eval-rst}}\n.. automodule:: analysis.{package}\n   :no-members:\n```",
            "",
        ]
        for module in modules:
            lines += [
                f"## `analysis.{package}.{module}`",
                "",
                f"```{{eval-rst}}\n.. automodule:: analysis.{package}.{module}\n   :members:\n"
                "   :show-inheritance:\n```",
                "",
            ]
        pages[f"api/{package}.md"] = "\n".join(lines)
    pages["api/index.md"] = "\n".join([*index, "```", ""])
    return pages


def stages_page(repo: Path = REPO) -> str:
    """What each stage reads (parameters, inputs) and writes, from ``dvc.yaml``."""
    lines = [
        GENERATED_NOTE,
        "(stages-reference)=",
        "# What each stage reads and writes",
        "",
        "Generated from `dvc.yaml`, with `${...}` filled in from the committed `params.yaml`. A stage",
        "reruns when one of its parameters or inputs changes; `dvc.lock` holds their hashes.",
        "",
    ]
    for name, stage in read_dvc_stages(repo).items():
        inputs = [dep for dep in stage["deps"] if not dep.startswith(("src/", "requirements/"))]
        library = [dep for dep in stage["deps"] if dep.startswith("src/")]
        lines += [
            f"(stage-{name})=",
            f"## Stage `{name}`",
            "",
            f"- **Parameters:** {', '.join(f'{{confval}}`{key}`' for key in stage['params'])}",
            f"- **Reads:** {', '.join(f'`{dep}`' for dep in inputs)}",
            f"- **Library:** {', '.join(f'`{dep}`' for dep in library)} (and `requirements/lock.txt`)",
            f"- **Writes:** {', '.join(f'`{out}`' for out in stage['outs'])}",
            "",
        ]
    return "\n".join(lines)


def copy_notebooks(repo: Path = REPO, target: Path = GENERATED / "notebooks") -> list[str]:
    """Copy the committed executed notebooks to be rendered as pages; returns their names."""
    target.mkdir(parents=True, exist_ok=True)
    names = []
    for notebook in sorted((repo / "reports" / "notebooks").glob("*.ipynb")):
        destination = target / notebook.name
        if not destination.exists() or destination.read_bytes() != notebook.read_bytes():
            shutil.copyfile(notebook, destination)
        names.append(notebook.stem)
    return names


def _percent(share: float) -> str:
    return f"{100 * share:.0f} %"


def metrics_substitutions(repo: Path = REPO) -> dict[str, str]:
    """Figures quoted in the pages, from the committed ``reports/metrics.json`` (MyST substitutions)."""
    metrics = json.loads((repo / "reports" / "metrics.json").read_text(encoding="utf-8"))
    values: dict[str, str] = {}
    for unit in ("sentence", "article"):
        for frame, row in metrics["prevalence"][unit].items():
            key = f"{unit}_{frame}"
            values[key] = (
                f"{row['k']} of {row['n']} {unit}s ({_percent(row['share'])}, "
                f"95 % CI {_percent(row['ci_low'])} to {_percent(row['ci_high'])})"
            )
    difference_key = next(key for key in metrics if key.startswith("difference_"))
    difference = metrics[difference_key]
    values["difference"] = (
        f"{difference['sentence_share']:.2f} (bootstrap 95 % CI {difference['ci_low']:.2f} to "
        f"{difference['ci_high']:.2f}, {difference['n_articles']} articles)"
    )
    for split, scores in metrics["validation"].items():
        values[f"macro_f1_{split}"] = f"{scores['macro_f1']:.2f}"
        values[f"n_{split}"] = str(scores["n_sentences"])
    values["n_hand_coded"] = str(metrics["n_hand_coded"])
    values["validated"] = "validated" if metrics["validated"] else "not validated"
    return values


def validation_table(repo: Path = REPO) -> str:
    """The five articles' validation scores as a Markdown table, from ``reports/metrics.json``."""
    metrics = json.loads((repo / "reports" / "metrics.json").read_text(encoding="utf-8"))
    lines = ["| split | frame | precision | recall | F1 | alpha |", "|---|---|---|---|---|---|"]
    for split, scores in metrics["validation"].items():
        for frame, row in scores.items():
            if isinstance(row, dict):
                cells = " | ".join(_number(row.get(key)) for key in ("precision", "recall", "f1", "alpha"))
                lines.append(f"| {split} ({scores['n_sentences']} sentences) | {frame} | {cells} |")
    return "\n".join(lines) + "\n"


def _number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def generate(repo: Path = REPO, target: Path = GENERATED) -> dict[str, str]:
    """Write every generated page under ``target``; returns the pages' texts by relative path."""
    pages = {
        "params.md": params_page(repo),
        "tables.md": tables_page(repo / "data" / "processed" / "README.md"),
        "make.md": make_page(repo / "Makefile"),
        "stages.md": stages_page(repo),
        "five_articles_validation.md": validation_table(repo),
        **api_pages(),
    }
    for relative, text in pages.items():
        write_if_changed(target / relative, text)
    copy_notebooks(repo, target / "notebooks")
    return pages


SECTIONS = ("Parameters", "Returns", "Yields", "Raises")
"""The numpy-style section headings the library's docstrings use."""


def convert_sections(lines: list[str]) -> list[str]:
    """The library's docstring sections as reST field lists.

    The docstrings write ``Parameters`` / ``Returns`` / ``Yields`` / ``Raises`` under a dashed
    underline, parameters as ``name: what it is`` (several names may share a line, continuation
    lines indented) and returns in prose. Each section becomes one field (``:Parameters:``,
    ``:Returns:`` ...) whose parameters are a bullet list, so no prose is mistaken for a type.
    """
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        underline = lines[index + 1] if index + 1 < len(lines) else ""
        if line.strip() in SECTIONS and underline.strip() and set(underline.strip()) == {"-"}:
            name = line.strip()
            index += 2
            body: list[str] = []
            while index < len(lines):
                following = lines[index + 1] if index + 1 < len(lines) else ""
                if lines[index].strip() in SECTIONS and following.strip() and set(following.strip()) == {"-"}:
                    break
                body.append(lines[index])
                index += 1
            while body and not body[-1].strip():
                body.pop()
            out += [f":{name}:", *_section_body(name, body), ""]
            continue
        out.append(line)
        index += 1
    return out


def _section_body(name: str, body: list[str]) -> list[str]:
    if name != "Parameters":
        return ["    " + line.strip() if line.strip() else "" for line in body]
    items: list[str] = []
    for line in body:
        match = re.match(r"^(\S[^:]*?):\s+(.*)$", line) if not line.startswith((" ", "\t")) else None
        if match:
            items.append(f"    * ``{match.group(1)}``: {match.group(2)}")
        elif line.strip() and items:
            items[-1] += " " + line.strip()
        elif line.strip():
            items.append("    " + line.strip())
    return items


def _on_process_docstring(app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]) -> None:
    lines[:] = convert_sections(lines)


def _on_config_inited(app: Sphinx, config: Config) -> None:
    generate()
    substitutions = dict(config.myst_substitutions or {})
    substitutions.update(metrics_substitutions())
    config.myst_substitutions = substitutions


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the generator with Sphinx."""
    app.connect("config-inited", _on_config_inited)
    app.connect("autodoc-process-docstring", _on_process_docstring)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
