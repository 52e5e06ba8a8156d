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
	$(WEB)/index.html $(WEB)/review.html $(WEB)/vite.config.ts $(WEB)/tsconfig.json
# Extra arguments for `terrachron serve`, e.g. make run SERVE_ARGS="--port 8080".
SERVE_ARGS ?=

# The Node.js the web build needs: vite 8 and rolldown declare ^20.19.0 || >=22.12.0 in their
# `engines` (the packages that run at build time; see docs/packaging.md).
NODE_MIN := 20.19.0 (20.x) or 22.12.0
NODE_CHECK := const [a, b] = process.versions.node.split(".").map(Number); \
	if (!((a === 20 && b >= 19) || (a === 22 && b >= 12) || a > 22)) { \
	console.error("error: Node.js " + process.versions.node + " is too old for the web build;" \
	+ " it needs $(NODE_MIN) or newer (https://nodejs.org/)"); process.exit(1); }
# Where tests and make targets put what they make and git must not see (ignored).
ARTIFACTS := .artifacts
# What git sees (changed and untracked files), or nothing outside a git work tree.
GIT_STATE = { git rev-parse --is-inside-work-tree >/dev/null 2>&1 && git status --porcelain --untracked-files=all || true; }

.PHONY: run tour test lint typecheck pytest env env-serve web node browser clean world-ledger \
	world-report dist screenshots screenshot-review truth-report docs \
	curated-geometry

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

# --compile-bytecode: installed modules start from bytecode, as a pip-installed wheel does,
# even where PYTHONDONTWRITEBYTECODE is set (see docs/packaging.md, start-up).
SYNC := UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --frozen --python $(PYTHON) --compile-bytecode

# Everything: every extra (serve, extract, dask) and the dev group (tests, linters, type checker).
$(VENV)/.synced: $(UV) uv.lock pyproject.toml
	$(SYNC) --all-extras --group docs
	touch $@

# What serving needs: the core and the serve extra (--inexact keeps what `make env` installed).
$(VENV)/.synced-serve: $(UV) uv.lock pyproject.toml
	$(SYNC) --extra serve --no-dev --inexact
	touch $@

env: $(VENV)/.synced

env-serve: $(VENV)/.synced-serve

# The Node.js version, checked before npm runs so that an old one fails with a sentence, not
# with a syntax error deep in the build.
node:
	@command -v node >/dev/null 2>&1 || { echo "error: the web build needs Node.js $(NODE_MIN) or newer with npm; none found (https://nodejs.org/)" >&2; exit 1; }
	@node -e '$(NODE_CHECK)'

# npm ci only when the lock file (or package.json) changed since the last install.
$(WEB)/node_modules/.installed: $(WEB)/package.json $(WEB)/package-lock.json | node
	cd $(WEB) && $(NPM) ci --no-audit --no-fund
	touch $@

# The build only when a source is newer than the last build (the stamp lives in the output,
# so deleting the output rebuilds it).
$(STATIC)/.built: $(WEB)/node_modules/.installed $(WEB_SOURCES) | node
	cd $(WEB) && $(NPM) run build
	touch $@

web: $(STATIC)/.built

# The browser the end-to-end tests drive (Debian's Chromium; never a downloaded build), and a
# Japanese font so that the page's Japanese names render in screenshots.
browser:
	command -v chromium >/dev/null 2>&1 || (apt-get update && apt-get install -y chromium)
	fc-list :lang=ja 2>/dev/null | grep -q . || (apt-get update && apt-get install -y fonts-ipafont-gothic)

# Serve the API and the web map of the bundled ledger on http://127.0.0.1:8000/.
run: env-serve web
	$(VENV)/bin/terrachron serve $(SERVE_ARGS)

# The guided tour of the bundled ledger in the terminal.
tour: env-serve
	$(VENV)/bin/terrachron tour

lint: env $(WEB)/node_modules/.installed
	$(VENV)/bin/ruff check $(PY_DIRS)
	$(VENV)/bin/ruff format --check $(PY_DIRS)
	cd $(WEB) && $(NPM) run lint

typecheck: env
	$(VENV)/bin/mypy src

pytest: env web browser
	$(VENV)/bin/pytest -q

# The whole check; it ends by checking that the tests left the tree as git saw it before them
# (tests write to .artifacts/ or temporary folders, never to tracked files).
# The documentation site (mkdocs.yml) into site/ (ignored): --strict turns every warning (a broken
# link, a page missing from the build, a docstring the API reference cannot read) into a failure.
# Offline: Material's fonts are off and the search index is built locally.
docs: env
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --quiet

test: lint typecheck docs env web browser
	@mkdir -p $(ARTIFACTS) && $(GIT_STATE) > $(ARTIFACTS)/git-status-before
	$(VENV)/bin/pytest -q
	@$(GIT_STATE) > $(ARTIFACTS)/git-status-after
	@diff -u $(ARTIFACTS)/git-status-before $(ARTIFACTS)/git-status-after \
		|| { echo "error: the tests changed what git sees (above); they must write to $(ARTIFACTS)/ or a temporary folder" >&2; exit 1; }

# The wheel and the sdist in dist/, the built web map inside both (what a release uploads).
dist: env web
	rm -rf dist
	$(UV) build --out-dir dist

# Refresh the screenshots in docs/img/ from the browser tests; look at them before committing.
screenshots: env web browser
	TERRACHRON_SCREENSHOTS=docs/img $(VENV)/bin/pytest -q tests/web
	@git status --short docs/img 2>/dev/null || true

# Refresh docs/img/review.png (the review page of `terrachron review`) from its browser test only.
screenshot-review: env web browser
	TERRACHRON_SCREENSHOTS=docs/img $(VENV)/bin/pytest -q tests/web/test_review.py
	@git status --short docs/img 2>/dev/null || true

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

# The blind truth set (bench/truth/) scored on the world ledger and on the raw snapshots, written
# to docs/truth.md and docs/truth-cases.md; TRUTH_LABEL says what the run measures.
TRUTH_LABEL ?=
# The latest set scored blind; the earlier ones are development sets (bench/truth/).
TRUTH_CASES ?= bench/truth/cases-5.csv
truth-report: env
	$(VENV)/bin/python bench/truth.py --cases $(TRUTH_CASES) --report $(if $(TRUTH_LABEL),--label "$(TRUTH_LABEL)")

clean:
	rm -rf $(VENV) $(TOOLS) $(WEB)/node_modules $(STATIC) $(ARTIFACTS) dist
