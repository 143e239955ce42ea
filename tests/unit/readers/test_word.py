from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from PIL import Image

from pipeline.readers import word
from pipeline.readers.word import check_zip, read_docx
from pipeline.records import Line, ReadError, Status, TextCell
from tests.conftest import SAMPLES


def _texts(lines: tuple[Line, ...]) -> list[list[str]]:
    return [[c.text for c in line.cells] for line in lines]


def _save(document: docx.document.Document, path: Path) -> Path:
    document.save(str(path))
    return path


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def test_paragraphs_and_tables_in_body_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("  某县2023年政府信息公开工作年度报告  ")
    document.add_paragraph("   ")
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate([["规章", "1", "0"], ["行政规范性文件", "2", ""]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_paragraph("五、存在的主要问题")
    read = read_docx(_save(document, tmp_path / "a.docx"))
    assert _texts(read.lines) == [
        ["某县2023年政府信息公开工作年度报告"],
        ["规章", "1", "0"],
        ["行政规范性文件", "2", ""],
        ["五、存在的主要问题"],
    ]
    assert [line.grid for line in read.lines] == [False, True, True, False]
    assert (read.format, read.method, read.notes, read.pages) == ("docx", "docx", (), None)


def test_a_horizontally_merged_cell_is_one_cell(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=4)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "（一）予以公开"
    table.cell(0, 2).text = "3"
    table.cell(0, 3).text = "4"
    read = read_docx(_save(document, tmp_path / "a.docx"))
    assert _texts(read.lines) == [["（一）予以公开", "3", "4"]]


def test_a_vertically_merged_cell_is_printed_once(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(1, 0))
    merged.text = "三、不予公开"
    for r, values in enumerate([("属于国家秘密", "1"), ("其他法律行政法规禁止公开", "2")]):
        table.cell(r, 1).text, table.cell(r, 2).text = values
    read = read_docx(_save(document, tmp_path / "a.docx"))
    assert _texts(read.lines) == [
        ["三、不予公开", "属于国家秘密", "1"],
        ["", "其他法律行政法规禁止公开", "2"],
    ]


def test_a_cell_of_several_paragraphs_is_one_cell_of_several_lines(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "本年新收政府信息"
    table.cell(0, 0).add_paragraph("公开申请数量")
    table.cell(0, 0).add_paragraph("  ")
    table.cell(0, 1).text = "5"
    read = read_docx(_save(document, tmp_path / "a.docx"))
    assert _texts(read.lines) == [["本年新收政府信息\n公开申请数量", "5"]]


def test_empty_rows_are_skipped(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "a"
    table.cell(2, 1).text = "b"
    read = read_docx(_save(document, tmp_path / "a.docx"))
    assert _texts(read.lines) == [["a", ""], ["", "b"]]


def test_a_layout_table_is_read_as_what_its_cells_hold(tmp_path: Path) -> None:
    document = docx.Document()
    layout = document.add_table(rows=1, cols=1)
    cell = layout.cell(0, 0)
    cell.paragraphs[0].text = "二、主动公开政府信息情况"
    inner = cell.add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "规章"
    inner.cell(0, 1).text = "7"
    cell.add_paragraph("三、收到和处理政府信息公开申请情况")
    read = read_docx(_save(document, tmp_path / "a.docx"))
    assert _texts(read.lines) == [
        ["二、主动公开政府信息情况"],
        ["规章", "7"],
        ["三、收到和处理政府信息公开申请情况"],
    ]
    assert read.lines[1] == Line((TextCell("规章"), TextCell("7")), grid=True)


def test_a_content_control_is_read_in_place(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("before")
    after = document.add_paragraph("after")
    control = parse_xml(
        f"<w:sdt {nsdecls('w')}><w:sdtContent>"
        "<w:p><w:r><w:t>inside the control</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    after._p.addprevious(control)
    read = read_docx(_save(document, tmp_path / "a.docx"))
    assert _texts(read.lines) == [["before"], ["inside the control"], ["after"]]


def _with_picture(tmp_path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("before")
    document.add_picture(io.BytesIO(_png()))
    document.add_paragraph("after")
    return _save(document, tmp_path / "pictured.docx")


def test_a_picture_is_read_in_its_place(tmp_path: Path) -> None:
    seen: list[bytes] = []

    def ocr(data: bytes) -> list[Line]:
        seen.append(data)
        return [Line((TextCell("规章"), TextCell("1")), grid=True)]

    read = read_docx(_with_picture(tmp_path), ocr)
    assert seen == [_png()]
    assert _texts(read.lines) == [["before"], ["规章", "1"], ["after"]]
    assert read.method == "docx+ocr"
    assert read.notes == ("1 pictures in the document read by OCR",)
    assert not read.unread


def test_a_picture_with_no_ocr_is_noted(tmp_path: Path) -> None:
    read = read_docx(_with_picture(tmp_path))
    assert _texts(read.lines) == [["before"], ["after"]]
    assert read.method == "docx"
    assert read.notes == (
        "1 pictures in the document were not read (OCR is not available); "
        "the tables may be among them",
    )
    assert read.unread


def test_a_picture_ocr_fails_on_is_noted(tmp_path: Path) -> None:
    def broken(data: bytes) -> list[Line]:
        raise ReadError(Status.FAILED, "no model")

    read = read_docx(_with_picture(tmp_path), broken)
    assert read.notes == (
        "1 pictures in the document were not read (OCR could not run: no model); "
        "the tables may be among them",
    )


def test_a_picture_with_no_text_counts_as_not_read_by_ocr(tmp_path: Path) -> None:
    read = read_docx(_with_picture(tmp_path), lambda data: [])
    assert (read.method, read.notes) == ("docx", ())


def test_a_file_that_is_no_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.docx"
    path.write_bytes(b"this is no zip at all")
    with pytest.raises(ReadError) as caught:
        read_docx(path)
    assert caught.value.status is Status.FAILED
    assert caught.value.message == "not a readable .docx (bad zip: File is not a zip file)"


def test_a_zip_that_is_no_word_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ReadError, match=r"^not a readable \.docx: "):
        read_docx(path)


def test_check_zip_passes_a_small_archive(tmp_path: Path) -> None:
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.xml", "x" * 1000)
        archive.writestr("b.bin", b"y" * 10, compress_type=zipfile.ZIP_STORED)
    check_zip(path)  # no error


def test_check_zip_counts_what_really_inflates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(word, "MAX_UNCOMPRESSED_BYTES", 5000)
    path = tmp_path / "bomb.odt"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.xml", "0" * 3000)
        archive.writestr("b.xml", "0" * 3000)
    with pytest.raises(ReadError) as caught:
        check_zip(path, ".odt")
    assert caught.value.message == ("the .odt inflates to over 0 MiB: refused as a likely zip bomb")


def test_check_zip_does_not_trust_declared_sizes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(word, "MAX_UNCOMPRESSED_BYTES", 5000)
    path = tmp_path / "forged.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.xml", "0" * 20000)
    data = bytearray(path.read_bytes())
    # declare 10 bytes in the local header and the central directory (offsets 22 and 24)
    for header in (b"PK\x03\x04", b"PK\x01\x02"):
        at = data.index(header)
        size_at = at + (22 if header == b"PK\x03\x04" else 24)
        data[size_at : size_at + 4] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(ReadError, match="refused as a likely zip bomb"):
        check_zip(path)


def test_check_zip_reports_damaged_data(tmp_path: Path) -> None:
    path = tmp_path / "damaged.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.xml", "some text " * 100)
    data = bytearray(path.read_bytes())
    start = data.index(b"a.xml") + len(b"a.xml")
    data[start : start + 20] = b"\xff" * 20
    path.write_bytes(bytes(data))
    with pytest.raises(ReadError, match=r"^not a readable \.docx \(bad zip: damaged data: "):
        check_zip(path)


def test_a_sample_word_report_is_read() -> None:
    read = read_docx(SAMPLES / "seed_2023_docx.docx")
    texts = [line.text for line in read.lines]
    assert texts[0].startswith("攀枝花市米易县得石镇")
    assert sum(line.grid for line in read.lines) >= 40
