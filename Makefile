# news-etl — the two commands of the README's quick start, and the ones behind them.
#   make run   create .venv, install, run the flow on the bundled sample, print the summary
#   make test  create .venv if needed, install with dev extras, lint, type-check, run all tests
#   make test-fast  the inner loop: the tests not marked integration (no lint, no services)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip

.PHONY: run test test-fast lint suites install install-dev clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "news-etl needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install -q -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(PIP) install -q -e '.[dev]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: $(VENV)/.installed
	$(BIN)/news-etl run

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

test-fast: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -m "not integration"

# rewrite the packaged Great Expectations suites, quality/expectations/*.json (what every run
# checks), from the Arrow schemas and quality/suites.py (by quality/gx.py)
suites: $(VENV)/.installed
	GX_ANALYTICS_ENABLED=False $(BIN)/python -m quality.gx suites

clean:
	rm -rf $(VENV) warehouse .pytest_cache .mypy_cache .ruff_cache
