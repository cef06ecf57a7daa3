// Long runs in plots: at most MAX_PLOT_STEPS steps per series, and a thinned wait ECDF.
import { describe, expect, it } from "vitest";
import {
  MAX_PLOT_STEPS,
  coarsenRows,
  stepPhrase,
  utilizationSpec,
  waitEcdfSpec,
  type JobRow,
  type SeriesRow,
} from "../../src/plots/index.js";
import { MAX_ECDF_POINTS } from "../../src/plots/wait-ecdf.js";
import { valuesOf } from "./synthetic.js";

/** `n` hourly intervals of a pool's utilization (i mod 10 / 10) and cost (1 per interval). */
function hourly(n: number): SeriesRow[] {
  const rows: SeriesRow[] = [];
  for (let i = 0; i < n; i++) {
    rows.push({ timeS: i * 3600, entity: "pool/a", metric: "utilization", value: (i % 10) / 10 });
    rows.push({ timeS: i * 3600, entity: "pool/a", metric: "costUsd", value: 1 });
    rows.push({ timeS: i * 3600, entity: "site/s", metric: "pue", value: i < 5 ? NaN : 1.2 });
  }
  return rows;
}

describe("coarsenRows", () => {
  it("leaves runs of at most MAX_PLOT_STEPS intervals as they are", () => {
    const rows = hourly(MAX_PLOT_STEPS);
    const out = coarsenRows(rows);
    expect(out.perStep).toBe(1);
    expect(out.rows).toBe(rows);
  });

  it("merges a year of hours into at most MAX_PLOT_STEPS steps: levels averaged, costs summed", () => {
    const out = coarsenRows(hourly(8760));
    expect(out.perStep).toBe(5); // ceil(8760 / 2000)
    const util = out.rows.filter((r) => r.metric === "utilization");
    expect(util).toHaveLength(1752);
    expect(util[0]).toEqual({ timeS: 0, entity: "pool/a", metric: "utilization", value: 0.2 });
    expect(util[1].timeS).toBe(5 * 3600);
    expect(util[1].value).toBeCloseTo((5 + 6 + 7 + 8 + 9) / 50, 12);
    const cost = out.rows.filter((r) => r.metric === "costUsd");
    expect(cost.reduce((a, r) => a + r.value, 0)).toBe(8760); // nothing lost from the total
    expect(cost[0].value).toBe(5);
    const pue = out.rows.filter((r) => r.metric === "pue");
    expect(pue[0].value).toBeNaN(); // no finite value in the step
    expect(pue[1].value).toBe(1.2);
  });

  it("says so in the subtitle", () => {
    expect(stepPhrase(1)).toBe("each step covers one output interval");
    const { rows, perStep } = coarsenRows(hourly(8760));
    const spec = utilizationSpec(rows, { intervalsPerStep: perStep });
    expect(JSON.stringify(spec)).toMatch(/each step is the mean of 5 output intervals/i);
  });
});

describe("wait ECDF of many jobs", () => {
  const jobs: JobRow[] = Array.from({ length: 10_000 }, (_, i) => ({
    id: i,
    workload: "w",
    status: i >= 9_990 ? "pending" : "completed",
    accelerators: 8,
    pool: "p",
    submitS: i,
    startS: null,
    endS: null,
    waitS: i * 10,
  }));

  it("draws one point per 0.1% of the share, exact at the ends, and counts every job", () => {
    const spec = waitEcdfSpec(jobs);
    const points = valuesOf<{ share: number; waitH: number; pending: boolean }>(spec);
    expect(points.length).toBeLessThanOrEqual(MAX_ECDF_POINTS + 2);
    expect(points.length).toBeGreaterThan(MAX_ECDF_POINTS - 2);
    expect(points.at(-1)).toMatchObject({ share: 1, waitH: (9_999 * 10) / 3600 });
    // The staircase is off by at most 1 / MAX_ECDF_POINTS between kept points.
    for (let i = 2; i < points.length; i++)
      expect(points[i].share - points[i - 1].share).toBeLessThanOrEqual(
        1 / MAX_ECDF_POINTS + 1e-12,
      );
    expect(points.some((p) => p.pending)).toBe(true);
    const text = JSON.stringify(spec);
    expect(text).toContain("9990 started jobs");
    expect(text).toContain("10 pending at the end");
  });
});
