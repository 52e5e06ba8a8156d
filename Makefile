# Set-up, run and test: every target builds the environment from the lock file first.
PYTHON ?= python3
NPM ?= npm
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
# Every folder of Python code the linters read (bench/ may not exist in a fresh tree yet).
PY_DIRS := $(wildcard src tests scripts bench)
# The web map: sources and lock file in web/, built into the package, which serves them.
WEB := web
STATIC := src/terrachron/web/static
WEB_SOURCES := $(shell find $(WEB)/src $(WEB)/public -type f 2>/dev/null) \
	$(WEB)/index.html $(WEB)/vite.config.ts $(WEB)/tsconfig.json
# Extra arguments for `terrachron serve`, e.g. make run SERVE_ARGS="--port 8080".
SERVE_ARGS ?=

.PHONY: run tour test lint typecheck pytest env web browser clean world-ledger world-report curated-geometry

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.synced: $(UV) uv.lock pyproject.toml
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --frozen --python $(PYTHON)
	touch $@

env: $(VENV)/.synced

# npm ci only when the lock file (or package.json) changed since the last install.
$(WEB)/node_modules/.installed: $(WEB)/package.json $(WEB)/package-lock.json
	cd $(WEB) && $(NPM) ci --no-audit --no-fund
	touch $@

# The build only when a source is newer than the last build (the stamp lives in the output,
# so deleting the output rebuilds it).
$(STATIC)/.built: $(WEB)/node_modules/.installed $(WEB_SOURCES)
	cd $(WEB) && $(NPM) run build
	touch $@

web: $(STATIC)/.built

# The browser the end-to-end tests drive (Debian's Chromium; never a downloaded build), and a
# Japanese font so that the page's Japanese names render in screenshots.
browser:
	command -v chromium >/dev/null 2>&1 || (apt-get update && apt-get install -y chromium)
	fc-list :lang=ja 2>/dev/null | grep -q . || (apt-get update && apt-get install -y fonts-ipafont-gothic)

# Serve the API and the web map of the bundled ledger on http://127.0.0.1:8000/.
run: env web
	$(VENV)/bin/terrachron serve $(SERVE_ARGS)

# The guided tour of the bundled ledger in the terminal.
tour: env
	$(VENV)/bin/terrachron tour

lint: env $(WEB)/node_modules/.installed
	$(VENV)/bin/ruff check $(PY_DIRS)
	$(VENV)/bin/ruff format --check $(PY_DIRS)
	cd $(WEB) && $(NPM) run lint

typecheck: env
	$(VENV)/bin/mypy src

pytest: env web browser
	$(VENV)/bin/pytest -q

test: lint typecheck pytest

# The imported world ledger (GPL-3.0 data, its own folder): rebuilt from a local copy of
# historical-basemaps and Natural Earth in ../shared/data (see docs/import.md), then checked.
SHARED_DATA ?= ../shared/data
WORLD_LEDGER := src/terrachron/data/historical-basemaps
world-ledger: env
	$(VENV)/bin/terrachron import historical-basemaps \
		$(SHARED_DATA)/historical-basemaps $(SHARED_DATA)/historical-basemaps/yearly-1988-2022 \
		--disputes $(SHARED_DATA)/natural-earth/ne_10m_admin_0_disputed_areas.json \
		-o $(WORLD_LEDGER) --replace

world-report: env
	$(VENV)/bin/python scripts/check_world_import.py --out docs/import-checks.md

clean:
	rm -rf $(VENV) $(TOOLS) $(WEB)/node_modules $(STATIC)

# Curated ledgers' place geometries, derived from ../shared/data by each ledger's
# geometry/recipes.yaml (scripts/derive_geometry.py; deterministic, --check to compare only).
curated-geometry: env
	$(VENV)/bin/python scripts/derive_geometry.py --data $(SHARED_DATA)
