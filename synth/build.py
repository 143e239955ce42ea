"""Ready-made reports: narrative around random consistent values."""

from __future__ import annotations

import random

from synth.model import Printing, Report, random_values


def narrative(
    agency: str, year: int, values: dict[tuple[str, str, str], float | str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    received = values.get(("t3", "r1", "total"), 0)
    reviews = values.get(("t4", "r1", "review_total"), 0)
    suits = float(values.get(("t4", "r1", "suit_direct_total"), 0)) + float(
        values.get(("t4", "r1", "suit_after_review_total"), 0)
    )
    items = random.Random(year).randint(100, 9000)
    intro = (
        f"根据《中华人民共和国政府信息公开条例》（国令第711号）要求，现将{agency}{year}年度政府信息公开工作情况报告如下。",
        "一、总体情况",
        "（一）主动公开",
        f"{year}年，{agency}在门户网站主动公开政府信息{items}条，及时发布政策文件和工作动态。",
        "（二）依申请公开",
        f"全年共收到政府信息公开申请{received:g}件，因政府信息公开申请引发行政复议{reviews:g}件、"
        f"行政诉讼{suits:g}件。"
        if isinstance(received, (int, float))
        else "",
        "（三）政府信息管理",
        "健全公开前保密审查机制，规范信息发布流程。",
        "（四）政府信息公开平台建设",
        "持续优化政府网站信息公开专栏，确保内容数据同源。",
        "（五）监督保障",
        "将政务公开工作纳入年度绩效考核，组织专题培训4次。",
    )
    closing = (
        "五、存在的主要问题及改进情况",
        "一是公开内容的深度有待拓展；二是政策解读形式较为单一。下一步将加强培训，丰富解读形式。",
        "六、其他需要报告的事项",
        "本年度未收取信息处理费。",
        agency,
        f"{year + 1}年1月{random.Random(year).randint(10, 28)}日",
    )
    return tuple(t for t in intro if t), closing


def make_report(
    name: str,
    agency: str,
    year: int,
    template: str,
    scale: str,
    seed: int,
    printing: Printing | None = None,
) -> Report:
    rng = random.Random(seed)
    printing = printing or Printing()
    t2_template = printing.t2_template or template
    values = random_values(rng, template, t2_template, scale) if template != "pre2019" else {}
    intro, closing = narrative(agency, year, values)
    day = int(closing[-1].split("月")[1].rstrip("日"))
    return Report(
        name=name,
        template=template,
        agency=agency,
        year=year,
        published=f"{year + 1}-01-{day:02d}",
        values=values,
        intro=intro,
        closing=closing,
        printing=printing,
    )
