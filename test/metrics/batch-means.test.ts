import { describe, expect, it } from "vitest";
import {
  BatchMeans,
  batchMeans,
  normalQuantile,
  studentTQuantile,
} from "../../src/metrics/batch-means.js";

describe("studentTQuantile", () => {
  it("matches published two-sided 95% and 99% values", () => {
    // Reference values: R qt(p, df), 10 significant digits.
    const cases: [number, number, number][] = [
      [0.975, 1, 12.70620474],
      [0.975, 2, 4.30265273],
      [0.975, 5, 2.570581836],
      [0.975, 9, 2.262157163],
      [0.975, 19, 2.093024054],
      [0.975, 29, 2.045229642],
      [0.975, 100, 1.983971519],
      [0.995, 1, 63.65674116],
      [0.995, 19, 2.860934606],
      [0.95, 10, 1.812461123],
    ];
    for (const [p, df, t] of cases) expect(studentTQuantile(p, df)).toBeCloseTo(t, 7);
  });

  it("rounds to the textbook t(0.975, 19) = 2.093", () => {
    expect(studentTQuantile(0.975, 19).toFixed(3)).toBe("2.093");
  });

  it("is continuous where the exact series hands over to Cornish-Fisher", () => {
    const a = studentTQuantile(0.975, 1000);
    const b = studentTQuantile(0.975, 1001);
    expect(a).toBeCloseTo(1.962339081, 8);
    expect(a - b).toBeGreaterThan(0);
    expect(a - b).toBeLessThan(1e-5);
  });

  it("tends to the normal quantile for large df", () => {
    expect(studentTQuantile(0.975, 10_000_000)).toBeCloseTo(1.959964, 6);
  });

  it("is antisymmetric around p = 0.5", () => {
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expect(studentTQuantile(0.025, 19)).toBeCloseTo(-studentTQuantile(0.975, 19), 12);
  });

  it("throws a RangeError for p outside (0, 1) or a non-integer df", () => {
    expect(() => studentTQuantile(0, 5)).toThrow(RangeError);
    expect(() => studentTQuantile(1, 5)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, 0)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, 2.5)).toThrow(RangeError);
  });
});

describe("normalQuantile", () => {
  it("matches known values", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 9);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 9);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902, 9);
    expect(normalQuantile(0.5)).toBe(0);
  });
});

describe("batchMeans", () => {
  it("returns the grand mean and t * s / sqrt(nb) over the batch means", () => {
    // Batch means 1, 2, 3, 4: mean 2.5, s = sqrt(5/3), t(0.975, 3) = 3.182446305.
    const r = batchMeans([2, 4, 6, 8], [2, 2, 2, 2]);
    expect(r.mean).toBe(2.5);
    expect(r.batches).toBe(4);
    expect(r.count).toBe(8);
    expect(r.halfWidth).toBeCloseTo((3.182446305 * Math.sqrt(5 / 3)) / 2, 8);
    expect(r.relative).toBeCloseTo(r.halfWidth / 2.5, 14);
  });

  it("gives a zero half-width when all batches agree", () => {
    expect(batchMeans([3, 3, 3], [1, 1, 1]).halfWidth).toBe(0);
  });

  it("throws a RangeError for fewer than 2 batches, an empty batch or mismatched lengths", () => {
    expect(() => batchMeans([1], [1])).toThrow(RangeError);
    expect(() => batchMeans([1, 2], [1, 0])).toThrow(/empty/);
    expect(() => batchMeans([1, 2], [1])).toThrow(RangeError);
    expect(() => batchMeans([1, 2], [1, 1], 1)).toThrow(RangeError);
  });
});

describe("BatchMeans", () => {
  it("splits a series like the SimPy peers' int(i / (N / NB))", () => {
    const n = 103;
    const nb = 20;
    const acc = new BatchMeans(nb, n);
    const sums = new Array<number>(nb).fill(0);
    const counts = new Array<number>(nb).fill(0);
    for (let i = 0; i < n; i++) {
      const x = (i * 7919) % 101;
      acc.add(x);
      const b = Math.floor(i / (n / nb));
      sums[b] += x;
      counts[b]++;
    }
    expect(acc.count).toBe(n);
    expect(acc.result()).toEqual(batchMeans(sums, counts));
  });

  it("refuses more values than announced, and a result before all arrived", () => {
    const acc = new BatchMeans(2, 3);
    acc.add(1);
    acc.add(2);
    expect(() => acc.result()).toThrow(/2 of 3/);
    acc.add(3);
    expect(acc.result().mean).toBe(2);
    expect(() => acc.add(4)).toThrow(RangeError);
  });

  it("throws a RangeError for a bad batch count or total", () => {
    expect(() => new BatchMeans(1, 10)).toThrow(RangeError);
    expect(() => new BatchMeans(20, 19)).toThrow(RangeError);
    expect(() => new BatchMeans(2, 2.5)).toThrow(RangeError);
  });
});
