import type { TopLevelSpec } from "vega-lite";
import { sortNames } from "./series.js";
import { baseConfig } from "./theme.js";
import { VL_SCHEMA, compareValues, subtitleLines } from "./timeline.js";

/** One training job as in jobs.csv (the columns the plots use). */
export interface JobRow {
  id: number;
  workload: string;
  status: "completed" | "running" | "pending" | "rejected";
  accelerators: number;
  /** Pool the job ran in; empty for jobs that never started. */
  pool: string;
  submitS: number;
  startS: number | null;
  endS: number | null;
  /** Wait before start; for pending jobs the wait so far at the end of the run (censored). */
  waitS: number | null;
}

export interface WaitEcdfSpecOptions {
  /** Chart title; defaults to one naming the quantity and its unit. */
  title?: string;
  /** Leave out jobs submitted before this time, as summary.json's training fields do; s. */
  warmupS?: number;
}

export const WAIT_ECDF_DEFAULT_TITLE = "Training job wait, cumulative share per workload (h)";

/** Colours of workloads by sorted name (Dark2; workloads are not pools). */
export const WORKLOAD_PALETTE: readonly string[] = [
  "#1b9e77",
  "#d95f02",
  "#7570b3",
  "#e7298a",
  "#66a61e",
  "#e6ab02",
  "#a6761d",
  "#666666",
];

const PENDING_LABEL = "Wait so far (lower bound)";

/** Most points drawn per workload; beyond it the staircase is thinned (off by at most 0.1%). */
export const MAX_ECDF_POINTS = 1000;

interface EcdfPoint {
  workload: string;
  waitH: number;
  /** Share of the workload's jobs (started or pending) with a wait up to `waitH`. */
  share: number;
  pending: boolean;
}

function counted(job: JobRow): job is JobRow & { waitS: number } {
  return job.status !== "rejected" && job.waitS !== null && Number.isFinite(job.waitS);
}

/** True when at least one job that was not rejected has a wait (started, or pending censored). */
export function hasWaitEcdf(jobs: readonly JobRow[]): boolean {
  return jobs.some(counted);
}

/**
 * Empirical cumulative distribution of training job waits (hours) per workload, as step lines
 * starting at (0, 0). Jobs still pending at the end enter at their wait so far (a lower bound:
 * censored) and are marked with an open triangle, so a starved queue cannot look like short
 * waits. Rejected jobs are left out and counted in the subtitle; with `warmupS`, so are jobs
 * submitted during the warm-up (the jobs summary.json's training fields count).
 * Deterministic: the same jobs in any order give a byte-identical `JSON.stringify` of the spec.
 */
export function waitEcdfSpec(
  jobs: readonly JobRow[],
  opts: WaitEcdfSpecOptions = {},
): TopLevelSpec {
  const warmupS = opts.warmupS ?? 0;
  jobs = jobs.filter((j) => j.submitS >= warmupS);
  const byWorkload = new Map<string, (JobRow & { waitS: number })[]>();
  for (const job of jobs) {
    if (!counted(job)) continue;
    const list = byWorkload.get(job.workload) ?? [];
    list.push(job);
    byWorkload.set(job.workload, list);
  }
  const workloads = sortNames(byWorkload.keys());
  const values: EcdfPoint[] = [];
  for (const workload of workloads) {
    const list = byWorkload.get(workload) ?? [];
    list.sort(
      (a, b) =>
        compareValues(a.waitS, b.waitS) ||
        compareValues(a.status === "pending" ? 1 : 0, b.status === "pending" ? 1 : 0) ||
        compareValues(a.id, b.id),
    );
    values.push({ workload, waitH: 0, share: 0, pending: false });
    // Many jobs: one point per 1/MAX_ECDF_POINTS of the share (the last job of each such slice,
    // at its exact wait), so the staircase is off by at most that share; a workload's first
    // pending job is always kept for its marker.
    const n = list.length;
    const per = n > MAX_ECDF_POINTS ? MAX_ECDF_POINTS / n : 1;
    let firstPending = true;
    list.forEach((job, i) => {
      const isPending = job.status === "pending";
      const keep =
        per === 1 ||
        i === n - 1 ||
        Math.floor((i + 1) * per) > Math.floor(i * per) ||
        (isPending && firstPending);
      if (isPending) firstPending = false;
      if (!keep) return;
      values.push({
        workload,
        waitH: job.waitS / 3600,
        share: (i + 1) / n,
        pending: isPending,
      });
    });
  }
  let pending = 0;
  let started = 0;
  for (const list of byWorkload.values())
    for (const job of list) {
      if (job.status === "pending") pending++;
      else started++;
    }
  const rejected = jobs.filter((j) => j.status === "rejected").length;
  const empty = values.length === 0;
  const subtitle = empty
    ? ["No training jobs with a wait"]
    : subtitleLines([
        `${started} started job${started === 1 ? "" : "s"}`,
        pending > 0
          ? `${pending} pending at the end, at their wait so far (▶, a lower bound)`
          : "none pending at the end",
        rejected > 0 ? `${rejected} rejected not shown` : "",
        warmupS > 0 ? `jobs submitted after the ${+(warmupS / 3600).toFixed(2)} h warm-up` : "",
      ]);
  const colours = {
    domain: workloads,
    range: workloads.map((_, i) => WORKLOAD_PALETTE[i % WORKLOAD_PALETTE.length]),
  };
  const x = {
    field: "waitH",
    type: "quantitative" as const,
    title: "Wait (h)",
    scale: empty ? { domain: [0, 1] } : { zero: true },
  };
  const y = {
    field: "share",
    type: "quantitative" as const,
    title: "Jobs with at most this wait (%)",
    scale: { domain: [0, 1], nice: false },
    axis: { format: ".0%", tickCount: 5 },
  };
  const color = {
    field: "workload",
    type: "nominal" as const,
    title: "Workload",
    scale: colours,
    legend: { symbolType: "stroke" },
  };

  return {
    $schema: VL_SCHEMA,
    title: { text: opts.title ?? WAIT_ECDF_DEFAULT_TITLE, subtitle, anchor: "start" },
    width: 720,
    height: 300,
    data: { values },
    layer: [
      {
        mark: { type: "line", interpolate: "step-after", strokeWidth: 1.5, clip: true },
        encoding: { x, y, color },
      },
      {
        // With no pending job, an empty layer would have no extent (vega warns): the layer
        // then keeps every point, invisible, and shows no legend.
        transform:
          pending > 0
            ? [
                { filter: { field: "pending", equal: true } },
                { calculate: JSON.stringify(PENDING_LABEL), as: "status" },
              ]
            : [{ calculate: JSON.stringify(PENDING_LABEL), as: "status" }],
        // Filled triangles in the workload colour; `color` (not `stroke`) shares the line layer's
        // scale, so there is one workload legend.
        mark: {
          type: "point",
          filled: true,
          opacity: pending > 0 ? 1 : 0,
          size: 80,
          strokeWidth: 1.5,
        },
        encoding: {
          x,
          y,
          color,
          shape: {
            field: "status",
            type: "nominal",
            title: "Pending jobs",
            scale: { domain: [PENDING_LABEL], range: ["triangle-right"] },
            legend: pending > 0 ? { symbolFillColor: "#444444", symbolOpacity: 1 } : null,
          },
        },
      },
    ],
    config: baseConfig(),
  };
}
