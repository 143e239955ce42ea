"""Title, agency, year and date as real documents print them."""

from __future__ import annotations

import pytest

from pipeline.about.metadata import is_report_title, looks_like_report, read_metadata

BODY = "一、总体情况 本年度……"


@pytest.mark.parametrize(
    ("lines", "agency", "year"),
    [
        # the year first, and a township whose 政府 is part of the report words
        (["2019年川主乡政府信息公开工作年度报告", BODY], "川主乡人民政府", 2019),
        # …年度工作报告, the agency first
        (["淮安市人民政府2024年政府信息公开年度工作报告", BODY], "淮安市人民政府", 2024),
        # without 政府, a department
        (
            ["平潭综合实验区地方税务局2013年信息公开年度报告", BODY],
            "平潭综合实验区地方税务局",
            2013,
        ),
        # broken over two lines
        (["淮安市人民政府", "2024 年政府信息公开工作年度报告", BODY], "淮安市人民政府", 2024),
        (
            ["2025 年上海市人民政府办公厅政府信息公开", "工作年度报告", BODY],
            "上海市人民政府办公厅",
            2025,
        ),
        # a short form written out
        (["2024 年上海市科委政府信息公开工作", "年度报告", BODY], "上海市科学技术委员会", 2024),
        # a name the body prints longer
        (
            [
                "洪泽区人民政府",
                "2023 年政府信息公开工作年度报告",
                "本报告由淮安市洪泽区人民政府办公室编制。",
            ],
            "淮安市洪泽区人民政府",
            2023,
        ),
        # a place only: its government, as the body calls it
        (
            [
                "标题: 平潭综合实验区2019年度政府信息公开工作年度报告",
                "正文 实验区党工委、管委会部署；平潭综合实验区党工委管委会网站",
            ],
            "平潭综合实验区管委会",
            2019,
        ),
        (
            [
                "攀枝花市米易县得石镇 2023 年政府信息公开工作年度报告",
                BODY,
                "米易县得石镇人民政府",
                "2024年1月16日",
            ],
            "米易县得石镇人民政府",
            2023,
        ),
        # breadcrumbs are no title; the title after them is
        (
            [
                "当前位置： 首页 > 政务公开 > 年报 "
                + "平潭县人民政府2012年政府信息公开工作年度报告 来源：某网站 "
                + BODY
            ],
            "平潭县人民政府",
            2012,
        ),
    ],
)
def test_agency_and_year(lines: list[str], agency: str, year: int) -> None:
    metadata = read_metadata(lines)
    assert (metadata.agency, metadata.year) == (agency, year)


def test_the_year_from_the_statistics_sentence() -> None:
    lines = [
        "某某局政府信息公开工作报告",
        "本报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。",
    ]
    assert read_metadata(lines).year == 2022


@pytest.mark.parametrize(
    ("lines", "published"),
    [
        (
            ["标题: 某县2020年度政府信息公开工作年度报告", "发布时间: 2021-03-05 08:58", BODY],
            "2021-03-05",
        ),
        (["2019年某区政府信息公开工作年度报告", "发布日期：2020-01-31", BODY], "2020-01-31"),
        # the signature's date, with a site's footer after it
        (
            [
                "2022年某局政府信息公开工作年度报告",
                BODY,
                "某局",
                "2023年1月27日",
                "主办单位：某办 网站标识码 12",
            ],
            "2023-01-27",
        ),
        # a crawler's time and a print-out's are no publication dates
        (["抓取时间: 2026-09-10T12:40:19", "2022年某局政府信息公开工作年度报告", BODY], None),
        (["2023年某市政府信息公开工作年度报告", BODY, "生成时间:2026/1/31 4:14:06"], None),
        # a date in the year covered closes a sentence, not the report
        (["2024年某县政府信息公开工作年度报告", BODY, "数据截至2024年12月31日"], None),
    ],
)
def test_published(lines: list[str], published: str | None) -> None:
    assert read_metadata(lines).published == published


def test_a_list_of_reports_has_no_title_and_no_year() -> None:
    line = "政府信息公开年报 " + " ".join(
        f"某县{year}年度政府信息公开工作年度报告 {year + 1}-03-01" for year in range(2019, 2025)
    )
    metadata = read_metadata([line])
    assert (metadata.title, metadata.year, metadata.agency) == (None, None, "某县人民政府")


@pytest.mark.parametrize(
    ("title", "report"),
    [
        ("平潭综合实验区2019年度政府信息公开工作年度报告", True),
        ("某局2013年信息公开年度报告", True),
        ("关于2014年政府信息公开工作要点落实情况的函", False),
        ("关于公布2024年政府信息公开工作年度报告的公告", False),
        ("宿迁市 政务公开年报比对", False),
        ("政府信息公开工作年度报告格式模板", False),
    ],
)
def test_report_titles(title: str, report: bool) -> None:
    assert is_report_title(title) is report


def test_a_notice_does_not_read_like_a_report() -> None:
    assert not looks_like_report(["应急管理部2024年政府信息公开工作年度报告", "现予公布。"])
    assert looks_like_report(["某县2024年政府信息公开工作年度报告", "一、总体情况"])
    # a crawler's 栏目 header says nothing of the page
    assert not looks_like_report(["栏目: 政府信息公开年报", "关于某事的函", "总体情况良好"])
