# `make run` opens the analyzer, `make test` runs every check, `make bench` the benchmarks.
# Each creates .venv on first use and installs the project (editable) with its test extras.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SOURCES := engine gui whatif hardware_profiles resources tests bench

.PHONY: run test bench fuzz lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/whatif

test: $(STAMP)
	$(BIN)/ruff check $(SOURCES)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

fuzz: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m fuzz -p no:cacheprovider tests/hardening

bench: $(STAMP)
	$(BIN)/python bench/run_bench.py

lint: $(STAMP)
	$(BIN)/ruff check $(SOURCES)
	$(BIN)/ruff format --check $(SOURCES)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
