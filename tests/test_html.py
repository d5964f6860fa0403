"""HTML pages: the article through trafilatura, page metadata and where it came from,
the visible-text fallback (analysis.text.html, and its use in analysis.corpus)."""

from __future__ import annotations

import json
import socket

import pytest

from analysis.clean.partitions import clean_corpus
from analysis.text.html import (
    TRAFILATURA,
    TRAFILATURA_ANY_LANGUAGE,
    VISIBLE_TEXT,
    extract_page,
    looks_like_html,
    visible_text,
)

HEADLINE = "وزارة الإعلام تدرس تنظيم منصات التواصل الاجتماعي"
PARAGRAPHS = [
    "أعلنت وزارة الإعلام اليوم أنها تدرس مشروع نظام جديد لتنظيم عمل منصات التواصل الاجتماعي في المملكة، "
    "بعد تزايد الشكاوى من المحتوى المسيء والأخبار الزائفة.",
    "وقال المتحدث باسم الوزارة إن المشروع يلزم المنصات بإزالة المحتوى المخالف خلال مدة محددة، "
    "ويفرض غرامات على المخالفين.",
    "وأشار مختصون في الصحة النفسية إلى أن الاستخدام المفرط لتطبيق تيك توك يرتبط بالقلق واضطرابات النوم "
    "لدى المراهقين & أسرهم.",
]
FURNITURE = [
    "الرئيسية",
    "محليات",
    "شارك عبر",
    "فيسبوك",
    "واتساب",
    "اقرأ أيضاً",
    "الهيئة تحذر من الحسابات الوهمية",
    "التعليقات",
    "قرار ممتاز ونتمنى تطبيقه",
    "اكتب تعليقك",
    "جميع الحقوق محفوظة",
    "trackVisit",
    "color",
]
HEAD = f"""<meta charset="utf-8">
<title>{HEADLINE} - صحيفة الوطن</title>
<meta property="og:title" content="{HEADLINE}">
<meta property="og:site_name" content="صحيفة الوطن">
<meta name="author" content="أحمد بن سالم">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "{HEADLINE}", "datePublished": "2024-03-05T09:30:00+03:00",
 "author": {{"@type": "Person", "name": "أحمد بن سالم"}}}}</script>
<script>function trackVisit() {{ return "إعلان"; }}</script><style>.share {{ color: red; }}</style>"""
BODY = f"""<nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/local">محليات</a></li>
<li><a href="/sport">رياضة</a></li></ul></nav>
<div class="share-bar"><span>شارك عبر</span> <a href="#">فيسبوك</a> <a href="#">تويتر</a> <a href="#">واتساب</a></div>
<article><h1>{HEADLINE}</h1>
{"".join(f"<p>{paragraph.replace('&', '&amp;')}</p>" for paragraph in PARAGRAPHS)}
<div class="read-also"><h3>اقرأ أيضاً</h3><ul><li><a href="/a">الهيئة تحذر من الحسابات الوهمية</a></li>
<li><a href="/b">ارتفاع أسعار النفط</a></li></ul></div></article>
<section id="comments" class="comments"><h3>التعليقات (3)</h3>
<div class="comment"><p>قرار ممتاز ونتمنى تطبيقه سريعاً على كل المنصات</p></div>
<form><textarea>اكتب تعليقك</textarea></form></section>
<footer><p>جميع الحقوق محفوظة © صحيفة الوطن 2024</p></footer>"""


def page(head: str = HEAD, body: str = BODY, lang: str = "ar") -> str:
    """A news page of an Arabic site: the article amid menus, share bar, comments, footer."""
    return f'<!DOCTYPE html>\n<html lang="{lang}" dir="rtl"><head>{head}</head>\n<body>{body}</body></html>'


def test_the_article_paragraphs_come_out_one_per_line_and_the_furniture_does_not() -> None:
    result = extract_page(page())
    assert result.extractor == TRAFILATURA
    lines = result.text.split("\n")
    assert lines == [HEADLINE, *PARAGRAPHS]
    for furniture in FURNITURE:
        assert furniture not in result.text, furniture


def test_title_date_author_and_site_name_come_from_the_markup_with_their_source() -> None:
    result = extract_page(page())
    assert (result.title, result.published, result.author, result.outlet) == (
        HEADLINE,
        "2024-03-05",
        "أحمد بن سالم",
        "صحيفة الوطن",
    )
    assert result.sources == {
        "title": "og:title",
        "published": "JSON-LD datePublished",
        "author": "meta author",
        "outlet": "og:site_name",
    }


def test_a_page_with_only_a_title_element_and_a_time_element() -> None:
    head = f'<meta charset="utf-8"><title>{HEADLINE} | صحيفة الوطن</title>'
    body = BODY.replace(f"<h1>{HEADLINE}</h1>", '<time datetime="2023-11-02">٢ نوفمبر</time>')
    result = extract_page(page(head, body))
    assert (result.title, result.sources["title"]) == (HEADLINE, "<title>")
    assert (result.published, result.sources["published"]) == ("2023-11-02", "<time>")
    assert result.author == "" and "author" not in result.sources


def test_a_page_declaring_another_language_is_extracted_without_the_arabic_setting() -> None:
    head = HEAD + '<meta http-equiv="content-language" content="en">'
    result = extract_page(page(head))
    assert result.extractor == TRAFILATURA_ANY_LANGUAGE
    assert result.text.split("\n") == [HEADLINE, *PARAGRAPHS]


