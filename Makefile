# The two commands: `make run` (launch the app) and `make test` (the whole suite).
# Each creates .venv on first use; stamp files make a re-run with nothing changed quick.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.stamp-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.stamp-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.stamp-run

$(VENV)/.stamp-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $@ $(VENV)/.stamp-test $(VENV)/.stamp-run

run: $(VENV)/.stamp-run
	scripts/with-display $(BIN)/landscape $(ARGS)

test: $(VENV)/.stamp-test
	scripts/system-deps
	scripts/with-display $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(VENV)/.stamp-bench
	scripts/system-deps
	scripts/with-display $(BIN)/python benchmarks/run_all.py $(ARGS)

lint: $(VENV)/.stamp-test
	$(BIN)/ruff check landscape ui tests benchmarks

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
