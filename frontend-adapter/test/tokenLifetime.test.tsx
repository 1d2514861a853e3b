import { act, renderHook, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { useAuth } from "../src/useAuth.js";
import { FakeUserManager, goTo, providerWrapper, session } from "./fakes.js";

// getAccessToken's rule (AuthProvider, `minValiditySeconds`, 30 by default): the stored token while it has MORE than
// the minimum left, else a renewal; a token with no stated lifetime (`expires_in` undefined) as it is. The edges of
// that rule, which Stryker's run of 2026-11-30 showed no test pinned (`>` to `>=` survived).

let manager: FakeUserManager;
const wrapper = providerWrapper(() => manager, () => vi.fn<(to: string) => void>());

async function tokenWith(expiresIn: number | undefined) {
  manager.stored = session({ access_token: "at-stored", expires_in: expiresIn });
  const { result } = renderHook(() => useAuth(), { wrapper });
  await waitFor(() => expect(result.current.status).toBe("signed-in"));
  return act(() => result.current.getAccessToken());
}

beforeEach(() => {
  manager = new FakeUserManager();
  goTo("/docs/tokens");
});

describe("the access token's remaining lifetime", () => {
  it("exactly the minimum left: renewed", async () => {
    await expect(tokenWith(30)).resolves.toBe("at-renewed");
    expect(manager.signinSilent).toHaveBeenCalledOnce();
  });

  it("one second more than the minimum: the stored token", async () => {
    await expect(tokenWith(31)).resolves.toBe("at-stored");
    expect(manager.signinSilent).not.toHaveBeenCalled();
  });

  it("no stated lifetime: the stored token, as it is", async () => {
    await expect(tokenWith(undefined)).resolves.toBe("at-stored");
    expect(manager.signinSilent).not.toHaveBeenCalled();
  });
});
