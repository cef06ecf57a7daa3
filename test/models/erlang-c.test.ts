import { describe, expect, it } from "vitest";
import { LARGE_C, erlangBLarge, erlangBRecursion, erlangC } from "../../src/models/erlang-c.js";

/** Rounds to `digits` significant digits, for comparisons against published figures. */
const sig = (x: number, digits: number) => Number(x.toPrecision(digits));

describe("erlangC", () => {
  it("gives Wq = 0.048541 and P(wait) = 0.31066 for c = 64, rho = 0.9, mu = 1", () => {
    const r = erlangC(57.6, 1, 64);
    expect(sig(r.waitS, 5)).toBe(0.048541);
    expect(sig(r.pWait, 5)).toBe(0.31066);
  });

  it("gives Wq = 0.286028 for c = 8, rho = 0.8, mu = 1", () => {
    expect(sig(erlangC(6.4, 1, 8).waitS, 6)).toBe(0.286028);
  });

  it("reduces to M/M/1: P(wait) = rho and Wq = rho / (mu - lambda)", () => {
    const r = erlangC(0.5, 2, 1);
    expect(r.pWait).toBeCloseTo(0.25, 14);
    expect(r.waitS).toBeCloseTo(0.25 / 1.5, 14);
  });

  it("scales the wait with 1 / mu at a fixed rho", () => {
    const a = erlangC(57.6, 1, 64);
    const b = erlangC(576, 10, 64);
    expect(b.pWait).toBeCloseTo(a.pWait, 12);
    expect(b.waitS).toBeCloseTo(a.waitS / 10, 12);
  });

  it("stays finite for very many servers", () => {
    const r = erlangC(0.99 * 10_000, 1, 10_000);
    expect(Number.isFinite(r.waitS)).toBe(true);
    expect(r.pWait).toBeGreaterThan(0);
    expect(r.pWait).toBeLessThan(1);
  });

  it("takes Erlang B for many servers from the Poisson form, agreeing with the recursion", () => {
    let worst = 0;
    for (const c of [LARGE_C + 1, 600, 1_000, 4_096, 20_000, 100_000]) {
      for (const rho of [0.05, 0.3, 0.7, 0.9, 0.97, 0.995, 0.9999]) {
        const a = rho * c;
        const exact = erlangBRecursion(a, c);
        const fast = erlangBLarge(a, c);
        if (exact < 1e-300) {
          expect(fast).toBeLessThan(1e-300);
          continue;
        }
        worst = Math.max(worst, Math.abs(fast / exact - 1));
      }
    }
    expect(worst).toBeLessThan(1e-8);
    // And the wait through erlangC, where the switch happens.
    const below = erlangC(0.9 * LARGE_C, 1, LARGE_C).waitS;
    const above = erlangC(0.9 * (LARGE_C + 1), 1, LARGE_C + 1).waitS;
    expect(above / below).toBeGreaterThan(0.9);
    expect(above / below).toBeLessThan(1);
  });

  it("throws a RangeError for rho >= 1", () => {
    expect(() => erlangC(64, 1, 64)).toThrow(RangeError);
    expect(() => erlangC(70, 1, 64)).toThrow(/unstable/);
  });

  it("throws a RangeError for bad inputs", () => {
    expect(() => erlangC(0, 1, 1)).toThrow(RangeError);
    expect(() => erlangC(-1, 1, 1)).toThrow(RangeError);
    expect(() => erlangC(NaN, 1, 1)).toThrow(RangeError);
    expect(() => erlangC(1, 0, 4)).toThrow(RangeError);
    expect(() => erlangC(1, Infinity, 4)).toThrow(RangeError);
    expect(() => erlangC(1, 1, 2.5)).toThrow(RangeError);
    expect(() => erlangC(1, 1, 0)).toThrow(RangeError);
  });
});
