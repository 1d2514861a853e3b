import { completeSignIn } from "./callback.js";
import { DEFAULT_POST_LOGOUT_PATH, callbackPathOf, issuerOf, type AuthConfig } from "./config.js";
import { toAuthError } from "./errors.js";
import { userOf } from "./reader.js";
import type { AuthAction } from "./reducer.js";
import { returnToFromState } from "./returnTo.js";
import type { SessionUser, UserManagerLike } from "./userManager.js";

/** What the sign-out round trip carries back, so that "sign out and create another account" goes on by itself. */
export interface SignOutState {
  next?: "sign-up";
}

export interface StartupContext {
  manager: UserManagerLike;
  config: AuthConfig;
  /** The page's URL when the provider mounted. */
  url: URL;
  /** The page runs in a frame of the site's own tab: oidc-client-ts's silent sign-in (`prompt=none`). */
  inFrame: boolean;
  dispatch: (action: AuthAction) => void;
  /** The provider's shared renewal; signs out by itself when renewal fails. */
  renew: () => Promise<string | null>;
  /** Whether a tab of this browser signed in (sessionHint.ts); `set` records a sign-in or sign-out. */
  hint: { has(): boolean; set(signedIn: boolean): void };
  /** Where to go after a completed sign-in. */
  navigate: (returnTo: string) => void;
  /** Rewrites the address bar without navigating. */
  replaceUrl: (pathAndQuery: string) => void;
  /** Starts the sign-up redirect (after "sign out and create another account"). */
  signUp: () => void;
}

/** What the provider does once per page load: finish a sign-in or a sign-out, or restore the session. */
export async function startSession(ctx: StartupContext): Promise<void> {
  const { url, config } = ctx;
  if (url.pathname === callbackPathOf(config)) {
    // In the hidden frame of a silent sign-in, oidc-client-ts hands the response to the tab that asked.
    if (ctx.inFrame) return void (await ctx.manager.signinCallback(url.href).catch(() => undefined));
    return finishSignIn(ctx);
  }
  const state = url.searchParams.get("state");
  if (url.pathname === (config.postLogoutPath ?? DEFAULT_POST_LOGOUT_PATH) && state !== null) {
    if ((await finishSignOut(ctx, state))?.next === "sign-up") return ctx.signUp();
  }
  await restore(ctx).catch((error: unknown) =>
    ctx.dispatch({ type: "SIGNED_OUT", error: toAuthError(error, "session_expired", "Restoring the session failed") }),
  );
}

/**
 * Asks Keycloak, without showing anything, whether this browser has a session there (`prompt=none` in a hidden
 * frame, or the refresh token when the tab has one). Resolves with the session, or `null` when there is none.
 */
export async function silentSignIn({ manager, hint }: Pick<StartupContext, "manager" | "hint">): Promise<SessionUser | null> {
  const session = await manager.signinSilent().catch(() => null);
  hint.set(session !== null);
  return session;
}

async function finishSignIn(ctx: StartupContext): Promise<void> {
  const { manager, config, url, dispatch, navigate, replaceUrl, hint } = ctx;
  try {
    const session = await completeSignIn(manager, url, issuerOf(config));
    hint.set(true);
    dispatch({ type: "SIGNED_IN", user: userOf(session) });
    navigate(returnToFromState(session.state));
  } catch (error) {
    // Drop code and state from the address bar: a reload must not replay a refused response.
    replaceUrl(url.pathname);
    const refused = toAuthError(error, "callback_failed", "Sign-in callback failed");
    // A refused response (say, a replayed one) does not end a session this tab already has.
    const existing = await manager.getUser().catch(() => null);
    if (existing !== null) return dispatch({ type: "SIGNED_IN", user: userOf(existing), error: refused });
    // A flow that ends in a tab that did not start it (a link from a mail opened in a new tab) brings a state
    // this tab never stored. Its code stays unused; if the reader has a Keycloak session now, a silent sign-in
    // of this tab's own finds it, and the reader goes on as themselves.
    const session = refused.kind === "state_mismatch" ? await silentSignIn(ctx) : null;
    if (session === null) return dispatch({ type: "SIGNED_OUT", error: refused });
    dispatch({ type: "SIGNED_IN", user: userOf(session) });
    navigate(config.postLogoutPath ?? DEFAULT_POST_LOGOUT_PATH);
  }
}

/** Keycloak comes back from sign-out to the post-logout page with the `state` of that request. */
async function finishSignOut({ manager, url, replaceUrl }: StartupContext, state: string): Promise<SignOutState | undefined> {
  // Stores answer `null` (Web Storage) or `undefined` (in memory) for a missing key; an unknown state is not ours.
  if (((await manager.settings.stateStore.get(state)) ?? null) === null) return undefined;
  const response = await manager.signoutCallback(url.href).catch(() => undefined);
  const clean = new URL(url.href);
  clean.searchParams.delete("state");
  replaceUrl(clean.pathname + clean.search + clean.hash);
  return response?.userState as SignOutState | undefined;
}

async function restore(ctx: StartupContext): Promise<void> {
  const { manager, dispatch, renew, hint } = ctx;
  const session = await manager.getUser();
  if (session === null) {
    // A new tab has no tokens of its own. If this browser signed in, Keycloak's session may still be alive.
    const found = hint.has() ? await silentSignIn(ctx) : null;
    dispatch(found === null ? { type: "SIGNED_OUT" } : { type: "SIGNED_IN", user: userOf(found) });
  } else if (session.expires_in === undefined || session.expires_in > 0) dispatch({ type: "SIGNED_IN", user: userOf(session) });
  // Stored but expired (the tab slept): one renewal with the refresh token decides.
  else await renew();
}
