import { vi } from "vitest";

// One history for all renders, so a test can see where the Root navigated.
export const history = { replace: vi.fn<(path: string) => void>(), push: vi.fn<(path: string) => void>() };

export function useHistory() {
  return history;
}
