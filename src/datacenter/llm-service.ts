/**
 * An LLM inference service at `request` fidelity: every request is an entity. Each replica runs
 * continuous batching: at every iteration it admits waiting requests while their KV cache fits
 * (prompt + output tokens reserved at admission) and the prefill token budget lasts, prefills them
 * (minus tokens found in its prefix cache), and decodes one token for every running request. The
 * iteration takes the prefill time of the new prompts plus one decode step at the batch's mean
 * context, from the performance model. A request's first token comes at the end of its prefill
 * iteration (TTFT); TPOT is the mean time per further token.
 */
import type { Simulator } from "../engine/index.js";
import type { SeriesRecorder } from "../metrics/index.js";
import { LlmServiceStats } from "./service-stats.js";
import type { Streams } from "../random/index.js";
import {
  arrivalTimes,
  makeSampler,
  MOONCAKE_BLOCK_TOKENS,
  type InferenceServiceConfig,
  type LlmServiceSpec,
  type Sampler,
} from "../workloads/index.js";

/** What the performance model tells a service about one replica of its model on its pool. */
export interface ReplicaPerformance {
  /** Accelerators per replica (tensor-parallel degree). */
  tp: number;
  /** KV-cache tokens one replica holds. */
  kvCapacityTokens: number;
  /** Prefill time of one prompt of `tokens` new tokens after `cached` cached ones, s. */
  prefillS(tokens: number, cached: number): number;
  /** One decode step for `batch` sequences at mean context `context`, s. */
  decodeS(batch: number, context: number): number;
}

export type InferenceEstimator = (
  llm: LlmServiceSpec,
  pool: { accelerator: string; calibration?: string; scaleUpDomain?: number },
) => ReplicaPerformance;

/** Accelerators the autoscaler takes from (and gives back to) its pool. */
export interface ReplicaCapacity {
  /** Takes `tp` accelerators for a new replica; the domains taken, or undefined if none free. */
  acquire(tp: number): number[] | undefined;
  /** Gives a replica's accelerators back. */
  release(domains: number[]): void;
  /** Stops training jobs in the pool until `tp` accelerators are free; true if it worked. */
  preemptTraining(tp: number): boolean;
}

export interface LlmServiceDeps {
  sim: Simulator;
  streams: Streams;
  warmupS: number;
  horizonS: number;
  perf: ReplicaPerformance;
  /** Needed for autoscaling. */
  capacity?: ReplicaCapacity;
  /** Called when busy accelerators change (a replica is busy while it has work). */
  onBusyChange: (nowS: number, deltaAccelerators: number) => void;
}

interface Request {
  arrivalS: number;
  prompt: number;
  output: number;
  blocks: readonly number[];
  generated: number;
  firstTokenS: number;
  cached: number;
}

/** Least-recently-used set of prefix-block ids (capacity in blocks; Infinity = unbounded). */
class PrefixCache {
  private readonly order = new Map<number, true>();
  constructor(private readonly capacity: number) {}
  /** Tokens of the longest cached prefix of `blocks` (block by block from the start). */
  match(blocks: readonly number[], prompt: number): number {
    let n = 0;
    while (n < blocks.length && this.order.has(blocks[n])) n++;
    return Math.min(n * MOONCAKE_BLOCK_TOKENS, Math.max(0, prompt - 1));
  }
  insert(blocks: readonly number[]): void {
    if (this.capacity <= 0) return;
    for (const b of blocks) {
      this.order.delete(b);
      this.order.set(b, true);
      if (this.order.size > this.capacity) {
        const oldest = this.order.keys().next().value as number;
        this.order.delete(oldest);
      }
    }
  }
}

class Replica {
  readonly waiting: Request[] = [];
  running: Request[] = [];
  kvUsed = 0;
  busy = false;
  /** up: takes requests; starting: not yet; draining: finishes its work, then goes. */
  state: "up" | "starting" | "draining" = "up";
  /** Accelerators taken per domain by the autoscaler (empty for the initial replicas). */
  domains: number[] = [];
  readonly cache: PrefixCache;
  constructor(cacheBlocks: number) {
    this.cache = new PrefixCache(cacheBlocks);
  }
  get outstanding(): number {
    return this.waiting.length + this.running.length;
  }
}

