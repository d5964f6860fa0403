"""The clean stage's per-article work as Dask tasks: the same bytes in one process and on
two local worker processes, whatever the partitioning."""

from __future__ import annotations

import io
import json
import os
import random

import dask
import pandas as pd
import pytest

from analysis.clean.partitions import clean_corpus, input_pieces, write_clean_tables
from analysis.config.params import SAUDINEWSNET_FIELDS
from analysis.config.paths import REPO_ROOT, SAUDINEWSNET_DIR
from analysis.pipeline.parallel import (
    AUTO_MIN_PARTITIONS,
    PROFILE_SETTING,
    START_METHOD_SETTING,
    TASKS_PER_WORKER,
    WORKERS_SETTING,
    ExecutionSettingError,
    dask_client,
    group_files,
    local_worker_config,
    local_workers,
    map_partitions,
)
from tests import fixture_corpus

MAX_BYTES = 2_000_000


def csv_bytes(tables) -> list[bytes]:
    """The three tables as the bytes a CSV writer gives (what the stage commits)."""
    out = []
    for table in tables:
        buffer = io.StringIO()
        table.to_csv(buffer, index=False, lineterminator="\n")
        out.append(buffer.getvalue().encode("utf-8"))
    return out


@pytest.fixture(scope="module")
def two_workers():
    """A scheduler and two worker processes (one thread each) on this machine; the tasks of
    ``clean_corpus`` go there while the fixture lasts (Dask config ``scheduler-address``)."""
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
        ) as cluster,
        dask.config.set({"scheduler-address": cluster.scheduler_address}),
    ):
        yield cluster


def square(number: int, offset: int) -> int:
    return number * number + offset


def test_results_come_back_in_partition_order_in_process_and_on_workers(two_workers) -> None:
    expected = [n * n + 7 for n in range(40)]
    assert list(map_partitions(square, range(40), None, offset=7)) == expected
    with dask_client(40) as client:
        assert client is not None and len(client.nthreads()) == 2
        assert list(map_partitions(square, range(40), client, offset=7)) == expected


def test_partitions_are_read_only_a_few_ahead_of_the_results(two_workers) -> None:
    """An iterator of partitions (chunks of a large table) is never read whole: at most
    TASKS_PER_WORKER per worker thread are in flight."""
    pulled = []

    def partitions():
        for number in range(30):
            pulled.append(number)
            yield number

    with dask_client(30) as client:
        results = map_partitions(square, partitions(), client, offset=0)
        assert next(results) == 0
        assert len(pulled) <= TASKS_PER_WORKER * 2
        assert list(results) == [n * n for n in range(1, 30)]


@pytest.mark.parametrize(
    ("setting", "partitions", "workers"),
    [
        (None, 1, 1),
        (None, AUTO_MIN_PARTITIONS - 1, 1),
        ("auto", 100, min(os.cpu_count() or 1, 100)),
        ("1", 100, 1),
        (3, 2, 3),
    ],
)
def test_local_workers_follow_the_dask_setting(setting, partitions, workers) -> None:
    with dask.config.set({"scheduler-address": None, WORKERS_SETTING: setting}):
        assert local_workers(partitions) == workers


@pytest.mark.parametrize("setting", ["0", "many", -2])
def test_a_bad_workers_setting_is_an_error_naming_the_fix(setting, monkeypatch) -> None:
    monkeypatch.setenv("DASK_TIKTOK_FRAMING__WORKERS", str(setting))
    dask.config.refresh()
    try:
        with pytest.raises(ExecutionSettingError) as error:
            local_workers(10)
    finally:
        monkeypatch.delenv("DASK_TIKTOK_FRAMING__WORKERS")
        dask.config.refresh()
    assert "DASK_TIKTOK_FRAMING__WORKERS" in str(error.value) and str(setting) in str(error.value)


