from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.readers.plain import bom_encoding, decode, pipe_cells, read_text, text_lines
from pipeline.records import Line, ReadError, Status, TextCell
from tests.conftest import SAMPLES


def _texts(lines: tuple[Line, ...]) -> list[list[str]]:
    return [[c.text for c in line.cells] for line in lines]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (b"\xff\xfe\x00\x00a", "utf-32-le"),
        (b"\x00\x00\xfe\xffa", "utf-32-be"),
        (b"\xef\xbb\xbfa", "utf-8-sig"),
        (b"\xff\xfea\x00", "utf-16-le"),
        (b"\xfe\xff\x00a", "utf-16-be"),
        (b"abc", None),
        (b"", None),
    ],
)
def test_bom_encoding(data: bytes, encoding: str | None) -> None:
    assert bom_encoding(data) == encoding


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32"])
def test_decode_by_a_byte_order_mark(encoding: str) -> None:
    data = "政府信息公开".encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    assert decode(data) == "政府信息公开"


def test_decode_tries_utf8_then_the_chinese_encodings() -> None:
    assert decode("政府信息公开".encode()) == "政府信息公开"
    assert decode("政府信息公开".encode("gbk")) == "政府信息公开"
    assert decode("政府資訊公開".encode("gb18030")) == "政府資訊公開"


def test_text_that_lies_about_its_encoding_is_refused() -> None:
    with pytest.raises(ReadError) as caught:
        decode(b"\xff\xfe" + "规章".encode("utf-16-le") + b"\x00")
    assert caught.value.status is Status.FAILED
    assert caught.value.message == "the text says it is utf-16-le but is not: truncated data"


def test_tab_separated_lines_are_grid_rows() -> None:
    (line,) = text_lines("（七）总计\t 1 \t\t0\n")
    assert line == Line(
        (TextCell("（七）总计"), TextCell("1"), TextCell(""), TextCell("0")), grid=True
    )


def test_other_lines_are_one_cell_each_and_blank_lines_go() -> None:
    lines = text_lines("  一、总体情况  \r\n\r\n   \n（一）主动公开\r二、主动公开")
    assert lines == (
        Line((TextCell("一、总体情况"),)),
        Line((TextCell("（一）主动公开"),)),
        Line((TextCell("二、主动公开"),)),
    )


@pytest.mark.parametrize(
    ("text", "cells"),
    [
        ("| 规章 | 0 | 0 | 0 |", ["规章", "0", "0", "0"]),
        ("规章 | 0 | 0", ["规章", "0", "0"]),
        ("规章|5", ["规章", "5"]),
        ("| 规章 | | 3 |", ["规章", "", "3"]),
        ("|规章|1||", ["规章", "1", ""]),
    ],
)
def test_pipe_rows_are_grid_rows(text: str, cells: list[str]) -> None:
    (line,) = text_lines(text)
    assert line.grid
    assert [c.text for c in line.cells] == cells


@pytest.mark.parametrize("text", ["规章 |", "| 规章", "a plain line"])
def test_a_lone_pipe_at_an_end_is_no_row(text: str) -> None:
    (line,) = text_lines(text)
    assert not line.grid
    assert [c.text for c in line.cells] == [text.strip()]


def test_pipe_cells() -> None:
    assert pipe_cells("  | a | b |  ") == ["a", "b"]
    assert pipe_cells("a | b") == ["a", "b"]
    assert pipe_cells("| a | b | | |") == ["a", "b", "", ""]
    assert pipe_cells(" | 1 | 2 |", outer=False) == ["", "1", "2"]


def test_a_row_opening_with_a_pipe_where_rows_have_none_opens_with_a_blank_cell() -> None:
    rows = "规章 | 1 | 1 | |\n行政规范性文件 | 2 | | |\n | 1 | 1 | | 2 |\n"
    assert [[c.text for c in line.cells] for line in text_lines(rows)] == [
        ["规章", "1", "1", ""],
        ["行政规范性文件", "2", "", ""],
        ["", "1", "1", "", "2"],
    ]
    # where rows open with pipes, the opening pipe is no cell
    framed = "| 规章 | 1 | 1 |\n| 行政规范性文件 | 2 | |\n"
    assert [[c.text for c in line.cells] for line in text_lines(framed)] == [
        ["规章", "1", "1"],
        ["行政规范性文件", "2", ""],
    ]


def test_read_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("三、收到和处理\n规章\t1\t2\n".encode("gb18030"))
    read = read_text(path)
    assert (read.format, read.method, read.pages, read.notes) == ("txt", "text", None, ())
    assert _texts(read.lines) == [["三、收到和处理"], ["规章", "1", "2"]]


def test_read_a_sample_text_report() -> None:
    read = read_text(SAMPLES / "seed_2023.txt")
    assert read.lines[0].text == "攀枝花市米易县得石镇 2023 年政府信息公开工作年度报告"
    assert sum(line.grid for line in read.lines) > 40
