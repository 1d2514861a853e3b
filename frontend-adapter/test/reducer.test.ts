import { describe, expect, it } from "vitest";
import { AuthError } from "../src/errors.js";
import { authReducer, initialAuthState, type AuthState } from "../src/reducer.js";

const user = { sub: "u-1", email: "ada@example.org" };
const expired = new AuthError("session_expired", "renewal failed");

describe("authReducer", () => {
  it("starts unknown, the same on server and client", () => {
    expect(initialAuthState).toEqual({ status: "loading" });
  });

  it("signs in and out", () => {
    const signedIn = authReducer(initialAuthState, { type: "SIGNED_IN", user });
    expect(signedIn).toEqual({ status: "signed-in", user });
    expect(authReducer(signedIn, { type: "SIGNED_OUT" })).toEqual({ status: "signed-out" });
  });

  it("keeps an error on screen when a plain sign-out event follows it", () => {
    const withError: AuthState = { status: "signed-out", error: expired };
    expect(authReducer(withError, { type: "SIGNED_OUT" })).toBe(withError);
    expect(authReducer(withError, { type: "SIGNED_OUT", error: new AuthError("state_mismatch", "x") })).toMatchObject({
      error: { kind: "state_mismatch" },
    });
  });

  it("dismisses errors in both settled states and ignores the others", () => {
    expect(authReducer({ status: "signed-out", error: expired }, { type: "ERROR_DISMISSED" })).toEqual({ status: "signed-out" });
    expect(authReducer({ status: "signed-in", user, error: expired }, { type: "ERROR_DISMISSED" })).toEqual({ status: "signed-in", user });
    const redirecting: AuthState = { status: "redirecting" };
    expect(authReducer(redirecting, { type: "ERROR_DISMISSED" })).toBe(redirecting);
  });

  it("carries an error into the signed-in state, and goes to redirecting", () => {
    expect(authReducer(initialAuthState, { type: "SIGNED_IN", user, error: expired })).toEqual({ status: "signed-in", user, error: expired });
    expect(authReducer({ status: "signed-in", user }, { type: "REDIRECTING" })).toEqual({ status: "redirecting" });
  });
});
