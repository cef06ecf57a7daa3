import { Ledger } from "./placement.js";
import type { ClusterView, Decisions, JobView, Placement, SchedulerPolicy } from "./policy.js";

/** The empty preemption list, shared (decisions are read-only). */
const NO_PREEMPTIONS: readonly number[] = Object.freeze([]);
/** Decisions that change nothing, shared. */
const NOTHING: Decisions = Object.freeze({ preempt: NO_PREEMPTIONS, start: Object.freeze([]) });

/** Whether some eligible pool has at least the job's count of free accelerators. */
function roomFor(view: ClusterView, job: JobView): boolean {
  for (const p of job.eligiblePools) if (view.pools[p].free >= job.accelerators) return true;
  return false;
}

/**
 * A first-in first-out pass with a rule for choosing among pools: jobs start in submission
 * order; the head job waits until one of its eligible pools can hold it (head-of-line blocking),
 * and nothing overtakes it.
 * @param order the job's eligible pools in the order to try them
 * @param admits an extra condition on a pool (power headroom, say)
 */
export function fifoPass(
  view: ClusterView,
  order: (job: JobView, ledger: Ledger) => readonly number[],
  admits: (job: JobView, pool: number, ledger: Ledger) => boolean = () => true,
): Decisions {
  const queue = view.queue;
  // Most passes start nothing because the head does not fit: say so without allocating.
  if (queue.length === 0 || !roomFor(view, queue[0])) return NOTHING;
  const ledger = new Ledger(view);
  const start: Placement[] = [];
  for (let i = 0; i < queue.length; i++) {
    const job = queue[i];
    const pools = order(job, ledger);
    let placed = false;
    for (let k = 0; k < pools.length && !placed; k++) {
      const pool = pools[k];
      const take = ledger.placement(job, pool);
      if (take === undefined || !admits(job, pool, ledger)) continue;
      ledger.take(job, pool, take);
      start.push({ jobId: job.id, pool });
      placed = true;
    }
    if (!placed) break;
  }
  return { preempt: NO_PREEMPTIONS, start };
}

/**
 * Strict first-in first-out gang scheduling. Among eligible pools with room, the first in the
 * job's preference order wins (type-blind: it does not look at how fast each pool runs the job).
 */
export class FifoPolicy implements SchedulerPolicy {
  readonly key = "fifo";
  readonly respectsPowerBudgets = false;

  schedule(view: ClusterView): Decisions {
    return fifoPass(view, (job) => job.eligiblePools);
  }
}
