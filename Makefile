# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test migrate demo lint schema bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(PY) -m pip install --quiet .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/activate
	$(PY) -m pip install --quiet ".[test]"
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## run: install, migrate, load demo data, start web + Celery worker + beat (Ctrl-C stops all)
run: export DEBUG ?= true
run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	@echo ""
	@echo "  The portal is starting at http://$(HOST):$(PORT)/"
	@echo "  Mail is written to var/mail/; the worker and beat run alongside. Ctrl-C stops all."
	@echo ""
	PATH="$(CURDIR)/$(BIN):$$PATH" HOST=$(HOST) PORT=$(PORT) $(BIN)/honcho start -f Procfile.dev

## test: install the test extras and run the whole suite
test: install-test
	$(PY) -m pytest

lint: install-test
	$(BIN)/ruff check .

clean:
	rm -rf var/ .pytest_cache
