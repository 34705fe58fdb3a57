# borderlever: every target does its own set-up.  `make demo` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?=
SCENARIO ?= seed-14-day-closure

.PHONY: install demo test lint bench clean data

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

## demo: build the store (raw files if present, else the bundled tables), run the 14-day closure
## (6 replications: about 70 s on a shared 2-core machine the first time, store build and numba
## compilation included; less afterwards),
## write out/$(SCENARIO)/report.html and summary.json, print the headline numbers
demo: install
	@start=$$(date +%s); \
	$(BIN)/borderlever data build && \
	$(BIN)/borderlever run $(SCENARIO) --out out/$(SCENARIO) && \
	echo "demo done in $$(( $$(date +%s) - start )) s: open out/$(SCENARIO)/report.html"

## test: the whole suite (unit, validation, doctests); raw-data tests skip where ../shared is absent
test: install
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

bench: install
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
