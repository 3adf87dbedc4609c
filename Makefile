# Every routine action of the project. `make run` and `make test` do all set-up themselves.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Python 3.13 is the Lambda runtime; `.python-version` makes pyenv's python3 resolve to it.
PYTHON ?= $(shell command -v python3.13 2>/dev/null || echo python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
BACKEND ?= moto
PORT ?= 3000
SPEED ?= 1
# The durable local state of `make run` (git-ignored); `make run STATE=` keeps everything in memory.
STATE ?= .state
KIND ?= vacancy

WEB := web
WEB_STAMP := $(WEB)/node_modules/.installed
CHROMIUM ?= /usr/bin/chromium

.PHONY: web-install web-build web-types web-check web-screenshots test-web chromium help install run reset webhook-demo test test-unit test-integration test-contract test-fidelity fuzz openapi lint typecheck cfn-lint bench-coldstart events operations clean

help: ## List the targets
	@grep -E '^[a-z%-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 13) else "Python 3.13 is needed (the Lambda runtime); install it, e.g. with pyenv.")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP) ## Create the virtualenv and install pinned dependencies

run: $(STAMP) web-build ## Run the local cloud with a demo organisation; keeps its state in .state/ (SPEED=60: a minute a second)
	@$(PY) -m local.cloud --port $(PORT) --speed $(SPEED) --backend $(BACKEND) --state '$(STATE)'

reset: ## Wipe the local state (.state/): the next `make run` starts empty and seeds the demo again
	rm -rf -- '$(STATE)'
	@echo "The local state is gone; \`make run\` starts afresh."

webhook-demo: $(STAMP) ## Send the demo org a signed HR webhook (KIND=vacancy|joined|left) to the running local cloud
	@$(PY) -m local.webhook_demo --kind $(KIND) --port $(PORT)

test: $(STAMP) web-check web-build chromium ## Unit, integration, API contract and web tests, the template check, ruff and mypy
	$(PY) -m pytest tests/unit -q
	$(PY) -m pytest tests/integration -q -m integration
	$(PY) -m pytest tests/contract -q -m contract
	$(PY) -m pytest tests/web -q -m web
	$(VENV)/bin/cfn-lint infra/template.yaml
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy shared functions local

test-unit: $(STAMP) ## Unit tests only (moto in-process)
	$(PY) -m pytest tests/unit -q

test-integration: $(STAMP) ## Integration tests through the local cloud on moto
	$(PY) -m pytest tests/integration -q -m integration

test-contract: $(STAMP) ## Schemathesis: every answer of the local cloud agrees with its OpenAPI document (CONTRACT_EXAMPLES=3)
	$(PY) -m pytest tests/contract -q -m contract

fuzz: $(STAMP) ## A longer schemathesis run: make fuzz EXAMPLES=200 CHECKS=server-errors STRICT=--strict
	$(PY) -m tests.contract.harness --examples $(or $(EXAMPLES),50) --checks $(or $(CHECKS),all) $(STRICT)

openapi: $(STAMP) ## Print the OpenAPI document of every route (no local cloud needed): make openapi > web/openapi.json
	@$(PY) -m local.openapi

test-fidelity: $(STAMP) ## The integration scenarios on LocalStack + DynamoDB Local (installed on first use)
	$(PY) -m local.emulators install
	$(PY) -m pytest tests/fidelity tests/integration -q --backend localstack

lint: $(STAMP) ## ruff
	$(VENV)/bin/ruff check .

typecheck: $(STAMP) ## mypy over the product code
	$(VENV)/bin/mypy shared functions local

cfn-lint: $(STAMP) ## Validate infra/template.yaml
	$(VENV)/bin/cfn-lint infra/template.yaml

bench-coldstart: $(STAMP) ## Each handler's import + first invocation against boto3, a DynamoDB client and one get_item (REPEAT=5)
	$(PY) scripts/bench_coldstart.py --repeat $(or $(REPEAT),5)

bench-web: $(STAMP) web-build chromium ## First-screen JavaScript (gzipped, budget 200 kB) and sign-in → feed time (budget 1 s)
	$(PY) scripts/bench_web.py

bench-%: $(STAMP) ## Any other benchmark: make bench-NAME runs scripts/bench_NAME.py and prints its figures
	$(PY) scripts/bench_$*.py

operations: $(STAMP) ## Regenerate the template's log groups and alarms for every function and DLQ
	$(PY) scripts/generate_operations.py

events: $(STAMP) ## Regenerate JSON Schemas and samples of the domain events under events/
	$(PY) scripts/generate_events.py

# --- the web app (web/): npm ci from the committed lock, then Vite ---------------------------------
$(WEB_STAMP): $(WEB)/package-lock.json $(WEB)/package.json
	cd $(WEB) && npm ci --no-audit --no-fund --loglevel=error
	@touch $(WEB_STAMP)

web-install: $(WEB_STAMP) ## Install the web app's pinned npm packages (npm ci)

# Built again only when a source changed: `make run` to ready in seconds, not a minute of tsc and Vite.
WEB_SOURCES := $(shell find $(WEB)/src $(WEB)/public -type f 2>/dev/null) \
	$(wildcard $(WEB)/index.html $(WEB)/vite.config.ts $(WEB)/tsconfig*.json $(WEB)/package.json)
WEB_BUILT := $(WEB)/dist/.built

$(WEB_BUILT): $(WEB_STAMP) $(WEB_SOURCES)
	cd $(WEB) && npx tsc -b && npx vite build --logLevel warn
	@touch $@

web-build: $(WEB_BUILT) ## Build the web app into web/dist when a source changed (the local cloud serves it)

web-types: $(STAMP) $(WEB_STAMP) ## Regenerate web/src/lib/api/schema.d.ts from the OpenAPI document
	$(PY) scripts/web_api_types.py --write

web-check: $(WEB_STAMP) ## The web app's types, lint rules and component tests (Vitest)
	cd $(WEB) && npx tsc -b && npx eslint src && npx vitest run

publish-web: $(STAMP) web-build ## Upload web/dist and /config.json to a deployed stack (STACK=<name>; after sam deploy)
	$(PY) scripts/publish_web.py --stack $(STACK)

chromium: ## Debian's Chromium for the browser tests (Playwright's own download cannot work here)
	@test -x $(CHROMIUM) || (apt-get update -qq && apt-get install -y -qq chromium)

web-screenshots: $(STAMP) web-build chromium ## Every screen in en and nl at 375 px and desktop width into web/screenshots/ (git-ignored); flags sideways scrolling and raw i18n keys
	$(PY) scripts/web_screenshots.py $(ARGS)

test-web: $(STAMP) web-build chromium ## Browser journeys and axe-core checks against the local cloud (pytest + Playwright)
	$(PY) -m pytest tests/web -q -m web

clean: ## Remove the virtualenv and caches (keeps the emulator cache)
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache $(WEB)/node_modules $(WEB)/dist
