# One place for the commands the README and CI share.
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run dev test check lint typecheck bench snapshots-update clean

$(PY):
	python3 -m venv $(VENV)

## run: install the project into $(VENV) and open the reader on the bundled articles
run: $(PY)
	$(PY) -m pip install -q .
	$(VENV)/bin/sidebyside

## test: install the test extras into $(VENV) and run the test suite
test: $(PY)
	$(PY) -m pip install -q -e ".[test]"
	$(PY) -m pytest -q

## dev: install the project editable with the test and dev extras (ruff, mypy)
dev: $(PY)
	$(PY) -m pip install -q -e ".[dev]"

lint: dev
	$(PY) -m ruff format --check tui tests bench
	$(PY) -m ruff check tui tests bench

typecheck: dev
	$(PY) -m mypy tui tests

## check: lint, types and tests
check: lint typecheck test

## bench: print the speed and memory figures (never run by CI)
bench: dev
	$(PY) -m bench

snapshots-update: $(PY)
	$(PY) -m pytest tests/snapshots --snapshot-update

clean:
	rm -rf build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache snapshot_report.html
