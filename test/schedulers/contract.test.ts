// The contract every scheduling policy keeps, checked on seeded random cluster views.
import { describe, expect, it } from "vitest";
import { Streams, type Stream } from "../../src/random/index.js";
import {
  POLICY_KEYS,
  createPolicy,
  placeInDomains,
  applyTake,
  type ClusterView,
  type RunningJobView,
} from "../../src/schedulers/index.js";
import { job, pool, viewOf } from "./views.js";

/** Freezes a view all the way down, so a policy that writes to it throws. */
function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === "object" && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as object)) deepFreeze(v);
  }
  return o;
}

/** A random view: 1-4 pools with running jobs in whole chunks, 0-12 waiting jobs. */
function randomView(rng: Stream): ClusterView {
  const nPools = 1 + rng.int(4);
  const budgets = [
    { key: "site/a", headroomW: rng.int(3) === 0 ? Infinity : 2000 * rng.int(200) },
    { key: "hall/a.x", headroomW: 2000 * rng.int(200) },
  ];
  let nextId = 100;
  const pools = Array.from({ length: nPools }, (_, i) => {
    const domain = [4, 8, 16, 64][rng.int(4)];
    const capacity = domain * (1 + rng.int(6));
    const base = pool(`p${i}`, capacity, { domain });
    const domainFree = [...base.domainFree];
    const running: RunningJobView[] = [];
    for (let k = 0; k < rng.int(6); k++) {
      const size = 1 + rng.int(domain);
      const take = placeInDomains(domainFree, size, domain);
      if (take === undefined) break;
      applyTake(domainFree, take, -1);
      running.push({
        id: nextId++,
        accelerators: size,
        priority: rng.int(3) - 1,
        startS: rng.int(1000),
        expectedEndS: 1000 + rng.int(100_000),
        domains: take,
      });
    }
    const modelled = rng.int(2) === 0;
    return {
      ...base,
      free: domainFree.reduce((a, b) => a + b, 0),
      domainFree,
      running,
      tempC: modelled ? 40 + rng.int(40) : Number.NaN,
      fullLoadWPerAccelerator: modelled ? 1000 + rng.int(500) : Number.NaN,
      powerBudgets: modelled ? budgets.map((b) => b.key) : [],
      usdPerAcceleratorHour: rng.int(3) === 0 ? Number.NaN : 1 + rng.int(15),
    };
  });
  const queue = Array.from({ length: rng.int(13) }, (_, k) => {
    const eligible = [...Array(nPools).keys()].filter(() => rng.int(3) > 0);
    const pools = eligible.length > 0 ? eligible : [0];
    const remaining: number[] = [];
    for (const p of pools) remaining[p] = 600 + rng.int(50_000);
    return job(k + 1, 1 + rng.int(40), pools, k * 10, {
      priority: rng.int(3) - 1,
      remainingS: remaining,
    });
  });
  return deepFreeze(viewOf(pools, queue, { nowS: 1000, budgets }));
}

describe.each(POLICY_KEYS)("policy %s", (key) => {
  const views = Array.from({ length: 300 }, (_, i) => randomView(new Streams(i).get("contract")));

  it("never over-allocates, never uses an ineligible pool, keeps every chunk in one domain", () => {
    for (const view of views) {
      const d = createPolicy(key).schedule(view);
      const free = view.pools.map((p) => [...p.domainFree]);
      for (const id of d.preempt) {
        const pi = view.pools.findIndex((p) => p.running.some((r) => r.id === id));
        expect(pi, `preempted job ${id} is running`).toBeGreaterThanOrEqual(0);
        applyTake(free[pi], view.pools[pi].running.find((r) => r.id === id)!.domains, 1);
      }
      expect(new Set(d.preempt).size).toBe(d.preempt.length);
      const started = new Set<number>();
      for (const pl of d.start) {
        const j = view.queue.find((q) => q.id === pl.jobId);
        expect(j, `job ${pl.jobId} is waiting`).toBeDefined();
        expect(started.has(pl.jobId), `job ${pl.jobId} started once`).toBe(false);
        started.add(pl.jobId);
        expect(j!.eligiblePools).toContain(pl.pool);
        const p = view.pools[pl.pool];
        // Placement in whole chunks per domain: no tensor-parallel group crosses a domain.
        const take = placeInDomains(free[pl.pool], j!.accelerators, p.scaleUpDomain);
        expect(take, `job ${j!.id} fits pool ${p.name} by domains`).toBeDefined();
        applyTake(free[pl.pool], take!, -1);
      }
      for (const f of free) for (const x of f) expect(x).toBeGreaterThanOrEqual(0);
    }
  });

  it("preempts only under the priority policy, and only lower-priority jobs", () => {
    for (const view of views) {
      const d = createPolicy(key).schedule(view);
      if (key !== "priority") expect(d.preempt).toEqual([]);
      for (const id of d.preempt) {
        const r = view.pools.flatMap((p) => p.running).find((x) => x.id === id)!;
        const beneficiaries = d.start.map((s) => view.queue.find((q) => q.id === s.jobId)!);
        expect(beneficiaries.some((b) => b.priority > r.priority)).toBe(true);
      }
    }
  });

  it("keeps within the power budgets when it says it does", () => {
    const policy = createPolicy(key);
    if (!policy.respectsPowerBudgets) return;
    for (const view of views) {
      const d = policy.schedule(view);
      const used = new Map<string, number>();
      for (const pl of d.start) {
        const p = view.pools[pl.pool];
        const j = view.queue.find((q) => q.id === pl.jobId)!;
        const w = Number.isFinite(p.fullLoadWPerAccelerator)
          ? p.fullLoadWPerAccelerator * j.accelerators
          : 0;
        for (const k of p.powerBudgets) used.set(k, (used.get(k) ?? 0) + w);
      }
      for (const b of view.powerBudgets)
        expect(used.get(b.key) ?? 0).toBeLessThanOrEqual(b.headroomW);
    }
  });

  it("is deterministic and leaves the (frozen) view unchanged", () => {
    for (const view of views.slice(0, 100)) {
      const before = JSON.stringify(view);
      expect(createPolicy(key).schedule(view)).toEqual(createPolicy(key).schedule(view));
      expect(JSON.stringify(view)).toBe(before);
    }
  });

  it("starts something whenever the head job fits an eligible pool and nothing is preempted", () => {
    // No policy idles a fitting head job (FIFO-based ones start it; others start something).
    for (const view of views) {
      const head = view.queue[0];
      if (head === undefined || key === "power-aware" || key === "priority") continue;
      const fits = head.eligiblePools.some(
        (p) =>
          placeInDomains(
            view.pools[p].domainFree,
            head.accelerators,
            view.pools[p].scaleUpDomain,
          ) !== undefined,
      );
      if (fits) expect(createPolicy(key).schedule(view).start.length).toBeGreaterThan(0);
    }
  });
});
