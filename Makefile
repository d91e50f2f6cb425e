# factcheck: the two commands are `make run` and `make test`.
# The interpreter .venv is made with: PYTHON when given (`make run PYTHON=python3.12`), else the
# first of PYTHON_CANDIDATES that is Python 3.11+ and makes a venv. The system's /usr/bin/python3
# comes before the python3 on PATH: Debian builds it with PGO and LTO and links libpython
# statically, and it runs this project's tests with about 10 % less CPU than a pyenv build (no
# --enable-optimizations, a shared libpython; docs/benchmarks.md, "CI"). An existing .venv keeps
# the interpreter it was made with (delete it to change).
PYTHON_CANDIDATES ?= /usr/bin/python3 python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# pytest-xdist workers for `make test` (one per core; TEST_WORKERS=0 runs in one process).
TEST_WORKERS ?= auto
# The install stamps are named after the lock files' contents, not their dates: a fresh clone or a
# checkout that leaves the locks as they were installs nothing.
STAMP := $(VENV)/.lock-installed-$(shell cat requirements.txt | sha256sum | cut -c1-16)
DEV_STAMP := $(VENV)/.lock-installed-dev-$(shell cat requirements.txt requirements-dev.txt | sha256sum | cut -c1-16)
PIP_COMPILE := $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links

.PHONY: run test lint fmt bench screenshots venv dev lock migrate demo clean train eval audit audit-update

# The locks are installed by uv (the same hashes checked, in seconds where pip takes a minute), itself
# installed from its pin in the dev lock; where it cannot be (no wheel for the platform, no index), pip.
UV_PIN := sed -n '/^uv==/,/^ *\# via/p' requirements-dev.txt
INSTALL = if [ -x $(BIN)/uv ]; then $(BIN)/uv pip install --quiet --python $(BIN)/python --require-hashes -r $(1) || \
	$(BIN)/pip install --quiet --require-hashes -r $(1); else $(BIN)/pip install --quiet --require-hashes -r $(1); fi

$(BIN)/python:
	@for python in $(or $(PYTHON),$(PYTHON_CANDIDATES)); do \
	  if $$python -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && $$python -m venv $(VENV); then \
	    echo "$(VENV) made with $$($$python -c 'import sys; print(sys.executable, sys.version.split()[0])')"; break; \
	  fi; \
	  rm -rf $(VENV); \
	done; \
	test -x $(BIN)/python || { echo "No Python 3.11+ that can make a venv among: $(or $(PYTHON),$(PYTHON_CANDIDATES))" >&2; exit 1; }
	$(UV_PIN) | $(BIN)/pip install --quiet --require-hashes --no-deps -r /dev/stdin || \
	  { echo "uv could not be installed: pip installs the locks" && $(BIN)/python -m pip install --quiet --upgrade pip; }

# requirements.txt is the lock of what production runs (every package pinned with its hashes);
# requirements-dev.txt includes it and adds tests and tools. Both are made from the .in files by `make lock`.
$(STAMP): | $(BIN)/python
	$(call INSTALL,requirements.txt)
	rm -f $(VENV)/.lock-installed-*
	touch $(STAMP)

$(DEV_STAMP): | $(BIN)/python
	$(call INSTALL,requirements-dev.txt)
	rm -f $(VENV)/.lock-installed-*
	touch $(STAMP) $(DEV_STAMP)

venv: $(STAMP)

dev: $(DEV_STAMP)

# Re-lock after editing requirements.in or requirements-dev.in: pins kept where they still fit
# (`make lock PIP_COMPILE_ARGS=--upgrade` to move them). The dev lock is constrained by the runtime
# lock, so both agree; it includes the runtime file rather than repeating it.
lock: dev
	$(PIP_COMPILE) $(PIP_COMPILE_ARGS) -o requirements.txt requirements.in
	$(PIP_COMPILE) $(PIP_COMPILE_ARGS) -o requirements-dev.txt requirements-dev.in
	$(BIN)/python scripts/lock_dev_requirements.py

# The check-worthiness model: rebuild the committed weights (scikit-learn, fixed seed) and print held-out figures.
train: dev
	$(BIN)/python training/train_checkworthiness.py
	$(BIN)/python training/train_opinions.py

eval: dev
	$(BIN)/python training/evaluate.py

migrate: venv
	mkdir -p var
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput

demo: migrate
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py demo

# The job worker (reports, large imports: claims/jobs) runs beside the server and stops with it:
# `jobs_worker` runs django-tasks' database worker, or an RQ worker when REDIS_URL is set, and queues
# the periodic jobs (retraction and link checks: claims/jobs/schedule.py) when they are due.
run: demo
	@echo "factcheck is served at http://127.0.0.1:$(PORT)/ (demo users are listed above)"
	@DEBUG=$${DEBUG:-1} $(BIN)/python manage.py jobs_worker & worker_pid=$$!; \
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
