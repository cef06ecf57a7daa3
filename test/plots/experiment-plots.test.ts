// Every plot of the quick start and the mixed fleet, from a real run: compiles without a
// warning, renders to SVG (with marks, its title and every axis title) and to PNG.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runExperimentFile } from "../../src/experiment/run.js";
import { compileSpec } from "../../src/plots/index.js";

const ROOT = join(__dirname, "..", "..");
const EXPECTED: Record<string, string[]> = {
  quickstart: [
    "cost",
    "pool-power",
    "power",
    "pue",
    "queue",
    "temperature",
    "utilization",
    "wait-ecdf",
  ],
  "mixed-fleet": [
    "cost",
    "latency",
    "pool-power",
    "power",
    "pue",
    "queue",
    "temperature",
    "utilization",
    "wait-ecdf",
  ],
};

/** Titles of every x/y encoding anywhere in a spec (layers, concatenations). */
function axisTitles(node: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => axisTitles(n, out));
  else if (node !== null && typeof node === "object") {
    const o = node as Record<string, unknown>;
    const enc = o.encoding as Record<string, { title?: unknown; axis?: unknown }> | undefined;
    for (const ch of ["x", "y"]) {
      const t = enc?.[ch]?.title;
      if (typeof t === "string" && enc?.[ch]?.axis !== null) out.add(t);
    }
    for (const [k, v] of Object.entries(o)) if (k !== "data") axisTitles(v, out);
  }
  return out;
}

const svgText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "aidcsim-plots-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

for (const [experiment, names] of Object.entries(EXPECTED)) {
  describe(`plots of ${experiment}.yaml`, () => {
    it("compile without warnings and render to SVG with marks, title and axis titles, and PNG", async () => {
      const out = join(tmp, experiment);
      await runExperimentFile(join(ROOT, "experiments", `${experiment}.yaml`), {
        outDir: out,
        force: false,
        plots: true,
      });
      const dir = join(out, "plots");
      const specs = readdirSync(dir)
        .filter((f) => f.endsWith(".vl.json"))
        .map((f) => f.replace(/\.vl\.json$/, ""))
        .sort();
      expect(specs).toEqual(names);
      for (const name of specs) {
        const spec = JSON.parse(readFileSync(join(dir, `${name}.vl.json`), "utf8")) as TopLevelSpec;
        expect(compileSpec(spec).warnings, name).toEqual([]);
        const svg = readFileSync(join(dir, `${name}.svg`), "utf8");
        expect(svg, `${name} has marks`).toMatch(
          /<g class="mark-(line|area|rect|symbol) role-mark[^"]*"[^>]*>\s*<path/,
        );
        const title = (spec as { title?: { text?: string } }).title?.text;
        expect(typeof title, `${name} has a title`).toBe("string");
        expect(svg, `${name} shows its title`).toContain(svgText(title!));
        const axes = axisTitles(spec);
        expect(axes.size, `${name} has axis titles`).toBeGreaterThanOrEqual(2);
        for (const t of axes) expect(svg, `${name} shows axis title ${t}`).toContain(svgText(t));
        const png = readFileSync(join(dir, `${name}.png`));
        expect(png.subarray(1, 4).toString("latin1"), `${name}.png`).toBe("PNG");
        expect(png.length, `${name}.png size`).toBeGreaterThan(10_000);
      }
      const report = readFileSync(join(out, "report.html"), "utf8");
      expect(report.match(/<figure data-spec=/g)).toHaveLength(names.length);
      if (experiment === "mixed-fleet") {
        // Every pool, training and inference field, for both services (issue 5, line 1).
        const s = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
        expect(Object.keys(s.pools).sort()).toEqual([
          "b200",
          "h100",
          "h200",
          "inferentia2",
          "trainium2",
        ]);
        expect(s.training.jobsCompleted).toBeGreaterThan(0);
        for (const name of ["chat", "summarise"]) {
          const svc = s.inference[name];
          for (const f of [
            "requests",
            "completed",
            "ttftP50S",
            "ttftP99S",
            "tpotP50S",
            "tpotP99S",
            "sloAttainment",
            "tokensPerS",
          ]) {
            expect(svc[f], `${name}.${f}`).toBeGreaterThan(0);
          }
          // Priced pools give a cost per token; no price for users, so no revenue.
          expect(svc.usdPerMTokens, `${name}.usdPerMTokens`).toBeGreaterThan(0);
          expect(svc.revenueUsd, `${name}.revenueUsd`).toBeNull();
        }
      }
    }, 120_000);
  });
}
