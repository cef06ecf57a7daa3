import { describe, expect, it } from "vitest";
import { type Rng, Streams, categorical } from "../../src/random/index.js";

/** An Rng that returns the given uniforms in order. */
function scripted(...us: number[]): Rng {
  let i = 0;
  return { next: () => us[i++] };
}

describe("categorical", () => {
  it("draws each category with frequency proportional to its weight", () => {
    const weights = [1, 3, 0.5, 5.5];
    const total = 10;
    const sampler = categorical(weights);
    const rng = new Streams(11).get("test/categorical");
    const n = 200_000;
    const counts = new Array<number>(weights.length).fill(0);
    for (let i = 0; i < n; i++) counts[sampler.sample(rng)]++;
    weights.forEach((w, i) => {
      const p = w / total;
      const se = Math.sqrt((p * (1 - p)) / n);
      expect(Math.abs(counts[i] / n - p)).toBeLessThanOrEqual(5 * se);
    });
  });

  it("never draws a zero-weight category, wherever it sits", () => {
    const sampler = categorical([0, 2, 0, 0, 1, 0]);
    const rng = new Streams(11).get("test/categorical-zero");
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) seen.add(sampler.sample(rng));
    expect([...seen].sort()).toEqual([1, 4]);
    expect(sampler.sample(scripted(0))).toBe(1);
    expect(sampler.sample(scripted(0.999999))).toBe(4);
  });

  it("maps the uniform monotonically onto cumulative weights", () => {
    const sampler = categorical([1, 1, 2]);
    const us = [0, 0.2499, 0.25, 0.4999, 0.5, 0.9999];
    const rng = scripted(...us);
    expect(us.map(() => sampler.sample(rng))).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it("reports each category's probability, and 0 outside the range", () => {
    const sampler = categorical([2, 6, 0, 2]);
    expect(sampler.size).toBe(4);
    expect([0, 1, 2, 3].map((i) => sampler.probability(i))).toEqual([0.2, 0.6, 0, 0.2]);
    expect(sampler.probability(4)).toBe(0);
    expect(sampler.probability(-1)).toBe(0);
  });

  it("always draws 0 from a single category", () => {
    const sampler = categorical([7]);
    expect(sampler.sample(scripted(0))).toBe(0);
    expect(sampler.sample(scripted(0.9999))).toBe(0);
  });

  it("rejects a negative weight, naming its index and value", () => {
    expect(() => categorical([1, -1, 2])).toThrow(
      new RangeError("categorical: weights[1] must be finite and >= 0, got -1"),
    );
  });

  it("rejects NaN and infinite weights", () => {
    expect(() => categorical([1, NaN])).toThrow(/weights\[1\] must be finite and >= 0, got NaN/);
    expect(() => categorical([Infinity])).toThrow(/weights\[0\] .* got Infinity/);
  });

  it("rejects weights that sum to zero or overflow, and an empty list", () => {
    expect(() => categorical([0, 0])).toThrow(
      new RangeError("categorical: sum of weights must be finite and > 0, got 0"),
    );
    expect(() => categorical([1e308, 1e308])).toThrow(/sum of weights .* got Infinity/);
    expect(() => categorical([])).toThrow(/weights must be non-empty/);
  });
});
