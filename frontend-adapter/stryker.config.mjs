// Mutation testing (`make mutation`, scripts/test.sh): Stryker mutates src/ and runs the Vitest suite against each
// mutant (README.md, "Mutation testing").
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.config.ts" },
  // The ambient Docusaurus module declarations hold no runtime code.
  mutate: ["src/**/*.ts", "src/**/*.tsx", "!src/**/*.d.ts"],
  // Only the tests that cover a mutant run against it.
  coverageAnalysis: "perTest",
  concurrency: 2,
  // Generous limits, for a busy machine: the suite's first run (coverage per test) and a mutant's run on top of
  // the time that mutant's tests took unmutated. A mutant that loops forever is still caught, only later.
  dryRunTimeoutMinutes: 20,
  timeoutMS: 15000,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  // The floor: the run fails below it (percent of mutants detected, covered or not). Provisional: README.md,
  // "Mutation testing".
  thresholds: { high: 90, low: 80, break: 60 },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
