// Cost charged to work (issue 7): each pool's full cost over its allocated accelerator-hours is
// the rate a job pays for the hours it holds, so jobs absorb idle capacity; and the estimates
// section moves low-confidence figures within their ranges.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildSummary, jobsCsv, poolRates } from "../../src/experiment/summary.js";
import { simulateSummary } from "../../src/experiment/run.js";
import { simulateFile } from "../helpers/simulate.js";

const ROOT = join(__dirname, "..", "..");
const tmp = mkdtempSync(join(tmpdir(), "aidcsim-jobcost-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function write(yaml: string): string {
  const file = join(tmp, `e${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, yaml);
  return file;
}

/** Summary and jobs.csv rows (costUsd per job) of an experiment file. */
function run(file: string, sets: string[] = []) {
  const w = simulateFile(file, sets);
  const summary = buildSummary({
    experiment: "x",
    scenario: "base",
    seed: 1,
    startIso: new Date(w.startMs).toISOString(),
    horizonS: w.config.horizonS,
    warmupS: w.config.warmupS,
    dc: w.dc,
  }) as Record<string, Record<string, unknown>>;
  const [head, ...lines] = jobsCsv(w.dc, w.config.horizonS, poolRates(w.dc, summary.pools))
    .trim()
    .split("\n");
  const col = head!.split(",").indexOf("costUsd");
  const jobCosts = lines.map((l) => l.split(",")[col]).map((c) => (c === "" ? null : Number(c)));
  return { summary, jobCosts };
}

const JOBS = `workloads:
  training:
    - name: j
      accelerators: 8
      duration: 100h
      arrivals: { at: [0, 200h] }
`;

describe("cost charged to jobs", () => {
  it("on demand, a job pays its held accelerator-hours at the price", () => {
    const { summary, jobCosts } = run(
      write(`name: cloud
seed: 1
start: 2026-01-01T00:00Z
horizon: 30d
output: { interval: 1d }
sites: [{ name: c, cloud: {} }]
pools: [{ name: p, site: c, accelerator: nvidia-h100-sxm, count: 16 }]
${JOBS}`),
    );
    expect(jobCosts).toEqual([8 * 100 * 6.88, 8 * 100 * 6.88].map((x) => expect.closeTo(x, 6)));
    expect(summary.training.usdPerCompletedJob).toBeCloseTo(8 * 100 * 6.88, 6);
  });

  it("charges a job preempted and waiting again at the horizon for the hours it held", () => {
    // Spot reclaims at 20 jobs a day: job 151 is reclaimed and still pending at 15 days.
    const { summary, jobCosts } = run(join(ROOT, "experiments", "regression", "spot.yaml"), [
      "seed=2",
      "workloads.training.0.arrivals.poisson.perDay=20",
      "horizon=15d",
    ]);
    expect(jobCosts[151]).toBeGreaterThan(0);
    const total = (summary.cost as { totalUsd: number }).totalUsd;
    expect(summary.training.costUsd as number).toBeCloseTo(total, 6);
    const sum = jobCosts.reduce((a: number, c) => a + (c ?? 0), 0);
    expect(sum).toBeCloseTo(total, 6);
  });

  it("owned, the jobs absorb the whole cost (idle hours, energy and facility included)", () => {
    const { summary, jobCosts } = run(
      write(`name: owned
seed: 1
start: 2027-01-01T00:00Z
horizon: 30d
output: { interval: 1d }
sites:
  - name: campus
    owned: { usdPerKWh: 0.1 }
    halls: [{ name: h, cooling: air, powerMW: 0.1 }]
pools: [{ name: p, site: campus, hall: h, accelerator: nvidia-h100-sxm, count: 16 }]
${JOBS}`),
    );
    const sum = jobCosts.reduce((a: number, c) => a + c!, 0);
    const total = summary.cost.totalUsd as number;
    expect(sum).toBeCloseTo(total, 6);
    expect(summary.training.costUsd).toBeCloseTo(total, 6);
    // Half the pool sat idle: each held hour costs more than the pool's hourly depreciation.
    const rate = (summary.pools.p as Record<string, number>).usdPerAllocatedHour;
    expect(rate).toBeGreaterThan((summary.pools.p as Record<string, number>).costUsd / (16 * 720));
  });

  it("cost per million training tokens is training cost over tokens trained", () => {
    const s = simulateSummary(join(ROOT, "experiments", "trainium-vs-hopper.yaml")) as Record<
      string,
      Record<string, number>
    >;
    expect(s.training.tokensTrained).toBeGreaterThan(0);
    expect(s.training.usdPerMTokens).toBeCloseTo(
      (s.training.costUsd / s.training.tokensTrained) * 1e6,
      9,
    );
  });
});

describe("estimates: uncertain inputs within their ranges", () => {
  // trainium-vs-hopper without its sweep (which would override the fields set here).
  const text = readFileSync(join(ROOT, "experiments", "trainium-vs-hopper.yaml"), "utf8");
  const file = write(text.slice(0, text.indexOf("\nsweep:") + 1).replace(/^\$schema:.*$/m, ""));
  const trn2 = (pick: string) =>
    simulateSummary(file, [
      "pools.0.accelerator=aws-trainium2",
      `estimates={ prices/onDemand/aws-trainium2: ${pick} }`,
    ]) as Record<string, Record<string, number>>;

  it("moves the Trn2 on-demand price to the low and high end of its range", () => {
    const value = trn2("value");
    const high = trn2("high");
    const low = trn2("low");
    // Same jobs, same hours: cost scales with the price alone.
    expect(high.training.costUsd / value.training.costUsd).toBeCloseTo(4.64 / 2.235, 9);
    expect(low.training.costUsd / value.training.costUsd).toBeCloseTo(1.56 / 2.235, 9);
    expect(trn2("3").training.costUsd / value.training.costUsd).toBeCloseTo(3 / 2.235, 9);
  });

  it("moves an accelerator figure: Trn2 at its high power estimate draws more energy", () => {
    const owned = write(`name: owned-trn2
seed: 1
start: 2027-01-01T00:00Z
horizon: 2d
output: { interval: 1h }
sites:
  - name: campus
    owned: {}
    halls: [{ name: h, cooling: air, powerMW: 0.2 }]
pools: [{ name: p, site: campus, hall: h, accelerator: aws-trainium2, count: 64 }]
${JOBS}`);
    const at = (pick: string) =>
      simulateSummary(owned, [`estimates={ aws-trainium2/maxPowerW: ${pick} }`]) as Record<
        string,
        Record<string, number>
      >;
    expect(at("high").facility.itEnergyKWh).toBeGreaterThan(at("value").facility.itEnergyKWh);
    expect(at("low").facility.itEnergyKWh).toBeLessThan(at("value").facility.itEnergyKWh);
  });

  it("refuses unknown figures (with a suggestion) and numbers outside the range", () => {
    expect(() =>
      simulateSummary(file, ["estimates={ aws-trainium2/maxPowerWatts: high }"]),
    ).toThrow(
      /estimates\.aws-trainium2\/maxPowerWatts: 'aws-trainium2\/maxPowerWatts' is not an estimated figure; did you mean 'aws-trainium2\/maxPowerW'\?/,
    );
    expect(() => simulateSummary(file, ["estimates={ prices/onDemand/aws-trainium2: 9 }"])).toThrow(
      /9 is outside the estimate's range \[1\.56, 4\.64\]/,
    );
    expect(() => simulateSummary(file, ["estimates={ aws-trainium2.maxPowerW: high }"])).toThrow(
      /parts joined by '\/'/,
    );
  });
});
