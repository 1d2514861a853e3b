/** A `fetch` that sends the reader's access token. */
export type AuthFetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

export interface TokenSource {
  /** A valid access token (renewed first when it is about to expire), or `null` when signed out. */
  getAccessToken(): Promise<string | null>;
  /** A new access token even if the current one looks valid, or `null` when renewal failed. */
  renewAccessToken(): Promise<string | null>;
}

function withBearer(input: RequestInfo | URL, init: RequestInit | undefined, token: string | null): [RequestInfo | URL, RequestInit] {
  const base = init?.headers ?? (input instanceof Request ? input.headers : undefined);
  const headers = new Headers(base);
  if (token !== null) headers.set("Authorization", `Bearer ${token}`);
  return [input, { ...init, headers }];
}

/**
 * Adds `Authorization: Bearer` and, on a 401 only, renews the token and retries once: the API may refuse a
 * token that still looks valid here (clock skew, a rotated key, a session ended elsewhere). A second 401, or a
 * failed renewal, is returned to the caller as it is. Request bodies must be replayable (string, Blob,
 * FormData, URLSearchParams); a `Request` object is cloned for the retry.
 */
export function createAuthFetch(tokens: TokenSource, fetchImpl: typeof fetch = (...args) => globalThis.fetch(...args)): AuthFetch {
  return async (input, init) => {
    const spare = input instanceof Request ? input.clone() : input;
    const token = await tokens.getAccessToken();
    const first = await fetchImpl(...withBearer(input, init, token));
    if (first.status !== 401 || token === null) return first;
    const renewed = await tokens.renewAccessToken();
    if (renewed === null) return first;
    return fetchImpl(...withBearer(spare, init, renewed));
  };
}
