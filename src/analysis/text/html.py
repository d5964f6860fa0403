"""Article text and metadata out of an HTML page, offline.

The main text comes from trafilatura (set up for Arabic, comments excluded, one
paragraph per line); where it finds none, the page's visible text is used instead and
``PageText.extractor`` says so. Title, date, author and site name come from the page's
markup (trafilatura's metadata), each with the markup it came from (``og:title``,
``JSON-LD datePublished``, ``<title>`` ...). Nothing is fetched: the page is parsed from
the string given. A DOCTYPE declaration is removed first, internal subset (``[...]``, the
DTD) included, so its entity declarations never reach the text and are never expanded.
"""

from __future__ import annotations

import json
import logging
import re
from copy import deepcopy
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import trafilatura
from lxml.html import HtmlElement

HTML_MARKERS = re.compile(r"<!doctype html|<html[\s>]|<body[\s>]|<(?:div|p|article|span|head)[\s>]", re.IGNORECASE)
TRAFILATURA = "trafilatura"
TRAFILATURA_ANY_LANGUAGE = "trafilatura without the Arabic setting"
VISIBLE_TEXT = "visible text"
"""``PageText.extractor`` values: trafilatura with ``target_language="ar"``; trafilatura
again without it (it drops a page whose markup declares another language); the page's
visible text, when trafilatura found no article text."""
DATE_SETTINGS = {"original_date": True, "extensive_search": False, "max_date": "2099-12-31"}
"""htmldate, through trafilatura: the publication date from the markup only (no guess from
the text), and a fixed latest date so the result does not depend on the day of the run."""
TEXT_BLOCKS = {"p", "head", "item", "quote", "row", "list", "table", "code", "lb"}
"""Elements of trafilatura's output tree that start a new line."""
PAGE_FIELDS = ("title", "published", "author", "outlet")
DOCTYPE_START = re.compile(r"<!doctype", re.IGNORECASE)
DOCTYPE_SYNTAX = re.compile(r"""["'\[\]>]|<!--""")
"""What changes the reading of a DOCTYPE declaration: quotes, the brackets of the internal
subset, its end ``>`` and a comment inside the subset."""

# trafilatura and htmldate log what they discard; the row's note says it instead.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "tr",
    "td",
    "th",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "article",
    "section",
    "header",
    "footer",
    "nav",
    "aside",
    "blockquote",
    "title",
    "table",
    "form",
}
SKIPPED_TAGS = {"script", "style", "noscript", "template", "svg", "head", "nav", "footer", "aside", "form", "iframe"}


@dataclass(frozen=True)
class PageText:
    """The article in a page: ``text`` (one paragraph per line), how it was extracted
    (``extractor``), the page's ``title``, ``published`` (YYYY-MM-DD), ``author`` and
    ``outlet`` (site name), empty where the page has none, and for each of those the
    markup it came from (``sources``)."""

    text: str
    extractor: str
    title: str = ""
    published: str = ""
    author: str = ""
    outlet: str = ""
    sources: dict[str, str] = field(default_factory=dict)
    internal_subset: bool = False
    """True when the page's DOCTYPE declared a DTD (``[...]``), which was removed unread."""


def looks_like_html(text: str) -> bool:
    """True for page source: a doctype, an html/body tag, or block tags near the start."""
    head = text[:5000]
    return "<" in head and HTML_MARKERS.search(head) is not None


def extract_page(page: str) -> PageText:
    """The article text and metadata of an HTML page.

    Parameters
    ----------
    page: the page source (a whole page or a fragment of markup).

    Returns
    -------
    ``PageText``: trafilatura's main text, or the visible text when it finds none; the
    metadata found in the markup, with where each value came from.
    """
    page, internal_subset = strip_doctype(page)
    if "html" not in page[:50].lower():  # trafilatura refuses a bare fragment
        page = f"<html><body>{page}</body></html>"
    tree = trafilatura.load_html(page)
    if tree is None:
        return PageText(visible_text(page), VISIBLE_TEXT, internal_subset=internal_subset)
    text, extractor = "", VISIBLE_TEXT
    for language, name in (("ar", TRAFILATURA), (None, TRAFILATURA_ANY_LANGUAGE)):
        document = trafilatura.bare_extraction(
            deepcopy(tree),
            include_comments=False,
            include_images=False,
            include_formatting=False,
            deduplicate=False,  # trafilatura's cache would make a page's text depend on the pages before it
            target_language=language,
        )
        text = paragraph_lines(document.body) if document is not None else ""
        if text:
            extractor = name
            break
    if not text:
        text = visible_text(page)
    values = _page_metadata(tree)
    markup = _markup_values(tree)
    sources = {name: _source_of(value, markup) for name, value in values.items() if value}
    return PageText(text, extractor, **values, sources=sources, internal_subset=internal_subset)


