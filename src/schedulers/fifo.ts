import { Ledger } from "./placement.js";
import type { ClusterView, Decisions, JobView, SchedulerPolicy } from "./policy.js";

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
  const ledger = new Ledger(view);
  const start = [];
  for (const job of view.queue) {
    const pool = order(job, ledger).find((p) => ledger.fits(job, p) && admits(job, p, ledger));
    if (pool === undefined) break;
    ledger.place(job, pool);
    start.push({ jobId: job.id, pool });
  }
  return { preempt: [], start };
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
