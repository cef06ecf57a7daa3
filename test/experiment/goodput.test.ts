// Goodput counts useful work in the pool each hold ran in: a job interrupted on B200 and restarted
// on the slower H100 (or the reverse) must not count its whole work at the last pool's speed.
// Before this rule, 15 days of hyperscale-1y gave goodput 1.026 and 102 jobs above 1.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSummary, jobsCsv } from "../../src/experiment/summary.js";
import { simulateFile } from "../helpers/simulate.js";

const FILE = join(__dirname, "..", "..", "experiments", "hyperscale-1y.yaml");

describe("goodput with restarts across pools", () => {
  it("stays at most 1 for the run and for every job (hyperscale-1y, 15 days)", () => {
    const w = simulateFile(FILE, ["horizon=15d", "workloads.inference=[]"]);
    const s = buildSummary({
      experiment: "h",
      scenario: "base",
      seed: 1,
      startIso: "",
      horizonS: w.config.horizonS,
      warmupS: w.config.warmupS,
      dc: w.dc,
    }) as { training: { goodput: number; interruptions: number } };
    expect(s.training.interruptions).toBeGreaterThan(1000);
    expect(s.training.goodput).toBeGreaterThan(0.9);
    expect(s.training.goodput).toBeLessThanOrEqual(1);
    const [head, ...rows] = jobsCsv(w.dc, w.config.horizonS).trim().split("\n");
    const col = head!.split(",").indexOf("goodput");
    const goodputs = rows
      .map((r) => r.split(",")[col])
      .filter((c) => c !== "")
      .map(Number);
    expect(goodputs.length).toBeGreaterThan(3000);
    for (const g of goodputs) expect(g).toBeLessThanOrEqual(1 + 1e-12);
  });
});
