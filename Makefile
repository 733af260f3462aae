# Two commands on a fresh machine: `make run` (development server with demo data) and
# `make test` (the full suite). See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
PY ?= $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PG_ARGS ?= -h 127.0.0.1 -U postgres
# Test processes (pytest-xdist): one per core; each gets its own test database.
PYTEST_WORKERS ?= auto
INSTALLED := $(VENV)/.installed
VENDOR := static/vendor/.installed

.PHONY: help run serve setup install vendor messages test test-pgbouncer lint worker beat pg-roles import-template

help:
	@echo "make run       venv + install + migrate + demo data, then the server on http://$(HOST):$(PORT)/"
	@echo "make test      the full test suite (PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set)"
	@echo "make test-pgbouncer  tenancy, RLS and API tests through PgBouncer (transaction pooling)"
	@echo "make lint      ruff format --check, ruff check and mypy"
	@echo "make worker    Celery worker (needs REDIS_URL)"
	@echo "make beat      Celery beat (needs REDIS_URL)"
	@echo "make pg-roles  create the PostgreSQL roles and database (PG_ARGS='$(PG_ARGS)')"

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall only when pyproject.toml changed since the last install.
$(INSTALLED): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(INSTALLED)

# Front-end packages (NL Design System CSS, htmx) come from npm and are copied to static/vendor/.
# Without npm the pages still work, unstyled: say so and go on.
vendor:
	@if [ ! -f package.json ]; then \
		echo "No package.json: no front-end packages to install."; \
	elif ! command -v npm >/dev/null 2>&1; then \
		echo "npm not found: skipping front-end packages (pages will be unstyled)."; \
	elif [ -f $(VENDOR) ] && [ $(VENDOR) -nt package.json ] \
		&& { [ ! -f package-lock.json ] || [ $(VENDOR) -nt package-lock.json ]; }; then \
		:; \
	else \
		if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; \
		else npm install --no-audit --no-fund; fi \
		&& npm run --silent vendor && touch $(VENDOR); \
	fi

messages: $(INSTALLED)
	@if [ ! -d locale ]; then \
		:; \
	elif ! command -v msgfmt >/dev/null 2>&1; then \
		echo "msgfmt (gettext) not found: skipping compilemessages."; \
	else \
		$(PY) manage.py compilemessages --verbosity 0 --ignore '$(VENV)' --ignore node_modules; \
	fi

setup: install vendor messages

# Development server: SQLite and eager Celery unless DATABASE_URL / REDIS_URL are set.
run: setup serve

serve:
	$(PY) manage.py migrate --no-input --verbosity 0
	$(PY) manage.py load_demo --url http://$(HOST):$(PORT)/
	@echo "Server: http://$(HOST):$(PORT)/ (Ctrl-C stopt de server)"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: setup
	@if [[ "$${DATABASE_URL:-}" == postgres* ]]; then \
		echo "Database: PostgreSQL from DATABASE_URL, app role $${DATABASE_APP_ROLE:-(none)}"; \
	else \
		echo "Database: SQLite. Tests marked 'postgres' are skipped: set DATABASE_URL and DATABASE_APP_ROLE."; \
	fi
	@if [[ -n "$${REDIS_URL:-}" ]]; then echo "Redis: from REDIS_URL"; \
	else echo "Redis: none. Tests marked 'redis' are skipped: set REDIS_URL."; fi
	@echo "Skipped tests and their reasons are listed in the summary at the end (-ra)."
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The tenancy, RLS and API tests through a private PgBouncer in transaction pooling mode (needs
# the pgbouncer package and the local PostgreSQL with the roles; see scripts/pgbouncer_ci.sh).
test-pgbouncer: setup
	PYTEST=$(VENV)/bin/pytest scripts/pgbouncer_ci.sh $(PYTEST_ARGS)

lint: $(INSTALLED)
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

# The published caseload import template; a test fails when the committed file differs.
import-template: $(INSTALLED)
	$(PY) manage.py write_import_template docs/import-template.xlsx

worker: $(INSTALLED)
	$(VENV)/bin/celery -A config worker --loglevel INFO

beat: $(INSTALLED)
	mkdir -p var
	$(VENV)/bin/celery -A config beat --loglevel INFO --schedule var/celerybeat-schedule

pg-roles:
	scripts/pg_roles.sh $(PG_ARGS)
