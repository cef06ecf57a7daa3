/*
 * Generator choice: seedrandom's Tyche-i (`seedrandom.tychei(key)`), called as `()`.
 *
 * Measured with `npx tsx scripts/measure-generators.ts`: 10M draws, best of 3, each generator in
 * its own process; 2 cores (AMD EPYC), Node v20.20.2. `()` gives 32 bits of randomness except for
 * arc4 (53 bits); `.double()` gives 53 bits at about twice the cost (arc4's `()` is its double).
 * Seeding is the cost of `seedrandom.<gen>(key)` plus one draw, i.e. of creating one stream.
 *
 * | generator | () ns/draw | .double() ns/draw | seeding µs/stream | BigCrush (seedrandom docs)     |
 * |-----------|-----------:|------------------:|------------------:|--------------------------------|
 * | alea      |        5.1 |              10.0 |              1.63 | passes                         |
 * | xor128    |        1.4 |               3.8 |              0.68 | fails MatrixRank, LinearComp   |
 * | xorwow    |        1.6 |               3.9 |              0.79 | fails CollisionOver, SimpPoker |
 * | xorshift7 |        3.0 |               6.0 |              1.22 | no systematic failures         |
 * | xor4096   |        2.1 |               4.5 |              1.77 | no systematic failures         |
 * | tychei    |        1.9 |               3.4 |              0.42 | no systematic failures         |
 * | arc4      |       23.3 |              21.3 |              3.29 | (cryptographic; default)       |
 * Through Stream (tychei): next() 1.9 ns, exponential(1) 10.1 ns, normal(0, 1) 10.7 ns.
 *
 * Why tychei: the fastest generator without known BigCrush failures (xor128 and xorwow are faster
 * but fail tests), the cheapest to seed, and 4 words of state, which matters if a model keeps a
 * stream per rack group or per job (xor4096, as fast per draw, keeps 128 words and seeds 4x
 * slower). Its period is not guaranteed (about 2^127 expected), far beyond any run's draws.
 *
 * Why `()` (32 bits) rather than `.double()` (53 bits): half the cost, and 2^-32 resolution is far
 * below anything the simulator resolves. Consequences, all accepted: uniforms are multiples of
 * 2^-32, so the smallest nonzero draw is 2.3e-10, an exponential never exceeds 22.2 means
 * (probability of that in the true law: 2.3e-10 per draw), and int(n) is limited to n <= 2^32.
 */
import seedrandom from "seedrandom";
import type { Rng } from "./rng.js";
import { checkFinite, checkNonNegative, checkPositive, paramError } from "./param-errors.js";

/**
 * Largest n accepted by {@link Stream.int}: the uniform has 32 bits, so beyond 2^32 some integers
 * could never be drawn.
 */
export const MAX_INT_RANGE = 2 ** 32;

const ONE_THIRD = 1 / 3;
// Marsaglia-Tsang squeeze constant (ACM TOMS 26(3), 2000, p. 366).
const GAMMA_SQUEEZE = 0.0331;

/**
 * One named, seeded stream of uniforms plus the distributions built on it.
 *
 * Get streams from {@link Streams.get} rather than constructing them, so every stream is derived
 * from the experiment seed the same way.
 *
 * uniform, exponential, weibull, pareto and int use inversion: each consumes exactly one uniform
 * and is monotone in it, which keeps common random numbers aligned between two scenarios that
 * differ only in a parameter. normal, lognormal and gamma use rejection and may consume a varying
 * number of uniforms.
 *
 * Results carry whatever unit the parameters carry (a rate per second gives seconds). Every method
 * throws a RangeError naming the method, the parameter and the offending value, e.g.
 * `exponential: rate must be finite and > 0, got -1`. No method allocates per draw.
 */
export class Stream implements Rng {
  /** The stream's name as given to {@link Streams.get}, e.g. `"inference/chat/arrivals"`. */
  readonly name: string;
  private readonly source: () => number;
  // Marsaglia's polar method yields two normals per accepted pair; the second waits here.
  private spare = 0;
  private hasSpare = false;

  /**
   * @param name the stream's name, for messages and debugging.
   * @param key the full string the generator is seeded from (see {@link Streams} for its form).
   */
  constructor(name: string, key: string) {
    this.name = name;
    this.source = seedrandom.tychei(key);
  }

  /** A uniform draw in [0, 1), a multiple of 2^-32 (see the table at the top of this file). */
  next(): number {
    return this.source();
  }

  /**
   * Uniform on [a, b): a + (b - a) * u; a === b returns a.
   * @throws RangeError if a or b is not finite, a > b, or b - a overflows.
   */
  uniform(a: number, b: number): number {
    if (!(a <= b && b - a < Infinity)) rejectUniform(a, b);
    return a + (b - a) * this.source();
  }

