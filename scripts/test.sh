#!/usr/bin/env bash
# `make test`: every test of every part, against one stack started once for the whole run.
#   1. unit tests (Java with JaCoCo; Python with coverage)
#   2. a fresh stack (embedded PostgreSQL, the mail catcher, Keycloak with our jar, theme and realm, the example
#      backend), JaCoCo agent attached to Keycloak
#   3. integration tests of every part against it; the adapters packed and installed into new apps
#   4. the stack stopped; the deployment tests (proxy, cluster) on their own nodes
#   5. coverage printed and checked (the gates: JaCoCo on the merged report, pytest-cov, Vitest)
#   6. every log of the run (the services', the reports', this script's output) scanned for each password, token,
#      authorization code and reader's e-mail address the tests used or received
#   7. mutation testing of the unit tests on the source files changed since a base (scripts/mutation.sh --changed:
#      PIT, mutmut, Stryker; `make mutation` mutates everything), the three scores printed last and held to their
#      floors; non-zero exit if anything failed
set -uo pipefail
cd "$(dirname "$0")/.."
MVN="${MVN:-mvn -B -ntp}"
STACK_DATA="$PWD/build/test-stack"
JACOCO_IT="$PWD/build/jacoco/it.exec"
started=$(date +%s)
failed=()
# What the tests send and receive that must reach no log (scripts/scan_logs_for_secrets.py), and this run's output.
mkdir -p build
export SECRETS_SEEN="$PWD/build/secrets-seen.txt"
rm -f "$SECRETS_SEEN"
exec > >(tee "$PWD/build/test-output.log") 2>&1

# Each step's time, printed at the end; each run's output also kept alone (build/test-steps/), so a failed one's
# last lines can be printed again at the end, where a log cut short in the middle still shows them.
STEPS_DIR="$PWD/build/test-steps"
rm -rf "$STEPS_DIR"; mkdir -p "$STEPS_DIR"
timings=()
step_name="" step_started=$started
end_step() { [ -n "$step_name" ] && timings+=("$(( $(date +%s) - step_started )) s  $step_name"); }
step() { end_step; step_name="$*" step_started=$(date +%s); echo; echo "[test] $*"; }
step_log() { echo "$STEPS_DIR/${1// /-}.log"; }
run() {
  local name=$1; shift
  "$@" 2>&1 | tee "$(step_log "$name")"
  [ "${PIPESTATUS[0]}" = 0 ] || failed+=("$name")
}

step "Java: build and unit tests"
if ! $MVN install; then
  echo "[test] the build failed"; exit 1
fi

echo "[test] container-tests/ is compiled, not run: its checks start Keycloak in Docker (make test-docker)"

step "Python: backend adapter unit tests"
make -s py-env || exit 1
# The adapter's own coverage settings (pytest runs from here, so backend-adapter/pyproject.toml is not found alone).
run "python unit" build/py/bin/pytest backend-adapter/tests/unit -q --cov=docs_auth \
  --cov-config=backend-adapter/pyproject.toml --cov-branch --cov-report=term --cov-fail-under=100 -p no:cacheprovider
run "python types" build/py/bin/mypy --config-file backend-adapter/pyproject.toml backend-adapter/src

step "Python: test toolkit, launcher, example backend and benchmark unit tests"
run "test toolkit unit" build/py/bin/pytest testing/tests -q -p no:cacheprovider --ignore=testing/tests/integration
run "test toolkit types" build/py/bin/mypy --config-file testing/pyproject.toml testing/src
run "launcher unit" build/py/bin/pytest scripts/tests -q -p no:cacheprovider --ignore=scripts/tests/real
run "example backend unit" build/py/bin/pytest examples/rag-backend/tests -q -p no:cacheprovider
run "keycloak bench unit" build/py/bin/pytest bench/keycloak/tests -q -p no:cacheprovider
run "mail bench unit" build/py/bin/pytest bench/mail/tests -q -p no:cacheprovider
run "signals bench unit" build/py/bin/pytest bench/signals/tests -q -p no:cacheprovider
run "proof-of-work bench unit" build/py/bin/pytest bench/proof-of-work/tests -q -p no:cacheprovider

step "TypeScript: frontend adapter unit tests (Vitest) and the example docs site's build"
# The site links the adapter by file:, so the adapter's dependencies are installed first.
if npm ci --prefix frontend-adapter --no-audit --no-fund --loglevel=error; then
  run "frontend unit" npm --prefix frontend-adapter test -- --coverage
  run "frontend types" npm --prefix frontend-adapter run typecheck
  if npm ci --prefix examples/docs-site --no-audit --no-fund --loglevel=error; then
    run "docs site build" npm --prefix examples/docs-site run build
    run "docs site types" npm --prefix examples/docs-site run typecheck
  else
    failed+=("docs site (npm ci)")
  fi
