import { beforeAll, describe, expect, it } from "vitest";
import { runMmc, type MmcResult } from "../../src/cli/bench/mmc.js";

// Erlang C for c = 8, rho = 0.8, mu = 1 (test/models/erlang-c.test.ts checks the formula).
const ERLANG_C_WAIT_8_08 = 0.286028;

describe("bench mmc", () => {
  // 2 M customers: at 400 k the 95% half-width is about 6% of the mean at this load (it shrinks
  // as 1 / sqrt(n)), so 3% needs about 4x as many; ~0.3 s at 10 M events/s.
  let r: MmcResult;
  beforeAll(() => {
    r = runMmc({ servers: 8, rho: 0.8, customers: 2_000_000, seed: 1 });
  });

  it("has a 95% CI within 3% of the mean that contains Erlang C", () => {
    expect(r.ciRelative).toBeLessThanOrEqual(0.03);
    expect(Math.abs(r.meanWaitS - ERLANG_C_WAIT_8_08)).toBeLessThanOrEqual(r.ciHalfWidthS);
    expect(r.erlangCWaitS.toPrecision(6)).toBe(String(ERLANG_C_WAIT_8_08));
  });

  it("matches the Erlang C probability of waiting and the utilization rho", () => {
    expect(Math.abs(r.pWait - r.erlangCPWait)).toBeLessThan(0.01);
    expect(Math.abs(r.utilization - 0.8)).toBeLessThan(0.005);
  });

  it("counts 2 model events per customer, the same as the engine fired", () => {
    expect(r.events).toBe(4_000_000);
    expect(r.engineEvents).toBe(r.events);
    expect(r.eventsPerS).toBeCloseTo(r.events / r.wallS, 6);
  });

  it("echoes its options and derived lambda", () => {
    expect(r).toMatchObject({ bench: "mmc", servers: 8, rho: 0.8, mu: 1, lambda: 6.4, seed: 1 });
    expect(r.relErr).toBeCloseTo(r.meanWaitS / r.erlangCWaitS - 1, 12);
  });

  it("gives the identical mean wait for the same seed, and another for another seed", () => {
    const opts = { servers: 8, rho: 0.8, customers: 20_000 };
    const a = runMmc({ ...opts, seed: 7 });
    const b = runMmc({ ...opts, seed: 7 });
    const c = runMmc({ ...opts, seed: 8 });
    expect(b.meanWaitS).toBe(a.meanWaitS);
    expect(b.ciHalfWidthS).toBe(a.ciHalfWidthS);
    expect(c.meanWaitS).not.toBe(a.meanWaitS);
  });

  it("throws a RangeError on bad options", () => {
    expect(() => runMmc({ rho: 1 })).toThrow(RangeError);
    expect(() => runMmc({ servers: 0 })).toThrow(/servers/);
    expect(() => runMmc({ customers: 10 })).toThrow(/customers/);
    expect(() => runMmc({ mu: -1 })).toThrow(/mu/);
  });
});
