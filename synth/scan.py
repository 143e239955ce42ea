"""Scans made from generated PDFs: pages rasterised at a scanner's resolution, turned a little,
with grain and blur, saved as an image-only PDF, a multi-page TIFF or one long PNG/JPEG (the
way a township posts its report as a picture)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

from pipeline.readers.pdf.pdfium import fonts


@dataclass(frozen=True)
class ScanStyle:
    dpi: int = 150
    max_skew: float = 1.5  # degrees, either way
    noise: float = 10.0  # standard deviation of the grain, in grey levels
    blur: float = 0.0  # Gaussian blur radius in pixels


def scan_pages(pdf: Path, style: ScanStyle, rng: random.Random) -> list[Image.Image]:
    """Each page of ``pdf`` as a grey scan, drawn with the machine's fonts (where the
    process has read a PDF's text before, PDFium's font mapper would otherwise give a
    font the file does not embed ogi's stand-in of boxes)."""
    with fonts().rendering():
        return _scanned(pdf, style, rng)


def _scanned(pdf: Path, style: ScanStyle, rng: random.Random) -> list[Image.Image]:
    document = pdfium.PdfDocument(str(pdf))
    pages = []
    try:
        for index in range(len(document)):
            page = document[index]
            image = page.render(scale=style.dpi / 72, grayscale=True).to_pil().convert("L")
            page.close()
            skew = rng.uniform(-style.max_skew, style.max_skew)
            image = image.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
            if style.blur:
                image = image.filter(ImageFilter.GaussianBlur(style.blur))
            pixels = np.asarray(image).astype(np.float32)
            grain = np.random.default_rng(rng.randrange(2**32)).normal(0, style.noise, pixels.shape)
            pixels = np.clip(pixels + grain, 0, 255).astype(np.uint8)
            pages.append(Image.fromarray(pixels))
    finally:
        document.close()
    return pages


def write_scan(pages: list[Image.Image], path: Path, dpi: int) -> None:
    """Save pages by ``path``'s suffix: .pdf and .tif keep pages, .png and .jpg stack them."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        pages[0].save(path, save_all=True, append_images=pages[1:], resolution=dpi)
    elif suffix in (".tif", ".tiff"):
        pages[0].save(
            path, save_all=True, append_images=pages[1:], dpi=(dpi, dpi), compression="tiff_lzw"
        )
    else:
        width = max(p.width for p in pages)
        tall = Image.new("L", (width, sum(p.height for p in pages)), 255)
        top = 0
        for page in pages:
            tall.paste(page, (0, top))
            top += page.height
        options = {"quality": 85} if suffix in (".jpg", ".jpeg") else {}
        tall.save(path, dpi=(dpi, dpi), **options)


def page_texts(pdf: Path) -> list[str]:
    """The text layer of each page of ``pdf``."""
    document = pdfium.PdfDocument(str(pdf))
    texts = []
    try:
        for index in range(len(document)):
            textpage = document[index].get_textpage()
            texts.append(textpage.get_text_bounded())
            textpage.close()
    finally:
        document.close()
    return texts


# The line of text a report puts above a table it pasted as a picture.
CAPTION = "附表：本年度政府信息公开工作情况统计表（以下为表格图片）"


def paste_tables_as_pictures(
    pdf: Path,
    target: Path,
    style: ScanStyle,
    rng: random.Random,
    holds_tables: Callable[[str], bool],
) -> None:
    """``pdf`` with every page that holds tables replaced by a picture of it (scanned as
    ``style`` says) under a line of real text: the report whose body is text but whose
    tables were pasted in as images."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from synth.pdfdraw import FONT

    chosen = [index for index, text in enumerate(page_texts(pdf)) if holds_tables(text)]
    source = pdfium.PdfDocument(str(pdf))
    pictures = target.with_suffix(".pictures.pdf")
    try:
        scans = scan_pages(pdf, style, rng)
        sheet = canvas.Canvas(str(pictures))
        for index in chosen:
            width, height = source[index].get_size()
            sheet.setPageSize((width, height))
            sheet.drawImage(ImageReader(scans[index]), 0, 0, width, height)
            sheet.setFont(FONT, 9)
            sheet.drawString(40, height - 24, CAPTION)
            sheet.showPage()
        sheet.save()
        out = pdfium.PdfDocument.new()
        pasted = pdfium.PdfDocument(str(pictures))
        for index in range(len(source)):
            if index in chosen:
                out.import_pages(pasted, [chosen.index(index)])
            else:
                out.import_pages(source, [index])
        out.save(str(target))
        pasted.close()
        out.close()
    finally:
        source.close()
        pictures.unlink(missing_ok=True)


def word_with_table_pictures(
    pdf: Path,
    target: Path,
    style: ScanStyle,
    rng: random.Random,
    holds_tables: Callable[[str], bool],
) -> None:
    """A Word file of the report in ``pdf``: the text of its pages as paragraphs, and each
    page that holds tables as a picture of it (scanned as ``style`` says), the way a
    report is written when its tables were pasted in as screenshots."""
    import io

    import docx
    from docx.shared import Inches

    document = docx.Document()
    for scan, text in zip(scan_pages(pdf, style, rng), page_texts(pdf), strict=True):
        if holds_tables(text):
            picture = io.BytesIO()
            scan.save(picture, format="PNG")
            picture.seek(0)
            document.add_picture(picture, width=Inches(6.3))
        else:
            for line in text.splitlines():
                if line.strip():
                    document.add_paragraph(line.strip())
    document.save(str(target))