else
  failed+=("frontend (npm ci)")
fi

step "Starting the test stack (fresh) in $STACK_DATA"
make -s mail-catcher || failed+=("mail catcher (npm ci)")
python3 scripts/stack.py down --data "$STACK_DATA" >/dev/null 2>&1
rm -f "$JACOCO_IT"; mkdir -p "$(dirname "$JACOCO_IT")"
export JAVA_OPTS_APPEND="-javaagent:$PWD/distribution/target/jacoco/jacocoagent.jar=destfile=$JACOCO_IT,includes=dev.docsauth.*"
# Keycloak's signals go to the example API and to a second receiver, the Java integration tests' own (SignalsIT
# listens on SIGNALS_IT_RECEIVER_PORT); only this stack gets that receiver.
export SIGNALS_IT_RECEIVER_PORT="${SIGNALS_IT_RECEIVER_PORT:-8099}" SIGNALS_IT_SECRET="test-only-signals-it-secret"
signals_options=(
  KC_SPI_EVENTS_LISTENER__DOCS_SIGNALS__RECEIVERS=rag,it
  "KC_SPI_EVENTS_LISTENER__DOCS_SIGNALS__IT_URL=http://127.0.0.1:$SIGNALS_IT_RECEIVER_PORT/security-events"
  KC_SPI_EVENTS_LISTENER__DOCS_SIGNALS__IT_AUDIENCE=signals-it
  "KC_SPI_EVENTS_LISTENER__DOCS_SIGNALS__IT_SECRET=$SIGNALS_IT_SECRET"
)
# The API's question quota per reader, above what the tests that ask most need (Schemathesis's reader asked
# /api/query 124 times in a run of 2026-11-30), low enough for browser-tests/tests/e2e/quota.spec.js to use a
# reader's up; backend-adapter/tests/integration/test_quota.py starts API processes of its own with the quotas it tests.
export RAG_QUERY_QUOTA="${RAG_QUERY_QUOTA:-500/10 minutes; 20000/day}"
# The same for the data exports (GET /api/me/export, RAG_EXPORT_QUOTA): Schemathesis's reader asks for theirs about
# a hundred times; backend-adapter/tests/integration/test_data_rights.py reads this setting to use a reader's up.
export RAG_EXPORT_QUOTA="${RAG_EXPORT_QUOTA:-300/hour; 1000/day}"
stack_start=$(date +%s)
if env "${signals_options[@]}" python3 scripts/stack.py up --data "$STACK_DATA" --fresh; then
  echo "[test] the stack was ready in $(( $(date +%s) - stack_start )) s"
  unset JAVA_OPTS_APPEND
  export KEYCLOAK_URL=http://localhost:8080 KEYCLOAK_MANAGEMENT_URL=http://localhost:9000
  export KEYCLOAK_LOG="$STACK_DATA/logs/keycloak.log"
  export MAIL_WEB_URL="http://localhost:${MAIL_WEB_PORT:-8025}"

  step "Embedded PostgreSQL runs unprivileged"
  pg_users=$(ps -o user= -C postgres | sort -u | tr '\n' ' ')
  echo "[test] postgres processes run as: $pg_users"
  if [ -z "$pg_users" ] || { [ "$(id -u)" = 0 ] && [[ " $pg_users" == *" root "* ]]; }; then
    failed+=("postgres user")
  fi

  step "Java: integration tests on the real server"
  export KEYCLOAK_DB_URL="jdbc:postgresql://127.0.0.1:${EMBEDDED_PG_PORT:-5433}/keycloak"
  run "java integration" $MVN -pl integration-tests verify -DskipITs=false

  step "Browser: the theme's pages and the docs site end to end (Playwright, Chromium)"
  # Playwright on the system's Chromium and axe-core, from browser-tests/package-lock.json.
  if (cd browser-tests && npm ci --no-audit --no-fund --loglevel=error); then
    run "browser" npm --prefix browser-tests test
  else
    failed+=("browser (npm ci)")
  fi

  step "Python: token validation and the example backend on the real stack"
  export RAG_BACKEND_URL=http://localhost:8000
  export RAG_DATABASE_URL="postgresql://rag:rag@127.0.0.1:${EMBEDDED_PG_PORT:-5433}/keycloak"
  run "python integration" build/py/bin/pytest backend-adapter/tests/integration testing/tests/integration -q \
    -p no:cacheprovider

  step "Packages as users get them: each adapter packed, installed into a new app by its README (package-tests)"
  packages_start=$(date +%s)
  run "packages" build/py/bin/pytest package-tests -q -p no:cacheprovider
  echo "[test] the packages step took $(( $(date +%s) - packages_start )) s"

  step "API: Schemathesis, every check, against the example API's OpenAPI document (a signed-up reader's token)"
  run "schemathesis" build/py/bin/schemathesis --config-file examples/rag-backend/conformance/schemathesis.toml \
    run "$RAG_BACKEND_URL/openapi.json"
