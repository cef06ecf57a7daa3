/**
 * The scheduling policies beyond FIFO. Each reads the view only and returns decisions; see
 * policy.ts for the contract and docs/schedulers.md for the rules in words.
 */
import { fifoPass } from "./fifo.js";
import { Ledger, applyTake, placeInDomains } from "./placement.js";
import type { ClusterView, Decisions, JobView, Placement, SchedulerPolicy } from "./policy.js";

/** Stable sort of a job's eligible pools by a key (NaN last), preference order on ties. */
function byKey(job: JobView, key: (pool: number) => number): number[] {
  return job.eligiblePools
    .map((p, rank) => ({ p, rank, k: key(p) }))
    .sort((a, b) => {
      const ka = Number.isNaN(a.k) ? Infinity : a.k;
      const kb = Number.isNaN(b.k) ? Infinity : b.k;
      return ka - kb || a.rank - b.rank;
    })
    .map((x) => x.p);
}

/**
 * EASY backfilling (Lifka 1995): the head job starts if it can; otherwise it gets a reservation at
 * the earliest time enough accelerators free up in one of its pools (from running jobs' expected
 * ends), and later jobs may start now if they leave that reservation intact: they end before it,
 * or run in another pool, or fit in what the head will not need.
 */
export class EasyBackfillPolicy implements SchedulerPolicy {
  readonly key = "easy-backfill";
  readonly respectsPowerBudgets = false;

  schedule(view: ClusterView): Decisions {
    const ledger = new Ledger(view);
    const start: Placement[] = [];
    let i = 0;
    // Start jobs in order while they fit.
    for (; i < view.queue.length; i++) {
      const job = view.queue[i];
      const pool = job.eligiblePools.find((p) => ledger.fits(job, p));
      if (pool === undefined) break;
      ledger.place(job, pool);
      start.push({ jobId: job.id, pool });
    }
    if (i >= view.queue.length) return { preempt: [], start };
    const head = view.queue[i];
    const reservation = this.reserve(view, ledger, head);
    let extra = reservation?.extra ?? 0;
    for (let k = i + 1; k < view.queue.length; k++) {
      const job = view.queue[k];
      for (const pool of job.eligiblePools) {
        if (!ledger.fits(job, pool)) continue;
        const endS = view.nowS + job.remainingS[pool];
        const clear =
          reservation === undefined ||
          pool !== reservation.pool ||
          endS <= reservation.atS ||
          job.accelerators <= extra;
        if (!clear) continue;
        if (reservation !== undefined && pool === reservation.pool && endS > reservation.atS) {
          extra -= job.accelerators;
        }
        ledger.place(job, pool);
        start.push({ jobId: job.id, pool });
        break;
      }
    }
    return { preempt: [], start };
  }

  /** Earliest time (and pool) the head job can start, and the accelerators it leaves spare then. */
  private reserve(
    view: ClusterView,
    ledger: Ledger,
    head: JobView,
  ): { pool: number; atS: number; extra: number } | undefined {
    let best: { pool: number; atS: number; extra: number } | undefined;
    for (const pool of head.eligiblePools) {
      const p = view.pools[pool];
      // Accelerators already handed out in this pass stay taken.
      const free = ledger.domainsFree(pool);
      const ends = [...p.running].sort((a, b) => a.expectedEndS - b.expectedEndS || a.id - b.id);
      let atS = view.nowS;
      let fits = placeInDomains(free, head.accelerators, p.scaleUpDomain) !== undefined;
      for (const r of ends) {
        if (fits) break;
        applyTake(free, r.domains, 1);
        atS = r.expectedEndS;
        fits = placeInDomains(free, head.accelerators, p.scaleUpDomain) !== undefined;
      }
      if (!fits) continue;
      const extra = free.reduce((a, b) => a + b, 0) - head.accelerators;
      if (best === undefined || atS < best.atS) best = { pool, atS, extra };
    }
    return best;
  }
}

/**
 * Strict priority (higher first, then submission order) with preemption: a job that cannot start
 * stops running jobs of lower priority in one of its pools (lowest priority, then latest started,
 * first) when that frees enough room; they restart later from their last checkpoint.
 */
export class PriorityPolicy implements SchedulerPolicy {
  readonly key = "priority";
  readonly respectsPowerBudgets = false;

