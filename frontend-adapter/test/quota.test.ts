import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_AFTER_SECONDS, QuotaExceededError, rejectOverQuota, retryAfterSeconds } from "../src/index.js";

const NOW = Date.parse("2026-11-30T02:00:00Z");

function answer(status: number, retryAfter?: string): Response {
  return new Response(null, { status, headers: retryAfter === undefined ? {} : { "Retry-After": retryAfter } });
}

function thrown(res: Response): unknown {
  try {
    rejectOverQuota(res, NOW);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("rejectOverQuota", () => {
  it("throws a QuotaExceededError with the wait of Retry-After in seconds", () => {
    const error = thrown(answer(429, "598"));
    expect(error).toBeInstanceOf(QuotaExceededError);
    expect(error).toBeInstanceOf(Error);
    const quota = error as QuotaExceededError;
    expect(quota.name).toBe("QuotaExceededError");
    expect(quota.retryAfterSeconds).toBe(598);
    expect(quota.retryAt.toISOString()).toBe("2026-11-30T02:09:58.000Z");
    expect(quota.message).toBe("Over the quota: try again in 598 s");
  });

  it("reads Retry-After as an HTTP date too", () => {
    const quota = thrown(answer(429, "Mon, 30 Nov 2026 02:01:30 GMT")) as QuotaExceededError;
    expect(quota.retryAfterSeconds).toBe(90);
  });

  it("waits a minute when the 429 carries no Retry-After it can read", () => {
    expect((thrown(answer(429)) as QuotaExceededError).retryAfterSeconds).toBe(DEFAULT_RETRY_AFTER_SECONDS);
    expect((thrown(answer(429, "soon")) as QuotaExceededError).retryAfterSeconds).toBe(60);
  });

  it.each([200, 401, 403, 422, 503])("passes a %i through as it is", (status) => {
    const res = answer(status, "5");
    expect(rejectOverQuota(res, NOW)).toBe(res);
  });

  it("takes the browser's clock when none is given", () => {
    const before = Date.now();
    let quota: QuotaExceededError | undefined;
    try {
      rejectOverQuota(answer(429, "2")); // no clock given: the browser's (thrown() gives the fixed NOW)
    } catch (error) {
      quota = error as QuotaExceededError;
    }
    expect(quota).toBeInstanceOf(QuotaExceededError);
    expect(quota!.retryAt.getTime()).toBeGreaterThanOrEqual(before + 2000);
    expect(quota!.retryAt.getTime()).toBeLessThanOrEqual(Date.now() + 2000);
    expect(() => rejectOverQuota(answer(429, "1"))).toThrow(QuotaExceededError);
  });
});

describe("retryAfterSeconds", () => {
  it.each([
    ["120", 120],
    [" 7 ", 7],
    ["0", 1],
    ["Mon, 30 Nov 2026 02:00:10 GMT", 10],
    ["Mon, 30 Nov 2026 01:59:00 GMT", 1],
  ])("%s is %i seconds", (value, seconds) => {
    expect(retryAfterSeconds(value, NOW)).toBe(seconds);
  });

  it.each([null, "", "-5", "1.5", "later", "12345678901234567890x"])("%s is no wait at all", (value) => {
    expect(retryAfterSeconds(value, NOW)).toBeNull();
  });

  it("counts from the browser's clock when none is given", () => {
    expect(retryAfterSeconds(new Date(Date.now() + 30_000).toUTCString())).toBeGreaterThanOrEqual(29);
  });
});
