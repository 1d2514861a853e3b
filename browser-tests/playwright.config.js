// Real-browser tests: Playwright driving the system's Chromium (no browser download), one project per area.
// The theme tests need Keycloak at KEYCLOAK_URL; the end-to-end tests ("e2e") need the whole stack: Keycloak, the
// chatbot API at RAG_BACKEND_URL and the built docs site at DOCS_SITE_URL (built for these URLs).
import { defineConfig } from "@playwright/test";

export default defineConfig({
  testDir: "./tests",
  outputDir: "../build/browser-tests/results",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  // Keycloak runs on the same (2-core) machine: two browsers keep it busy without starving it.
  workers: Number(process.env.BROWSER_TEST_WORKERS || 2),
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  use: {
    launchOptions: { executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium" },
    locale: "en-US",
    trace: "retain-on-failure",
  },
  projects: [
    { name: "theme", testDir: "./tests/theme" },
    { name: "e2e", testDir: "./tests/e2e" },
  ],
});
