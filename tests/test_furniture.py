"""Each furniture rule, with positive and negative lines from the real corpus."""

from __future__ import annotations

import pytest

from analysis.clean.furniture import (
    RULES,
    dash_pair,
    furniture_vocabulary,
    match_line_rule,
    news_agencies,
    review_reason,
    split_dateline,
    split_glued,
)
from tests.conftest import raw_lines

# Real lines: (article, 1-based line number).
TICKER = raw_lines("003_02b8b056742806a2")[0]  # "- 16:04برّادة يراجع ..."
FOLLOW = raw_lines("003_02b8b056742806a2")[9]  # "تابعونا على فيسبوك"
COMMENT_FORM = raw_lines("002_54fd0cefff583f53")[35]  # "هل ترغب بالتعليق على الموضوع؟"
ASTERISK = raw_lines("002_54fd0cefff583f53")[37]  # "*"
NBSP_LINE = raw_lines("002_54fd0cefff583f53")[22]  # "\u00a0"
COMMENT_RULE_1 = raw_lines("002_54fd0cefff583f53")[41]  # "  • التعليقات المنشورة ..."
COMMENT_RULE_2 = raw_lines("002_54fd0cefff583f53")[42]  # "  • من شروط النشر: ..."
DATELINE = raw_lines("004_87e09fac2f91e400")[0]  # "الدوحة – قنا"

# Real article text that must stay: it shares words or shapes with furniture.
BODY_WITH_NUMBERS = raw_lines("002_54fd0cefff583f53")[16]  # "... بين 9 و11 سبتمبر 2024 ..."
BODY_WITH_TIKTOK = raw_lines("000_8877fc0651d57337")[5]  # "... منصات مثل “تيك توك”. شارك ..."
BODY_WITH_PUBLISHING = raw_lines("001_04de20d8b2fa7b68")[5]  # "... نشر الأخبار الزائفة ..."
TITLE_WITH_TIKTOK = raw_lines("000_8877fc0651d57337")[0]
TITLE_SHORT = raw_lines("003_02b8b056742806a2")[10]  # "بنسعيد يحارب تفاهة التيك توك بمحتوى جدي وهادف"
OUTLET_LINE = raw_lines("002_54fd0cefff583f53")[4]  # "أخبارنا المغربية"
BODY_WITH_DASH = raw_lines("004_87e09fac2f91e400")[1]  # "... “التكنولوجيا كممكن اجتماعي: ...”"


def test_the_real_lines_are_the_expected_ones() -> None:
    assert TICKER.startswith("- 16:04")
    assert FOLLOW == "تابعونا على فيسبوك"
    assert COMMENT_FORM == "هل ترغب بالتعليق على الموضوع؟"
    assert ASTERISK == "*" and NBSP_LINE == "\u00a0"
    assert DATELINE == "الدوحة – قنا"
    assert "9 و11" in BODY_WITH_NUMBERS


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        (NBSP_LINE, "whitespace_only"),
        ("   \u200f ", "whitespace_only"),
        (ASTERISK, "lone_symbol"),
        ("• • •", "lone_symbol"),
        (TICKER, "ticker"),
        (raw_lines("003_02b8b056742806a2")[8], "ticker"),
        (FOLLOW, "follow_prompt"),
        ("تابعونا على تيك توك", "follow_prompt"),
        (COMMENT_FORM, "comment_form"),
        ("أضف تعليقك", "comment_form"),
        (COMMENT_RULE_1, "comment_rules"),
        (COMMENT_RULE_2, "comment_rules"),
        ("بقلم: عبد المومن حاج علي", "byline"),
    ],
)
def test_line_rule_matches(line: str, rule: str) -> None:
    assert match_line_rule(line) == rule


@pytest.mark.parametrize(
    "line",
    [
        BODY_WITH_NUMBERS,
        BODY_WITH_TIKTOK,
        BODY_WITH_PUBLISHING,
        TITLE_WITH_TIKTOK,
        TITLE_SHORT,
        OUTLET_LINE,
        BODY_WITH_DASH,
        DATELINE,
    ],
)
def test_article_text_matches_no_line_rule(line: str) -> None:
    assert match_line_rule(line) is None


