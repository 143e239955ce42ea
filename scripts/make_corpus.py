"""Write the stress corpus: python scripts/make_corpus.py FOLDER [N] [SEED]."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from synth.corpus import generate

if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "bench/corpus")
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    started = time.perf_counter()
    specs = generate(folder, n, seed)
    print(f"{len(specs)} reports in {folder} ({time.perf_counter() - started:.1f} s)")
