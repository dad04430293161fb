# Two commands for a fresh machine with only Python 3.11+:
#   make serve   set up .venv, migrate the database, ingest seeds/ when empty, serve on :8000
#   make test    set up .venv with dev dependencies and run the whole suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
DEV_STAMP := $(STAMP)-dev

.PHONY: serve test install install-dev migrate seed lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEV_STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP) $@

install: $(STAMP)
install-dev: $(DEV_STAMP)

migrate: install
	$(BIN)/dyad migrate

seed: migrate
	$(BIN)/dyad ingest --if-empty "$${DYAD_SEEDS_DIR:-seeds}"

serve: seed
	$(BIN)/dyad serve

test: install-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install-dev
	$(BIN)/python bench/extract.py --corpus ../shared/corpus/voa_stories.jsonl
	$(BIN)/python bench/ingest.py --corpus ../shared/corpus/voa_stories.jsonl

lint: install-dev
	$(BIN)/ruff check app tests bench

clean:
	rm -rf $(VENV) data .pytest_cache
