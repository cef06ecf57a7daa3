/**
 * `aidcsim bench mmc`: an M/M/c FIFO queue run through the public engine, checked against
 * Erlang C and timed. The model matches the SimPy peer (bench-peers/mmc_simpy2.py): the first
 * arrival after one exponential gap, all `customers` counted from time 0 (no warm-up), 2 model
 * events per customer (arrival, departure), batch means over customers in service-start order.
 *
 * Speed: one arrival event pending at a time plus one departure per busy server; waiting
 * customers are only their arrival times in a Float64Array ring buffer, so nothing is allocated
 * per customer.
 */
import { performance } from "node:perf_hooks";
import { Simulator } from "../../engine/index.js";
import { BatchMeans } from "../../metrics/batch-means.js";
import { erlangC } from "../../models/erlang-c.js";
import { Streams } from "../../random/index.js";
import { checkInteger, checkLoad, checkPositive } from "./check.js";

export interface MmcOptions {
  /** Number of servers c. */
  servers: number;
  /** Utilization lambda / (c mu), in (0, 1). */
  rho: number;
  /** Service rate per server, per second. */
  mu: number;
  /** Customers that arrive (and are all served). */
  customers: number;
  seed: number;
}

export const MMC_DEFAULTS: Readonly<MmcOptions> = {
  servers: 64,
  rho: 0.9,
  mu: 1,
  customers: 1_000_000,
  seed: 1,
};

/** Batches for the batch-means CI, as in the SimPy peers (`NB = 20`). */
export const MMC_BATCHES = 20;

export interface MmcResult {
  bench: "mmc";
  servers: number;
  rho: number;
  mu: number;
  /** Arrival rate rho c mu, per second. */
  lambda: number;
  customers: number;
  seed: number;
  /** Simulated mean wait in queue over all customers, seconds. */
  meanWaitS: number;
  /** 95% CI half-width from 20 batch means, seconds. */
  ciHalfWidthS: number;
  /** ciHalfWidthS / meanWaitS. */
  ciRelative: number;
  erlangCWaitS: number;
  erlangCPWait: number;
  /** Share of customers that waited (wait > 0). */
  pWait: number;
  /** meanWaitS / erlangCWaitS - 1. */
  relErr: number;
  /** Busy server-seconds over servers x end time. */
  utilization: number;
  /** Model events: 2 per customer (arrival, departure), counted as in the SimPy peer. */
  events: number;
  /** Events the engine fired. */
  engineEvents: number;
  wallS: number;
  /** Model events per wall second. */
  eventsPerS: number;
}

/**
 * Runs the M/M/c benchmark.
 * @throws RangeError on a bad option (servers, customers >= 1 integers; rho in (0, 1); mu > 0)
 */
export function runMmc(options: Partial<MmcOptions> = {}): MmcResult {
  const o: MmcOptions = { ...MMC_DEFAULTS, ...options };
  checkInteger("mmc", "servers", o.servers, 1);
  checkLoad("mmc", "rho", o.rho);
  checkPositive("mmc", "mu", o.mu);
  checkInteger("mmc", "customers", o.customers, MMC_BATCHES);
  checkInteger("mmc", "seed", o.seed, 0);
  const { servers, rho, mu, customers } = o;
  const lambda = rho * servers * mu;

  const streams = new Streams(o.seed);
  const arrivals = streams.get("mmc/arrivals");
  const service = streams.get("mmc/service");
  const sim = new Simulator(servers + 2);
  const batches = new BatchMeans(MMC_BATCHES, customers);

  let arrived = 0;
  let busy = 0;
  let waited = 0;
  let totalWaitS = 0;
  let busyS = 0;
  // FIFO of waiting customers' arrival times.
  let ring = new Float64Array(1024);
  let mask = ring.length - 1;
  let head = 0;
  let queued = 0;

  const startService = (waitS: number): void => {
    batches.add(waitS);
    totalWaitS += waitS;
    if (waitS > 0) waited++;
    const s = service.exponential(mu);
    busyS += s;
    sim.schedule(s, departure);
  };

  const arrival = (): void => {
    if (++arrived < customers) sim.schedule(arrivals.exponential(lambda), arrival);
    if (busy < servers) {
      busy++;
      startService(0);
      return;
    }
    if (queued === ring.length) {
      const bigger = new Float64Array(ring.length * 2);
      for (let i = 0; i < queued; i++) bigger[i] = ring[(head + i) & mask];
      ring = bigger;
      mask = ring.length - 1;
      head = 0;
    }
    ring[(head + queued) & mask] = sim.now;
    queued++;
  };

  const departure = (): void => {
    if (queued > 0) {
      const arrivedAtS = ring[head];
      head = (head + 1) & mask;
      queued--;
      startService(sim.now - arrivedAtS);
    } else {
      busy--;
    }
  };

  const t0 = performance.now();
  sim.schedule(arrivals.exponential(lambda), arrival);
  sim.run();
  const wallS = (performance.now() - t0) / 1000;

  const ci = batches.result(0.95);
  const ec = erlangC(lambda, mu, servers);
  const meanWaitS = totalWaitS / customers;
  const events = 2 * customers;
  return {
    bench: "mmc",
    servers,
    rho,
    mu,
    lambda,
    customers,
    seed: o.seed,
    meanWaitS,
    ciHalfWidthS: ci.halfWidth,
    ciRelative: ci.halfWidth / meanWaitS,
    erlangCWaitS: ec.waitS,
    erlangCPWait: ec.pWait,
    pWait: waited / customers,
    relErr: meanWaitS / ec.waitS - 1,
    utilization: busyS / (servers * sim.now),
    events,
    engineEvents: sim.eventsFired,
    wallS,
    eventsPerS: events / wallS,
  };
}
