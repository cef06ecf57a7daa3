/**
 * An LLM inference service at `fluid` fidelity, for months-long horizons: no request entities.
 * Every `stepS` the arrivals of the step join a backlog; the replicas serve what their
 * continuous-batching steady state allows; the rest carries over (dropped beyond the queue
 * limit). The steady state comes from the same performance model as `request` fidelity:
 *   iteration time t = decode(B, mean context) + (admissions per iteration) x mean prefill,
 *   batch B = per-replica rate n x output tokens x t (Little's law), B <= KV capacity / (P + O).
 * Latencies per step: TTFT = residual of the running iteration + the prefill iteration (its own
 * prompt, others admitted with it, one decode step) + queueing while the backlog drains (or
 * Erlang C over KV slots when none); TPOT = the iteration time.
 */
import type { Simulator } from "../engine/index.js";
import type { SeriesRecorder } from "../metrics/index.js";
import { LlmServiceStats } from "./service-stats.js";
import type { Stream, Streams } from "../random/index.js";
import { erlangC } from "../models/erlang-c.js";
import {
  arrivalTimes,
  MONTH_S,
  makeSampler,
  type InferenceServiceConfig,
  type LlmServiceSpec,
} from "../workloads/index.js";
import type { ReplicaPerformance } from "./llm-service.js";

/** Smallest n with P(Poisson(mean) <= n) >= q. */
export function poissonQuantile(mean: number, q: number): number {
  if (!(mean > 0)) return 0;
  let p = Math.exp(-mean);
  let cdf = p;
  let n = 0;
  while (cdf < q && n < 10_000) {
    n++;
    p *= mean / n;
    cdf += p;
  }
  return n;
}

export interface FluidServiceDeps {
  sim: Simulator;
  streams: Streams;
  warmupS: number;
  horizonS: number;
  stepS: number;
  perf: ReplicaPerformance;
  onBusyChange: (nowS: number, deltaAccelerators: number) => void;
}

/** Prompt and output draws that stand for the service's request mix. */
const MIX = 512;

interface OperatingPoint {
  /** Iteration time, s. */
  iterS: number;
  /** Requests in a replica's batch. */
  batch: number;
}

export class FluidService extends LlmServiceStats {
  /** Requests waiting at the end of each step (for overload checks). */
  backlog = 0;
  private readonly spec: LlmServiceSpec;
  private readonly prompts: number[];
  private readonly outputs: number[];
  private readonly prefills: number[];
  private readonly meanPrompt: number;
  private readonly meanOutput: number;
  private readonly meanPrefillS: number;
  /** Largest batch the KV cache holds (requests reserve prompt + output). */
  private readonly kvBatch: number;
  /** Largest sustainable admissions per second per replica. */
  readonly maxRatePerReplica: number;
  private readonly nextArrival: () => number;
  private pendingArrival: number;
  private arrived = 0;
  private readonly counts: Stream;
  /** TTFT points recorded so far (indexes the mix and the sequences). */
  private points = 0;
  private busy = 0;
  // Per output window.
  private wArrivals = 0;
  private wCompleted = 0;
  private wDropped = 0;
  private wTokens = 0;
  private wQueueArea = 0;
  private wBusyArea = 0;

  constructor(
    readonly config: InferenceServiceConfig,
    private readonly deps: FluidServiceDeps,
  ) {
    super();
    this.spec = config.llm!;
    const perf = deps.perf;
    const prompt = makeSampler(
      this.spec.promptTokens,
      deps.streams.get(`inference/${config.name}/prompt`),
    );
    const output = makeSampler(
      this.spec.outputTokens,
      deps.streams.get(`inference/${config.name}/output`),
    );
    this.prompts = Array.from({ length: MIX }, () => Math.max(1, Math.round(prompt())));
    this.outputs = Array.from({ length: MIX }, () => Math.max(1, Math.round(output())));
    this.prefills = this.prompts.map((p) => perf.prefillS(p, 0));
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    this.meanPrompt = avg(this.prompts);
    this.meanOutput = avg(this.outputs);
    this.meanPrefillS = avg(this.prefills);
    this.kvBatch = perf.kvCapacityTokens / (this.meanPrompt + this.meanOutput);
    this.maxRatePerReplica = this.maxRate();
    this.nextArrival = arrivalTimes(
      config.arrivals,
      deps.streams.get(`inference/${config.name}/arrivals`),
    );
    this.counts = deps.streams.get(`inference/${config.name}/fluid-arrivals`);
    this.pendingArrival = FluidService.countable(config.arrivals) ? Infinity : this.nextArrival();
    const step = () => {
      this.step();
      const next = deps.sim.now + deps.stepS;
      if (next < deps.horizonS) deps.sim.scheduleAt(next, step);
    };
    deps.sim.scheduleAt(0, step);
  }

