# ogi — run `make extract` then `make test` on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
IN     ?= samples
OUT    ?= output
STAMP  := $(VENV)/.installed

.PHONY: extract test lint format samples clean bench corpus

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

extract: $(STAMP)  ## extract every report in $(IN) into $(OUT)
	$(BIN)/ogi extract $(IN) --out $(OUT)

test: $(STAMP)  ## the test suite (pytest's "no tests" exit 5 counts as a failure here)
	$(BIN)/pytest

lint: $(STAMP)  ## ruff (lint and format check) and mypy
	$(BIN)/ruff check pipeline synth tests scripts bench
	$(BIN)/ruff format --check pipeline synth tests scripts bench
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix pipeline synth tests scripts bench
	$(BIN)/ruff format pipeline synth tests scripts bench

samples: $(STAMP)  ## rebuild samples/ (DOCX with python-docx, PDF via LibreOffice where installed)
	PYTHONPATH=. $(BIN)/python scripts/make_samples.py samples

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache

corpus: $(STAMP)  ## generate the stress corpus into bench/corpus (cached)
	PYTHONPATH=. $(BIN)/python scripts/make_corpus.py bench/corpus

bench: $(STAMP)  ## stress corpus + real reports, ogi against baselines → bench/RESULTS.md
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python -m bench.run
