import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

// findBy*/waitFor give up after this long (Testing Library's default is 1 s): a busy machine, or Stryker's
// instrumented code, can take longer than a second to render a sign-in, and a slow run is not a failure.
configure({ asyncUtilTimeout: 10_000 });

// Testing Library unmounts between tests only with Vitest globals on; this config keeps globals off.
afterEach(() => {
  cleanup();
  if (typeof window !== "undefined") {
    window.sessionStorage.clear();
    window.localStorage.clear();
  }
});
