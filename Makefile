# The two commands of README.md: `make run` and `make test` (`.ci/run` calls the second); `make bench` for figures.
MVN ?= mvn -B -ntp
PYTHON ?= python3
VENV := build/py

.PHONY: build run test test-docker mutation bench bench-keycloak bench-site bench-mail bench-proof-of-work bench-signals wrk py-env site mail-catcher stop-test clean

## Builds the provider jar and lays out Keycloak and the embedded PostgreSQL binaries (Maven Central).
build:
	@echo "[make] Building our Keycloak extensions and fetching Keycloak $$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml) (a first run downloads about 200 MB)"
	@$(MVN) -q install -DskipTests

## Starts the whole system in the foreground on the embedded default (Ctrl-C stops it).
run: build py-env site mail-catcher
	@$(PYTHON) scripts/stack.py run

## Every test of every part; non-zero on any failure.
test:
	@scripts/test.sh

## Opt-in, for machines with a Docker engine: the sign-up and token checks on Keycloak and PostgreSQL in
## containers (container-tests/, Testcontainers); skipped with a message where there is no engine.
test-docker: build
	@$(MVN) -pl container-tests verify -DskipContainerTests=false

## Mutation testing of the three parts against their unit tests, every mutant (scripts/mutation.sh; `make test`
## mutates only the changed source files): PIT on the extensions, mutmut on docs_auth, Stryker on the frontend
## adapter; prints the three scores and fails under a floor.
mutation: build py-env frontend-adapter/node_modules/.package-lock.json
	@scripts/mutation.sh

## The benchmarks under bench/: figures printed, nothing asserted.
bench: py-env wrk bench-keycloak bench-site bench-mail bench-proof-of-work bench-signals
	$(VENV)/bin/pip install -q joserfc
	$(VENV)/bin/python bench/backend/verify_bench.py
	$(VENV)/bin/python bench/backend/asgi_bench.py
	$(VENV)/bin/python bench/backend/api_bench.py
	$(VENV)/bin/python bench/backend/revocation_bench.py
	$(VENV)/bin/python bench/backend/quota_bench.py

## Our Keycloak (jar and theme) against stock, side by side, on the distribution and PostgreSQL of `make run`
## (15-25 minutes on 2 cores). BENCH_KEYCLOAK_ARGS=--quick for a shorter run with small counts.
BENCH_KEYCLOAK_ARGS ?=
bench-keycloak: build py-env wrk
	$(VENV)/bin/pip install -q -r bench/keycloak/requirements.txt
	$(VENV)/bin/python bench/keycloak/keycloak_bench.py $(BENCH_KEYCLOAK_ARGS)

## The docs site's home and Keycloak's sign-up page before and after compression, in one run: bytes transferred
## (make run's servers and the compose proxy's nginx) and Lighthouse mobile performance in Debian's Chromium
## (bench/site; about 6 minutes).
bench-site: build py-env site
	npm ci --prefix bench/site --no-audit --no-fund --loglevel=error
	$(VENV)/bin/python bench/site/site_bench.py

## "Forgot password?" for addresses with and without an account, shuffled in one run on a fresh stack: the
## answer's time for each (medians, ratio) and whether the pages are the same (bench/mail; about 5 minutes).
bench-mail: build py-env mail-catcher
	$(VENV)/bin/python bench/mail/reset_timing.py $(BENCH_MAIL_ARGS)

## From a reader's sign-out to the chatbot API's refusal, alone and at 100 sign-outs per second, on a stack of its
## own (bench/signals; about 10 minutes).
bench-signals: build py-env mail-catcher
	$(VENV)/bin/python bench/signals/signal_delay.py $(BENCH_SIGNALS_ARGS)

## What the sign-up's proof of work costs a bot (sign-ups per second per core, with and without it, in one run), our
## server (CPU to make and check a challenge) and a person's browser (Chromium's solve time, CPU as is and slowed 4
## times like a mid-range phone), on a stack of its own (bench/proof-of-work; about 5 minutes).
bench-proof-of-work: build py-env mail-catcher
	npm ci --prefix browser-tests --no-audit --no-fund --loglevel=error
	$(VENV)/bin/python bench/proof-of-work/proof_of_work_bench.py

## Debian's wrk, the benchmarks' load generator (installed when missing and we are root).
wrk:
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq wrk; } \
	  || { echo "[make] the load generator wrk is missing: apt-get install wrk"; exit 1; }

## The Python environment of the tests and benchmarks: the adapter, the example backend, the test toolkit
## (testing/, package docs_testkit) and the launcher's modules (scripts/: `import stack`), all editable.
py-env: $(VENV)/.installed
$(VENV)/.installed: backend-adapter/pyproject.toml examples/rag-backend/pyproject.toml deploy/tests/requirements.txt \
  testing/pyproject.toml scripts/pyproject.toml
	@echo "[make] Preparing the Python environment in $(VENV)"
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e './backend-adapter[test]' -e ./examples/rag-backend -e ./testing -e ./scripts \
	  -r deploy/tests/requirements.txt
	@touch $@

## The development mail catcher (MailDev, npm) that `make run` and the tests send Keycloak's mail to.
mail-catcher: scripts/mail-catcher/node_modules/.package-lock.json
scripts/mail-catcher/node_modules/.package-lock.json: scripts/mail-catcher/package-lock.json
	npm ci --prefix scripts/mail-catcher --no-audit --no-fund --loglevel=error

## The example docs site, built (URLs baked in) when its sources or the adapter's change.
site: examples/docs-site/build/index.html
SITE_SOURCES := $(shell find frontend-adapter/src examples/docs-site/docs examples/docs-site/src examples/docs-site/static \
  examples/docs-site/i18n examples/docs-site/plugins -type f 2>/dev/null) \
  examples/docs-site/docusaurus.config.ts examples/docs-site/sidebars.ts
examples/docs-site/build/index.html: $(SITE_SOURCES) frontend-adapter/node_modules/.package-lock.json examples/docs-site/node_modules/.package-lock.json
	@echo "[make] Building the example docs site (Docusaurus, one build per locale: en, fr, ar; a few minutes)"
	npm run --silent build --prefix examples/docs-site
# The site links the adapter by file:, so the adapter's dependencies come first.
frontend-adapter/node_modules/.package-lock.json: frontend-adapter/package-lock.json
	npm ci --prefix frontend-adapter --no-audit --no-fund --loglevel=error
examples/docs-site/node_modules/.package-lock.json: examples/docs-site/package-lock.json frontend-adapter/node_modules/.package-lock.json
	npm ci --prefix examples/docs-site --no-audit --no-fund --loglevel=error

## Stops a test stack left running by an interrupted `make test`.
stop-test:
	@$(PYTHON) scripts/stack.py down --data build/test-stack

clean:
	$(MVN) -q clean
	rm -rf build
