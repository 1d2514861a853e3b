import { describe, expect, it, vi } from "vitest";
import { createAuthFetch } from "../src/authFetch.js";

function tokens(current: string | null, renewed: string | null) {
  return { getAccessToken: vi.fn(async () => current), renewAccessToken: vi.fn(async () => renewed) };
}

/** A fetch that answers with the given statuses in order and records the Authorization header of each call. */
function server(...statuses: number[]) {
  const seen: (string | null)[] = [];
  const fetchImpl = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    seen.push(headers.get("Authorization"));
    void input;
    return new Response(null, { status: statuses[seen.length - 1] ?? 500 });
  });
  return { fetchImpl, seen };
}

describe("authFetch", () => {
  it("adds the bearer token and keeps the caller's headers", async () => {
    const { fetchImpl } = server(200);
    const f = createAuthFetch(tokens("at-1", "at-2"), fetchImpl);
    const res = await f("http://localhost:8000/api/query", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    expect(res.status).toBe(200);
    const init = fetchImpl.mock.calls[0]?.[1];
    const headers = new Headers(init?.headers);
    expect(headers.get("Authorization")).toBe("Bearer at-1");
    expect(headers.get("Content-Type")).toBe("application/json");
    expect(init?.method).toBe("POST");
  });

  it("on 401 renews once and retries once with the new token", async () => {
    const { fetchImpl, seen } = server(401, 200);
    const t = tokens("at-1", "at-2");
    const res = await createAuthFetch(t, fetchImpl)("http://localhost:8000/api/me");
    expect(res.status).toBe(200);
    expect(seen).toEqual(["Bearer at-1", "Bearer at-2"]);
    expect(t.renewAccessToken).toHaveBeenCalledTimes(1);
  });

  it("returns a second 401 as it is, without a third try", async () => {
    const { fetchImpl, seen } = server(401, 401, 200);
    const res = await createAuthFetch(tokens("at-1", "at-2"), fetchImpl)("http://localhost:8000/api/me");
    expect(res.status).toBe(401);
    expect(seen).toHaveLength(2);
  });

  it.each([403, 500, 200])("does not renew on %i", async (status) => {
    const { fetchImpl } = server(status);
    const t = tokens("at-1", "at-2");
    const res = await createAuthFetch(t, fetchImpl)("http://localhost:8000/api/me");
    expect(res.status).toBe(status);
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    expect(t.renewAccessToken).not.toHaveBeenCalled();
  });

  it("returns the 401 when renewal fails", async () => {
    const { fetchImpl } = server(401, 200);
    const res = await createAuthFetch(tokens("at-1", null), fetchImpl)("http://localhost:8000/api/me");
    expect(res.status).toBe(401);
    expect(fetchImpl).toHaveBeenCalledTimes(1);
  });

  it("sends no header and does not renew when signed out", async () => {
    const { fetchImpl, seen } = server(401);
    const t = tokens(null, "at-2");
    const res = await createAuthFetch(t, fetchImpl)("http://localhost:8000/api/me");
    expect(res.status).toBe(401);
    expect(seen).toEqual([null]);
    expect(t.renewAccessToken).not.toHaveBeenCalled();
  });

  it("replays a Request object on the retry, body included", async () => {
    const bodies: string[] = [];
    const statuses = [401, 200];
    const fetchImpl = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input as RequestInfo, init);
      bodies.push(`${request.headers.get("Authorization")} ${await request.text()}`);
      return new Response(null, { status: statuses[bodies.length - 1] });
    });
    const request = new Request("http://localhost:8000/api/query", { method: "POST", body: '{"query":"q"}', headers: { "X-Trace": "1" } });
    const res = await createAuthFetch(tokens("at-1", "at-2"), fetchImpl)(request);
    expect(res.status).toBe(200);
    expect(bodies).toEqual(['Bearer at-1 {"query":"q"}', 'Bearer at-2 {"query":"q"}']);
  });

  it("uses the global fetch by default", async () => {
    const spy = vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response("ok"));
    await createAuthFetch(tokens("at-1", null))("http://localhost:8000/api/health");
    expect(spy).toHaveBeenCalledOnce();
  });
});
