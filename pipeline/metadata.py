"""Title, agency, year covered and publication date, read from a document's text."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.records import Metadata
from pipeline.text import chinese_small_number, chinese_year, squash

REPORT_WORDS = ("政府信息公开", "年度报告")
_TITLE = re.compile(r"(?P<year>(?:19|20)\d{2})年(?:度)?.{0,12}?政府信息公开.{0,6}年度报告")
_CN_DIGIT = "〇零○Ｏ一二三四五六七八九"
_DATE = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")
_CN_DATE = re.compile(
    rf"([{_CN_DIGIT}]{{4}})年([{_CN_DIGIT}十]{{1,3}})月([{_CN_DIGIT}十]{{1,3}})日"
)
_ISO_DATE = re.compile(r"((?:19|20)\d{2})[-./](\d{1,2})[-./](\d{1,2})")
_AGENCY_END = re.compile(
    r"(人民政府|办公室|办公厅|委员会|政府|局|委|厅|署|院|中心|所|站|街道办事处|办事处|管委会|集团|公司|镇|乡|街道|部|会)$"
)


_TITLE_WORDS = re.compile(r"政府信息公开.{0,4}年度报告")


def _title(lines: Sequence[str]) -> tuple[str | None, int | None]:
    """The first line near the top that names the year and the report, else one that at
    least names the report."""
    fallback = None
    for line in lines[:60]:
        squashed = squash(line)
        if len(squashed) > 80 or not _TITLE_WORDS.search(squashed):
            continue
        match = _TITLE.search(squashed)
        if match:
            return line.strip(), int(match.group("year"))
        fallback = fallback or line.strip()
    return fallback, None


def _dates(lines: Sequence[str]) -> list[tuple[int, str]]:
    found = []
    for index, line in enumerate(lines):
        squashed = squash(line)
        for match in _DATE.finditer(squashed):
            y, m, d = (int(g) for g in match.groups())
            found.append((index, f"{y:04d}-{m:02d}-{d:02d}"))
        for match in _CN_DATE.finditer(squashed):
            y2, m2, d2 = (
                chinese_year(match.group(1)),
                *(chinese_small_number(g) for g in match.groups()[1:]),
            )
            if y2 and m2 and d2:
                found.append((index, f"{y2:04d}-{m2:02d}-{d2:02d}"))
        for match in _ISO_DATE.finditer(squashed):
            y, m, d = (int(g) for g in match.groups())
            if 1 <= m <= 12 and 1 <= d <= 31:
                found.append((index, f"{y:04d}-{m:02d}-{d:02d}"))
    return found


def _valid(date: str) -> bool:
    _, month, day = (int(p) for p in date.split("-"))
    return 1 <= month <= 12 and 1 <= day <= 31


def read_metadata(lines: Sequence[str]) -> Metadata:
    """Metadata from the text lines of a report (title near the top, signature at the end)."""
    lines = [line for line in lines if line.strip()]
    title, year = _title(lines)
    published = None
    agency = None
    tail_start = max(0, len(lines) - 8)
    dated = [(i, d) for i, d in _dates(lines) if i >= tail_start and _valid(d)]
    if dated:
        index, published = dated[-1]
        for back in range(index - 1, max(index - 4, -1), -1):
            candidate = squash(lines[back])
            if 2 < len(candidate) <= 40 and "。" not in candidate and _AGENCY_END.search(candidate):
                agency = candidate
                break
        # The signature and the date may share a line: "某某局 2024年1月16日".
        if agency is None:
            before = squash(lines[index]).split(published[:4])[0]
            if 2 < len(before) <= 40 and _AGENCY_END.search(before):
                agency = before
    if agency is None and title:
        squashed = squash(title)
        match = re.match(r"^(.*?)(?:19|20)\d{2}年", squashed)
        prefix = match.group(1) if match else squashed.split("政府信息公开")[0]
        prefix = prefix.strip("《》()关于")
        agency = prefix or None
    if year is None and title:
        match = re.search(r"(?:19|20)\d{2}", squash(title))
        year = int(match.group(0)) if match else None
    return Metadata(title=title, agency=agency, year=year, published=published)


def looks_like_report(lines: Sequence[str]) -> bool:
    """True when the text calls itself a government information disclosure annual report."""
    head = squash(" ".join(lines[:60]))
    return all(word in head for word in REPORT_WORDS) or "政府信息公开工作" in head
