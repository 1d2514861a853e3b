import { useCallback, useEffect, useMemo, useReducer, useRef, type ReactNode } from "react";
import { AuthContext, type AuthContextValue, type SignInOptions, type SignOutOptions } from "./AuthContext.js";
import { createAuthFetch } from "./authFetch.js";
import { assertValidConfig, callbackPathOf, type AuthConfig } from "./config.js";
import { AuthError } from "./errors.js";
import { userOf } from "./reader.js";
import { authReducer, initialAuthState } from "./reducer.js";
import { currentReturnTo } from "./returnTo.js";
import { signinArgs, type SigninIntent } from "./signinArgs.js";
import { hasSessionHint, setSessionHint, watchSessionHint } from "./sessionHint.js";
import { silentSignIn, startSession, type SignOutState } from "./startup.js";
import { createUserManager, type UserManagerFactory, type UserManagerLike } from "./userManager.js";

export interface AuthProviderProps {
  config: AuthConfig;
  children?: ReactNode;
  /**
   * Called after a completed sign-in with the path the reader started from. Default: `location.replace`
   * (a page load); a router passes its own navigation (the Docusaurus glue does).
   */
  onSignedIn?: (returnTo: string) => void;
  /** `getAccessToken()` renews first when the token has fewer seconds left than this. Default 30. */
  minValiditySeconds?: number;
  /** Replaces oidc-client-ts's `UserManager` (tests). */
  userManagerFactory?: UserManagerFactory;
}

/**
 * Holds the reader's session for the React tree. Nothing here touches `window` until an effect runs, so it
 * renders on a server as `status: "loading"`, exactly as the client's first render does.
 */
