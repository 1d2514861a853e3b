// Playwright's `test` and `expect`, with every context's traffic recorded for the log scan (secrets-seen.js).
import { test as base, expect } from "@playwright/test";
import { watch } from "./secrets-seen.js";

export const test = base.extend({
  context: async ({ context }, use) => {
    watch(context);
    await use(context);
  },
});

export { expect };