export class LlmService extends LlmServiceStats {
  /** Arrival times of every request (for trace checks). */
  readonly arrivalLog: number[] = [];
  private replicas: Replica[];
  /** Replicas up or starting (time-weighted, per output window). */
  private replicaArea = 0;
  private replicaLastS = 0;
  /**
   * Replicas holding accelerators (up, starting or draining), integrated from warm-up to
   * replicaLastS (replica-seconds): what the service is charged for.
   */
  private replicaSecondsMeasured = 0;
  /** Replica decisions: scale-ups, scale-downs, preemptions of training. */
  scaleUps = 0;
  scaleDowns = 0;
  trainingPreemptions = 0;
  private readonly spec: LlmServiceSpec;
  private readonly sim: Simulator;
  private rr = 0;
  private queued = 0;
  private readonly prompt?: Sampler;
  private readonly output?: Sampler;
  // Per output window.
  private wArrivals = 0;
  private wCompleted = 0;
  private wDropped = 0;
  private wTokens = 0;
  private busyArea = 0;
  private queueArea = 0;
  private lastS = 0;
  private busyReplicas = 0;

  constructor(
    readonly config: InferenceServiceConfig,
    private readonly deps: LlmServiceDeps,
  ) {
    super();
    this.sim = deps.sim;
    this.spec = config.llm!;
    const cacheBlocks = this.spec.prefixCacheBlocks;
    this.replicas = Array.from({ length: config.replicas }, () => new Replica(cacheBlocks));
    const auto = this.spec.autoscale;
    if (auto !== undefined) {
      const tick = () => {
        this.autoscale();
        const next = this.sim.now + auto.intervalS;
        if (next < deps.horizonS) this.sim.scheduleAt(next, tick);
      };
      this.sim.scheduleAt(auto.intervalS, tick);
    }
    if (this.spec.trace !== undefined) {
      const rows = this.spec.trace;
      let k = 0;
      const next = () => {
        const r = rows[k++];
        this.arrive(r.promptTokens, r.outputTokens, r.blocks);
        if (k < rows.length) this.sim.scheduleAt(rows[k].atS, next);
      };
      if (rows.length > 0) this.sim.scheduleAt(rows[0].atS, next);
    } else {
      this.prompt = makeSampler(
        this.spec.promptTokens,
        deps.streams.get(`inference/${config.name}/prompt`),
      );
      this.output = makeSampler(
        this.spec.outputTokens,
        deps.streams.get(`inference/${config.name}/output`),
      );
      const nextArrival = arrivalTimes(
        config.arrivals,
        deps.streams.get(`inference/${config.name}/arrivals`),
      );
      const onArrival = () => {
        this.arrive(
          Math.max(1, Math.round(this.prompt!())),
          Math.max(1, Math.round(this.output!())),
          [],
        );
        const t = nextArrival();
        if (Number.isFinite(t)) this.sim.scheduleAt(t, onArrival);
      };
      const first = nextArrival();
      if (Number.isFinite(first)) this.sim.scheduleAt(first, onArrival);
    }
  }

  private advance(nowS: number): void {
    const dt = nowS - this.lastS;
    this.busyArea += this.busyReplicas * dt;
    this.queueArea += this.queued * dt;
    this.lastS = nowS;
  }

  private route(blocks: readonly number[]): Replica {
    const up = this.replicas.filter((r) => r.state === "up");
    const rs = up.length > 0 ? up : this.replicas;
    switch (this.spec.routing) {
      case "least-outstanding": {
        let best = rs[0];
        for (const r of rs) if (r.outstanding < best.outstanding) best = r;
        return best;
      }
      case "prefix-affinity":
        // The first block (a conversation's shared system prompt) picks the replica.
        if (blocks.length > 0) return rs[blocks[0] % rs.length];
        return rs[this.rr++ % rs.length];
      default:
        return rs[this.rr++ % rs.length];
    }
  }

