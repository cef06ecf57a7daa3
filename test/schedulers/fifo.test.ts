import { describe, expect, it } from "vitest";
import { FifoPolicy, createPolicy, type ClusterView } from "../../src/schedulers/index.js";

const view: ClusterView = {
  nowS: 0,
  pools: [
    { name: "a", capacity: 8, free: 4 },
    { name: "b", capacity: 16, free: 10 },
  ],
  queue: [
    { id: 1, accelerators: 4, eligiblePools: [0, 1], submitS: 0 },
    { id: 2, accelerators: 8, eligiblePools: [1], submitS: 1 },
    { id: 3, accelerators: 4, eligiblePools: [1], submitS: 2 },
    { id: 4, accelerators: 1, eligiblePools: [0], submitS: 3 },
  ],
};

describe("FifoPolicy", () => {
  it("starts jobs in order and stops at the first that does not fit", () => {
    expect(new FifoPolicy().schedule(view)).toEqual([
      { jobId: 1, pool: 0 },
      { jobId: 2, pool: 1 },
    ]);
  });

  it("never over-allocates a pool", () => {
    const placements = new FifoPolicy().schedule(view);
    const used = [0, 0];
    for (const p of placements)
      used[p.pool] += view.queue.find((j) => j.id === p.jobId)!.accelerators;
    used.forEach((u, i) => expect(u).toBeLessThanOrEqual(view.pools[i].free));
  });

  it("is deterministic and leaves the view unchanged", () => {
    const before = JSON.stringify(view);
    expect(new FifoPolicy().schedule(view)).toEqual(new FifoPolicy().schedule(view));
    expect(JSON.stringify(view)).toBe(before);
  });

  it("is created by its key and rejects unknown keys with the accepted ones", () => {
    expect(createPolicy("fifo").key).toBe("fifo");
    expect(() => createPolicy("lifo")).toThrow(/accepted: fifo/);
  });
});