@pytest.mark.parametrize(
    ("line", "dateline", "rest"),
    [
        (DATELINE, DATELINE, ""),
        ("الرباط (رويترز) - قال الوزير إن المنصة ستفتح مكتبا.", "الرباط (رويترز)", "قال الوزير إن المنصة ستفتح مكتبا."),
        ("الدوحة – قنا: نظمت المؤسسة جلسة حوارية.", "الدوحة – قنا", "نظمت المؤسسة جلسة حوارية."),
        ("الرياض - واس", "الرياض - واس", ""),
        (OUTLET_LINE, "", OUTLET_LINE),
        (raw_lines("002_54fd0cefff583f53")[6], "", raw_lines("002_54fd0cefff583f53")[6]),  # outlet - author
        (BODY_WITH_DASH, "", BODY_WITH_DASH),
    ],
)
def test_split_dateline(line: str, dateline: str, rest: str) -> None:
    assert split_dateline(line) == (dateline, rest)


def test_dash_pair_reads_byline_shape_only_on_short_lines() -> None:
    assert dash_pair("أخبارنا المغربية - عبد المومن حاج علي") == ("أخبارنا المغربية", "عبد المومن حاج علي")
    assert dash_pair(BODY_WITH_NUMBERS) is None
    assert dash_pair("تيك-توك") is None


def test_agency_list_is_normalized_and_longest_first() -> None:
    names = news_agencies()
    assert "قنا" in names and "رويترز" in names
    assert list(names) == sorted(names, key=lambda name: (-len(name), name))


def test_every_rule_is_documented_in_the_schema() -> None:
    from analysis.config.paths import REPO_ROOT

    schema = (REPO_ROOT / "data" / "processed" / "README.md").read_text(encoding="utf-8")
    for rule in RULES:
        assert f"| {rule} |" in schema, f"rule {rule} is not described in data/processed/README.md"


def test_no_rule_names_an_article() -> None:
    from analysis.config.paths import REPO_ROOT

    for module in sorted((REPO_ROOT / "src" / "analysis").rglob("*.py")):
        source = module.read_text(encoding="utf-8")
        for path in (REPO_ROOT / "data" / "raw").glob("*.txt"):
            assert path.stem not in source and path.stem.split("_")[1] not in source
        for outlet_words in ("أخبارنا", "المغربية", "عبد المومن"):
            assert outlet_words not in source


# Furniture phrased unlike the five articles (from Arabic news sites), and real text that must stay.
@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("شارك هذا الخبر", "share_bar"),
        ("فيسبوك | تويتر | لينكد إن | واتساب", "share_bar"),
        ("تابعوا آخر الأخبار عبر قناتنا على تيليجرام", "follow_prompt"),
        ("حمّل تطبيقنا على آيفون وأندرويد", "follow_prompt"),
        ("الرئيسية > أخبار > محليات", "navigation"),
        ("أخبار | اقتصاد | رياضة | فيديو | صور", "navigation"),
        ("سياسة - اقتصاد - مجتمع - منوعات - اتصل بنا", "navigation"),
        ("اقرأ أيضاً: ارتفاع أسعار الذهب في التعاملات المبكرة", "related_links"),
        ("الأكثر قراءة", "related_links"),
        ("آخر تحديث: الثلاثاء 21 يوليو 2015 - 10:34 ص", "timestamp"),
        ("نشر في: 04 شوال 1436 هـ - 20 يوليو 2015", "timestamp"),
        ("منذ 3 ساعات", "timestamp"),
        ("14:37 ت م", "timestamp"),
        ("جميع الحقوق محفوظة © 2015", "copyright"),
        ("عدد التعليقات 0", "comment_form"),
        ("كن أول من يعلق", "comment_form"),
        ("اشترك في النشرة البريدية", "newsletter"),
        ("مساحة إعلانية", "advertisement"),
        ("- إعلان -", "advertisement"),
        ("تقرير: نورة المطيري", "byline"),
        ("صورة أرشيفية", "photo_caption"),
        ("(تصوير: أحمد الغامدي)", "byline"),
        ("الوسوم: السعودية، التعليم", "tags"),
        ("// انتهى //", "end_mark"),
    ],
)
def test_furniture_of_other_sites(line: str, rule: str) -> None:
    assert match_line_rule(line) == rule


