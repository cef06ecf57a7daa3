import { describe, expect, it } from "vitest";
import { FifoPolicy, createPolicy } from "../../src/schedulers/index.js";
import { job, pool, viewOf } from "./views.js";

const view = viewOf(
  [pool("a", 8, { free: 4, domain: 8 }), pool("b", 16, { free: 10, domain: 16 })],
  [job(1, 4, [0, 1], 0), job(2, 8, [1], 1), job(3, 4, [1], 2), job(4, 1, [0], 3)],
);

describe("FifoPolicy", () => {
  it("starts jobs in order and stops at the first that does not fit", () => {
    expect(new FifoPolicy().schedule(view)).toEqual({
      preempt: [],
      start: [
        { jobId: 1, pool: 0 },
        { jobId: 2, pool: 1 },
      ],
    });
  });

  it("is deterministic and leaves the view unchanged", () => {
    const before = JSON.stringify(view);
    expect(new FifoPolicy().schedule(view)).toEqual(new FifoPolicy().schedule(view));
    expect(JSON.stringify(view)).toBe(before);
  });

  it("is created by its key and rejects unknown keys with the accepted ones", () => {
    expect(createPolicy("fifo").key).toBe("fifo");
    expect(() => createPolicy("lifo")).toThrow(/accepted: fifo, easy-backfill, priority/);
  });
});
