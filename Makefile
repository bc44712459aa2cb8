# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in e-mails point where the portal answers, unless SITE_URL is set.
SITE_URL ?= http://$(HOST):$(PORT)
PYTEST_ARGS ?=

.PHONY: run stack drill preflight test install install-test migrate demo lint schema bench bench-quick bench-wrk clean messages pdf-libraries api-contract

# Python version, a free port and a writable var/ folder: one sentence each, no traceback.
preflight:
	@$(PYTHON) config/preflight.py "$(HOST)" "$(PORT)"

$(BIN)/activate:
	@$(PYTHON) config/preflight.py --python
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(PY) -m pip install --quiet .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/activate
	$(PY) -m pip install --quiet ".[test]"
	@touch $@

# Test-only browser tools (axe-core, the Nu HTML Checker) from npm, when npm is present;
# without them the browser and HTML tests say why they are skipped.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --ignore-scripts --loglevel=error && touch $@; \
	else echo "npm not found: browser accessibility and HTML checks will be skipped"; fi

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test node_modules/.installed

## run: install, migrate, load demo data, start web + Celery worker + beat (Ctrl-C stops all)
run: export DEBUG ?= true
run: export SITE_URL := $(SITE_URL)
run: preflight install pdf-libraries
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	@echo ""
	@echo "  The portal is starting at http://$(HOST):$(PORT)/"
	@echo "  Mail is written to $${PORTAL_VAR_DIR:-var}/mail/; the worker and beat run alongside. Ctrl-C stops all."
	@echo ""
	@PATH="$(CURDIR)/$(BIN):$$PATH" HOST=$(HOST) PORT=$(PORT) exec $(BIN)/honcho start -f Procfile.dev

## stack: the production topology on this host: nginx in front of two gunicorn nodes, two
## Celery workers, one beat, PostgreSQL and Redis (see README, "Running on several hosts")
stack: install
	@exec $(PY) deploy/stack/run.py

## drill: start the stack, kill its parts one at a time under load, count what was lost
drill: install
	$(PY) -m bench.drill $(DRILL_ARGS)

## test: install the test extras and run the whole suite
test: install-test
	$(PY) -m pytest $(PYTEST_ARGS)

## bench: benchmarks at full size (PostgreSQL + Redis; see bench/README.md). BENCH_ARGS=...
bench: install-test bench-wrk
	$(PY) -m bench.run --size full $(BENCH_ARGS)

## bench-quick: the same at the small size (a few minutes)
bench-quick: install-test bench-wrk
	$(PY) -m bench.run --size small $(BENCH_ARGS)

## api-contract: schemathesis with every check and phase, anonymously and as each role, against
## the portal under gunicorn on a seeded PostgreSQL database of its own (contract_*; see README,
## API). CONTRACT_ARGS="--roles member --max-examples 5" ...
api-contract: install-test
	$(PY) -m bench.contract $(CONTRACT_ARGS)

bench-wrk:
	@command -v wrk >/dev/null 2>&1 || { apt-get install -y wrk >/dev/null 2>&1 \
	  || sudo -n apt-get install -y wrk >/dev/null 2>&1 \
	  || echo "wrk could not be installed: bench falls back to bench/httpload.py"; }

## messages: bring the five catalogs up to date with the code (extract, compile), then
## name every message still to translate (exits non-zero while one is left)
messages: install
	DEBUG=true $(PY) manage.py catalogs extract
	DEBUG=true $(PY) manage.py catalogs check

# PDF reports (WeasyPrint): Pango and the Noto fonts for Arabic and Chinese, from Debian
# where missing; without them the portal still runs and says what to install.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core fonts-noto-cjk
pdf-libraries:
	@if ! { ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 \
	    && fc-list : family 2>/dev/null | grep -q "Noto Naskh Arabic" \
	    && fc-list : family 2>/dev/null | grep -q "Noto Sans CJK SC"; }; then \
	  echo "Installing Pango and the Noto fonts for PDF reports ($(PDF_PACKAGES))"; \
	  apt-get install -y -qq $(PDF_PACKAGES) >/dev/null 2>&1 \
	  || sudo -n apt-get install -y -qq $(PDF_PACKAGES) >/dev/null 2>&1 \
	  || echo "Could not install $(PDF_PACKAGES): PDF reports may lack Arabic and Chinese glyphs (install them with apt-get)"; \
	fi

## lint: ruff, the import contracts, mypy (pyproject.toml: [tool.importlinter], [tool.mypy])
## and the OpenAPI schema
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	DEBUG=true $(BIN)/mypy
	$(PY) manage.py spectacular --validate --fail-on-warn --file /dev/null

clean:
	rm -rf var/ .pytest_cache
