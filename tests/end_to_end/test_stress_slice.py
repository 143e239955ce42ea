"""A small fixed slice of the stress corpus (synth/corpus.py), extracted and scored."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.analysis.evaluate import evaluate, read_groups, status_mismatches
from pipeline.run.api import extract_to
from synth.browser_pdf import weasyprint_ready, wkhtmltopdf
from synth.corpus import MANIFEST, generate, pdftocairo


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    corpus = tmp_path_factory.mktemp("corpus")
    generate(corpus, n=40, seed=7)
    out = tmp_path_factory.mktemp("out")
    extract_to([corpus], out)
    return corpus, out


def test_the_slice_is_read_without_a_wrong_value(scored: tuple[Path, Path]) -> None:
    corpus, out = scored
    groups, _ = read_groups(corpus / MANIFEST)
    result = evaluate(out, [corpus], groups)
    wrong_values = [w for w in result.wrong if not w.got.startswith("(") or w.got == "(blank)"]
    assert not wrong_values, wrong_values[:3]
    assert result.overall.precision == 1.0
    assert result.overall.recall >= 0.97


def test_every_file_gets_its_expected_status(scored: tuple[Path, Path]) -> None:
    corpus, out = scored
    _, expected = read_groups(corpus / MANIFEST)
    result = evaluate(out, [corpus])
    assert not status_mismatches(result, expected)


def test_generation_is_deterministic_and_cached(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", n=6, seed=3)
    second = generate(tmp_path / "b", n=6, seed=3)
    assert first == second
    truth = sorted(p.name for p in (tmp_path / "a").glob("*.truth.csv"))
    assert truth == sorted(p.name for p in (tmp_path / "b").glob("*.truth.csv"))
    stamp = (tmp_path / "a" / ".stamp").stat().st_mtime
    generate(tmp_path / "a", n=6, seed=3)
    assert (tmp_path / "a" / ".stamp").stat().st_mtime == stamp


@pytest.mark.skipif(pdftocairo() is None, reason="pdftocairo (poppler-utils) is not installed")
def test_pdfs_printed_again_by_cairo_are_read_without_a_wrong_value(tmp_path: Path) -> None:
    # cairo writes many runs back to front, and radicals for characters whose glyph they share
    corpus = tmp_path / "cairo"
    specs = generate(corpus, n=4, seed=11, mix={"cairo_pdf": 1})
    assert {s.producer for s in specs} == {"cairo_pdf"}
    out = tmp_path / "out"
    extract_to([corpus], out)
    result = evaluate(out, [corpus])
    assert result.overall.precision == 1.0
    assert result.overall.recall >= 0.98


@pytest.mark.parametrize(
    ("producer", "ready"),
    [("weasy_pdf", weasyprint_ready()), ("wk_pdf", wkhtmltopdf() is not None)],
)
def test_web_pages_printed_by_other_engines_are_read_without_a_wrong_value(
    tmp_path: Path, producer: str, ready: bool
) -> None:
    # WeasyPrint boxes every cell and splits tall rows over pages; wkhtmltopdf is Qt WebKit
    if not ready:
        pytest.skip(f"{producer} needs its engine installed")
    corpus = tmp_path / producer
    specs = generate(corpus, n=4, seed=5, mix={producer: 1})
    assert {s.producer for s in specs} == {producer}
    out = tmp_path / "out"
    extract_to([corpus], out)
    result = evaluate(out, [corpus])
    assert result.overall.precision == 1.0
    assert result.overall.recall >= 0.98


def test_scans_are_drawn_with_the_machines_fonts_after_a_pdf_was_read() -> None:
    import random
    from contextlib import closing

    import numpy as np
    import pypdfium2 as pdfium

    from pipeline.readers.pdf.pdfium import Pdf, fonts
    from synth.scan import ScanStyle, scan_pages

    # a PDF that names STSong-Light without embedding it: reading its text loads ogi's
    # stand-in of boxes, which must not be what a scan made afterwards shows
    sample = Path(__file__).resolve().parents[2] / "samples" / "city_2023_fakebold.pdf"
    with closing(Pdf(str(sample))) as pdf, pdf.page(0) as page:
        assert page.chars(page.height())
    style = ScanStyle(dpi=72, max_skew=0.0, noise=0.0, blur=0.0)
    first = scan_pages(sample, style, random.Random(0))[0]
    with fonts().rendering():
        document = pdfium.PdfDocument(str(sample))
        drawn = document[0].render(scale=1.0, grayscale=True).to_pil().convert("L")
        document.close()
    assert np.array_equal(np.asarray(first), np.asarray(drawn))
