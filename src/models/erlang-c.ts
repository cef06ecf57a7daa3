/**
 * Erlang C: the M/M/c queue in steady state (Poisson arrivals, exponential service, c servers,
 * FIFO, infinite waiting room). The analytic reference for the `mmc` benchmark.
 */

export interface ErlangCResult {
  /** Probability that an arriving customer waits (all c servers busy). */
  pWait: number;
  /** Mean wait in queue Wq, seconds (time units of 1/lambda and 1/mu). */
  waitS: number;
}

/**
 * Erlang C via the Erlang-B recursion B(k) = a B(k-1) / (k + a B(k-1)), which stays in [0, 1]
 * and so avoids the overflow of the textbook a^c / c! form for large c.
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
  let b = 1;
  // Past the offered load B(k) only falls; once it underflows to 0 it stays 0 (same result).
  for (let k = 1; k <= c && b > 0; k++) b = (a * b) / (k + a * b);
  const pWait = (c * b) / (c - a * (1 - b));
  return { pWait, waitS: pWait / (c * mu - lambda) };
}
