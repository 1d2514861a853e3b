import type { AuthFetch } from "./authFetch.js";
import { issuerOf, type AuthConfig } from "./config.js";
import { rejectOverQuota } from "./quota.js";

/**
 * The reader's data rights from the site (issue 18; docs/contracts.md, "Data rights"): "Download my data" joins
 * Keycloak's part and the chatbot API's part into one JSON file (docs/data-export.schema.json); the consent to
 * personalisation is read and written through Keycloak's Account REST API. Keycloak's calls take the Account page's
 * own token (`useAccountFetch`, scope `docs-account`); the chatbot's the site's (`authFetch`): each token goes only
 * to the service it is for (security finding 6).
 */

/** The whole file's format and version (docs/data-export.schema.json). */
export const DATA_EXPORT_FORMAT = "docs-data-export/1";

/** One file: both parts as their services gave them, untouched, under `keycloak` and `chatbot`. */
export interface DataExport {
  format: typeof DATA_EXPORT_FORMAT;
  exported_at: string;
  keycloak: unknown;
  chatbot: unknown;
}

/** Which part of the export failed, and how: the HTTP status (0 when the service could not be reached). */
export class DataExportError extends Error {
  override readonly name = "DataExportError";
  constructor(
    readonly part: "keycloak" | "chatbot",
    readonly status: number,
  ) {
    super(status === 0 ? `The ${part} part of the export could not be fetched` : `The ${part} part of the export answered ${status}`);
  }
}

/** Joins the two parts into the file's object; `exportedAt` is when the site made the file. */
export function joinDataExport(keycloak: unknown, chatbot: unknown, exportedAt: Date = new Date()): DataExport {
  return { format: DATA_EXPORT_FORMAT, exported_at: exportedAt.toISOString(), keycloak, chatbot };
}

/** Keycloak's part: `GET {issuer}/data-export/me` with the Account page's token (audience `docs-data-export`). */
export function keycloakExportUrl(config: Pick<AuthConfig, "keycloakUrl" | "realm">): string {
  return `${issuerOf(config)}/data-export/me`;
}

/** The chatbot API's part: `GET {apiUrl}/api/me/export` with the site's token (audience `rag-api`). */
export function chatbotExportUrl(config: Pick<AuthConfig, "apiUrl">): string {
  if (config.apiUrl === undefined) throw new TypeError('docs-auth-react: "apiUrl" is needed for the chatbot part of the export');
  return `${config.apiUrl.replace(/\/+$/, "")}/api/me/export`;
}

async function part(authFetch: AuthFetch, name: DataExportError["part"], url: string): Promise<unknown> {
  let res: Response;
  try {
    res = await authFetch(url, { headers: { Accept: "application/json" } });
  } catch {
    throw new DataExportError(name, 0);
  }
  rejectOverQuota(res); // a 429: QuotaExceededError with its wait, as the chatbot's
  if (!res.ok) throw new DataExportError(name, res.status);
  return res.json();
}

/** Which fetch reaches which part: Keycloak's with the Account page's token (`useAccountFetch`), the chatbot's with the site's (`authFetch`). */
export interface DataExportFetches {
  keycloak: AuthFetch;
  chatbot: AuthFetch;
}

/**
 * Fetches both parts at once and joins them. Throws `QuotaExceededError` when either service says to wait (429),
 * `DataExportError` naming the part for any other failure: the reader gets the whole file or none.
 */
export async function fetchDataExport(fetches: DataExportFetches, config: AuthConfig, now: () => Date = () => new Date()): Promise<DataExport> {
  const [keycloak, chatbot] = await Promise.all([
    part(fetches.keycloak, "keycloak", keycloakExportUrl(config)),
    part(fetches.chatbot, "chatbot", chatbotExportUrl(config)),
  ]);
  return joinDataExport(keycloak, chatbot, now());
}

/** `my-data-2026-11-30.json`: the day (UTC) the file was made. */
export function dataExportFileName(exportedAt: Date): string {
  return `my-data-${exportedAt.toISOString().slice(0, 10)}.json`;
}

/** Offers `data` to the browser as a download of `fileName` (JSON, indented), by a link to a blob URL. */
export function downloadJson(data: unknown, fileName: string, doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
  const link = doc.createElement("a");
  link.href = url;
  link.download = fileName;
  doc.body.append(link);
  link.click();
  link.remove();
  // After the click has been handled: the download has its own reference to the blob.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** The user-profile attribute of the consent to personalisation (docs/contracts.md, "Data rights"). */
export const CONSENT_ATTRIBUTE = "personalizationConsent";

/** Keycloak's Account REST API answered `status` (0: not reached). */
export class AccountApiError extends Error {
  override readonly name = "AccountApiError";
  constructor(readonly status: number) {
    super(status === 0 ? "Keycloak's account API could not be reached" : `Keycloak's account API answered ${status}`);
  }
}

/** Keycloak's Account REST API: the reader's own account (`GET`, and `POST` of the whole representation). */
export function accountApiUrl(config: Pick<AuthConfig, "keycloakUrl" | "realm">): string {
  return `${issuerOf(config)}/account/`;
}

/** The reader's account as Keycloak's Account REST API gives it: the user-profile attributes by name. */
export interface AccountRepresentation {
  username?: string;
  email?: string;
  attributes?: Record<string, string[] | undefined>;
  [field: string]: unknown;
}

async function account(authFetch: AuthFetch, url: string, init?: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await authFetch(url, { ...init, headers: { Accept: "application/json", "Content-Type": "application/json" } });
  } catch {
    throw new AccountApiError(0);
  }
  if (!res.ok) throw new AccountApiError(res.status);
  return res;
}

/**
 * The reader's account, read from Keycloak (not from the token: without consent the tokens carry no background,
 * but the account still holds it), with the Account page's fetch (`useAccountFetch`: Keycloak refuses the site's
 * tokens). Throws `AccountApiError` with Keycloak's status.
 */
export async function readAccount(accountFetch: AuthFetch, config: AuthConfig): Promise<AccountRepresentation> {
  return (await (await account(accountFetch, `${accountApiUrl(config)}?userProfileMetadata=false`)).json()) as AccountRepresentation;
}

/** One attribute's value, `undefined` when unset. */
export function attributeOf(rep: AccountRepresentation, name: string): string | undefined {
  return rep.attributes?.[name]?.[0];
}

/** Whether the reader consents to personalisation: the attribute is `true` (unset means not given). */
export function consentOf(rep: AccountRepresentation): boolean {
  return attributeOf(rep, CONSENT_ATTRIBUTE) === "true";
}

/**
 * Gives or withdraws the consent: reads the reader's account and writes it back whole with the attribute changed
 * (Keycloak's user profile treats an attribute left out of the update as removed). Keycloak then records the
 * change and tells the APIs (a `token-claims-change` signal): renew the site's token afterwards, so that the next
 * answer follows it. `accountFetch` is the Account page's (`useAccountFetch`). Throws `AccountApiError` with
 * Keycloak's status.
 */
export async function writeConsent(accountFetch: AuthFetch, config: AuthConfig, consent: boolean): Promise<void> {
  const rep = await readAccount(accountFetch, config);
  // docs/contracts.md, "Data rights": `["true"]` gives it, `[]` withdraws it (any other value is refused on the field).
  const attributes = { ...rep.attributes, [CONSENT_ATTRIBUTE]: consent ? ["true"] : [] };
  await account(accountFetch, accountApiUrl(config), { method: "POST", body: JSON.stringify({ ...rep, attributes }) });
}
