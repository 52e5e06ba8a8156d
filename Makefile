# Set-up, run and test: every target builds the environment from the lock file first.
PYTHON ?= python3
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
# Every folder of Python code the linters read (bench/ may not exist in a fresh tree yet).
PY_DIRS := $(wildcard src tests scripts bench)

.PHONY: run test lint typecheck pytest env clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.synced: $(UV) uv.lock pyproject.toml
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --frozen --python $(PYTHON)
	touch $@

env: $(VENV)/.synced

run: env
	$(VENV)/bin/terrachron tour

lint: env
	$(VENV)/bin/ruff check $(PY_DIRS)
	$(VENV)/bin/ruff format --check $(PY_DIRS)

typecheck: env
	$(VENV)/bin/mypy src

pytest: env
	$(VENV)/bin/pytest -q

test: lint typecheck pytest

clean:
	rm -rf $(VENV) $(TOOLS)
