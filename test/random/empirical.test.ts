import { describe, expect, it } from "vitest";
import { type Rng, Streams, empirical } from "../../src/random/index.js";

/** An Rng that returns the given uniforms in order. */
function scripted(...us: number[]): Rng {
  let i = 0;
  return { next: () => us[i++] };
}

const N = 200_000;
const OBSERVED = [12, 3, 7.5, 40, 3, 18, 25, 9, 1, 60];

function mean(xs: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i];
  return sum / xs.length;
}

describe("empirical", () => {
  it("resampling has the sample's mean, within 5 standard errors", () => {
    const sampler = empirical(OBSERVED);
    const rng = new Streams(3).get("test/empirical");
    const draws = Float64Array.from({ length: N }, () => sampler.sample(rng));
    const m = mean(OBSERVED);
    const variance = mean(OBSERVED.map((x) => (x - m) ** 2));
    expect(Math.abs(mean(draws) - m)).toBeLessThanOrEqual(5 * Math.sqrt(variance / N));
  });

  it("resampling returns only observed values, each with frequency 1/n", () => {
    const sampler = empirical([5, 1, 3, 3]);
    const rng = new Streams(3).get("test/empirical-freq");
    const counts = new Map<number, number>();
    for (let i = 0; i < N; i++) {
      const x = sampler.sample(rng);
      counts.set(x, (counts.get(x) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([1, 3, 5]);
    const se = (p: number) => Math.sqrt((p * (1 - p)) / N);
    expect(Math.abs((counts.get(3) ?? 0) / N - 0.5)).toBeLessThanOrEqual(5 * se(0.5));
    expect(Math.abs((counts.get(1) ?? 0) / N - 0.25)).toBeLessThanOrEqual(5 * se(0.25));
  });

  it("interpolation has the mean of the piecewise-linear quantile function", () => {
    const sampler = empirical(OBSERVED, { interpolate: true });
    const rng = new Streams(3).get("test/empirical-interp");
    const draws = Float64Array.from({ length: N }, () => sampler.sample(rng));
    // Trapezoid rule over the order statistics: (sum - (min + max) / 2) / (n - 1).
    const n = OBSERVED.length;
    const sum = OBSERVED.reduce((a, b) => a + b);
    const exact = (sum - (Math.min(...OBSERVED) + Math.max(...OBSERVED)) / 2) / (n - 1);
    const m = mean(draws);
    const sd = Math.sqrt(mean(draws.map((x) => (x - m) ** 2)));
    expect(Math.abs(m - exact)).toBeLessThanOrEqual((5 * sd) / Math.sqrt(N));
    expect(draws.reduce((a, b) => Math.min(a, b))).toBeGreaterThanOrEqual(1);
    expect(draws.reduce((a, b) => Math.max(a, b))).toBeLessThanOrEqual(60);
  });

  it("interpolation draws between order statistics linearly in the uniform", () => {
    const sampler = empirical([20, 0, 10], { interpolate: true });
    const us = [0, 0.25, 0.5, 0.75];
    const rng = scripted(...us);
    expect(us.map(() => sampler.sample(rng))).toEqual([0, 5, 10, 15]);
    expect(sampler.interpolate).toBe(true);
  });

  it("resampling maps the uniform monotonically onto the sorted values", () => {
    const sampler = empirical([20, 0, 10]);
    const rng = scripted(0, 0.34, 0.67, 0.9999);
    expect([0, 1, 2, 3].map(() => sampler.sample(rng))).toEqual([0, 10, 20, 20]);
  });

  it("returns the only observation of a one-element sample, with or without interpolation", () => {
    expect(empirical([4]).sample(scripted(0.7))).toBe(4);
    expect(empirical([4], { interpolate: true }).sample(scripted(0.7))).toBe(4);
  });

  it("copies the samples and leaves the caller's array unsorted", () => {
    const samples = [3, 1, 2];
    const sampler = empirical(samples);
    samples[0] = 100;
    expect(samples).toEqual([100, 1, 2]);
    expect([sampler.min, sampler.max, sampler.size]).toEqual([1, 3, 3]);
  });

  it("rejects an empty sample", () => {
    expect(() => empirical([])).toThrow(
      new RangeError("empirical: samples must be non-empty, got []"),
    );
  });

  it("rejects a non-finite observation, naming its index and value", () => {
    expect(() => empirical([1, 2, NaN])).toThrow(
      new RangeError("empirical: samples[2] must be finite, got NaN"),
    );
    expect(() => empirical([-Infinity])).toThrow(/samples\[0\] must be finite, got -Infinity/);
  });
});
