/**
 * Long runs in plots: a year at hourly output is 8,760 steps per series, more than a 720-pixel
 * chart can show and tens of megabytes of inlined data in report.html. Plots of runs with more
 * than {@link MAX_PLOT_STEPS} output intervals draw each step over several consecutive intervals:
 * the mean of levels (utilization, power, temperature, queue length...) and the sum of amounts
 * (costs, carbon). timeseries.csv keeps every interval; only the plots are coarsened.
 */
import type { SeriesRow } from "./series.js";

/** Most steps a time-series plot draws per series. */
export const MAX_PLOT_STEPS = 2000;

/** Metrics that are amounts per interval (summed over a step); all others are averaged. */
const SUMMED = /(Usd|carbonKg)$/;

/**
 * The rows with every `perStep` consecutive output intervals merged into one step at the first
 * one's time, `perStep` the smallest that leaves at most `maxSteps` steps (1: the rows as given).
 * Non-finite values are left out of a mean (a step with none stays NaN). Deterministic: rows
 * come out in the order their step first appears.
 */
export function coarsenRows(
  rows: readonly SeriesRow[],
  maxSteps: number = MAX_PLOT_STEPS,
): { rows: readonly SeriesRow[]; perStep: number } {
  const times = [...new Set(rows.map((r) => r.timeS))].sort((a, b) => a - b);
  if (times.length <= maxSteps) return { rows, perStep: 1 };
  const perStep = Math.ceil(times.length / maxSteps);
  const stepOf = new Map<number, number>();
  times.forEach((t, i) => stepOf.set(t, times[i - (i % perStep)]));
  const steps = new Map<string, { row: SeriesRow; sum: number; n: number }>();
  for (const r of rows) {
    const timeS = stepOf.get(r.timeS)!;
    const key = `${timeS}\u0000${r.entity}\u0000${r.metric}`;
    let s = steps.get(key);
    if (s === undefined) {
      s = { row: { timeS, entity: r.entity, metric: r.metric, value: NaN }, sum: 0, n: 0 };
      steps.set(key, s);
    }
    if (Number.isFinite(r.value)) {
      s.sum += r.value;
      s.n++;
    }
  }
  const out: SeriesRow[] = [];
  for (const { row, sum, n } of steps.values()) {
    if (n > 0) row.value = SUMMED.test(row.metric) ? sum : sum / n;
    out.push(row);
  }
  return { rows: out, perStep };
}

/** The subtitle phrase for what one step shows: "each step covers one output interval", ... */
export function stepPhrase(perStep: number | undefined, noun = "step", mean = false): string {
  if (perStep === undefined || perStep <= 1) {
    return mean
      ? `each ${noun} is the mean over one output interval`
      : `each ${noun} covers one output interval`;
  }
  return `each ${noun} is the mean of ${perStep} output intervals (timeseries.csv has each)`;
}
