from __future__ import annotations

import base64
from pathlib import Path

import pytest

from pipeline.readers.html import decode_html, html_lines, page_text, read_html
from pipeline.records import Line, ReadError, TextCell
from tests.conftest import SAMPLES

PICTURE = b"\x89PNG\r\n\x1a\n-not-really-a-picture"
TABLE_LINE = Line((TextCell("规章"), TextCell("9")), grid=True)


def _texts(lines: tuple[Line, ...] | list[Line]) -> list[list[str]]:
    return [[c.text for c in line.cells] for line in lines]


class FakeOcr:
    """Reads every picture as one table row, and remembers the bytes it was given."""

    def __init__(self) -> None:
        self.seen: list[bytes] = []

    def __call__(self, data: bytes) -> list[Line]:
        self.seen.append(data)
        return [TABLE_LINE]


def test_decode_html_by_a_byte_order_mark() -> None:
    assert decode_html(b"\xef\xbb\xbf<p>\xe6\x8a\xa5\xe5\x91\x8a</p>") == "<p>报告</p>"
    assert decode_html("<p>报告</p>".encode("utf-16")) == "<p>报告</p>"


def test_decode_html_by_its_declared_charset() -> None:
    page = '<meta charset="gb2312"><p>政府信息公开</p>'
    assert decode_html(page.encode("gbk")) == page
    declared = "<meta http-equiv='Content-Type' content='text/html; charset=GBK'><p>报告</p>"
    assert decode_html(declared.encode("gb18030")) == declared


def test_decode_html_tries_on_when_the_charset_is_wrong_or_unknown() -> None:
    wrong = '<meta charset="utf-8"><p>政府信息公开</p>'
    assert decode_html(wrong.encode("gb18030")) == wrong
    unknown = '<meta charset="klingon"><p>报告</p>'
    assert decode_html(unknown.encode("utf-8")) == unknown


def test_blocks_make_lines_and_source_line_breaks_do_not() -> None:
    lines = html_lines("<div>一、总体情况<br>（一）主动公开</div><p>2023年，\n本机关  主动公开</p>")
    assert _texts(lines) == [["一、总体情况"], ["（一）主动公开"], ["2023年， 本机关 主动公开"]]
    assert not any(line.grid for line in lines)


def test_scripts_styles_and_the_head_are_not_text() -> None:
    page = (
        "<html><head><title>标题</title><style>p {color: red}</style></head><body>"
        "<script>document.write('<td>1</td>')</script><noscript>开启脚本</noscript>"
        "<p>正文</p></body></html>"
    )
    assert _texts(html_lines(page)) == [["正文"]]


def test_table_rows_are_grid_lines_of_their_cells() -> None:
    page = (
        "<table><tr><th>项目</th><th>自然人</th></tr>"
        "<tr><td rowspan=2>（三）不予公开</td><td> 1 </td><td>&nbsp;</td></tr>"
        "<tr><td></td><td></td></tr>"
        "<tr><td>（七）<b>总计</b></td><td>12</td></tr></table>"
    )
    lines = html_lines(page)
    assert _texts(lines) == [
        ["项目", "自然人"],
        ["（三）不予公开", "1", ""],
        ["（七）总计", "12"],
    ]
    assert all(line.grid for line in lines)


def test_a_table_inside_a_cell_is_read_as_rows_of_its_own() -> None:
    page = (
        "<p>before</p><table><tr><td>二、主动公开"
        "<table><tr><td>规章</td><td>3</td></tr></table>"
        "</td><td>right</td></tr></table><p>after</p>"
    )
    assert _texts(html_lines(page)) == [
        ["before"],
        ["二、主动公开"],
        ["规章", "3"],
        ["", "right"],
        ["after"],
    ]


def test_preformatted_text_keeps_its_lines_and_tabs() -> None:
    page = "<p>head</p><pre>规章\t1\t0\n\n行政规范性文件\t2\t0</pre><p>tail</p>"
    lines = html_lines(page)
    assert _texts(lines) == [["head"], ["规章", "1", "0"], ["行政规范性文件", "2", "0"], ["tail"]]
    assert [line.grid for line in lines] == [False, True, True, False]


def _page(tmp_path: Path, body: str, name: str = "page.html") -> Path:
    path = tmp_path / name
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    return path


def test_read_html_of_a_sample_page() -> None:
    read = read_html(SAMPLES / "bureau_2022_web_gbk.html")
    assert (read.format, read.method, read.notes) == ("html", "html", ())
    assert any("杨凌示范区审计局" in line.text for line in read.lines)
    assert sum(line.grid for line in read.lines) > 30


