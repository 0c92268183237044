# frtaudit developer commands. `make demo` and `make test` work on a fresh machine:
# they create the virtualenv (.venv) from PyPI themselves.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
AS_OF ?= 2026-11-22
PYTEST_ARGS ?=
BENCH_ARGS ?=

.PHONY: venv demo test lint fmt pytest golden bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

## Scan every sample inventory (exit 1 = gaps found is the expected result here).
demo: $(STAMP)
	@$(BIN)/frtaudit scan sample_inventories --profile nhrck --as-of $(AS_OF); \
	  status=$$?; if [ $$status -gt 1 ]; then exit $$status; fi

## Lint, type-check and run the whole test suite.
test: lint pytest

lint: $(STAMP)
	$(BIN)/ruff check frtaudit tests benchmarks
	$(BIN)/ruff format --check frtaudit tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

fmt: $(STAMP)
	$(BIN)/ruff check --fix frtaudit tests benchmarks
	$(BIN)/ruff format frtaudit tests benchmarks

pytest: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## Benchmark suite (issue 8): stage times, peak memory and the speed targets, side by side with
## check-jsonschema. Generates its data under benchmarks/data/ (git-ignored, ~1.1 GB for the
## national case), writes benchmarks/results.json. The national case takes many minutes;
## BENCH_ARGS=--quick runs 20 and 1,000 systems only, BENCH_ARGS=--strict fails on a missed target.
## benchmarks/browser.py then opens the HTML reports in headless Chromium (issue 14: size, open time,
## A4 pages, axe-core), writing benchmarks/results-browser.json.
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet 'check-jsonschema>=0.29'
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)
	$(BIN)/python benchmarks/browser.py

## Rewrite golden files after an intended output change (review the diff!).
golden: $(STAMP)
	$(BIN)/python -m pytest tests --update-golden -q

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
