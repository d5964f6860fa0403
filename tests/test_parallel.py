"""The clean stage's per-article work as Dask tasks: the same bytes in one process and on
two local worker processes, whatever the partitioning."""

from __future__ import annotations

import io
import os

import dask
import pandas as pd
import pytest

from analysis.clean.partitions import clean_corpus
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
