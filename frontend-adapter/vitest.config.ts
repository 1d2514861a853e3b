import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const stub = (name: string) => fileURLToPath(new URL(`./test/stubs/${name}`, import.meta.url));

export default defineConfig({
  // Docusaurus provides these modules only inside its bundler; the tests use small stand-ins.
  resolve: {
    alias: {
      "@docusaurus/useGlobalData": stub("useGlobalData.ts"),
      "@docusaurus/router": stub("router.ts"),
      "@docusaurus/Translate": stub("Translate.ts"),
      "@theme/Layout": stub("Layout.tsx"),
    },
  },
  test: {
    // jsdom by default; the SSR test switches itself to node with a file comment.
    environment: "jsdom",
    include: ["test/**/*.test.{ts,tsx}"],
    setupFiles: ["test/setup.ts"],
    restoreMocks: true,
    // Above Testing Library's wait (test/setup.ts): a busy machine, or Stryker's instrumented code, is slow, not wrong.
    testTimeout: 30_000,
    coverage: {
      provider: "v8",
      include: ["src/**/*.{ts,tsx}"],
      // The ambient Docusaurus module declarations hold no runtime code.
      exclude: ["src/**/*.d.ts"],
      reporter: ["text", "text-summary"],
      // The gate of `make test`: the figures measured when it was set (issue 21: lines 98.8%, branches 96.5%,
      // functions 92.6%, statements 97.6%), rounded down. Raise them when the tests cover more.
      thresholds: { lines: 98, branches: 96, functions: 92, statements: 97 },
    },
  },
});
