"""Write pipeline/data/fallback.ttf: the font PDFium is given for a Chinese font a PDF
names but does not embed, when the machine has no Chinese font of its own.

Every glyph is a plain box (full width for the CJK ranges, half width for Latin): the font
is never meant to be seen, only to give each character an outline, so that PDFium keeps a
text object of one character (it drops an object whose outline is empty) and so that the
same PDF gives the same characters on every machine. Run with fontTools installed
(``pip install fonttools``); the file is committed, so ogi needs no fontTools to run.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

FULL = (
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFF00, 0xFFEF),  # full-width forms
    (0x2000, 0x206F),  # general punctuation
)
HALF = ((0x21, 0x7E), (0xA1, 0xFF))


def _box(width: int) -> object:
    pen = TTGlyphPen(None)
    pen.moveTo((50, -100))
    pen.lineTo((50, 800))
    pen.lineTo((width - 50, 800))
    pen.lineTo((width - 50, -100))
    pen.closePath()
    return pen.glyph()


def build(target: Path) -> None:
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "full", "half"])
    cmap = {cp: "full" for low, high in FULL for cp in range(low, high + 1)}
    cmap.update({cp: "half" for low, high in HALF for cp in range(low, high + 1)})
    builder.setupCharacterMap(cmap)
    builder.setupGlyf({".notdef": _box(500), "full": _box(1000), "half": _box(500)})
    builder.setupHorizontalMetrics({".notdef": (500, 50), "full": (1000, 50), "half": (500, 50)})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": "OgiFallback", "styleName": "Regular"})
    builder.setupOS2(
        sTypoAscender=880,
        sTypoDescender=-120,
        usWinAscent=880,
        usWinDescent=120,
        ulCodePageRange1=(1 << 17) | (1 << 18) | (1 << 19) | (1 << 20),
    )
    builder.setupPost()
    builder.save(str(target))


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("pipeline/data/fallback.ttf"))
