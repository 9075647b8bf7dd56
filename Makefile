# 财政支出项目绩效评价结果公开 — build, test and preview the static site.
# Usage: make build | make test | make serve | make check [CONTENT=dir] | make docs | make wheel

CONTENT ?= content
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
VENV_STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
NODE_STAMP := node_modules/.installed

export PIP_DISABLE_PIP_VERSION_CHECK := 1

.DEFAULT_GOAL := build
.PHONY: install install-dev system-deps check build serve test bench package docs wheel lint clean

install: $(VENV_STAMP) $(NODE_STAMP)
install-dev: $(DEV_STAMP) $(NODE_STAMP)

# Python virtualenv with the runtime packages pinned (requirements.txt): what `make build` needs.
$(VENV_STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --no-input -q -r requirements.txt
	touch $@

# The test and lint tools on top (requirements-dev.txt): what `make test` needs.
$(DEV_STAMP): $(VENV_STAMP) requirements-dev.txt
	$(PY) -m pip install --no-input -q -r requirements-dev.txt
	touch $@

# Front-end libraries (ECharts, Tablesort, axe-core) exactly as in package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

check: $(VENV_STAMP)
	$(PY) -m generator check $(CONTENT)

build: install
	$(PY) -m generator build --content $(CONTENT)

serve: install
	$(PY) -m generator serve --content $(CONTENT)

# Debian's Chromium and CJK fonts for the browser tests (tests/browser/system_deps.py):
# installed with apt-get when missing and make runs as root; otherwise make stops and prints
# the exact command to run. No browser test is ever skipped.
system-deps:
	$(PYTHON) -m tests.browser.system_deps --install

# pytest-xdist workers: one more than the cores (a test's builds wait on their processes and
# the disk: with 2 workers on 2 cores the run used 1.46 cores), 1 on a one-core machine.
# Measured on 2 cores: 2 workers 26 min 33 s, 3 workers 25 min 7 s (docs/dev/performance.md).
TEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); if [ "$$n" -lt 2 ]; then echo 1; else echo $$((n + 1)); fi)

# The 15 slowest tests are listed at the end: CI must stay well under 30 minutes. worksteal:
# a worker that runs out of tests takes pending ones from the other (with the default `load`
# one worker sat idle for the run's last minutes behind the other's slow tests).
test: system-deps install-dev lint
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist worksteal --durations=15

bench: install-dev
	$(PY) -m tests.bench.bench

package: install
	$(PY) -m generator package

# The documentation (docs/, configured by mkdocs-docs.yml) into build/docs-site, strictly: a
# broken link or anchor stops it. tests/test_docs.py builds it the same way and follows the links.
docs: $(VENV_STAMP)
	$(PY) -m properdocs build --strict -f mkdocs-docs.yml

# The installable application (dist/jxgk-<version>-py3-none-any.whl, console command `jxgk`):
# hatch_build.py copies the theme and node_modules' pinned files into it; hatchling is pinned
# in requirements-dev.txt, so the build needs no network.
wheel: install-dev
	$(PY) -m pip wheel --no-input --no-deps --no-build-isolation -q -w dist .

# ruff and mypy: run first by `make test`, so CI holds every change to them
lint: $(DEV_STAMP)
	$(PY) -m ruff check .
	$(PY) -m mypy generator tests/bench

clean:
	rm -rf build/ site/ dist/
