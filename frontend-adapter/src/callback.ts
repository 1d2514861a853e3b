import { ErrorResponse, type StateStore } from "oidc-client-ts";
import { AuthError } from "./errors.js";
import type { SessionUser, UserManagerLike } from "./userManager.js";

/**
 * Checks of the authorization response that come before the code is exchanged.
 *
 * - `state` must name a sign-in this tab started (oidc-client-ts would also fail, but with a generic error;
 *   checking first lets the reader see what happened).
 * - `iss` must be the realm's issuer (RFC 9207). Keycloak always sends it (it advertises
 *   `authorization_response_iss_parameter_supported`), so a missing `iss` is refused too. A refused response
 *   consumes its state, so the same code cannot be tried again.
 */
// Stores answer `null` (Web Storage) or `undefined` (oidc-client-ts's in-memory store) for a missing key.
export async function checkAuthorizationResponse(url: URL, expectedIssuer: string, stateStore: StateStore): Promise<void> {
  const state = url.searchParams.get("state");
  if (state === null || state === "" || ((await stateStore.get(state)) ?? null) === null) {
    throw new AuthError("state_mismatch", "Authorization response state matches no pending sign-in");
  }
  const iss = url.searchParams.get("iss");
  if (iss !== expectedIssuer) {
    await stateStore.remove(state);
    throw new AuthError(
      "issuer_mismatch",
      `Authorization response iss ${iss === null ? "is missing" : `"${iss}"`}; expected "${expectedIssuer}"`,
    );
  }
}

/** Runs the checks, then lets oidc-client-ts exchange the code (PKCE verifier, nonce and ID token checks). */
export async function completeSignIn(manager: UserManagerLike, url: URL, expectedIssuer: string): Promise<SessionUser> {
  await checkAuthorizationResponse(url, expectedIssuer, manager.settings.stateStore);
  let user: SessionUser | undefined;
  try {
    user = await manager.signinCallback(url.href);
  } catch (cause) {
    if (cause instanceof ErrorResponse && cause.error) {
      throw new AuthError("authorization_error", `Keycloak answered ${cause.error}`, { cause, oauthError: cause.error });
    }
    throw new AuthError("callback_failed", cause instanceof Error ? cause.message : "Sign-in callback failed", { cause });
  }
  if (user === undefined) throw new AuthError("callback_failed", "Sign-in callback returned no user");
  return user;
}
