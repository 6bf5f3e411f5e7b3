# cspplan: two commands on a fresh machine.
#   make run    set up everything, load the seed plan into an empty database, serve on 127.0.0.1:8000
#   make test   set up everything the tests need (Chromium included), run the whole suite
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMPS := .make
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# The suite runs in one pytest-xdist worker per core, each with its own database, temporary
# folder, live server and browser (README, "Tests"); `make test PYTEST_WORKERS=0` runs it in one
# process.
PYTEST_WORKERS ?= $(shell nproc 2>/dev/null || echo auto)
PYTEST_PARALLEL := -n $(PYTEST_WORKERS) --dist worksteal

.PHONY: help run serve setup bytecode gettext compilemessages messages test lint format migrations-check browser clean bench loadtest faulttest docs docs-screenshots mutation

help:
	@echo "make run    - install, migrate, load the seed plan, serve on http://$(HOST):$(PORT)/"
	@echo "make test   - install what the tests need and run the whole suite"
	@echo "make lint   - ruff check, ruff format --check, the import-layers contract, makemigrations --check"
	@echo "make bench  - pages under load (wrk, gunicorn, PostgreSQL) at seed and county scale"
	@echo "make loadtest  - 50 users for 60 s against gunicorn and a throwaway PostgreSQL; no write lost"
	@echo "make faulttest - the same, with PostgreSQL stopped and restarted during the run"
	@echo "make mutation - mutation testing of the rule modules (MODULE=progress/disclosure.py for one; RECORD=1 writes the scores)"
	@echo "make docs   - build the documentation site from docs/ into site/ (open site/index.html)"
	@echo "make docs-screenshots - take the docs' screenshots again (docs/img/) from the seed plan"

$(STAMPS):
	@mkdir -p $(STAMPS)

