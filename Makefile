# `make run` opens the analyzer, `make test` runs every check, `make bench` the benchmarks.
# Each creates .venv on first use and installs the project (editable) with its test extras.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SOURCES := engine gui whatif hardware_profiles resources packaging tests bench

.PHONY: run test bench fuzz lint dist clean

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

# The standalone one-folder bundle dist/whatif/ (PyInstaller, installed here only), analysed
# from a regular install of the project in build/bundle-site; then its tests.
dist: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test,bundle]"
	rm -rf build/bundle-site build/pyinstaller dist/whatif
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --no-compile \
		--target build/bundle-site .
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/whatif.spec
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m bundle -p no:cacheprovider \
		tests/packaging/test_bundle.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
