"""Build samples/: reports of both templates with the quirks real reports have, each with
its golden NAME.truth.csv. Word files come from python-docx; PDFs from those Word files via
LibreOffice where it is installed (the PDFs are committed, so tests need no LibreOffice).

Usage: python scripts/make_samples.py samples
"""

from __future__ import annotations

import csv
import random
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from synth.build import make_report
from synth.layout import print_report
from synth.model import Printing, Report
from synth.pdfdraw import PdfStyle, write_pdf
from synth.render import (
    cell_per_line_text,
    crawled_text,
    docx_to_pdf,
    html_page,
    markdown,
    tab_text,
    write_docx,
    write_truth,
)
from synth.scan import ScanStyle, scan_pages, write_scan

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seeds" / "000_d028c3917ff344aa.txt"


def seed_report(samples: Path) -> Report:
    """The seed report's own numbers and words, to render it as Word and PDF too."""
    text_path, truth_path = samples / "seed_2023.txt", samples / "seed_2023.txt.truth.csv"
    if SEED.exists():
        shutil.copyfile(SEED, text_path)
        shutil.copyfile(SEED.with_name(SEED.name + ".truth.csv"), truth_path)
    with truth_path.open(encoding="utf-8") as handle:
        values: dict[tuple[str, str, str], float | str] = {
            (r["table"], r["row"], r["col"]): int(float(r["value"])) for r in csv.DictReader(handle)
        }
    lines = [
        line.strip() for line in text_path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    intro = tuple(lines[1 : lines.index("二、主动公开政府信息情况")])
    closing = tuple(lines[lines.index("五、存在的主要问题及改进情况") :])
    return Report(
        name="seed_2023",
        template="fmt2021",
        agency="攀枝花市米易县得石镇",
        year=2023,
        published="2024-01-16",
        values=values,
        intro=intro,
        closing=closing,
        printing=Printing(ascii_enumerators=True, label_variants=True),
    )


def write(report: Report, samples: Path, kind: str, **options: object) -> None:
    printed = print_report(report)
    suffix = {
        "txt": ".txt",
        "crawled": ".txt",
        "lines": ".txt",
        "md": ".md",
        "docx": ".docx",
        "pdf": ".pdf",
        "drawn": ".pdf",
        "html": ".html",
    }[kind]
    target = samples / f"{report.name}{suffix}"
    if kind == "txt":
        target.write_text(tab_text(printed), encoding="utf-8")
    elif kind == "crawled":
        target.write_text(crawled_text(printed), encoding="utf-8")
    elif kind == "html":
        target.write_bytes(html_page(printed, **options))  # type: ignore[arg-type]
    elif kind == "drawn":
        write_pdf(printed, target, PdfStyle(**options))  # type: ignore[arg-type]
    elif kind == "lines":
        target.write_text(cell_per_line_text(printed), encoding="utf-8")
    elif kind == "md":
        target.write_text(markdown(printed, broken=True), encoding="utf-8")
    elif kind == "docx":
        write_docx(printed, target, **options)  # type: ignore[arg-type]
    elif kind == "pdf":
        source = samples / f".{report.name}.docx"
        write_docx(printed, source, **options)  # type: ignore[arg-type]
        converted = docx_to_pdf(source, target)
        source.unlink()
        if not converted:
            print(f"skipped {target.name}: LibreOffice is not installed")
            return
    write_truth(printed, samples / f"{target.name}.truth.csv")
    print(f"wrote {target.name}")


def main(out: str) -> None:
    samples = Path(out)
    samples.mkdir(parents=True, exist_ok=True)
    seed = seed_report(samples)
    write(replace(seed, name="seed_2023_docx"), samples, "docx")
    write(replace(seed, name="seed_2023_pdf"), samples, "pdf")

    city = make_report("city_2024_fmt2021", "淮安市人民政府", 2024, "fmt2021", "city", seed=1)
    write(city, samples, "docx")
    write(replace(city, name="city_2024_fmt2021_pdf"), samples, "pdf")

    old = make_report(
        "district_2020_fmt2019",
        "上海市徐汇区人民政府",
        2020,
        "fmt2019",
        "city",
        seed=2,
        printing=Printing(blank_zero=True),
    )
    write(old, samples, "docx")
    write(replace(old, name="district_2020_fmt2019_pdf"), samples, "pdf")

    hrules = make_report(
        "county_2022_hrules",
        "四川省米易县人民政府",
        2022,
        "fmt2021",
        "city",
        seed=3,
        printing=Printing(thousands=True),
    )
    write(hrules, samples, "pdf", borders="horizontal")

    bare = make_report(
        "township_2021_norules", "广安市岳池县白庙镇人民政府", 2021, "fmt2021", "township", seed=4
    )
    write(bare, samples, "pdf", borders="none", landscape_t4=True)

    crawled = make_report("bureau_2023_crawled", "长治市信访局", 2023, "fmt2021", "city", seed=5)
    write(crawled, samples, "crawled")

    md = make_report(
        "bureau_2022_markdown",
        "杨凌示范区审计局",
        2022,
        "fmt2021",
        "city",
        seed=6,
        printing=Printing(dash_zero=True),
    )
    write(md, samples, "md")

    variants = make_report(
        "town_2023_variants",
        "米易县撒莲镇人民政府",
        2023,
        "fmt2021",
        "township",
        seed=7,
        printing=Printing(ascii_enumerators=True, label_variants=True, fullwidth=True),
    )
    write(variants, samples, "txt")

    lag = make_report(
        "centre_2021_t2lag",
        "西安市阎良区机关事务服务中心",
        2021,
        "fmt2021",
        "city",
        seed=8,
        printing=Printing(t2_template="fmt2019", comma_enumerators=True),
    )
    write(lag, samples, "docx")

    wide = make_report(
        "office_2022_subtotal",
        "湖北省武汉市生态环境局",
        2022,
        "fmt2021",
        "city",
        seed=9,
        printing=Printing(subtotal_column=True, label_variants=True, blank_detail_total=True),
    )
    write(wide, samples, "docx", split_t3=True, nested=True)

    lines = make_report(
        "county_2023_cell_lines", "米易县人民政府办公室", 2023, "fmt2021", "city", seed=11
    )
    write(lines, samples, "lines")

    bold = make_report(
        "city_2023_fakebold", "淮安市淮阴区人民政府", 2023, "fmt2021", "city", seed=12
    )
    write(bold, samples, "drawn", rules="horizontal", fake_bold=True, repeat_header=False)

    page = make_report(
        "bureau_2022_web_gbk",
        "杨凌示范区审计局",
        2022,
        "fmt2021",
        "city",
        seed=13,
        printing=Printing(blank_zero=True),
    )
    write(page, samples, "html", charset="gbk")

    early = make_report(
        "district_2017_pre2019", "福州市晋安区人民政府", 2017, "pre2019", "city", seed=10
    )
    write(early, samples, "txt")

    # A township's report posted as a scan: its PDF printed, scanned at 150 dpi, turned a
    # little, with grain; read by OCR.
    scanned = make_report(
        "town_2022_scan", "米易县得石镇人民政府", 2022, "fmt2021", "township", seed=14
    )
    with tempfile.TemporaryDirectory() as work:
        printed = Path(work) / "printed.pdf"
        write_pdf(print_report(scanned), printed, PdfStyle(rules="all", font_size=9.0))
        style = ScanStyle(dpi=150, max_skew=1.0, noise=8.0)
        pages = scan_pages(printed, style, random.Random(14))
    write_scan(pages, samples / "town_2022_scan.pdf", style.dpi)
    write_truth(print_report(scanned), samples / "town_2022_scan.pdf.truth.csv")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "samples")
