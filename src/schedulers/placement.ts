/**
 * Placement inside a pool that respects scale-up domains: a job is cut into chunks of at most one
 * domain (a full domain per chunk while the job is larger), and each chunk sits in one domain, so
 * no tensor-parallel group (which never exceeds a domain) is split across domains. Chunks go to
 * the domain with the least room that still holds them (best fit), which keeps whole domains free
 * for large jobs.
 */
import type { ClusterView, JobView, PoolView } from "./policy.js";

/** Chunk sizes of a job of `size` accelerators in domains of `domain`: largest first. */
export function chunks(size: number, domain: number): number[] {
  const out: number[] = [];
  let left = size;
  while (left > 0) {
    const c = Math.min(domain, left);
    out.push(c);
    left -= c;
  }
  return out;
}

/**
 * Accelerators taken in each domain, as flat pairs `[domain, count, domain, count, ...]`: a job
 * of thousands of accelerators in a pool of tens of thousands of domains holds a short list, not
 * an array as long as the pool.
 */
export type DomainTake = number[];

/** Adds (`sign` 1) or removes (`sign` -1) a take's accelerators in `domainFree`. */
export function applyTake(domainFree: number[], take: readonly number[], sign: 1 | -1): void {
  for (let i = 0; i < take.length; i += 2) domainFree[take[i]] += sign * take[i + 1];
}

/** Accelerators in a take. */
export function takeSize(take: readonly number[]): number {
  let n = 0;
  for (let i = 1; i < take.length; i += 2) n += take[i];
  return n;
}

/**
 * Accelerators to take from each domain for a job of `size` (as {@link DomainTake} pairs), or
 * undefined if the domains cannot hold it. Does not change `domainFree`. Whole-domain chunks
 * take the fully free domains in index order; the remainder goes to the domain with the least
 * room that holds it (best fit, lowest index on ties). One pass each, no copies.
 */
export function placeInDomains(
  domainFree: readonly number[],
  size: number,
  domain: number,
): DomainTake | undefined {
  const take: DomainTake = [];
  const wholeCount = Math.floor(size / domain);
  let whole = wholeCount;
  for (let d = 0; d < domainFree.length && whole > 0; d++) {
    if (domainFree[d] === domain) {
      take.push(d, domain);
      whole--;
    }
  }
  if (whole > 0) return undefined;
  const rest = size - wholeCount * domain;
  if (rest > 0) {
    // Domains taken whole above (ascending in `take`) have no room left: skip them.
    let k = 0;
    let best = -1;
    let bestFree = Infinity;
    for (let d = 0; d < domainFree.length; d++) {
      if (k < take.length && take[k] === d) {
        k += 2;
        continue;
      }
      const f = domainFree[d];
      if (f >= rest && f < bestFree) {
        best = d;
        bestFree = f;
        if (f === rest) break; // nothing fits tighter
      }
    }
    if (best < 0) return undefined;
    take.push(best, rest);
  }
  return take;
}

/** Share of free accelerators that sit in partly used domains (0 when none are free). */
export function fragmentation(
  domainFree: readonly number[],
  domainSizes: readonly number[],
): number {
  let free = 0;
  let stranded = 0;
  for (let d = 0; d < domainFree.length; d++) {
    free += domainFree[d];
    if (domainFree[d] < domainSizes[d]) stranded += domainFree[d];
  }
  return free > 0 ? stranded / free : 0;
}

/** What one scheduling pass changed in a pool (see {@link Ledger}). */
interface PoolChange {
  free: number;
  domainFree: number[] | undefined;
  pending: DomainTake | undefined;
}

/**
 * What a policy has handed out so far in one scheduling pass: free accelerators per domain and
 * power headroom, updated as it places or preempts. Views stay untouched.
 */
export class Ledger {
  /**
   * Per pool this pass changed: free accelerators, and either the pass's first take kept as
   * pending or a copy of the view's free accelerators per domain with the pass's changes. Built
   * only when needed: most passes place nothing or one job, and copying a pool of tens of
   * thousands of domains per pass is slow.
   */
  private changes: (PoolChange | undefined)[] | undefined;
  /** Power headroom per budget key, built on first use (most pools have no budget). */
  private headroomByKey: Map<string, number> | undefined;
  private preemptedIds: Set<number> | undefined;

  constructor(private readonly view: ClusterView) {}

  /** Running jobs this pass has preempted so far. */
  get preempted(): ReadonlySet<number> {
    return (this.preemptedIds ??= new Set());
  }

  private get headroom(): Map<string, number> {
    return (this.headroomByKey ??= new Map(
      this.view.powerBudgets.map((b) => [b.key, b.headroomW]),
    ));
  }