def strip_doctype(page: str) -> tuple[str, bool]:
    """The page without its DOCTYPE declarations, each removed whole: its internal subset
    (``[...]``: entity and element declarations, comments, quoted values holding ``>``)
    included, never expanded.

    Returns
    -------
    ``(page, internal_subset)``: the page, and True when a declaration had an internal subset.
    An unterminated declaration is removed up to its first ``>`` (or to the end of its line).
    """
    parts: list[str] = []
    internal_subset = False
    position = 0
    while start := DOCTYPE_START.search(page, position):
        parts.append(page[position : start.start()])
        end, has_subset = _doctype_end(page, start.end())
        internal_subset = internal_subset or has_subset
        position = end
    return "".join(parts) + page[position:], internal_subset


def _doctype_end(page: str, body_start: int) -> tuple[int, bool]:
    """Where the DOCTYPE declaration whose body starts at ``body_start`` ends, and whether it has an internal subset."""
    in_subset = has_subset = False
    position = body_start
    while found := DOCTYPE_SYNTAX.search(page, position):
        sign, position = found.group(), found.end()
        if sign in "\"'<!--":
            closing = page.find("-->" if sign == "<!--" else sign, position)
            if closing < 0:
                break
            position = closing + (3 if sign == "<!--" else 1)
        elif sign == "[":
            in_subset = has_subset = True
        elif sign == "]":
            in_subset = False
        elif not in_subset:  # ">"
            return position, has_subset
    first_close = page.find(">", body_start)  # unterminated: the shortest reading
    line_end = page.find("\n", body_start)
    return (first_close + 1 if first_close >= 0 else line_end if line_end >= 0 else len(page)), has_subset


def paragraph_lines(body: Any) -> str:
    """The text of trafilatura's output tree, one block (paragraph, heading, list item,
    table row) per line, white space collapsed, no markup signs added."""
    lines: list[list[str]] = [[]]

    def visit(element: Any) -> None:
        if element.tag in TEXT_BLOCKS:
            lines.append([])
        elif element.tag == "cell" and element.getprevious() is not None:
            lines[-1].append(" | ")
        lines[-1].append(element.text or "")
        for child in element:
            visit(child)
        if element.tag in TEXT_BLOCKS:
            lines.append([])
        lines[-1].append(element.tail or "")

    visit(body)
    joined = (re.sub(r"\s+", " ", "".join(parts)).strip() for parts in lines)
    return "\n".join(line for line in joined if line)


def _page_metadata(tree: HtmlElement) -> dict[str, str]:
    metadata = trafilatura.extract_metadata(deepcopy(tree), date_config=dict(DATE_SETTINGS))
    return {
        "title": metadata.title or "",
        "published": metadata.date or "",
        "author": metadata.author or "",
        "outlet": metadata.sitename or "",
    }


def _markup_values(tree: HtmlElement) -> list[tuple[str, str]]:
    """Where a page states its metadata: (label, value) of meta tags, JSON-LD fields,
    ``<title>``, headings and ``<time>``, in that order."""
    values: list[tuple[str, str]] = []
    for meta in tree.iterfind(".//meta[@content]"):
        name = meta.get("property") or meta.get("name") or meta.get("itemprop")
        if name:
            values.append((f"meta {name.lower()}" if ":" not in name else name.lower(), meta.get("content", "")))
    for script in tree.iterfind('.//script[@type="application/ld+json"]'):
        try:
            values += [(f"JSON-LD {path}", value) for path, value in _json_strings(json.loads(script.text or ""))]
        except ValueError:
            continue
    for tag in ("title", "h1", "h2"):
        values += [(f"<{tag}>", element.text_content()) for element in tree.iterfind(f".//{tag}")]
    values += [("<time>", element.get("datetime", "")) for element in tree.iterfind(".//time[@datetime]")]
    return [(label, " ".join(value.split())) for label, value in values if value.strip()]


def _json_strings(value: Any, path: str = "") -> list[tuple[str, str]]:
    """Every string in a JSON value with its key path (list positions and ``@graph`` left out)."""
    if isinstance(value, dict):
        return [
            item
            for key, child in value.items()
            for item in _json_strings(child, path if key == "@graph" else f"{path}.{key}".lstrip("."))
        ]
    if isinstance(value, list):
        return [item for child in value for item in _json_strings(child, path)]
    return [(path, value)] if isinstance(value, str) else []


def _source_of(value: str, markup: list[tuple[str, str]]) -> str:
    """The markup a metadata value came from: the first that states it exactly, else the
    first that contains it (a date at the start of a timestamp, a title before the site's
    name), else ``page markup`` (trafilatura's other rules, e.g. a byline's class)."""
    wanted = " ".join(value.split())
    for matches in (str.__eq__, str.__contains__):
        for label, stated in markup:
            if matches(stated, wanted):
                return label
    return "page markup"


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_TAGS:
            self.skipping.append(tag)
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def visible_text(page: str) -> str:
    """The visible text of an HTML page, one block (paragraph, heading, list item) per line:
    the fallback when trafilatura finds no article text.

    The head (with its ``<title>``), scripts, styles, forms and the page's navigation,
    footer and asides are dropped; entities are decoded; runs of spaces are collapsed;
    blank lines are kept single so the cleaning stage sees paragraphs.
    """
    collector = _TextCollector()
    collector.feed(page)
    collector.close()
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in "".join(collector.parts).split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
