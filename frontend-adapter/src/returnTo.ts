/**
 * Where to send the reader after sign-in. Only a same-origin path is accepted: the value travels through
 * Keycloak inside the stored state, and a full URL there would make the callback an open redirect.
 */
export function safeReturnTo(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/")) return fallback;
  // "//host" and "/\host" are protocol-relative URLs in browsers.
  if (value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}

/** The page the reader is on, as a path; the callback page itself is never a place to return to. */
export function currentReturnTo(location: Pick<Location, "pathname" | "search" | "hash">, callbackPath: string): string {
  if (location.pathname === callbackPath) return "/";
  return location.pathname + location.search + location.hash;
}

/** Reads the `returnTo` we put into the sign-in state. */
export function returnToFromState(state: unknown): string {
  if (typeof state === "object" && state !== null && "returnTo" in state) {
    return safeReturnTo((state as { returnTo: unknown }).returnTo);
  }
  return "/";
}
