"""Executed notebooks without what changes between runs, so equal inputs give equal bytes.

Papermill records start and end times, durations and the environment; cells carry random
ids; outputs can quote the absolute path of the checkout or of the environment. All of
that is removed or replaced here; what a reader needs (sources, outputs, parameters,
execution counts) stays.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

VOLATILE_PAPERMILL_KEYS = ("start_time", "end_time", "duration", "environment_variables")
VOLATILE_CELL_KEYS = ("execution", "collapsed", "scrolled")


def scrub_notebook(notebook: nbformat.NotebookNode, path_replacements: dict[str, str]) -> nbformat.NotebookNode:
    """Remove run-dependent fields from an executed notebook.

    Parameters
    ----------
    notebook: the executed notebook (changed in place and returned).
    path_replacements: absolute paths mapped to stable placeholders; applied to every
        string in the notebook, longest path first.

    Returns
    -------
    The notebook: papermill timings removed, cell ids numbered ``cell-01`` ...,
    per-cell execution timestamps removed, paths replaced.
    """
    papermill = notebook.metadata.get("papermill", {})
    for key in VOLATILE_PAPERMILL_KEYS:
        papermill.pop(key, None)
    for index, cell in enumerate(notebook.cells, start=1):
        cell["id"] = f"cell-{index:02d}"
        for key in VOLATILE_CELL_KEYS:
            cell.metadata.pop(key, None)
        for key in VOLATILE_PAPERMILL_KEYS:
            cell.metadata.get("papermill", {}).pop(key, None)
    text = json.dumps(notebook, ensure_ascii=False)
    for path in sorted(path_replacements, key=len, reverse=True):
        text = text.replace(json.dumps(path)[1:-1], path_replacements[path])
    return nbformat.from_dict(json.loads(text))


def scrub_notebook_file(path: str | Path, path_replacements: dict[str, str]) -> None:
    """Scrub an executed notebook file in place (see ``scrub_notebook``)."""
    notebook = nbformat.read(path, as_version=4)
    nbformat.write(scrub_notebook(notebook, path_replacements), path)


def export_html(notebook_path: str | Path) -> Path:
    """Write the executed notebook as standalone HTML beside it (same name, ``.html``).

    No network: the export downloads nothing, and the page references no CDN script
    (MathJax, require.js, Mermaid are switched off; the notebooks do not need them).
    """
    notebook_path = Path(notebook_path)
    exporter = HTMLExporter(
        mathjax_url="",
        require_js_url="",
        mermaid_js_url="",
        mermaid_layout_elk_js_url="",
        jquery_url="",
        jupyter_widgets_base_url="",
        widget_renderer_url="",
    )
    body, _ = exporter.from_notebook_node(nbformat.read(notebook_path, as_version=4))
    html_path = notebook_path.with_suffix(".html")
    html_path.write_text(body, encoding="utf-8")
    return html_path
