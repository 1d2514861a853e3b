import { completeSignIn } from "./callback.js";
import { DEFAULT_POST_LOGOUT_PATH, callbackPathOf, issuerOf, type AuthConfig } from "./config.js";
import { toAuthError } from "./errors.js";
import { userOf } from "./reader.js";
import type { AuthAction } from "./reducer.js";
import { returnToFromState } from "./returnTo.js";
import type { UserManagerLike } from "./userManager.js";

export interface StartupContext {
  manager: UserManagerLike;
  config: AuthConfig;
  /** The page's URL when the provider mounted. */
  url: URL;
  dispatch: (action: AuthAction) => void;
  /** The provider's shared renewal; signs out by itself when renewal fails. */
  renew: () => Promise<string | null>;
  /** Where to go after a completed sign-in. */
  navigate: (returnTo: string) => void;
  /** Rewrites the address bar without navigating. */
  replaceUrl: (pathAndQuery: string) => void;
}

/** What the provider does once per page load: finish a sign-in or a sign-out, or restore the stored session. */
export async function startSession(ctx: StartupContext): Promise<void> {
  const { url, config } = ctx;
  if (url.pathname === callbackPathOf(config)) return finishSignIn(ctx);
  const state = url.searchParams.get("state");
  if (url.pathname === (config.postLogoutPath ?? DEFAULT_POST_LOGOUT_PATH) && state !== null) {
    await finishSignOut(ctx, state);
  }
  await restore(ctx).catch((error: unknown) =>
    ctx.dispatch({ type: "SIGNED_OUT", error: toAuthError(error, "session_expired", "Restoring the session failed") }),
  );
}

async function finishSignIn({ manager, config, url, dispatch, navigate, replaceUrl }: StartupContext): Promise<void> {
  try {
    const session = await completeSignIn(manager, url, issuerOf(config));
    dispatch({ type: "SIGNED_IN", user: userOf(session) });
    navigate(returnToFromState(session.state));
  } catch (error) {
    // Drop code and state from the address bar: a reload must not replay a refused response.
    replaceUrl(url.pathname);
    const refused = toAuthError(error, "callback_failed", "Sign-in callback failed");
    // A refused response (say, a replayed one) does not end a session this tab already has.
    const existing = await manager.getUser().catch(() => null);
    dispatch(existing === null ? { type: "SIGNED_OUT", error: refused } : { type: "SIGNED_IN", user: userOf(existing), error: refused });
  }
}

/** Keycloak comes back from sign-out to the post-logout page with the `state` of that request. */
async function finishSignOut({ manager, url, replaceUrl }: StartupContext, state: string): Promise<void> {
  // Stores answer `null` (Web Storage) or `undefined` (in memory) for a missing key; an unknown state is not ours.
  if (((await manager.settings.stateStore.get(state)) ?? null) === null) return;
  await manager.signoutCallback(url.href).catch(() => undefined);
  const clean = new URL(url.href);
  clean.searchParams.delete("state");
  replaceUrl(clean.pathname + clean.search + clean.hash);
}

async function restore({ manager, dispatch, renew }: StartupContext): Promise<void> {
  const session = await manager.getUser();
  if (session === null) dispatch({ type: "SIGNED_OUT" });
  else if (session.expires_in === undefined || session.expires_in > 0) dispatch({ type: "SIGNED_IN", user: userOf(session) });
  // Stored but expired (the tab slept): one renewal with the refresh token decides.
  else await renew();
}
