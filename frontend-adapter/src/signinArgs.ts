import type { SigninRedirectArgs } from "oidc-client-ts";

/** Why the reader goes to Keycloak: each is the same code flow, with one parameter that picks the page. */
export type SigninIntent = "sign-in" | "sign-up" | "edit-background" | "verify-email" | "change-email" | "delete-account";

/**
 * A fresh random nonce. oidc-client-ts stores it with the state and compares it with the ID token's `nonce`
 * claim, but sends one only when given one.
 */
export function randomNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function signinArgs(intent: SigninIntent, returnTo: string, nonce: string = randomNonce()): SigninRedirectArgs {
  const args: SigninRedirectArgs = { state: { returnTo }, nonce };
  switch (intent) {
    case "sign-in":
      return args;
    case "sign-up":
      // OpenID Connect Prompt Create; Keycloak 26.1+ opens its registration page (the older
      // `/registrations` endpoint is deprecated).
      return { ...args, prompt: "create" };
    case "edit-background":
      // Application-initiated action: Keycloak shows its profile form, then issues a new code, so the
      // tokens that come back carry the changed claims.
      return { ...args, extraQueryParams: { kc_action: "UPDATE_PROFILE" } };
    case "verify-email":
      // Keycloak sends the verification mail (again) and says so; the link in it completes this very flow.
      return { ...args, extraQueryParams: { kc_action: "VERIFY_EMAIL" } };
    case "change-email":
      // Keycloak asks for the new address and mails it a link; the account keeps the old one until it is opened.
      return { ...args, extraQueryParams: { kc_action: "UPDATE_EMAIL" } };
    case "delete-account":
      // Keycloak's delete-account action: the reader signs in again, then confirms on one page, and the account is
      // deleted (its page says so). Cancelled, it comes back here with a code, as the others do. prompt=login makes
      // the sign-in certain: the action's own maximum age (0) compares whole seconds, so a reader who signed in
      // within the same second would reach the confirmation without it.
      return { ...args, prompt: "login", extraQueryParams: { kc_action: "delete_account" } };
  }
}
