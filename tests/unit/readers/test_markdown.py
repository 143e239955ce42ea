from __future__ import annotations

from pathlib import Path

from pipeline.readers.markdown import markdown_lines, read_markdown
from pipeline.records import Line
from tests.conftest import SAMPLES


def _texts(lines: tuple[Line, ...]) -> list[list[str]]:
    return [[c.text for c in line.cells] for line in lines]


def test_pipe_table_rows_are_grid_rows_and_separators_go() -> None:
    lines = markdown_lines("| 项目 | 自然人 |\n|:---|---:|\n| 规章 | 5 |\n")
    assert _texts(lines) == [["项目", "自然人"], ["规章", "5"]]
    assert all(line.grid for line in lines)


def test_rows_without_outer_pipes() -> None:
    lines = markdown_lines("规章 | 1 | 2\n--- | --- | ---\n行政规范性文件 | 3 | 4")
    assert _texts(lines) == [["规章", "1", "2"], ["行政规范性文件", "3", "4"]]


def test_a_blank_cell_stays() -> None:
    assert _texts(markdown_lines("| 规章 |  | 3 |")) == [["规章", "", "3"]]


def test_tags_emphasis_and_spaces_are_cleaned_from_cells() -> None:
    lines = markdown_lines("| **（七）总计** | <b>12</b> | a<br/>b&nbsp;c | __x__ |")
    assert _texts(lines) == [["（七）总计", "12", "a b c", "x"]]


def test_headings_and_quotes_lose_their_marks() -> None:
    lines = markdown_lines("## 三、收到和处理\n> 引用的话\n### **四、行政复议**\n\n正文")
    assert _texts(lines) == [["三、收到和处理"], ["引用的话"], ["四、行政复议"], ["正文"]]
    assert not any(line.grid for line in lines)


def test_a_text_line_of_tabs_is_still_a_row() -> None:
    lines = markdown_lines("规章\t1\t2\r\n")
    assert _texts(lines) == [["规章", "1", "2"]]
    assert lines[0].grid


def test_read_markdown(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes("# 报告\n| 规章 | 1 |\n".encode("utf-8-sig"))
    read = read_markdown(path)
    assert (read.format, read.method, read.pages) == ("md", "text", None)
    assert _texts(read.lines) == [["报告"], ["规章", "1"]]


def test_read_a_sample_markdown_report() -> None:
    read = read_markdown(SAMPLES / "bureau_2022_markdown.md")
    assert any("杨凌示范区审计局" in line.text for line in read.lines)
    assert sum(line.grid for line in read.lines) > 30
