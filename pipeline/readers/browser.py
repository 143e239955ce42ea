"""Web pages printed to PDF by headless Chromium, as a browser shows them: the second
reading of a web page's cells (what the page shows, not how its HTML is nested).

This module owns the Chromium subprocess (Debian's ``chromium``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from pipeline.records import ReadError, Status
from pipeline.run.limits import run_program

PRINT_SECONDS = 60
_CHARSET = re.compile(r"""charset\s*=\s*["']?[A-Za-z0-9_\-]+""", re.IGNORECASE)


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


# What a page printed for its numbers may not do: load or run anything. The policy
# is the second wall, after the stripping (``strip_active``).
_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "frame-src 'none'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'"
)
_ELEMENTS = re.compile(
    r"<\s*(script|iframe|frame|frameset|object|embed|applet|link|base|meta|form|svg|math|"
    r"video|audio|source|track|portal)\b[^>]*>(?:.*?<\s*/\s*\1\s*>)?",
    re.IGNORECASE | re.DOTALL,
)
_EVENT = re.compile(r"""\s+on[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)
_ADDRESS = re.compile(
    r"""\s+(src|href|srcset|background|poster|data|action|formaction|xlink:href|ping)\s*=\s*"""
    r"""("[^"]*"|'[^']*'|[^\s>]+)""",
    re.IGNORECASE,
)
_IMPORT = re.compile(r"@import[^;]*;?", re.IGNORECASE)
_URL = re.compile(r"url\(\s*(?!['\"]?data:)[^)]*\)", re.IGNORECASE)


def strip_active(html: str) -> str:
    """A page's HTML with everything that loads or runs taken out: scripts, frames,
    objects, links, <base>, <meta> (a refresh), forms, event handlers, every address
    (src, href, …), CSS @import and url() other than data:. Tables and text stay."""
    html = _ELEMENTS.sub("", html)
    html = _EVENT.sub("", html)
    html = _ADDRESS.sub("", html)
    html = _IMPORT.sub("", html)
    return _URL.sub("none", html)


def print_pdf(html: str, work: Path) -> Path:
    """Print a page (its decoded HTML) to ``work``/page.pdf: stripped of what loads or
    runs (:func:`strip_active`), under a policy that forbids it too, with scripts off and
    no network. Raises :class:`ReadError` when Chromium is missing or fails."""
    binary = chromium()
    if binary is None:
        raise ReadError(Status.FAILED, "printing a web page needs Chromium")
    page = work / "page.html"
    # Wide paper, so that a table's numbers do not wrap inside their cells.
    head = (
        '<meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">'
        "<style>@page { size: A3 landscape; margin: 10mm }</style>"
    )
    page.write_text(head + strip_active(_CHARSET.sub("charset=utf-8", html)), "utf-8")
    target = work / "page.pdf"
    # The sandbox cannot run as root (CI, containers); elsewhere it stays on.
    sandbox = ["--no-sandbox"] if os.geteuid() == 0 else []
    try:
        run_program(
            [binary, "--headless", *sandbox, "--disable-gpu", "--disable-dev-shm-usage",
             "--no-pdf-header-footer", f"--user-data-dir={work / 'profile'}",
             "--blink-settings=imagesEnabled=false",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", "--disable-extensions", "--proxy-server=127.0.0.1:9",
             "--proxy-bypass-list=<-loopback>", "--host-resolver-rules=MAP * ~NOTFOUND",
             f"--print-to-pdf={target}", page.as_uri()],
            PRINT_SECONDS,
        )  # fmt: skip
    except (subprocess.TimeoutExpired, subprocess.CalledProcessError) as error:
        raise ReadError(Status.FAILED, f"Chromium could not print the page: {error}") from error
    if not target.exists():
        raise ReadError(Status.FAILED, "Chromium could not print the page (no output)")
    return target
