"""Bad input gets a clear status and message, and never stops the batch."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import docx
import pytest
from reportlab.lib import pdfencrypt
from reportlab.pdfgen import canvas

from pipeline.chain import extract_file
from pipeline.records import Status
from pipeline.run.api import extract_results
from tests.conftest import SAMPLES


def _pdf(path: Path, text: str | None = "hello", encrypt: object = None) -> Path:
    page = canvas.Canvas(str(path), encrypt=encrypt)
    if text:
        page.drawString(72, 720, text)
    else:
        page.rect(72, 72, 300, 300, fill=1)  # a "scan": marks but no text
    page.showPage()
    page.save()
    return path


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    result = extract_file(path)
    assert result.status is Status.FAILED
    assert "empty" in result.message


def test_truncated_pdf(tmp_path: Path) -> None:
    data = (SAMPLES / "seed_2023_pdf.pdf").read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 3])
    result = extract_file(path)
    assert result.status in (Status.FAILED, Status.PARTIAL)
    assert result.message


def test_corrupt_pdf(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    result = extract_file(path)
    assert result.status is Status.FAILED
    assert "PDF" in result.message


def test_encrypted_pdf_with_a_password(tmp_path: Path) -> None:
    secret = pdfencrypt.StandardEncryption("user-secret", ownerPassword="owner")
    result = extract_file(_pdf(tmp_path / "locked.pdf", encrypt=secret))
    assert result.status is Status.FAILED
    assert "password" in result.message


def test_encrypted_pdf_with_an_empty_password_is_read(tmp_path: Path) -> None:
    open_lock = pdfencrypt.StandardEncryption("", ownerPassword="owner")
    result = extract_file(_pdf(tmp_path / "open.pdf", "not a report at all", encrypt=open_lock))
    assert result.status is Status.NOT_A_REPORT


def test_scanned_pdf_without_text(tmp_path: Path) -> None:
    result = extract_file(_pdf(tmp_path / "scan.pdf", text=None))
    assert result.status is Status.FAILED
    assert "text layer" in result.message


def test_a_word_file_that_is_not_a_report(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("关于召开春季运动会的通知")
    table = document.add_table(rows=2, cols=3)
    for i, text in enumerate(["项目", "人数", "金额"]):
        table.cell(0, i).text = text
    for i, text in enumerate(["跳远", "12", "300"]):
        table.cell(1, i).text = text
    path = tmp_path / "notice.docx"
    document.save(str(path))
    result = extract_file(path)
    assert result.status is Status.NOT_A_REPORT
    assert result.cells == ()


def test_wrong_suffix_is_read_by_content(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    shutil.copy(SAMPLES / "city_2024_fmt2021.docx", path)
    result = extract_file(path)
    assert result.format == "docx"
    assert result.status is Status.OK


def test_gbk_text(tmp_path: Path) -> None:
    text = (SAMPLES / "seed_2023.txt").read_text(encoding="utf-8")
    path = tmp_path / "gbk.txt"
    path.write_bytes(text.encode("gb18030"))
    result = extract_file(path)
    assert result.status is Status.OK
    assert len(result.cells) == 200


def test_zip_bomb_docx_is_refused(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w/>")
        archive.writestr("word/media/big.bin", b"\0" * (300 * 1024 * 1024))
    result = extract_file(path)
    assert result.status is Status.FAILED
    assert "zip bomb" in result.message


def test_a_broken_image_is_listed_not_skipped(tmp_path: Path) -> None:
    (tmp_path / "scan.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 100)
    (tmp_path / "notes.xyz").write_bytes(b"not ours")
    results = extract_results([tmp_path])
    assert len(results) == 1  # .xyz is not a suffix we read
    assert results[0].status is Status.FAILED
    assert results[0].message == "an image that cannot be decoded (damaged?)"


@pytest.mark.skipif(not hasattr(Path, "chmod"), reason="no permissions")
def test_unreadable_file_and_symlink_loop_in_a_batch(tmp_path: Path) -> None:
    shutil.copy(SAMPLES / "seed_2023.txt", tmp_path / "good.txt")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    locked = tmp_path / "locked.txt"
    locked.write_text("x")
    locked.chmod(0)
    results = {Path(r.path).name: r for r in extract_results([tmp_path])}
    assert results["good.txt"].status is Status.OK
    # root can read anything; everyone else gets a clear failure.
    assert results["locked.txt"].status in (Status.FAILED, Status.NOT_A_REPORT)


def test_pre2019_report_with_review_section_has_no_cells(tmp_path: Path) -> None:
    path = tmp_path / "jinan_2016.txt"
    path.write_text(
        "福州市晋安区2016年政府信息公开工作年度报告\n一、概述\n本年度我区认真贯彻落实条例。\n"
        "三、政府信息依申请公开办理情况\n全年受理申请12件。\n"
        "四、因政府信息公开申请行政复议及提起行政诉讼的情况\n本年度无行政复议、行政诉讼。\n"
        "五、存在的主要问题及改进措施\n福州市晋安区人民政府\n2017年3月1日\n",
        encoding="utf-8",
    )
    result = extract_file(path)
    assert result.status is Status.NOT_A_REPORT
    assert result.template == "pre2019"
    assert result.cells == ()


def test_a_thousand_page_pdf_is_read_in_time(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    page = canvas.Canvas(str(path))
    for number in range(1000):
        page.drawString(72, 720, f"page {number}")
        page.showPage()
    page.save()
    started = time.perf_counter()
    result = extract_file(path)
    assert result.pages == 1000
    assert result.status is Status.NOT_A_REPORT
    assert time.perf_counter() - started < 60


def test_fifos_in_a_folder_get_a_row_and_never_block(tmp_path: Path) -> None:
    shutil.copy(SAMPLES / "seed_2023.txt", tmp_path / "good.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    results = {Path(r.path).name: r for r in extract_results([tmp_path])}
    assert results["good.txt"].status is Status.OK
    assert results["pipe.txt"].status is Status.FAILED
    assert "named pipe" in results["pipe.txt"].message


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("(cid:12)(cid:345)(cid:6)(cid:78)(cid:90)(cid:11) 年度报告", True),
        ("\ue012\ue013\ue014" * 10, True),
        ("⼀⼆⼋⼈⼊⼋⼌⼍⼎⼏" * 3, True),  # Kangxi radicals standing in for 一二八…
        ("三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量 0 0 0", False),
        ("短", False),
    ],
)
def test_garbled_text_layers_are_recognised(text: str, bad: bool) -> None:
    from pipeline.readers.pdf import garbled

    assert garbled(text) is bad


def test_a_report_whose_tables_are_scanned_images_says_so(tmp_path: Path) -> None:
    from PIL import Image

    import synth.pdfdraw  # noqa: F401 - registers the CJK font

    picture = tmp_path / "table.png"
    Image.new("RGB", (400, 300), "white").save(picture)
    path = tmp_path / "report.pdf"
    page = canvas.Canvas(str(path))
    page.setFont("STSong-Light", 14)
    page.drawString(72, 760, "某某县2023年政府信息公开工作年度报告")
    page.drawString(72, 730, "一、总体情况")
    page.showPage()
    page.drawImage(str(picture), 72, 300, 400, 300)
    page.showPage()
    page.save()
    result = extract_file(path)
    assert result.status is Status.FAILED
    assert "page 2 read by OCR" in result.message  # a blank picture: no table in it


def test_corrupted_copies_of_the_samples_never_raise(tmp_path: Path) -> None:
    """Truncated, bit-flipped and random files under every suffix: a status, never a crash."""
    import random

    rng = random.Random(1)
    sources = sorted(p for p in SAMPLES.iterdir() if not p.name.endswith(".csv"))
    seen: set[Status] = set()
    for index in range(120):
        data = bytearray(rng.choice(sources).read_bytes())
        kind = index % 3
        if kind == 0:
            data = data[: rng.randint(0, len(data))]
        elif kind == 1:
            for _ in range(20):
                data[rng.randrange(len(data))] = rng.randrange(256)
        else:
            data = bytearray(rng.randbytes(rng.randint(0, 5000)))
        path = tmp_path / f"f{index}{rng.choice(['.pdf', '.docx', '.txt', '.html', '.md'])}"
        path.write_bytes(bytes(data))
        result = extract_file(path)
        seen.add(result.status)
        assert result.status is Status.OK or result.message
    assert Status.FAILED in seen
