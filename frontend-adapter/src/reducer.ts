import type { AuthError } from "./errors.js";
import type { DocsUser } from "./reader.js";

/**
 * `loading` is the state of the server render and of the first client render alike, so hydration never shows
 * a signed-out button to a signed-in reader (or the reverse) before the stored session has been read.
 */
export type AuthState =
  | { status: "loading" }
  | { status: "redirecting" }
  | { status: "signed-out"; error?: AuthError }
  | { status: "signed-in"; user: DocsUser; error?: AuthError };

export type AuthStatus = AuthState["status"];

export type AuthAction =
  | { type: "SIGNED_IN"; user: DocsUser; error?: AuthError }
  | { type: "SIGNED_OUT"; error?: AuthError }
  | { type: "REDIRECTING" }
  | { type: "ERROR_DISMISSED" };

export const initialAuthState: AuthState = { status: "loading" };

export function authReducer(state: AuthState, action: AuthAction): AuthState {
  switch (action.type) {
    case "SIGNED_IN":
      return action.error === undefined
        ? { status: "signed-in", user: action.user }
        : { status: "signed-in", user: action.user, error: action.error };
    case "SIGNED_OUT":
      if (action.error !== undefined) return { status: "signed-out", error: action.error };
      // A plain sign-out event (storage cleared) must not wipe an error that is still on screen.
      return state.status === "signed-out" ? state : { status: "signed-out" };
    case "REDIRECTING":
      return { status: "redirecting" };
    case "ERROR_DISMISSED":
      if (state.status === "signed-out") return { status: "signed-out" };
      if (state.status === "signed-in") return { status: "signed-in", user: state.user };
      return state;
  }
}