@pytest.mark.parametrize(
    "line",
    [
        "الأسهم تكسر حاجز 9 آلاف نقطة وفك تعليق «موبايلي» اليوم",  # تعليق = suspension, not a comment
        "ما تعليقك على أن الإسلام ضد عمليات القتل والإرهاب؟",  # an interview's question
        "من يعلق الجرس؟",
        "إعداد جيل متعلم يقود المستقبل",  # إعداد without a colon is not a byline
        "تحرير تعز",
        "ويعتبر هذا البرنامج هدفا للشركات كونه ينتهك قواعد حقوق النشر من خلال بث الأفلام مجانا عبر الإنترنت",
        "موسم 2014 - 2015 م -",
        "مشاركة سعودية واسعة في معرض الكتاب",
        "شارك من خلال ورقة عمل قدمها في المؤتمر",
        "الهلال 2 النصر 1",
        "شكر و تقدير و عرفان",  # "و" apart from its word is no menu separator
        "الهلال 2 - 1 النصر",
        "3 - تطبيق «فيسبوك» Facebook",  # a numbered list item: "»" closes a quote, "3" is no menu item
        "15 - مقال مريدة - بنجلاديشي الجنسية.",
        "أين: مطعم تشوتو - ماتي Chotto - Matte في لندن",  # three short parts between dashes: prose
        "تيك توك تجمع الخبراء والمبدعين في أول قمة حول الصحة النفسية بالدار البيضاء",
    ],
)
def test_real_text_with_furniture_words_stays(line: str) -> None:
    assert match_line_rule(line) is None


def test_glued_share_bar_is_cut_off_and_the_sentence_stays() -> None:
    line = "شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك كشفت مصادر أن الوزارة تدرس القرار."
    assert split_glued(line) == (
        ("شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك", "share_bar"),
        "كشفت مصادر أن الوزارة تدرس القرار.",
        ("", ""),
    )


def test_glued_closing_furniture_after_the_last_sentence() -> None:
    tags = "وذكر المصدر أنه جرى تحرير محضر للراكب. سمات اعتقال القاهرة مسافر"
    assert split_glued(tags) == (
        ("", ""),
        "وذكر المصدر أنه جرى تحرير محضر للراكب.",
        ("سمات اعتقال القاهرة مسافر", "tags"),
    )
    read_also = "وأعلن الوزير البرنامج. اقرأ أيضا: الهلال يعلن التعاقد مع مدافع"
    assert split_glued(read_also)[2] == ("اقرأ أيضا: الهلال يعلن التعاقد مع مدافع", "related_links")
    share = "وأعلن الوزير البرنامج. شارك الخبر: فيسبوك تويتر"
    assert split_glued(share)[1:] == ("وأعلن الوزير البرنامج.", ("شارك الخبر: فيسبوك تويتر", "share_bar"))


def test_a_sentence_using_a_furniture_word_is_not_cut() -> None:
    line = "وتحدث عن سمات القائد الناجح في المؤسسات الحديثة"  # سمات = traits, not after a sentence end
    assert split_glued(line) == (("", ""), line, ("", ""))
    assert split_glued("شارك من خلال ورقة عمل قدمها في المؤتمر الدولي للطاقة.")[0] == ("", "")


def test_review_reason_flags_suspicious_lines_only() -> None:
    assert review_reason("حامد القرشي – مكة") == "very short without sentence punctuation"
    assert review_reason("تبوك إسعاف هلال أحمر بلاغات حالات مرضية مزمنة غيبوبة صرع مستشفيات") != ""
    assert review_reason("وقال الوزير إن المنصة ستفتح مكتبا في الرباط.") == ""
    assert review_reason(raw_lines("002_54fd0cefff583f53")[8]) == ""


def test_furniture_vocabulary_has_a_gloss_per_phrase_and_names_its_line_on_error(tmp_path, monkeypatch) -> None:
    import analysis.clean.furniture as furniture
    from analysis.config.data_files import DataFileError

    vocabulary = furniture_vocabulary()
    assert ("شارك", "هذا", "الخبر") in vocabulary["share"]["شارك"]
    bad = tmp_path / "furniture.yaml"
    bad.write_text("platforms:\n  - {phrase: فيسبوك}\n", encoding="utf-8")
    monkeypatch.setattr(furniture, "FURNITURE_FILE", bad)
    furniture.furniture_vocabulary.cache_clear()
    try:
        with pytest.raises(DataFileError, match=r"furniture.yaml, line 2: platforms entry 1 needs"):
            furniture.furniture_vocabulary()
    finally:
        furniture.furniture_vocabulary.cache_clear()
