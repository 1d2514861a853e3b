#!/usr/bin/env bash
# Makes Keycloak's master realm (the admins' realm) safe from its first start, with Keycloak's own admin CLI
# (kcadm.sh), since Keycloak's realm import does not import the master realm. docker-compose.yml runs it as the
# one-shot service `keycloak-master-realm` before the proxy opens; deploy/tests runs it against its nodes.
#   - A second factor (TOTP) for every account of the realm: its browser flow becomes a copy of Keycloak's
#     `browser` flow whose conditional second-factor step and OTP form are required, so an admin without an
#     authenticator app is made to set one up (Keycloak's CONFIGURE_TOTP) before the console opens.
#   - The settings of master-realm.json (`stack.py master-realm` writes it, from the docs realm): brute-force
#     detection, no password grant for any client (a password alone gets no token by admin-cli or kcadm.sh --user
#     either; scripts sign in as a service account: kcadm.sh config credentials --client ...), that browser flow.
# It signs in as Keycloak's temporary bootstrap service account (KC_BOOTSTRAP_ADMIN_CLIENT_ID/_SECRET). Running it
# again changes nothing; once Keycloak refuses that account (the operators deleted it, deploy/README.md
# "Security"), it has nothing to do and says so.
#
# Environment: KEYCLOAK_URL (the node, e.g. http://keycloak:8080), KC_BOOTSTRAP_ADMIN_CLIENT_ID,
# KC_BOOTSTRAP_ADMIN_CLIENT_SECRET; KCADM (default /opt/keycloak/bin/kcadm.sh), MASTER_REALM_SETTINGS (default
# master-realm.json beside this script). Exit status 0 when the realm is as above (or the account is refused),
# else non-zero with kcadm's error.
set -euo pipefail

: "${KEYCLOAK_URL:?the Keycloak node, e.g. http://keycloak:8080}"
: "${KC_BOOTSTRAP_ADMIN_CLIENT_ID:?}" "${KC_BOOTSTRAP_ADMIN_CLIENT_SECRET:?}"
KCADM=${KCADM:-/opt/keycloak/bin/kcadm.sh}
SETTINGS=${MASTER_REALM_SETTINGS:-"$(cd "$(dirname "$0")" && pwd)/master-realm.json"}
FLOW=$(grep -o '"browserFlow": *"[^"]*"' "$SETTINGS" | cut -d'"' -f4)

# Every call signs in afresh: the master realm's access tokens live 60 s, a call of kcadm.sh can take seconds, and
# a service account's sign-in gives no refresh token. The secret goes by the environment (KC_CLI_CLIENT_SECRET),
# never on a command line (kcadm.sh reads it there for `config credentials` only).
export KC_CLI_CLIENT_SECRET="$KC_BOOTSTRAP_ADMIN_CLIENT_SECRET"
config=$(mktemp)
trap 'rm -f "$config"' EXIT
# A short-lived client: the JVM starts faster with C1 alone and the serial collector.
export KC_OPTS=${KC_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}
kcadm() {
  local signed_in
  signed_in=$("$KCADM" config credentials --config "$config" --server "$KEYCLOAK_URL" --realm master \
    --client "$KC_BOOTSTRAP_ADMIN_CLIENT_ID" 2>&1) || { echo "$signed_in"; return 1; }
  "$KCADM" "$@" --config "$config"
}
say() { echo "[master realm] $*"; }

if ! flows=$(kcadm get authentication/flows -r master --fields alias --format csv --noquotes 2>&1); then
  if grep -q "invalid_client\|unauthorized_client" <<<"$flows"; then
    say "Keycloak refuses the bootstrap service account $KC_BOOTSTRAP_ADMIN_CLIENT_ID (deleted by the operators," \
      "or never made: Keycloak makes it at the first start only): nothing to do"
    exit 0
  fi
  echo "$flows" >&2
  exit 1
fi

if ! grep -qxF "$FLOW" <<<"$flows"; then
  kcadm create authentication/flows/browser/copy -r master -s "newName=$FLOW" 2>&1
  say "flow '$FLOW' copied from 'browser'"
fi
# Its conditional second-factor step and the OTP form in it, required (a required step runs whatever the conditions
# inside it say). An update names the step's priority too: one without it moves the step first.
steps=$(kcadm get "authentication/flows/$FLOW/executions" -r master --fields id,displayName,requirement,priority \
  --format csv --noquotes | grep -E ",(.* - Conditional (2FA|OTP)|OTP Form),[A-Z]+,[0-9]+$" || true)
[ "$(grep -c . <<<"$steps")" = 2 ] || { echo "flow '$FLOW': no conditional second-factor step with its OTP form" >&2; exit 1; }
while IFS=, read -r id _ requirement priority; do
  if [ "$requirement" != REQUIRED ]; then
    kcadm update "authentication/flows/$FLOW/executions" -r master \
      -b "{\"id\": \"$id\", \"requirement\": \"REQUIRED\", \"priority\": $priority}"
  fi
done <<<"$steps"

kcadm update realms/master -f "$SETTINGS"
say "brute-force detection on, no password grant, a second factor required for every admin (flow '$FLOW')"
