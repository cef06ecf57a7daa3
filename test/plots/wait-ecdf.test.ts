import { describe, expect, it } from "vitest";
import {
  WAIT_ECDF_DEFAULT_TITLE,
  compileSpec,
  hasWaitEcdf,
  renderSvg,
  waitEcdfSpec,
  type JobRow,
} from "../../src/plots/index.js";
import { shuffled, syntheticJobs, valuesOf } from "./synthetic.js";

interface Point {
  workload: string;
  waitH: number;
  share: number;
  pending: boolean;
}

describe("waitEcdfSpec", () => {
  const jobs = syntheticJobs();

  it("leaves out jobs submitted during the warm-up, as summary.json does, and says so", () => {
    const cut = [...jobs.map((j) => j.submitS)].sort((a, b) => a - b)[2] + 1e-9;
    const spec = waitEcdfSpec(jobs, { warmupS: cut });
    const kept = jobs.filter((j) => j.submitS >= cut && j.status !== "rejected").length;
    const points = valuesOf<Point>(spec).filter((p) => p.share > 0);
    expect(points).toHaveLength(kept);
    expect(kept).toBeLessThan(jobs.filter((j) => j.status !== "rejected").length);
    expect(JSON.stringify(spec)).toContain("warm-up");
  });

  it("compiles to Vega without any vega-lite warning", () => {
    expect(compileSpec(waitEcdfSpec(jobs)).warnings).toEqual([]);
  });

  it("renders without warnings and without a pending legend when no job is pending", async () => {
    const done = jobs.filter((j) => j.status !== "pending");
    expect(compileSpec(waitEcdfSpec(done)).warnings).toEqual([]);
    const svg = await renderSvg(waitEcdfSpec(done)); // throws on a vega runtime warning
    expect(svg).not.toMatch(/>Pending jobs<\/text>/); // no legend (only invisible points)
  });

  it("renders ECDF lines, pending markers, the title, axis titles and both legends", async () => {
    const svg = await renderSvg(waitEcdfSpec(jobs));
    expect(svg).toMatch(/<g class="mark-line role-mark[^"]*"[^>]*>\s*<path/);
    expect(svg).toMatch(/<g class="mark-symbol role-mark[^"]*"[^>]*>\s*<path/);
    expect(svg).toContain(WAIT_ECDF_DEFAULT_TITLE);
    expect(svg).toContain("Wait (h)");
    expect(svg).toContain("Jobs with at most this wait (%)");
    expect(svg).toContain(">pretrain<");
    expect(svg).toContain(">Wait so far (lower bound)<");
  });

  it("starts each workload at (0, 0) and rises to 1, counting pending jobs at their wait so far", () => {
    const points = valuesOf<Point>(waitEcdfSpec(jobs));
    const pretrain = points.filter((p) => p.workload === "pretrain");
    // Jobs 0, 2, 4, 6, 8 (8 pending at 16 h).
    expect(pretrain.map((p) => p.share)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(pretrain[0]).toEqual({ workload: "pretrain", waitH: 0, share: 0, pending: false });
    expect(pretrain.at(-1)).toEqual({ workload: "pretrain", waitH: 16, share: 1, pending: true });
    const finetunes = points.filter((p) => p.workload === "finetunes");
    // Jobs 1, 5, 7, 9; job 3 was rejected.
    expect(finetunes).toHaveLength(5);
    expect(finetunes.filter((p) => p.pending).map((p) => p.waitH)).toEqual([15]);
  });

  it("says how many jobs are pending (censored) and rejected in the subtitle", () => {
    const spec = waitEcdfSpec(jobs) as { title: { subtitle: string[] } };
    const text = spec.title.subtitle.join(" ");
    expect(text).toContain("7 started jobs");
    expect(text).toContain("2 pending at the end, at their wait so far");
    expect(text).toContain("1 rejected not shown");
  });

  it("gives a byte-identical spec JSON for the same jobs, also when they arrive reordered", () => {
    const a = JSON.stringify(waitEcdfSpec(jobs));
    expect(JSON.stringify(waitEcdfSpec(syntheticJobs()))).toBe(a);
    expect(JSON.stringify(waitEcdfSpec(shuffled(jobs)))).toBe(a);
  });

  it("reports nothing to plot when every job was rejected or there are none", () => {
    expect(hasWaitEcdf(jobs)).toBe(true);
    const rejected: JobRow[] = jobs.map((j) => ({ ...j, status: "rejected", waitS: null }));
    expect(hasWaitEcdf(rejected)).toBe(false);
    expect(hasWaitEcdf([])).toBe(false);
  });
});
