// "Invisibly for a person (under a second on a mid-range phone)": ALTCHA's widget solving the sign-up page's
// challenge in Chromium (Debian's, as the browser tests use it), at the realm's maxnumber. Prints one JSON line of raw
// observations; proof_of_work_bench.py derives the figures from it (and its unit tests check that derivation).
//
// Each solve is a fresh sign-up page of the running Keycloak (KEYCLOAK_URL) in a fresh browser context, so a fresh
// challenge. Two kinds of observation, in one run:
//
// 1. **Wall clock, as a reader meets it**: the page's CPU as is and slowed 4 times through the DevTools protocol
//    (Emulation.setCPUThrottlingRate), alternating page by page. Per page: the widget's own time for the search
//    (`took`, ms), the number it found, and the time from navigation to the solution in the form. The rate reaches the
//    page's main thread only (loading, parsing, the widget starting): Chromium refuses it on the widget's Web Workers
//    ("Operation is only supported for pages, not workers", Chromium 156), where the search runs. On a shared,
//    loaded machine these times grow with the load.
// 2. **CPU time, which the load does not inflate**: on each unthrottled page, once the page has its solution, the
//    widget solves the same challenge again through its own API (`verify({ concurrency })`: the same code path, new
//    workers), once with one worker and once with as many as it starts by itself (navigator.hardwareConcurrency,
//    at most 16; 4 when navigator.deviceMemory <= 4), while the CPU time of every Chromium renderer process is read
//    before and after (DevTools SystemInfo.getProcessInfo: user + system time of each process, its exited threads
//    included, so the workers and the WebCrypto threads that hash for them). Per re-solve: the workers, the number
//    searched to, the widget's time and the renderer's CPU seconds. The page is otherwise idle then.
//
// Called by proof_of_work_bench.py; alone, with a stack up:
//
//     KEYCLOAK_URL=http://localhost:8080 node bench/proof-of-work/browser_solve.mjs [pages per rate, default 20]
import { createRequire } from "node:module";
import { authRequest } from "../../browser-tests/lib/oidc.js";

const require = createRequire(new URL("../../browser-tests/package.json", import.meta.url));
const { chromium } = require("@playwright/test");

const SOLVES = Number(process.argv[2] || 20);
const RATES = [1, 4];

/** CPU seconds so far of every renderer process of the browser. */
async function rendererCpu(systemInfo) {
  const { processInfo } = await systemInfo.send("SystemInfo.getProcessInfo");
  return processInfo.filter((p) => p.type === "renderer").reduce((sum, p) => sum + p.cpuTime, 0);
}

/** Solves the page's challenge again with `workers` workers; its CPU and times. */
async function resolve(page, systemInfo, workers) {
  const before = await rendererCpu(systemInfo);
  const started = Date.now();
  const solution = await page.evaluate(async (concurrency) => {
    const result = await document.getElementById("docs-proof-of-work").verify({ concurrency });
    return result && result.solution;
  }, workers);
  const wall = Date.now() - started;
  const after = await rendererCpu(systemInfo);
  if (!solution) throw new Error("the widget found no solution");
  return { workers, number: solution.counter, took: solution.time, wall, cpuSeconds: after - before };
}

async function solve(browser, systemInfo, rate) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate });
  const started = Date.now();
  await page.goto(authRequest({ endpoint: "registrations" }).url);
  const field = page.locator("#docs-proof-of-work input[type=hidden]");
  await field.waitFor({ state: "attached", timeout: 60_000 });
  await page.waitForFunction(() => document.querySelector("#docs-proof-of-work input[type=hidden]")?.value, null, { timeout: 120_000, polling: 20 });
  const loadToSolution = Date.now() - started;
  const solution = JSON.parse(Buffer.from(await field.inputValue(), "base64").toString("utf8"));
  const { maxnumber } = JSON.parse(await page.locator("#docs-proof-of-work").getAttribute("challenge"));
  const { cores, memory } = await page.evaluate(() => ({ cores: navigator.hardwareConcurrency, memory: navigator.deviceMemory }));
  const resolves = [];
  if (rate === 1) {
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
    const own = memory && memory <= 4 ? Math.min(4, cores) : Math.min(16, cores);
    for (const workers of [...new Set([1, own])]) resolves.push(await resolve(page, systemInfo, workers));
  }
  await context.close();
  return { rate, took: solution.took, number: solution.number, maxnumber, loadToSolution, cores, memory, resolves };
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium" });
try {
  const systemInfo = await browser.newBrowserCDPSession();
  await solve(browser, systemInfo, 1); // warm-up: the first page compiles Keycloak's templates and loads the widget's script
  const solves = [];
  for (let i = 0; i < SOLVES; i++) for (const rate of RATES) solves.push(await solve(browser, systemInfo, rate));
  console.log(JSON.stringify({ solves_per_rate: SOLVES, rates: RATES, chromium: browser.version(), solves }));
} finally {
  await browser.close();
}