  private arrive(prompt: number, output: number, blocks: readonly number[]): void {
    const nowS = this.sim.now;
    this.advance(nowS);
    this.arrivalLog.push(nowS);
    this.wArrivals++;
    const counted = nowS >= this.deps.warmupS;
    if (counted) this.requests++;
    const kv = this.deps.perf.kvCapacityTokens;
    if (this.queued >= this.config.queueLimit || prompt + output > kv) {
      // Queue full, or a request no replica's KV cache could ever hold.
      this.wDropped++;
      if (counted) this.dropped++;
      return;
    }
    const r = this.route(blocks);
    r.waiting.push({
      arrivalS: nowS,
      prompt,
      output: Math.max(1, output),
      blocks,
      generated: 0,
      firstTokenS: Number.NaN,
      cached: 0,
    });
    this.queued++;
    if (!r.busy) this.iterate(r);
  }

  /** Starts the replica's next iteration, if it has work. */
  private iterate(r: Replica): void {
    const perf = this.deps.perf;
    const nowS = this.sim.now;
    // Admit in order while KV and the prefill token budget allow (at least one per iteration).
    let budget = this.spec.maxBatchTokens;
    let prefillS = 0;
    const admitted: Request[] = [];
    while (r.waiting.length > 0) {
      const q = r.waiting[0];
      const need = q.prompt + q.output;
      if (r.kvUsed + need > perf.kvCapacityTokens) break;
      const cached = r.cache.match(q.blocks, q.prompt);
      const fresh = q.prompt - cached;
      if (admitted.length > 0 && fresh > budget) break;
      r.waiting.shift();
      this.queued--;
      r.kvUsed += need;
      q.cached = cached;
      budget -= fresh;
      prefillS += perf.prefillS(fresh, cached);
      r.cache.insert(q.blocks);
      admitted.push(q);
      if (q.arrivalS >= this.deps.warmupS) {
        this.waits.push(nowS - q.arrivalS);
        this.promptTokens += q.prompt;
        this.cachedTokens += cached;
      }
    }
    const decoding = r.running.length;
    if (admitted.length === 0 && decoding === 0) {
      if (r.busy) this.setBusy(r, false);
      if (r.state === "draining" && r.waiting.length === 0) this.remove(r);
      return;
    }
    let context = 0;
    for (const q of r.running) context += q.prompt + q.generated;
    const decodeS = decoding > 0 ? perf.decodeS(decoding, context / decoding) : 0;
    if (!r.busy) this.setBusy(r, true);
    this.sim.schedule(prefillS + decodeS, this.onIteration, { r, admitted });
  }

  private readonly onIteration = (x: { r: Replica; admitted: Request[] }): void => {
    const nowS = this.sim.now;
    this.advance(nowS);
    const { r, admitted } = x;
    const stillRunning: Request[] = [];
    // Running requests got one more token; the newly prefilled got their first.
    for (const q of r.running) {
      q.generated++;
      this.wTokens++;
      if (q.arrivalS >= this.deps.warmupS) this.outputTokens++;
      if (q.generated >= q.output) this.finish(r, q, nowS);
      else stillRunning.push(q);
    }
    for (const q of admitted) {
      q.generated = 1;
      q.firstTokenS = nowS;
      this.wTokens++;
      if (q.arrivalS >= this.deps.warmupS) this.outputTokens++;
      if (q.generated >= q.output) this.finish(r, q, nowS);
      else stillRunning.push(q);
    }
    r.running = stillRunning;
    this.iterate(r);
  };

  private finish(r: Replica, q: Request, nowS: number): void {
    r.kvUsed -= q.prompt + q.output;
    this.wCompleted++;
    if (q.arrivalS < this.deps.warmupS) return;
    this.completed++;
    const ttft = q.firstTokenS - q.arrivalS;
    const tpot = q.output > 1 ? (nowS - q.firstTokenS) / (q.output - 1) : 0;
    this.ttft.push(ttft);
    this.tpot.push(tpot);
    this.latencies.push(nowS - q.arrivalS);
    const s = this.spec.slo;
    const ok =
      (s.ttftS === undefined || ttft <= s.ttftS) &&
      (s.tpotS === undefined || tpot <= s.tpotS) &&
      (s.latencyS === undefined || nowS - q.arrivalS <= s.latencyS);
    if (ok) this.sloMet++;
  }

  /** Replicas up or starting now. */
  get activeReplicas(): number {
    let n = 0;
    for (const r of this.replicas) if (r.state !== "draining") n++;
    return n;
  }

