# factcheck: the two commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# pytest-xdist workers for `make test` (one per core; TEST_WORKERS=0 runs in one process).
TEST_WORKERS ?= auto
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test lint fmt bench screenshots venv dev migrate demo clean train eval audit audit-update

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

# Tests and tools (requirements-dev.txt includes the runtime set).
$(DEV_STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP) $(DEV_STAMP)

venv: $(STAMP)

dev: $(DEV_STAMP)

# The check-worthiness model: rebuild the committed weights (scikit-learn, fixed seed) and print held-out figures.
train: dev
	$(BIN)/python training/train_checkworthiness.py

eval: dev
	$(BIN)/python training/evaluate.py

migrate: venv
	mkdir -p var
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput

demo: migrate
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py demo

# The job worker (reports, large imports: claims/jobs) runs beside the server and stops with it:
# django-tasks' database worker, or an RQ worker when REDIS_URL is set.
run: demo
	@echo "factcheck is served at http://127.0.0.1:$(PORT)/ (demo users are listed above)"
	@if [ -n "$$REDIS_URL" ]; then worker="rqworker default"; else worker="db_worker --interval 1"; fi; \
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py $$worker & worker_pid=$$!; \
	trap 'kill $$worker_pid 2>/dev/null; wait $$worker_pid 2>/dev/null' EXIT INT TERM; \
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: dev
	mkdir -p var
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# mypy reads its files and per-module strictness from pyproject.toml ([tool.mypy]).
lint: dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

# Dependency audit, offline: the pins against the vendored advisory list (docs/SECURITY.md).
audit: venv
	$(BIN)/python scripts/audit_dependencies.py check

# Refresh security/advisories.json: pip-audit where a vulnerability service is reachable, else the index's project JSON.
audit-update: dev
	$(BIN)/python scripts/audit_dependencies.py update

fmt: dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: dev
	$(BIN)/python bench/run.py

# docs/screenshots/ (the workspace at 390, 820 and 1280 px); the tests never write there.
screenshots: dev
	$(BIN)/python bench/screenshots.py

clean:
	rm -rf $(VENV) var .pytest_cache
