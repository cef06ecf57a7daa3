/**
 * The simulated world, first version: pools of accelerators at sites; training jobs gang-scheduled
 * by a policy; inference services on fixed replicas serving requests with given service times.
 * Durations are given (the hardware models come later and stay optional).
 */
import type { Simulator } from "../engine/index.js";
import { SeriesRecorder, TimeIntegral } from "../metrics/index.js";
import type { Streams } from "../random/index.js";
import {
  domainSizes,
  placeInDomains,
  takeSize,
  type ClusterView,
  type JobView,
  type PoolView,
  type SchedulerPolicy,
} from "../schedulers/index.js";
import { arrivalTimes, makeSampler, type Sampler } from "../workloads/index.js";
import type {
  DataCenterConfig,
  FailureConfig,
  PoolConfig,
  ShockConfig,
  TrainingEstimate,
  TrainingEstimator,
} from "./config.js";
import { InferenceService } from "./inference-service.js";
import { LlmService, type InferenceEstimator } from "./llm-service.js";
import { FluidService } from "./fluid-service.js";
import { clampDurationS } from "./durations.js";
import { nextFailureAgeS, weibullScaleS, youngDalyS } from "../models/reliability.js";
import type { JobRecord } from "./job.js";
import { WARNINGS, WarningLog } from "./warnings.js";
import { SitePower } from "./facility.js";

export interface DataCenterDeps {
  sim: Simulator;
  streams: Streams;
  policy: SchedulerPolicy;
  series: SeriesRecorder;
  /** Needed when a training workload names a model instead of a duration. */
  trainingEstimator?: TrainingEstimator;
  /** Needed when an inference service names a model instead of a service time. */
  inferenceEstimator?: InferenceEstimator;
}

/**
 * Wall seconds per second of full-clock work at clock fraction `clock`: the clock-sensitive share
 * (compute) stretches as 1/clock, the rest (memory, network) does not.
 */
export function slowdownAt(clockSensitiveFraction: number, clock: number): number {
  return clockSensitiveFraction / clock + (1 - clockSensitiveFraction);
}

/**
 * Mean outdoor temperature over [fromS, toS): the midpoint rule on steps of at most 15 minutes
 * (the profile is a daily sinusoid: off by under 0.1% of its swing), or undefined without one.
 */
export function meanAmbientC(
  physics: { ambientC(timeS: number): number | undefined },
  fromS: number,
  toS: number,
): number | undefined {
  const n = Math.max(1, Math.ceil((toS - fromS) / 900));
  const h = (toS - fromS) / n;
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const c = physics.ambientC(fromS + (k + 0.5) * h);
    if (c === undefined) return undefined;
    sum += c;
  }
  return sum / n;
}

/** Output events fire before model events at the same time, so counts split cleanly. */
const PRIORITY_OUTPUT = -10;

class PoolState {
  readonly name: string;
  /** Installed accelerators now (deliveries add to it). */
  capacity: number;
  /** Installed accelerators (time-weighted). */
  readonly installed = new TimeIntegral();
  /** Accelerators per scale-up domain, and each domain's size (the last may be short). */
  readonly scaleUpDomain: number;
  readonly domainSizes: number[];
  /** Free accelerators per domain (for training; inference reservations come off the last). */
  readonly domainFree: number[];
  /** Free accelerators stranded in partly used domains (time-weighted, for fragmentation). */
  readonly stranded = new TimeIntegral();
  /** Sum of domainFree, and the part of it in partly used domains (kept up to date). */
  private domainFreeSum = 0;
  private strandedNow = 0;
  /** Free accelerators (time-weighted). */
  readonly freeArea = new TimeIntegral();
  /** Accelerators out of service for repair. */
  readonly repairing = new TimeIntegral();
  /** Spare nodes ready to replace failed ones. */
  spares = 0;
  /** Accelerators free for training (installed minus inference reservations and running jobs). */
  free: number;
  /** Accelerators held by jobs or replicas. */
  readonly allocated = new TimeIntegral();
  /** Accelerators doing work (running jobs; replicas in proportion to requests in service). */
  readonly busy = new TimeIntegral();
  /** Running training jobs. */
  readonly runningJobs = new Set<JobRecord>();
  /** Clock fraction the pool's accelerators run at (1 = full clock). */
  clock = 1;
  /**
   * Delivered accelerators in burn-in at an owned site: drawing power at full load, not yet in
   * service (cloud pools have no power model, so theirs are not counted).
   */
  burningIn = 0;
  /** Accelerators drawing power (at an owned site): installed, plus those burning in. */
  get powered(): number {
    return this.capacity + this.burningIn;
  }
  /** Accelerators busy with training (matmul-bound) and with inference (memory-bound) now. */
  busyMatmul = 0;
  busyMemory = 0;
  /** The owned site whose power and heat this pool feeds, if any. */
  site: SitePower | undefined;
  constructor(readonly config: PoolConfig) {
    this.name = config.name;
    this.capacity = config.count;
    this.free = config.count;
    // Not capped at the starting count: deliveries fill the short domain, then whole new ones.
    this.scaleUpDomain = Math.max(1, config.scaleUpDomain ?? config.count);
    this.domainSizes = domainSizes(config.count, this.scaleUpDomain);
    this.domainFree = [...this.domainSizes];
    this.recount();
    this.freeArea.set(0, this.free);
    this.installed.set(0, this.capacity);
  }

  /** Adds delivered accelerators: new scale-up domains, free for training. */
  install(nowS: number, count: number): void {
    let left = count;
    // Fill a short last domain first, then whole new domains.
    const last = this.domainSizes.length - 1;
    if (last >= 0 && this.domainSizes[last] < this.scaleUpDomain) {
      const add = Math.min(left, this.scaleUpDomain - this.domainSizes[last]);
      this.domainSizes[last] += add;
      this.domainFree[last] += add;
      left -= add;
    }
    while (left > 0) {
      const add = Math.min(left, this.scaleUpDomain);
      this.domainSizes.push(add);
      this.domainFree.push(add);
      left -= add;
    }
    this.capacity += count;
    this.free += count;
    this.installed.set(nowS, this.capacity);
    this.recount();
    this.recordFree(nowS);
  }

  /** Accelerators due to retire and still in service (they go as they come free). */
  retiring = 0;
  /** Due accelerators per domain, in the order they were marked (deterministic iteration). */
  private readonly dueByDomain = new Map<number, number>();

  /**
   * Marks `count` accelerators due to retire, oldest domains first (by index: the starting
   * accelerators, then deliveries in order), at most what is installed and not already due.
   * Returns how many were marked.
   */
  markRetiring(count: number): number {
    let left = count;
    for (let d = 0; d < this.domainSizes.length && left > 0; d++) {
      const room = this.domainSizes[d] - (this.dueByDomain.get(d) ?? 0);
      if (room <= 0) continue;
      const t = Math.min(room, left);
      this.dueByDomain.set(d, (this.dueByDomain.get(d) ?? 0) + t);
      left -= t;
    }
    this.retiring += count - left;
    return count - left;
  }

  /**
   * Retires the due accelerators that are free now, domain by domain (a domain shrinks; jobs in
   * it keep what they hold and its due rest goes when they end). Returns how many.
   */
  retireFree(nowS: number): number {
    if (this.retiring <= 0) return 0;
    let retired = 0;
    for (const [d, due] of this.dueByDomain) {
      const t = Math.min(due, this.domainFree[d]);
      if (t <= 0) continue;
      this.domainFree[d] -= t;
      this.domainSizes[d] -= t;
      if (due === t) this.dueByDomain.delete(d);
      else this.dueByDomain.set(d, due - t);
      retired += t;
    }
    if (retired === 0) return 0;
    this.capacity -= retired;
    this.free -= retired;
    this.retiring -= retired;
    this.installed.set(nowS, this.capacity);
    this.recount();
    this.recordFree(nowS);
    return retired;
  }

