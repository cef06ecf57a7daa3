/**
 * `aidcsim bench gpu`: gang scheduling of jobs on one accelerator pool under strict FIFO
 * head-of-line order (a job that does not fit blocks every job behind it), run through the
 * public engine. The model is that of the SimPy peer (bench-peers/gpu_simpy2.py and its
 * _common.py): Poisson arrivals, a job asks for k accelerators with k in {1, 2, ..., 256},
 * LogNormal(0, 1) durations, offered load lambda E[k] E[d] / accelerators. 2 model events per job.
 */
import { performance } from "node:perf_hooks";
import { Simulator } from "../../engine/index.js";
import { BatchMeans } from "../../metrics/batch-means.js";
import { categorical, Streams } from "../../random/index.js";
import { checkInteger, checkLoad } from "./check.js";

/** Job sizes in accelerators and their probabilities (bench-peers/_common.py `GPU`). */
export const GPU_JOB_SIZES: readonly number[] = [1, 2, 4, 8, 16, 32, 64, 128, 256];
export const GPU_JOB_SIZE_PROBS: readonly number[] = [
  0.3, 0.2, 0.15, 0.12, 0.09, 0.06, 0.04, 0.025, 0.015,
];
/** Job duration ~ LogNormal(mu, sigma) in seconds (bench-peers/_common.py `GPU`). */
export const GPU_DURATION_LOG_MU = 0;
export const GPU_DURATION_LOG_SIGMA = 1;

export interface GpuOptions {
  /** Accelerators in the pool; at least the largest job size (256). */
  accelerators: number;
  /** Jobs that arrive (and all run). */
  jobs: number;
  /** Offered load lambda E[k] E[d] / accelerators, in (0, 1). */
  load: number;
  seed: number;
}

export const GPU_DEFAULTS: Readonly<GpuOptions> = {
  accelerators: 1024,
  jobs: 200_000,
  load: 0.8,
  seed: 1,
};

/** Batches for the batch-means CI, as in the SimPy peers (`NB = 20`). */
export const GPU_BATCHES = 20;

export interface GpuResult {
  bench: "gpu";
  accelerators: number;
  jobs: number;
  load: number;
  /** Job arrival rate, per second. */
  lambda: number;
  /** Mean wait from arrival to start over all jobs, seconds. */
  meanWaitS: number;
  /** 95% CI half-width from 20 batch means over jobs in start order, seconds. */
  ciHalfWidthS: number;
  /** Share of jobs that waited (wait > 0). */
  pWait: number;
  /** Busy accelerator-seconds over accelerators x time, from 0 to the last arrival (as the peer). */
  utilization: number;
  /** Model events: 2 per job (arrival, departure). */
  events: number;
  /** Events the engine fired. */
  engineEvents: number;
  wallS: number;
  /** Model events per wall second. */
  eventsPerS: number;
}

/** Mean job size E[k] in accelerators. */
export function gpuMeanJobSize(): number {
  let ek = 0;
  for (let i = 0; i < GPU_JOB_SIZES.length; i++) ek += GPU_JOB_SIZES[i] * GPU_JOB_SIZE_PROBS[i];
  return ek;
}

/**
 * Runs the GPU gang-scheduling benchmark.
 * @throws RangeError on a bad option (accelerators >= 256 and jobs >= 20 integers, load in (0, 1))
 */
