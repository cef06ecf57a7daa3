import { describe, expect, it } from "vitest";
import { Stream, Streams, gammaFunction } from "../../src/random/index.js";

const N = 200_000;
// Tolerances are this many standard errors of the estimator (mean or variance).
const K_SE = 5;

/** Mean, variance and fourth central moment from the raw moments E[X^1..4]. */
function fromRaw(raw: (n: number) => number): Moments {
  const [m1, m2, m3, m4] = [raw(1), raw(2), raw(3), raw(4)];
  return {
    mean: m1,
    variance: m2 - m1 * m1,
    fourth: m4 - 4 * m1 * m3 + 6 * m1 * m1 * m2 - 3 * m1 ** 4,
  };
}

interface Moments {
  mean: number;
  variance: number;
  /** Fourth central moment, for the standard error of the sample variance. */
  fourth: number;
}

interface Case {
  name: string;
  draw: (s: Stream) => number;
  exact: Moments;
}

const uniformRaw = (a: number, b: number) => (n: number) =>
  (b ** (n + 1) - a ** (n + 1)) / ((n + 1) * (b - a));
const normalRaw = (mu: number, sd: number) => (n: number) =>
  [
    1,
    mu,
    mu * mu + sd * sd,
    mu ** 3 + 3 * mu * sd * sd,
    mu ** 4 + 6 * mu * mu * sd * sd + 3 * sd ** 4,
  ][n];
const lognormalRaw = (mu: number, sigma: number) => (n: number) =>
  Math.exp(n * mu + (n * n * sigma * sigma) / 2);
const gammaRaw = (k: number, theta: number) => (n: number) =>
  theta ** n * (gammaFunction(k + n) / gammaFunction(k));
const weibullRaw = (k: number, lambda: number) => (n: number) =>
  lambda ** n * gammaFunction(1 + n / k);
const paretoRaw = (alpha: number, xm: number) => (n: number) => (alpha * xm ** n) / (alpha - n);

const CASES: Case[] = [
  { name: "uniform(2, 5)", draw: (s) => s.uniform(2, 5), exact: fromRaw(uniformRaw(2, 5)) },
  { name: "uniform(-1, 1)", draw: (s) => s.uniform(-1, 1), exact: fromRaw(uniformRaw(-1, 1)) },
  // Exponential(rate) = Gamma(1, 1 / rate).
  { name: "exponential(4)", draw: (s) => s.exponential(4), exact: fromRaw(gammaRaw(1, 0.25)) },
  { name: "normal(10, 3)", draw: (s) => s.normal(10, 3), exact: fromRaw(normalRaw(10, 3)) },
  { name: "normal(-2, 0.5)", draw: (s) => s.normal(-2, 0.5), exact: fromRaw(normalRaw(-2, 0.5)) },
  {
    name: "lognormal(1, 0.5)",
    draw: (s) => s.lognormal(1, 0.5),
    exact: fromRaw(lognormalRaw(1, 0.5)),
  },
  {
    name: "lognormalFromMedian(100, 0.4)",
    draw: (s) => s.lognormalFromMedian(100, 0.4),
    exact: fromRaw(lognormalRaw(Math.log(100), 0.4)),
  },
  {
    name: "gamma(0.5, 2) (boost path)",
    draw: (s) => s.gamma(0.5, 2),
    exact: fromRaw(gammaRaw(0.5, 2)),
  },
  { name: "gamma(1, 3)", draw: (s) => s.gamma(1, 3), exact: fromRaw(gammaRaw(1, 3)) },
  { name: "gamma(3.7, 0.5)", draw: (s) => s.gamma(3.7, 0.5), exact: fromRaw(gammaRaw(3.7, 0.5)) },
  {
    name: "weibull(0.8, 10)",
    draw: (s) => s.weibull(0.8, 10),
    exact: fromRaw(weibullRaw(0.8, 10)),
  },
  { name: "weibull(2, 3)", draw: (s) => s.weibull(2, 3), exact: fromRaw(weibullRaw(2, 3)) },
  // Shape 5: the fourth moment (needed for the variance's standard error) exists only above 4.
  { name: "pareto(5, 2)", draw: (s) => s.pareto(5, 2), exact: fromRaw(paretoRaw(5, 2)) },
  {
    name: "int(10)",
    draw: (s) => s.int(10),
    exact: fromRaw(
      (n) => Array.from({ length: 10 }, (_, i) => i ** n).reduce((a, b) => a + b) / 10,
    ),
  },
];

