"""Title, agency, year covered and publication date, read from a document's text.

Real documents put these in many places, and this reads them where they are:

- **the title**, in any order (``2019年川主乡政府信息公开工作年度报告``,
  ``淮安市人民政府2024年政府信息公开工作年度报告``, ``…信息公开年度报告``, ``…年度工作报告``),
  broken over two lines, at the start of a crawled page's one-line body, or after its
  breadcrumbs (当前位置：首页 > …); a crawler's ``标题:`` header gives it too;
- **the agency**, from the title; where the title names a place only (平潭综合实验区,
  宿迁市), that place's government as the text calls it (…人民政府, …管委会); otherwise
  from the body (现将…, 本报告由…编制) or the signature (落款) at the end. A name the text
  also prints longer (洪泽区人民政府 / 淮安市洪泽区人民政府) is taken in full, and a
  common abbreviation (科委) is written out;
- **the year** from the title, else from the 统计期限 sentence;
- **the published date** from a 发布时间/发布日期 header, else the signature's date.

A page that lists several reports (a column's index page) is no report: it gets no title
and no year.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from pipeline.about.region import divisions
from pipeline.records import Metadata
from pipeline.spec import load_spec
from pipeline.text import chinese_small_number, chinese_year, squash

_CN_DIGIT = "〇零○Ｏ一二三四五六七八九"
_DATE = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")
_CN_DATE = re.compile(
    rf"([{_CN_DIGIT}]{{4}})年([{_CN_DIGIT}十]{{1,3}})月([{_CN_DIGIT}十]{{1,3}})日"
)
_ISO_DATE = re.compile(r"((?:19|20)\d{2})[-./](\d{1,2})[-./](\d{1,2})")
# The words that make a title a report's: 政府信息公开工作年度报告 and its variants.
_REPORT_WORDS = re.compile(
    r"(?:政府|政务)?信息公开(?:工作)?(?:年度)?(?:工作)?(?:报告|年报)"
    r"|政务公开(?:工作)?(?:年度报告|年报)"
)
_YEAR = re.compile(r"((?:19|20)\d{2})年度?")
# A report's title: what stands before its year, the year, then the report words.
_TITLE = re.compile(
    r"(?P<before>[\u4e00-\u9fff()]{0,30}?)(?P<year>(?:19|20)\d{2})年度?"
    r"(?P<after>[\u4e00-\u9fff()]{0,30}?)(?:政府|政务)?信息公开(?:工作)?(?:年度)?(?:工作)?(?:报告|年报)"
)
# Where a header line gives a field: 标题: …, 发布时间：…
_HEADER = re.compile(
    r"^(标题|题目|发布时间|发布日期|成文日期|发布机构|来源|信息来源)\s*[:：]\s*(.*)$"
)
# An agency's name ends with the kind of body it is.
_AGENCY_END = re.compile(
    r"(人民政府办公室|人民政府办公厅|人民政府|街道办事处|办事处|管理委员会|管委会|委员会|"
    r"办公室|办公厅|政府|局|委|厅|署|院|中心|所|站|集团|公司|部|会|馆|处|队|社)$"
)
# A bare place: what a title names when the report is its government's.
_PLACE_END = re.compile(r"(省|自治区|市|州|盟|县|旗|区|镇|乡|街道|实验区|新区|开发区|园区)$")
# Common short forms of bodies' names, written out.
_ABBREVIATIONS = {
    "科委": "科学技术委员会",
    "发改委": "发展和改革委员会",
    "经信委": "经济和信息化委员会",
    "教委": "教育委员会",
    "卫健委": "卫生健康委员会",
    "住建委": "住房和城乡建设委员会",
    "交通委": "交通委员会",
    "民宗委": "民族宗教事务委员会",
    "人社局": "人力资源和社会保障局",
    "住建局": "住房和城乡建设局",
    "市场监管局": "市场监督管理局",
    "发改局": "发展和改革局",
    "网信办": "网络安全和信息化委员会办公室",
    "政府办": "人民政府办公室",
}
# Text around a name in a sentence that is not part of it.
_LEAD = re.compile(r"^(?:关于|根据|现将|本报告由|由|在|对|经|按照|为|是|及|和|与|的)+")
_STATISTICS = re.compile(r"统计(?:期限|时限|时间|区间)")
# A report's title cited in a sentence (关于编制公布2021年…年度报告有关事项的通知).
_CITED = re.compile(r"关于|印发|编制|公布|做好|《")
# A line of a crawler's header or a page's chrome: a short key and a colon.
_KEY_LINE = re.compile(r"^[\u4e00-\u9fffA-Za-z ]{1,8}\s*[:：]|^=+|^页面链接")
MAX_TITLE = 60
# A page's footer: who runs the site, its licence numbers.
_FOOTER = re.compile(
    r"主办单位|承办单位|网站标识码|版权所有|ICP备|公网安备|技术支持|联系我们|生成时间|打印时间|抓取时间"
)
# A page's breadcrumbs: 首页 | 政府信息公开 | 年度报告, 当前位置：首页 > …
_BREADCRUMB = re.compile(r"[|>＞»/]|当前位置|首页")
# The signature's date stands within this many characters of the document's end.
SIGNATURE_TAIL = 40


def read_metadata(lines: Sequence[str]) -> Metadata:
    """Metadata from the text lines of a document (see the module's account)."""
    lines = [line.strip() for line in lines if line.strip()]
    headers = _headers(lines)
    titles = _titles(lines, headers)
    listing = len({year for _, year in titles if year is not None}) > 1 and _many(titles)
    title, year = (None, None) if listing or not titles else titles[0]
    if title is None and not listing:
        title = headers.get("标题") or headers.get("题目") or _first_line_title(lines)
    if year is None and not listing:
        year = _year(lines, title)
    text = "\n".join(lines)
    agency = _agency(title, titles if listing else [], text, lines)
    published = _published(headers, lines)
    if published and year is not None and int(published[:4]) <= year:
        published = None  # a date within the year covered is no publication date
    return Metadata(title=title, agency=agency, year=year, published=published)


def _headers(lines: Sequence[str]) -> dict[str, str]:
    """The ``key: value`` fields of a crawler's header block and of a page's chrome."""
    out: dict[str, str] = {}
    for line in lines[:40]:
        match = _HEADER.match(line)
        if match and match.group(2).strip():
            out.setdefault(match.group(1), match.group(2).strip())
    return out


def _titles(lines: Sequence[str], headers: dict[str, str]) -> list[tuple[str, int | None]]:
    """Report titles near the top of the document, in order: (title, year)."""
    found: list[tuple[str, int | None]] = []
    if "标题" in headers or "题目" in headers:
        header = headers.get("标题") or headers.get("题目") or ""
        match = _TITLE.search(squash(header))
        if match or _REPORT_WORDS.search(squash(header)):
            found.append((header, int(match.group("year")) if match else None))
    head = [line for line in lines[:80] if not _HEADER.match(line)]
    for index, line in enumerate(head):
        for candidate in _title_candidates(line, head[index + 1] if index + 1 < len(head) else ""):
            match = _TITLE.search(squash(candidate))
            if match and not _CITED.search(match.group("before")):
                found.append((match.group(0), int(match.group("year"))))
    return _distinct(found)


def _title_candidates(line: str, following: str) -> list[str]:
    """Where a title may be: a short line (with the next one, when the title broke over
    two lines), or the start of a long one (a crawled body, after its breadcrumbs)."""
    squashed = squash(line)
    if len(squashed) <= MAX_TITLE and not _BREADCRUMB.search(line):
        # a title broken over two lines, where the line alone is none
        broken = (
            following
            and len(squash(following)) <= MAX_TITLE
            and not _TITLE.search(squashed)
            and not _BREADCRUMB.search(line)
        )
        return [line + following] if broken else [line]
    return [segment for segment in re.split(r"\s+", line)[:400] if len(segment) <= 120]


def _distinct(found: list[tuple[str, int | None]]) -> list[tuple[str, int | None]]:
    out: list[tuple[str, int | None]] = []
    seen: set[str] = set()
    for title, year in found:
        key = _title_key(title)
        if key not in seen:
            seen.add(key)
            out.append((title, year))
    # The header's title and the body's are the same report written two ways.
    return out


def _title_key(title: str) -> str:
    return re.sub(r"年度|工作|政府|政务|的", "", squash(title))


def _many(titles: Sequence[tuple[str, int | None]]) -> bool:
    return len({_title_key(t) for t, _ in titles}) >= 3


def _first_line_title(lines: Sequence[str]) -> str | None:
    """A document that is no report names itself on its first line: a body's name, and
    perhaps a year and what it is on the next (上海市普陀区财政局 / 2024年度部门决算)."""
    for index, line in enumerate(lines[:12]):
        squashed = squash(line)
        if _KEY_LINE.match(line) or not 2 < len(squashed) <= MAX_TITLE:
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if _AGENCY_END.search(squashed) and _YEAR.match(squash(following)):
            return line + following
        return line
    return None


def _year(lines: Sequence[str], title: str | None) -> int | None:
    """The year covered: from the title, else from the 统计期限 sentence."""
    if title:
        match = _YEAR.search(squash(title))
        if match:
            return int(match.group(1))
    for line in lines[:200]:
        squashed = squash(line)
        for found in _STATISTICS.finditer(squashed):
            match = _YEAR.search(squashed, found.end(), found.end() + 30)
            if match:
                return int(match.group(1))
    return None


def _agency(
    title: str | None, listed: Sequence[tuple[str, int | None]], text: str, lines: Sequence[str]
) -> str | None:
    """The body the document is from (see the module's account)."""
    squashed_text = squash(text)
    found = [_title_agency(t) for t, _ in listed] if listed else [_title_agency(title or "")]
    names = [n for n in found if n]
    if names:
        name = Counter(names).most_common(1)[0][0]
        if _PLACE_END.search(name) and not _AGENCY_END.search(name):
            return _government(name, squashed_text)
        return _in_full(name, squashed_text)
    for written in (_body_agency(squashed_text), _signature(lines)):
        if written:
            return _in_full(written, squashed_text)
    return None


def _title_agency(title: str) -> str | None:
    """The name a title gives before or after its year (川主乡, 淮安市人民政府)."""
    squashed = squash(title)
    match = _TITLE.search(squashed)
    if match:
        before, after = match.group("before"), match.group("after")
        # "2019年川主乡政府信息公开…": 政府 belongs to the report words, 川主乡 is the place
        name = after or before
    else:
        match = _YEAR.search(squashed)
        name = squashed[: match.start()] if match else squashed
        name = _REPORT_WORDS.split(name)[0]
    name = _LEAD.sub("", name.strip("《》()（）:：,， "))
    return name if len(name) >= 2 else None


def _government(place: str, text: str) -> str:
    """The government of a place, as the text calls it: …人民政府, …管委会 (an
    experimental zone's), …街道办事处, under the place's full name or its own name without
    the places above it (攀枝花市米易县得石镇 → 米易县得石镇人民政府); by the kind of place
    where the text does not say."""
    for tail in _tails(place):
        for suffix in ("人民政府", "街道办事处"):
            if tail + suffix in text:
                return tail + suffix
    if re.search(re.escape(place) + r"(?:党工委)?(?:管委会|管理委员会)", text) or (
        "管委会" in text and re.search(r"(实验区|新区|开发区|园区)$", place)
    ):
        return place + "管委会"
    if place.endswith("街道"):
        return place + "办事处"
    return place + "人民政府"


def _tails(place: str) -> list[str]:
    """A place's name and the shorter names left after each level above it:
    攀枝花市米易县得石镇, 米易县得石镇, 得石镇."""
    cuts = [m.end() for m in re.finditer(r"(省|自治区|市|州|盟|县|旗|区)(?=.)", place)]
    return [place] + [place[cut:] for cut in cuts if len(place) - cut >= 2]


def _in_full(name: str, text: str) -> str:
    """A name written out: its abbreviation expanded, and its place prefix where the
    text prints the name longer (洪泽区人民政府 → 淮安市洪泽区人民政府)."""
    for short, full in _ABBREVIATIONS.items():
        if name.endswith(short) and full not in name:
            name = name[: -len(short)] + full
            break
    if not re.match(r"^[\u4e00-\u9fff]{1,8}?(区|县|旗|镇|乡|街道)", name):
        return name  # a province's or city's body names its place in full already
    _, places = divisions()
    longer: Counter[str] = Counter()
    for match in re.finditer(re.escape(name), text):
        before = text[max(0, match.start() - 8) : match.start()]
        cities = [before[-n:] for n in range(2, len(before) + 1) if before[-n:] in places]
        if cities and cities[0].endswith(("市", "州", "盟")):
            longer[cities[0] + name] += 1
    return longer.most_common(1)[0][0] if longer else name


# 现将淮安市淮阴区人民政府2023年度…报告如下 / 本报告由淮安市人民政府办公室…编制
_BODY_AGENCY = (
    re.compile(r"现将([\u4e00-\u9fff]{2,30}?)(?:19|20)\d{2}年"),
    re.compile(r"本(?:年度)?报告由([\u4e00-\u9fff]{2,30}?)(?:根据|依据|按照|编制|汇总)"),
)


def _body_agency(text: str) -> str | None:
    for pattern in _BODY_AGENCY:
        match = pattern.search(text[:3000])
        if match and _AGENCY_END.search(match.group(1)):
            return match.group(1)
    return None


def _signature(lines: Sequence[str]) -> str | None:
    """The agency signed at the end, on the date's line or just before it."""
    tail = squash(" ".join(lines[-4:]))[-160:]
    for match in list(_DATE.finditer(tail))[::-1]:
        before = tail[: match.start()]
        name = re.search(r"([\u4e00-\u9fff]{2,30})$", before)
        if name and _AGENCY_END.search(name.group(1)):
            return _trim_sentence(name.group(1))
    return None


def _trim_sentence(name: str) -> str:
    """The name at the end of a run of text: after the last sentence's end."""
    for stop in ("。", "；", "，", "服务", "提供"):
        if stop in name:
            name = name.rsplit(stop, 1)[1]
    return name


def _dates(text: str) -> list[str]:
    found = []
    for match in _DATE.finditer(text):
        y, m, d = (int(g) for g in match.groups())
        found.append((match.start(), y, m, d))
    for match in _CN_DATE.finditer(text):
        y2 = chinese_year(match.group(1))
        m2, d2 = (chinese_small_number(g) for g in match.groups()[1:])
        if y2 and m2 and d2:
            found.append((match.start(), y2, m2, d2))
    for match in _ISO_DATE.finditer(text):
        y, m, d = (int(g) for g in match.groups())
        found.append((match.start(), y, m, d))
    return [
        f"{y:04d}-{m:02d}-{d:02d}" for _, y, m, d in sorted(found) if 1 <= m <= 12 and 1 <= d <= 31
    ]


def _published(headers: dict[str, str], lines: Sequence[str]) -> str | None:
    """From a 发布时间/发布日期 header, else the signature's date at the very end."""
    for key in ("发布时间", "发布日期", "成文日期"):
        if key in headers and (dates := _dates(squash(headers[key]))):
            return dates[0]
    for line in lines[:40]:
        pattern = (
            r"(?<!抓取)(?<!采集)(?<!更新)(?<!生成)(?<!打印)"
            r"(?:发布时间|发布日期|时间)[:：]\s*([0-9年月日\-./]{8,12})"
        )
        for match in re.finditer(pattern, line):
            if dates := _dates(squash(match.group(1))):
                return dates[0]
    # the signature's date closes the document (a 附件下载 link or a site's footer may
    # follow it)
    body = list(lines)
    while body and _FOOTER.search(body[-1]):
        body.pop()
    tail = re.sub(r"(附件下载|附件|打印本页|关闭窗口|【.*?】)+$", "", squash(" ".join(body[-3:])))
    dates = _dates(tail[-SIGNATURE_TAIL:])
    return dates[-1] if dates else None


# What a report's body has: its first section, or the title of one of its tables (the
# spec's ``report_mark``).
_REPORT_PARTS = (
    "总体情况",
    "概述",
    "基本情况",
    *(table.report_mark for table in load_spec().tables if table.report_mark),
)
_NOT_A_REPORT_TITLE = re.compile(r"关于|通知|公告|公示|函$|比对|对比|格式|模板|目录")


def is_report_title(title: str | None) -> bool:
    """Whether a title is an annual report's (not a letter's or notice's about one)."""
    squashed = squash(title or "")
    return bool(_REPORT_WORDS.search(squashed)) and not _NOT_A_REPORT_TITLE.search(squashed)


def listed_titles(lines: Sequence[str]) -> list[str]:
    """The distinct report titles near the top of a document."""
    lines = [line.strip() for line in lines if line.strip()]
    return [title for title, _ in _titles(lines, _headers(lines))]


def looks_like_report(lines: Sequence[str]) -> bool:
    """True when the text calls itself a government information disclosure annual report
    and reads like one (its first section, 总体情况); False for a notice that only names
    a report, a letter, a list of reports, a comparison of two. A crawler's header lines
    other than the title (栏目: 政府信息公开年报) say nothing of the page."""
    kept = [
        line
        for line in lines[:80]
        if not _KEY_LINE.match(line.strip()) or _HEADER.match(line.strip())
    ]
    head = squash(" ".join(kept))
    if not _REPORT_WORDS.search(head) or re.search(r"比对|对比", head[:200]):
        return False
    text = squash(" ".join(lines))
    return any(word in text for word in _REPORT_PARTS)
