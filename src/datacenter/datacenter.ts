/**
 * The simulated world, first version: pools of accelerators at sites; training jobs gang-scheduled
 * by a policy; inference services on fixed replicas serving requests with given service times.
 * Durations are given (the hardware models come later and stay optional).
 */
import type { Simulator } from "../engine/index.js";
import { SeriesRecorder, TimeIntegral } from "../metrics/index.js";
import type { Streams } from "../random/index.js";
import type { ClusterView, JobView, PoolView, SchedulerPolicy } from "../schedulers/index.js";
import { arrivalTimes, makeSampler, type Sampler } from "../workloads/index.js";
import type { DataCenterConfig, PoolConfig } from "./config.js";
import { InferenceService } from "./inference-service.js";
import type { JobRecord } from "./job.js";
import { WARNINGS, WarningLog } from "./warnings.js";

export interface DataCenterDeps {
  sim: Simulator;
  streams: Streams;
  policy: SchedulerPolicy;
  series: SeriesRecorder;
}

/** Output events fire before model events at the same time, so counts split cleanly. */
const PRIORITY_OUTPUT = -10;

class PoolState implements PoolView {
  readonly name: string;
  readonly capacity: number;
  /** Accelerators free for training (installed minus inference reservations and running jobs). */
  free: number;
  /** Accelerators held by jobs or replicas. */
  readonly allocated = new TimeIntegral();
  /** Accelerators doing work (running jobs; replicas in proportion to requests in service). */
  readonly busy = new TimeIntegral();
  constructor(readonly config: PoolConfig) {
    this.name = config.name;
    this.capacity = config.count;
    this.free = config.count;
  }
}

interface Window {
  startS: number;
  busy: number[];
  allocated: number[];
  queueArea: number;
  runningArea: number;
}

export class DataCenter {
  readonly pools: PoolState[];
  readonly jobs: JobRecord[] = [];
  readonly services: InferenceService[];
  readonly warnings = new WarningLog();
  private readonly queue: JobRecord[] = [];
  private readonly queueLength = new TimeIntegral();
  private readonly running = new TimeIntegral();
  private readonly sim: Simulator;
  private readonly deps: DataCenterDeps;
  private window: Window;
  private warmupSnapshot: Window | undefined;
  private scheduling = false;
  private finished = false;

  constructor(
    readonly config: DataCenterConfig,
    deps: DataCenterDeps,
  ) {
    this.deps = deps;
    this.sim = deps.sim;
    this.pools = config.pools.map((p) => new PoolState(p));
    const poolIndex = new Map(this.pools.map((p, i) => [p.name, i]));
    this.services = config.inference.map((cfg) => {
      const i = poolIndex.get(cfg.pool);
      if (i === undefined) throw new Error(`service ${cfg.name}: unknown pool ${cfg.pool}`);
      const pool = this.pools[i];
      const reserve = cfg.replicas * cfg.acceleratorsPerReplica;
      if (reserve > pool.free) {
        throw new Error(
          `service ${cfg.name}: needs ${reserve} accelerators, pool ${pool.name} has ${pool.free} free`,
        );
      }
      pool.free -= reserve;
      pool.allocated.add(0, reserve);
      return new InferenceService(cfg, {
        sim: this.sim,
        streams: deps.streams,
        warmupS: config.warmupS,
        onBusyChange: (nowS, deltaAccelerators) => pool.busy.add(nowS, deltaAccelerators),
      });
    });
    for (const t of config.training) this.startTrainingStream(t, poolIndex);
    this.window = this.snapshot(0);
    this.sim.scheduleAt(
      Math.min(config.intervalS, config.horizonS),
      this.onOutput,
      undefined,
      PRIORITY_OUTPUT,
    );
    if (config.warmupS > 0) {
      this.sim.scheduleAt(
        config.warmupS,
        () => (this.warmupSnapshot = this.snapshot(config.warmupS)),
        undefined,
        PRIORITY_OUTPUT - 1,
      );
    } else {
      this.warmupSnapshot = this.snapshot(0);
    }
  }

  /** Call after the engine has run to the horizon: closes the last output interval. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    const h = this.config.horizonS;
    if (this.window.startS < h) this.flushWindow(h);
  }

  /** Window values for the summary: busy/allocated areas from warm-up to horizon. */
  measured(): { fromS: number; toS: number; busy: number[]; allocated: number[] } {
    const h = this.config.horizonS;
    const w = this.warmupSnapshot ?? this.snapshot(this.config.warmupS);
    return {
      fromS: w.startS,
      toS: h,
      busy: this.pools.map((p, i) => p.busy.areaAt(h) - w.busy[i]),
      allocated: this.pools.map((p, i) => p.allocated.areaAt(h) - w.allocated[i]),
    };
  }

  /** Peak number of jobs waiting at once. */
  get maxQueueLength(): number {
    return this.queueLength.max;
  }

  /** Jobs still waiting (in submission order). */
  pendingJobs(): readonly JobRecord[] {
    return this.queue;
  }

