// Keycloak's admin REST API, as the development admin of the master realm.
import { ADMIN, KEYCLOAK_URL, REALM } from "./env.js";
import { seen } from "./secrets-seen.js";

let cached = { token: null, until: 0 };

async function token() {
  // Master-realm admin tokens live 60 s: renew well before.
  if (cached.token && Date.now() < cached.until) return cached.token;
  const r = await fetch(`${KEYCLOAK_URL}/realms/master/protocol/openid-connect/token`, {
    method: "POST",
    body: new URLSearchParams({ grant_type: "password", client_id: "admin-cli", ...ADMIN }),
  });
  if (!r.ok) throw new Error(`admin token: ${r.status} ${await r.text()}`);
  const json = await r.json();
  seen("token", json.access_token);
  cached = { token: json.access_token, until: Date.now() + (json.expires_in - 20) * 1000 };
  return cached.token;
}

export async function admin(method, path, body) {
  const r = await fetch(`${KEYCLOAK_URL}/admin/realms${path}`, {
    method,
    headers: { Authorization: `Bearer ${await token()}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Creates a reader (password set, e-mail as username) and returns their id. */
export async function createUser({ email, password, attributes = {}, requiredActions = [], emailVerified = true, realm = REALM }) {
  seen("email", email);
  seen("password", password);
  await admin("POST", `/${realm}/users`, {
    username: email, email, firstName: "Ada", lastName: "Lovelace", enabled: true, emailVerified,
    attributes, requiredActions,
    credentials: [{ type: "password", value: password, temporary: false }],
  });
  return (await findUser(email, realm)).id;
}

export async function findUser(email, realm = REALM) {
  const users = await admin("GET", `/${realm}/users?email=${encodeURIComponent(email)}&exact=true`);
  return users[0] ?? null;
}

export function uniqueEmail(tag) {
  const email = `${tag}-${Math.random().toString(36).slice(2, 10)}@example.org`;
  seen("email", email);
  return email;
}

/** A complete background, as the admin API stores it. */
/** With the consent to personalisation given, so that tokens carry the background claims. */
export const BACKGROUND = { experienceLevel: ["intermediate"], professionalRole: ["researcher"], personalizationConsent: ["true"] };
