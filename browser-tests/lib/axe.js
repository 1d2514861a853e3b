// axe-core injected into the page under test (WCAG 2.x A/AA rules and best practices).
import { createRequire } from "node:module";
import fs from "node:fs";

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * Waits for the page's finite CSS transitions and animations to end (Web Animations API: `document.getAnimations()`
 * lists CSS ones too), so that axe reads the colours the page settles on. A colour scheme switched just before, or a
 * focus, starts a transition (Infima's buttons take 200 ms): axe once read a danger button half-way from its light
 * colours to its dark ones, with a contrast of 3.61. Endless animations (a spinner) are not waited for.
 */
async function settled(page) {
  await page.evaluate(() => Promise.all(document.getAnimations()
    .filter((a) => a.playState === "running" && a.effect?.getComputedTiming().endTime !== Infinity)
    .map((a) => a.finished.catch(() => null))));
}

/** Runs axe on the page, once its transitions have ended; returns its violations with a short summary per impact. */
export async function runAxe(page) {
  await settled(page);
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations);
  const byImpact = {};
  for (const v of violations) byImpact[v.impact] = (byImpact[v.impact] || 0) + v.nodes.length;
  const severe = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  return { violations, severe, byImpact };
}

export const describeViolations = (list) =>
  list.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`).join("\n");
