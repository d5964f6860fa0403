"""Cleaning the five real articles and the cases the issue names (analysis.clean.articles)."""

from __future__ import annotations

import pytest

from analysis.clean.articles import clean_article, looks_like_title, title_key
from analysis.clean.partitions import clean_corpus
from analysis.config.paths import REPO_ROOT
from tests.conftest import RAW_DIR, raw_lines

# What a reader checking the raw files by eye finds: every furniture line, by number.
EXPECTED_REMOVED = {
    "000_8877fc0651d57337": {},
    "001_04de20d8b2fa7b68": {2: "repeated_title"},
    "002_54fd0cefff583f53": {
        3: "repeated_title",
        5: "outlet_name",
        7: "byline",
        23: "whitespace_only",
        25: "whitespace_only",
        27: "whitespace_only",
        29: "whitespace_only",
        31: "whitespace_only",
        33: "whitespace_only",
        36: "comment_form",
        38: "lone_symbol",
        39: "lone_symbol",
        40: "lone_symbol",
        41: "comment_rules",
        42: "comment_rules",
        43: "comment_rules",
    },
    "003_02b8b056742806a2": {**{line_no: "ticker" for line_no in range(1, 10)}, 10: "follow_prompt"},
    "004_87e09fac2f91e400": {1: "dateline"},
}
EXPECTED_TITLE_LINE = {
    "000_8877fc0651d57337": 1,
    "001_04de20d8b2fa7b68": 1,
    "002_54fd0cefff583f53": 1,
    "003_02b8b056742806a2": 11,
    "004_87e09fac2f91e400": None,
}


@pytest.mark.parametrize("article_id", sorted(EXPECTED_REMOVED))
def test_furniture_gone_and_every_article_line_kept(article_id: str) -> None:
    lines = raw_lines(article_id)
    article = clean_article("\n".join(lines))
    removed = {line.line_no: line.rule for line in article.removed}
    assert removed == EXPECTED_REMOVED[article_id]
    non_blank = {line_no for line_no, line in enumerate(lines, start=1) if line != ""}
    assert set(article.kept_line_nos) == non_blank - set(removed)
    for line_no in article.kept_line_nos:  # kept lines are kept whole
        text = lines[line_no - 1].strip()
        assert text == article.title or text.strip() in article.body.split("\n")


@pytest.mark.parametrize("article_id", sorted(EXPECTED_TITLE_LINE))
def test_title(article_id: str) -> None:
    lines = raw_lines(article_id)
    article = clean_article("\n".join(lines))
    line_no = EXPECTED_TITLE_LINE[article_id]
    if line_no is None:
        assert article.title == ""
        assert article.sentences[0].startswith("نظمت المؤسسة القطرية")  # first body sentence, not a title
    else:
        assert article.title == lines[line_no - 1].strip()
        assert article.sentences[0] == article.title and article.sentence_line_nos[0] == line_no


def test_headline_with_double_dot_is_one_sentence() -> None:
    article = clean_article("\n".join(raw_lines("002_54fd0cefff583f53")))
    assert (
        article.sentences[0] == 'بسبب أحداث 15 شتنبر.. بنسعيد يلتقي مسؤولا بـ"تيكتوك" لمحاربة "المحتوى المخالف للقانون"'
    )


def test_dateline_goes_to_dateline_not_title() -> None:
    article = clean_article("\n".join(raw_lines("004_87e09fac2f91e400")))
    assert article.dateline == "الدوحة – قنا"
    assert "الدوحة – قنا" not in article.body


def test_dateline_opening_a_paragraph_is_cut_off_and_the_rest_kept() -> None:
    article = clean_article("عنوان الخبر عن تيك توك\nالدوحة – قنا: نظمت المؤسسة جلسة حوارية.\n")
    assert article.dateline == "الدوحة – قنا"
    assert article.body == "نظمت المؤسسة جلسة حوارية."
    assert article.kept_line_nos == [1, 2]


def test_repeated_title_differing_in_quotes_and_spacing() -> None:
    assert title_key("ثقافة “تمغربيت”") == title_key("ثقافة  “تمغربيت“")
    assert title_key('بـ"تيكتوك"') == title_key("بـ«تيكتوك»")
    assert title_key("تيك توك تجمع الخبراء") != title_key("تيك توك تجمع المبدعين")


def test_repeat_of_the_title_later_in_the_article_is_removed_too() -> None:
    article = clean_article("عنوان الخبر\nنص الخبر الأول.\nعنوان  الخبر\n")
    assert [(line.line_no, line.rule) for line in article.removed] == [(3, "repeated_title")]


def test_looks_like_title() -> None:
    assert looks_like_title("بنسعيد يحارب تفاهة التيك توك بمحتوى جدي وهادف")
    assert looks_like_title("بسبب أحداث 15 شتنبر.. بنسعيد يلتقي مسؤولا")
    assert not looks_like_title("نظمت المؤسسة القطرية للعمل الاجتماعي جلسة حوارية.")
    assert not looks_like_title(" ".join(["كلمة"] * 31))