  schedule(view: ClusterView): Decisions {
    const ledger = new Ledger(view);
    const start: Placement[] = [];
    const preempt: number[] = [];
    const order = [...view.queue].sort(
      (a, b) => b.priority - a.priority || a.submitS - b.submitS || a.id - b.id,
    );
    for (const job of order) {
      let pool = job.eligiblePools.find((p) => ledger.fits(job, p));
      if (pool === undefined) pool = this.makeRoom(view, ledger, job, preempt);
      if (pool === undefined) break;
      ledger.place(job, pool);
      start.push({ jobId: job.id, pool });
    }
    return { preempt, start: this.replay(view, preempt, start) };
  }

  /**
   * The decisions are carried out as all preemptions, then the starts in order; best-fit
   * placement may then pick other domains than during the pass, so keep the starts that still
   * fit (in priority order, stopping at the first that does not).
   */
  private replay(view: ClusterView, preempt: number[], start: Placement[]): Placement[] {
    const ledger = new Ledger(view);
    for (const id of preempt) {
      const pool = view.pools.findIndex((p) => p.running.some((r) => r.id === id));
      ledger.release(pool, id);
    }
    const jobs = new Map(view.queue.map((j) => [j.id, j]));
    const out: Placement[] = [];
    for (const s of start) {
      const job = jobs.get(s.jobId)!;
      if (!ledger.fits(job, s.pool)) break;
      ledger.place(job, s.pool);
      out.push(s);
    }
    return out;
  }

  private makeRoom(
    view: ClusterView,
    ledger: Ledger,
    job: JobView,
    preempt: number[],
  ): number | undefined {
    for (const pool of job.eligiblePools) {
      const p = view.pools[pool];
      const victims = p.running
        .filter((r) => r.priority < job.priority && !ledger.preempted.has(r.id))
        .sort((a, b) => a.priority - b.priority || b.startS - a.startS || b.id - a.id);
      // Check on a copy that stopping some prefix of the victims frees enough.
      const free = ledger.domainsFree(pool);
      let n = 0;
      while (
        placeInDomains(free, job.accelerators, p.scaleUpDomain) === undefined &&
        n < victims.length
      ) {
        applyTake(free, victims[n].domains, 1);
        n++;
      }
      if (placeInDomains(free, job.accelerators, p.scaleUpDomain) === undefined) continue;
      for (const v of victims.slice(0, n)) {
        ledger.release(pool, v.id);
        preempt.push(v.id);
      }
      return pool;
    }
    return undefined;
  }
}

/**
 * Heterogeneity-aware (after Gavel, Narayanan et al., OSDI 2020): in submission order, each job
 * goes to the pool where it runs fastest (shortest remaining run time: the performance model's
 * normalized throughput) among those that can hold it now.
 */
export class HeterogeneityAwarePolicy implements SchedulerPolicy {
  readonly key = "heterogeneity-aware";
  readonly respectsPowerBudgets = false;

  schedule(view: ClusterView): Decisions {
    return fifoPass(view, (job) => byKey(job, (p) => job.remainingS[p]));
  }
}

/**
 * Cost-aware: in submission order, each job goes to the pool where its remaining work costs least
 * (accelerators x run time x price per accelerator-hour); pools without a price come last.
 */
export class CostAwarePolicy implements SchedulerPolicy {
  readonly key = "cost-aware";
  readonly respectsPowerBudgets = false;

  schedule(view: ClusterView): Decisions {
    return fifoPass(view, (job) =>
      byKey(
        job,
        (p) => (view.pools[p].usdPerAcceleratorHour * job.accelerators * job.remainingS[p]) / 3600,
      ),
    );
  }
}

/**
 * Power-aware: FIFO that starts a job only where its full-clock power fits every budget its pool
 * draws on (the site's cap, at the current PUE, and the hall's budget), so capped sites are never
 * driven into clock throttling by new work.
 */
export class PowerAwarePolicy implements SchedulerPolicy {
  readonly key = "power-aware";
  readonly respectsPowerBudgets = true;

  schedule(view: ClusterView): Decisions {
    return fifoPass(
      view,
      (job) => job.eligiblePools,
      (job, pool, ledger) => ledger.powerFits(job, pool),
    );
  }
}

/**
 * Thermal-aware: in submission order, each job goes to the coolest eligible pool that can hold it
 * (hottest rack group now; pools without a heat model, in the cloud, come last).
 */
export class ThermalAwarePolicy implements SchedulerPolicy {
  readonly key = "thermal-aware";
  readonly respectsPowerBudgets = false;

  schedule(view: ClusterView): Decisions {
    return fifoPass(view, (job) => byKey(job, (p) => view.pools[p].tempC));
  }
}
