# The two commands: `make run` (launch the app) and `make test` (the whole suite); `make lint`
# runs the checks that CI and the pre-commit hooks run (.ci/run, .pre-commit-config.yaml).
# Each creates .venv on first use; stamp files make a re-run with nothing changed quick.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
# Python sources that ruff checks and formats (ruff picks the .py files in these folders).
LINT_PATHS := landscape landscape_cli ui tests benchmarks scripts

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

# Lint, format, import contracts ([tool.importlinter]) and types ([tool.mypy]); no display needed.
lint: $(VENV)/.stamp-test
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)
	$(BIN)/lint-imports
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
