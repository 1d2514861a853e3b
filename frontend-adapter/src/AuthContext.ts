import { createContext } from "react";
import type { AuthFetch } from "./authFetch.js";
import type { AuthConfig } from "./config.js";
import type { AuthError } from "./errors.js";
import type { DocsUser } from "./reader.js";
import type { AuthStatus } from "./reducer.js";

export interface SignInOptions {
  /** Path to come back to; default the current page. */
  returnTo?: string;
}

export interface SignOutOptions {
  /** `"sign-up"`: back from Keycloak's sign-out, go straight on to its registration page (another account). */
  then?: "sign-up";
}

export interface AuthContextValue {
  status: AuthStatus;
  /** The signed-in reader, `null` otherwise. */
  user: DocsUser | null;
  /** The last error (a refused callback, a failed renewal), shown until dismissed or the next sign-in. */
  error: AuthError | null;
  config: AuthConfig;
  signIn(options?: SignInOptions): Promise<void>;
  /** Straight to Keycloak's registration page (`prompt=create`). */
  signUp(options?: SignInOptions): Promise<void>;
  /** Ends the Keycloak session too, then comes back to the post-logout page (and on to sign-up, if asked). */
  signOut(options?: SignOutOptions): Promise<void>;
  /** Keycloak's profile form (`kc_action=UPDATE_PROFILE`); the reader comes back with fresh claims. */
  editBackground(options?: SignInOptions): Promise<void>;
  /** Keycloak sends the verification mail again (`kc_action=VERIFY_EMAIL`); its link brings the reader back verified. */
  verifyEmail(options?: SignInOptions): Promise<void>;
  /**
   * Keycloak's form for a new address (`kc_action=UPDATE_EMAIL`): the new address gets a link, and replaces the
   * old one only once it is opened (with the realm's e-mail verification on).
   */
  changeEmail(options?: SignInOptions): Promise<void>;
  /**
   * Keycloak's delete-account page (`kc_action=delete_account`): the reader signs in again and confirms there.
   * The site forgets its tokens first (and tells its other tabs), so a reader coming back after the deletion is
   * signed out; one who cancels comes back signed in, as from any other action.
   */
  deleteAccount(options?: SignInOptions): Promise<void>;
  getAccessToken(): Promise<string | null>;
  renewAccessToken(): Promise<string | null>;
  authFetch: AuthFetch;
  dismissError(): void;
}

export const AuthContext = createContext<AuthContextValue | null>(null);
AuthContext.displayName = "DocsAuthContext";
