from __future__ import annotations

import hashlib
import importlib
import shutil
from pathlib import Path

import pytest

from pipeline import readers
from pipeline.chain import extract_file, file_id, internal_failure
from pipeline.records import Region, Status
from pipeline.run.options import ExtractOptions
from tests.conftest import SAMPLES

SEED = SAMPLES / "seed_2023.txt"
# the module, not the function of the same name that pipeline/__init__ exports
STAGES = importlib.import_module("pipeline.chain")


def test_file_id_is_the_first_16_hex_digits_of_the_sha256() -> None:
    assert file_id(b"abc") == hashlib.sha256(b"abc").hexdigest()[:16]
    assert file_id(b"abc") == "ba7816bf8f01cfea"


def test_a_text_report_is_extracted() -> None:
    result = extract_file(SEED, "dir/seed.txt")
    assert result.status is Status.OK
    assert result.message == ""
    assert result.path == "dir/seed.txt"
    assert result.report_id == file_id(SEED.read_bytes())
    assert (result.format, result.pages, result.method) == ("txt", None, "text")
    assert result.template == "fmt2021"
    assert result.metadata.title == "攀枝花市米易县得石镇2023年政府信息公开工作年度报告"
    assert result.metadata.agency == "米易县得石镇人民政府"
    assert (result.metadata.year, result.metadata.published) == (2023, "2024-01-16")
    assert result.region == Region(
        province="四川省",
        city="攀枝花市",
        county="米易县",
        township="得石镇",
        level="township",
        division_code="510421102000",
    )
    assert len(result.cells) == 200
    assert {c.method for c in result.cells} == {"text"}
    assert {c.table for c in result.cells} == {"t2", "t3", "t4"}
    assert len(result.checks) == 45
    assert not any(c.failed for c in result.checks)
    assert result.facts[0].key == "n.proactive_items_total"
    assert result.facts[0].value == 165.0
    assert result.seconds > 0


def test_the_path_is_shown_as_given_without_a_display_path() -> None:
    assert extract_file(SEED).path == str(SEED)


def test_cells_of_a_web_page_say_how_they_were_read() -> None:
    result = extract_file(SAMPLES / "bureau_2022_web_gbk.html", "page.html")
    assert (result.status, result.format, result.method) == (Status.OK, "html", "html")
    assert {c.method for c in result.cells} == {"html"}


def test_a_report_before_the_2019_format_keeps_no_cells() -> None:
    result = extract_file(SAMPLES / "district_2017_pre2019.txt", "old.txt")
    assert result.status is Status.NOT_A_REPORT
    assert result.template == "pre2019"
    assert result.message == "a report for 2017, before the 2019 format: it has no standard tables"
    assert result.cells == ()
    assert result.checks == ()
    assert result.metadata.year == 2017


def test_a_missing_file(tmp_path: Path) -> None:
    result = extract_file(tmp_path / "gone.pdf", "gone.pdf")
    assert result.status is Status.FAILED
    assert result.message == "cannot read the file: the file is gone"
    assert (result.report_id, result.format, result.path) == ("", "", "gone.pdf")
    assert result.cells == ()
    assert result.template == "unknown"


def test_a_folder(tmp_path: Path) -> None:
    result = extract_file(tmp_path, "folder")
    assert result.status is Status.FAILED
    assert result.message == "cannot read the file: a folder, not a file"


def test_an_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.docx").write_bytes(b"")
    result = extract_file(tmp_path / "empty.docx", "empty.docx")
    assert result.status is Status.FAILED
    assert result.message == "the file is empty (0 bytes)"
    assert result.format == "empty"
    assert result.report_id == file_id(b"")


def test_a_text_that_is_no_report(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_text("关于召开会议的通知\n请各单位准时参加。\n", encoding="utf-8")
    result = extract_file(path, "notice.txt")
    assert result.status is Status.NOT_A_REPORT
    assert result.message == (
        "not an annual report: no report title and none of the tables 二、三、四"
    )
    assert result.cells == ()


def test_several_reports_in_one_file_are_partial(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    (tmp_path / "two.txt").write_text(text + "\n" + text, encoding="utf-8")
    result = extract_file(tmp_path / "two.txt", "two.txt")
    assert result.status is Status.PARTIAL
    assert result.message == (
        "the file prints table 二 2 times、三 2 times、四 2 times (several reports in one "
        "file?): only the first of each was read"
    )
    assert len(result.cells) == 200


def test_a_reader_that_breaks_fails_only_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(path: Path, table_page: object = None) -> object:
        raise KeyError("word/document.xml")

    monkeypatch.setattr(readers, "read", broken)
    shutil.copy(SEED, tmp_path / "a.txt")
    result = extract_file(tmp_path / "a.txt", "a.txt")
    assert result.status is Status.FAILED
    assert result.message == (
        "ogi could not finish reading this file (a damaged or unusual file, or a bug: "
        "please report it with the file): KeyError: 'word/document.xml'"
    )
    assert result.format == "txt"
    assert result.report_id == file_id(SEED.read_bytes())


def test_a_stage_that_breaks_keeps_the_pages_read(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(lines: object) -> object:
        raise IndexError("list index out of range")

    monkeypatch.setattr(STAGES, "locate", broken)
    result = extract_file(SAMPLES / "seed_2023_pdf.pdf", "seed.pdf")
    assert result.status is Status.FAILED
    assert (result.format, result.pages) == ("pdf", 4)
    assert result.message.startswith("ogi could not finish extracting its tables this file")
    assert result.message.endswith("IndexError: list index out of range")


def test_without_second_readings_a_text_report_is_the_same() -> None:
    once = extract_file(SEED, "seed.txt", ExtractOptions(second_reading=False))
    twice = extract_file(SEED, "seed.txt")
    assert once.cells == twice.cells
    assert once.checks == twice.checks


def test_internal_failure_names_the_error_and_its_words() -> None:
    message = internal_failure("reading", ValueError("bad\n   xref\ttable"))
    assert message == (
        "ogi could not finish reading this file (a damaged or unusual file, or a bug: "
        "please report it with the file): ValueError: bad xref table"
    )


def test_internal_failure_without_words() -> None:
    assert internal_failure("reading", RuntimeError()).endswith("with the file): RuntimeError")


def test_internal_failure_cuts_long_words() -> None:
    message = internal_failure("reading", ValueError("x" * 500))
    assert message.endswith("ValueError: " + "x" * 160)


def test_internal_failure_out_of_memory() -> None:
    assert internal_failure("extracting its tables", MemoryError()) == (
        "ran out of memory extracting its tables this file: it is too large or damaged"
    )
