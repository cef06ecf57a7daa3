// Node failures: counts, Weibull cohorts, interruptions and the large training run.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSummary } from "../../src/experiment/summary.js";
import { nextFailureAgeS, weibullScaleS } from "../../src/models/index.js";
import { Streams } from "../../src/random/index.js";
import { simulateFile } from "../helpers/simulate.js";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { afterAll } from "vitest";

const ROOT = join(__dirname, "..", "..");
const tmp = mkdtempSync(join(tmpdir(), "aidcsim-fail-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A pool of idle nodes (no jobs): every failure is counted. */
function idlePool(nodes: number, horizon: string, failures: string): string {
  const file = join(tmp, `idle-${nodes}-${horizon}-${failures.replace(/\W/g, "")}.yaml`);
  writeFileSync(
    file,
    `name: idle
seed: 11
horizon: ${horizon}
sites: [{ name: cloud, cloud: {} }]
pools: [{ name: p, site: cloud, accelerator: nvidia-h100-sxm, count: ${nodes * 8} }]
failures: ${failures}
`,
  );
  return file;
}

const failuresOf = (file: string) => simulateFile(file).dc.failuresByPool[0];

describe("failure processes", () => {
  it("count N x rate x time failures, within the Poisson 99% interval", () => {
    // 1,000 nodes x 5 per 1,000 node-days x 200 days = 1,000 expected.
    const n = failuresOf(idlePool(1000, "200d", "{ nodeFailuresPer1000NodeDays: 5, repair: 0 }"));
    expect(Math.abs(n - 1000)).toBeLessThan(2.576 * Math.sqrt(1000));
  });

  it("with Weibull shape 1 reproduce the exponential case", () => {
    // Same mean rate, one merged process: the gaps are exponential with mean 1 / (N rate).
    const rate = 5 / 1000 / 86_400;
    const scale = weibullScaleS(rate, 1);
    expect(scale).toBeCloseTo(1 / rate, 6);
    const s = new Streams(3).get("test/weibull");
    let age = 0;
    const gaps: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const next = nextFailureAgeS(age, 1000, scale, 1, s.exponential(1));
      gaps.push(next - age);
      age = next;
    }
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    expect(mean * 1000 * rate).toBeCloseTo(1, 1);
    // Memoryless: the share of gaps above the mean is e^-1.
    expect(gaps.filter((g) => g > mean).length / gaps.length).toBeCloseTo(Math.exp(-1), 1);
  });

  it("with shape < 1 fail more in a new cohort's first weeks than later", () => {
    const early = failuresOf(idlePool(1000, "14d", "{ weibullShape: 0.5, repair: 0 }"));
    const month = failuresOf(idlePool(1000, "28d", "{ weibullShape: 0.5, repair: 0 }"));
    const late = month - early; // the same draws: the first 14 days of the 28-day run
    expect(early).toBeGreaterThan(1.5 * late);
    // And an old cohort (a year in service) fails less than the mean rate.
    const old = failuresOf(
      idlePool(1000, "14d", "{ weibullShape: 0.5, repair: 0, cohortAge: 365d }"),
    );
    expect(old).toBeLessThan(1000 * 3.79e-3 * 14);
  });
});

describe("failures as the installed count changes", () => {
  /** idlePool with deliveries or retirements added to the pool (8 accelerators per node). */
  function changingPool(nodes: number, horizon: string, extra: string): string {
    const file = join(tmp, `changing-${extra.replace(/\W/g, "")}.yaml`);
    writeFileSync(
      file,
      `name: changing
seed: 11
horizon: ${horizon}
sites: [{ name: cloud, cloud: {} }]
pools: [{ name: p, site: cloud, accelerator: nvidia-h100-sxm, count: ${nodes * 8}, ${extra} }]
failures: { nodeFailuresPer1000NodeDays: 5, repair: 0 }
`,
    );
    return file;
  }
  const within99 = (n: number, expected: number) =>
    expect(Math.abs(n - expected)).toBeLessThan(2.576 * Math.sqrt(expected));

  it("count delivered nodes from when they enter service", () => {
    // 1,000 nodes for 200 days, 1,000 more from day 100: 5 per 1,000 node-days x 300,000.
    const n = failuresOf(
      changingPool(1000, "200d", "deliveries: [{ at: 100d, count: 8000 }], burnIn: 0d"),
    );
    within99(n, 1500);
  });

  it("give a delivery its share of spare nodes", () => {
    const file = join(tmp, "spares.yaml");
    writeFileSync(
      file,
      `name: spares
seed: 11
horizon: 10d
sites: [{ name: cloud, cloud: {} }]
pools: [{ name: p, site: cloud, accelerator: nvidia-h100-sxm, count: 800, deliveries: [{ at: 1d, count: 8000 }] }]
failures: { nodeFailuresPer1000NodeDays: 0.001, spareFraction: 0.1 }
`,
    );
    const { dc } = simulateFile(file);
    expect(dc.failuresByPool[0]).toBe(0);
    expect(dc.pools[0].spares).toBe(10 + 100);
  });

  it("age a delivery that entered service before the start", () => {
    // Weibull shape 0.5 fails most when new: 1,000 nodes delivered a year before the start fail
    // less over 14 days than the same nodes delivered at the start.
    const file = (at: string) => {
      const f = join(tmp, `aged-${at.replace(/\W/g, "")}.yaml`);
      writeFileSync(
        f,
        `name: aged
seed: 11
start: 2027-01-01T00:00Z
horizon: 14d
sites: [{ name: cloud, cloud: {} }]
pools: [{ name: p, site: cloud, accelerator: nvidia-h100-sxm, count: 8, deliveries: [{ at: "${at}", count: 8000 }] }]
failures: { weibullShape: 0.5, repair: 0 }
`,
      );
      return f;
    };
    const old = failuresOf(file("2026-01-01T00:00Z"));
    const fresh = failuresOf(file("2027-01-01T00:00Z"));
    expect(old).toBeLessThan(fresh / 2);
  });

  it("stop counting retired nodes", () => {
    // 1,000 nodes, 750 of them retired at day 50 (idle, so at once): 50,000 + 250 x 150.
    const n = failuresOf(changingPool(1000, "200d", "retirements: [{ at: 50d, count: 6000 }]"));
    within99(n, 5 * (50 + 37.5));
  });
});

describe("experiments/large-training-reliability.yaml", () => {
  const w = simulateFile(join(ROOT, "experiments", "large-training-reliability.yaml"));
  const s = buildSummary({
    experiment: "l",
    scenario: "base",
    seed: 7,
    startIso: "",
    horizonS: w.config.horizonS,
    warmupS: w.config.warmupS,
    dc: w.dc,
  }) as { training: Record<string, unknown> };
  const t = s.training;

  it("reports interruptions by cause, goodput and completion time", () => {
    expect(t.jobsCompleted).toBe(1);
    expect(t.makespanS as number).toBeGreaterThan(50 * 86_400);
    const byCause = t.interruptionsByCause as Record<string, number>;
    expect(Object.values(byCause).reduce((a, b) => a + b, 0)).toBe(t.interruptions);
    expect(byCause.accelerator).toBeGreaterThan(byCause.network);
    expect(t.goodput as number).toBeGreaterThan(0.8);
    expect(t.goodput as number).toBeLessThan(1);
    expect(w.sim.eventsFired).toBeLessThan(10_000); // one event per failure, not per node
  });

  it("has interruptions between what the two Meta cluster rates predict for 2,048 nodes x 54 days", () => {
    const low = (2.34 / 1000) * 2048 * 54;
    const high = (6.5 / 1000) * 2048 * 54;
    expect(t.interruptions as number).toBeGreaterThan(low);
    expect(t.interruptions as number).toBeLessThan(high);
  });
});
