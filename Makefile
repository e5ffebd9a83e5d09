# ogi-warehouse: `make run` builds the warehouse from the bundled sample, `make test` runs every check.
SHELL := /bin/bash
# The interpreter behind .venv (override: make PYTHON=...): Debian's /usr/bin/python3.11 when it
# has venv, else python3. Debian builds it with PGO and LTO and links libpython in; the parser
# runs 12-14% faster on it than on a plain source build such as pyenv's (bench/bench_parse.py).
PYTHON ?= $(or $(firstword $(foreach p,/usr/bin/python3.11,\
	$(shell $(p) -c 'import ensurepip, venv' >/dev/null 2>&1 && echo $(p)))),python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
INPUT ?= sample
WAREHOUSE ?= warehouse/ogi.duckdb
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 120
# Cython copies of the parser (loaders/compiled.py): rebuilt when a parser source changes.
TOOLS := build/tools
COMPILED := build/compiled/.attempted
PARSER_SOURCES := $(filter-out loaders/__init__.py loaders/compiled.py loaders/compile.py,\
	$(wildcard loaders/*.py))

.PHONY: run test lint unit dbt-test bench docs clean compile

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

$(TOOLS)/.installed: requirements-compile.lock | $(STAMP)
	rm -rf $(TOOLS)
	$(BIN)/python -m pip install --quiet --target $(TOOLS) -r requirements-compile.lock
	touch $@

# A failed build (no C compiler) leaves no manifest: the parser then runs as pure Python.
$(COMPILED): $(STAMP) $(PARSER_SOURCES)
	@mkdir -p $(dir $@)
	$(MAKE) --no-print-directory $(TOOLS)/.installed && PYTHONPATH=$(TOOLS) \
		$(BIN)/python -m loaders.compile || echo "make: parser not compiled; it runs as Python"
	@touch $@

compile: $(COMPILED)

run: $(STAMP) $(COMPILED)
	$(BIN)/ogi run --input $(INPUT) --warehouse $(WAREHOUSE)

test: $(STAMP) $(COMPILED) lint
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP) $(COMPILED)
	$(BIN)/python bench/bench_parse.py

clean:
	rm -rf $(VENV) build warehouse target dbt_packages logs .pytest_cache
