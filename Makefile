# Kelas Ekspor: `make start` opens the course, `make test` checks everything.
# Each target builds .venv on first use, with the versions pinned for the Python in use
# (requirements/py3.X.txt, chosen by requirements/locks.py); later runs reuse it.
# Another Python: `make setup PYTHON=python3.12` (on a fresh clone, or after `make clean`).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.kelas-ekspor-installed
PORT   ?= 8888
# The lock for the interpreter in use: the venv's once it exists, $(PYTHON)'s before; empty if unsupported.
LOCK   := $(shell $(if $(wildcard $(BIN)/python),$(BIN)/python,$(PYTHON)) requirements/locks.py 2>/dev/null)
UV_VERSION := 0.13.9
# make start PARTICIPANT="Siti Aminah": that participant's own copy of the course (default: the computer's user)
PARTICIPANT ?=

.PHONY: setup start lab demo test lint benchmark benchmark-hub locks clean hub hub-setup

setup: $(STAMP)

# The first two lines stop with one sentence (which Pythons work, or how to get venv) before anything
# is downloaded; the stamp records the lock used and is remade when that lock or pyproject.toml changes.
$(STAMP): pyproject.toml $(LOCK)
	@test -x $(BIN)/python || $(PYTHON) requirements/locks.py --venv >/dev/null
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python requirements/locks.py >/dev/null || { echo "($(VENV) dibuat dengan Python itu: hapus dengan make clean dulu / $(VENV) was made with that Python: remove it with make clean first)" >&2; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e '.[test,hub]'
	echo $(LOCK) > $(STAMP)

start: setup
	$(BIN)/kelas-ekspor lab --port $(PORT) $(if $(PARTICIPANT),--participant "$(PARTICIPANT)")

lab: start

# A class on JupyterHub (run as root: it starts each participant's server as their own account).
# Accounts first: kelas-ekspor hub accounts peserta.xlsx --instructor penilai (README).
HUB_PORT ?= 8000
HUB_ARGS ?=
CHP := build/chp/node_modules/.bin/configurable-http-proxy

$(CHP):
	npm install --silent --no-audit --no-fund --prefix build/chp configurable-http-proxy@5

hub-setup: setup $(CHP)

hub: hub-setup
	$(BIN)/kelas-ekspor hub serve --port $(HUB_PORT) $(HUB_ARGS)

demo: setup
	$(BIN)/kelas-ekspor demo

test: setup $(CHP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest --nbval-lax course/

lint: setup
	$(BIN)/ruff check .

benchmark: setup
	$(BIN)/python benchmarks/toolkit.py
	$(BIN)/python benchmarks/widgets.py
	$(BIN)/python benchmarks/reports.py

# A load test of the class hub on this machine (root; loopback only; everything it makes is removed):
# 30 participants at once by default, e.g. make benchmark-hub HUBLOAD_ARGS="--participants 50".
HUBLOAD_ARGS ?=
benchmark-hub: hub-setup
	$(BIN)/python benchmarks/hub.py $(HUBLOAD_ARGS)

# Remake requirements/py3.X.txt for every Python in pyproject's requires-python, with uv from PyPI
# (maintainers only; neither setup nor CI needs uv). LOCKS_ARGS goes to uv, e.g. --upgrade-package NAME.
locks:
	test -x build/uv/bin/python || $(PYTHON) -m venv build/uv
	build/uv/bin/python -m pip install --quiet 'uv==$(UV_VERSION)' packaging 'tomli; python_version < "3.11"'
	build/uv/bin/python requirements/regenerate.py --uv build/uv/bin/uv $(LOCKS_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info
