"""The selection rule: which articles are about TikTok and social media."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pandas as pd
import pytest

from analysis.config.paths import RELEVANCE_EVALUATION_FILE, REPO_ROOT, SAUDINEWSNET_DIR
from analysis.config.tables import SELECTION
from analysis.selection import K_DEFAULT, QueryError, judge_article, load_query, select_articles

PROCESSED_ARTICLES = REPO_ROOT / "data" / "processed" / "articles.csv"
RELEVANCE_README = REPO_ROOT / "data" / "annotations" / "relevance" / "README.md"


def articles(*rows: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["article_id", "title", "body"])


def test_the_five_committed_articles_are_all_relevant() -> None:
    corpus = pd.read_csv(PROCESSED_ARTICLES, dtype=str, keep_default_na=False)
    ok = corpus[corpus["status"] == "ok"]
    assert len(ok) == 5
    selection = select_articles(ok)
    assert selection["relevant"].all(), selection[["article_id", "reason"]].to_string()


def test_a_quote_channel_only_article_is_not_relevant() -> None:
    body = (
        "أعلن وزير التعليم أن الدراسة تبدأ في موعدها.\n"
        "وقال الوزير في تغريدة عبر حسابه الرسمي في تويتر إن الوزارة أكملت استعداداتها.\n"
        "وأضاف أن المدارس جاهزة لاستقبال الطلاب."
    )
    selection = select_articles(articles(("a1", "الدراسة تبدأ في موعدها", body)))
    row = selection.iloc[0]
    assert not row["relevant"]
    assert row["relevance_terms"] == ""
    assert row["reason"].startswith("only a quote channel: ")


def test_a_share_bar_is_page_furniture() -> None:
    body = "شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك استعرض الأمير التعاون بين البلدين."
    row = select_articles(articles(("a1", "لقاء ثنائي", body))).iloc[0]
    assert not row["relevant"] and row["reason"].startswith("only page furniture: ")


def test_a_title_mention_counts_on_its_own() -> None:
    row = select_articles(articles(("a1", "تيك توك تطلق ميزة جديدة", "أعلنت الشركة عن الميزة أمس."))).iloc[0]
    assert row["relevant"]
    assert row["relevance_terms"] == "تيك توك"
    assert row["reason"] == "title names تيك توك"


def test_k_sentences_decide_without_a_title_mention() -> None:
    sentences = [
        "انتشر مقطع الفيديو على مواقع التواصل الاجتماعي.",
        "وأطلق المستخدمون هاشتاق يطالب بالتحقيق.",
        "وتداول آلاف المغردين المقطع على تويتر.",
    ]
    body = "\n".join(["بدأت القصة في الحي القديم.", *sentences])
    table = articles(("a1", "قصة من الحي", body))
    for k, expected in ((1, True), (2, True), (3, True), (4, False)):
        row = select_articles(table, min_sentences=k).iloc[0]
        assert bool(row["relevant"]) is expected, (k, row["reason"])
    assert select_articles(table, min_sentences=3).iloc[0]["reason"] == "3 sentences discuss social media"
    assert select_articles(table, min_sentences=4).iloc[0]["reason"] == "only 3 sentences name social media (needs 4)"
    terms = select_articles(table, min_sentences=3).iloc[0]["relevance_terms"]
    assert terms == "مواقع التواصل;هاشتاق;مغرد;تويتر"


def test_look_alikes_and_social_contact_are_not_social_media() -> None:
    body = "ما زال الرياضيون يغردون خارج السرب.\nتنشط حركة التواصل الاجتماعي والزيارات في العيد."
    row = select_articles(articles(("a1", "تغريد خارج السرب", body))).iloc[0]
    assert not row["relevant"] and row["reason"] == "no social-media term"


def test_output_columns_order_and_types() -> None:
    table = articles(
        ("z9", "تويتر يغير شعاره", "نص."),
        ("a1", "خبر اقتصادي", "ارتفعت الأسعار."),
        ("m5", None, None),
    )
    selection = select_articles(table)
    assert (
        list(selection.columns) == SELECTION.column_names() == ["article_id", "relevant", "relevance_terms", "reason"]
    )
    assert selection["article_id"].tolist() == ["z9", "a1", "m5"]
    assert selection["relevant"].dtype == bool
    assert selection["relevant"].tolist() == [True, False, False]
    assert selection["reason"].tolist()[1:] == ["no social-media term", "no social-media term"]


def test_min_sentences_must_be_positive_and_columns_present() -> None:
    with pytest.raises(ValueError, match="min_sentences"):
        select_articles(articles(("a1", "t", "b")), min_sentences=0)
    with pytest.raises(KeyError, match="body"):
        select_articles(pd.DataFrame({"article_id": ["a1"], "title": ["t"]}))


def test_the_default_query_is_the_committed_file_with_glosses() -> None:
    query = load_query()
    assert query.source == "selection.yaml"
    assert {"تيك توك", "تويتر", "مواقع التواصل", "هاشتاق"} <= {term.phrase.text for term in query.terms}
    assert all(term.gloss for term in query.terms)
    assert {cue.kind for cue in query.cues} == {"look_alike", "quote_channel", "furniture"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "terms:\n  platforms:\n    - {term: تويتر}\n",
            r"bad\.yaml, line 3, terms 'platforms' \(تويتر\): needs an English 'gloss'",
        ),
        (
            "terms:\n  platforms:\n    - {term: تويتر, gloss: Twitter}\n    - {term: فيسبوك, gloss: x, typo: 1}\n",
            r"bad\.yaml, line 4, terms 'platforms': unknown key\(s\) typo",
        ),
        (
            "terms:\n  platforms:\n    - {term: تغريدة, gloss: tweet}\n",
            r"bad\.yaml, line 3, .*not in normalized form; write 'تغريده'",
        ),
        (
            "terms:\n  platforms:\n    - {term: تويتر, gloss: Twitter}\n"
            "furniture:\n  - {cue: تابعونا, gloss: f, after: -1}\n",
            r"bad\.yaml, line 5, furniture: 'after' must be a whole number",
        ),
        ("terms: [تويتر]\n", r"bad\.yaml, line 1: 'terms' must map group names"),
        ("terms:\n  platforms:\n    - {term: تويتر, gloss: Twitter\n", r"bad\.yaml, line \d+: not valid YAML"),
        ("term:\n  x: []\n", r"bad\.yaml, line 1: unknown section\(s\) term"),
        (
            "terms:\n  platforms:\n    - {term: تويتر, gloss: Twitter}\nclaims:\n  - {word: زعم}\n",
            r"bad\.yaml, line 5, claims \(زعم\): needs an English 'gloss'",
        ),
    ],
)
def test_a_bad_selection_file_names_the_file_and_line(tmp_path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QueryError, match=message):
        load_query(path)


def test_judge_article_gives_the_same_decision_as_the_table() -> None:
    query = load_query()
    judgement = judge_article("عنوان", "قال في تغريدة له إن الاجتماع ناجح.", query, K_DEFAULT)
    assert not judgement.relevant and judgement.terms == ()


@pytest.mark.skipif(
    not SAUDINEWSNET_DIR.is_dir() and os.environ.get("CI") != "true", reason="../shared/datasets/saudinewsnet is absent"
)
def test_the_hand_codes_reproduce_the_reported_precision_and_recall() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "tools" / "evaluate_selection.py")],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO_ROOT,
    )
    table = result.stdout.strip()
    assert re.search(r"selection rule \(k = \d+\) \| held_out", table)
    readme = RELEVANCE_README.read_text(encoding="utf-8")
    assert table in readme, f"data/annotations/relevance/README.md is stale; the table is now:\n{table}"
    committed = pd.read_csv(RELEVANCE_EVALUATION_FILE)
    for row in committed.itertuples():  # the file the report quotes says the same
        line = next(line for line in table.splitlines() if line.startswith(f"| {row.rule} | {row.split} |"))
        assert f"| {row.n} | {row.hand_relevant} | {row.selected} | {row.tp} | {row.precision:.2f} (" in line


@pytest.mark.parametrize(
    ("title", "relevant"),
    [
        # «SOURCE على/عبر PLATFORM: quote»: the platform is the quote's channel (headlines of the
        # second real archive, data/annotations/relevance_egypt2013)
        ('البرادعى يتسأل عبر "تويتر": ماذا يحدث للعدالة؟', False),
        ('"مخيون" على فيس بوك: الرئاسة تضم مستشارين يورطونها', False),
        ("صباحى على تويتر: الشعب سيستكمل مسيرة الثورة", False),
        # the platform as the subject: a column label, users, a campaign, no colon after it
        ("سوشيال ميديا: تونسيات في معارضة التعرى وتأييده", True),
        ("فيسبوك: إقبال هائل على جوجل لترجمة بيان", True),
        ("مغردون على تويتر: غضب من قرار الوزارة", True),
        ("«الإمام المجدد».. حملة لشباب الإخوان على «تويتر» في ذكرى «البنا»", True),
    ],
)
def test_a_headline_naming_only_the_channel_of_its_quote_is_not_relevant(title: str, relevant: bool) -> None:
    judgement = judge_article(title, "", load_query())
    assert judgement.relevant is relevant
    if not relevant:
        assert judgement.reason.startswith("only a quote channel")


def test_footage_broadcast_on_a_platform_is_where_it_was_shown() -> None:
    body = "\n".join(
        [
            'واظهر شريط فيديو بثه المرصد على موقع "يوتيوب" جثة رجل بلباس عسكري.',
            "كما بث ناشطون شريطا آخر على يوتيوب عن تحرير المعتقلين.",
        ]
    )
    assert not judge_article("المعارضة تسيطر على مقر عسكري", body, load_query()).relevant
    spread = "\n".join(
        [
            "تداول نشطاء على يوتيوب مقطع فيديو للمسؤول يتهم فيه الشرطة بالتقاعس.",
            "وأثار المقطع موجة من التعليقات على فيس بوك دفعته إلى الاعتذار.",
        ]
    )
    assert judge_article("مسؤول يعتذر عن تصريحاته", spread, load_query()).relevant


@pytest.mark.parametrize(
    ("body", "relevant", "reason"),
    [
        # a claim circulating on social media is news in itself (codebook: a rumour): one sentence is enough
        (
            "تتداول حسابات وصفحات على مواقع التواصل الاجتماعي، حديثا، مقطع فيديو ادعى ناشروه أنه يظهر قصفا جديدا.\n"
            "وتبين أن المقطع قديم ويعود إلى عام 2015.",
            True,
            "a sentence reports a claim circulating on social media",
        ),
        (
            "حذرت الوزارة من الشائعات المتداولة عبر وسائل التواصل الاجتماعي حول مواعيد الاختبارات.",
            True,
            "a sentence reports a claim circulating on social media",
        ),
        # a clip circulating, without a claim: where it appeared, one sentence (a passing mention)
        (
            "وتداول ناشطون على مواقع التواصل مقاطع مصورة للاشتباكات.\nوأفادت مصادر محلية بسقوط جرحى.",
            False,
            "only 1 sentence names social media (needs 2)",
        ),
        # a claim, without circulation: an official's statement on a platform
        (
            "وقال الجيش عبر منصة إكس إنه قصف أبنية بزعم أنها تحوي أسلحة.",
            False,
            "only 1 sentence names social media (needs 2)",
        ),
        # a post on X quoted, twice: the channel of a quote, as "in a tweet"
        (
            "وقال المتحدث في منشور على منصة إكس إن المساعدات وصلت.\n"
            "وأضافت المنظمة في منشور على منصة إكس أن الحاجات كبيرة.",
            False,
            "only a quote channel: في منشور علي منصه اكس",
        ),
        # an embedded tweet glued into a paragraph: its address names no platform
        (
            "اشتباكات في المدينةpic.twitter.com/AbC123xYz — شبكة محلية (@localnet)August 12, 2024 "
            "وأفادت مصادر بسقوط جرحى.\nوقالت الوزارة إن الوضع تحت السيطرة.",
            False,
            "only web addresses name social media",
        ),
    ],
)
def test_a_claim_circulating_on_social_media_counts_and_an_address_does_not(
    body: str, relevant: bool, reason: str
) -> None:
    judgement = judge_article("خبر", body, load_query())
    assert (judgement.relevant, judgement.reason) == (relevant, reason)