  private startTrainingStream(
    t: DataCenterConfig["training"][number],
    poolIndex: Map<string, number>,
  ): void {
    const streams = this.deps.streams;
    const next = arrivalTimes(t.arrivals, streams.get(`training/${t.name}/arrivals`));
    const size: Sampler = makeSampler(
      t.accelerators,
      streams.get(`training/${t.name}/accelerators`),
    );
    const duration: Sampler = makeSampler(t.durationS, streams.get(`training/${t.name}/duration`));
    const eligible = t.pools.map((name) => {
      const i = poolIndex.get(name);
      if (i === undefined) throw new Error(`training ${t.name}: unknown pool ${name}`);
      return i;
    });
    // Accelerators each eligible pool can ever give training (inference reservations are fixed).
    const largest = Math.max(...eligible.map((i) => this.pools[i].free));
    const arrive = () => {
      const nowS = this.sim.now;
      const job: JobRecord = {
        id: this.jobs.length,
        workload: t.name,
        accelerators: Math.max(1, Math.round(size())),
        durationS: Math.max(0, duration()),
        submitS: nowS,
        startS: NaN,
        endS: NaN,
        pool: -1,
        rejected: false,
        eligiblePools: eligible,
      };
      this.jobs.push(job);
      if (job.accelerators > largest) {
        // It could never start; queueing it would block FIFO for the rest of the run.
        job.rejected = true;
        this.warnings.add(`jobTooLarge/${t.name}`, (n) => WARNINGS.jobTooLarge(t.name, n, largest));
      } else {
        this.queue.push(job);
        this.queueLength.set(nowS, this.queue.length);
        this.schedulePending();
      }
      const tNext = next();
      if (tNext < this.config.horizonS) this.sim.scheduleAt(tNext, arrive);
    };
    const first = next();
    if (first < this.config.horizonS) this.sim.scheduleAt(first, arrive);
  }

  /** Asks the policy which waiting jobs start now, and starts them. */
  private schedulePending(): void {
    if (this.scheduling || this.queue.length === 0) return;
    this.scheduling = true;
    const view: ClusterView = {
      nowS: this.sim.now,
      pools: this.pools,
      queue: this.queue as readonly JobView[],
    };
    const placements = this.deps.policy.schedule(view);
    this.scheduling = false;
    if (placements.length === 0) return;
    const byId = new Map(this.queue.map((j) => [j.id, j]));
    const nowS = this.sim.now;
    for (const pl of placements) {
      const job = byId.get(pl.jobId);
      const pool = this.pools[pl.pool];
      if (!job || job.startS === job.startS)
        throw new Error(`policy ${this.deps.policy.key}: job ${pl.jobId} is not waiting`);
      if (!job.eligiblePools.includes(pl.pool))
        throw new Error(
          `policy ${this.deps.policy.key}: pool ${pool?.name} not eligible for job ${job.id}`,
        );
      if (pool.free < job.accelerators)
        throw new Error(
          `policy ${this.deps.policy.key}: over-allocated pool ${pool.name} (${pool.free} free, job needs ${job.accelerators})`,
        );
      pool.free -= job.accelerators;
      pool.allocated.add(nowS, job.accelerators);
      pool.busy.add(nowS, job.accelerators);
      job.startS = nowS;
      job.pool = pl.pool;
      this.running.add(nowS, 1);
      this.sim.schedule(job.durationS, this.onJobEnd, job);
    }
    const started = new Set(placements.map((p) => p.jobId));
    let w = 0;
    for (let r = 0; r < this.queue.length; r++) {
      if (!started.has(this.queue[r].id)) this.queue[w++] = this.queue[r];
    }
    this.queue.length = w;
    this.queueLength.set(nowS, w);
  }

  private readonly onJobEnd = (job: JobRecord): void => {
    const nowS = this.sim.now;
    const pool = this.pools[job.pool];
    job.endS = nowS;
    pool.free += job.accelerators;
    pool.allocated.add(nowS, -job.accelerators);
    pool.busy.add(nowS, -job.accelerators);
    this.running.add(nowS, -1);
    this.schedulePending();
  };

  private snapshot(atS: number): Window {
    return {
      startS: atS,
      busy: this.pools.map((p) => p.busy.areaAt(atS)),
      allocated: this.pools.map((p) => p.allocated.areaAt(atS)),
      queueArea: this.queueLength.areaAt(atS),
      runningArea: this.running.areaAt(atS),
    };
  }

  private readonly onOutput = (): void => {
    const nowS = this.sim.now;
    this.flushWindow(nowS);
    const nextS = Math.min(nowS + this.config.intervalS, this.config.horizonS);
    if (nextS > nowS && nextS < this.config.horizonS) {
      this.sim.scheduleAt(nextS, this.onOutput, undefined, PRIORITY_OUTPUT);
    }
  };

  private flushWindow(endS: number): void {
    const w = this.window;
    const next = this.snapshot(endS);
    const dt = endS - w.startS;
    const rec = this.deps.series;
    if (dt > 0) {
      this.pools.forEach((p, i) => {
        const e = `pool/${p.name}`;
        rec.record(w.startS, e, "utilization", (next.busy[i] - w.busy[i]) / (p.capacity * dt));
        rec.record(
          w.startS,
          e,
          "allocation",
          (next.allocated[i] - w.allocated[i]) / (p.capacity * dt),
        );
      });
      if (this.config.training.length > 0) {
        rec.record(w.startS, "training", "queueLength", (next.queueArea - w.queueArea) / dt);
        rec.record(w.startS, "training", "runningJobs", (next.runningArea - w.runningArea) / dt);
      }
      for (const s of this.services) s.recordWindow(rec, w.startS, endS);
    }
    this.window = next;
  }
}
