"""Furniture repeated across a corpus (rule repeated_line): lines and first/last-line openings per outlet."""

from __future__ import annotations

import csv
import random
from collections import Counter
from pathlib import Path

from analysis.clean.partitions import clean_corpus
from analysis.clean.repeated import RepeatedFurniture, find_repeated_furniture, outlet_group, prune
from analysis.text.arabic import normalize

BAR = "زوروا موقعنا الجديد وحملوا النسخة الرقمية"  # a template's bar, glued to the first sentence
CONTACT = "للتواصل مع المحرر أرسل رسالة إلى الرقم 88548"  # a template's line
WIRE = "بعث خادم الحرمين الشريفين برقية تهنئة"  # a wire opening many outlets print
TITLES = ["مشروع طرق", "حديقة عامة", "مستشفى جديد", "مدرسة نموذجية", "سوق شعبي", "ملعب رياضي"]
OPENINGS = ["أعلنت", "كشفت", "أكدت", "ذكرت", "قالت", "افتتح", "وقع", "استقبل"]


def write_corpus(folder: Path, articles: list[tuple[str, str, str]]) -> None:
    """``articles``: (article_id, outlet, text)."""
    folder.mkdir()
    for article_id, _, text in articles:
        (folder / f"{article_id}.txt").write_text(text, encoding="utf-8")
    with (folder / "metadata.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["article_id", "outlet", "outlet_country", "place", "published", "agency", "author", "note"])
        for article_id, outlet, _ in articles:
            writer.writerow([article_id, outlet, "", "", "", "", "", ""])


def outlet_a(index: int) -> str:
    return (
        f"{TITLES[index]} في المدينة\n"
        f"{BAR} {OPENINGS[index]} الجهة المختصة عن مشروع جديد رقم {index} في المدينة.\n"
        f"وقال المسؤول إن العمل يبدأ الشهر المقبل في الموقع {index}.\n"
        f"{CONTACT}\n"
    )


def outlet_b(index: int) -> str:
    return f"خبر ثان رقم {index}\n{WIRE} {OPENINGS[index]} إلى رئيس الدولة رقم {index}.\nوقال البيان إن الزيارة مهمة.\n"


def test_repeated_lines_and_glued_openings_of_one_outlet_are_removed(tmp_path) -> None:
    folder = tmp_path / "raw"
    articles = [(f"a{index}", "صحيفة أ", outlet_a(index)) for index in range(6)]
    articles += [(f"b{index}", "صحيفة ب", outlet_b(index)) for index in range(3)]
    articles += [(f"c{index}", "صحيفة أ", outlet_b(index + 3)) for index in range(3)]  # the wire in outlet A too
    write_corpus(folder, articles)
    table, sentences, removed = clean_corpus(folder, min_repeats=3)
    repeated = removed[removed["rule"] == "repeated_line"]
    assert set(repeated.loc[repeated["text"] == CONTACT, "article_id"]) == {f"a{index}" for index in range(6)}
    assert set(repeated.loc[repeated["text"] == BAR, "article_id"]) == {f"a{index}" for index in range(6)}
    body = dict(zip(table["article_id"], table["body"]))
    assert body["a0"].startswith(f"{OPENINGS[0]} الجهة المختصة")  # the sentence after the bar stays
    assert WIRE in body["b0"] and WIRE in body["c0"]  # printed by two outlets: not one outlet's furniture
    assert not repeated["text"].str.startswith("وقال").any()  # a recurring word of real text is never cut
    assert len(repeated) == 12


def test_without_min_repeats_nothing_is_removed_as_repeated(tmp_path) -> None:
    folder = tmp_path / "raw"
    write_corpus(folder, [(f"a{index}", "صحيفة أ", outlet_a(index)) for index in range(6)])
    _, _, removed = clean_corpus(folder)
    assert "repeated_line" not in set(removed["rule"])


def test_duplicated_articles_count_once() -> None:
    text = outlet_a(0)
    counts = find_repeated_furniture([("صحيفة أ", text)] * 5, min_repeats=2)
    assert not counts.is_repeated_line("صحيفة أ", CONTACT)
    counts = find_repeated_furniture([("صحيفة أ", outlet_a(index)) for index in range(2)], min_repeats=2)
    assert counts.is_repeated_line("صحيفة أ", CONTACT)


def test_unknown_outlet_counts_over_the_whole_corpus() -> None:
    counts = find_repeated_furniture([("", outlet_a(index)) for index in range(4)], min_repeats=4)
    assert counts.is_repeated_line("", CONTACT)
    first_line = outlet_a(2).split("\n")[1]
    assert counts.repeated_span("", first_line, "opening") == len(BAR.split())


def test_counting_is_deterministic_and_order_free() -> None:
    texts = [("صحيفة أ", outlet_a(index)) for index in range(6)]
    forward = find_repeated_furniture(texts, min_repeats=3)
    backward = find_repeated_furniture(texts[::-1], min_repeats=3)
    assert forward.lines == backward.lines and forward.spans == backward.spans
    assert forward.continuations == backward.continuations


def test_the_pruned_counts_decide_every_line_as_the_full_counts_do() -> None:
    """Cleaning tasks receive only the counts at or above min_repeats: every decision on
    every line (and on lines of other outlets) is the same as with all the counts."""
    texts = [("صحيفة أ", outlet_a(index)) for index in range(6)] + [("صحيفة ب", outlet_b(index)) for index in range(2)]
    full = RepeatedFurniture(3)
    for outlet, text in texts:
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        full.add(outlet_group(outlet), lines, [normalize(line) for line in lines])
    pruned = prune(full)
    assert len(pruned.spans) < len(full.spans) and len(pruned.lines) < len(full.lines)
    for outlet in ("صحيفة أ", "صحيفة ب", ""):
        for _, text in texts:
            for line in filter(None, (line.strip() for line in text.split("\n"))):
                assert pruned.is_repeated_line(outlet, line) == full.is_repeated_line(outlet, line)
                for side in ("opening", "closing"):
                    assert pruned.repeated_span(outlet, line, side) == full.repeated_span(outlet, line, side)
    assert any(pruned.is_repeated_line("صحيفة أ", line) for line in outlet_a(0).split("\n"))


def test_the_compact_tallies_give_the_counts_of_the_full_counters() -> None:
    """LineTally and SpanTally (arrays) keep exactly what prune keeps of the full counters."""
    texts = [("صحيفة أ", outlet_a(index)) for index in range(6)] + [("صحيفة ب", outlet_b(index)) for index in range(4)]
    texts += texts[:2]  # duplicates count once
    full = RepeatedFurniture(3)
    for outlet, text in texts[:-2]:
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        full.add(outlet_group(outlet), lines, [normalize(line) for line in lines])
    expected, found = prune(full), find_repeated_furniture(texts, min_repeats=3)
    assert found.lines == expected.lines and found.lines
    assert found.line_totals == expected.line_totals
    assert (found.spans, found.span_totals, found.continuations) == (
        expected.spans,
        expected.span_totals,
        expected.continuations,
    )
    assert found.group_sizes == expected.group_sizes == Counter({normalize("صحيفة أ"): 6, normalize("صحيفة ب"): 4})


def test_the_compact_tallies_agree_with_the_full_counters_on_varied_texts() -> None:
    """Seeded texts from a small vocabulary, three outlets (one unknown): many shared
    openings and closings of every length, so counts, totals and continuations all matter."""
    rng = random.Random(7)
    words = ["قال", "الوزير", "إن", "المشروع", "الجديد", "في", "المدينة", "تويتر", "اليوم", "رقم"]
    texts = []
    for index in range(60):
        lines = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 9))) for _ in range(rng.randint(1, 5))]
        texts.append((["صحيفة أ", "صحيفة ب", ""][index % 3], "\n".join(lines)))
    full = RepeatedFurniture(2)
    seen = set()
    for outlet, text in texts:
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        normalized = [normalize(line) for line in lines]
        if "\n".join(normalized) in seen:
            continue
        seen.add("\n".join(normalized))
        full.add(outlet_group(outlet), lines, normalized)
    expected, found = prune(full), find_repeated_furniture(texts, min_repeats=2)
    assert found.spans and found.continuations
    assert (found.lines, found.line_totals, found.spans) == (expected.lines, expected.line_totals, expected.spans)
    assert (found.span_totals, found.continuations) == (expected.span_totals, expected.continuations)
