"""A report as a browser prints its web page to PDF (the ``chrome_pdf`` producer, and
``weasy_pdf`` and ``wk_pdf`` for WeasyPrint and wkhtmltopdf where installed): the page
of :func:`synth.render.html_page` with a style drawn at random per document (font and size,
cell padding, rules on every side, horizontal only or none, where text sits in a cell, table
width), printed by headless Chromium on A4 with or without the browser's own header and
footer (date, title, address, page numbers). Tables cross pages wherever the page ends,
with no header repeated, as browsers print tables without a ``<thead>``."""

from __future__ import annotations

import importlib.util
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

from pipeline.readers.browser import chromium
from synth.layout import Printed
from synth.render import html_page

RULES = ("all", "horizontal", "none")
_BORDERS = {
    "all": "table table td{border:1px solid #000}",
    "horizontal": "table table td{border:none;border-top:1px solid #000;"
    "border-bottom:1px solid #000}",
    "none": "table table td{border:none}",
}


def page_style(rng: random.Random, rules: str) -> str:
    """A page's CSS, as one site's stylesheet sets it."""
    family = rng.choice(["'Noto Serif CJK SC', serif", "'Noto Sans CJK SC', sans-serif"])
    size = rng.choice([12, 13, 14, 15, 16])
    cell = rng.choice([9, 10, 11, 12, 13, 14])
    padding = f"{rng.randint(0, 5)}px {rng.randint(1, 8)}px"
    align = rng.choice(["middle", "top", "bottom"])
    # Tables as wide as the page, or nearly: a table sized to its content ("auto") makes
    # a browser wrap full-width numbers inside their cells, which sites rarely show.
    width = rng.choice(["100%", "96%", "90%"])
    spacing = rng.choice(["separate; border-spacing:0", "collapse"])
    return (
        f"body{{font-family:{family};font-size:{size}px;margin:{rng.randint(0, 30)}px}}"
        f"table table{{width:{width};border-collapse:{spacing}}}"
        f"table table td{{font-size:{cell}px;padding:{padding};vertical-align:{align}}}"
        f"td p{{margin:0}}td.content{{border:none}}{_BORDERS[rules]}"
    )


def write_browser_pdf(printed: Printed, path: Path, rules: str, seed: int) -> None:
    """Print the report's web page to ``path`` with Chromium (which must be installed)."""
    binary = chromium()
    if binary is None:
        raise RuntimeError("the chrome_pdf producer needs Chromium: apt-get install chromium")
    rng = random.Random(seed)
    page = html_page(printed).decode("utf-8")
    page = page.replace("</head>", f"<style>{page_style(rng, rules)}</style></head>", 1)
    chrome = [] if rng.random() < 0.5 else ["--no-pdf-header-footer"]
    with tempfile.TemporaryDirectory(prefix="synth-print-") as work:
        source = Path(work) / "page.html"
        source.write_text(page, encoding="utf-8")
        subprocess.run(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             f"--user-data-dir={work}/profile", *chrome, "--no-first-run",
             f"--print-to-pdf={path}", source.as_uri()],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip


def weasyprint_ready() -> bool:
    """Whether WeasyPrint can print here (the package, and the Pango it loads)."""
    if importlib.util.find_spec("weasyprint") is None:
        return False
    try:
        import weasyprint  # noqa: F401
    except OSError:  # Pango missing
        return False
    return True


def wkhtmltopdf() -> str | None:
    return shutil.which("wkhtmltopdf")


def write_engine_pdf(printed: Printed, path: Path, rules: str, seed: int, engine: str) -> None:
    """Print the report's web page, styled as for Chromium, with another engine: WeasyPrint
    (its own PDF writer; it boxes every cell and splits a tall row over a page break, each
    cell's text on the page where it fits) or wkhtmltopdf (Qt WebKit)."""
    rng = random.Random(seed)
    page = html_page(printed).decode("utf-8")
    page = page.replace("</head>", f"<style>{page_style(rng, rules)}</style></head>", 1)
    if engine == "weasyprint":
        import weasyprint

        weasyprint.HTML(string=page).write_pdf(str(path))
        return
    binary = wkhtmltopdf()
    if binary is None:
        raise RuntimeError("the wk_pdf producer needs wkhtmltopdf: apt-get install wkhtmltopdf")
    with tempfile.TemporaryDirectory(prefix="synth-print-") as work:
        source = Path(work) / "page.html"
        source.write_text(page, encoding="utf-8")
        subprocess.run(
            [binary, "--quiet", "--disable-local-file-access", "--allow", work,
             str(source), str(path)],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