def test_local_workers_are_forked_without_the_profiler_unless_set() -> None:
    method, profile = "distributed.worker.multiprocessing-method", "distributed.worker.profile.enabled"
    with dask.config.set({START_METHOD_SETTING: None, PROFILE_SETTING: None}):
        assert local_worker_config() == {method: "fork", profile: False}
    with dask.config.set({START_METHOD_SETTING: "spawn", PROFILE_SETTING: True}):
        assert local_worker_config() == {method: "spawn", profile: True}
    with dask.config.set({START_METHOD_SETTING: "threads"}), pytest.raises(ExecutionSettingError, match="START_METHOD"):
        local_worker_config()
    with dask.config.set({PROFILE_SETTING: "yes please"}), pytest.raises(ExecutionSettingError, match="PROFILE"):
        local_worker_config()


def test_files_are_grouped_in_order_by_size(tmp_path) -> None:
    files = []
    for index, size in enumerate([5, 5, 10, 1, 1]):
        path = tmp_path / f"{index}.txt"
        path.write_bytes(b"x" * size)
        files.append(path)
    groups = group_files(files, 10)
    assert groups == [files[:2], files[2:3], files[3:]]
    assert [path for group in group_files(files, 1) for path in group] == files


def run_clean(raw_path, **options):
    """Clean in this process, whatever cluster a fixture has set up."""
    with dask.config.set({"scheduler-address": None, WORKERS_SETTING: 1}):
        return csv_bytes(clean_corpus(raw_path, **options))


def test_five_articles_same_bytes_on_two_workers(two_workers) -> None:
    raw = REPO_ROOT / "data" / "raw"
    options = {"max_bytes": MAX_BYTES, "min_repeats": 20}
    in_process = run_clean(raw, **options)
    one_per_task = csv_bytes(clean_corpus(raw, partition_bytes=1, **options))
    assert one_per_task == in_process
    articles = pd.read_csv(io.BytesIO(in_process[0]), keep_default_na=False)
    assert len(articles) == 5 and set(articles["status"]) == {"ok"}


def test_bad_input_same_bytes_on_two_workers(tmp_path, two_workers) -> None:
    """Repeated ids, metadata rows without a file and rejected files across partitions:
    the corpus-level steps give what the in-process run gives."""
    raw = fixture_corpus.build(tmp_path / "raw")
    record = '{"title": "عنوان الخبر", "content": "نص الخبر عن وسائل التواصل الاجتماعي والصحة النفسية."}'
    (raw / "same-stem.json").write_text(f"[{record}]", encoding="utf-8")  # id same-stem-00001 ...
    (raw / "same-stem.jsonl").write_text(record + "\n", encoding="utf-8")  # ... again, in the next partition
    in_process = run_clean(raw, max_bytes=MAX_BYTES)
    assert csv_bytes(clean_corpus(raw, max_bytes=MAX_BYTES, partition_bytes=1)) == in_process
    assert "already used by" in in_process[0].decode("utf-8")


@pytest.mark.skipif(not SAUDINEWSNET_DIR.is_dir(), reason="SaudiNewsNet is not on this machine")
def test_saudinewsnet_slice_same_bytes_on_two_workers(tmp_path, two_workers) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("2015-07-23.zip", "2015-08-01.zip"):  # the two smallest days, linked, not copied
        (raw / name).symlink_to(SAUDINEWSNET_DIR / name)
    options = {"fields": SAUDINEWSNET_FIELDS, "max_bytes": MAX_BYTES, "min_repeats": 20}
    in_process = run_clean(raw, **options)
    assert csv_bytes(clean_corpus(raw, partition_bytes=1, **options)) == in_process
    statuses = pd.read_csv(io.BytesIO(in_process[0]), keep_default_na=False)["status"].value_counts()
    assert statuses["ok"] > 1000 and statuses["near_duplicate"] > 0


