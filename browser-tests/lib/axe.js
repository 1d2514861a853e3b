// axe-core injected into the page under test (WCAG 2.x A/AA rules and best practices).
import { createRequire } from "node:module";
import fs from "node:fs";

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** Runs axe on the page; returns its violations with a short summary per impact. */
export async function runAxe(page) {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations);
  const byImpact = {};
  for (const v of violations) byImpact[v.impact] = (byImpact[v.impact] || 0) + v.nodes.length;
  const severe = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  return { violations, severe, byImpact };
}

export const describeViolations = (list) =>
  list.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`).join("\n");
