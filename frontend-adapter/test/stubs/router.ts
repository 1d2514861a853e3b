import { vi } from "vitest";

// One history for all renders, so a test can see where the Root navigated.
export const history = { replace: vi.fn<(path: string) => void>(), push: vi.fn<(path: string) => void>() };

export function useHistory() {
  return history;
}

/** The jsdom window's path, as Docusaurus's router would give it (a static render's: "/"). */
export function useLocation() {
  return { pathname: typeof window === "undefined" ? "/" : window.location.pathname };
}
