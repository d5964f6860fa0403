"""Each furniture rule, with positive and negative lines from the real corpus."""

from __future__ import annotations

import pytest

from analysis.clean.furniture import RULES, dash_pair, match_line_rule, news_agencies, split_dateline
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
