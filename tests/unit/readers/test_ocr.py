"""Scans and pictures read by OCR: real generated scans, PDFs with tables pasted as
pictures, and Word files and web pages whose tables are pictures, end to end."""

from __future__ import annotations

import base64
import csv
import io
import random
import shutil
from pathlib import Path

import pytest

from pipeline.analysis.evaluate import evaluate
from pipeline.chain import extract_file
from pipeline.locate.pages import holds_tables
from pipeline.readers import ReadError
from pipeline.records import Status
from synth.scan import (
    ScanStyle,
    paste_tables_as_pictures,
    scan_pages,
    word_with_table_pictures,
    write_scan,
)
from tests.conftest import ROOT

SAMPLES = ROOT / "samples"
SOURCE = SAMPLES / "city_2024_fmt2021_pdf.pdf"


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One report scanned at 150 dpi, turned 1.2°, with grain: as an image-only PDF and
    as one long PNG of its pages, each with the truth of the report."""
    folder = tmp_path_factory.mktemp("scans")
    style = ScanStyle(dpi=150, max_skew=1.2, noise=10.0)
    pages = scan_pages(SOURCE, style, random.Random(3))
    for name in ("scan.pdf", "scan.png"):
        write_scan(pages, folder / name, style.dpi)
        shutil.copy(SOURCE.with_name(SOURCE.name + ".truth.csv"), folder / f"{name}.truth.csv")
    return folder


@pytest.fixture(scope="module")
def extracted(scans: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from pipeline.run.api import extract_to

    out = tmp_path_factory.mktemp("out")
    extract_to([scans], out)
    return out


def test_scans_are_read_without_a_wrong_value(scans: Path, extracted: Path) -> None:
    result = evaluate(extracted, [scans])
    assert len(result.documents) == 2
    wrong = [w for w in result.wrong if not w.got.startswith("(") or w.got == "(blank)"]
    assert not wrong, wrong[:3]
    assert result.overall.recall >= 0.97


def test_a_scanned_pdf_and_a_picture_say_how_they_were_read(scans: Path) -> None:
    pdf = extract_file(scans / "scan.pdf")
    assert pdf.status in (Status.OK, Status.PARTIAL)
    assert (pdf.format, pdf.method, pdf.pages) == ("pdf", "ocr", 4)
    assert pdf.metadata.year == 2024
    picture = extract_file(scans / "scan.png")
    assert (picture.format, picture.method) == ("image", "ocr")
    assert picture.pages == 4  # the long picture cut back into its pages
    for cell in (*pdf.cells, *picture.cells):
        assert cell.method == "ocr"
        if cell.raw:
            assert cell.confidence is not None and 0 < cell.confidence <= 1


@pytest.fixture
def no_opencv(monkeypatch: pytest.MonkeyPatch) -> None:
    """OpenCV failing to load, as without libGL."""
    from pipeline.readers.ocr import engine

    def missing() -> None:
        raise ReadError(Status.FAILED, "OCR needs OpenCV, which failed to load (no libGL)")

    monkeypatch.setattr(engine, "_imports", missing)


@pytest.mark.usefixtures("no_opencv")
def test_without_opencv_a_scan_gets_a_status_that_says_what_to_install(scans: Path) -> None:
    picture = extract_file(scans / "scan.png")
    assert picture.status is Status.FAILED
    assert "OpenCV" in picture.message
    pdf = extract_file(scans / "scan.pdf")
    assert pdf.status is Status.FAILED
    assert "no text layer" in pdf.message and "OpenCV" in pdf.message


def test_a_page_with_a_garbled_text_layer_is_read_by_ocr(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A real garbled layer needs a font without a Unicode map; here the page that holds
    # table 三 is declared garbled, so it is rendered and read by OCR like one.
    from pipeline.readers.pdf import reader

    monkeypatch.setattr(reader, "garbled", lambda text: "申请人情况" in text)
    result = extract_file(SOURCE)
    assert result.method == "text+ocr"
    by_method = {c.method for c in result.cells if c.table == "t3"}
    assert by_method == {"ocr"}
    assert {c.method for c in result.cells if c.table == "t2"} == {"text"}
    truth = {
        (row["table"], row["row"], row["col"]): row["value"]
        for row in csv.DictReader(
            SOURCE.with_name(SOURCE.name + ".truth.csv").open(encoding="utf-8")
        )
    }
    wrong = [
        c
        for c in result.cells
        if c.value is not None and truth.get((c.table, c.row, c.col)) != f"{c.value:g}"
    ]
    assert not wrong


@pytest.fixture(scope="module")
def pasted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report as a text PDF whose table pages are pictures under a line of text."""
    folder = tmp_path_factory.mktemp("pasted")
    style = ScanStyle(dpi=150, max_skew=0.8, noise=8.0)
    target = folder / "pasted.pdf"
    paste_tables_as_pictures(SOURCE, target, style, random.Random(4), holds_tables)
    shutil.copy(SOURCE.with_name(SOURCE.name + ".truth.csv"), folder / "pasted.pdf.truth.csv")
    return folder


