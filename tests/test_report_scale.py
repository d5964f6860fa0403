"""The report of a corpus above ``report_max_articles``: summaries by outlet and period, a sampled
set of per-article views, a per-outlet corpus table, and a bounded PDF.

A generated corpus (300 articles of 5 outlets over 4 months, seeded) is written as the tables
of the stages clean and select in a temporary copy of the repository; the stages frames and
report then run on it with ``report_max_articles: 20``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.config.tables import ARTICLES, REMOVED_LINES, REVIEW_LINES, SELECTION, SENTENCES
from analysis.frames.validation import sentence_key
from analysis.pipeline.outputs import write_table
from analysis.text.arabic import count_words, normalize
from tests.test_pipeline import VENV_BIN, make_repo_copy, run, set_params

pytestmark = [
    pytest.mark.pipeline,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext, pdfinfo)"),
]

SEED = 20260701
OUTLETS = {"alpha_news": 0.35, "beta_daily": 0.25, "gamma_post": 0.2, "delta_times": 0.12, "epsilon_wire": 0.08}
N_ARTICLES = 300
N_UNDATED = 6
MENTAL_HEALTH = [
    "حذر أطباء من تأثير تيك توك على الصحة النفسية للمراهقين في المدينة رقم {n}",
    "دعا أخصائي نفسي إلى دعم الصحة النفسية للشباب الذين يقضون {n} ساعات أمام الشاشة",
    "أظهرت دراسة أن القلق والاكتئاب يرتبطان بالاستخدام المفرط للمنصات لدى {n} طالبا",
]
REGULATION = [
    "أعلنت الحكومة قانونا جديدا لمكافحة الأخبار الزائفة على المنصات في المادة {n}",
    "أوقفت الشرطة {n} أشخاص بتهمة التشهير عبر مواقع التواصل الاجتماعي",
    "طالب النواب بتفعيل القوانين التي تحمي خصوصية المستخدمين منذ {n} سنوات",
]
NEUTRAL = [
    "شارك في اللقاء {n} من صناع المحتوى والمسؤولين في الشركة",
    "تستمر الفعاليات حتى نهاية الأسبوع بمشاركة {n} زائرا",
    "وقال المتحدث إن المنصة تضم أكثر من {n} مليون مستخدم في المنطقة",
]
TRANSLATED = {
    MENTAL_HEALTH[0]: "Doctors warned of TikTok's effect on the mental health of teenagers in city number {n}",
    REGULATION[0]: "The government announced a new law against fake news on the platforms in article {n}",
}


def generated_tables() -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """The stage tables of clean and select for the generated corpus, and an annotation sheet that
    hand-codes (and translates) a few of its sentences."""
    rng = np.random.default_rng(SEED)
    outlets = rng.choice(list(OUTLETS), size=N_ARTICLES, p=list(OUTLETS.values()))
    days = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 120, size=N_ARTICLES), unit="D")
    articles, sentences, sheet = [], [], []
    for index in range(N_ARTICLES):
        article_id = f"gen-{index + 1:05d}"
        status = "duplicate" if index % 50 == 7 else "near_duplicate" if index % 50 == 8 else "ok"
        status = "rejected" if index % 50 == 9 else status
        lean = rng.choice(["mh", "reg", "mixed", "neutral"], p=[0.25, 0.4, 0.2, 0.15])
        pools = {"mh": MENTAL_HEALTH * 3 + NEUTRAL, "reg": REGULATION * 3 + NEUTRAL}.get(
            lean, MENTAL_HEALTH + REGULATION + NEUTRAL if lean == "mixed" else NEUTRAL
        )
        texts = [
            pools[int(rng.integers(len(pools)))].format(n=int(rng.integers(2, 900)))
            for _ in range(int(rng.integers(3, 9)))
        ]
        published = "" if index < N_UNDATED else days[index].strftime("%Y-%m-%d")
        if status == "ok":
            for number, text in enumerate(texts, start=1):
                sentences.append(
                    {
                        "article_id": article_id,
                        "sentence_id": number,
                        "is_title": number == 1,
                        "line_no": number,
                        "text": text,
                        "text_norm": normalize(text),
                        "n_tokens": count_words(text),
                    }
                )
                template = next((t for t in TRANSLATED if text.startswith(t.split("{n}")[0])), None)
                if template and len(sheet) < 8:
                    n = text[len(template.split("{n}")[0]) :].split()[0]
                    coded = {"mental_health": "yes" if template in MENTAL_HEALTH else "no"}
                    coded["regulation"] = "yes" if template in REGULATION else "no"
                    sheet.append(
                        {
                            "article_id": article_id,
                            "sentence_hash": sentence_key(text),
                            "sentence_id": str(number),
                            "text": text,
                            **coded,
                            "confident": "yes",
                            "reason": "generated",
                            "translation": TRANSLATED[template].format(n=n),
                        }
                    )
        articles.append(
            {
                "article_id": article_id,
                "source_file": f"generated/{outlets[index]}.jsonl",
                "status": status,
                "reason": "" if status == "ok" else f"generated {status}",
                "duplicate_of": "gen-00001" if "duplicate" in status else "",
                "encoding": "utf-8",
                "source_format": "jsonl",
                "outlet": str(outlets[index]),
                "outlet_country": "",
                "place": "",
                "published": published,
                "agency": "",
                "author": "",
                "note": "",
                "title": texts[0] if status == "ok" else "",
                "dateline": "",
                "body": "\n".join(texts[1:]) if status == "ok" else "",
                "n_lines_kept": len(texts) if status == "ok" else 0,
                "n_lines_removed": 0,
                "n_sentences": len(texts) if status == "ok" else 0,
                "n_tokens": sum(count_words(text) for text in texts) if status == "ok" else 0,
            }
        )
    articles = pd.DataFrame(articles)
    relevant = (articles["status"] == "ok") & (np.arange(N_ARTICLES) % 10 != 3)
    selection = pd.DataFrame(
        {
            "article_id": articles["article_id"],
            "relevant": relevant,
            "relevance_terms": np.where(relevant, "تيك توك", ""),
            "reason": np.where(relevant, "generated: relevant", "generated: not relevant"),
        }
    )
    empty_lines = pd.DataFrame({"article_id": [], "line_no": [], "text": [], "rule": []})
    tables = {
        "articles": articles,
        "sentences": pd.DataFrame(sentences),
        "removed_lines": empty_lines,
        "review_lines": empty_lines.rename(columns={"rule": "reason"}),
        "selection": selection,
    }
    return tables, pd.DataFrame(sheet)


@pytest.fixture(scope="module")
def archive_copy(tmp_path_factory) -> Path:
    copy = make_repo_copy(tmp_path_factory.mktemp("archive") / "repo")
    tables, sheet = generated_tables()
    for spec in (ARTICLES, SENTENCES, REMOVED_LINES, REVIEW_LINES, SELECTION):
        write_table(tables[spec.name], spec, copy / "data" / "processed")
    sheet.to_csv(copy / "data" / "annotations" / "generated_sheet.csv", index=False, encoding="utf-8-sig")
    set_params(copy, report_max_articles=20, annotations="data/annotations/generated_sheet.csv")
    params = copy / "params.yaml"
    params.write_text(params.read_text(encoding="utf-8").replace("  date: date\n", "  date: date_extracted\n"))
    for stage in ("frames", "report"):
        run([str(VENV_BIN / "python"), "-m", "analysis.pipeline.stages", stage], copy)
    return copy


def report_text(copy: Path) -> str:
    from tests.test_report import pdf_text

    return pdf_text(copy / "reports" / "framing_report.pdf")


def test_report_shows_summaries_not_every_article(archive_copy: Path) -> None:
    data = json.loads((archive_copy / "reports" / "report_data.json").read_text(encoding="utf-8"))
    n_analysed = data["n_articles_ok"]
    assert n_analysed > 200 and not data["per_article"] and not data["per_file"]
    assert data["corpus"] == []  # no per-file table
    assert 0 < len(data["sample"]) <= 20
    figures = {Path(f["file"]).stem for f in data["figures"]}
    assert {"fig1_framing_index", "fig6_outlet_frames", "fig7_trends", "fig8_sample_shares"} <= figures
    assert not (archive_copy / "reports" / "figures" / "fig1_frame_shares.pdf").exists()  # the five-article figure
    text = report_text(archive_copy)
    assert "five" not in text
    assert f"analysis of {n_analysed} articles" in text


def test_report_has_trend_outlet_and_sample_sections(archive_copy: Path) -> None:
    text = report_text(archive_copy)
    for heading in ("Framing index", "Outlets side by side", "Trends over time", "Sampled articles"):
        assert heading in text, heading
    assert "Periods are calendar months (the parameter trend_period)" in text
    assert "2024-01" in text and "2024-04" in text
    trends = pd.read_csv(archive_copy / "reports" / "tables" / "trends.csv", dtype={"period": str})
    assert set(trends["group"]) >= {"all outlets", "alpha_news"}
    assert "the highest share of sentences carrying it" in text  # the sample's rule, stated


def test_corpus_table_is_a_per_outlet_summary_naming_the_full_lists(archive_copy: Path) -> None:
    text = report_text(archive_copy)
    assert "Near duplicates" in text and "all outlets" in text
    assert f"{N_ARTICLES} input files, all accounted for" in text
    assert "data/processed/articles.csv" in text and "data/processed/selection.csv" in text
    assert "2024-01-" in text  # the outlets' date ranges
    for outlet in OUTLETS:
        assert outlet in text


def test_date_field_is_named_and_undated_articles_counted_and_listed(archive_copy: Path) -> None:
    text = report_text(archive_copy)
    assert "the record field “date_extracted”" in text
    assert "extracted (collected), not when it was published" in text
    undated = pd.read_csv(archive_copy / "reports" / "tables" / "undated.csv")
    assert len(undated) >= 1 and set(undated["reason"]) == {"no date"}
    assert f"{len(undated)} analysed articles have no usable date" in text
    assert undated["article_id"].iloc[0] in text


def test_examples_are_translated_hand_coded_sentences(archive_copy: Path) -> None:
    text = report_text(archive_copy)
    assert "Hand-coded sentences of the annotation sheet" in text
    assert "mental health of teenagers in city number" in text
    assert "new law against fake news" in text


def test_pdf_stays_small(archive_copy: Path) -> None:
    pdf = archive_copy / "reports" / "framing_report.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages < 30
