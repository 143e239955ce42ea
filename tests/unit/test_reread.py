from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline import readers
from pipeline.chain import extract_file
from pipeline.records import CellKey, CellValue
from pipeline.reread import read_again
from pipeline.run.options import ExtractOptions
from tests.conftest import SAMPLES

ONCE = ExtractOptions(second_reading=False)


def _cell(key: str, raw: str, **more: object) -> CellValue:
    table, row, col = CellKey.parse(key)
    fields: dict[str, object] = {"row_label": "label", "score": 100.0, "page": None, **more}
    return CellValue(table, row, col, float(raw), raw, **fields)  # type: ignore[arg-type]


def _keys(*dotted: str) -> set[CellKey]:
    return {CellKey.parse(key) for key in dotted}


CELLS = [
    _cell("t4.r1.review_total", "3", page=2, box=(10.0, 20.0, 30.0, 40.0)),
    _cell("t4.r1.review_upheld", "1", page=2, box=(50.0, 20.0, 70.0, 40.0)),
    _cell("t4.r1.review_other", "1"),  # no box: nothing to look at again
    _cell("t3.r1.total", "5", page=1, box=(1.0, 2.0, 3.0, 4.0), method="ocr"),
]


def test_no_doubted_cells_give_back_the_same_list(tmp_path: Path) -> None:
    assert read_again(tmp_path / "a.pdf", "pdf", CELLS, set(), {}) is CELLS


def test_cells_read_by_ocr_are_not_read_again(tmp_path: Path) -> None:
    assert read_again(tmp_path / "a.pdf", "pdf", CELLS, _keys("t3.r1.total"), {}) is CELLS


def test_a_text_file_gets_no_second_reading() -> None:
    path = SAMPLES / "seed_2023.txt"
    cells = list(extract_file(path, options=ONCE).cells)
    doubted = {c.key for c in cells if c.table == "t4"}
    again = read_again(path, "txt", cells, doubted, {})
    assert again == cells
    assert all(c.reread is None for c in again)


def test_a_markdown_file_gets_no_second_reading() -> None:
    path = SAMPLES / "bureau_2022_markdown.md"
    cells = list(extract_file(path, options=ONCE).cells)
    assert read_again(path, "md", cells, {cells[0].key}, {}) == cells


def test_a_text_report_whose_total_is_wrong_keeps_its_reading(tmp_path: Path) -> None:
    text = (SAMPLES / "seed_2023.txt").read_text(encoding="utf-8")
    wrong = text.replace("(七) 总计\t0\t0\t0\t0\t0\t0\t0\t", "(七) 总计\t0\t0\t0\t0\t0\t0\t9\t")
    assert wrong != text
    (tmp_path / "wrong.txt").write_text(wrong, encoding="utf-8")
    result = extract_file(tmp_path / "wrong.txt", "wrong.txt")
    assert any(c.failed for c in result.checks)
    assert all(c.reread is None for c in result.cells)


def test_pdf_cells_are_read_again_from_their_pictures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[list[readers.Place]] = []

    def pictures(path: Path, places: Sequence[readers.Place]) -> list[str]:
        asked.append(list(places))
        return [f"seen {i}" for i in range(len(places))]

    monkeypatch.setattr(readers, "read_pictures", pictures)
    doubted = _keys("t4.r1.review_total", "t4.r1.review_other", "t3.r1.total")
    again = read_again(tmp_path / "a.pdf", "pdf", CELLS, doubted, {})
    assert asked == [[(2, (10.0, 20.0, 30.0, 40.0))]]
    assert again == [replace(CELLS[0], reread="seen 0"), *CELLS[1:]]


def test_pdf_cells_keep_their_reading_when_ocr_cannot_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "read_pictures", lambda path, places: None)
    doubted = _keys("t4.r1.review_total", "t4.r1.review_upheld")
    assert read_again(tmp_path / "a.pdf", "pdf", CELLS, doubted, {}) == CELLS


def test_pdf_cells_with_no_box_are_not_sent_to_ocr(tmp_path: Path) -> None:
    # no place to read: no OCR is started at all
    assert read_again(tmp_path / "a.pdf", "pdf", CELLS, _keys("t4.r1.review_other"), {}) == CELLS


def test_a_word_file_is_read_again_as_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    printed = SAMPLES / "seed_2023_pdf.pdf"  # the same report as seed_2023_docx.docx

    def render(path: Path, kind: str, work: Path) -> Path:
        assert kind == "docx"
        return Path(shutil.copy(printed, work / "page.pdf"))

    monkeypatch.setattr(readers, "render_pdf", render)
    word = SAMPLES / "seed_2023_docx.docx"
    cells = [replace(c, raw="7") if c.key == ("t4", "r1", "review_total") else c for c in
             extract_file(word, options=ONCE).cells]  # fmt: skip
    doubted = _keys("t4.r1.review_total", "t4.r1.review_upheld")
    again = read_again(word, "docx", cells, doubted, {})
    changed = {c.key.dotted(): c.reread for c in again if c.reread is not None}
    assert changed == {"t4.r1.review_total": "0", "t4.r1.review_upheld": "0"}
    assert [replace(c, reread=None) for c in again] == cells


def test_a_file_that_cannot_be_printed_gets_no_second_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "render_pdf", lambda path, kind, work: None)
    cells = [_cell("t4.r1.review_total", "3")]
    assert read_again(tmp_path / "a.docx", "docx", cells, {"t4.r1.review_total"}, {}) == cells