# Python: a virtualenv with the pinned dependencies; redone when pyproject.toml changes.
$(STAMPS)/python: pyproject.toml | $(STAMPS)
	@$(PYTHON) -c "import sys; sys.exit(sys.version_info[:2] != (3, 11))" 2>/dev/null || { echo "cspplan needs Python 3.11 (python3.11 on the PATH)."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

# Front-end assets (Bootstrap) from the npm registry, served by the app: no CDN at run time.
$(STAMPS)/npm: package.json package-lock.json | $(STAMPS)
	@command -v npm >/dev/null || { echo "cspplan needs Node.js and npm for its front-end assets."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The Welsh interface (issue 27, docs/welsh.md): GNU gettext's msgfmt compiles each catalogue
# kept in the repository (locale/<language>/LC_MESSAGES/django.po) into the .mo file Django reads,
# here, at set-up; .mo files are never committed. msgfmt comes from Debian's 'gettext' package,
# installed when missing and we may.
CATALOGUES := $(wildcard locale/*/LC_MESSAGES/django.po)
COMPILED_CATALOGUES := $(CATALOGUES:.po=.mo)

gettext:
	@if command -v msgfmt >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing GNU gettext to compile the Welsh catalogue (Debian package 'gettext')..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
	else \
	  echo "cspplan needs GNU gettext's msgfmt to compile its Welsh catalogue (install the 'gettext' package)."; exit 1; \
	fi

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | gettext
	msgfmt --check-format -o $@ $<

compilemessages: $(COMPILED_CATALOGUES)

# After marking new interface text: the catalogue again from the code and templates (entries
# kept, new ones empty for a translator; tests/public/test_welsh_catalogue.py fails until they
# are translated).
messages: $(STAMPS)/python gettext
	DJANGO_DEBUG=true $(PY) manage.py makemessages --locale cy --add-location file --no-obsolete \
	  $(foreach folder,.venv node_modules tests docs site staticfiles benchmarks loadtest templates/admin templates/staff templates/dashboard templates/account templates/allauth templates/mfa,--ignore '$(folder)/*')

setup: $(STAMPS)/python $(STAMPS)/npm compilemessages

# The project's bytecode, compiled once and kept beside it (docs/tests.md, "Where the suite's time
# goes"): where PYTHONDONTWRITEBYTECODE is set Python still reads compiled files but never writes
# them, so every process the suite starts (each worker, each manage.py, gunicorn, the documents
# worker, each mutant's run) would compile the project again. Only what changed is compiled.
bytecode: $(STAMPS)/python
	$(PY) -m compileall -q -j 0 -x '(^|/)(\.venv|node_modules|site|staticfiles|\.make|\.git|mutation/\.work)(/|$$)' .

# Chromium for the browser tests, LibreOffice and Poppler for the office-file tests, and Redis
# for the test of the real documents queue, from Debian's packages, when they are missing and we
# may install.
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Chromium for the browser tests (Debian package 'chromium')..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	elif [ "$${CI:-}" = "true" ]; then \
	  echo "Chromium is missing and cannot be installed here: CI needs it."; exit 1; \
	else \
	  echo "Chromium is missing: browser tests will be skipped (install the 'chromium' package)."; \
	fi
	@if command -v java >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Java for the HTML validator (Debian package 'default-jre-headless')..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	fi
	@if command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing LibreOffice and Poppler for the office-file tests (Debian packages 'libreoffice-calc', 'libreoffice-writer', 'poppler-utils')..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-calc libreoffice-writer poppler-utils >/dev/null; \
	elif [ "$${CI:-}" = "true" ]; then \
	  echo "LibreOffice or Poppler is missing and cannot be installed here: CI needs them."; exit 1; \
	else \
	  echo "LibreOffice or Poppler is missing: office-file tests will be skipped (install 'libreoffice-calc', 'libreoffice-writer' and 'poppler-utils')."; \
	fi
	@if command -v redis-server >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Redis for the documents-queue test (Debian package 'redis-server')..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
	elif [ "$${CI:-}" = "true" ]; then \
	  echo "Redis is missing and cannot be installed here: CI needs it."; exit 1; \
	else \
	  echo "Redis is missing: the documents-queue test on Redis will be skipped (install 'redis-server')."; \
	fi

# The web server and, beside it, the workers that draw the PDFs and Word files (docs/operators.md,
# "Documents worker"): one for residents' documents only, so they never wait behind staff ones,
# and one for both (residents' first) and e-mail, which it prints; followers' digests and staff
# notices sent each minute (docs/reference/notices.md); one command, stopped together with Ctrl-C.
run: setup
	DJANGO_DEBUG=true $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=true $(PY) manage.py load_seed_plan --demo
	DJANGO_DEBUG=true $(PY) manage.py load_bilingual_demo
	DJANGO_DEBUG=true $(PY) manage.py db_worker --queue-name documents-public --no-reload & public=$$!; \
	DJANGO_DEBUG=true $(PY) manage.py db_worker --queue-name documents-public,documents,mail --no-reload & worker=$$!; \
	while sleep 60; do DJANGO_DEBUG=true $(PY) manage.py send_notices >/dev/null; done & notices=$$!; \
	trap 'kill $$worker $$public $$notices 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

test: setup bytecode browser $(STAMPS)/docs
	$(PY) -m pytest $(PYTEST_PARALLEL) --durations=25 $(PYTEST_ARGS)

# Mutation testing of the rule modules (docs/mutation.md): each module of mutation/modules.toml
# against its own tests, MUTATION_CHILDREN mutants at a time, cached in mutation/.work/ between
# runs; prints the score per module. MODULE=progress/disclosure.py tests one, CHANGED=1 those
# changed since their score was recorded, RECORD=1 writes mutation/scores.toml, CHECK=1 fails
# below it.
MODULE ?=
MUTATION_CHILDREN ?= 2
mutation: $(STAMPS)/python
	$(PY) mutation/run.py --max-children $(MUTATION_CHILDREN) $(if $(MODULE),$(foreach m,$(MODULE),--module $(m))) $(if $(CHANGED),--changed) $(if $(RECORD),--record) $(if $(CHECK),--check)

lint: $(STAMPS)/python
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	DJANGO_DEBUG=true $(PY) manage.py makemigrations --check --dry-run

format: $(STAMPS)/python
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) node_modules $(STAMPS) staticfiles site

# Speed and memory of the main pages under load (wrk, gunicorn with 2 workers, a throwaway
# PostgreSQL) at the seed's size and at county scale; results into docs/benchmarks.md. Not part of
# `make test`: timings belong to the machine, so they are never asserted in the test suite.
bench: setup
	@if command -v wrk >/dev/null 2>&1 && [ -x /usr/lib/postgresql/15/bin/initdb ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing wrk and PostgreSQL 15 for the benchmarks (Debian packages 'wrk', 'postgresql-15')..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk postgresql-15 >/dev/null; \
	else \
	  echo "make bench needs wrk and PostgreSQL 15 (Debian packages 'wrk' and 'postgresql-15')."; exit 1; \
	fi
	$(PY) benchmarks/run.py $(BENCH_ARGS)

# Load and faults (docs/reliability.md): a scripted run against gunicorn and a throwaway
# PostgreSQL 15 on loopback, bounded (50 users, 60 s). Not part of `make test`.
$(STAMPS)/load: pyproject.toml $(STAMPS)/python | $(STAMPS)
	$(PY) -m pip install --quiet -e ".[dev,load]"
	@touch $@

loadtest: setup $(STAMPS)/load
	bash loadtest/run.sh

faulttest: setup $(STAMPS)/load
	bash loadtest/run.sh --fault

# The documentation site (docs/, mkdocs.yml): MkDocs with Material, pinned in the `docs` group.
# --strict turns every warning into a failure: a broken link or anchor, a missing included file
# or screenshot, a page left out of the nav.
$(STAMPS)/docs: pyproject.toml $(STAMPS)/python | $(STAMPS)
	$(PY) -m pip install --quiet -e ".[dev,docs]"
	@touch $@

docs: $(STAMPS)/docs
	$(VENV)/bin/mkdocs build --strict --site-dir site

# The screenshots in docs/img/, taken again by the browser test that checks them
# (tests/docs/test_screenshots_browser.py) against a throwaway database holding the seed plan.
# `make test` runs the same test into a temporary folder, so the suite never writes into docs/.
docs-screenshots: setup browser
	CSPPLAN_DOCS_SCREENSHOTS="$(CURDIR)/docs/img" $(PY) -m pytest tests/docs/test_screenshots_browser.py -q
