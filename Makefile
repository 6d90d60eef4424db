# Kelas Ekspor: `make start` opens the course, `make test` checks everything.
# Each target builds .venv on first use (pinned versions from constraints.txt); later runs reuse it.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.kelas-ekspor-installed
PORT   ?= 8888

.PHONY: setup start lab demo test lint benchmark clean

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

start: setup
	$(BIN)/kelas-ekspor lab --port $(PORT)

lab: start

demo: setup
	$(BIN)/kelas-ekspor demo

test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest --nbval-lax course/

lint: setup
	$(BIN)/ruff check .

benchmark: setup
	$(BIN)/python benchmarks/toolkit.py
	$(BIN)/python benchmarks/widgets.py
	$(BIN)/python benchmarks/reports.py

clean:
	rm -rf $(VENV) build *.egg-info