def test_headline_under_a_menu_with_dashes_is_the_title() -> None:
    article = clean_article(
        "محليات - دولي - رياضة - اقتصاد - اتصل بنا\nوزارة الصحة تطلق حملة للتوعية بأضرار السهر\n"
        "أطلقت الوزارة حملة توعوية في المدارس.\n"
    )
    assert article.title == "وزارة الصحة تطلق حملة للتوعية بأضرار السهر"
    assert [(line.line_no, line.rule) for line in article.removed] == [(1, "navigation")]


def test_headline_under_a_ticker_with_a_bulleted_item_is_the_title() -> None:
    article = clean_article(
        "عاجل\n09:15 أمطار غزيرة على المنطقة الجنوبية\n• افتتاح معرض الكتاب بمشاركة واسعة\n"
        "الرئيسية > أخبار > محليات\nوزارة الصحة تطلق حملة للتوعية بأضرار السهر\n"
        "أطلقت الوزارة حملة توعوية في المدارس.\n"
    )
    assert article.title == "وزارة الصحة تطلق حملة للتوعية بأضرار السهر"
    assert article.title_line_no == 5
    assert [(line.line_no, line.rule) for line in article.removed if line.line_no == 3] == [(3, "ticker")]
    assert article.body == "أطلقت الوزارة حملة توعوية في المدارس."


def test_bulleted_lines_of_the_article_are_kept() -> None:
    # A list in the text beside a "read also" line, and a bulleted line opening the page: article text.
    inside = clean_article(
        "وزارة الصحة تطلق حملة للتوعية\nوتشمل الحملة ما يلي:\nاقرأ أيضا: ارتفاع أسعار الذهب\n"
        "• النوم المبكر للطلاب\n• تقليل استخدام الهاتف ليلا\n"
    )
    assert inside.title == "وزارة الصحة تطلق حملة للتوعية"
    assert inside.body == "وتشمل الحملة ما يلي:\n• النوم المبكر للطلاب\n• تقليل استخدام الهاتف ليلا"
    opening = clean_article("• نصائح للطلاب قبل الامتحانات\nعاجل\nينصح الخبراء بالنوم المبكر.\n")
    assert 1 in opening.kept_line_nos


def test_short_line_with_a_lone_conjunction_is_not_a_menu() -> None:
    # "و" written apart from its word is not a menu separator: the line is article text.
    article = clean_article("حفل تكريم المتفوقين\nشكر و تقدير و عرفان\nكرمت المدرسة طلابها المتفوقين.\n")
    assert article.removed == []
    assert article.body == "شكر و تقدير و عرفان\nكرمت المدرسة طلابها المتفوقين."


def test_outlet_name_on_its_own_line_reveals_the_byline() -> None:
    article = clean_article("عنوان الخبر\nهسبريس\nهسبريس - محمد علي\nنص الخبر.\n")
    assert [(line.line_no, line.rule) for line in article.removed] == [(2, "outlet_name"), (3, "byline")]
    assert article.body == "نص الخبر."


def test_outlet_from_metadata_identifies_a_lone_byline() -> None:
    raw = "عنوان الخبر\nهسبريس - محمد علي\nنص الخبر.\n"
    assert clean_article(raw).body == "هسبريس - محمد علي\nنص الخبر."  # outlet unknown: kept
    article = clean_article(raw, outlet="هسبريس")
    assert [(line.line_no, line.rule) for line in article.removed] == [(2, "byline")]
    assert article.body == "نص الخبر."


def test_line_ends_crlf_and_cr_count_as_lines() -> None:
    article = clean_article("عنوان الخبر\r\n*\r\nنص الخبر.\rسطر ثان.")
    assert [(line.line_no, line.rule) for line in article.removed] == [(2, "lone_symbol")]
    assert article.body == "نص الخبر.\nسطر ثان."


def test_clean_corpus_accounts_for_every_file(cleaned_corpus) -> None:
    articles, sentences, removed = cleaned_corpus
    files = sorted(path.stem for path in RAW_DIR.glob("*.txt"))
    assert articles["article_id"].tolist() == files
    assert (articles["status"] == "ok").all() and (articles["reason"] == "").all()
    assert (articles["encoding"] == "utf-8").all()
    counts = sentences.groupby("article_id").size()
    assert articles.set_index("article_id")["n_sentences"].equals(counts.rename("n_sentences"))
    assert articles["n_lines_removed"].tolist() == [len(EXPECTED_REMOVED[article_id]) for article_id in files]


