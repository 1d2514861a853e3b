/** What went wrong, as a closed set the UI can word for readers. */
export type AuthErrorKind =
  /** The `state` of the authorization response matches no sign-in started in this tab (tampered or replayed). */
  | "state_mismatch"
  /** The authorization response's `iss` is not the realm (RFC 9207: a mix-up or a forged response). */
  | "issuer_mismatch"
  /** Keycloak answered with an OAuth error (`error=access_denied`, ...). */
  | "authorization_error"
  /** The code exchange or the ID token checks failed. */
  | "callback_failed"
  /** The session could not be renewed: the reader is signed out. */
  | "session_expired"
  /** A redirect to Keycloak could not be started (e.g. Keycloak unreachable for discovery). */
  | "redirect_failed"
  /** "Sign up" found the reader signed in to Keycloak already: a notice, with the way to another account. */
  | "already_signed_in";

export class AuthError extends Error {
  override readonly name = "AuthError";
  readonly kind: AuthErrorKind;
  /** The OAuth `error` code, when Keycloak sent one. */
  readonly oauthError: string | undefined;

  constructor(kind: AuthErrorKind, message: string, options?: { cause?: unknown; oauthError?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.oauthError = options?.oauthError;
  }
}

/** A sentence for the reader; the technical detail stays in `message` and the console. */
export function describeAuthError(error: AuthError): string {
  switch (error.kind) {
    case "state_mismatch":
      return "This sign-in response does not belong to a sign-in started in this browser tab, so it was refused. Please sign in again.";
    case "issuer_mismatch":
      return "This sign-in response did not come from the site's sign-in server, so it was refused. Please sign in again.";
    case "authorization_error":
      return error.oauthError === "access_denied"
        ? "Sign-in was cancelled."
        : `Sign-in failed (${error.oauthError ?? "unknown error"}). Please try again.`;
    case "callback_failed":
      return "Sign-in could not be completed. Please try again.";
    case "session_expired":
      return "Your session has ended. Please sign in again.";
    case "redirect_failed":
      return "The sign-in server could not be reached. Please try again later.";
    case "already_signed_in":
      return "You are already signed in. To create another account, sign out first.";
  }
}

/** Keeps an `AuthError` as it is; wraps anything else as `kind`. */
export function toAuthError(error: unknown, kind: AuthErrorKind, message: string): AuthError {
  return error instanceof AuthError ? error : new AuthError(kind, message, { cause: error });
}