ARCHIVE_FIELDS = {"id": "id", "title": "title", "content": "content", "outlet": "outlet", "date": "date", "author": ""}
ARCHIVE_WORDS = (
    "الوزير المنصات الشباب الصحة النفسية القانون الحكومة المدارس الأسر الهاتف الإعلان الشركة "
    "المحكمة البرلمان الجامعة الأطباء الدراسة الأطفال الرقابة المحتوى الخبراء الشرطة الملايين"
).split()


def archive_story(number: int) -> str:
    """Two lines of words drawn for ``number``: unlike every other story's."""
    words = random.Random(number).choices(ARCHIVE_WORDS, k=24)
    return " ".join(words[:12]) + ".\n" + " ".join(words[12:]) + "."


def archive_line(article_id: str, number: int, ending: str = "\n", extra: str = "") -> str:
    record = {"id": article_id, "title": f"خبر {number}", "outlet": "وكالة", "date": "2024-05-01"}
    record["content"] = archive_story(number) + extra + "\nتابعونا على منصات التواصل"  # furniture
    return json.dumps(record, ensure_ascii=False) + ending


def test_a_json_lines_file_cleaned_in_line_ranges_same_bytes_on_two_workers(tmp_path, two_workers) -> None:
    """A JSON-lines file larger than a partition is cleaned in ranges of its lines, on two
    workers: every table has the bytes of the file cleaned whole in one process; rows name
    the lines of the file."""
    raw = tmp_path / "raw"
    raw.mkdir()
    post = "\nنص المنشور الأول\n— حساب (@account_1) 1 مايو 2022"
    lines = [archive_line("a1", 1), "\n", archive_line("a2", 2, "\r\n"), '{"id": "bad", "content": نص}\n', " \t\n"]
    lines += [archive_line(f"a{n}", n, extra=post if n == 5 else "") for n in range(3, 21)]
    lines += [archive_line("a2", 21), '{"id": "a21", "content": ]\n', archive_line("a22", 4), "\n\n"]
    lines.append(archive_line("a23", 23, ""))  # no final newline
    (raw / "archive.jsonl").write_text("".join(lines), encoding="utf-8", newline="")
    (raw / "later.json").write_text(f"[{archive_line('a24', 24, '')}]", encoding="utf-8")  # a list: whole
    options = {"fields": ARCHIVE_FIELDS, "max_bytes": MAX_BYTES, "min_repeats": 3}
    edge = len(lines[0].encode("utf-8"))  # the first cut falls on the first line's end
    pieces = input_pieces([raw / "archive.jsonl", raw / "later.json"], edge)
    assert len(pieces) > 10 and pieces[1].part.start == edge and pieces[-1].part is None
    with dask.config.set({"scheduler-address": None, WORKERS_SETTING: 1}):
        write_clean_tables(raw, tmp_path / "whole", partition_bytes=10**9, **options)
    write_clean_tables(raw, tmp_path / "ranges", partition_bytes=edge, **options)
    written = sorted(path.name for path in (tmp_path / "whole").iterdir())
    assert len(written) == 5 and written == sorted(path.name for path in (tmp_path / "ranges").iterdir())
    for name in written:
        assert (tmp_path / "ranges" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes(), name
    articles = pd.read_csv(tmp_path / "whole" / "articles.csv", dtype=str, keep_default_na=False)
    table = articles.set_index("article_id")
    assert table.loc["archive-00003", "source_file"].endswith("archive.jsonl#3 (line 4)")
    assert table.loc["archive-00023", "source_file"].endswith("archive.jsonl#23 (line 25)")
    assert table.loc[f"a2@{table.loc['a2', 'source_file'][:-1]}22", "reason"].startswith("id 'a2' already used by")
    assert table.loc["a4", ["status", "duplicate_of"]].tolist() == ["duplicate", "a22"]  # a22 < a4
    assert articles["article_id"].tolist()[-2:] == ["a23", "a24"]
    removed = pd.read_csv(tmp_path / "whole" / "removed_lines.csv", dtype=str, keep_default_na=False)
    assert set(removed["rule"]) >= {"repeated_line", "embedded_post"}
