import { afterEach, describe, expect, it, vi } from "vitest";
import {
  AccountApiError,
  CONSENT_ATTRIBUTE,
  DATA_EXPORT_FORMAT,
  DataExportError,
  QuotaExceededError,
  chatbotExportUrl,
  dataExportFileName,
  downloadJson,
  fetchDataExport,
  joinDataExport,
  keycloakExportUrl,
  readAccount,
  consentOf,
  attributeOf,
  writeConsent,
  type AuthFetch,
} from "../src/index.js";
import { config, ISSUER } from "./fakes.js";

const NOW = new Date("2026-11-30T05:00:00Z");
const API = "http://localhost:8000";
const withApi = { ...config, apiUrl: `${API}/` };
const KEYCLOAK_PART = { format: "docs-keycloak-export/1", profile: { email: "ada@example.org" } };
const CHATBOT_PART = { format: "docs-chatbot-export/1", questions: [] };

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}

/** An authFetch answering by URL; every call recorded with its method and body. */
function fetching(answers: Record<string, () => Response>) {
  const calls: { url: string; method: string; body: unknown }[] = [];
  const authFetch = vi.fn<AuthFetch>(async (input, init) => {
    const url = String(input);
    calls.push({ url, method: init?.method ?? "GET", body: init?.body === undefined ? undefined : JSON.parse(String(init.body)) });
    const answer = answers[`${init?.method ?? "GET"} ${url}`];
    if (answer === undefined) throw new TypeError("Failed to fetch");
    return answer();
  });
  return { authFetch, calls };
}

describe("the export's URLs", () => {
  it("are Keycloak's data-export/me of the realm and the API's /api/me/export", () => {
    expect(keycloakExportUrl(config)).toBe(`${ISSUER}/data-export/me`);
    expect(chatbotExportUrl(withApi)).toBe(`${API}/api/me/export`);
  });

  it("join the API's URL without the slashes it ends with", () => {
    expect(chatbotExportUrl({ ...config, apiUrl: `${API}//` })).toBe(`${API}/api/me/export`);
  });

  it("need the API's URL for the chatbot part", () => {
    expect(() => chatbotExportUrl({ ...config, apiUrl: undefined })).toThrow('"apiUrl" is needed');
  });
});

describe("joinDataExport", () => {
  it("puts both parts, untouched, in one object with the format and the time", () => {
    expect(joinDataExport(KEYCLOAK_PART, CHATBOT_PART, NOW)).toEqual({
      format: DATA_EXPORT_FORMAT,
      exported_at: "2026-11-30T05:00:00.000Z",
      keycloak: KEYCLOAK_PART,
      chatbot: CHATBOT_PART,
    });
    expect(DATA_EXPORT_FORMAT).toBe("docs-data-export/1");
  });

  it("is dated now when no time is given", () => {
    const before = Date.now();
    const made = Date.parse(joinDataExport({}, {}).exported_at);
    expect(made).toBeGreaterThanOrEqual(before);
    expect(made).toBeLessThanOrEqual(Date.now());
  });
});

describe("fetchDataExport", () => {
  it("fetches Keycloak's part with the Account page's token, the chatbot's with the site's, and joins them", async () => {
    const keycloak = fetching({ [`GET ${ISSUER}/data-export/me`]: () => json(KEYCLOAK_PART) });
    const chatbot = fetching({ [`GET ${API}/api/me/export`]: () => json(CHATBOT_PART) });
    const file = await fetchDataExport({ keycloak: keycloak.authFetch, chatbot: chatbot.authFetch }, withApi, () => NOW);
    expect(file).toEqual(joinDataExport(KEYCLOAK_PART, CHATBOT_PART, NOW));
    expect(keycloak.calls.map((c) => c.url)).toEqual([`${ISSUER}/data-export/me`]);
    expect(chatbot.calls.map((c) => c.url)).toEqual([`${API}/api/me/export`]);
  });

  it("dates the file now when no time is given", async () => {
    const keycloak = fetching({ [`GET ${ISSUER}/data-export/me`]: () => json(KEYCLOAK_PART) });
    const chatbot = fetching({ [`GET ${API}/api/me/export`]: () => json(CHATBOT_PART) });
    const before = Date.now();
    const made = Date.parse((await fetchDataExport({ keycloak: keycloak.authFetch, chatbot: chatbot.authFetch }, withApi)).exported_at);
    expect(made).toBeGreaterThanOrEqual(before);
    expect(made).toBeLessThanOrEqual(Date.now());
  });

  it("names the part that failed and its status", async () => {
    const { authFetch } = fetching({
      [`GET ${ISSUER}/data-export/me`]: () => json(KEYCLOAK_PART),
      [`GET ${API}/api/me/export`]: () => json({ detail: "x" }, 503),
    });
    const error = await fetchDataExport({ keycloak: authFetch, chatbot: authFetch }, withApi).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataExportError);
    expect(error).toMatchObject({ name: "DataExportError", part: "chatbot", status: 503, message: "The chatbot part of the export answered 503" });
  });

  it("says which service could not be reached", async () => {
    const { authFetch } = fetching({ [`GET ${API}/api/me/export`]: () => json(CHATBOT_PART) });
    const error = await fetchDataExport({ keycloak: authFetch, chatbot: authFetch }, withApi).catch((e: unknown) => e);
    expect(error).toMatchObject({ part: "keycloak", status: 0, message: "The keycloak part of the export could not be fetched" });
  });

  it("passes on a 429 as QuotaExceededError with its wait", async () => {
    const { authFetch } = fetching({
      [`GET ${ISSUER}/data-export/me`]: () => json({}, 429, { "Retry-After": "120" }),
      [`GET ${API}/api/me/export`]: () => json(CHATBOT_PART),
    });
    const error = await fetchDataExport({ keycloak: authFetch, chatbot: authFetch }, withApi).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuotaExceededError);
    expect((error as QuotaExceededError).retryAfterSeconds).toBe(120);
  });
});