def test_sentence_counts_and_tokens(cleaned_corpus) -> None:
    articles, sentences, _ = cleaned_corpus
    totals = sentences.groupby("article_id")["n_tokens"].sum()
    assert articles.set_index("article_id")["n_tokens"].equals(totals.rename("n_tokens"))
    assert sentences.groupby("article_id")["is_title"].sum().to_dict() == {
        article_id: int(line is not None) for article_id, line in EXPECTED_TITLE_LINE.items()
    }
    assert (
        sentences.groupby("article_id")["sentence_id"]
        .apply(lambda ids: ids.tolist() == list(range(1, len(ids) + 1)))
        .all()
    )


def test_text_keeps_original_and_text_norm_is_normalized(cleaned_corpus) -> None:
    _, sentences, _ = cleaned_corpus
    assert sentences["text"].str.contains("ة").any()
    assert not sentences["text_norm"].str.contains("[ةأإآىًٌٍَُِّْـ]").any()


def test_duplicate_article_is_kept_once(tmp_path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("عنوان الخبر\nنص الخبر عن تيك توك.\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("عنوان آخر\nنص مختلف.\n", encoding="utf-8")
    articles, sentences, _ = clean_corpus(tmp_path)
    assert articles[["article_id", "status", "reason"]].values.tolist() == [
        ["a", "ok", ""],
        ["b", "duplicate", "same text as a"],
        ["c", "ok", ""],
    ]
    assert sorted(set(sentences["article_id"])) == ["a", "c"]


def test_article_of_only_furniture_is_rejected(tmp_path) -> None:
    (tmp_path / "furniture.txt").write_text("- 16:04خبر آخر\nتابعونا على فيسبوك\n*\n", encoding="utf-8")
    articles, sentences, _ = clean_corpus(tmp_path)
    assert articles.loc[0, "status"] == "rejected"
    assert "no article text" in articles.loc[0, "reason"]
    assert sentences.empty


@pytest.mark.parametrize("text", ["", "one", "a\nb", "a\r\nb\rc\n", "\n\n", "a\u2028b\x0bc", "x\r\r\ny"])
def test_split_lines_ends_lines_at_cr_lf_and_crlf_only(text: str) -> None:
    from analysis.clean.articles import LINE_BREAK, split_lines

    assert split_lines(text) == LINE_BREAK.split(text)


def test_duplicate_key_ignores_quote_marks_and_spaces_only() -> None:
    import hashlib

    from analysis.clean.articles import QUOTE_MARKS, duplicate_key

    sentences = ['قال "المدير": «التطبيق» آمن', "و‘الأطفال’ بخير `نعم` 'لا'"]
    expected = hashlib.blake2b(
        QUOTE_MARKS.sub("", "".join(sentences)).replace(" ", "").encode(), digest_size=16
    ).digest()
    assert duplicate_key(sentences) == expected
    assert duplicate_key(["قال المدير:", "التطبيق آمن"]) == duplicate_key(["قال “المدير”:التطبيق", "آمن"])
    assert duplicate_key(["قال المدير: التطبيق آمن"]) != duplicate_key(["قال المدير، التطبيق آمن"])


def test_review_lines_lists_suspicious_kept_lines_without_removing_them() -> None:
    import pandas as pd

    from analysis.clean import review_lines

    sentences = pd.DataFrame(
        {
            "article_id": ["x", "x", "x", "x"],
            "line_no": [1, 2, 3, 3],
            "is_title": [True, False, False, False],
            "text": ["عنوان قصير", "حامد القرشي – مكة", "وقال الوزير إن المنصة ستفتح مكتبا.", "وأضاف أن العمل بدأ."],
        }
    )
    review = review_lines(sentences)
    assert review.to_dict("records") == [
        {
            "article_id": "x",
            "line_no": 2,
            "text": "حامد القرشي – مكة",
            "reason": "very short without sentence punctuation",
        }
    ]


def test_furniture_development_set_targets() -> None:
    """The dev sets (data/dev/furniture, data/dev/furniture_tuning2): the issue's targets on every part
    (90 % of furniture removed, article lines kept, the real headline on 95 % of pages), the five
    articles unchanged."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("furniture_devset", REPO_ROOT / "benchmarks" / "furniture_devset.py")
    devset = importlib.util.module_from_spec(spec)
    sys.modules["furniture_devset"] = devset  # dataclasses look their module up there
    spec.loader.exec_module(devset)
    parts = [("original", "tuning"), ("original", "held_out"), ("tuning2", "tuning")]
    for dev_set, split in parts:
        score = devset.score_split(split, devset.DEV_SETS[dev_set])
        assert score.furniture_removed >= 0.9 * score.furniture_lines, (dev_set, split)
        assert score.article_kept >= score.article_lines - 1, (dev_set, split)  # the one known loss: see the README
        assert score.titles_right >= 0.95 * score.pages, (dev_set, split)
        if dev_set == "original":
            assert score.glued_removed == score.glued_spans, split
    five = devset.score_five_articles()
    assert five.article_kept == five.article_lines and five.furniture_removed == five.furniture_lines
    assert five.titles_right == five.pages
