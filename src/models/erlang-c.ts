/**
 * Erlang C: the M/M/c queue in steady state (Poisson arrivals, exponential service, c servers,
 * FIFO, infinite waiting room). The analytic reference for the `mmc` benchmark.
 */
import { lnGamma } from "../random/gamma-function.js";

export interface ErlangCResult {
  /** Probability that an arriving customer waits (all c servers busy). */
  pWait: number;
  /** Mean wait in queue Wq, seconds (time units of 1/lambda and 1/mu). */
  waitS: number;
}

/** Above this many servers Erlang B comes from the Poisson form (O(sqrt c), not O(c) steps). */
export const LARGE_C = 512;

/** Erlang B by the recursion B(k) = a B(k-1) / (k + a B(k-1)): exact, c steps. */
export function erlangBRecursion(a: number, c: number): number {
  let b = 1;
  // Past the offered load B(k) only falls; once it underflows to 0 it stays 0 (same result).
  for (let k = 1; k <= c && b > 0; k++) b = (a * b) / (k + a * b);
  return b;
}

/**
 * Erlang B for many servers as a Poisson ratio: B(c, a) = P(X = c) / P(X <= c) for X ~ Poisson(a),
 * with P(X <= c) = 1 - P(X > c) and the tail summed from the pmf: P(X > c) = P(X = c + 1) x
 * sum over n >= 0 of a^n / ((c + 2) ... (c + 1 + n)), whose terms fall once n passes a - c (here
 * a < c, so at once) and are negligible after a few sqrt(c). The pmf comes from lnGamma, so the
 * result agrees with the recursion to about 1e-10 relative (test/models/erlang-c.test.ts).
 */
export function erlangBLarge(a: number, c: number): number {
  const pmf = Math.exp(c * Math.log(a) - a - lnGamma(c + 1));
  if (pmf === 0) return 0;
  let term = 1;
  let sum = 1;
  for (let n = 1; term > 1e-17 * sum; n++) {
    term *= a / (c + 1 + n);
    sum += term;
  }
  const tail = pmf * (a / (c + 1)) * sum;
  return pmf / (1 - tail);
}

/**
 * Erlang C from Erlang B (the recursion up to LARGE_C servers, the Poisson form above), which
 * stays in [0, 1] and so avoids the overflow of the textbook a^c / c! form for large c.
 * @param lambda arrival rate, per second (> 0)
 * @param mu service rate per server, per second (> 0)
 * @param c number of servers (integer >= 1)
 * @throws RangeError on non-finite or non-positive rates, a non-integer c, or rho = lambda / (c mu) >= 1
 */
export function erlangC(lambda: number, mu: number, c: number): ErlangCResult {
  if (!Number.isFinite(lambda) || lambda <= 0) {
    throw new RangeError(`erlangC: lambda must be a finite number > 0, got ${lambda}`);
  }
  if (!Number.isFinite(mu) || mu <= 0) {
    throw new RangeError(`erlangC: mu must be a finite number > 0, got ${mu}`);
  }
  if (!Number.isInteger(c) || c < 1) {
    throw new RangeError(`erlangC: c must be an integer >= 1, got ${c}`);
  }
  const a = lambda / mu; // offered load in Erlangs
  const rho = a / c;
  if (!(rho < 1)) {
    throw new RangeError(`erlangC: the queue is unstable, rho = lambda / (c mu) = ${rho} >= 1`);
  }
  const b = c > LARGE_C ? erlangBLarge(a, c) : erlangBRecursion(a, c);
  const pWait = (c * b) / (c - a * (1 - b));
  return { pWait, waitS: pWait / (c * mu - lambda) };
}