describe("the file", () => {
  afterEach(() => vi.useRealTimers());

  it("is named by the day it was made", () => {
    expect(dataExportFileName(NOW)).toBe("my-data-2026-11-30.json");
  });

  it("is offered as a JSON download through a link that is removed after its click", async () => {
    vi.useFakeTimers();
    const made: Blob[] = [];
    const create = vi.spyOn(URL, "createObjectURL").mockImplementation((blob) => {
      made.push(blob as Blob);
      return "blob:http://localhost/1";
    });
    const revoke = vi.spyOn(URL, "revokeObjectURL").mockImplementation(() => undefined);
    let clicked: HTMLAnchorElement | null = null;
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicked = this;
    });

    downloadJson({ a: 1 }, "my-data-2026-11-30.json");

    expect(create).toHaveBeenCalledTimes(1);
    expect(click).toHaveBeenCalledTimes(1);
    expect(clicked!.download).toBe("my-data-2026-11-30.json");
    expect(clicked!.href).toBe("blob:http://localhost/1");
    expect(document.querySelector("a[download]")).toBeNull();
    expect(made[0]!.type).toBe("application/json");
    expect(revoke).not.toHaveBeenCalled();
    vi.runAllTimers();
    expect(revoke).toHaveBeenCalledWith("blob:http://localhost/1");
    vi.useRealTimers(); // FileReader answers on the real event loop
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(made[0]!);
    });
    expect(JSON.parse(text)).toEqual({ a: 1 });
  });
});

describe("the consent to personalisation, through Keycloak's Account REST API", () => {
  const ACCOUNT = `${ISSUER}/account/`;
  const rep = (consent?: string) => ({
    username: "ada@example.org",
    email: "ada@example.org",
    attributes: { experienceLevel: ["beginner"], ...(consent === undefined ? {} : { [CONSENT_ATTRIBUTE]: [consent] }) },
  });

  it.each([
    ["true", true],
    ["false", false],
    [undefined, false],
  ])("reads %s as %s (unset: not given), with the background beside it", async (value, expected) => {
    const { authFetch } = fetching({ [`GET ${ACCOUNT}?userProfileMetadata=false`]: () => json(rep(value)) });
    const account = await readAccount(authFetch, config);
    expect(consentOf(account)).toBe(expected);
    expect(attributeOf(account, "experienceLevel")).toBe("beginner");
    expect(attributeOf(account, "organization")).toBeUndefined();
  });

  it("reads an account without attributes as not given", () => {
    expect(consentOf({ username: "ada@example.org" })).toBe(false);
  });

  it.each([true, false])("writes %s back with the whole account, the other attributes kept", async (consent) => {
    const { authFetch, calls } = fetching({
      [`GET ${ACCOUNT}?userProfileMetadata=false`]: () => json(rep(consent ? undefined : "true")),
      [`POST ${ACCOUNT}`]: () => new Response(null, { status: 204 }),
    });
    await writeConsent(authFetch, config, consent);
    expect(calls.map((c) => c.method)).toEqual(["GET", "POST"]);
    // given: ["true"]; withdrawn: [] (docs/contracts.md, "Data rights")
    expect(calls[1]!.body).toEqual({ ...rep(), attributes: { ...rep().attributes, [CONSENT_ATTRIBUTE]: consent ? ["true"] : [] } });
  });

  it("refuses with Keycloak's status, or 0 when it cannot be reached", async () => {
    const refused = fetching({
      [`GET ${ACCOUNT}?userProfileMetadata=false`]: () => json(rep()),
      [`POST ${ACCOUNT}`]: () => json({ errorMessage: "error-user-attribute-read-only" }, 400),
    });
    const error = await writeConsent(refused.authFetch, config, true).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccountApiError);
    expect((error as Error).name).toBe("AccountApiError");
    // The user-profile attribute's name is the contract's (docs/contracts.md), not only this module's.
    expect(CONSENT_ATTRIBUTE).toBe("personalizationConsent");
    expect(error).toMatchObject({ status: 400, message: "Keycloak's account API answered 400" });
    const away = await readAccount(fetching({}).authFetch, config).catch((e: unknown) => e);
    expect(away).toMatchObject({ status: 0, message: "Keycloak's account API could not be reached" });
  });
});
