"""Syndicated copies: near-duplicates found with MinHash LSH and verified exactly (analysis.clean.near_duplicates)."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace

import numpy as np
import pytest

from analysis.clean.near_duplicates import (
    SHINGLE_WORDS,
    ArticleText,
    article_words,
    band_keys,
    find_copies,
    jaccard,
    lsh_bands,
    near_duplicate_pairs,
    shingle_hashes,
)
from analysis.clean.partitions import clean_corpus
from analysis.config.params import ParamsError, load_params, validate_params
from analysis.text.arabic import normalize, tokenize_all

HEADLINE = "وزارة الإعلام تطلق منصة لرصد الشائعات على مواقع التواصل"
BODY = (
    "أطلقت وزارة الإعلام اليوم منصة إلكترونية جديدة لرصد الشائعات والأخبار الزائفة المنتشرة على مواقع "
    "التواصل الاجتماعي، وتتيح المنصة للمواطنين الإبلاغ عن المحتوى المضلل ومتابعة نتائج التحقق منه.\n"
    "وأوضح المتحدث الرسمي باسم الوزارة أن فريقا من المختصين سيراجع البلاغات على مدار الساعة، وسينشر "
    "تصحيحا لكل خبر يثبت عدم صحته خلال أربع وعشرين ساعة.\n"
    "وأشار إلى أن المنصة تأتي ضمن خطة وطنية لتعزيز الوعي الإعلامي لدى الشباب وحماية المجتمع من حملات "
    "التضليل، داعيا وسائل الإعلام إلى التعاون مع الفريق في نشر المعلومات الموثوقة.\n"
)
AGENCY_STORY = f"{HEADLINE}\n{BODY}"
# The same agency story in three more outlets: another headline; a dateline and one word;
# a few words changed and the last clause cut.
NEW_HEADLINE = "منصة حكومية جديدة لمواجهة الأخبار الزائفة\n" + BODY
WITH_DATELINE = "الرياض – واس\n" + AGENCY_STORY.replace("اليوم", "أمس")
EDITED = (
    AGENCY_STORY.replace("المختصين", "الخبراء")
    .replace("الشباب", "الناشئة")
    .replace("، داعيا وسائل الإعلام إلى التعاون مع الفريق في نشر المعلومات الموثوقة", "")
)
# Another story on the same topic, in the same formulaic language.
OTHER_STORY = (
    "البرلمان يناقش عقوبات نشر الأخبار الزائفة على مواقع التواصل\n"
    "ناقش مجلس النواب مشروع قانون يشدد العقوبات على نشر الشائعات والأخبار الزائفة عبر مواقع التواصل "
    "الاجتماعي، ويفرض غرامات على الحسابات التي تكرر المخالفة.\n"
    "وقال رئيس لجنة الإعلام إن القانون يحمي حرية التعبير ويستهدف حملات التضليل المنظمة فقط، مشيرا إلى أن "
    "المنصات ستلزم بالرد على طلبات السلطات خلال أسبوع.\n"
)
METADATA = (
    "article_id,outlet,outlet_country,place,published,agency,author,note\n"
    "agency,الوطن,,,2024-03-02,,,\n"
    "headline,الرياض,,,2024-03-02,,,\n"
    "dateline,عكاظ,,,2024-03-01,,,\n"
    "edited,المدينة,,,2024-03-03,,,\n"
    "other,الوطن,,,2024-03-01,,,\n"
)


def words_of(text: str) -> list[str]:
    return article_words(tokenize_all([normalize(line) for line in text.split("\n") if line]))


def shingles_of(text: str) -> np.ndarray:
    return shingle_hashes(words_of(text))


def write(folder, metadata: str = METADATA, **texts: str):
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    rows = metadata.splitlines(keepends=True)
    rows = rows[:1] + [row for row in rows[1:] if row.split(",")[0] in texts]
    (folder / "metadata.csv").write_text("".join(rows), encoding="utf-8")
    return folder


def statuses(articles) -> dict[str, tuple[str, str]]:
    return {row.article_id: (row.status, row.duplicate_of) for row in articles.itertuples()}


@pytest.fixture()
def syndicated(tmp_path):
    write(
        tmp_path,
        agency=AGENCY_STORY,
        headline=NEW_HEADLINE,
        dateline=WITH_DATELINE,
        edited=EDITED,
        other=OTHER_STORY,
    )
    return clean_corpus(tmp_path)


def test_an_agency_story_in_three_outlets_is_one_story_kept_at_the_earliest_date(syndicated) -> None:
    articles, sentences, removed = syndicated
    assert statuses(articles) == {
        "agency": ("near_duplicate", "dateline"),
        "dateline": ("ok", ""),  # published first (2024-03-01)
        "edited": ("near_duplicate", "dateline"),
        "headline": ("near_duplicate", "dateline"),
        "other": ("ok", ""),
    }
    reasons = articles.set_index("article_id")["reason"]
    assert reasons["edited"].startswith("near-duplicate of dateline (Jaccard 0.")
    assert set(sentences["article_id"]) == set(removed["article_id"]) | {"other"} == {"dateline", "other"}
    copies = articles[articles["status"] == "near_duplicate"]
    assert (copies["n_sentences"] > 0).all() and (copies["n_tokens"] > 0).all()  # counted, not analysed


def test_two_stories_on_one_topic_are_not_merged() -> None:
    similarity = jaccard(shingles_of(AGENCY_STORY), shingles_of(OTHER_STORY))
    assert similarity < 0.1
    assert near_duplicate_pairs([shingles_of(AGENCY_STORY), shingles_of(OTHER_STORY)], 0.1) == []


def test_a_higher_threshold_finds_fewer_pairs(tmp_path) -> None:
    texts = [AGENCY_STORY, NEW_HEADLINE, WITH_DATELINE, EDITED, OTHER_STORY]
    shingles = [shingles_of(text) for text in texts]
    counts = [len(near_duplicate_pairs(shingles, threshold)) for threshold in (0.3, 0.6, 0.8, 0.9, 1.0)]
    assert counts == sorted(counts, reverse=True) and counts[0] == 6 and counts[-1] == 0
    write(tmp_path, agency=AGENCY_STORY, headline=NEW_HEADLINE, dateline=WITH_DATELINE, edited=EDITED)
    strict, _, _ = clean_corpus(tmp_path, near_duplicate_threshold=0.95)
    assert (strict["status"] == "ok").all() and (strict["duplicate_of"] == "").all()


def test_exact_duplicates_stay_duplicates_and_point_at_the_kept_article(tmp_path) -> None:
    write(tmp_path, agency=AGENCY_STORY, dateline=AGENCY_STORY, edited=EDITED, other=OTHER_STORY)
    articles, sentences, _ = clean_corpus(tmp_path)
    table = articles.set_index("article_id")
    assert statuses(articles) == {
        "agency": ("duplicate", "dateline"),
        "dateline": ("ok", ""),
        "edited": ("near_duplicate", "dateline"),
        "other": ("ok", ""),
    }
    assert table.loc["agency", "reason"] == "same text as dateline"
    assert sorted(set(sentences["article_id"])) == ["dateline", "other"]


def test_a_copy_of_a_near_duplicate_names_both(tmp_path) -> None:
    write(tmp_path, agency=AGENCY_STORY, edited=EDITED, headline=EDITED)
    articles, _, _ = clean_corpus(tmp_path)
    table = articles.set_index("article_id")
    # agency 2024-03-02 is kept; edited (03-03) is its near-duplicate; headline (03-02, same text as edited)
    # comes before edited by date, so it is the near-duplicate and edited the duplicate of its text.
    assert statuses(articles) == {
        "agency": ("ok", ""),
        "edited": ("duplicate", "agency"),
        "headline": ("near_duplicate", "agency"),
    }
    assert table.loc["edited", "reason"] == "same text as headline, a near-duplicate of agency"


def test_undated_articles_come_after_dated_ones_and_ties_go_to_the_smaller_id() -> None:
    shingles = shingles_of(AGENCY_STORY)
    key = b"k"
    articles = [ArticleText("a", "", key, shingles), ArticleText("c", "2024-03-02", key, shingles)]
    articles += [ArticleText("b", "2024-03-02", key, shingles)]
    copies = find_copies(articles, 0.6)
    assert [(copy.article_id, copy.kept_id, copy.status) for copy in copies] == [
        ("a", "b", "duplicate"),
        ("c", "b", "duplicate"),
    ]


def test_a_chain_of_copies_points_at_one_kept_article() -> None:
    words = words_of(AGENCY_STORY)
    step = len(words) // 6
    length = len(words) - 2 * step  # three windows over the story, each overlapping the next by 2/3
    sets = [shingle_hashes(words[start : start + length]) for start in (0, step, 2 * step)]
    assert jaccard(sets[0], sets[1]) >= 0.5 and jaccard(sets[1], sets[2]) >= 0.5 > jaccard(sets[0], sets[2])
    articles = [ArticleText(name, "", name.encode(), shingles) for name, shingles in zip("xyz", sets)]
    copies = find_copies(articles, 0.5)
    assert [(copy.article_id, copy.kept_id) for copy in copies] == [("y", "x"), ("z", "x")]


def test_results_do_not_depend_on_input_order_or_runs() -> None:
    texts = {
        "agency": (AGENCY_STORY, "2024-03-02"),
        "headline": (NEW_HEADLINE, "2024-03-02"),
        "dateline": (WITH_DATELINE, "2024-03-02"),
        "edited": (EDITED, "2024-03-02"),
        "other": (OTHER_STORY, "2024-03-02"),
    }
    articles = [
        ArticleText(name, published, text.encode(), shingles_of(text)) for name, (text, published) in texts.items()
    ]
    expected = find_copies(articles, 0.6)
    assert {copy.kept_id for copy in expected} == {"agency"}  # equal dates: the smallest id
    for order in itertools.permutations(articles):
        assert find_copies(list(order), 0.6) == expected


def test_clean_corpus_gives_the_same_tables_twice(tmp_path) -> None:
    write(tmp_path, agency=AGENCY_STORY, headline=NEW_HEADLINE, dateline=WITH_DATELINE, edited=EDITED)
    first, second = clean_corpus(tmp_path), clean_corpus(tmp_path)
    for a, b in zip(first, second):
        assert a.to_csv() == b.to_csv()


def test_shingle_hashes_give_the_jaccard_of_the_word_shingles() -> None:
    def reference(words: list[str]) -> set[str]:
        count = max(len(words) - SHINGLE_WORDS + 1, 1)
        return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(count)} if words else set()

    for a, b in itertools.combinations([AGENCY_STORY, NEW_HEADLINE, WITH_DATELINE, EDITED, OTHER_STORY], 2):
        wa, wb = reference(words_of(a)), reference(words_of(b))
        assert jaccard(shingles_of(a), shingles_of(b)) == pytest.approx(len(wa & wb) / len(wa | wb), abs=1e-9)
    assert len(shingle_hashes(["كلمة", "واحدة"])) == 1 and len(shingle_hashes([])) == 0
    changed_last = words_of(AGENCY_STORY)[:-1] + ["أخرى"]  # every word of a shingle counts, the last too
    assert len(np.setdiff1d(shingles_of(AGENCY_STORY), shingle_hashes(changed_last))) == 1


def test_lsh_finds_every_pair_that_brute_force_finds() -> None:
    rng = random.Random(7)
    base = words_of(AGENCY_STORY + OTHER_STORY)
    vocabulary = sorted(set(base))
    texts = []
    for _ in range(40):  # variants with 0 to 30 % of the words replaced
        words = list(base)
        for position in rng.sample(range(len(words)), rng.randint(0, len(words) * 3 // 10)):
            words[position] = rng.choice(vocabulary)
        texts.append(shingle_hashes(words))
    for threshold in (0.5, 0.6, 0.8):
        brute = [
            (i, j, jaccard(texts[i], texts[j]))
            for i, j in itertools.combinations(range(len(texts)), 2)
            if jaccard(texts[i], texts[j]) >= threshold
        ]
        assert brute and near_duplicate_pairs(texts, threshold) == brute


def test_lsh_bands_propose_a_pair_at_the_threshold_almost_surely() -> None:
    for threshold in (0.3, 0.6, 0.9, 1.0):
        bands, rows = lsh_bands(threshold)
        assert bands >= 2 and 1 - (1 - threshold**rows) ** bands >= 0.99


@pytest.mark.parametrize("threshold", [0, -0.5, 1.01, 2])
def test_an_invalid_threshold_is_a_params_error_naming_the_key(threshold: float) -> None:
    with pytest.raises(ParamsError, match="'near_duplicate_threshold' = .* must be > 0.0 and <= 1.0"):
        validate_params(load_params() | {"near_duplicate_threshold": threshold})
    with pytest.raises(ValueError, match="threshold must be > 0 and <= 1"):
        near_duplicate_pairs([], threshold)


def test_a_threshold_of_one_is_valid() -> None:
    assert validate_params(load_params() | {"near_duplicate_threshold": 1})["near_duplicate_threshold"] == 1


def test_band_keys_computed_where_articles_are_read_give_the_same_copies(tmp_path) -> None:
    """The clean tasks send band keys, not shingles: find_copies asks for the candidates'
    shingles only, and finds the same copies."""
    texts = {
        "agency": AGENCY_STORY,
        "headline": NEW_HEADLINE,
        "dateline": WITH_DATELINE,
        "edited": EDITED,
        "other": OTHER_STORY,
        "again": AGENCY_STORY,
    }
    articles = [ArticleText(name, "2024-03-02", text.encode(), shingles_of(text)) for name, text in texts.items()]
    keys = band_keys([article.shingles for article in articles], *lsh_bands(0.6))
    light = [replace(article, shingles=np.empty(0, np.uint32), band_keys=key) for article, key in zip(articles, keys)]
    asked: list[str] = []

    def load(article_ids):
        asked.extend(article_ids)
        return {article.article_id: article.shingles for article in articles if article.article_id in article_ids}

    assert find_copies(light, 0.6, load) == find_copies(articles, 0.6)
    assert "other" not in asked and len(asked) == len(set(asked)) == 4  # one per distinct text of a candidate pair