  private change(pool: number): PoolChange {
    const changes = (this.changes ??= new Array<PoolChange | undefined>(this.view.pools.length));
    return (changes[pool] ??= {
      free: this.view.pools[pool].free,
      domainFree: undefined,
      pending: undefined,
    });
  }

  /** The pool's free accelerators per domain with this pass's changes, copied on first need. */
  private domains(pool: number): number[] {
    const c = this.change(pool);
    if (c.domainFree === undefined) {
      c.domainFree = this.view.pools[pool].domainFree.slice();
      if (c.pending !== undefined) applyTake(c.domainFree, c.pending, -1);
      c.pending = undefined;
    }
    return c.domainFree;
  }

  /** The pool's free accelerators per domain now, copying only if this pass changed it twice. */
  private current(pool: number): readonly number[] {
    const c = this.changes?.[pool];
    if (c === undefined || (c.domainFree === undefined && c.pending === undefined)) {
      return this.view.pools[pool].domainFree;
    }
    return c.domainFree ?? this.domains(pool);
  }

  freeIn(pool: number): number {
    return this.changes?.[pool]?.free ?? this.view.pools[pool].free;
  }

  /** A copy of the pool's free accelerators per domain after this pass's decisions so far. */
  domainsFree(pool: number): number[] {
    return this.domains(pool).slice();
  }

  /** Where the job would go in the pool's domains now, or undefined if it does not fit. */
  placement(job: Pick<JobView, "accelerators">, pool: number): DomainTake | undefined {
    if (this.freeIn(pool) < job.accelerators) return undefined;
    return placeInDomains(
      this.current(pool),
      job.accelerators,
      this.view.pools[pool].scaleUpDomain,
    );
  }

  /** Whether the job fits the pool's domains now. */
  fits(job: Pick<JobView, "accelerators">, pool: number): boolean {
    return this.placement(job, pool) !== undefined;
  }

  /** IT power the job would add in the pool at full clock, W (0 where not modelled). */
  powerOf(job: Pick<JobView, "accelerators">, pool: number): number {
    const w = this.view.pools[pool].fullLoadWPerAccelerator;
    return Number.isFinite(w) ? w * job.accelerators : 0;
  }

  /** Whether the job's full-clock power fits every budget its pool draws on. */
  powerFits(job: Pick<JobView, "accelerators">, pool: number): boolean {
    const budgets = this.view.pools[pool].powerBudgets;
    if (budgets.length === 0) return true;
    const w = this.powerOf(job, pool);
    const headroom = this.headroom;
    return budgets.every((k) => (headroom.get(k) ?? Infinity) >= w);
  }

  /** Takes the job's accelerators (and power) in the pool. @throws Error if it does not fit. */
  place(job: Pick<JobView, "accelerators">, pool: number): void {
    const take = this.placement(job, pool);
    if (take === undefined) {
      throw new Error(`ledger: job does not fit pool ${this.view.pools[pool].name}`);
    }
    this.take(job, pool, take);
  }

  /** Takes a placement found by {@link placement} in this pass, with nothing placed in between. */
  take(job: Pick<JobView, "accelerators">, pool: number, take: DomainTake): void {
    const c = this.change(pool);
    if (c.domainFree !== undefined) applyTake(c.domainFree, take, -1);
    else if (c.pending === undefined)
      c.pending = take; // current() copies if another follows
    else applyTake(this.domains(pool), take, -1);
    c.free -= job.accelerators;
    const budgets = this.view.pools[pool].powerBudgets;
    if (budgets.length === 0) return;
    const w = this.powerOf(job, pool);
    const headroom = this.headroom;
    for (const k of budgets) headroom.set(k, (headroom.get(k) ?? Infinity) - w);
  }

  /** Gives back a running job's accelerators (and power) for preemption. */
  release(pool: number, jobId: number): void {
    const p = this.view.pools[pool];
    const r = p.running.find((x) => x.id === jobId);
    if (r === undefined) throw new Error(`ledger: job ${jobId} is not running in ${p.name}`);
    applyTake(this.domains(pool), r.domains, 1);
    this.change(pool).free += r.accelerators;
    const w = this.powerOf(r, pool);
    const headroom = this.headroom;
    for (const k of p.powerBudgets) headroom.set(k, (headroom.get(k) ?? Infinity) + w);
    (this.preemptedIds ??= new Set()).add(jobId);
  }
}

/** Domain sizes of a pool of `capacity` accelerators in domains of `domain` (last may be short). */
export function domainSizes(capacity: number, domain: number): number[] {
  return chunks(capacity, domain);
}

/** Pools of a view, in the order a job prefers them. */
export function preferred(job: JobView): readonly number[] {
  return job.eligiblePools;
}

export type { PoolView };