function sampleMoments(draw: () => number, n: number): { mean: number; variance: number } {
  // Welford's update: stable for means far from zero.
  let mean = 0;
  let m2 = 0;
  for (let i = 1; i <= n; i++) {
    const x = draw();
    const delta = x - mean;
    mean += delta / i;
    m2 += delta * (x - mean);
  }
  return { mean, variance: m2 / (n - 1) };
}

describe("Stream distributions", () => {
  const streams = new Streams(20260101);

  for (const c of CASES) {
    it(`${c.name} has the closed-form mean and variance within ${K_SE} standard errors`, () => {
      const s = streams.get(`test/${c.name}`);
      const got = sampleMoments(() => c.draw(s), N);
      const { mean, variance, fourth } = c.exact;
      expect(Math.abs(got.mean - mean)).toBeLessThanOrEqual(K_SE * Math.sqrt(variance / N));
      const varianceSe = Math.sqrt((fourth - variance * variance) / N);
      expect(Math.abs(got.variance - variance)).toBeLessThanOrEqual(K_SE * varianceSe);
      // Sanity bound on the tolerance itself, so a loose test cannot pass a wrong variance.
      expect(K_SE * varianceSe).toBeLessThan(0.1 * variance);
    });
  }

  it("lognormalFromMedian(m, s) has median m", () => {
    const s = streams.get("test/lognormal-median");
    const xs = Float64Array.from({ length: N }, () => s.lognormalFromMedian(250, 1.2));
    xs.sort();
    // Order-statistic SE for the median: 1 / (2 f(m) sqrt(N)), f(m) = 1 / (m sigma sqrt(2 pi)).
    const se = (250 * 1.2 * Math.sqrt(2 * Math.PI)) / (2 * Math.sqrt(N));
    expect(Math.abs(xs[N / 2] - 250)).toBeLessThanOrEqual(K_SE * se);
  });

  it("consecutive normal draws are uncorrelated, including the cached spare", () => {
    const s = streams.get("test/normal-pairs");
    let sxy = 0;
    let prev = s.normal(0, 1);
    for (let i = 0; i < N; i++) {
      const x = s.normal(0, 1);
      sxy += prev * x;
      prev = x;
    }
    // Lag-1 correlation of independent standard normals has SE 1 / sqrt(N).
    expect(Math.abs(sxy / N)).toBeLessThanOrEqual(K_SE / Math.sqrt(N));
  });

  it("int(n) draws every value in [0, n) and nothing else", () => {
    const s = streams.get("test/int-range");
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) seen.add(s.int(7));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(s.int(1)).toBe(0);
  });

  it("positive distributions never return zero or a negative value", () => {
    const s = streams.get("test/positive");
    let min = Infinity;
    for (let i = 0; i < 20_000; i++) {
      min = Math.min(min, s.exponential(1), s.gamma(0.1, 1), s.weibull(0.5, 1), s.lognormal(0, 2));
    }
    expect(min).toBeGreaterThan(0);
    for (let i = 0; i < 1000; i++) expect(s.pareto(1.5, 3)).toBeGreaterThanOrEqual(3);
  });

  it("zero spread returns the location exactly", () => {
    const s = streams.get("test/degenerate");
    expect(s.normal(4, 0)).toBe(4);
    expect(s.lognormal(0, 0)).toBe(1);
    expect(s.lognormalFromMedian(7, 0)).toBe(7);
    expect(s.uniform(3, 3)).toBe(3);
  });

  it("next() returns uniforms in [0, 1) with mean 1/2 and variance 1/12", () => {
    const s = streams.get("test/next");
    let min = 1;
    let max = 0;
    const got = sampleMoments(() => {
      const u = s.next();
      min = Math.min(min, u);
      max = Math.max(max, u);
      return u;
    }, N);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(Math.abs(got.mean - 0.5)).toBeLessThanOrEqual(K_SE * Math.sqrt(1 / 12 / N));
    expect(Math.abs(got.variance - 1 / 12)).toBeLessThanOrEqual(
      K_SE * Math.sqrt((1 / 80 - 1 / 144) / N),
    );
  });
});

