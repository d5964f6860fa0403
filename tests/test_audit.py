"""The dictionary audited in context (analysis.frames.audit)."""

from __future__ import annotations

import pandas as pd

from analysis.frames.audit import indicator_audit, keyword_in_context
from analysis.frames.lexicon import default_lexicon

SENTENCES = pd.DataFrame(
    {
        "article_id": ["a", "a", "b"],
        "sentence_id": [1, 2, 1],
        "text": [
            "أكد الطبيب أن الصحة النفسية للشباب تتأثر بالتنمر على المنصات",
            "شارك في تنظيم المهرجان عدد من الفنانين",  # تنظيم "organizing an event": an exclusion
            "وطالب النواب بقانون يجرم التشهير عبر تيك توك",
        ],
    }
)


def test_kwic_shows_each_match_with_the_words_around_it() -> None:
    kwic = keyword_in_context(SENTENCES, window=3)
    first = kwic.iloc[0]
    assert (first["frame"], first["term"], first["article_id"], first["sentence_id"]) == (
        "mental_health",
        "صحه نفسيه",
        "a",
        1,
    )
    assert (
        first["before"] == "أكد الطبيب أن"
        and first["match"] == "الصحة النفسية"
        and first["after"] == "للشباب تتأثر بالتنمر"
    )
    assert first["context"] == "أكد الطبيب أن ⟦الصحة النفسية⟧ للشباب تتأثر بالتنمر"
    assert set(kwic["term"]) >= {"صحه نفسيه", "تنمر", "تشهير"}
    assert not (kwic["article_id"].eq("a") & kwic["sentence_id"].eq(2)).any()  # the exclusion holds, as in coding


def test_kwic_can_be_limited_to_terms() -> None:
    assert set(keyword_in_context(SENTENCES, terms=["تشهير"])["term"]) == {"تشهير"}


def test_audit_lists_every_indicator_with_counts_shares_and_precision() -> None:
    lexicon = default_lexicon()
    kwic = keyword_in_context(SENTENCES, lexicon)
    hand = pd.DataFrame({"article_id": ["a", "b"], "sentence_id": [1, 1], "hand_mental_health": [True, False]})
    audit = indicator_audit(kwic, lexicon, hand, seed=7)
    assert len(audit) == sum(len(frame.indicators) for frame in lexicon.frames)
    row = audit.set_index("term").loc["صحه نفسيه"]
    assert (row["n_matches"], row["n_sentences"], row["n_articles"], row["n_hand_coded"]) == (1, 1, 1, 1)
    assert row["precision"] == 1.0 and "⟦الصحة النفسية⟧" in row["contexts"]
    mh = audit[audit["frame"] == "mental_health"]
    assert abs(mh["share_of_frame"].sum() - 1) < 1e-9
    assert (
        audit.set_index("term").loc["تشهير", "precision"] != audit.set_index("term").loc["تشهير", "precision"]
    )  # no hand codes for REG
    unmatched = audit[audit["n_matches"] == 0]
    assert (unmatched["contexts"] == "").all() and len(unmatched) > 0


def test_context_sample_is_seeded_and_independent_of_other_terms() -> None:
    texts = [f"تحدث الخبير رقم {i} عن الصحة النفسية على تويتر" for i in range(20)]
    sentences = pd.DataFrame({"article_id": [f"x{i:02d}" for i in range(20)], "sentence_id": 1, "text": texts})
    kwic = keyword_in_context(sentences)
    first = indicator_audit(kwic, seed=3).set_index("term").loc["صحه نفسيه", "contexts"]
    again = indicator_audit(kwic, seed=3).set_index("term").loc["صحه نفسيه", "contexts"]
    other = indicator_audit(kwic, seed=4).set_index("term").loc["صحه نفسيه", "contexts"]
    assert first == again and first != other and first.count("‖") == 4
