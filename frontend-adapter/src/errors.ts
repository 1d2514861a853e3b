import { DEFAULT_MESSAGES, fillInText, type AuthMessages } from "./messages.js";

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

/** The words for each kind but `authorization_error` (which depends on the OAuth error). */
const ERROR_MESSAGE = {
  state_mismatch: "docsAuth.error.stateMismatch",
  issuer_mismatch: "docsAuth.error.issuerMismatch",
  callback_failed: "docsAuth.error.callbackFailed",
  session_expired: "docsAuth.error.sessionExpired",
  redirect_failed: "docsAuth.error.redirectFailed",
  already_signed_in: "docsAuth.error.alreadySignedIn",
} as const;

/**
 * A sentence for the reader, in `messages`' words (default English; see `AuthMessagesProvider`); the technical
 * detail stays in `message` and the console.
 */
export function describeAuthError(error: AuthError, messages: AuthMessages = DEFAULT_MESSAGES): string {
  if (error.kind !== "authorization_error") return messages[ERROR_MESSAGE[error.kind]];
  if (error.oauthError === "access_denied") return messages["docsAuth.error.cancelled"];
  return fillInText(messages["docsAuth.error.authorization"], { error: error.oauthError ?? "unknown error" });
}

/** Keeps an `AuthError` as it is; wraps anything else as `kind`. */
export function toAuthError(error: unknown, kind: AuthErrorKind, message: string): AuthError {
  return error instanceof AuthError ? error : new AuthError(kind, message, { cause: error });
}
