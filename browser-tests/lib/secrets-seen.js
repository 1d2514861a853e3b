// Every password, token, authorization code and reader's e-mail address the browser tests send or receive, appended
// to SECRETS_SEEN (scripts/test.sh: build/secrets-seen.txt), one `kind<TAB>value` a line; after the whole run,
// scripts/scan_logs_for_secrets.py looks for each of them in every log. The Java and Python tests write the same file.
import fs from "node:fs";
import path from "node:path";

const FILE = process.env.SECRETS_SEEN || new URL("../../build/secrets-seen.txt", import.meta.url).pathname;
const TOKEN_FIELDS = ["access_token", "refresh_token", "id_token"];

/** Records one value of `kind` (password, token, code or email). */
export function seen(kind, value) {
  if (typeof value !== "string" || !value) return;
  fs.mkdirSync(path.dirname(FILE), { recursive: true });
  fs.appendFileSync(FILE, `${kind}\t${value.replaceAll("\n", " ")}\n`);
}

function formFields(body) {
  for (const [name, value] of new URLSearchParams(body)) {
    if (name.startsWith("password")) seen("password", value);
    else if ((name === "email" || name === "username") && value.includes("@")) seen("email", value);
    else if (name === "code") seen("code", value);
    else if (name === "refresh_token") seen("token", value);
  }
}

/** Watches a browser context's traffic: the forms it posts, the codes it is sent back with, the tokens it receives. */
export function watch(context) {
  context.on("request", (request) => {
    const body = request.postData();
    if (body && (request.headers()["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) formFields(body);
    for (const part of [new URL(request.url()).search, new URL(request.url()).hash.replace(/^#/, "?")]) {
      seen("code", new URLSearchParams(part).get("code"));
    }
  });
  context.on("response", async (response) => {
    if (!response.url().endsWith("/protocol/openid-connect/token")) return;
    try {
      const json = await response.json();
      for (const field of TOKEN_FIELDS) seen("token", json[field]);
    } catch {
      // no body (the page went away) or not JSON (an error page): no token came
    }
  });
}
