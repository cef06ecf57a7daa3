/**
 * `aidcsim bench gpu`: gang scheduling of jobs on one accelerator pool under strict FIFO
 * head-of-line order (a job that does not fit blocks every job behind it), run through the
 * public engine and decided by the real scheduler: at every arrival and departure the bench hands
 * `FifoPolicy` (src/schedulers/fifo.ts) a cluster view and carries out the starts it returns. The model is that of the SimPy peer (bench-peers/gpu_simpy2.py and its
 * _common.py): Poisson arrivals, a job asks for k accelerators with k in {1, 2, ..., 256},
 * LogNormal(0, 1) durations, offered load lambda E[k] E[d] / accelerators. 2 model events per job.
 */
import { performance } from "node:perf_hooks";
import { Simulator } from "../../engine/index.js";
import { BatchMeans } from "../../metrics/batch-means.js";
import { categorical, CategoricalSampler, Stream, Streams } from "../../random/index.js";
import { FifoPolicy } from "../../schedulers/fifo.js";
import type { ClusterView, JobView, RunningJobView } from "../../schedulers/policy.js";
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
  jobs: 1_000_000,
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

/** The one pool every job may use. */
const ELIGIBLE: readonly number[] = Object.freeze([0]);

/**
 * A job as the policy sees it: waiting (JobView) until it starts, then running (RunningJobView).
 * Its run time is kept as a number and listed on request; `slot` is its place in the bench's
 * running array.
 */
class BenchJob implements JobView, RunningJobView {
  readonly priority = 0;
  readonly eligiblePools = ELIGIBLE;
  startS = NaN;
  expectedEndS = NaN;
  slot = -1;
  constructor(
    readonly id: number,
    readonly accelerators: number,
    readonly submitS: number,
    readonly durationS: number,
  ) {}
  get remainingS(): readonly number[] {
    return [this.durationS];
  }
  /** The pool's one domain. */
  get domains(): readonly number[] {
    return [0, this.accelerators];
  }
}

/**
 * The cluster as the real scheduler sees it (one pool in one scale-up domain: the peer has no
 * domains), the bench's counters, and the event handlers that ask `FifoPolicy` what starts.
 */
class FifoBench {
  readonly policy = new FifoPolicy();
  /** Waiting jobs in submission order. */
  readonly queue: BenchJob[] = [];
  /** Running jobs in a dense array; each knows its slot, so a departure removes it in O(1). */
  readonly running: BenchJob[] = [];
  readonly domainFree: number[];
  readonly poolView: {
    name: string;
    accelerator: string;
    capacity: number;
    free: number;
    scaleUpDomain: number;
    domainFree: readonly number[];
    running: readonly RunningJobView[];
    tempC: number;
    fullLoadWPerAccelerator: number;
    powerBudgets: readonly string[];
    usdPerAcceleratorHour: number;
  };
  readonly view: ClusterView & { nowS: number };
  arrived = 0;
  waited = 0;
  totalWaitS = 0;
  /** Busy accelerator-seconds up to lastS, and the same integral frozen at the last arrival. */
  busyAreaS = 0;
  lastS = 0;
  busyAreaAtLastArrivalS = 0;
  lastArrivalS = 0;

  constructor(
    readonly sim: Simulator,
    readonly pool: number,
    readonly jobs: number,
    readonly lambda: number,
    readonly arrivals: Stream,
    readonly sizes: Stream,
    readonly durations: Stream,
    readonly sizeSampler: CategoricalSampler,
    readonly batches: BatchMeans,
  ) {
    this.domainFree = [pool];
    this.poolView = {
      name: "gpu",
      accelerator: "bench",
      capacity: pool,
      free: pool,
      scaleUpDomain: pool,
      domainFree: this.domainFree,
      running: this.running,
      tempC: NaN,
      fullLoadWPerAccelerator: NaN,
      powerBudgets: [],
      usdPerAcceleratorHour: NaN,
    };
    this.view = { nowS: 0, pools: [this.poolView], queue: this.queue, powerBudgets: [] };
  }

  setFree(free: number): void {
    const now = this.sim.now;
    this.busyAreaS += (this.pool - this.poolView.free) * (now - this.lastS);
    this.lastS = now;
    this.poolView.free = free;
    this.domainFree[0] = free;
  }

  /** Asks the FIFO policy what starts now and carries its decisions out. */
  schedule(): void {
    const now = this.sim.now;
    this.view.nowS = now;
    const { start } = this.policy.schedule(this.view);
    for (let i = 0; i < start.length; i++) {
      // FIFO starts jobs from the head of the queue, in order; anything else is a policy bug.
      const job = this.queue.shift();
      if (job === undefined || job.id !== start[i].jobId) {
        throw new Error("bench gpu: FIFO started a job out of order");
      }
      this.setFree(this.poolView.free - job.accelerators);
      const waitS = now - job.submitS;
      if (waitS > 0) this.waited++;
      this.totalWaitS += waitS;
      this.batches.add(waitS);
      job.startS = now;
      job.expectedEndS = now + job.durationS;
      job.slot = this.running.length;
      this.running.push(job);
      this.sim.schedule(job.durationS, this.departure, job);
    }
  }

  readonly arrival = (): void => {
    const now = this.sim.now;
    const id = this.arrived;
    if (++this.arrived < this.jobs) {
      this.sim.schedule(this.arrivals.exponential(this.lambda), this.arrival);
    } else {
      this.busyAreaAtLastArrivalS =
        this.busyAreaS + (this.pool - this.poolView.free) * (now - this.lastS);
      this.lastArrivalS = now;
    }
    this.queue.push(
      new BenchJob(
        id,
        GPU_JOB_SIZES[this.sizeSampler.sample(this.sizes)],
        now,
        this.durations.lognormal(GPU_DURATION_LOG_MU, GPU_DURATION_LOG_SIGMA),
      ),
    );
    this.schedule();
  };

  readonly departure = (job: BenchJob): void => {
    const running = this.running;
    const last = running.pop()!;
    if (last !== job) {
      running[job.slot] = last;
      last.slot = job.slot;
    }
    this.setFree(this.poolView.free + job.accelerators);
    this.schedule();
  };
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

  const bench = new FifoBench(
    sim,
    pool,
    jobs,
    lambda,
    arrivals,
    sizes,
    durations,
    sizeSampler,
    batches,
  );

  const t0 = performance.now();
  sim.schedule(arrivals.exponential(lambda), bench.arrival);
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
    meanWaitS: bench.totalWaitS / jobs,
    ciHalfWidthS: ci.halfWidth,
    pWait: bench.waited / jobs,
    utilization: bench.busyAreaAtLastArrivalS / (pool * bench.lastArrivalS),
    events,
    engineEvents: sim.eventsFired,
    wallS,
    eventsPerS: events / wallS,
  };
}
