/**
 * The API's answer to a reader over their question quota: `429 Too Many Requests` (RFC 6585 §4) with
 * `Retry-After` (RFC 9110 §10.2.3: seconds, or an HTTP date), as a typed error the UI can word.
 *
 *     const res = rejectOverQuota(await authFetch(url, init)); // throws QuotaExceededError on a 429
 */
export class QuotaExceededError extends Error {
  override readonly name = "QuotaExceededError";
  /** Seconds until the API will accept a request again (at least 1). */
  readonly retryAfterSeconds: number;
  /** When that is, by this browser's clock. */
  readonly retryAt: Date;

  constructor(retryAfterSeconds: number, now: number = Date.now()) {
    super(`Over the quota: try again in ${retryAfterSeconds} s`);
    this.retryAfterSeconds = retryAfterSeconds;
    this.retryAt = new Date(now + retryAfterSeconds * 1000);
  }
}

/** Used when a 429 has no readable `Retry-After` (the header missing, or not exposed by CORS). */
export const DEFAULT_RETRY_AFTER_SECONDS = 60;

/**
 * Seconds to wait by a `Retry-After` value (RFC 9110 §10.2.3): delay-seconds, or an HTTP date relative to `now`
 * (ms since the epoch). At least 1; `null` when the value is absent or neither form.
 */
export function retryAfterSeconds(value: string | null, now: number = Date.now()): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.max(1, Number(text));
  const date = Date.parse(text);
  if (Number.isNaN(date) || !/[A-Za-z]/.test(text)) return null;
  return Math.max(1, Math.ceil((date - now) / 1000));
}

/** The response as it is, unless it is a 429: then a `QuotaExceededError` is thrown with its wait. */
export function rejectOverQuota(res: Response, now: number = Date.now()): Response {
  if (res.status !== 429) return res;
  const seconds = retryAfterSeconds(res.headers.get("Retry-After"), now) ?? DEFAULT_RETRY_AFTER_SECONDS;
  throw new QuotaExceededError(seconds, now);
}
