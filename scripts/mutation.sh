#!/usr/bin/env bash
# `make mutation`, and the last step of `make test`: mutation testing of the three parts against their unit tests,
# every mutant of every source file; prints the three scores; non-zero when a part is under its floor.
#   keycloak-extensions  PIT      floor: mutation.floor in keycloak-extensions/pom.xml (PIT's mutationThreshold)
#   backend-adapter      mutmut   floor: [tool.docs-auth-mutation] floor in backend-adapter/pyproject.toml
#   frontend-adapter     Stryker  floor: thresholds.break in frontend-adapter/stryker.config.mjs
# Needs the Python environment (make py-env) and the frontend adapter's node_modules (npm ci); Maven compiles.
set -uo pipefail
cd "$(dirname "$0")/.."
MVN="${MVN:-mvn -B -ntp}"
PY="$PWD/build/py/bin/python"
failed=()
summary=()

# Runs one tool, prints how long it took, then its score (from its report) for the summary at the end.
part() {
  local name=$1 reader=$2 report=$3 floor=$4; shift 4
  local start; start=$(date +%s)
  echo; echo "[mutation] $name"
  "$@" || failed+=("$name")
  local took=$(( $(date +%s) - start ))
  local line
  line=$($PY scripts/mutation_scores.py "$reader" "$report" --label "$name" ${floor:+--floor "$floor"}) \
    || failed+=("$name (score)")
  summary+=("$line, ${took} s")
}

part "keycloak-extensions (PIT)" pit keycloak-extensions/target/pit-reports/mutations.xml "" \
  $MVN -pl keycloak-extensions -Djacoco.skip=true test-compile org.pitest:pitest-maven:mutationCoverage

MUTMUT_FLOOR=$($PY -c 'import tomllib; print(tomllib.load(open("backend-adapter/pyproject.toml", "rb"))["tool"]["docs-auth-mutation"]["floor"])')
part "backend-adapter docs_auth (mutmut)" mutmut backend-adapter/mutants/mutmut-cicd-stats.json "$MUTMUT_FLOOR" \
  bash -c 'mkdir -p build/mutation && cd backend-adapter \
    && { ../build/py/bin/mutmut run --max-children 2 > ../build/mutation/mutmut.log \
         || { tail -c 3000 ../build/mutation/mutmut.log; exit 1; }; } \
    && ../build/py/bin/mutmut export-cicd-stats && echo "survivors:" && ../build/py/bin/mutmut results'

part "frontend-adapter (Stryker)" stryker frontend-adapter/reports/mutation/mutation.json "" \
  npm --prefix frontend-adapter run --silent mutation

echo
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "[mutation] FAILED: ${failed[*]}"
  exit 1
fi
