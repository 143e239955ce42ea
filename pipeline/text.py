"""Clean-up of printed labels and numbers: pure functions on strings.

Labels are normalised before matching (full/half width, whitespace and line breaks,
quotes, a few traditional characters, leading enumerators). Numbers are parsed into a
:class:`Number` that keeps what was printed, so a blank or a dash never becomes 0.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Characters that auto-converted traditional mirrors of reports print (report-format.md V16).
_TRADITIONAL = str.maketrans(
    {
        "規": "规",
        "範": "范",
        "檔": "档",
        "開": "开",
        "資": "资",
        "訊": "讯",
        "處": "处",
        "罰": "罚",
        "強": "强",
        "許": "许",
        "費": "费",
        "請": "请",
        "數": "数",
        "結": "结",
        "轉": "转",
        "來": "来",
        "與": "与",
        "國": "国",
        "機": "机",
        "關": "关",
        "護": "护",
        "權": "权",
        "無": "无",
        "訴": "诉",
        "議": "议",
        "審": "审",
        "維": "维",
        "糾": "纠",
        "總": "总",
        "計": "计",
        "會": "会",
        "組": "组",
        "織": "织",
        "個": "个",
        "業": "业",
        "構": "构",
        "務": "务",
        "項": "项",
        "條": "条",
        "廢": "废",
        "現": "现",
        "發": "发",
        "決": "决",
        "須": "须",
        "復": "复",
        "準": "准",
        "購": "购",
        "採": "采",
        "額": "额",
        "經": "经",
        "頁": "页",
        "報": "报",
        "時": "时",
        "們": "们",
        "門": "门",
        "後": "后",
        "為": "为",
        "況": "况",
        "筆": "笔",
        "確": "确",
        "認": "认",
        "舉": "举",
        "補": "补",
        "當": "当",
        "環": "环",
        "態": "态",
        "區": "区",
        "縣": "县",
        "鎮": "镇",
        "鄉": "乡",
        "號": "号",
        "內": "内",
        "實": "实",
        "級": "级",
        "證": "证",
        "驗": "验",
        "應": "应",
        "據": "据",
        "對": "对",
        "進": "进",
        "樣": "样",
        "類": "类",
    }
)

# Radicals that fonts draw with the glyph of a whole character, so that a PDF's text layer
# (its ToUnicode map names the first code point of a shared glyph) or a page copied from it
# prints "⼈⺠政府" for 人民政府: the Kangxi radicals and compatibility ideographs, whose
# NFKC form is the character, and those CJK radical supplements that are one.
_SUPPLEMENT = (
    "⺟母⺠民⺩王⺮竹⺝月⺜日⺗心⺼肉⺶羊⺷羊⺻聿⺽臼⻁虎⻄西⻅见⻆角⻉贝⻊足⻋车⻐钅⻈讠"
    "⻑長⻓长⻔门⻗雨⻘青⻙韦⻚页⻛风⻜飞⻝食⻟飠⻠饣⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾"
    "⻫斉⻬齐⻭歯⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟⺁厂⺇几⺒巳⺓幺⺛旡⺬示⺯糸⺰纟⻏阝⻖阝⺦丬⺪疋"
)
IDEOGRAPHS: dict[int, str] = {
    code: whole
    for code in (*range(0x2F00, 0x2FD6), *range(0xF900, 0xFADA))
    if len(whole := unicodedata.normalize("NFKC", chr(code))) == 1 and whole != chr(code)
} | {
    ord(radical): whole for radical, whole in zip(_SUPPLEMENT[::2], _SUPPLEMENT[1::2], strict=True)
}


def unify_ideographs(text: str) -> str:
    """Radicals and compatibility ideographs that stand for a character → the character:
    "⼈⺠政府" → "人民政府"."""
    return text.translate(IDEOGRAPHS)


_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"'})
_SPACE = re.compile(r"\s+")
_CN_DIGITS = "一二三四五六七八九十"
# 一、 （一） (一) 1. 1、 1． ① ... at the start of a label; applied repeatedly.
_ENUMERATOR = re.compile(
    rf"^(?:[{_CN_DIGITS}]+[、.]|\([{_CN_DIGITS}]+\)[、.]?|\d{{1,2}}(?:[、.](?!\d)|\))|\(\d{{1,2}}\)|[①-⑳])"
)
_PARENTHESISED = re.compile(r"\([^()]*\)")


def to_simplified(text: str) -> str:
    """Traditional characters that mirrors print → simplified; curly quotes → straight."""
    return text.translate(_TRADITIONAL).translate(_QUOTES)


@lru_cache(maxsize=65536)
def squash(text: str) -> str:
    """NFKC (full width → half width), simplified characters, no whitespace at all."""
    text = unicodedata.normalize("NFKC", text).translate(_TRADITIONAL).translate(_QUOTES)
    return _SPACE.sub("", text).replace("檔案", "文件").replace("档案", "文件")


def split_enumerators(text: str) -> tuple[str, str]:
    """``"(三)不予公开"`` → ``("(三)", "不予公开")``: leading ordinals split from the label."""
    ordinal = ""
    while True:
        match = _ENUMERATOR.match(text)
        if not match:
            return ordinal, text
        ordinal += match.group(0)
        text = text[match.end() :]


@lru_cache(maxsize=65536)
def label_key(text: str) -> str:
    """The form in which labels are compared: squashed, without enumerators."""
    return split_enumerators(squash(text))[1]


# A note left open at the end of a line: the label's line broke inside it.
_OPEN_NOTE = re.compile(r"(?<=.)\([^()]*$")


def without_notes(text: str) -> str:
    """A squashed label without its parenthesised notes (provincial annotations, V12),
    and without a note its line broke inside ("规章(设区的市、…应提供相关数")."""
    previous = None
    while previous != text:
        previous, text = text, _PARENTHESISED.sub("", text)
    return _OPEN_NOTE.sub("", text)


# Splits a squashed combined label such as "(三)不予公开1.属于国家秘密" into its parts.
_SEGMENT_START = re.compile(
    rf"(?:[{_CN_DIGITS}]+、|\([{_CN_DIGITS}]+\)|(?<![\d.])\d{{1,2}}[、.](?!\d))"
)


def ordinal_segments(text: str) -> list[tuple[str, str]]:
    """The enumerated parts of a combined label as (enumerator, label) pairs, non-empty.

    >>> ordinal_segments("(三) 不予公开 1. 属于国家秘密")
    [('(三)', '不予公开'), ('1.', '属于国家秘密')]
    """
    squashed = squash(text)
    starts = [m.start() for m in _SEGMENT_START.finditer(squashed)]
    bounds = [0, *[s for s in starts if s > 0], len(squashed)]
    parts = [split_enumerators(squashed[a:b]) for a, b in itertools.pairwise(bounds)]
    return [(ordinal, label) for ordinal, label in parts if label]


_ORDINAL_KINDS = (
    ("cn_paren", re.compile(rf"^\(([{_CN_DIGITS}]+)\)")),
    ("cn", re.compile(rf"^([{_CN_DIGITS}]+)[、.]")),
    ("num_paren", re.compile(r"^\((\d+)\)")),
    ("num", re.compile(r"^(\d+)[、.)]")),
)


def ordinal_kind(ordinal: str) -> tuple[str, int | None]:
    """``"(六)"`` → ``("cn_paren", 6)``, ``"3、"`` → ``("num", 3)``; ``("", None)`` for none."""
    squashed = squash(ordinal)
    for kind, pattern in _ORDINAL_KINDS:
        match = pattern.match(squashed)
        if match:
            digits = match.group(1)
            number = int(digits) if digits.isdigit() else chinese_small_number(digits)
            return kind, number
    return "", None


# --- numbers -------------------------------------------------------------------------

NULL_MARKS = frozenset({"", "-", "—", "–", "－", "/", "无", "——", "--", "／", "N/A", "n/a", "\\"})
_NUMBER = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(万元|元|件|个|条|项|次|%)?$")


@dataclass(frozen=True)
class Number:
    """A parsed cell. ``value`` is None for blanks and dashes; ``raw`` is as printed."""

    value: float | None
    raw: str
    unit: str = ""


def parse_number(text: str | None) -> Number | None:
    """Parse a printed cell. None when it is not a number or a blank mark at all.

    >>> parse_number("1,234").value
    1234.0
    >>> parse_number("—").value is None
    True
    """
    return _parse_number(text or "")


@lru_cache(maxsize=65536)
def _parse_number(text: str) -> Number | None:
    # the same few printed cells recur across a batch's reports: parsed once each
    raw = text.strip()
    cleaned = unicodedata.normalize("NFKC", raw).strip()
    if _SPACE.search(cleaned):
        return None  # "42 42 52" is three numbers, not one
    cleaned = cleaned.replace("，", ",").replace("－", "-").replace("−", "-")
    if cleaned in NULL_MARKS:
        return Number(None, raw)
    match = _NUMBER.match(cleaned)
    if not match:
        return None
    sign, digits, decimals, unit = match.groups()
    value = float(digits.replace(",", "") + (decimals or ""))
    return Number(-value if sign == "-" else value, raw, unit or "")


def is_number_token(text: str) -> bool:
    """True for a printed number or a blank mark other than the empty string."""
    stripped = text.strip()
    return bool(stripped) and parse_number(stripped) is not None


_CN_NUM = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0, "O": 0}


def chinese_year(text: str) -> int | None:
    """``"二〇二四"`` → 2024 (digit by digit); None when not four such characters."""
    if len(text) != 4 or any(c not in _CN_NUM for c in text):
        return None
    return int("".join(str(_CN_NUM[c]) for c in text))


def chinese_small_number(text: str) -> int | None:
    """``"十六"`` → 16, ``"三十一"`` → 31, ``"九"`` → 9 (months and days)."""
    if not text or any(c not in _CN_NUM and c != "十" for c in text):
        return None
    if "十" not in text:
        return _CN_NUM[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    return (_CN_NUM[tens] if tens else 1) * 10 + (_CN_NUM[ones] if ones else 0)
