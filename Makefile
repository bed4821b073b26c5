# One command to serve, one to test. Both create the virtual environment when needed.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve demo test lint check bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

serve: $(STAMP)  ## start the API on http://127.0.0.1:8000 (embedded PostgreSQL unless DATABASE_URL is set)
	$(BIN)/ironbase serve

demo: $(STAMP)  ## a demo account with a gym and plates; prints how to sign in
	$(BIN)/ironbase demo

test: $(STAMP)  ## the whole suite (TEST_DATABASE_URL if set, else an embedded PostgreSQL), with coverage
	$(BIN)/python -m pytest --cov --cov-report=term

lint: $(STAMP)  ## ruff and mypy --strict
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

check: lint test

bench: $(STAMP)  ## benchmarks (not part of the test run); figures go to bench/README.md
	$(BIN)/python -m bench.postgrest_compare
	$(BIN)/python -m bench.access_log
	$(BIN)/python -m bench.catalog_search
	$(BIN)/python -m bench.plates_solve
	$(BIN)/python -m bench.plates_memory
	$(BIN)/python -m bench.import_strong
	$(BIN)/python -m bench.rate_limit
	$(BIN)/python -m bench.training_log
	$(BIN)/python -m bench.program_generate

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
