"""Web pages printed to PDF by headless Chromium, as a browser shows them: the second
reading of a web page's cells (what the page shows, not how its HTML is nested).

This module owns the Chromium subprocess (Debian's ``chromium``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from pipeline.limits import lift_memory_limit
from pipeline.records import ReadError, Status

PRINT_SECONDS = 60
_CHARSET = re.compile(r"""charset\s*=\s*["']?[A-Za-z0-9_\-]+""", re.IGNORECASE)


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def print_pdf(html: str, work: Path) -> Path:
    """Print a page (its decoded HTML) to ``work``/page.pdf; the page may not reach the
    network. Raises :class:`ReadError` when Chromium is missing or fails."""
    binary = chromium()
    if binary is None:
        raise ReadError(Status.FAILED, "printing a web page needs Chromium")
    page = work / "page.html"
    # Wide paper, so that a table's numbers do not wrap inside their cells.
    head = '<meta charset="utf-8"><style>@page { size: A3 landscape; margin: 10mm }</style>'
    page.write_text(head + _CHARSET.sub("charset=utf-8", html), "utf-8")
    target = work / "page.pdf"
    try:
        subprocess.run(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--no-pdf-header-footer", f"--user-data-dir={work / 'profile'}",
             "--blink-settings=imagesEnabled=false", f"--print-to-pdf={target}", page.as_uri()],
            check=True, capture_output=True, preexec_fn=lift_memory_limit, timeout=PRINT_SECONDS,
        )  # fmt: skip
    except (subprocess.TimeoutExpired, subprocess.CalledProcessError) as error:
        raise ReadError(Status.FAILED, f"Chromium could not print the page: {error}") from error
    if not target.exists():
        raise ReadError(Status.FAILED, "Chromium could not print the page (no output)")
    return target