  /** Takes `n` accelerators from the domains, last domain first (inference reservations). */
  reserveFromEnd(n: number): void {
    let left = n;
    for (let d = this.domainFree.length - 1; d >= 0 && left > 0; d--) {
      const t = Math.min(this.domainFree[d], left);
      this.domainFree[d] -= t;
      left -= t;
    }
    this.recount();
  }

  /** Recomputes the free and stranded sums from the domains (after installs and reservations). */
  private recount(): void {
    let sum = 0;
    let stranded = 0;
    this.domainFree.forEach((f, d) => {
      sum += f;
      if (f < this.domainSizes[d]) stranded += f;
    });
    this.domainFreeSum = sum;
    this.strandedNow = stranded;
  }

  /**
   * Takes (`sign` -1) or gives back (`sign` 1) a placement's accelerators per domain, keeping the
   * free and stranded sums up to date without scanning every domain.
   */
  applyDomains(take: readonly number[], sign: 1 | -1): void {
    for (let i = 0; i < take.length; i += 2) {
      const d = take[i];
      const size = this.domainSizes[d];
      const before = this.domainFree[d];
      const after = before + sign * take[i + 1];
      this.domainFree[d] = after;
      this.domainFreeSum += after - before;
      this.strandedNow += (after < size ? after : 0) - (before < size ? before : 0);
    }
  }

  /** Brings the free and stranded integrals up to date after a change. */
  recordFree(nowS: number): void {
    this.freeArea.set(nowS, this.free);
    // free x (stranded / free in domains): the same number fragmentation() gives, kept up to date.
    const share = this.domainFreeSum > 0 ? this.strandedNow / this.domainFreeSum : 0;
    this.stranded.set(nowS, this.free * share);
  }
}

interface Window {
  startS: number;
  busy: number[];
  allocated: number[];
  /** Per pool: integrals of stranded free accelerators and of free accelerators. */
  stranded: number[];
  /** Per pool: integral of accelerators out for repair. */
  repairing: number[];
  /** Per pool: integral of installed accelerators. */
  installed: number[];
  freeArea: number[];
  queueArea: number;
  runningArea: number;
  /** Per pool (0 where not modelled): integral of IT power (J), throttled accelerator-s, temperature (degC s). */
  poolEnergyJ: number[];
  poolThrottled: number[];
  poolTempArea: number[];
  /** Per owned site (in `sites` order). */
  siteItJ: number[];
  siteFacilityJ: number[];
  siteCapBindingS: number[];
  /** Per site, per hall: integral of IT power (J). */
  hallItJ: number[][];
}

/** Areas from warm-up to the horizon, for the summary. */
export interface Measured {
  fromS: number;
  toS: number;
  /** Per pool: installed accelerator-seconds. */
  installed: number[];
  busy: number[];
  allocated: number[];
  stranded: number[];
  freeArea: number[];
  poolEnergyJ: number[];
  poolThrottled: number[];
  siteItJ: number[];
  siteFacilityJ: number[];
  siteCapBindingS: number[];
}

/** Interruption cause of spot reclaims. */
export const SPOT_RECLAIM = "spot-reclaim";

export class DataCenter {
  readonly pools: PoolState[];
  readonly jobs: JobRecord[] = [];
  readonly services: (InferenceService | LlmService | FluidService)[];
  /** Accelerators one replica of each service holds (tensor-parallel degree for LLMs). */
  readonly serviceAcceleratorsPerReplica: number[] = [];
  readonly warnings = new WarningLog();
  /** Power and heat of owned sites with modelled pools. */
  readonly sites: SitePower[] = [];
  private readonly queue: JobRecord[] = [];
  /**
   * The policies' view of each queued job, in the same order as `queue` (kept in step, so a
   * scheduling pass does not rebuild thousands of views when the queue is long), and the ids
   * queued.
   */
  private readonly queueViews: JobView[] = [];
  private readonly queuedIds = new Set<number>();
  private readonly queueLength = new TimeIntegral();
  private readonly running = new TimeIntegral();
  private readonly sim: Simulator;
  private readonly deps: DataCenterDeps;
  private window: Window;
  private warmupSnapshot: Window | undefined;
  private scheduling = false;
  /** Per training workload: fills in a model job's run time for the pool it starts in. */
  private readonly startWorkByWorkload = new Map<string, (job: JobRecord, pool: number) => void>();
  private finished = false;