def test_where_trafilatura_finds_nothing_the_visible_text_is_used_and_said() -> None:
    # trafilatura prunes containers named like a footer: here the page's only text
    body = '<div class="story-footer">خبر قصير عن القوانين الجديدة</div>'
    result = extract_page(page('<meta charset="utf-8"><title>خبر</title>', body))
    assert result.extractor == VISIBLE_TEXT
    assert result.text.strip() == "خبر قصير عن القوانين الجديدة"
    assert (result.title, result.sources) == ("خبر", {"title": "<title>"})


def test_a_fragment_of_markup_is_read_too() -> None:
    result = extract_page("<p>فقرة أولى عن القوانين.</p><p>فقرة ثانية عن الصحة النفسية.</p>")
    assert (result.extractor, result.text) == (TRAFILATURA, "فقرة أولى عن القوانين.\nفقرة ثانية عن الصحة النفسية.")


def test_lists_and_tables_carry_no_markup_signs() -> None:
    body = (
        f"<article><p>{PARAGRAPHS[0]}</p><ul><li>البند الأول من النظام</li><li>البند الثاني</li></ul>"
        "<table><tr><td>المنصة</td><td>الغرامة</td></tr><tr><td>تيك توك</td><td>مليون ريال</td></tr></table>"
        f"<p>{PARAGRAPHS[1]}<br>سطر بعد فاصل</p></article>"
    )
    lines = extract_page(page(body=body)).text.split("\n")
    assert lines == [
        PARAGRAPHS[0],
        "البند الأول من النظام",
        "البند الثاني",
        "المنصة | الغرامة",
        "تيك توك | مليون ريال",
        PARAGRAPHS[1],
        "سطر بعد فاصل",
    ]


def test_extraction_is_deterministic_and_does_not_depend_on_pages_seen_before() -> None:
    first = extract_page(page())
    for _ in range(3):  # trafilatura's own deduplication would drop a page seen before
        extract_page(page())
    assert extract_page(page()) == first


def test_nothing_is_fetched_over_the_network(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("network access during extraction")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    head = (
        HEAD
        + '<link rel="canonical" href="https://example.com/news/1"><meta property="og:url" content="https://example.com/news/1">'
    )
    assert extract_page(page(head)).text.startswith(HEADLINE)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!DOCTYPE html><html><body>نص</body></html>", True),
        ("<p>فقرة</p>", True),
        ("نص عادي فيه علامة < و > فقط", False),
        ("قال الوزير إن 3 < 5", False),
    ],
)
def test_looks_like_html(text: str, expected: bool) -> None:
    assert looks_like_html(text) is expected


def test_the_visible_text_fallback_drops_scripts_navigation_and_footer() -> None:
    text = visible_text(page())
    assert PARAGRAPHS[1] in text and "trackVisit" not in text and "جميع الحقوق" not in text and "الرئيسية" not in text


def test_a_page_file_gets_page_metadata_where_metadata_csv_is_silent(tmp_path) -> None:
    (tmp_path / "story.txt").write_text(page(), encoding="utf-8")
    (tmp_path / "given.txt").write_text(page(body=BODY.replace("اليوم", "أمس")), encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(
        "article_id,outlet,outlet_country,place,published,agency,author,note\n"
        "given,الوطن أونلاين,السعودية,,2024-03-06,,,checked by hand\n",
        encoding="utf-8",
    )
    articles, sentences, removed = clean_corpus(tmp_path)
    table = articles.set_index("article_id")
    story, given = table.loc["story"], table.loc["given"]
    assert (story["status"], story["source_format"], story["title"]) == ("ok", "html", HEADLINE)
    assert (story["published"], story["author"], story["outlet"]) == ("2024-03-05", "أحمد بن سالم", "صحيفة الوطن")
    assert story["note"] == (
        "no row in metadata.csv; text: trafilatura; title: page og:title; published: page JSON-LD datePublished; "
        "author: page meta author; outlet: page og:site_name"
    )
    assert story["body"].split("\n") == PARAGRAPHS
    assert (given["outlet"], given["published"], given["author"]) == ("الوطن أونلاين", "2024-03-06", "أحمد بن سالم")
    assert given["note"] == "checked by hand; text: trafilatura; title: page og:title; author: page meta author"
    title_row = sentences[(sentences["article_id"] == "story") & sentences["is_title"]].iloc[0]
    assert (title_row["text"], title_row["line_no"]) == (HEADLINE, 0)
    assert removed[removed["article_id"] == "story"]["rule"].tolist() == ["repeated_title"]


def test_a_page_file_read_through_the_fallback_says_so_in_its_note(tmp_path) -> None:
    body = '<div class="story-footer">خبر قصير عن القوانين الجديدة.</div>'
    (tmp_path / "bare.txt").write_text(page('<meta charset="utf-8">', body), encoding="utf-8")
    articles, _, _ = clean_corpus(tmp_path)
    row = articles.iloc[0]
    assert (row["status"], row["body"]) == ("ok", "خبر قصير عن القوانين الجديدة.")
    assert row["note"] == "no row in metadata.csv; text: visible text (trafilatura found no article text)"


def test_a_record_holding_a_page_keeps_its_own_fields_first(tmp_path) -> None:
    record = {"headline": "عنوان السجل", "html": page(), "site": ""}
    (tmp_path / "pages.jsonl").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    articles, _, _ = clean_corpus(tmp_path, fields={"title": "headline", "content": "html", "outlet": "site"})
    row = articles.iloc[0]
    assert (row["status"], row["title"], row["outlet"], row["published"]) == (
        "ok",
        "عنوان السجل",
        "صحيفة الوطن",
        "2024-03-05",
    )
    assert row["note"].endswith(
        "; text: trafilatura; published: page JSON-LD datePublished; author: page meta author; "
        "outlet: page og:site_name"
    )
    assert HEADLINE in row["body"] and "فيسبوك" not in row["body"]
