"""Text out of an HTML page: what a reader sees, one block per line, scripts and styles dropped."""

from __future__ import annotations

import re
from html.parser import HTMLParser

HTML_MARKERS = re.compile(r"<!doctype html|<html[\s>]|<body[\s>]|<(?:div|p|article|span|head)[\s>]", re.IGNORECASE)
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


def looks_like_html(text: str) -> bool:
    """True for page source: a doctype, an html/body tag, or block tags near the start."""
    head = text[:5000]
    return "<" in head and HTML_MARKERS.search(head) is not None


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


def html_to_text(page: str) -> str:
    """The visible text of an HTML page, one block (paragraph, heading, list item) per line.

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
