import { ErrorResponse } from "oidc-client-ts";
import { describe, expect, it } from "vitest";
import { checkAuthorizationResponse, completeSignIn } from "../src/callback.js";
import { AuthError } from "../src/errors.js";
import { FakeUserManager, ISSUER, session } from "./fakes.js";

const callbackUrl = (params: Record<string, string>) =>
  new URL(`http://localhost:3000/auth/callback?${new URLSearchParams(params).toString()}`);

async function refusal(promise: Promise<unknown>): Promise<AuthError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthError);
  return error as AuthError;
}

describe("authorization response checks", () => {
  it("accept the state of a pending sign-in and the realm's iss", async () => {
    const m = new FakeUserManager();
    const state = await m.pendingSignIn();
    await expect(checkAuthorizationResponse(callbackUrl({ state, iss: ISSUER, code: "c" }), ISSUER, m.settings.stateStore)).resolves.toBeUndefined();
  });

  it("refuse a tampered state", async () => {
    const m = new FakeUserManager();
    await m.pendingSignIn("st-1");
    const error = await refusal(checkAuthorizationResponse(callbackUrl({ state: "st-2", iss: ISSUER, code: "c" }), ISSUER, m.settings.stateStore));
    expect(error.kind).toBe("state_mismatch");
  });

  it("refuse a missing state", async () => {
    const m = new FakeUserManager();
    await m.pendingSignIn();
    expect((await refusal(checkAuthorizationResponse(callbackUrl({ iss: ISSUER, code: "c" }), ISSUER, m.settings.stateStore))).kind).toBe("state_mismatch");
  });

  it.each([
    ["another realm", { iss: "http://localhost:8080/realms/master" }],
    ["another server", { iss: "http://evil.example/realms/docs" }],
    ["no iss at all", {}],
  ])("refuse an iss of %s, and consume the state", async (_label, extra: Record<string, string>) => {
    const m = new FakeUserManager();
    const state = await m.pendingSignIn();
    const error = await refusal(checkAuthorizationResponse(callbackUrl({ state, code: "c", ...extra }), ISSUER, m.settings.stateStore));
    expect(error.kind).toBe("issuer_mismatch");
    expect(await m.settings.stateStore.get(state)).toBeFalsy();
  });
});

describe("completeSignIn", () => {
  it("exchanges the code only after the checks pass", async () => {
    const m = new FakeUserManager();
    const state = await m.pendingSignIn();
    const url = callbackUrl({ state, iss: ISSUER, code: "c" });
    await expect(completeSignIn(m, url, ISSUER)).resolves.toMatchObject({ access_token: "at-1" });
    expect(m.signinCallback).toHaveBeenCalledWith(url.href);
  });

  it("never exchanges the code of a refused response", async () => {
    const m = new FakeUserManager();
    const state = await m.pendingSignIn();
    await refusal(completeSignIn(m, callbackUrl({ state, iss: "http://evil.example", code: "c" }), ISSUER));
    expect(m.signinCallback).not.toHaveBeenCalled();
  });

  it("reports Keycloak's OAuth error by its code", async () => {
    const m = new FakeUserManager();
    m.callbackResult = () => Promise.reject(new ErrorResponse({ error: "access_denied" }));
    const state = await m.pendingSignIn();
    const error = await refusal(completeSignIn(m, callbackUrl({ state, iss: ISSUER, error: "access_denied" }), ISSUER));
    expect(error).toMatchObject({ kind: "authorization_error", oauthError: "access_denied" });
  });

  it("reports a failed exchange or ID token check", async () => {
    const m = new FakeUserManager();
    m.callbackResult = () => Promise.reject(new Error("nonce in id_token does not match nonce in client storage"));
    const state = await m.pendingSignIn();
    const error = await refusal(completeSignIn(m, callbackUrl({ state, iss: ISSUER, code: "c" }), ISSUER));
    expect(error.kind).toBe("callback_failed");
    expect(error.message).toMatch(/nonce/);
  });

  it("reports a callback that yields no user", async () => {
    const m = new FakeUserManager();
    m.signinCallback.mockResolvedValueOnce(undefined as never);
    const state = await m.pendingSignIn();
    expect((await refusal(completeSignIn(m, callbackUrl({ state, iss: ISSUER, code: "c" }), ISSUER))).kind).toBe("callback_failed");
    void session;
  });
});
