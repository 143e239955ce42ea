"""What a scraper knows about each file (``--meta FILE.csv``): agency, year, region or URL,
which win over what is read from the document.

The CSV has a ``file`` column (the path as listed in ``reports.path``, or just the file
name) and any of: agency, year, url, province, city, county, level, division_code. Empty
cells change nothing. Where the agency is given but no region, the region is read again
from the given agency.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from pipeline.about.region import find_region
from pipeline.records import ReportResult

REGION_FIELDS = ("province", "city", "county", "level", "division_code")
FIELDS = ("agency", "year", "url", *REGION_FIELDS)


class MetaError(ValueError):
    """The metadata file cannot be used."""


def read_meta(path: Path) -> dict[str, dict[str, str]]:
    """Rows of the CSV by their ``file`` value (UTF-8, with or without a BOM)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError) as error:
        raise MetaError(f"cannot read {path}: {error}") from error
    if rows and "file" not in rows[0]:
        raise MetaError(f"{path} has no `file` column")
    return {
        row["file"].strip(): {
            k: v.strip() for k, v in row.items() if k in FIELDS and v and v.strip()
        }
        for row in rows
        if row.get("file")
    }


def apply_meta(
    results: Sequence[ReportResult], meta: dict[str, dict[str, str]]
) -> list[ReportResult]:
    """Each result with what the metadata says of its file (by path, else by name)."""
    out = []
    for result in results:
        given = meta.get(result.path) or meta.get(Path(result.path).name)
        if not given:
            out.append(result)
            continue
        metadata = replace(
            result.metadata,
            agency=given.get("agency", result.metadata.agency),
            year=int(given["year"]) if given.get("year", "").isdigit() else result.metadata.year,
            url=given.get("url", result.metadata.url),
        )
        region = result.region
        if "agency" in given and not any(f in given for f in REGION_FIELDS):
            region = find_region(metadata.agency, metadata.title, result.path)
        region = replace(region, **{f: given[f] for f in REGION_FIELDS if f in given})
        out.append(replace(result, metadata=metadata, region=region))
    return out