def test_a_picture_in_a_data_address_is_read_in_its_place(tmp_path: Path) -> None:
    encoded = base64.b64encode(PICTURE).decode()
    path = _page(tmp_path, f'<p>before</p><img src="data:image/png;base64,{encoded}"><p>after</p>')
    ocr = FakeOcr()
    read = read_html(path, ocr)
    assert ocr.seen == [PICTURE]
    assert _texts(read.lines) == [["before"], ["规章", "9"], ["after"]]
    assert read.method == "html+ocr"
    assert read.notes == ("1 pictures on the page read by OCR",)


def test_a_picture_saved_beside_the_page_is_read(tmp_path: Path) -> None:
    (tmp_path / "page_files").mkdir()
    (tmp_path / "page_files" / "t 1.png").write_bytes(PICTURE)
    path = _page(tmp_path, '<p>x</p><img src="page_files/t%201.png">')
    ocr = FakeOcr()
    read = read_html(path, ocr)
    assert ocr.seen == [PICTURE]
    assert _texts(read.lines) == [["x"], ["规章", "9"]]


def test_pictures_elsewhere_are_not_read(tmp_path: Path) -> None:
    (tmp_path / "secret.png").write_bytes(PICTURE)
    folder = tmp_path / "site"
    folder.mkdir()
    path = _page(
        folder,
        '<img src="https://example.com/t.png"><img src="../secret.png">'
        f'<img src="{tmp_path / "secret.png"}"><img src="//cdn.example.com/t.png">',
    )
    ocr = FakeOcr()
    read = read_html(path, ocr)
    assert ocr.seen == []
    assert read.lines == ()
    assert read.method == "html"
    assert read.notes == (
        "4 pictures on the page were not read (not saved with the page); "
        "the tables may be among them",
    )


def test_a_picture_with_no_ocr_is_noted(tmp_path: Path) -> None:
    encoded = base64.b64encode(PICTURE).decode()
    read = read_html(_page(tmp_path, f'<img src="data:image/png;base64,{encoded}">'))
    assert read.notes == (
        "1 pictures on the page were not read (OCR is not available); the tables may be among them",
    )
    assert read.unread


def test_a_picture_inside_a_script_is_no_picture(tmp_path: Path) -> None:
    path = _page(tmp_path, "<noscript><img src='data:image/png;base64,AAAA'></noscript><p>x</p>")
    ocr = FakeOcr()
    read = read_html(path, ocr)
    assert ocr.seen == []
    assert read.notes == ()


def _mht(html: bytes, *parts: bytes) -> bytes:
    body = (
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="B"\r\n\r\n'
        b"--B\r\nContent-Type: text/html; charset=gb2312\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(html) + b"\r\n"
    )
    for part in parts:
        body += b"--B\r\n" + part + b"\r\n"
    return body + b"--B--\r\n"


def test_an_mht_page_and_its_pictures(tmp_path: Path) -> None:
    html = '<p>政府信息公开</p><img src="http://site/t.png"><img src="cid:pic2">'.encode("gbk")
    picture = (
        b"Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
        b"Content-Location: http://site/t.png\r\n\r\n" + base64.encodebytes(PICTURE)
    )
    second = (
        b"Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
        b"Content-ID: <pic2>\r\n\r\n" + base64.encodebytes(PICTURE + b"2")
    )
    path = tmp_path / "page.mht"
    path.write_bytes(_mht(html, picture, second))
    read = read_html(path, lambda data: [Line((TextCell(data[-7:].decode()),))])
    assert _texts(read.lines) == [["政府信息公开"], ["picture"], ["icture2"]]
    assert read.notes == ("2 pictures on the page read by OCR",)


def test_page_text_of_an_mht_archive(tmp_path: Path) -> None:
    path = tmp_path / "page.mht"
    path.write_bytes(_mht("<p>政府信息公开</p>".encode("gbk")))
    assert page_text(path) == '<meta charset="gb2312"><p>政府信息公开</p>'


def test_page_text_of_a_web_page(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_bytes('<meta charset="gbk"><p>报告</p>'.encode("gbk"))
    assert page_text(path) == '<meta charset="gbk"><p>报告</p>'


def test_an_mht_with_no_page_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.mht"
    path.write_bytes(
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="B"\r\n\r\n'
        b"--B\r\nContent-Type: image/png\r\n\r\nxx\r\n--B--\r\n"
    )
    with pytest.raises(ReadError, match=r"^the \.mht archive holds no HTML page$"):
        read_html(path)
