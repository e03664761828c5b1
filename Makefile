# news-etl — the two commands of the README's quick start, and the ones behind them.
#   make run   create .venv, install, run the flow on the bundled sample, print the summary
#   make test  create .venv if needed, install with dev extras, lint, type-check, run all tests
#   make test-fast  the inner loop: the tests not marked integration (no lint, no services)
#   make lock  re-resolve requirements.lock and requirements-dev.lock after editing pyproject.toml's
#              dependencies (LOCK_FLAGS=--upgrade: move every pin to the newest allowed release)
#
# Installs come from the lock files, never from pyproject.toml's ranges, so every machine gets the
# same stack: the pinned, hash-checked requirements first, then the project itself with --no-deps
# (pip's hash-checking mode covers a whole install, and a local editable project has no hash).
# `pip check` then fails the install when the lock misses something pyproject.toml asks for.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip

LOCK_FLAGS ?=
# one Python floor for any platform: the locks hold environment markers, not this machine's choices
UV_COMPILE := $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 \
	--generate-hashes --custom-compile-command "make lock" -q $(LOCK_FLAGS)

.PHONY: run test test-fast lint suites train-quotes install install-dev lock clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "news-etl needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/python
	$(PIP) install -q --require-hashes -r requirements.lock
	$(PIP) install -q --no-deps -e .
	@$(PIP) check || { echo "the environment does not satisfy pyproject.toml: run make lock" >&2; exit 1; }
	@touch $@

$(VENV)/.installed-dev: pyproject.toml requirements.lock requirements-dev.lock | $(BIN)/python
	$(PIP) install -q --require-hashes -r requirements-dev.lock
	$(PIP) install -q --no-deps -e .
	@$(PIP) check || { echo "the environment does not satisfy pyproject.toml: run make lock" >&2; exit 1; }
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

# uv at the dev lock's version (not the whole dev install: that is what a stale lock cannot give)
$(BIN)/uv: | $(BIN)/python
	$(PIP) install -q "$$(grep -E '^uv==' requirements-dev.lock | cut -d' ' -f1)"

# the runtime lock first; the dev lock is constrained by it, so both pin a shared package alike
lock: | $(BIN)/uv
	$(UV_COMPILE) -o requirements.lock
	$(UV_COMPILE) --extra dev -c requirements.lock -o requirements-dev.lock

# rewrite the packaged Great Expectations suites, quality/expectations/*.json (what every run
# checks), from the Arrow schemas and quality/suites.py (by quality/gx.py)
suites: $(VENV)/.installed
	GX_ANALYTICS_ENABLED=False $(BIN)/python -m quality.gx suites

# retrain the learned quote filter, schemas/models/quote_filter.json, from PolNeAR train (dev
# chooses its strength and floor; deterministic: the same file each time). Then run
# benchmarks/quotes.py and update the model card, schemas/models/quote_filter.md
POLNEAR ?= ../shared/polnear
train-quotes: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/train_quotes.py --train $(POLNEAR)/train.jsonl --dev $(POLNEAR)/dev.jsonl

clean:
	rm -rf $(VENV) warehouse .pytest_cache .mypy_cache .ruff_cache
