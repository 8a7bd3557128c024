# Newsroom: `make run` and `make test` are all a newcomer needs (see README).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install lock audit seed migrate run serve test test-fast test-browser eval vendor lint format bench load clean messages

# The venv is rebuilt only when pyproject.toml or the lock changes. requirements.lock pins every
# package to the version tested (pip constraints): installs are the same everywhere.
$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]' -c requirements.lock
	touch $@

# Re-resolve the dependencies in a fresh venv and pin them (after editing pyproject.toml).
LOCK_VENV := $(or $(TMPDIR),/tmp)/newsroom-lock-venv
lock:
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LOCK_VENV)/bin/python -m pip install --quiet -e '.[dev]'
	{ echo "# Exact versions \`make install\` installs (as pip constraints), and \`make audit\` checks."; \
	  echo "# Regenerate with \`make lock\` after changing pyproject.toml's dependencies; commit both."; \
	  $(LOCK_VENV)/bin/python -m pip freeze --exclude-editable | grep -v '^newsroom'; } > requirements.lock
	rm -rf $(LOCK_VENV)

# pip-audit over requirements.lock (.ci/audit.py says so when no vulnerability service answers).
audit: install
	$(PY) .ci/audit.py

install: $(VENV)/.installed

# The interface's translations (docs/i18n.md): collect every marked string into locale/*/django.po
# (new ones untranslated, gone ones commented out), then compile the .mo files the site reads.
# Needs GNU gettext (msgfmt); commit both .po and .mo, so running the site never needs it.
MESSAGES_IGNORE := --ignore=$(VENV) --ignore=tests --ignore=benchmarks --ignore=staticfiles \
	--ignore=node_modules --ignore=test-output --ignore=.eval
messages: install
	$(PY) manage.py makemessages -l en -l ru --no-obsolete $(MESSAGES_IGNORE)
	$(PY) manage.py compilemessages -l en -l ru $(MESSAGES_IGNORE)

seed: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seed
	$(PY) manage.py load_knowledge_base
	$(PY) manage.py load_sources

run: seed
	$(PY) manage.py runserver $(HOST):$(PORT)

# A deploy step, run before `make serve` after each upgrade: serving never migrates by itself.
migrate: install
	$(PY) manage.py migrate --noinput

# Production-style serving: static files collected into STATIC_ROOT with hashed names and
# gzip/Brotli copies (served by WhiteNoise, a year's max-age), again only when the static
# sources or their settings changed since the last complete collection (a stamp in
# STATIC_ROOT: newsroom/static_stamp.py), then gunicorn with
# newsroom/gunicorn.conf.py (one worker per CPU unless GUNICORN_WORKERS says otherwise).
# For a real deployment set DJANGO_ENV=production and the rest (docs/DEPLOYMENT.md).
serve: export NEWSROOM_STATIC_MANIFEST = 1
serve: export GUNICORN_BIND ?= $(HOST):$(PORT)
serve: install
	$(PY) manage.py collectstatic_if_changed
	$(VENV)/bin/gunicorn -c newsroom/gunicorn.conf.py newsroom.wsgi

# One test process per CPU (pytest-xdist), each with its own test database; a file's tests stay
# together so the browser tests share one Chromium. PYTEST_ARGS="-n 0" runs in one process.
PYTEST_ARGS ?= -n auto --dist loadfile

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

# The loop while working: leaves out the tests marked `slow` (subprocesses, backups, big
# imports, schemathesis, load; pyproject's markers) and the browser tests. `make test` runs all.
test-fast: install
	$(PY) -m pytest -m "not slow and not browser" $(PYTEST_ARGS)

# Browser tests alone (Playwright driving Debian's Chromium); screenshots in test-output/browser/.
test-browser: install
	$(PY) -m pytest -m browser tests/browser $(PYTEST_ARGS)

# The importer against the hand-labelled corpus in fixtures/eval (docs/evaluation.md): a scratch
# SQLite database under .eval/, made afresh each run, holds only the knowledge base; the stories
# are imported in dry-run. Fails when a figure falls below fixtures/eval/ratchet.json. EVAL_ARGS
# passes options on, e.g. "--no-misses", "--json" or "--update-ratchet".
EVAL_DIR := .eval
eval: export DATABASE_URL = sqlite:///$(CURDIR)/$(EVAL_DIR)/eval.sqlite3
eval: install
	rm -rf $(EVAL_DIR)
	mkdir -p $(EVAL_DIR)
	$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) manage.py load_knowledge_base
	$(PY) manage.py evaluate $(EVAL_ARGS)
	@echo "== held-out stories (fixtures/eval/heldout: never tuned on)"
	$(PY) manage.py evaluate --corpus fixtures/eval/heldout $(EVAL_ARGS)

# axe-core comes from npm at the version pinned in package.json / package-lock.json and is
# committed to tests/browser/vendor/, so tests never need node or the network. Re-run after
# changing the version, then commit the copied files.
AXE_VENDOR := tests/browser/vendor
vendor:
	npm ci --ignore-scripts --no-audit --no-fund
	mkdir -p $(AXE_VENDOR)
	cp node_modules/axe-core/axe.min.js $(AXE_VENDOR)/axe.min.js
	cp node_modules/axe-core/LICENSE $(AXE_VENDOR)/axe-core.LICENSE
	cp node_modules/axe-core/LICENSE-3RD-PARTY.txt $(AXE_VENDOR)/axe-core.LICENSE-3RD-PARTY.txt
	node -p '"axe-core " + require("axe-core/package.json").version' > $(AXE_VENDOR)/axe-core.VERSION

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

# Benchmarks print figures; they never fail a build on speed (docs/benchmarks.md). Newsroom
# against the raw baseline on the 100,000-story corpus (built once under .bench/ by
# benchmarks/corpus, a development-only app the script installs with NEWSROOM_BENCHMARKS=1 for
# its manage.py steps only), then the import of STORIES= stories. BENCH_ARGS passes options on,
# e.g. "--runs 3 --duration 15", "--only api-detail", "--no-cached", "--database-url postgres://...".
bench: install
	$(PY) benchmarks/http_bench.py --import-stories $(or $(STORIES),10000) $(BENCH_ARGS)

# A bounded load test: 50 users for 60 s against `make serve` on PostgreSQL (LOAD_DATABASE_URL,
# default newsroom_load, seeded), page cache in Redis; exits 1 on any error. LOAD_ARGS passes
# options on, e.g. "--duration 30 --users 20" or "--database-url postgres://.../newsroom_bench".
load: install
	$(PY) benchmarks/load_test.py $(LOAD_ARGS)

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache $(EVAL_DIR)