  private trackReplicas(): void {
    const nowS = this.sim.now;
    this.replicaArea += this.activeReplicas * (nowS - this.replicaLastS);
    this.replicaSecondsMeasured += this.measuredReplicaSecondsSinceLast(nowS);
    this.replicaLastS = nowS;
  }

  private measuredReplicaSecondsSinceLast(nowS: number): number {
    const from = Math.max(this.replicaLastS, this.deps.warmupS);
    return nowS > from ? this.replicas.length * (nowS - from) : 0;
  }

  /** Replica-seconds held (draining replicas too) from warm-up to `nowS` (the horizon at the end). */
  replicaSecondsTo(nowS: number): number {
    return this.replicaSecondsMeasured + this.measuredReplicaSecondsSinceLast(nowS);
  }

  /**
   * Sizes the service to its requests in flight: ceil(in flight / targetOutstanding) replicas,
   * between min and max. New replicas take free accelerators (or, if allowed, stop training
   * jobs) and serve after the start-up delay; surplus ones drain and then give theirs back.
   */
  private autoscale(): void {
    const auto = this.spec.autoscale!;
    const capacity = this.deps.capacity;
    let inFlight = 0;
    for (const r of this.replicas) inFlight += r.outstanding;
    const want = Math.min(
      auto.max,
      Math.max(auto.min, Math.ceil(inFlight / auto.targetOutstanding)),
    );
    const active = this.activeReplicas;
    this.trackReplicas();
    if (want > active && capacity !== undefined) {
      for (let k = active; k < want; k++) {
        let domains = capacity.acquire(this.deps.perf.tp);
        if (
          domains === undefined &&
          auto.preemptTraining &&
          capacity.preemptTraining(this.deps.perf.tp)
        ) {
          this.trainingPreemptions++;
          domains = capacity.acquire(this.deps.perf.tp);
        }
        if (domains === undefined) break;
        const r = new Replica(this.spec.prefixCacheBlocks);
        r.state = "starting";
        r.domains = domains;
        this.replicas.push(r);
        this.scaleUps++;
        this.sim.schedule(auto.startupS, () => {
          if (r.state === "starting") r.state = "up";
        });
      }
    } else if (want < active) {
      // Drain the emptiest replicas that took accelerators from the pool (never below min).
      const candidates = this.replicas
        .filter((r) => r.state !== "draining" && r.domains.length > 0)
        .sort((a, b) => a.outstanding - b.outstanding);
      for (const r of candidates.slice(0, active - want)) {
        r.state = "draining";
        this.scaleDowns++;
        if (!r.busy && r.outstanding === 0) this.remove(r);
      }
    }
  }

  private remove(r: Replica): void {
    this.trackReplicas();
    this.replicas = this.replicas.filter((x) => x !== r);
    this.deps.capacity?.release(r.domains);
  }

  private setBusy(r: Replica, busy: boolean): void {
    r.busy = busy;
    this.busyReplicas += busy ? 1 : -1;
    this.deps.onBusyChange(this.sim.now, (busy ? 1 : -1) * this.deps.perf.tp);
  }

  /** Requests waiting now (all replicas). */
  get queuedNow(): number {
    return this.queued;
  }

  /** Writes this service's values for the window [startS, endS) and starts a new window. */
  recordWindow(rec: SeriesRecorder, startS: number, endS: number): void {
    this.advance(endS);
    const dt = endS - startS;
    const e = `service/${this.config.name}`;
    rec.record(startS, e, "arrivalsPerS", this.wArrivals / dt);
    rec.record(startS, e, "completedPerS", this.wCompleted / dt);
    rec.record(startS, e, "droppedPerS", this.wDropped / dt);
    rec.record(startS, e, "tokensPerS", this.wTokens / dt);
    this.trackReplicas();
    const replicas = this.replicaArea / dt;
    rec.record(startS, e, "replicas", replicas);
    rec.record(startS, e, "replicaUtilization", replicas > 0 ? this.busyArea / (replicas * dt) : 0);
    rec.record(startS, e, "queueLength", this.queueArea / dt);
    this.replicaArea = 0;
    this.wArrivals = this.wCompleted = this.wDropped = this.wTokens = 0;
    this.busyArea = this.queueArea = 0;
  }
}
