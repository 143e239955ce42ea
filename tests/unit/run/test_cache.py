from __future__ import annotations

import json
from pathlib import Path

from pipeline.records import (
    CellKey,
    CellValue,
    CheckResult,
    Fact,
    Flag,
    Metadata,
    Method,
    Region,
    ReportResult,
    Status,
    Verdict,
)
from pipeline.run.cache import CACHE_FOLDER, Cache, result_to_data
from pipeline.run.tasks import Task, worker_failed
from tests.conftest import report_result

DIGEST = "ab" + "0" * 62


def _result() -> ReportResult:
    return report_result(
        report_id="ab00000000000000",
        path="dir/report.txt",
        pages=3,
        metadata=Metadata(title="某县2023年政府信息公开工作年度报告", year=2023),
        status=Status.PARTIAL,
        message="1 rows missing: t3.r1",
        cells=(
            CellValue(
                table="t4",
                row="r1",
                col="review_total",
                value=3.0,
                raw="3",
                row_label="行政复议",
                score=97.5,
                page=2,
                box=(1.0, 2.0, 3.0, 4.0),
                reread="8",
                flag=Flag.UNIT_CONVERTED,
            ),
        ),
        checks=(
            CheckResult(
                "t4_total",
                "review",
                3.0,
                4.0,
                False,
                verdict=Verdict.CHECK,
                cells=(CellKey("t4", "r1", "a"),),
            ),
        ),
        method="text",
        seconds=0.5,
        facts=(Fact("applications", 5.0, "件", "共收到申请5件"),),
        region=Region(province="四川省", level="county"),
    )


def test_the_cache_folder_name() -> None:
    assert CACHE_FOLDER == ".ogi-cache"


def test_a_result_put_is_got_back_whole(tmp_path: Path) -> None:
    cache = Cache(tmp_path, "key1")
    cache.put(DIGEST, _result())
    assert cache.get(DIGEST) == _result()


def test_the_closed_sets_come_back_as_their_types(tmp_path: Path) -> None:
    cache = Cache(tmp_path, "key1")
    cache.put(DIGEST, _result())
    got = cache.get(DIGEST)
    assert got is not None
    assert got.cells[0].flag is Flag.UNIT_CONVERTED
    assert got.checks[0].verdict is Verdict.CHECK
    assert got.method is Method.TEXT
    assert type(got.checks[0].cells[0]) is CellKey
    assert got.cells[0].method is Method.NONE


def test_nothing_is_cached_for_new_bytes(tmp_path: Path) -> None:
    assert Cache(tmp_path, "key1").get(DIGEST) is None


def test_entries_are_kept_by_key_then_by_the_digests_first_two_characters(
    tmp_path: Path,
) -> None:
    Cache(tmp_path, "key1").put(DIGEST, _result())
    path = tmp_path / "key1" / "ab" / f"{DIGEST}.json"
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == [path]
    assert json.loads(path.read_text(encoding="utf-8")) == result_to_data(_result())


def test_an_entry_is_written_as_readable_utf8(tmp_path: Path) -> None:
    Cache(tmp_path, "key1").put(DIGEST, _result())
    text = (tmp_path / "key1" / "ab" / f"{DIGEST}.json").read_text(encoding="utf-8")
    assert "某县2023年政府信息公开工作年度报告" in text


def test_results_under_another_key_are_not_seen(tmp_path: Path) -> None:
    Cache(tmp_path, "key1").put(DIGEST, _result())
    assert Cache(tmp_path, "key1-once").get(DIGEST) is None


def test_a_second_put_replaces_the_first(tmp_path: Path) -> None:
    cache = Cache(tmp_path, "key1")
    cache.put(DIGEST, _result())
    other = report_result(
        report_id="x",
        path="b.txt",
        template="unknown",
        status=Status.NOT_A_REPORT,
        message="not a report",
    )
    cache.put(DIGEST, other)
    assert cache.get(DIGEST) == other
    assert len(list((tmp_path / "key1" / "ab").iterdir())) == 1  # no temporary file left


def test_a_file_with_no_digest_is_never_cached(tmp_path: Path) -> None:
    cache = Cache(tmp_path, "key1")
    cache.put("", _result())
    assert cache.get("") is None
    assert list(tmp_path.iterdir()) == []


def test_a_failure_of_the_worker_is_never_cached(tmp_path: Path) -> None:
    cache = Cache(tmp_path, "key1")
    task = Task(tmp_path / "slow.pdf", "slow.pdf", DIGEST)
    cache.put(DIGEST, worker_failed(task, "timed out after 120 s", 120.0))
    assert cache.get(DIGEST) is None
    assert list(tmp_path.iterdir()) == []


def test_a_damaged_entry_is_none(tmp_path: Path) -> None:
    cache = Cache(tmp_path, "key1")
    cache.put(DIGEST, _result())
    path = tmp_path / "key1" / "ab" / f"{DIGEST}.json"
    path.write_text('{"report_id": "ab', encoding="utf-8")
    assert cache.get(DIGEST) is None


def test_an_entry_of_another_shape_is_none(tmp_path: Path) -> None:
    cache = Cache(tmp_path, "key1")
    path = tmp_path / "key1" / "ab" / f"{DIGEST}.json"
    path.parent.mkdir(parents=True)
    for foreign in ("[1, 2]", '{"report_id": "x"}', '"text"', "null"):
        path.write_text(foreign, encoding="utf-8")
        assert cache.get(DIGEST) is None


def test_an_entry_with_an_unknown_status_is_none(tmp_path: Path) -> None:
    cache = Cache(tmp_path, "key1")
    data = result_to_data(_result())
    data["status"] = "excellent"
    path = tmp_path / "key1" / "ab" / f"{DIGEST}.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    assert cache.get(DIGEST) is None
