# The README's two commands: `make run` (set up, load the Forum's posts, serve) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1:8000
CORPUS ?= ../shared/corpus/cabforum
PG_URL ?= postgres://postgres@127.0.0.1:5432/cabf_tracker
# The site's settings default to production (DEBUG off); the README's commands are for a
# laptop and its tests, so they turn development on unless told otherwise.
export DEBUG ?= 1

.PHONY: run setup serve test test-postgres lint format bench chromium clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# The browser tests drive Debian's Chromium (no browser can be downloaded here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

setup: $(VENV)/.runtime
	$(BIN)/python manage.py migrate --noinput
	@if [ -d "$(CORPUS)" ] && $(BIN)/python manage.py help import_posts >/dev/null 2>&1; then \
		$(BIN)/python manage.py import_posts "$(CORPUS)"; \
		$(BIN)/python manage.py refresh_states; \
		$(BIN)/python manage.py recompute_results; \
	else echo "(no corpus at $(CORPUS) or no importer yet: starting with the bodies and rules only)"; fi

run: setup
	$(BIN)/python manage.py runserver $(HOST)

# The production stack on this machine: gunicorn, PostgreSQL (PG_URL), Redis (REDIS_URL),
# whitenoise for static files, DEBUG off. Over plain HTTP on 127.0.0.1, so the TLS redirect
# and secure cookies are off here; a real deployment keeps both (README, "Deploying").
REDIS_URL ?= redis://127.0.0.1:6379/0
WEB_CONCURRENCY ?= 2
SERVE_ENV = DEBUG=0 DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS_URL) ALLOWED_HOSTS=127.0.0.1,localhost \
	SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0
serve: $(VENV)/.runtime
	$(BIN)/python scripts/ensure_database.py $(PG_URL)
	$(SERVE_ENV) $(BIN)/python manage.py migrate --noinput
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	@if [ -d "$(CORPUS)" ]; then $(SERVE_ENV) $(BIN)/python manage.py import_posts "$(CORPUS)"; \
		$(SERVE_ENV) $(BIN)/python manage.py refresh_states; fi
	$(SERVE_ENV) $(BIN)/python manage.py recompute_results
	$(SERVE_ENV) $(BIN)/gunicorn governance.wsgi --workers $(WEB_CONCURRENCY) --bind $(HOST) \
		--access-logfile - --forwarded-allow-ips=""

# The suite on SQLite (the default database), after lint.
test: $(VENV)/.dev chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run >/dev/null
	$(BIN)/pytest

# The same suite on PostgreSQL (CI runs both).
test-postgres: $(VENV)/.dev chromium
	DATABASE_URL=$(PG_URL) $(BIN)/pytest

lint: $(VENV)/.dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

bench: $(VENV)/.dev
	$(BIN)/python scripts/bench_import.py
	$(BIN)/python scripts/bench_pages.py
	$(BIN)/python scripts/load.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles artifacts
