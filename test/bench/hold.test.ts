import { describe, expect, it } from "vitest";
import { runHold } from "../../src/cli/bench/hold.js";

describe("bench hold", () => {
  it("fires exactly the requested number of events", () => {
    const r = runHold({ pending: 1_000, events: 50_000, seed: 1 });
    expect(r).toMatchObject({ bench: "hold", pending: 1_000, events: 50_000 });
    expect(r.wallS).toBeGreaterThan(0);
    expect(r.eventsPerS).toBeCloseTo(r.events / r.wallS, 6);
  });

  it("works with fewer events than pending", () => {
    expect(runHold({ pending: 100, events: 10 }).events).toBe(10);
  });

  it("throws a RangeError on bad options", () => {
    expect(() => runHold({ pending: 0 })).toThrow(/pending/);
    expect(() => runHold({ events: 1.5 })).toThrow(/events/);
  });
});
