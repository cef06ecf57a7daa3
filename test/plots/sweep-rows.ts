import type { SweepRunRow } from "../../src/plots/index.js";

export const COUNT = "pools.0.count";
export const POLICY = "scheduler.policy";

/** 3 counts x 2 policies x 3 seeds; peak power never modelled (null). */
export function sweepRows(): SweepRunRow[] {
  const rows: SweepRunRow[] = [];
  for (const count of [128, 256, 512]) {
    for (const policy of ["fifo", "x"]) {
      for (const seed of [1, 2, 3]) {
        const scenario = `count=${count},policy=${policy}`;
        rows.push({
          scenario,
          seed,
          axes: { [COUNT]: count, [POLICY]: policy },
          metrics: {
            "training.meanWaitS": (200_000 / count) * (policy === "x" ? 0.7 : 1) + seed,
            "training.p95WaitS": 900_000 / count + seed,
            "training.jobsCompleted": count / 4 + seed,
            "facility.facilityEnergyKWh": count * 30,
            "facility.peakPowerMW": null,
            "pools.hopper.utilization": Math.min(1, 240 / count),
            "pools.a100.utilization": 0.5,
            "cost.totalUsd": null,
          },
          folder: `runs/${scenario}/seed-${seed}`,
        });
      }
    }
  }
  return rows;
}