  constructor(
    readonly config: DataCenterConfig,
    deps: DataCenterDeps,
  ) {
    this.deps = deps;
    this.sim = deps.sim;
    this.pools = config.pools.map((p) => new PoolState(p));
    const poolIndex = new Map(this.pools.map((p, i) => [p.name, i]));
    this.buildSites(poolIndex);
    this.services = config.inference.map((cfg) => {
      const i = poolIndex.get(cfg.pool);
      if (i === undefined) throw new Error(`service ${cfg.name}: unknown pool ${cfg.pool}`);
      const pool = this.pools[i];
      const perf = cfg.llm
        ? (() => {
            if (!deps.inferenceEstimator)
              throw new Error(`service ${cfg.name}: a model service needs an inference estimator`);
            return deps.inferenceEstimator(cfg.llm, pool.config);
          })()
        : undefined;
      const perReplica = perf ? perf.tp : cfg.acceleratorsPerReplica;
      this.serviceAcceleratorsPerReplica.push(perReplica);
      const reserve = cfg.replicas * perReplica;
      if (reserve > pool.free) {
        throw new Error(
          `service ${cfg.name}: needs ${reserve} accelerators, pool ${pool.name} has ${pool.free} free`,
        );
      }
      pool.free -= reserve;
      pool.reserveFromEnd(reserve);
      pool.recordFree(0);
      pool.allocated.add(0, reserve);
      const onBusyChange = (nowS: number, deltaAccelerators: number) => {
        pool.busy.add(nowS, deltaAccelerators);
        pool.busyMemory += deltaAccelerators;
        pool.site?.update();
      };
      if (perf && cfg.llm?.fidelity === "fluid") {
        return new FluidService(cfg, {
          sim: this.sim,
          streams: deps.streams,
          warmupS: config.warmupS,
          horizonS: config.horizonS,
          stepS: cfg.llm.fluidStepS,
          perf,
          onBusyChange,
        });
      }
      if (perf) {
        return new LlmService(cfg, {
          sim: this.sim,
          streams: deps.streams,
          warmupS: config.warmupS,
          horizonS: config.horizonS,
          perf,
          onBusyChange,
          capacity: {
            acquire: (tp) => {
              const take = placeInDomains(pool.domainFree, tp, pool.scaleUpDomain);
              if (pool.free < tp || take === undefined) return undefined;
              const nowS = this.sim.now;
              pool.free -= tp;
              pool.applyDomains(take, -1);
              pool.recordFree(nowS);
              pool.allocated.add(nowS, tp);
              return take;
            },
            release: (domains) => {
              const nowS = this.sim.now;
              const n = takeSize(domains);
              pool.free += n;
              pool.applyDomains(domains, 1);
              pool.recordFree(nowS);
              pool.allocated.add(nowS, -n);
              // Training may start on what inference gave back (in its own event).
              this.sim.schedule(0, () => this.schedulePending());
            },
            preemptTraining: (tp) => {
              // Lowest priority first, then the most recently started (least work lost).
              const victims = [...pool.runningJobs].sort(
                (a, b) => a.priority - b.priority || b.startS - a.startS || b.id - a.id,
              );
              for (const job of victims) {
                if (
                  placeInDomains(pool.domainFree, tp, pool.scaleUpDomain) !== undefined &&
                  pool.free >= tp
                )
                  break;
                this.preemptJob(job);
                this.inferencePreemptions++;
              }
              pool.site?.update();
              return (
                placeInDomains(pool.domainFree, tp, pool.scaleUpDomain) !== undefined &&
                pool.free >= tp
              );
            },
          },
        });
      }
      return new InferenceService(cfg, {
        sim: this.sim,
        streams: deps.streams,
        warmupS: config.warmupS,
        onBusyChange,
      });
    });
    for (const t of config.training) this.startTrainingStream(t, poolIndex);
    if (config.failures) this.pools.forEach((_, i) => this.startFailures(i, config.failures!));
    this.pools.forEach((p, i) => {
      if (p.config.spot !== undefined) this.startSpotReclaims(i, p.config.spot);
    });
    for (const shock of config.shocks) this.scheduleShock(shock);
    this.pools.forEach((p, i) => this.scheduleDeliveries(i));
    this.pools.forEach((p, i) => {
      this.retiredOrDue[i] = 0;
      this.scheduleRetirements(i);
    });
    for (const site of this.sites) {
      site.update();
      const tick = () => {
        site.update();
        const next = this.sim.now + config.physicsStepS;
        if (next < config.horizonS) this.sim.scheduleAt(next, tick, undefined, PRIORITY_OUTPUT + 1);
      };
      if (config.physicsStepS < config.horizonS) {
        this.sim.scheduleAt(config.physicsStepS, tick, undefined, PRIORITY_OUTPUT + 1);
      }
    }
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
        () => {
          // Power and temperature levels held at the end of warm-up count toward the peaks.
          for (const site of this.sites) site.update();
          this.warmupSnapshot = this.snapshot(config.warmupS);
        },
        undefined,
        PRIORITY_OUTPUT - 1,
      );
    } else {
      this.warmupSnapshot = this.snapshot(0);
    }
    this.scheduleHourlyEnergy();
    const cuts = [...new Set(config.breakpointsS ?? [])]
      .filter((t) => t > config.warmupS && t < config.horizonS)
      .sort((a, b) => a - b);
    for (const t of cuts) {
      this.sim.scheduleAt(
        t,
        () => this.breakSnapshots.push(this.snapshot(t)),
        undefined,
        PRIORITY_OUTPUT - 1,
      );
    }
  }

  private readonly breakSnapshots: Window[] = [];

  /**
   * Per site (index as `sites`) with a time-of-use tariff or hourly carbon: facility energy (J)
   * cumulated at warm-up, at every full local hour after it, and at the horizon, for the cost
   * summary to price each hour. Undefined for other sites.
   */
  readonly siteHourly: ({ atS: number[]; J: number[] } | undefined)[] = [];

  private scheduleHourlyEnergy(): void {
    const { warmupS, horizonS } = this.config;
    this.sites.forEach((site, k) => {
      const cfg = this.config.ownedSites.find((o) => o.name === site.input.name);
      if (cfg?.tariff === undefined && cfg?.carbonKgPerKWhByHour === undefined) return;
      const rec = { atS: [] as number[], J: [] as number[] };
      this.siteHourly[k] = rec;
      // Reads the energy integral without updating the site, so marks change no physics.
      const mark = () => {
        rec.atS.push(this.sim.now);
        rec.J.push(site.facilityPowerW.areaAt(this.sim.now));
      };
      // Marks at 0, at the end of warm-up and at every full local hour (the summary prices the
      // hours from warm-up on; timeseries.csv every interval, warm-up included).
      const first = cfg.firstHourS ?? 0;
      let next = first > 0 ? first : 3600;
      const tick = () => {
        mark();
        next += 3600;
        if (next < horizonS) this.sim.scheduleAt(next, tick, undefined, PRIORITY_OUTPUT - 2);
      };
      rec.atS.push(0);
      rec.J.push(0);
      if (warmupS > 0) this.sim.scheduleAt(warmupS, mark, undefined, PRIORITY_OUTPUT - 2);
      if (next < horizonS) this.sim.scheduleAt(next, tick, undefined, PRIORITY_OUTPUT - 2);
      this.closeAtFinish.push(mark);
    });
  }

  /**
   * Allocated and installed accelerator-seconds per pool in the measured window cut at the
   * config's breakpoints: one segment per price in force.
   */
  measuredSegments(): { fromS: number; toS: number; allocated: number[]; installed: number[] }[] {
    const start = this.warmupSnapshot ?? this.snapshot(this.config.warmupS);
    const marks = [start, ...this.breakSnapshots, this.snapshot(this.config.horizonS)];
    const out = [];
    for (let k = 1; k < marks.length; k++) {
      const a = marks[k - 1];
      const b = marks[k];
      out.push({
        fromS: a.startS,
        toS: b.startS,
        allocated: b.allocated.map((v, i) => v - a.allocated[i]),
        installed: b.installed.map((v, i) => v - a.installed[i]),
      });
    }
    return out;
  }

  /** Call after the engine has run to the horizon: closes the last output interval. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    for (const site of this.sites) site.update();
    for (const close of this.closeAtFinish) close();
    const h = this.config.horizonS;
    if (this.window.startS < h) this.flushWindow(h);
  }

  /** Window values for the summary: areas from warm-up to horizon. */
  measured(): Measured {
    const h = this.config.horizonS;
    const w = this.warmupSnapshot ?? this.snapshot(this.config.warmupS);
    const end = this.snapshot(h);
    const diff = (a: number[], b: number[]) => a.map((v, i) => v - b[i]);
    return {
      fromS: w.startS,
      toS: h,
      busy: diff(end.busy, w.busy),
      allocated: diff(end.allocated, w.allocated),
      stranded: diff(end.stranded, w.stranded),
      installed: diff(end.installed, w.installed),
      freeArea: diff(end.freeArea, w.freeArea),
      poolEnergyJ: diff(end.poolEnergyJ, w.poolEnergyJ),
      poolThrottled: diff(end.poolThrottled, w.poolThrottled),
      siteItJ: diff(end.siteItJ, w.siteItJ),
      siteFacilityJ: diff(end.siteFacilityJ, w.siteFacilityJ),
      siteCapBindingS: diff(end.siteCapBindingS, w.siteCapBindingS),
    };
  }

  /** Builds power and heat state for owned sites whose pools have physics. */
  private buildSites(poolIndex: Map<string, number>): void {
    for (const s of this.config.ownedSites) {
      const hallIndex = new Map(s.halls.map((h, k) => [h.name, k]));
      const pools = this.config.pools
        .filter((p) => p.site === s.name && p.physics)
        .map((p) => {
          const index = poolIndex.get(p.name) ?? -1;
          return {
            index,
            name: p.name,
            count: p.count,
            // One rack group (thermal state) per pool in a hall in this version.
            rackGroups: 1,
            physics: p.physics!,
            hall: p.hall === undefined ? -1 : (hallIndex.get(p.hall) ?? -1),
          };
        });
      if (pools.length === 0) continue;
      const site = new SitePower(
        { name: s.name, powerCapW: s.powerCapW, physics: s.physics, halls: s.halls, pools },
        {
          sim: this.sim,
          warmupS: this.config.warmupS,
          // Deliveries burning in run flat out (a stress test), so they count as matmul-busy.
          busy: (i) => [
            this.pools[i].busyMatmul + this.pools[i].burningIn,
            this.pools[i].busyMemory,
          ],
          setClock: (i, clock) => this.setPoolClock(i, clock),
          afterUpdate: () => this.onSiteUpdate(),
        },
      );
      for (const p of pools) this.pools[p.index].site = site;
      this.sites.push(site);
    }
  }

  /** Largest instantaneous facility power of all owned sites together after warm-up, W. */
  peakFacilityW = 0;
  /** Jobs whose start was held back at least once to keep a power cap. */
  private readonly heldForPower = new Set<number>();

  /** A job start was held back for power at the last scheduling pass. */
  private heldWaiting = false;
  private retryScheduled = false;

  private readonly retryHeld = (): void => {
    this.retryScheduled = false;
    this.schedulePending();
  };

  private onSiteUpdate(): void {
    for (const s of this.sites) {
      // Power headroom grew: try the held job again (in its own event, never re-entrantly).
      if (this.heldWaiting && s.powerFell && !this.retryScheduled) {
        this.retryScheduled = true;
        this.sim.schedule(0, this.retryHeld);
      }
      if (s.infeasible)
        this.warnings.add(`capExceeded/${s.input.name}`, () => WARNINGS.capExceeded(s.input.name));
    }
    if (this.sim.now < this.config.warmupS) return;
    let total = 0;
    for (const s of this.sites) total += s.facilityPowerW.current;
    if (total > this.peakFacilityW) this.peakFacilityW = total;
  }

  /** The power state of a pool, if modelled. */
  poolPower(poolIndex: number) {
    const site = this.pools[poolIndex].site;
    return site?.pools.find((p) => p.input.index === poolIndex);
  }

  /** Node failures per pool and cause (after warm-up), and interruptions of jobs by cause. */
  readonly failuresByPool: number[] = [];
  readonly interruptionsByCause = new Map<string, number>();

  /**
   * Failures per pool, one merged process per age cohort: the starting accelerators (aged
   * `cohortAge` at the start) and each delivery (aged 0 when it enters service, or older if
   * dated before the start). A cohort's next failure comes from its cumulative Weibull hazard
   * over its nodes at entry; once retirements have taken some of them (cohorts in the order they
   * entered, as retirements take the oldest domains), a failure is kept with probability alive /
   * at entry (thinning, exact for independent nodes). Each failure picks a cause by weight and an
   * accelerator uniformly; it interrupts the training job there (which restarts from its
   * checkpoint after the restart overhead) and the node is out for repair.
   */
  private startFailures(poolIndex: number, f: FailureConfig): void {
    const pool = this.pools[poolIndex];
    this.failuresByPool[poolIndex] = 0;
    this.cohorts[poolIndex] = [];
    pool.spares = 0;
    this.startCohort(poolIndex, f, pool.capacity, f.cohortAgeS, `failures/${pool.name}`);
  }

  /** Per pool: its failure cohorts in entry order (accelerators at entry and in service). */
  private readonly cohorts: { entered: number; alive: number }[][] = [];

  /**
   * Starts the failure process of `count` accelerators entering service now at `ageS`, and adds
   * their share of spare nodes (`spareFraction` of their nodes).
   */
  private startCohort(
    poolIndex: number,
    f: FailureConfig,
    count: number,
    ageS: number,
    streamName: string,
  ): void {
    const pool = this.pools[poolIndex];
    const apn = pool.config.acceleratorsPerNode ?? 8;
    const nodes = Math.ceil(count / apn);
    pool.spares += Math.floor(nodes * f.spareFraction);
    const scale = weibullScaleS(f.ratePerNodeS, f.weibullShape);
    const stream = this.deps.streams.get(streamName);
    const totalWeight = f.causes.reduce((a, c) => a + c.weight, 0);
    const cohort = { entered: count, alive: count };
    this.cohorts[poolIndex].push(cohort);
    // Age 0 of this cohort on the simulation clock.
    const bornS = this.sim.now - ageS;
    const schedule = (fromAgeS: number) => {
      const next = nextFailureAgeS(fromAgeS, nodes, scale, f.weibullShape, stream.exponential(1));
      const atS = bornS + next;
      if (atS < this.config.horizonS) this.sim.scheduleAt(atS, fail, next);
    };
    const fail = (nextAgeS: number) => {
      if (cohort.alive <= 0) return; // all retired: the cohort's process ends
      // Retired nodes fail no more: thin (drawn only once some have gone, so a fixed fleet's
      // draws are what they always were).
      if (cohort.alive < cohort.entered && stream.uniform(0, 1) >= cohort.alive / cohort.entered) {
        schedule(nextAgeS);
        return;
      }
      const nowS = this.sim.now;
      let pick = stream.uniform(0, totalWeight);
      let cause = f.causes[f.causes.length - 1]?.name ?? "other";
      for (const c of f.causes) {
        if (pick < c.weight) {
          cause = c.name;
          break;
        }
        pick -= c.weight;
      }
      const at = stream.uniform(0, pool.capacity);
      if (nowS >= this.config.warmupS) this.failuresByPool[poolIndex]++;
      this.interruptJobAt(pool, at, cause, f.restartOverheadS);
      this.repairNode(pool, apn, f.repairS);
      this.sim.schedule(0, () => this.schedulePending());
      schedule(nextAgeS);
    };
    schedule(ageS);
  }

  /** Takes `count` retired accelerators off a pool's failure cohorts, in the order they entered. */
  private retireFromCohorts(poolIndex: number, count: number): void {
    let left = count;
    for (const c of this.cohorts[poolIndex] ?? []) {
      const t = Math.min(c.alive, left);
      c.alive -= t;
      left -= t;
      if (left <= 0) break;
    }
  }

  /**
   * Interrupts the running job on accelerator `at` of the pool (jobs laid out by accelerators
   * held, in id order), if any: it is counted under `cause` and restarts from its checkpoint
   * after `overheadS`.
   */
  private interruptJobAt(pool: PoolState, at: number, cause: string, overheadS: number): void {
    let sum = 0;
    let victim: JobRecord | undefined;
    for (const j of [...pool.runningJobs].sort((a, b) => a.id - b.id)) {
      sum += j.accelerators;
      if (at < sum) {
        victim = j;
        break;
      }
    }
    if (victim === undefined) return;
    victim.interruptions++;
    if (this.sim.now >= this.config.warmupS)
      this.interruptionsByCause.set(cause, (this.interruptionsByCause.get(cause) ?? 0) + 1);
    this.preemptJob(victim, overheadS);
    pool.site?.update();
  }

  /** Spot reclaims per pool after warm-up (undefined for pools not bought on spot). */
  readonly spotReclaimsByPool: (number | undefined)[] = [];

  /**
   * Spot reclaims of a pool: a Poisson process over its nodes (the rate per node times the
   * nodes), each hitting a node uniformly. The job on a reclaimed node is interrupted (cause
   * `spot-reclaim`) and restarts from its checkpoint after the restart overhead; the node's
   * capacity is gone for `returnAfterS` if it was free to take (0: replaced at once).
   */
  private startSpotReclaims(
    poolIndex: number,
    spot: NonNullable<PoolState["config"]["spot"]>,
  ): void {
    const pool = this.pools[poolIndex];
    const apn = pool.config.acceleratorsPerNode ?? 8;
    const stream = this.deps.streams.get(`spot/${pool.name}`);
    this.spotReclaimsByPool[poolIndex] = 0;
    // The gap to the next reclaim at the rate for the nodes installed now; when the count
    // changes (deliveries, retirements) the pending draw is replaced (exact: memoryless).
    let pending = -1;
    const next = () => {
      if (pending >= 0) this.sim.cancel(pending);
      pending = -1;
      const nodes = Math.ceil(pool.capacity / apn);
      const rate = spot.reclaimsPerNodeS * nodes;
      if (!(rate > 0)) return;
      const atS = this.sim.now + stream.exponential(rate);
      if (atS < this.config.horizonS) pending = this.sim.scheduleAt(atS, reclaim);
    };
    this.onCapacityChange[poolIndex] = next;
    const reclaim = () => {
      pending = -1;
      const nowS = this.sim.now;
      if (nowS >= this.config.warmupS) this.spotReclaimsByPool[poolIndex]!++;
      const at = stream.uniform(0, pool.capacity);
      this.interruptJobAt(pool, at, SPOT_RECLAIM, spot.restartOverheadS);
      this.takeNodeOut(pool, apn, spot.returnAfterS);
      this.sim.schedule(0, () => this.schedulePending());
      next();
    };
    next();
  }

  /**
   * A failed node goes for repair: a spare node takes its place if one is left (and the repaired
   * node becomes a spare); otherwise its accelerators are out of service (if free) until repaired.
   */
  private repairNode(pool: PoolState, apn: number, repairS: number): void {
    if (repairS <= 0) return;
    if (pool.spares > 0) {
      pool.spares--;
      this.sim.schedule(repairS, () => pool.spares++);
      return;
    }
    this.takeNodeOut(pool, apn, repairS);
  }

  /** Takes a node's accelerators out of service for `outS` (if free now; 0: not at all). */
  private takeNodeOut(pool: PoolState, apn: number, outS: number): void {
    if (outS <= 0) return;
    const take = placeInDomains(
      pool.domainFree,
      Math.min(apn, pool.scaleUpDomain),
      pool.scaleUpDomain,
    );
    if (take === undefined || pool.free < apn) return;
    const nowS = this.sim.now;
    pool.free -= apn;
    pool.applyDomains(take, -1);
    pool.recordFree(nowS);
    pool.repairing.add(nowS, apn);
    this.sim.schedule(outS, () => {
      const t = this.sim.now;
      pool.free += apn;
      pool.applyDomains(take, 1);
      pool.recordFree(t);
      pool.repairing.add(t, -apn);
      this.schedulePending();
    });
  }

  /**
   * Electricity-price shocks: facility energy (J) of the shocked site within the shock's window
   * (clipped to warm-up and horizon), with its price multiplier, for the cost summary.
   */
  readonly energyShocks: { site: number; multiplier: number; startJ: number; endJ: number }[] = [];

  /** Puts a shock's changes on the calendar. */
  private scheduleShock(shock: ShockConfig): void {
    const h = this.config.horizonS;
    if (shock.type === "delivery-delay") return; // supply shocks act on deliveries (resolve.ts)
    const siteIndex = (name: string | undefined) =>
      this.sites.findIndex((s) => name === undefined || s.input.name === name);
    if (shock.type === "grid-cap") {
      const site = this.sites[siteIndex(shock.site)];
      if (site && shock.fromS < h)
        this.sim.scheduleAt(Math.max(0, shock.fromS), () => site.setPowerCapW(shock.capW));
      return;
    }
    if (shock.type === "cooling-failure") {
      const site = this.sites[siteIndex(shock.site)];
      const hall = site?.input.halls.findIndex((x) => x.name === shock.hall) ?? -1;
      if (!site || hall < 0 || shock.fromS >= h) return;
      this.sim.scheduleAt(Math.max(0, shock.fromS), () => site.setSupplyOffsetC(hall, shock.plusC));
      if (shock.untilS < h) this.sim.scheduleAt(shock.untilS, () => site.setSupplyOffsetC(hall, 0));
      return;
    }
    this.sites.forEach((site, k) => {
      if (shock.site !== undefined && site.input.name !== shock.site) return;
      const from = Math.max(shock.fromS, this.config.warmupS);
      const until = Math.min(shock.untilS, h);
      if (!(until > from)) return;
      const seg = { site: k, multiplier: shock.multiplier, startJ: 0, endJ: Number.NaN };
      this.energyShocks.push(seg);
      this.sim.scheduleAt(
        from,
        () => {
          site.update();
          seg.startJ = site.facilityPowerW.areaAt(this.sim.now);
        },
        undefined,
        PRIORITY_OUTPUT - 2,
      );
      const close = () => {
        site.update();
        seg.endJ = site.facilityPowerW.areaAt(this.sim.now);
      };
      if (until < h) this.sim.scheduleAt(until, close, undefined, PRIORITY_OUTPUT - 2);
      else this.closeAtFinish.push(close);
    });
  }

  private readonly closeAtFinish: (() => void)[] = [];

  /** Accelerators retired within the horizon, and those due that were still busy (all pools). */
  retired = 0;
  private retiringLeft = 0;

  /** Retirements of a pool: capacity leaves at each date, as soon as it is free. */
  private scheduleRetirements(poolIndex: number): void {
    const pool = this.pools[poolIndex];
    for (const r of pool.config.retirements ?? []) {
      if (!(r.atS < this.config.horizonS) || r.count <= 0) continue;
      this.sim.scheduleAt(Math.max(0, r.atS), () => {
        const marked = pool.markRetiring(r.count);
        this.retiringLeft += marked;
        this.retiredOrDue[poolIndex] += marked;
        this.retireFreed();
        this.rejectStranded();
      });
    }
  }

  /** Retires what has come free in pools with retirements due. */
  private retireFreed(): void {
    const nowS = this.sim.now;
    this.pools.forEach((pool, i) => {
      if (pool.retiring <= 0) return;
      const n = pool.retireFree(nowS);
      this.retired += n;
      this.retiringLeft -= n;
      if (n > 0) {
        this.retireFromCohorts(i, n);
        // Retired accelerators draw no more power.
        pool.site?.setPowered(i, pool.powered, pool.capacity);
        this.onCapacityChange[i]?.();
      }
    });
  }

  /** Per pool: accelerators retired or marked to retire so far. */
  private readonly retiredOrDue: number[] = [];
  /** Per pool: accelerators it could ever give training before retirements (set per stream). */
  private readonly trainingCeiling: number[] = [];
  /** Per pool: called after its installed count changes (spot reclaims redraw their rate). */
  private readonly onCapacityChange: ((() => void) | undefined)[] = [];

  /** Accelerators a pool can still give training: its ceiling less what retires. */
  private trainingRoom(pool: number): number {
    return (this.trainingCeiling[pool] ?? 0) - (this.retiredOrDue[pool] ?? 0);
  }

  /**
   * Rejects queued jobs that no eligible pool can hold any more (retirements took the room):
   * left queued, they would block FIFO for the rest of the run.
   */
  private rejectStranded(): void {
    const stranded = this.queue.filter((j) =>
      j.eligiblePools.every((p) => this.trainingRoom(p) < j.accelerators),
    );
    if (stranded.length === 0) return;
    for (const job of stranded) {
      job.rejected = true;
      this.warnings.add(`jobStranded/${job.workload}`, (n) =>
        WARNINGS.jobStranded(job.workload, n),
      );
    }
    this.dequeue(new Set(stranded.map((j) => j.id)));
    this.schedulePending();
  }

  /** Accelerators delivered (in service after burn-in) within the horizon, and still owed. */
  delivered = 0;
  short = 0;
  deliveriesLate = 0;

  /** Deliveries of a pool: capacity enters service at delivery + burn-in, if before the horizon. */
  private scheduleDeliveries(poolIndex: number): void {
    const pool = this.pools[poolIndex];
    const burnInS = pool.config.burnInS ?? 0;
    (pool.config.deliveries ?? []).forEach((d, k) => {
      if (d.late) this.deliveriesLate++;
      this.short += d.orderedCount - d.count;
      const at = d.atS + burnInS;
      if (d.count <= 0) return;
      // At an owned site a delivery draws power from its arrival, at full load while it burns in.
      const burnsIn = pool.site !== undefined && burnInS > 0 && d.atS < this.config.horizonS;
      if (burnsIn) {
        this.sim.scheduleAt(Math.max(0, d.atS), () => {
          pool.burningIn += d.count;
          pool.site!.setPowered(poolIndex, pool.powered, pool.capacity);
        });
      }
      if (!(at < this.config.horizonS)) {
        this.short += d.count;
        return;
      }
      this.sim.scheduleAt(Math.max(0, at), () => {
        if (burnsIn) pool.burningIn -= d.count;
        pool.install(this.sim.now, d.count);
        pool.site?.setPowered(poolIndex, pool.powered, pool.capacity);
        const f = this.config.failures;
        if (f) {
          const source = d.source ?? `delivery-${k}`;
          // Aged already if it entered service before the start (a date before it).
          const ageS = Math.max(0, -at);
          this.startCohort(poolIndex, f, d.count, ageS, `failures/${pool.name}/${source}`);
        }
        this.onCapacityChange[poolIndex]?.();
        this.delivered += d.count;
        this.schedulePending();
      });
    });
  }

  /** Training jobs stopped so that inference could scale up. */
  inferencePreemptions = 0;

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
    const drawSize: Sampler = makeSampler(
      t.accelerators,
      streams.get(`training/${t.name}/accelerators`),
    );
    const work = t.work;
    const duration: Sampler | undefined =
      work.kind === "duration"
        ? makeSampler(work.durationS, streams.get(`training/${t.name}/duration`))
        : undefined;
    const tokens: Sampler | undefined =
      work.kind === "model"
        ? makeSampler(work.tokens, streams.get(`training/${t.name}/tokens`))
        : undefined;
    const eligible = t.pools.map((name) => {
      const i = poolIndex.get(name);
      if (i === undefined) throw new Error(`training ${t.name}: unknown pool ${name}`);
      return i;
    });
    // Accelerators each eligible pool can ever give training (inference reservations are fixed).
    // (deliveries count: a job may wait for capacity that is on order)
    const capacity = new Map(
      eligible.map((i) => [
        i,
        this.pools[i].free +
          (this.pools[i].config.deliveries ?? []).reduce((a, d) => a + d.count, 0),
      ]),
    );
    for (const [i, c] of capacity) this.trainingCeiling[i] = c;
    const room = (i: number) => (capacity.get(i) ?? 0) - (this.retiredOrDue[i] ?? 0);
    const largest = Math.max(...eligible.map(room));
    const estimates = new Map<string, TrainingEstimate>();
    const estimate = (pool: number, size: number): TrainingEstimate => {
      if (work.kind !== "model") throw new Error("estimate: not a model job");
      const key = `${pool}:${size}`;
      let e = estimates.get(key);
      if (!e) {
        const estimator = this.deps.trainingEstimator;
        if (!estimator)
          throw new Error(`training ${t.name}: a model job needs a training estimator`);
        e = estimator(work, this.pools[pool].config, size);
        estimates.set(key, e);
      }
      return e;
    };
    const submit = (size: number, durationS: number, jobTokens: number) => {
      const nowS = this.sim.now;
      const job: JobRecord = {
        id: this.jobs.length,
        workload: t.name,
        accelerators: size,
        durationS,
        clockSensitiveFraction: work.kind === "duration" ? work.clockSensitiveFraction : NaN,
        tokens: jobTokens,
        mfu: NaN,
        workDoneS: 0,
        slowdown: 1,
        progressAtS: NaN,
        endEvent: -1,
        submitS: nowS,
        startS: NaN,
        endS: NaN,
        pool: -1,
        rejected: false,
        eligiblePools: eligible,
        priority: t.priority,
        domains: [],
        savedFraction: 0,
        restarts: 0,
        lostWorkS: 0,
        runtimeS: [],
        pureDurationS: NaN,
        parameters: NaN,
        checkpointIntervalS: NaN,
        interruptions: 0,
        heldS: 0,
        heldByPool: [],
        usefulAccS: 0,
        holdStartFraction: 0,
        heldSinceS: NaN,
      };
      this.jobs.push(job);
      let pools = eligible.filter((i) => room(i) >= size);
      if (work.kind === "model" && pools.length > 0) {
        const fitting = pools.filter((i) => estimate(i, size).fits);
        if (fitting.length === 0) {
          const e = estimate(pools[0], size);
          const reason = e.fits ? "" : e.reason;
          job.rejected = true;
          this.warnings.add(`modelDoesNotFit/${t.name}/${reason}`, (n) =>
            WARNINGS.modelDoesNotFit(t.name, n, reason),
          );
        }
        pools = fitting;
      }
      if (!job.rejected && pools.length === 0) {
        // It could never start; queueing it would block FIFO for the rest of the run.
        job.rejected = true;
        if (eligible.some((i) => (capacity.get(i) ?? 0) >= size)) {
          // It would have fitted before retirements took the room.
          this.warnings.add(`jobStranded/${t.name}`, (n) => WARNINGS.jobStranded(t.name, n));
        } else {
          this.warnings.add(`jobTooLarge/${t.name}`, (n) =>
            WARNINGS.jobTooLarge(t.name, n, largest),
          );
        }
      }
      if (!job.rejected) {
        job.eligiblePools = pools;
        job.runtimeS = this.pools.map((_, i) => {
          if (!pools.includes(i)) return NaN;
          if (work.kind !== "model") return job.durationS;
          const e = estimate(i, size);
          return e.fits ? e.secondsPerToken * job.tokens : NaN;
        });
        this.enqueue(job);
        this.schedulePending();
      }
    };
    if (t.trace !== undefined) {
      // Replay: each row at its exact submit time (rows in time order, ties in file order).
      const tr = t.trace;
      const order = tr.submitS
        .map((_, i) => i)
        .sort((a, b) => tr.submitS[a] - tr.submitS[b] || a - b);
      let k = 0;
      const replay = () => {
        const i = order[k++];
        submit(
          Math.max(1, Math.round(tr.accelerators[i])),
          tr.durationS ? clampDurationS(tr.durationS[i]) : NaN,
          tr.tokens ? Math.max(0, tr.tokens[i]) : NaN,
        );
        if (k < order.length && tr.submitS[order[k]] < this.config.horizonS) {
          this.sim.scheduleAt(tr.submitS[order[k]], replay);
        }
      };
      if (order.length > 0 && tr.submitS[order[0]] < this.config.horizonS) {
        this.sim.scheduleAt(tr.submitS[order[0]], replay);
      }
    }
    const arrive = () => {
      submit(
        Math.max(1, Math.round(drawSize())),
        duration ? clampDurationS(duration()) : NaN,
        tokens ? Math.max(0, tokens()) : NaN,
      );
      const tNext = next();
      if (tNext < this.config.horizonS) this.sim.scheduleAt(tNext, arrive);
    };
    const startWork = (job: JobRecord, pool: number) => {
      if (work.kind !== "model") return;
      const e = estimate(pool, job.accelerators);
      if (!e.fits)
        throw new Error(`training ${t.name}: job ${job.id} placed where it does not fit`);
      job.durationS = e.secondsPerToken * job.tokens;
      job.clockSensitiveFraction = e.clockSensitiveFraction;
      job.mfu = e.mfu;
      job.parameters = e.parameters ?? NaN;
    };
    this.startWorkByWorkload.set(t.name, startWork);
    if (t.trace !== undefined) return;
    const first = next();
    if (first < this.config.horizonS) this.sim.scheduleAt(first, arrive);
  }

  /** Puts a job in the queue in submission order (a preempted job goes back to its place). */
  private enqueue(job: JobRecord): void {
    let i = this.queue.length;
    while (
      i > 0 &&
      (this.queue[i - 1].submitS > job.submitS ||
        (this.queue[i - 1].submitS === job.submitS && this.queue[i - 1].id > job.id))
    ) {
      i--;
    }
    this.queue.splice(i, 0, job);
    this.queueViews.splice(i, 0, {
      id: job.id,
      accelerators: job.accelerators,
      eligiblePools: job.eligiblePools,
      submitS: job.submitS,
      priority: job.priority,
      remainingS: job.runtimeS.map((r) => r * (1 - job.savedFraction)),
    });
    this.queuedIds.add(job.id);
    this.queueLength.set(this.sim.now, this.queue.length);
  }

  /** Takes the jobs in `gone` out of the queue (and its views), keeping the order of the rest. */
  private dequeue(gone: ReadonlySet<number>): void {
    if (gone.size === 0) return;
    for (const id of gone) this.queuedIds.delete(id);
    // Policies mostly start a prefix of the queue: one native splice then.
    let prefix = 0;
    while (prefix < this.queue.length && gone.has(this.queue[prefix].id)) prefix++;
    if (prefix === gone.size) {
      this.queue.splice(0, prefix);
      this.queueViews.splice(0, prefix);
    } else {
      let w = 0;
      for (let r = 0; r < this.queue.length; r++) {
        if (gone.has(this.queue[r].id)) continue;
        this.queue[w] = this.queue[r];
        this.queueViews[w] = this.queueViews[r];
        w++;
      }
      this.queue.length = w;
      this.queueViews.length = w;
    }
    this.queueLength.set(this.sim.now, this.queue.length);
  }

  /** The read-only picture a policy decides on. */
  private clusterView(): ClusterView {
    const nowS = this.sim.now;
    const budgets = this.sites.flatMap((s) => s.budgets());
    const pools: PoolView[] = this.pools.map((p, i) => {
      let running: PoolView["running"] | undefined;
      return {
        name: p.name,
        accelerator: p.config.accelerator,
        capacity: p.capacity,
        free: p.free,
        scaleUpDomain: p.scaleUpDomain,
        // Live arrays, read-only by type: policies copy what they change (Ledger).
        domainFree: p.domainFree,
        // Built when a policy first reads it (FIFO never does; thousands of jobs may be running).
        get running() {
          running ??= [...p.runningJobs]
            .sort((a, b) => a.id - b.id)
            .map((j) => ({
              id: j.id,
              accelerators: j.accelerators,
              priority: j.priority,
              startS: j.startS,
              expectedEndS:
                nowS + (j.durationS - j.workDoneS) * j.slowdown - (nowS - j.progressAtS),
              domains: j.domains,
            }));
          return running;
        },
        tempC: p.site?.tempC(i) ?? Number.NaN,
        fullLoadWPerAccelerator: p.site?.fullLoadDeltaW(i) ?? Number.NaN,
        powerBudgets: p.site?.budgetKeys(i) ?? [],
        usdPerAcceleratorHour: p.config.usdPerAcceleratorHour ?? Number.NaN,
      };
    });
    // Live, read-only by type (kept in step with the queue by enqueue and dequeue).
    const queue: readonly JobView[] = this.queueViews;
    return { nowS, pools, queue, powerBudgets: budgets };
  }

  /** Asks the policy which waiting jobs start now (and which running jobs stop), and does it. */
  private schedulePending(): void {
    if (this.retiringLeft > 0) this.retireFreed();
    if (this.scheduling || this.queue.length === 0) return;
    this.heldWaiting = false;
    this.scheduling = true;
    const view = this.clusterView();
    const decisions = this.deps.policy.schedule(view);
    this.scheduling = false;
    const key = this.deps.policy.key;
    if (decisions.start.length === 0 && decisions.preempt.length === 0) return;
    const nowS = this.sim.now;
    const touched = new Set<SitePower>();
    for (const id of decisions.preempt) {
      const job = this.jobs[id];
      if (job === undefined || job.pool < 0 || job.endEvent < 0)
        throw new Error(`policy ${key}: job ${id} is not running, cannot preempt it`);
      const site = this.pools[job.pool].site;
      this.preemptJob(job);
      if (site) touched.add(site);
    }
    const started = new Set<number>();
    for (const pl of decisions.start) {
      const job = this.queuedIds.has(pl.jobId) ? this.jobs[pl.jobId] : undefined;
      const pool = this.pools[pl.pool];
      if (!job || started.has(job.id))
        throw new Error(`policy ${key}: job ${pl.jobId} is not waiting`);
      if (!job.eligiblePools.includes(pl.pool))
        throw new Error(`policy ${key}: pool ${pool?.name} not eligible for job ${job.id}`);
      const take = placeInDomains(pool.domainFree, job.accelerators, pool.scaleUpDomain);
      if (pool.free < job.accelerators || take === undefined)
        throw new Error(
          `policy ${key}: over-allocated pool ${pool.name} (${pool.free} free, job needs ${job.accelerators} in whole scale-up domains of ${pool.scaleUpDomain})`,
        );
      if (pool.site && !pool.site.admits(pl.pool, job.accelerators)) {
        // Holding back work keeps the cap. The job may still start in another of its pools that
        // has room and power (a cloud pool, another site); then the policy decides the rest
        // afresh. Otherwise later placements wait too, so the policy's order holds.
        const other = job.eligiblePools.find((q) => {
          if (q === pl.pool) return false;
          const p = this.pools[q];
          return (
            p.free >= job.accelerators &&
            placeInDomains(p.domainFree, job.accelerators, p.scaleUpDomain) !== undefined &&
            (p.site === undefined || p.site.admits(q, job.accelerators))
          );
        });
        if (other !== undefined) {
          const q = this.pools[other];
          started.add(job.id);
          this.startJob(
            job,
            other,
            placeInDomains(q.domainFree, job.accelerators, q.scaleUpDomain)!,
          );
          if (q.site) touched.add(q.site);
          if (!this.retryScheduled) {
            this.retryScheduled = true;
            this.sim.schedule(0, this.retryHeld);
          }
          break;
        }
        this.heldWaiting = true;
        if (!this.heldForPower.has(job.id)) {
          this.heldForPower.add(job.id);
          this.warnings.add("heldForPower", (n) => WARNINGS.heldForPower(n));
        }
        break;
      }
      started.add(job.id);
      this.startJob(job, pl.pool, take);
      if (pool.site) touched.add(pool.site);
    }
    for (const site of touched) site.update();
    this.dequeue(started);
  }

  /** Starts (or restarts) a job in a pool, on the given accelerators per domain. */
  private startJob(job: JobRecord, poolIndex: number, take: number[]): void {
    const nowS = this.sim.now;
    const pool = this.pools[poolIndex];
    pool.free -= job.accelerators;
    pool.applyDomains(take, -1);
    pool.recordFree(nowS);
    job.domains = take;
    pool.allocated.add(nowS, job.accelerators);
    pool.busy.add(nowS, job.accelerators);
    pool.busyMatmul += job.accelerators;
    if (!(job.startS === job.startS)) job.startS = nowS;
    job.pool = poolIndex;
    if (job.pureDurationS === job.pureDurationS && job.tokens !== job.tokens) {
      job.durationS = job.pureDurationS; // a duration job restarting: undo the last overhead
    }
    this.startWorkByWorkload.get(job.workload)?.(job, poolIndex);
    job.pureDurationS = job.durationS;
    this.planCheckpoints(job, pool.config);
    job.heldSinceS = nowS;
    job.workDoneS = job.savedFraction * job.durationS;
    job.progressAtS = nowS;
    job.slowdown = slowdownAt(job.clockSensitiveFraction, pool.clock);
    job.endEvent = this.sim.schedule(
      (job.durationS - job.workDoneS) * job.slowdown,
      this.onJobEnd,
      job,
    );
    pool.runningJobs.add(job);
    this.running.add(nowS, 1);
  }

  /**
   * With failures modelled: the job's checkpoint interval (fixed, or Young/Daly from its own
   * MTBF and write time) and, for synchronous checkpoints, the write time added to its run.
   */
  private planCheckpoints(job: JobRecord, pool: PoolConfig): void {
    const f = this.config.failures;
    if (f === undefined) return;
    const apn = pool.acceleratorsPerNode ?? 8;
    const nodes = Math.max(1, Math.ceil(job.accelerators / apn));
    const mtbfS = 1 / (nodes * f.ratePerNodeS);
    const writeS =
      job.parameters === job.parameters
        ? (job.parameters * f.checkpoint.bytesPerParam) / f.checkpoint.storageBytesPerS
        : f.checkpoint.writeS;
    const interval = f.checkpoint.intervalS ?? youngDalyS(mtbfS, writeS);
    job.checkpointIntervalS = Number.isFinite(interval) ? interval : job.pureDurationS;
    if (f.checkpoint.mode === "sync" && Number.isFinite(interval) && interval > 0) {
      job.durationS = job.pureDurationS * (1 + writeS / interval);
    }
  }

  /** Frees a job's accelerators in its pool. */
  private releaseJob(job: JobRecord): void {
    const nowS = this.sim.now;
    if (job.heldSinceS === job.heldSinceS) {
      const accS = (nowS - job.heldSinceS) * job.accelerators;
      job.heldS += accS;
      job.heldByPool[job.pool] = (job.heldByPool[job.pool] ?? 0) + accS;
    }
    job.heldSinceS = NaN;
    const pool = this.pools[job.pool];
    pool.runningJobs.delete(job);
    pool.free += job.accelerators;
    pool.applyDomains(job.domains, 1);
    job.domains = [];
    pool.recordFree(nowS);
    pool.allocated.add(nowS, -job.accelerators);
    pool.busy.add(nowS, -job.accelerators);
    pool.busyMatmul -= job.accelerators;
    this.running.add(nowS, -1);
  }

  /**
   * Stops a running job: it keeps the work saved at its last checkpoint (every
   * `checkpointIntervalS` of work), loses the rest, and waits again in its submission place.
   */
  private preemptJob(job: JobRecord, restartOverheadS = 0): void {
    const nowS = this.sim.now;
    const done = Math.min(job.durationS, job.workDoneS + (nowS - job.progressAtS) / job.slowdown);
    const ckpt =
      job.checkpointIntervalS === job.checkpointIntervalS
        ? job.checkpointIntervalS
        : this.config.checkpointIntervalS;
    // Saved: the last checkpoint; while still redoing a restart overhead (done < 0), nothing new.
    const saved = done <= 0 ? done : ckpt > 0 ? Math.floor(done / ckpt) * ckpt : done;
    job.lostWorkS += done - saved + restartOverheadS;
    // Useful work of this hold: from where it started to the checkpoint kept, in this pool.
    if (job.durationS > 0) {
      const kept = saved / job.durationS;
      job.usefulAccS +=
        Math.max(0, kept - job.holdStartFraction) * job.pureDurationS * job.accelerators;
      // The next hold's useful work starts at the checkpoint (redoing the restart overhead first).
      job.holdStartFraction = Math.max(job.holdStartFraction, kept);
    }
    // The restart overhead is work to do again: saved work less it (may go below zero).
    job.savedFraction = job.durationS > 0 ? (saved - restartOverheadS) / job.durationS : 0;
    job.restarts++;
    this.sim.cancel(job.endEvent);
    job.endEvent = -1;
    this.releaseJob(job);
    job.pool = -1;
    job.workDoneS = 0;
    this.enqueue(job);
  }

  private readonly onJobEnd = (job: JobRecord): void => {
    const nowS = this.sim.now;
    const pool = this.pools[job.pool];
    job.endS = nowS;
    job.workDoneS = job.durationS;
    job.endEvent = -1;
    job.usefulAccS += (1 - job.holdStartFraction) * job.pureDurationS * job.accelerators;
    this.releaseJob(job);
    pool.site?.update();
    this.schedulePending();
  };

  /**
   * Sets a pool's clock fraction: running jobs keep the work they have done and finish later (or
   * sooner) at the new speed.
   */
  setPoolClock(poolIndex: number, clock: number): void {
    const pool = this.pools[poolIndex];
    if (pool.clock === clock) return;
    if (!(clock > 0 && clock <= 1))
      throw new RangeError(`setPoolClock: clock must be in (0, 1], got ${clock}`);
    const nowS = this.sim.now;
    pool.clock = clock;
    for (const job of pool.runningJobs) {
      job.workDoneS = Math.min(
        job.durationS,
        job.workDoneS + (nowS - job.progressAtS) / job.slowdown,
      );
      job.progressAtS = nowS;
      job.slowdown = slowdownAt(job.clockSensitiveFraction, clock);
      this.sim.cancel(job.endEvent);
      job.endEvent = this.sim.schedule(
        (job.durationS - job.workDoneS) * job.slowdown,
        this.onJobEnd,
        job,
      );
    }
  }

  private snapshot(atS: number): Window {
    return {
      startS: atS,
      busy: this.pools.map((p) => p.busy.areaAt(atS)),
      allocated: this.pools.map((p) => p.allocated.areaAt(atS)),
      stranded: this.pools.map((p) => p.stranded.areaAt(atS)),
      repairing: this.pools.map((p) => p.repairing.areaAt(atS)),
      installed: this.pools.map((p) => p.installed.areaAt(atS)),
      freeArea: this.pools.map((p) => p.freeArea.areaAt(atS)),
      queueArea: this.queueLength.areaAt(atS),
      runningArea: this.running.areaAt(atS),
      poolEnergyJ: this.pools.map((_, i) => this.poolPower(i)?.itPowerW.areaAt(atS) ?? 0),
      poolThrottled: this.pools.map((_, i) => this.poolPower(i)?.throttled.areaAt(atS) ?? 0),
      poolTempArea: this.pools.map((_, i) => this.poolPower(i)?.tempAreaAt(atS) ?? 0),
      siteItJ: this.sites.map((s) => s.itPowerW.areaAt(atS)),
      siteFacilityJ: this.sites.map((s) => s.facilityPowerW.areaAt(atS)),
      siteCapBindingS: this.sites.map((s) => s.capBinding.areaAt(atS)),
      hallItJ: this.sites.map((s) => s.hallPowerW.map((h) => h.areaAt(atS))),
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
        const inst = next.installed[i] - w.installed[i];
        rec.record(w.startS, e, "installed", inst / dt);
        rec.record(w.startS, e, "utilization", (next.busy[i] - w.busy[i]) / inst);
        rec.record(w.startS, e, "allocation", (next.allocated[i] - w.allocated[i]) / inst);
        if (this.config.failures) {
          rec.record(w.startS, e, "repairAccelerators", (next.repairing[i] - w.repairing[i]) / dt);
        }
        const power = this.poolPower(i);
        if (power) {
          rec.record(w.startS, e, "powerKW", (next.poolEnergyJ[i] - w.poolEnergyJ[i]) / dt / 1000);
          if (power.input.physics.thermal && power.input.hall >= 0) {
            rec.record(w.startS, e, "tempC", (next.poolTempArea[i] - w.poolTempArea[i]) / dt);
          }
          rec.record(
            w.startS,
            e,
            "throttledFraction",
            (next.poolThrottled[i] - w.poolThrottled[i]) / inst,
          );
          rec.record(w.startS, e, "clock", power.clock);
        }
      });
      this.sites.forEach((s, k) => {
        const e = `site/${s.input.name}`;
        const itJ = next.siteItJ[k] - w.siteItJ[k];
        const facJ = next.siteFacilityJ[k] - w.siteFacilityJ[k];
        rec.record(w.startS, e, "itPowerKW", itJ / dt / 1000);
        rec.record(w.startS, e, "facilityPowerKW", facJ / dt / 1000);
        rec.record(w.startS, e, "pue", itJ > 0 ? facJ / itJ : s.pueNow);
        rec.record(
          w.startS,
          e,
          "powerCapHitFraction",
          (next.siteCapBindingS[k] - w.siteCapBindingS[k]) / dt,
        );
        if (s.input.powerCapW !== undefined)
          rec.record(w.startS, e, "powerCapKW", s.input.powerCapW / 1000);
        const ambient = meanAmbientC(s.input.physics, w.startS, w.startS + dt);
        if (ambient !== undefined) rec.record(w.startS, e, "ambientC", ambient);
        s.input.halls.forEach((h, m) => {
          const he = `hall/${s.input.name}.${h.name}`;
          rec.record(w.startS, he, "itPowerKW", (next.hallItJ[k][m] - w.hallItJ[k][m]) / dt / 1000);
          rec.record(w.startS, he, "budgetKW", h.powerBudgetW / 1000);
        });
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
