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
 * Accelerators to take from each domain for a job of `size`, or undefined if the domains cannot
 * hold it. Does not change `domainFree`.
 */
export function placeInDomains(
  domainFree: readonly number[],
  size: number,
  domain: number,
): number[] | undefined {
  const free = [...domainFree];
  const take = new Array<number>(free.length).fill(0);
  // Whole-domain chunks fit exactly in fully free domains (the best fit): take them in index
  // order in one pass, so a job of thousands of accelerators costs one scan, not one per chunk.
  let whole = Math.floor(size / domain);
  if (whole > 0) {
    for (let d = 0; d < free.length && whole > 0; d++) {
      if (free[d] === domain) {
        free[d] = 0;
        take[d] = domain;
        whole--;
      }
    }
    if (whole > 0) return undefined;
  }
  const rest = size - Math.floor(size / domain) * domain;
  for (const c of rest > 0 ? [rest] : []) {
    let best = -1;
    for (let d = 0; d < free.length; d++) {
      if (free[d] >= c && (best < 0 || free[d] < free[best])) best = d;
    }
    if (best < 0) return undefined;
    free[best] -= c;
    take[best] += c;
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

/**
 * What a policy has handed out so far in one scheduling pass: free accelerators per domain and
 * power headroom, updated as it places or preempts. Views stay untouched.
 */
export class Ledger {
  private readonly domainFree: number[][];
  private readonly free: number[];
  private readonly headroom: Map<string, number>;
  readonly preempted = new Set<number>();

  constructor(private readonly view: ClusterView) {
    this.domainFree = view.pools.map((p) => [...p.domainFree]);
    this.free = view.pools.map((p) => p.free);
    this.headroom = new Map(view.powerBudgets.map((b) => [b.key, b.headroomW]));
  }

  freeIn(pool: number): number {
    return this.free[pool];
  }

  /** A copy of the pool's free accelerators per domain after this pass's decisions so far. */
  domainsFree(pool: number): number[] {
    return [...this.domainFree[pool]];
  }

  /** Whether the job fits the pool's domains now. */
  fits(job: Pick<JobView, "accelerators">, pool: number): boolean {
    const p = this.view.pools[pool];
    return placeInDomains(this.domainFree[pool], job.accelerators, p.scaleUpDomain) !== undefined;
  }

  /** IT power the job would add in the pool at full clock, W (0 where not modelled). */
  powerOf(job: Pick<JobView, "accelerators">, pool: number): number {
    const w = this.view.pools[pool].fullLoadWPerAccelerator;
    return Number.isFinite(w) ? w * job.accelerators : 0;
  }

  /** Whether the job's full-clock power fits every budget its pool draws on. */
  powerFits(job: Pick<JobView, "accelerators">, pool: number): boolean {
    const w = this.powerOf(job, pool);
    return this.view.pools[pool].powerBudgets.every((k) => (this.headroom.get(k) ?? Infinity) >= w);
  }

  /** Takes the job's accelerators (and power) in the pool. @throws Error if it does not fit. */
  place(job: Pick<JobView, "accelerators">, pool: number): void {
    const p = this.view.pools[pool];
    const take = placeInDomains(this.domainFree[pool], job.accelerators, p.scaleUpDomain);
    if (take === undefined) throw new Error(`ledger: job does not fit pool ${p.name}`);
    take.forEach((t, d) => (this.domainFree[pool][d] -= t));
    this.free[pool] -= job.accelerators;
    const w = this.powerOf(job, pool);
    for (const k of p.powerBudgets) this.headroom.set(k, (this.headroom.get(k) ?? Infinity) - w);
  }

  /** Gives back a running job's accelerators (and power) for preemption. */
  release(pool: number, jobId: number): void {
    const p = this.view.pools[pool];
    const r = p.running.find((x) => x.id === jobId);
    if (r === undefined) throw new Error(`ledger: job ${jobId} is not running in ${p.name}`);
    r.domains.forEach((t, d) => (this.domainFree[pool][d] += t));
    this.free[pool] += r.accelerators;
    const w = this.powerOf(r, pool);
    for (const k of p.powerBudgets) this.headroom.set(k, (this.headroom.get(k) ?? Infinity) + w);
    this.preempted.add(jobId);
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
