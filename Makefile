# The two commands: `make site` and `make test`. Everything else is plumbing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BROWSER_STAMP := $(VENV)/.browser
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: site test check lint format serve preview bench validate browser clean

site: $(STAMP)
	$(BIN)/startupdir validate
	$(BIN)/startupdir build

test: $(STAMP) $(BROWSER_STAMP)
	$(BIN)/pytest

# Daily work: lint, then every test that needs no browser.
check: lint
	$(BIN)/pytest -q -m "not browser"

# GitHub's workflow schema, as vendored by check-jsonschema (offline): this repository's
# workflows and those `startupdir init` writes.
WORKFLOWS := $(wildcard .github/workflows/*.yml scripts/startupdir/init/files/dot-github/workflows/*.yml)

lint: $(STAMP)
	$(BIN)/ruff check scripts tests tools
	$(BIN)/ruff format --check scripts tests tools
	$(BIN)/mypy
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows $(WORKFLOWS)

format: $(STAMP)
	$(BIN)/ruff check --fix scripts tests tools
	$(BIN)/ruff format scripts tests tools

serve: $(STAMP)
	$(BIN)/mkdocs serve

# Quick preview while editing: only the pages a change touches are rebuilt, without the
# search index (the pages say so). --no-strict: MkDocs warns about every --dirty build.
preview: $(STAMP)
	$(BIN)/mkdocs serve --dirty --no-strict

validate: $(STAMP)
	$(BIN)/startupdir validate

bench: $(STAMP)
	$(BIN)/python tools/bench.py $(if $(N),--n $(N),)

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

# Debian's Chromium: Playwright cannot download its own browser here.
$(BROWSER_STAMP):
	command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-dejavu-core; }
	mkdir -p $(VENV) && touch $@

clean:
	rm -rf site .cache .pytest_cache