else
  failed+=("stack start")
fi

step "Stopping the test stack"
python3 scripts/stack.py down --data "$STACK_DATA"

step "Launcher: a real stack stopped (down, Ctrl-C) and started again keeps its accounts and leaves no process"
# After the test stack: both use the Keycloak distribution; this one picks free ports of its own.
run "launcher restart" build/py/bin/pytest scripts/tests/real -q -p no:cacheprovider

step "Deployment: compose files, the nginx proxy and two clustered Keycloak nodes (deploy/tests)"
# After the test stack: the nodes are built with the clustered cache and sit behind nginx on other ports.
run "deployment" build/py/bin/pytest deploy/tests/test_compose.py deploy/tests/test_proxy.py \
  deploy/tests/test_master_realm.py deploy/tests/test_cluster.py -q -p no:cacheprovider
[ -f build/deploy-test-figures.json ] && echo "[test] deployment figures: $(tr -d ' \n' < build/deploy-test-figures.json)"

step "Coverage of the Keycloak extensions (unit + integration): the gate is keycloak-extensions/pom.xml's jacoco:check"
coverage() {  # the figures of one JaCoCo CSV report
  awk -F, -v what="$1" 'NR>1 { lm += $8; lc += $9; bm += $6; bc += $7 } END { if (lm + lc) printf "[test] extensions coverage, %s: lines %.1f%% (%d of %d), branches %.1f%% (%d of %d)\n", what, 100*lc/(lm+lc), lc, lm+lc, 100*bc/(bm+bc), bc, bm+bc }' "$2"
}
if [ ! -s "$JACOCO_IT" ]; then
  echo "[test] no coverage data from the real server ($JACOCO_IT): the merged coverage cannot be checked"
  failed+=("coverage (no integration data)")
elif $MVN -q -pl keycloak-extensions jacoco:report@report-unit jacoco:merge@merge-coverage jacoco:report@report-coverage; then
  coverage "unit tests alone" keycloak-extensions/target/site/jacoco-unit/jacoco.csv
  coverage "unit + integration" keycloak-extensions/target/site/jacoco/jacoco.csv
  run "coverage (jacoco:check)" $MVN -pl keycloak-extensions jacoco:check@check-coverage
else
  failed+=("coverage (merge or report)")
fi

step "No password, token, code or reader's e-mail address in any log"
# Logs only. Not build/browser-tests/results: Playwright keeps there, for a failed test, its trace (a zip, which the
# scan skips as binary) and error-context.md (the error, the page as the reader saw it, with the reader's own
# address when the page showed it, and the test's source); the error also reaches build/test-output.log, scanned.
# A test that failed has failed already, and a second failure there would only hide the first.
run "secrets in logs" build/py/bin/python scripts/scan_logs_for_secrets.py --seen "$SECRETS_SEEN" \
  build/test-stack/logs build/test-stack/stack.log build/launcher-restart-test/logs build/launcher-restart-test/stack.log \
  build/deploy-test/logs integration-tests/target/failsafe-reports \
  keycloak-extensions/target/surefire-reports build/test-output.log

step "Mutation testing of the unit tests on the changed source files (scripts/mutation.sh --changed), each held to its floor"
run "mutation" scripts/mutation.sh --changed

end_step
echo
echo "[test] time by step:"
printf '  %s\n' "${timings[@]}"
echo "[test] took $(( $(date +%s) - started )) s"
if [ ${#failed[@]} -gt 0 ]; then
  for name in "${failed[@]}"; do
    log=$(step_log "$name")
    [ -f "$log" ] || continue
    echo; echo "[test] the last lines of the failed step \"$name\" ($log):"
    tail -n "${FAILED_STEP_LINES:-60}" "$log"
  done
  echo
  echo "[test] FAILED: ${failed[*]}"
  exit 1
fi
echo "[test] all passed"
