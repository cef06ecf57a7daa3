import type { ClusterView, Placement, SchedulerPolicy } from "./policy.js";

/**
 * Strict first-in first-out gang scheduling: jobs start in submission order; the head job waits
 * until one of its eligible pools has room (head-of-line blocking), and nothing overtakes it.
 * Among eligible pools with room, the first in the job's preference order wins.
 */
export class FifoPolicy implements SchedulerPolicy {
  readonly key = "fifo";

  schedule(view: ClusterView): Placement[] {
    const free = view.pools.map((p) => p.free);
    const out: Placement[] = [];
    for (const job of view.queue) {
      let chosen = -1;
      for (const p of job.eligiblePools) {
        if (free[p] >= job.accelerators) {
          chosen = p;
          break;
        }
      }
      if (chosen < 0) break;
      free[chosen] -= job.accelerators;
      out.push({ jobId: job.id, pool: chosen });
    }
    return out;
  }
}
