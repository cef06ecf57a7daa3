import type { JobRow, SeriesRow } from "../../src/plots/index.js";

export const START_ISO = "2027-07-20T00:00Z";
export const INTERVAL_S = 3600;
export const HORIZON_S = 24 * 3600;

/**
 * One day at hourly intervals: two pools in halls of one site with a 500 kW cap that binds at
 * midday, an ambient swing, temperatures rising to 89 °C with throttling at the peak, the
 * training queue, and a cloud pool with utilization only. Deterministic (no randomness).
 */
export function syntheticRows(): SeriesRow[] {
  const rows: SeriesRow[] = [];
  const push = (timeS: number, entity: string, metric: string, value: number) =>
    rows.push({ timeS, entity, metric, value });
  for (let t = 0; t < HORIZON_S; t += INTERVAL_S) {
    const day = Math.sin((t / HORIZON_S) * 2 * Math.PI - Math.PI / 2); // -1 at 0 h, +1 at 12 h
    let it = 0;
    [
      { pool: "h100-air", kw: 250, hot: 89 },
      { pool: "gb200-liquid", kw: 220, hot: 75 },
    ].forEach(({ pool, kw, hot }, i) => {
      const u = 0.7 + 0.25 * day;
      const temp = 60 + (hot - 60) * (0.5 + 0.5 * day);
      const throttled = i === 0 && temp > 88 ? 0.4 : 0;
      it += kw * u;
      push(t, `pool/${pool}`, "utilization", u);
      push(t, `pool/${pool}`, "allocation", Math.min(1, u + 0.05));
      push(t, `pool/${pool}`, "powerKW", kw * u);
      push(t, `pool/${pool}`, "tempC", temp);
      push(t, `pool/${pool}`, "throttledFraction", throttled);
      push(t, `pool/${pool}`, "clock", 1 - throttled / 2);
    });
    push(t, "pool/trn2-cloud", "utilization", 0.5);
    const pue = 1.2 + 0.01 * Math.max(0, 30 + 8 * day - 25);
    const facility = Math.min(500, it * pue);
    push(t, "site/campus", "itPowerKW", it);
    push(t, "site/campus", "facilityPowerKW", facility);
    push(t, "site/campus", "pue", pue);
    push(t, "site/campus", "powerCapHitFraction", it * pue > 500 ? 0.5 : 0);
    push(t, "site/campus", "powerCapKW", 500);
    push(t, "site/campus", "ambientC", 30 + 8 * day);
    push(t, "training", "queueLength", 2 + 2 * day);
    push(t, "training", "runningJobs", 3);
  }
  return rows;
}

/** Rows with every entry whose metric is in `metrics` removed. */
export function without(rows: readonly SeriesRow[], ...metrics: string[]): SeriesRow[] {
  return rows.filter((r) => !metrics.includes(r.metric));
}

/** A fixed permutation of the rows (deterministic shuffle), not just a reversal. */
export function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  let s = 12345;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Ten training jobs of two workloads: completed, running, pending (censored) and rejected. */
export function syntheticJobs(): JobRow[] {
  const jobs: JobRow[] = [];
  for (let id = 0; id < 10; id++) {
    const workload = id % 2 === 0 ? "pretrain" : "finetunes";
    const submitS = id * 3600;
    const status: JobRow["status"] =
      id === 3 ? "rejected" : id >= 8 ? "pending" : id >= 6 ? "running" : "completed";
    const waitS =
      status === "rejected" ? null : status === "pending" ? HORIZON_S - submitS : id * 600;
    const startS = status === "completed" || status === "running" ? submitS + (waitS ?? 0) : null;
    jobs.push({
      id,
      workload,
      status,
      accelerators: 64,
      pool: startS === null ? "" : "h100-air",
      submitS,
      startS,
      endS: status === "completed" && startS !== null ? startS + 7200 : null,
      waitS,
    });
  }
  return jobs;
}

/** The inlined data values of a single-view or faceted spec. */
export function valuesOf<T>(spec: object): T[] {
  return (spec as { data: { values: T[] } }).data.values;
}