describe("Stream parameter errors", () => {
  const s = new Streams(1).get("test/errors");

  it("rejects a non-positive exponential rate, naming the value", () => {
    expect(() => s.exponential(-1)).toThrow(
      new RangeError("exponential: rate must be finite and > 0, got -1"),
    );
    expect(() => s.exponential(0)).toThrow(/got 0$/);
  });

  const bad: [string, () => number, RegExp][] = [
    ["exponential(NaN)", () => s.exponential(NaN), /^exponential: rate .* got NaN$/],
    ["exponential(Infinity)", () => s.exponential(Infinity), /^exponential: rate .* got Infinity$/],
    ["uniform(5, 2)", () => s.uniform(5, 2), /^uniform: b must be >= a \(5\), got 2$/],
    ["uniform(NaN, 1)", () => s.uniform(NaN, 1), /^uniform: a must be finite, got NaN$/],
    [
      "uniform(0, Infinity)",
      () => s.uniform(0, Infinity),
      /^uniform: b must be finite, got Infinity$/,
    ],
    ["uniform(-1e308, 1e308)", () => s.uniform(-1e308, 1e308), /^uniform: b - a must be finite/],
    ["normal(0, -1)", () => s.normal(0, -1), /^normal: sd must be finite and >= 0, got -1$/],
    ["normal(NaN, 1)", () => s.normal(NaN, 1), /^normal: mean must be finite, got NaN$/],
    ["lognormal(0, -0.5)", () => s.lognormal(0, -0.5), /^lognormal: sigma .* got -0.5$/],
    ["lognormal(Infinity, 1)", () => s.lognormal(Infinity, 1), /^lognormal: mu .* got Infinity$/],
    [
      "lognormalFromMedian(0, 1)",
      () => s.lognormalFromMedian(0, 1),
      /median must be finite and > 0, got 0$/,
    ],
    ["lognormalFromMedian(1, NaN)", () => s.lognormalFromMedian(1, NaN), /sigma .* got NaN$/],
    ["gamma(0, 1)", () => s.gamma(0, 1), /^gamma: shape must be finite and > 0, got 0$/],
    ["gamma(1, -2)", () => s.gamma(1, -2), /^gamma: scale must be finite and > 0, got -2$/],
    ["weibull(-1, 1)", () => s.weibull(-1, 1), /^weibull: shape .* got -1$/],
    ["weibull(1, 0)", () => s.weibull(1, 0), /^weibull: scale .* got 0$/],
    ["pareto(0, 1)", () => s.pareto(0, 1), /^pareto: shape .* got 0$/],
    ["pareto(2, -1)", () => s.pareto(2, -1), /^pareto: scaleXm .* got -1$/],
    ["int(0)", () => s.int(0), /^int: n must be a whole number in \[1, 2\^32\], got 0$/],
    ["int(2.5)", () => s.int(2.5), /^int: n .* got 2.5$/],
    ["int(2^32 + 1)", () => s.int(2 ** 32 + 1), /^int: n .* got 4294967297$/],
  ];
  for (const [call, fn, message] of bad) {
    it(`rejects ${call} with a RangeError naming the value`, () => {
      expect(fn).toThrow(RangeError);
      expect(fn).toThrow(message);
    });
  }

  it("does not consume a draw when it rejects parameters", () => {
    const a = new Streams(3).get("x");
    const b = new Streams(3).get("x");
    expect(() => a.gamma(-1, 1)).toThrow(RangeError);
    expect(a.next()).toBe(b.next());
  });
});
