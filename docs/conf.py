"""Sphinx configuration of the documentation site (``make docs``; ``tests/test_docs.py`` builds it strictly).

Offline by design: no intersphinx, no remote fonts, no analytics; the committed executed
notebooks are rendered as they are (``nb_execution_mode = "off"``). The reference pages are
generated from the code's own declarations by ``_ext/tiktok_docs.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))
sys.path.insert(0, str(DOCS.parent / "src"))

import analysis  # noqa: E402

project = "tiktok-framing"
author = "tiktok-framing contributors"
copyright = "tiktok-framing contributors, MIT licence"  # noqa: A001 (Sphinx's name)
release = version = analysis.__version__

extensions = ["myst_nb", "sphinx.ext.autodoc", "tiktok_docs"]
exclude_patterns = ["_build", "_ext", "**/.ipynb_checkpoints", "generated/five_articles_validation.md"]  # included, not a page
root_doc = "index"
smartquotes = False  # straight quotes, as in the code and the data the pages quote

# MyST: Markdown pages, anchors for headings (so [text](page.md#anchor) is checked), figures from metrics.json
myst_enable_extensions = ["colon_fence", "deflist", "substitution"]
myst_heading_anchors = 4
myst_substitutions: dict[str, str] = {}  # filled from reports/metrics.json by tiktok_docs

# Notebooks: the committed executed ones, never re-run
nb_execution_mode = "off"
nb_merge_streams = True
nb_ipywidgets_js: dict[str, dict[str, str]] = {}  # no widget scripts from a CDN

# API: type hints in the signature; the docstrings' Parameters/Returns sections become field lists (tiktok_docs)
autodoc_member_order = "bysource"
autodoc_typehints = "signature"

# Strict: every cross-reference must resolve. Without intersphinx (no network at build time), the types of other
# packages cannot resolve: they are listed here, by package, and nothing of this project is.
nitpicky = True
nitpick_ignore_regex = [
    (r"py:.*", r"(pd|np|pandas|numpy|pyarrow|pa|dask|distributed|matplotlib|mpl|yaml|tqdm|datasketch)(\..*)?"),
    (r"py:.*", r"(pathlib|collections|collections\.abc|typing|dataclasses|re|io|os|subprocess|datetime|zipfile)\..*"),
    (r"py:.*", r"(Path|Any|Callable|Iterable|Iterator|Sequence|Mapping|Hashable|Literal|TextIO|BinaryIO|Pattern)"),
    (r"py:.*", r"(DataFrame|Series|Index|Figure|Axes|Client|Timestamp|ndarray|Generator|MutableMapping)"),
    # Sphinx splits a dataclass field's annotation at its comma when the default is a factory (`<factory>`)
    (r"py:class", r"dict\[str"),
    (r"py:.*", r"(nbformat|papermill|trafilatura|typst|camel_tools|uharfbuzz|scipy|bidi|arabic_reshaper)(\..*)?"),
    (r"py:.*", r"(sklearn|skops)(\..*)?"),
]

html_theme = "sphinx_book_theme"
html_title = "tiktok-framing"
html_theme_options = {
    "show_toc_level": 2,
    "home_page_in_toc": True,
    "use_download_button": False,
    "use_fullscreen_button": False,
}
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