  /**
   * A Poisson process whose rate is a known function of time (constant, daily cycle, growth):
   * its step counts can be drawn directly from the rate's integral. Bursts (a random rate) are
   * drawn per arrival instead.
   */
  static countable(
    a: InferenceServiceConfig["arrivals"],
  ): a is Extract<InferenceServiceConfig["arrivals"], { kind: "poisson" }> {
    return a.kind === "poisson" && a.bursty === undefined;
  }

  /**
   * Expected arrivals in [lo, hi): the integral of the rate. The daily cycle integrates exactly;
   * growth is taken at the middle of the interval (a step is minutes, growth is per month).
   */
  static expectedArrivals(
    a: Extract<InferenceServiceConfig["arrivals"], { kind: "poisson" }>,
    lo: number,
    hi: number,
  ): number {
    if (!(hi > lo)) return 0;
    let mean = a.ratePerS * (hi - lo);
    const d = a.diurnal;
    if (d !== undefined && d.amplitude !== 0) {
      const w = (2 * Math.PI) / 86_400;
      mean +=
        (a.ratePerS * d.amplitude * (Math.sin(w * (hi - d.peakS)) - Math.sin(w * (lo - d.peakS)))) /
        w;
    }
    if (a.growthPerMonth) mean *= (1 + a.growthPerMonth) ** ((lo + hi) / 2 / MONTH_S);
    return Math.max(0, mean);
  }

  /** A Poisson draw: inversion for small means, the normal approximation for large ones. */
  private poissonCount(mean: number): number {
    if (!(mean > 0)) return 0;
    if (mean > 50) return Math.max(0, Math.round(this.counts.normal(mean, Math.sqrt(mean))));
    const u = this.counts.uniform(0, 1);
    let p = Math.exp(-mean);
    let cdf = p;
    let n = 0;
    while (u > cdf && n < 10_000) {
      n++;
      p *= mean / n;
      cdf += p;
    }
    return n;
  }

  /** Steady state of one replica admitting `rate` requests per second. */
  operatingPoint(rate: number): OperatingPoint {
    const perf = this.deps.perf;
    const ctx = this.meanPrompt + this.meanOutput / 2;
    let iterS = perf.decodeS(1, ctx);
    let batch = 0;
    for (let i = 0; i < 60; i++) {
      batch = rate * this.meanOutput * iterS;
      const decode = perf.decodeS(Math.max(1, Math.round(batch)), ctx);
      const denom = 1 - rate * this.meanPrefillS;
      const next = denom > 0 ? decode / denom : Infinity;
      if (Math.abs(next - iterS) < 1e-12) break;
      iterS = next;
    }
    return { iterS, batch: rate * this.meanOutput * iterS };
  }