export function runGpu(options: Partial<GpuOptions> = {}): GpuResult {
  const o: GpuOptions = { ...GPU_DEFAULTS, ...options };
  const maxSize = GPU_JOB_SIZES[GPU_JOB_SIZES.length - 1];
  checkInteger("gpu", "accelerators", o.accelerators, maxSize);
  checkInteger("gpu", "jobs", o.jobs, GPU_BATCHES);
  checkLoad("gpu", "load", o.load);
  checkInteger("gpu", "seed", o.seed, 0);
  const { accelerators: pool, jobs } = o;
  const meanDurationS = Math.exp(GPU_DURATION_LOG_MU + GPU_DURATION_LOG_SIGMA ** 2 / 2);
  const lambda = (o.load * pool) / (gpuMeanJobSize() * meanDurationS);

  const streams = new Streams(o.seed);
  const arrivals = streams.get("gpu/arrivals");
  const sizes = streams.get("gpu/sizes");
  const durations = streams.get("gpu/durations");
  const sizeSampler = categorical(GPU_JOB_SIZE_PROBS);
  const sim = new Simulator(pool + 2);
  const batches = new BatchMeans(GPU_BATCHES, jobs);

  let arrived = 0;
  let free = pool;
  let waited = 0;
  let totalWaitS = 0;
  // Busy accelerator-seconds up to lastS, and the same integral frozen at the last arrival.
  let busyAreaS = 0;
  let lastS = 0;
  let busyAreaAtLastArrivalS = 0;
  let lastArrivalS = 0;
  // FIFO of waiting jobs: size, duration, arrival time, in three parallel rings.
  let cap = 1024;
  let ringK = new Int32Array(cap);
  let ringD = new Float64Array(cap);
  let ringT = new Float64Array(cap);
  let head = 0;
  let queued = 0;

  const grow = (): void => {
    const k = new Int32Array(cap * 2);
    const d = new Float64Array(cap * 2);
    const t = new Float64Array(cap * 2);
    for (let i = 0; i < queued; i++) {
      const j = (head + i) & (cap - 1);
      k[i] = ringK[j];
      d[i] = ringD[j];
      t[i] = ringT[j];
    }
    ringK = k;
    ringD = d;
    ringT = t;
    cap *= 2;
    head = 0;
  };

  // Starts jobs from the head of the FIFO while the head fits (strict head-of-line order).
  const tryStart = (): void => {
    const now = sim.now;
    while (queued > 0 && ringK[head] <= free) {
      const k = ringK[head];
      const d = ringD[head];
      const waitS = now - ringT[head];
      head = (head + 1) & (cap - 1);
      queued--;
      busyAreaS += (pool - free) * (now - lastS);
      lastS = now;
      free -= k;
      if (waitS > 0) waited++;
      totalWaitS += waitS;
      batches.add(waitS);
      sim.schedule(d, departure, k);
    }
  };

  const arrival = (): void => {
    const now = sim.now;
    if (++arrived < jobs) {
      sim.schedule(arrivals.exponential(lambda), arrival);
    } else {
      busyAreaAtLastArrivalS = busyAreaS + (pool - free) * (now - lastS);
      lastArrivalS = now;
    }
    if (queued === cap) grow();
    const j = (head + queued) & (cap - 1);
    ringK[j] = GPU_JOB_SIZES[sizeSampler.sample(sizes)];
    ringD[j] = durations.lognormal(GPU_DURATION_LOG_MU, GPU_DURATION_LOG_SIGMA);
    ringT[j] = now;
    queued++;
    tryStart();
  };

  const departure = (k: number): void => {
    const now = sim.now;
    busyAreaS += (pool - free) * (now - lastS);
    lastS = now;
    free += k;
    tryStart();
  };

  const t0 = performance.now();
  sim.schedule(arrivals.exponential(lambda), arrival);
  sim.run();
  const wallS = (performance.now() - t0) / 1000;

  const ci = batches.result(0.95);
  const events = 2 * jobs;
  return {
    bench: "gpu",
    accelerators: pool,
    jobs,
    load: o.load,
    lambda,
    meanWaitS: totalWaitS / jobs,
    ciHalfWidthS: ci.halfWidth,
    pWait: waited / jobs,
    utilization: busyAreaAtLastArrivalS / (pool * lastArrivalS),
    events,
    engineEvents: sim.eventsFired,
    wallS,
    eventsPerS: events / wallS,
  };
}
