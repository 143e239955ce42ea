"""Characters: the record a page's characters come in (from PDFium, placed by the file's
own font metrics), what kind a character is (a digit, a sign, a Chinese one), and a run of
positioned characters read back as text.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.records import Box

# Digits further apart than this many font sizes belong to two numbers (characters are
# placed by their advance, so the digits of one number touch, tracking aside).
DIGIT_GAP = 0.25


@dataclass(frozen=True, slots=True)
class Char(Box):
    """A character and its box in points, the page's top at y = 0."""

    text: str
    baseline: float
    size: float
    index: int = -1  # where the text layer lists it (its order there), -1 when unknown


def _numeric(char: str) -> bool:
    return char.isdigit() or char in ".,，．"


# Plus and minus signs, ASCII and full-width, before a number.
SIGNS = "-－+＋−"


def cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def text_of(chars: Sequence[Char]) -> str:
    """Characters → text, line by line (by baseline), with a space at wide gaps."""
    lines: list[list[Char]] = []
    for char in sorted(chars, key=lambda c: (c.baseline, c.x0)):
        if lines and abs(char.baseline - lines[-1][0].baseline) <= 0.5 * char.size:
            lines[-1].append(char)
        else:
            lines.append([char])
    out = []
    for line in lines:
        line.sort(key=lambda c: c.x0)
        text = line[0].text
        for previous, char in itertools.pairwise(line):
            # Digits are not split at a narrow gap (full-width ones drawn narrower than
            # their advance, tracking), but a gap of a whole character parts two numbers.
            gap = char.x0 - previous.x1
            numeric = char.text.isdigit() and (_numeric(previous.text) or previous.text in SIGNS)
            wide = gap > (DIGIT_GAP if numeric else 0.4) * char.size
            text += (" " if wide else "") + char.text
        out.append(text)
    return "\n".join(out)


# Two digits whose boxes share more than this share of the narrower one's width are drawn
# over one another (a producer that lost the font's widths), not side by side.
OVERDRAWN = 0.5


def overdrawn(chars: Sequence[Char]) -> bool:
    """Whether a number among ``chars`` shows its digits in another order than the text
    layer lists them, drawn so far over one another that the page is no witness either
    (a producer that placed the glyphs by other widths than their font's): the two orders
    disagree and neither can be trusted ("342693" listed, "342963" drawn).

    A run listed back to front (cairo) or drawn in separate pieces, each digit at its own
    place, is read by where its digits are: that order is sure."""
    listed = [c for c in chars if c.text.isdigit() and c.index >= 0]
    if len(listed) < 2:
        return False
    by_line: dict[float, list[Char]] = {}
    for char in listed:
        by_line.setdefault(round(char.baseline), []).append(char)
    for digits in by_line.values():
        digits.sort(key=lambda c: c.x0)
        steps = {b.index > a.index for a, b in itertools.pairwise(digits)}
        over = any(
            min(a.x1, b.x1) - max(a.x0, b.x0) > OVERDRAWN * min(a.width, b.width)
            for a, b in itertools.pairwise(digits)
        )
        if len(steps) == 2 and over:
            return True
    return False
