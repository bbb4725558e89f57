# The four entry points: run, test, check, bench. Each creates .venv when missing.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test check bench venv

$(STAMP): requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	@$(PY) scripts/run.py

test: $(STAMP)
	$(PY) -m pytest

check: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.production \
	DJANGO_SECRET_KEY=check-only-$$(date +%s)-a-long-random-value-for-the-deploy-check-0123456789 \
	DJANGO_ALLOWED_HOSTS=pictures.example.com SITE_URL=https://pictures.example.com \
	DATABASE_URL=postgres://picture_desk@db.example.com:5432/picture_desk \
	CONSONANCE_URL=https://web.consonance.app CONSONANCE_API_KEY=check-only \
	GETTY_API_URL=https://api.gettyimages.com/v3 \
	GETTY_AUTH_URL=https://authentication.gettyimages.com/oauth2/token \
	GETTY_API_KEY=check-only GETTY_API_SECRET=check-only \
	$(PY) manage.py check --deploy --fail-level WARNING

bench: $(STAMP)
	$(PY) bench/run.py