def test_tables_pasted_as_pictures_into_a_text_pdf_are_read(pasted: Path, tmp_path: Path) -> None:
    from pipeline.run.api import extract_to

    result = extract_file(pasted / "pasted.pdf")
    assert (result.status, result.method) == (Status.OK, "text+ocr")
    assert "read by OCR" in result.message or result.message == ""
    assert result.metadata.year == 2024  # the text pages are still read as text
    extract_to([pasted], tmp_path / "out")
    score = evaluate(tmp_path / "out", [pasted])
    assert not score.wrong, score.wrong[:3]
    assert score.overall.recall >= 0.97


@pytest.mark.usefixtures("no_opencv")
def test_without_ocr_pasted_tables_are_named_in_the_message(pasted: Path) -> None:
    result = extract_file(pasted / "pasted.pdf")
    assert result.status is Status.FAILED
    assert "tables pasted in as pictures" in result.message
    assert "OpenCV" in result.message


def test_a_word_file_whose_tables_are_pictures_is_read(tmp_path: Path) -> None:
    from pipeline.run.api import extract_to

    folder = tmp_path / "in"
    folder.mkdir()
    style = ScanStyle(dpi=150, max_skew=0.5, noise=6.0)
    word_with_table_pictures(
        SOURCE, folder / "pictures.docx", style, random.Random(5), holds_tables
    )
    shutil.copy(SOURCE.with_name(SOURCE.name + ".truth.csv"), folder / "pictures.docx.truth.csv")
    result = extract_file(folder / "pictures.docx")
    assert (result.status, result.method) == (Status.OK, "docx+ocr")
    assert {c.method for c in result.cells} == {"ocr"}
    assert (result.metadata.year, result.metadata.agency) == (2024, "淮安市人民政府")
    extract_to([folder], tmp_path / "out")
    score = evaluate(tmp_path / "out", [folder])
    assert not score.wrong, score.wrong[:3]
    assert score.overall.recall >= 0.97


def test_a_web_page_whose_tables_are_pictures_saved_with_it_is_read(tmp_path: Path) -> None:
    # One table page beside the page (as "Save page, complete" leaves it), one inside it as
    # a data: URI, one on the web (not fetched: named in the message, were tables missing).
    from pipeline.run.api import extract_to

    folder = tmp_path / "in"
    (folder / "page_files").mkdir(parents=True)
    style = ScanStyle(dpi=150, max_skew=0.0, noise=0.0)
    scans = scan_pages(SOURCE, style, random.Random(6))
    body = []
    for index, scan in enumerate(scans):
        text = extract_file(SOURCE).metadata.title if index == 0 else ""
        picture = io.BytesIO()
        scan.save(picture, format="PNG")
        if index % 2:
            (folder / "page_files" / f"p{index}.png").write_bytes(picture.getvalue())
            source = f"page_files/p{index}.png"
        else:
            source = "data:image/png;base64," + base64.b64encode(picture.getvalue()).decode()
        body.append(f"<p>{text}</p><p><img src='{source}'></p>")
    body.append("<p><img src='https://example.gov.cn/logo.png'></p>")
    page = "<html><head><meta charset='utf-8'></head><body>" + "".join(body) + "</body></html>"
    (folder / "page.html").write_text(page, encoding="utf-8")
    shutil.copy(SOURCE.with_name(SOURCE.name + ".truth.csv"), folder / "page.html.truth.csv")
    result = extract_file(folder / "page.html")
    assert (result.status, result.method) == (Status.OK, "html+ocr")
    assert result.metadata.year == 2024
    extract_to([folder], tmp_path / "out")
    score = evaluate(tmp_path / "out", [folder])
    assert not score.wrong, score.wrong[:3]
    assert score.overall.recall >= 0.97


def test_pictures_on_the_web_are_named_when_the_tables_are_missing(tmp_path: Path) -> None:
    page = (
        "<html><body><h1>某县人民政府2023年政府信息公开工作年度报告</h1>"
        "<p>二、主动公开政府信息情况</p><p><img src='http://example.gov.cn/t2.png'></p>"
        "</body></html>"
    )
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    result = extract_file(tmp_path / "page.html")
    assert result.status is Status.FAILED
    assert "1 pictures on the page were not read (not saved with the page)" in result.message
