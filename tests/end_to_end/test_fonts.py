"""The same cells on every machine: a PDF whose Chinese fonts are not embedded reads the
same whether or not the machine has Chinese fonts of its own."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES, township_pdf_spec

# Reads every PDF given and prints its cells as JSON.
READ = """
import json, sys
sys.path.insert(0, ".")
from pathlib import Path
from pipeline.chain import extract_file
from pipeline.run.options import ExtractOptions
cells = {}
for name in sys.argv[1:]:
    result = extract_file(Path(name), options=ExtractOptions(second_reading=False))
    cells[Path(name).name] = sorted([c.key, c.value] for c in result.cells)
print(json.dumps(cells))
"""
FONT_FOLDERS = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts")]


def _no_fonts_possible() -> bool:
    if shutil.which("unshare") is None:
        return False
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount --bind /tmp /mnt && true"], capture_output=True
    )
    return done.returncode == 0


@pytest.mark.skipif(not _no_fonts_possible(), reason="needs mount namespaces (unshare -m)")
def test_pdfs_read_the_same_without_system_fonts(tmp_path: Path) -> None:
    # reportlab's PDFs name STSong-Light without embedding it; full-width digits drawn
    # one to a cell are the text objects PDFium dropped on a machine without the font
    from synth.corpus import write_one

    write_one(township_pdf_spec("fullwidth", "fullwidth"), tmp_path, 11, [])
    pdfs = [str(p) for p in sorted(SAMPLES.glob("*.pdf")) if "scan" not in p.name]
    pdfs.append(str(tmp_path / "fullwidth.pdf"))
    script = tmp_path / "read.py"
    script.write_text(READ, encoding="utf-8")
    command = [sys.executable, str(script), *pdfs]
    normal = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=True)
    empty = tmp_path / "empty"
    empty.mkdir()
    hide = " && ".join(
        f"mount --bind {empty} {folder}" for folder in FONT_FOLDERS if folder.is_dir()
    )
    quoted = " ".join(f"'{part}'" for part in command)
    bare = subprocess.run(
        ["unshare", "-m", "sh", "-c", f"{hide} && {quoted}"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    with_fonts, without = json.loads(normal.stdout), json.loads(bare.stdout)
    assert set(with_fonts) == {Path(p).name for p in pdfs}
    assert all(with_fonts.values())
    assert without == with_fonts


def _has_cjk_font() -> bool:
    return any(folder.is_dir() and any(folder.rglob("*CJK*")) for folder in FONT_FOLDERS)


@pytest.mark.skipif(not _has_cjk_font(), reason="needs a Chinese font on this machine")
def test_pages_are_drawn_with_the_machines_fonts_after_the_text_was_read() -> None:
    # the text layer is read with the stand-in font (boxes); a second reading draws the
    # page again with the machine's own font, so OCR sees digits, not boxes
    pytest.importorskip("rapidocr_onnxruntime")
    from pipeline.chain import extract_file
    from pipeline.readers import read_pictures
    from pipeline.readers.pdf import fonts
    from pipeline.run.options import ExtractOptions

    path = SAMPLES / "city_2023_fakebold.pdf"
    cells = [
        c
        for c in extract_file(path, options=ExtractOptions(second_reading=False)).cells
        if c.table == "t3" and c.value
    ]
    assert len(cells) > 20
    sample = cells[:12]
    before = fonts().used
    texts = read_pictures(path, [(c.page, c.box) for c in sample])
    assert texts == [c.raw for c in sample]
    assert fonts().used == before  # no stand-in drew these pages