  /** The admission rate at which a replica's batch reaches its KV limit or prefill saturates. */
  private maxRate(): number {
    let lo = 0;
    let hi = 1 / this.meanPrefillS;
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      const p = this.operatingPoint(mid);
      if (Number.isFinite(p.iterS) && p.batch <= this.kvBatch) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  private step(): void {
    const nowS = this.deps.sim.now;
    const dt = Math.min(this.deps.stepS, this.deps.horizonS - nowS);
    const endS = nowS + dt;
    const counted = nowS >= this.deps.warmupS;
    let arrivals = 0;
    const a = this.config.arrivals;
    if (FluidService.countable(a)) {
      // A Poisson count for the step (no per-request draws: 30 days cost 43,200 draws).
      const lo = Math.max(nowS, a.fromS);
      const hi = Math.min(endS, a.untilS);
      const mean = FluidService.expectedArrivals(a, lo, hi);
      arrivals = Math.min(this.poissonCount(mean), Math.max(0, a.maxCount - this.arrived));
      this.arrived += arrivals;
    } else {
      while (this.pendingArrival < endS) {
        arrivals++;
        this.pendingArrival = this.nextArrival();
      }
    }
    const replicas = this.config.replicas;
    const capacity = replicas * this.maxRatePerReplica * dt;
    const room = this.config.queueLimit;
    const want = this.backlog + arrivals;
    const served = Math.min(want, capacity);
    let backlog = want - served;
    let dropped = 0;
    if (backlog > room) {
      dropped = backlog - room;
      backlog = room;
    }
    const rate = served / (replicas * dt);
    const op = this.operatingPoint(rate);
    // Queueing: a backlog drains at the spare capacity (all of it in overload), otherwise
    // Erlang C over the batch slots of all replicas, each held for output x iteration time.
    const meanBacklog = (this.backlog + backlog) / 2;
    let waitS = 0;
    if (meanBacklog > 1e-9) {
      waitS = meanBacklog / Math.max(rate * replicas, 1e-9);
    } else if (rate > 0) {
      const slots = Math.max(1, Math.floor(this.kvBatch) * replicas);
      const mu = 1 / (this.meanOutput * op.iterS);
      const lambda = rate * replicas;
      if (lambda < slots * mu) waitS = erlangC(lambda, mu, slots).waitS;
    }
    this.backlog = backlog;
    const busyShare = 1 - Math.exp(-op.batch);
    // Other requests prefilled in the same iteration: the arrivals of one iteration. Spreading
    // routing (round robin, least outstanding) makes each replica's arrivals regular (about
    // Erlang of order `replicas`), so coincidences are rarer than Poisson: mean / replicas.
    const spread = this.spec.routing === "prefix-affinity" ? 1 : replicas;
    const perIteration = (rate * op.iterS) / spread;
    const decodeS = this.deps.perf.decodeS(
      Math.max(1, Math.round(op.batch)),
      this.meanPrompt + this.meanOutput / 2,
    );
    if (counted) {
      this.requests += arrivals;
      this.completed += served;
      this.dropped += dropped;
      this.outputTokens += served * this.meanOutput;
      this.promptTokens += served * this.meanPrompt;
      // Latency points recorded this step (spread over the prompt mix): `fluid.points`.
      const points = Math.min(this.spec.fluidPoints, Math.round(served));
      for (let k = 0; k < points; k++) {
        // Points spread over the prompt mix and over the residual of the running iteration.
        // Successive steps take successive points of the mix and of two low-discrepancy
        // sequences (residual of the running iteration; others prefilled alongside).
        const n = this.points++;
        const i = n % MIX;
        const u = ((n * 0.618033988749895) % 1) * busyShare;
        const others = poissonQuantile(perIteration, ((n + 0.5) * 0.7548776662466927) % 1);
        const ttft = waitS + u * op.iterS + this.prefills[i] + others * this.meanPrefillS + decodeS;
        const tpot = op.iterS;
        this.ttft.push(ttft);
        this.tpot.push(tpot);
        this.waits.push(waitS);
        this.latencies.push(ttft + (this.outputs[i] - 1) * tpot);
        const s = this.spec.slo;
        if (
          (s.ttftS === undefined || ttft <= s.ttftS) &&
          (s.tpotS === undefined || tpot <= s.tpotS)
        ) {
          this.sloMet += served / points;
        }
      }
    }
    this.wArrivals += arrivals;
    this.wCompleted += served;
    this.wDropped += dropped;
    this.wTokens += served * this.meanOutput;
    this.wQueueArea += meanBacklog * dt;
    // Busy accelerators follow the share of time replicas have a batch.
    const busy = replicas * busyShare * this.deps.perf.tp;
    this.wBusyArea += busyShare * replicas * dt;
    if (busy !== this.busy) {
      this.deps.onBusyChange(nowS, busy - this.busy);
      this.busy = busy;
    }
  }

  /** Requests waiting now. */
  get queuedNow(): number {
    return this.backlog;
  }

  recordWindow(rec: SeriesRecorder, startS: number, endS: number): void {
    const dt = endS - startS;
    const e = `service/${this.config.name}`;
    rec.record(startS, e, "arrivalsPerS", this.wArrivals / dt);
    rec.record(startS, e, "completedPerS", this.wCompleted / dt);
    rec.record(startS, e, "droppedPerS", this.wDropped / dt);
    rec.record(startS, e, "tokensPerS", this.wTokens / dt);
    rec.record(startS, e, "replicaUtilization", this.wBusyArea / (this.config.replicas * dt));
    rec.record(startS, e, "queueLength", this.wQueueArea / dt);
    this.wArrivals = this.wCompleted = this.wDropped = this.wTokens = 0;
    this.wQueueArea = this.wBusyArea = 0;
  }
}