  /**
   * Exponential with the given rate (events per unit time); mean 1/rate, in the inverse unit.
   * @throws RangeError if rate is not finite and > 0.
   */
  exponential(rate: number): number {
    if (!(rate > 0 && rate < Infinity)) paramError("exponential", "rate", "finite and > 0", rate);
    // 1 - u lies in (0, 1], so the log is finite.
    return -Math.log(1 - this.source()) / rate;
  }

  /**
   * Normal (Gaussian) with the given mean and standard deviation, by Marsaglia's polar method with
   * the second normal of each pair cached for the next call.
   * @throws RangeError if mean is not finite or sd is not finite and >= 0.
   */
  normal(mean: number, sd: number): number {
    checkFinite("normal", "mean", mean);
    checkNonNegative("normal", "sd", sd);
    return mean + sd * this.standardNormal();
  }

  /**
   * Lognormal: exp(N(mu, sigma)), where mu and sigma are the mean and standard deviation of the
   * underlying normal (the log of the result). Median exp(mu), mean exp(mu + sigma^2 / 2).
   * @throws RangeError if mu is not finite or sigma is not finite and >= 0.
   */
  lognormal(mu: number, sigma: number): number {
    checkFinite("lognormal", "mu", mu);
    checkNonNegative("lognormal", "sigma", sigma);
    return Math.exp(mu + sigma * this.standardNormal());
  }

  /**
   * Lognormal given its median (same unit as the result) and the sigma of the underlying normal;
   * the same as `lognormal(Math.log(median), sigma)`. Mean median * exp(sigma^2 / 2).
   * @throws RangeError if median is not finite and > 0, or sigma is not finite and >= 0.
   */
  lognormalFromMedian(median: number, sigma: number): number {
    checkPositive("lognormalFromMedian", "median", median);
    checkNonNegative("lognormalFromMedian", "sigma", sigma);
    return median * Math.exp(sigma * this.standardNormal());
  }

  /**
   * Gamma with shape k and scale theta (mean k * theta, variance k * theta^2), by Marsaglia and
   * Tsang's method; for k < 1 it draws Gamma(k + 1) and multiplies by u^(1/k).
   * @throws RangeError if shape or scale is not finite and > 0.
   */
  gamma(shape: number, scale: number): number {
    checkPositive("gamma", "shape", shape);
    checkPositive("gamma", "scale", scale);
    if (shape < 1) {
      // The boost: Gamma(k) = Gamma(k + 1) * U^(1/k); 1 - u in (0, 1] keeps the result > 0.
      const boost = Math.pow(1 - this.source(), 1 / shape);
      return scale * this.standardGamma(shape + 1) * boost;
    }
    return scale * this.standardGamma(shape);
  }

  /**
   * Weibull with shape k and scale lambda (same unit as the result):
   * lambda * (-ln(1 - u))^(1/k). Mean lambda * Gamma(1 + 1/k); see {@link gammaFunction}.
   * @throws RangeError if shape or scale is not finite and > 0.
   */
  weibull(shape: number, scale: number): number {
    checkPositive("weibull", "shape", shape);
    checkPositive("weibull", "scale", scale);
    return scale * Math.pow(-Math.log(1 - this.source()), 1 / shape);
  }

  /**
   * Pareto (type I) with tail index `shape` (alpha) and minimum `scaleXm` (same unit as the
   * result): xm * (1 - u)^(-1/alpha). Mean alpha * xm / (alpha - 1) for alpha > 1, infinite
   * otherwise; variance finite only for alpha > 2.
   * @throws RangeError if shape or scaleXm is not finite and > 0.
   */
  pareto(shape: number, scaleXm: number): number {
    checkPositive("pareto", "shape", shape);
    checkPositive("pareto", "scaleXm", scaleXm);
    return scaleXm * Math.pow(1 - this.source(), -1 / shape);
  }

  /**
   * A uniform integer in [0, n).
   * @throws RangeError if n is not a whole number in [1, {@link MAX_INT_RANGE}].
   */
  int(n: number): number {
    if (!(Number.isInteger(n) && n >= 1 && n <= MAX_INT_RANGE)) {
      paramError("int", "n", `a whole number in [1, 2^32]`, n);
    }
    return Math.floor(this.source() * n);
  }

  /** A standard normal draw (mean 0, sd 1), using or refilling the cached spare. */
  private standardNormal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.source() - 1;
      v = 2 * this.source() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * factor;
    this.hasSpare = true;
    return u * factor;
  }

  /** Gamma(shape, 1) for shape >= 1 (Marsaglia and Tsang 2000). */
  private standardGamma(shape: number): number {
    const d = shape - ONE_THIRD;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.standardNormal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.source();
      const x2 = x * x;
      if (u < 1 - GAMMA_SQUEEZE * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  }
}

function rejectUniform(a: number, b: number): never {
  checkFinite("uniform", "a", a);
  checkFinite("uniform", "b", b);
  if (a > b) paramError("uniform", "b", `>= a (${a})`, b);
  return paramError("uniform", "b - a", "finite", b - a);
}
