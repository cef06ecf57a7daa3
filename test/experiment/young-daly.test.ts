// Goodput at the Young/Daly checkpoint interval is within 0.5 points of the best of a grid of
// intervals, over 10 replications on common random numbers (the same seeds for every interval).
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSummary } from "../../src/experiment/summary.js";
import { simulateFile } from "../helpers/simulate.js";

const FILE = join(__dirname, "..", "fixtures", "young-daly.yaml");
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

function meanGoodput(interval: string | undefined): number {
  let sum = 0;
  for (const seed of SEEDS) {
    const sets = [`seed=${seed}`];
    if (interval !== undefined) sets.push(`failures.checkpoint.interval=${interval}`);
    const w = simulateFile(FILE, sets);
    const s = buildSummary({
      experiment: "yd",
      scenario: "base",
      seed,
      startIso: "",
      horizonS: w.config.horizonS,
      warmupS: 0,
      dc: w.dc,
    }) as { training: { goodput: number; jobsCompleted: number } };
    expect(s.training.jobsCompleted).toBe(1);
    sum += s.training.goodput;
  }
  return sum / SEEDS.length;
}

describe("Young/Daly checkpoint interval", () => {
  it("gives goodput within 0.5 points of the best interval of a grid (10 replications, CRN)", () => {
    // 2,048 nodes at 3.79 failures per 1,000 node-days: job MTBF 11,100 s; 60 s writes.
    const yd = Math.sqrt(2 * (1 / (2048 * (3.79 / 1000 / 86_400))) * 60);
    expect(yd).toBeCloseTo(1155.7, 0);
    const atYd = meanGoodput(undefined);
    const grid = [0.25, 0.5, 1.5, 2, 4].map((k) => meanGoodput(`${Math.round(k * yd)}s`));
    expect(atYd).toBeGreaterThanOrEqual(Math.max(...grid) - 0.005);
    // The curve has a real optimum: far-off intervals lose clearly.
    expect(grid[0]).toBeLessThan(atYd - 0.05);
    expect(grid[4]).toBeLessThan(atYd - 0.05);
  });
});
