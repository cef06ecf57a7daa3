// Builders of cluster views for policy tests.
import type { ClusterView, JobView, PoolView, RunningJobView } from "../../src/schedulers/index.js";
import { chunks } from "../../src/schedulers/index.js";

export interface PoolOptions {
  free?: number;
  domain?: number;
  running?: RunningJobView[];
  tempC?: number;
  fullLoadW?: number;
  budgets?: string[];
  usd?: number;
  accelerator?: string;
}

/** A pool whose free accelerators fill its domains from the first (used ones at the end). */
export function pool(name: string, capacity: number, o: PoolOptions = {}): PoolView {
  const domain = o.domain ?? 8;
  const sizes = chunks(capacity, domain);
  let free = o.free ?? capacity;
  const domainFree = sizes.map((sz) => {
    const f = Math.min(sz, free);
    free -= f;
    return f;
  });
  return {
    name,
    accelerator: o.accelerator ?? "nvidia-h100-sxm",
    capacity,
    free: o.free ?? capacity,
    scaleUpDomain: domain,
    domainFree,
    running: o.running ?? [],
    tempC: o.tempC ?? Number.NaN,
    fullLoadWPerAccelerator: o.fullLoadW ?? Number.NaN,
    powerBudgets: o.budgets ?? [],
    usdPerAcceleratorHour: o.usd ?? Number.NaN,
  };
}

export function job(
  id: number,
  accelerators: number,
  eligiblePools: number[],
  submitS: number,
  o: { priority?: number; remainingS?: number[] } = {},
): JobView {
  return {
    id,
    accelerators,
    eligiblePools,
    submitS,
    priority: o.priority ?? 0,
    remainingS: o.remainingS ?? eligiblePools.reduce<number[]>((a, p) => ((a[p] = 3600), a), []),
  };
}

export function viewOf(
  pools: PoolView[],
  queue: JobView[],
  o: { nowS?: number; budgets?: { key: string; headroomW: number }[] } = {},
): ClusterView {
  const n = pools.length;
  return {
    nowS: o.nowS ?? 0,
    pools,
    queue: queue.map((j) => ({
      ...j,
      remainingS: Array.from({ length: n }, (_, i) => j.remainingS[i] ?? Number.NaN),
    })),
    powerBudgets: o.budgets ?? [],
  };
}
