"""Who speaks (analysis.frames.actors): attributions, actor types, the cross-table."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.frames.actors import ACTOR_TYPES, actors_by_frame, find_attributions
from analysis.pipeline.outputs import read_csv
from tests.conftest import PROCESSED_DIR


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "من جهتها، استعرضت الدكتورة إيمان قنديلي، طبيبة نفسية وأستاذة بجامعة محمد السادس، تحديات",
            [("استعرض", "الدكتورة إيمان قنديلي", "health professional")],
        ),
        (
            "وفي هذا السياق، شدد الوزير محمد المهدي بنسعيد على أهمية احترام حرية التعبير",
            [("شدد", "الوزير محمد المهدي بنسعيد", "government")],
        ),
        ("أكدت منصة تيك توك خلال القمة على التزامها", [("اكد", "منصة تيك توك", "platform")]),
        (
            "وأكدت ملاك جعفر، المسؤولة عن الشراكات بمنطقة الشرق الأوسط لدى تيك توك، على أهمية الأدوات",
            [("اكد", "ملاك جعفر", "platform")],
        ),
        ("وقال المتحدث باسم الشرطة إن التحقيق مستمر", [("قال", "المتحدث باسم الشرطة", "security services")]),
        ("وأوضح أن المركز أطلق مجموعة من المنصات", []),  # implicit subject
        ("واستعرضت تجارب ناجحة لتعزيز الصحة النفسية عبر منصات", []),  # the verb's object, not a speaker
    ],
)
def test_find_attributions(sentence: str, expected: list[tuple[str, str, str]]) -> None:
    assert find_attributions(sentence) == expected


def test_a_name_keeps_the_type_it_had_earlier_in_the_article() -> None:
    known: dict[str, str] = {}
    find_attributions("استعرض المهندس جبر راشد النعيمي مدير مركز الاستشارات العائلية تجربة المركز", known)
    assert find_attributions("وأكد النعيمي أن هذه الخطوة تعكس رؤية وطنية", known) == [
        ("اكد", "النعيمي", "civil society")
    ]
    assert find_attributions("وأكد النعيمي أن هذه الخطوة تعكس رؤية وطنية") == [("اكد", "النعيمي", "other")]


def test_actors_by_frame_has_every_type_and_column() -> None:
    actors = pd.DataFrame(
        {
            "actor_type": ["government", "government", "health professional"],
            "mental_health": [False, True, True],
            "regulation": [True, True, False],
        }
    )
    table = actors_by_frame(actors)
    assert list(table.index) == list(ACTOR_TYPES)
    assert table.loc["government"].tolist() == [0, 1, 1, 0, 2]
    assert table.loc["health professional", "MH only"] == 1


def test_committed_actors_are_typed() -> None:
    actors = read_csv(PROCESSED_DIR / "actors.csv")
    assert set(actors["actor_type"]) <= set(ACTOR_TYPES)
    assert {"government", "health professional", "platform", "civil society"} <= set(actors["actor_type"])


def test_sentence_attributions_equal_one_sentence_at_a_time() -> None:
    from analysis.frames.actors import find_sentence_attributions
    from analysis.text.arabic import normalize, tokenize

    articles = [
        (
            "a1",
            [
                "استعرض المهندس جبر راشد النعيمي مدير مركز الاستشارات العائلية تجربة المركز",
                "وتحدث التقرير عن المنصات",
                "وأكد النعيمي أن هذه الخطوة تعكس رؤية وطنية",
            ],
        ),
        ("a2", ["وأكد النعيمي أن هذه الخطوة تعكس رؤية وطنية", "أكدت منصة تيك توك خلال القمة على التزامها"]),
    ]
    expected = []
    for article_id, texts in articles:
        known: dict[str, str] = {}
        for sentence_id, text in enumerate(texts, start=1):
            expected += [(article_id, sentence_id, *found) for found in find_attributions(text, known)]
    rows = [
        (article_id, sentence_id, text)
        for article_id, texts in articles
        for sentence_id, text in enumerate(texts, start=1)
    ]
    article_ids, sentence_ids, texts = map(list, zip(*rows))
    found = find_sentence_attributions(article_ids, sentence_ids, texts, [tokenize(normalize(text)) for text in texts])
    assert found == expected
    assert ("a2", 1, "اكد", "النعيمي", "other") in found  # a name's type does not carry over to another article