export function AuthProvider({
  config,
  children,
  onSignedIn,
  minValiditySeconds = 30,
  userManagerFactory = createUserManager,
}: AuthProviderProps) {
  assertValidConfig(config);
  const [state, dispatch] = useReducer(authReducer, initialAuthState);
  const managerRef = useRef<UserManagerLike | null>(null);
  const startedRef = useRef(false);
  const renewingRef = useRef<Promise<string | null> | null>(null);
  const statusRef = useRef(state.status);
  statusRef.current = state.status;
  // Read at call time so that the first config and callbacks stay in force without re-running effects.
  const configRef = useRef(config);
  const onSignedInRef = useRef(onSignedIn);
  useEffect(() => {
    onSignedInRef.current = onSignedIn;
  }, [onSignedIn]);

  const manager = useCallback((): UserManagerLike => {
    if (managerRef.current === null) {
      if (typeof window === "undefined") throw new Error("docs-auth-react: no session during a server render");
      managerRef.current = userManagerFactory(configRef.current, window.location.origin, window.sessionStorage);
    }
    return managerRef.current;
  }, [userManagerFactory]);

  /** The hint shared by the site's tabs (sessionHint.ts); local storage holds no token. */
  const hint = useMemo(
    () => ({
      has: () => typeof window !== "undefined" && hasSessionHint(window.localStorage),
      set: (signedIn: boolean) => setSessionHint(typeof window === "undefined" ? null : window.localStorage, signedIn),
    }),
    [],
  );

  const endSession = useCallback(
    async (cause: unknown) => {
      hint.set(false);
      await manager()
        .removeUser()
        .catch(() => undefined);
      dispatch({ type: "SIGNED_OUT", error: new AuthError("session_expired", "Session renewal failed", { cause }) });
    },
    [manager, hint],
  );

  /** One renewal at a time: parallel API calls that all see an expiring token share it. */
  const renewAccessToken = useCallback((): Promise<string | null> => {
    renewingRef.current ??= (async () => {
      try {
        const session = await manager().signinSilent();
        if (session === null) throw new Error("Renewal returned no session");
        dispatch({ type: "SIGNED_IN", user: userOf(session) });
        return session.access_token;
      } catch (error) {
        await endSession(error);
        return null;
      } finally {
        renewingRef.current = null;
      }
    })();
    return renewingRef.current;
  }, [manager, endSession]);

  const getAccessToken = useCallback(async (): Promise<string | null> => {
    if (typeof window === "undefined") return null;
    const session = await manager().getUser();
    if (session === null) return null;
    if (session.expires_in === undefined || session.expires_in > minValiditySeconds) return session.access_token;
    return renewAccessToken();
  }, [manager, minValiditySeconds, renewAccessToken]);

  // Subscribed in an effect with cleanup, so StrictMode's second run does not double the listeners.
  useEffect(() => {
    const events = manager().events;
    const offs = [
      // Fires after the callback and after each renewal: the claims shown are those of the newest ID token.
      events.addUserLoaded((session) => dispatch({ type: "SIGNED_IN", user: userOf(session) })),
      events.addUserUnloaded(() => dispatch({ type: "SIGNED_OUT" })),
      // The renewal a minute before expiry shares renewAccessToken's one flight with the API calls'.
      events.addAccessTokenExpiring(() => void renewAccessToken()),
    ];
    return () => offs.forEach((off) => off());
  }, [manager, renewAccessToken]);

  // Another tab signed in or out: follow it. A signed-out tab looks for the new Keycloak session silently; a
  // signed-in tab forgets its tokens (the Keycloak session they belong to has ended).
  useEffect(() => {
    if (window.parent !== window) return undefined;
    return watchSessionHint(window, (signedIn) => {
      if (signedIn && statusRef.current === "signed-out") {
        void silentSignIn({ manager: manager(), hint }).then((session) => {
          if (session !== null) dispatch({ type: "SIGNED_IN", user: userOf(session) });
        });
      } else if (!signedIn && statusRef.current === "signed-in") {
        void manager()
          .removeUser()
          .catch(() => undefined)
          .then(() => dispatch({ type: "SIGNED_OUT" }));
      }
    });
  }, [manager, hint]);

  useEffect(() => {
    // StrictMode runs effects twice; an authorization code can be redeemed only once.
    if (startedRef.current) return;
    startedRef.current = true;
    void startSession({
      manager: manager(),
      config: configRef.current,
      url: new URL(window.location.href),
      inFrame: window.parent !== window,
      dispatch,
      renew: renewAccessToken,
      hint,
      signUp: () => void redirectRef.current("sign-up"),
      navigate: (returnTo) => (onSignedInRef.current ?? ((to: string) => window.location.replace(to)))(returnTo),
      replaceUrl: (path) => window.history.replaceState(window.history.state, "", path),
    });
  }, [manager, renewAccessToken, hint]);

  const redirect = useCallback(
    async (intent: SigninIntent, options?: SignInOptions) => {
      const returnTo = options?.returnTo ?? currentReturnTo(window.location, callbackPathOf(configRef.current));
      dispatch({ type: "REDIRECTING" });
      // With a Keycloak session in this browser (this tab's, or another tab's since), Keycloak would sign in
      // without a form, or refuse a second account at the end of sign-up ("already authenticated as a
      // different user"): go on as the reader who is signed in, and say how to create another account.
      if (intent === "sign-in" || intent === "sign-up") {
        // Before sign-up always (a Keycloak session may exist without the hint: storage cleared, another site
        // of the same realm); before sign-in only on the hint, since Keycloak signs in without a form anyway.
        const session = statusRef.current === "signed-in"
          ? await manager().getUser().catch(() => null)
          : intent === "sign-up" || hint.has() ? await silentSignIn({ manager: manager(), hint }) : null;
        if (session !== null) {
          const notice = intent === "sign-up" ? new AuthError("already_signed_in", "A Keycloak session exists in this browser") : undefined;
          return dispatch(notice === undefined ? { type: "SIGNED_IN", user: userOf(session) } : { type: "SIGNED_IN", user: userOf(session), error: notice });
        }
      }
      if (intent === "delete-account") {
        hint.set(false);
        await manager()
          .removeUser()
          .catch(() => undefined);
      }
      try {
        await manager().signinRedirect(signinArgs(intent, returnTo));
      } catch (cause) {
        const error = new AuthError("redirect_failed", "Could not start the redirect to Keycloak", { cause });
        const session = await manager().getUser().catch(() => null);
        dispatch(session === null ? { type: "SIGNED_OUT", error } : { type: "SIGNED_IN", user: userOf(session), error });
      }
    },
    [manager, hint],
  );
  const redirectRef = useRef(redirect);
  redirectRef.current = redirect;

  const signOut = useCallback(async (options?: SignOutOptions) => {
    dispatch({ type: "REDIRECTING" });
    hint.set(false);
    try {
      // oidc-client-ts sends id_token_hint, so Keycloak ends its session without a confirmation page.
      const state: SignOutState | undefined = options?.then === "sign-up" ? { next: "sign-up" } : undefined;
      await manager().signoutRedirect(state === undefined ? undefined : { state });
    } catch (cause) {
      // Keycloak unreachable: at least forget the tokens here, and say that the Keycloak session may remain.
      await manager()
        .removeUser()
        .catch(() => undefined);
      dispatch({ type: "SIGNED_OUT", error: new AuthError("redirect_failed", "Could not reach Keycloak to sign out", { cause }) });
    }
  }, [manager, hint]);

  const authFetch = useMemo(() => createAuthFetch({ getAccessToken, renewAccessToken }), [getAccessToken, renewAccessToken]);

  const value = useMemo<AuthContextValue>(
    () => ({
      status: state.status,
      user: state.status === "signed-in" ? state.user : null,
      error: (state.status === "signed-in" || state.status === "signed-out") && state.error !== undefined ? state.error : null,
      config,
      signIn: (options) => redirect("sign-in", options),
      signUp: (options) => redirect("sign-up", options),
      editBackground: (options) => redirect("edit-background", options),
      verifyEmail: (options) => redirect("verify-email", options),
      changeEmail: (options) => redirect("change-email", options),
      deleteAccount: (options) => redirect("delete-account", options),
      signOut,
      getAccessToken,
      renewAccessToken,
      authFetch,
      dismissError: () => dispatch({ type: "ERROR_DISMISSED" }),
    }),
    [state, config, redirect, signOut, getAccessToken, renewAccessToken, authFetch],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
