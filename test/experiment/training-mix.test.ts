// experiments/training-mix.yaml under each of the seven policies (the file's own sweep).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runExperimentFile } from "../../src/experiment/run.js";
import { POLICY_KEYS } from "../../src/schedulers/index.js";

const ROOT = join(__dirname, "..", "..");
let tmp: string;
const summaries = new Map<string, Record<string, Record<string, unknown>>>();

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "aidcsim-mix-"));
  const outcomes = await runExperimentFile(join(ROOT, "experiments", "training-mix.yaml"), {
    outDir: join(tmp, "out"),
    force: false,
    plots: false,
  });
  for (const o of outcomes) {
    const policy = String((o.plan.overrides as Record<string, unknown>)["scheduler.policy"]);
    summaries.set(policy, o.summary as Record<string, Record<string, unknown>>);
  }
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const TRAINING_FIELDS = [
  "jobsSubmitted",
  "jobsCompleted",
  "jobsPendingAtEnd",
  "meanWaitS",
  "p95WaitS",
  "meanSlowdown",
  "makespanS",
  "preemptions",
  "goodput",
  "interruptions",
];
const POOL_FIELDS = [
  "accelerator",
  "site",
  "acceleratorsAvg",
  "utilization",
  "allocation",
  "fragmentation",
  "energyKWh",
  "avgPowerKW",
  "peakPowerKW",
  "maxTempC",
  "throttledFraction",
];

describe("training-mix.yaml", () => {
  it("runs for every policy with every training and pool field", () => {
    expect([...summaries.keys()].sort()).toEqual([...POLICY_KEYS].sort());
    for (const [policy, s] of summaries) {
      for (const f of TRAINING_FIELDS)
        expect(s.training, `${policy}: training.${f}`).toHaveProperty(f);
      expect(s.training.jobsCompleted, policy).toBe(s.training.jobsSubmitted);
      for (const name of ["h100", "h200", "b200", "trainium2"]) {
        const pool = (s.pools as Record<string, Record<string, unknown>>)[name];
        for (const f of POOL_FIELDS)
          expect(pool, `${policy}: pools.${name}.${f}`).toHaveProperty(f);
      }
    }
  });

  it("gives a lower mean wait under easy-backfill than under fifo", () => {
    const fifo = summaries.get("fifo")!.training.meanWaitS as number;
    const easy = summaries.get("easy-backfill")!.training.meanWaitS as number;
    expect(easy).toBeLessThan(fifo);
  });

  it("gives a shorter makespan under heterogeneity-aware than under type-blind fifo", () => {
    const fifo = summaries.get("fifo")!.training.makespanS as number;
    const het = summaries.get("heterogeneity-aware")!.training.makespanS as number;
    expect(het).toBeLessThan(fifo);
  });

  it("keeps peak power under the cap with power-aware, where fifo runs into it and throttles", () => {
    const capMW = 0.7;
    const fifo = summaries.get("fifo")!.facility;
    const aware = summaries.get("power-aware")!.facility;
    expect(fifo.powerCapHitFraction as number).toBeGreaterThan(0);
    expect(aware.powerCapHitFraction).toBe(0);
    expect(aware.peakPowerMW as number).toBeLessThan(capMW);
  });

  it("preempts under priority, losing only work since the last checkpoint", () => {
    const t = summaries.get("priority")!.training;
    expect(t.preemptions as number).toBeGreaterThan(0);
    // At most one checkpoint interval (30 min of work) lost per preemption.
    expect(t.lostWorkS as number).toBeLessThanOrEqual((t.preemptions as number) * 1800);
    for (const [policy, s] of summaries)
      if (policy !== "priority") expect(s.training.preemptions).toBe(0);
  });
});
