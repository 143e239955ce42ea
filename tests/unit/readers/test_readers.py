from __future__ import annotations

from pathlib import Path

from pipeline.readers import read, sniff
from pipeline.readers.html import html_lines
from pipeline.readers.markdown import markdown_lines
from pipeline.readers.plain import text_lines

PAGE = """<html><head><meta charset="gbk"><script>var a = "<td>x</td>";</script></head>
<body><div>首页 | 信息公开</div>
<table><tr><td>
  <p>某某县2023年政府信息公开工作年度报告</p>
  <table border=1>
    <tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>5</td><td>&nbsp;</td></tr>
    <tr><td rowspan="2">（三）不予公开</td><td>1.属于国家秘密</td><td>0</td><td>1</td></tr>
  </table>
  <p>五、存在的主要问题</p>
</td></tr></table></body></html>"""


def test_html_rows_cells_and_nested_layout_tables() -> None:
    lines = html_lines(PAGE)
    texts = [[c.text for c in line.cells] for line in lines]
    assert ["首页 | 信息公开"] in texts
    assert ["某某县2023年政府信息公开工作年度报告"] in texts
    assert ["一、本年新收政府信息公开申请数量", "5", ""] in texts
    assert ["（三）不予公开", "1.属于国家秘密", "0", "1"] in texts
    assert texts.index(["五、存在的主要问题"]) > texts.index(
        ["（三）不予公开", "1.属于国家秘密", "0", "1"]
    )
    assert not any("var a" in " ".join(t) for t in texts)


def test_html_in_gbk_and_as_mht(tmp_path: Path) -> None:
    page = tmp_path / "page.htm"
    page.write_bytes(PAGE.encode("gbk"))
    assert any("年度报告" in line.text for line in read(page).lines)
    mht = tmp_path / "page.mht"
    mht.write_bytes(
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="B"\r\n\r\n--B\r\n'
        b'Content-Type: text/html; charset="gb2312"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
        + __import__("base64").encodebytes(PAGE.encode("gbk"))
        + b"\r\n--B--\r\n"
    )
    assert sniff(mht, mht.read_bytes()[:100]) == "mht"
    assert any("年度报告" in line.text for line in read(mht).lines)


def test_tab_text_keeps_blank_cells() -> None:
    (line,) = text_lines("（七）总计\t1\t\t\t0\n")
    assert [c.text for c in line.cells] == ["（七）总计", "1", "", "", "0"]
    assert line.grid


def test_markdown_pipe_tables_broken_or_not() -> None:
    lines = markdown_lines("## 三、收到\n| a | b<br>c |\n|---|---|\n规章 | 1 | 2\n")
    assert [c.text for c in lines[0].cells] == ["三、收到"]
    assert [c.text for c in lines[1].cells] == ["a", "b c"]
    assert [c.text for c in lines[2].cells] == ["规章", "1", "2"]


def test_every_reader_gives_radicals_as_the_characters_they_stand_for(tmp_path: Path) -> None:
    # a page copied from a PDF whose font shares the glyphs of ⼈ and ⺠ with 人 and 民
    page = tmp_path / "copied.html"
    page.write_text(
        "<html><body><p>某县⼈⺠政府2023年政府信息公开工作年度报告</p>"
        "<table><tr><td>⾏政许可</td><td>3</td></tr></table></body></html>",
        encoding="utf-8",
    )
    texts = [[c.text for c in line.cells] for line in read(page).lines]
    assert texts == [["某县人民政府2023年政府信息公开工作年度报告"], ["行政许可", "3"]]
