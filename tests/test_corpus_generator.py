"""The 10x corpus generator of the archive-scale benchmark (benchmarks/large_corpus.py), on a tiny
made-up corpus of two ZIPs: same bytes on every run, unique ids, copies that are no
near-duplicates, the outlet's furniture kept in place."""

from __future__ import annotations

import importlib.util
import json
import random
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from analysis.clean.near_duplicates import near_duplicate_pairs
from analysis.config.params import SAUDINEWSNET_FIELDS
from analysis.config.paths import REPO_ROOT
from analysis.corpus.reading import read_corpus

spec = importlib.util.spec_from_file_location("large_corpus", REPO_ROOT / "benchmarks" / "large_corpus.py")
large_corpus = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = large_corpus  # dataclasses look their module up
spec.loader.exec_module(large_corpus)

WORDS = (
    "الحكومة الوزارة المواطنين القرار الجديد المشروع التعليم الصحة المدينة الرياض جدة الاقتصاد السوق النفط "
    "الأسعار المياه الطرق المستشفى الجامعة الطلاب المعلمين الشباب الرياضة النادي المباراة الفريق الموسم "
    "المجلس الأمير الملك المنطقة الخدمات البلدية المشاريع التنمية الاستثمار الشركات البنوك الميزانية العام "
    "أعلن أكد أوضح قال أشار افتتح استقبل وافق قرر بدأ أطلق ناقش تابع زار دعا طالب حذر كشف نفى"
).split()
FURNITURE = "تابعونا على تويتر وفيسبوك"
OUTLETS = ("alpha", "beta")
COPIES = 4


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14))) + "."


def make_corpus(folder: Path) -> Path:
    """Two ZIPs (two days) of 30 articles each, 15 per outlet; every alpha article ends with
    the outlet's furniture line, some articles are one long paragraph."""
    rng = random.Random(7)
    folder.mkdir()
    for day in ("2015-07-21", "2015-07-22"):
        records = []
        for number in range(30):
            outlet = OUTLETS[number % 2]
            lines = [" ".join(sentence(rng) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 5))]
            if outlet == "alpha":
                lines.append(FURNITURE)
            records.append(
                {
                    "source": outlet,
                    "url": f"http://{outlet}.example/{day}/{number}",
                    "date_extracted": f"{day} 10:00:00",
                    "title": " ".join(rng.choice(WORDS) for _ in range(5)),
                    "author": "",
                    "content": "\n".join(lines),
                }
            )
        records.append(
            {
                "source": "beta",
                "url": "",
                "date_extracted": f"{day} 11:00:00",
                "title": "t",
                "author": "",
                "content": "",
            }
        )
        with zipfile.ZipFile(folder / f"{day}.zip", "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"{day}.json", json.dumps(records, ensure_ascii=False))
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, Path]:
    """The made-up corpus and its generated 4x version."""
    root = tmp_path_factory.mktemp("generator")
    source = make_corpus(root / "corpus")
    out = root / "large"
    large_corpus.generate(source, out, COPIES, seed=1, min_repeats=20)
    return source, out


def records_by_file(folder: Path) -> dict[str, list[dict]]:
    return {
        path.name: [record for _, records in large_corpus.read_members(path) for record in records]
        for path in sorted(folder.glob("*.zip"))
    }


def test_the_same_input_gives_the_same_bytes(corpus, tmp_path) -> None:
    source, out = corpus
    again = tmp_path / "again"
    large_corpus.generate(source, again, COPIES, seed=1, min_repeats=20)
    names = sorted(path.name for path in out.iterdir())
    assert names == sorted(path.name for path in again.iterdir())
    assert len(names) == 2 * COPIES and "2015-07-21-copy03.zip" in names
    for name in names:
        assert (out / name).read_bytes() == (again / name).read_bytes(), name
    other = tmp_path / "other-seed"
    large_corpus.generate(source, other, COPIES, seed=2, min_repeats=20)
    assert (other / "2015-07-21-copy01.zip").read_bytes() != (out / "2015-07-21-copy01.zip").read_bytes()


def test_the_loader_reads_every_copy_with_a_unique_id(corpus) -> None:
    source, out = corpus
    originals = list(read_corpus(source, fields=SAUDINEWSNET_FIELDS))
    articles = list(read_corpus(out, fields=SAUDINEWSNET_FIELDS))
    assert len(articles) == COPIES * len(originals) == COPIES * 62
    ids = [article.article_id for article in articles]
    assert len(set(ids)) == len(ids)
    assert "2015-07-22-copy02-00005" in ids
    assert len([article for article in articles if article.problem]) == COPIES * 2  # the empty records, in every copy


def test_copies_keep_the_fields_and_the_furniture_but_not_the_text(corpus) -> None:
    source, out = corpus
    generated = records_by_file(out)
    for name, originals in records_by_file(source).items():
        for copy in range(1, COPIES):
            copies = generated[large_corpus.copy_name(name, copy)]
            assert len(copies) == len(originals)
            for original, record in zip(originals, copies):
                for field in ("source", "date_extracted", "title", "author"):
                    assert record[field] == original[field]
                if not original["content"]:
                    assert record == original
                    continue
                assert record["content"] != original["content"]
                assert record["content"].count("\n") == original["content"].count("\n")
                if record["source"] == "alpha":
                    assert record["content"].endswith("\n" + FURNITURE)


def test_each_copy_uses_every_word_of_each_outlet_once(corpus) -> None:
    source, out = corpus
    generated = records_by_file(out)

    def words(records: list[dict]) -> dict[str, Counter]:
        counts: dict[str, Counter] = {outlet: Counter() for outlet in OUTLETS}
        for record in records:
            counts[record["source"]].update(record["content"].split())
        return counts

    originals = [record for records in records_by_file(source).values() for record in records]
    for copy in range(1, COPIES):
        copies = [record for name in sorted(generated) if f"-copy{copy:02d}." in name for record in generated[name]]
        assert words(copies) == words(originals)


def test_no_version_is_a_near_duplicate_of_another(corpus) -> None:
    _, out = corpus
    texts = [
        large_corpus.article_shingles(record)
        for records in records_by_file(out).values()
        for record in records
        if record["content"]
    ]
    assert len(texts) == COPIES * 60
    assert near_duplicate_pairs(texts, 0.6) == []


def test_the_output_must_be_an_empty_folder_outside_the_repository(corpus, tmp_path, capsys) -> None:
    source, out = corpus
    assert large_corpus.main([str(source), str(out)]) == 2
    assert "not an empty folder" in capsys.readouterr().err
    assert large_corpus.main([str(source), str(REPO_ROOT / "data" / "large")]) == 2
    assert "inside the repository" in capsys.readouterr().err
    assert not (REPO_ROOT / "data" / "large").exists()
