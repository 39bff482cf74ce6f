# Dualis: two set-up commands, `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/dualis
REDIS ?= redis://127.0.0.1:6379/0
TEST_ENV := DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS) DJANGO_SETTINGS_MODULE=dualis.settings.test

.PHONY: install run test lint services system-deps bench-deps bench messages check-deploy clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	@touch $(STAMP)

## install: create .venv and install Dualis with its dependencies (nothing else)
install: $(STAMP)

## run: install, migrate, load reference and demo data, serve on http://127.0.0.1:8000
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_reference_data
	$(PY) manage.py load_demo_data
	$(PY) manage.py runserver 127.0.0.1:8000

## system-deps: Debian packages the tests need (Chromium for Playwright, Pango for WeasyPrint)
system-deps:
	@if ! command -v chromium >/dev/null || ! ldconfig -p | grep -q libpango-1.0; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; \
	  else echo "Install Debian packages: chromium libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"; fi; fi

## services: make sure PostgreSQL and Redis run on localhost (start them where this machine has them)
services:
	@bash scripts/services.sh

## test: the whole suite against PostgreSQL and Redis on localhost
test: install system-deps services
	$(TEST_ENV) $(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .

check-deploy: install
	DJANGO_SETTINGS_MODULE=dualis.settings.prod SECRET_KEY=$$(head -c 48 /dev/urandom | base64) $(PY) manage.py check --deploy --fail-level WARNING

## bench-deps: wrk, the HTTP load generator of the API benchmarks
bench-deps:
	@if ! command -v wrk >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else echo "Install the Debian package wrk (the API benchmarks are skipped without it)"; fi; fi

## bench: performance figures (needs PostgreSQL and Redis)
bench: install services bench-deps
	$(TEST_ENV) $(PY) bench/run_all.py

## messages: refresh the Dutch translation catalogue
messages: install
	$(PY) manage.py makemessages -l nl --ignore=.venv --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf var/dualis.sqlite3 var/staticfiles
