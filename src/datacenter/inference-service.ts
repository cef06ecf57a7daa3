/**
 * An inference service at its first fidelity: fixed replicas, each serving up to
 * `concurrencyPerReplica` requests at once with a given service time, one FIFO queue in front,
 * arrivals dropped when the queue is full.
 */
import type { Simulator } from "../engine/index.js";
import { clampDurationS } from "./durations.js";
import type { SeriesRecorder } from "../metrics/index.js";
import { ServiceStats } from "./service-stats.js";
import type { Streams } from "../random/index.js";
import {
  arrivalTimes,
  makeSampler,
  type InferenceServiceConfig,
  type Sampler,
} from "../workloads/index.js";

export interface ServiceDeps {
  sim: Simulator;
  streams: Streams;
  warmupS: number;
  /** Called when busy accelerators change (fractional: a replica is busy in proportion). */
  onBusyChange: (nowS: number, deltaAccelerators: number) => void;
}

export class InferenceService extends ServiceStats {
  readonly slots: number;
  private busySlots = 0;
  private readonly acceleratorsPerSlot: number;
  private queue: Float64Array;
  private qHead = 0;
  private qLen = 0;
  private readonly nextArrival: () => number;
  private readonly serviceTime: Sampler;
  private readonly sim: Simulator;
  // Per output window.
  private wArrivals = 0;
  private wCompleted = 0;
  private wDropped = 0;
  private busyArea = 0;
  private queueArea = 0;
  private lastS = 0;

  constructor(
    readonly config: InferenceServiceConfig,
    private readonly deps: ServiceDeps,
  ) {
    super();
    this.sim = deps.sim;
    this.slots = config.replicas * config.concurrencyPerReplica;
    this.acceleratorsPerSlot = config.acceleratorsPerReplica / config.concurrencyPerReplica;
    this.queue = new Float64Array(Math.min(Math.max(16, config.queueLimit), 1 << 16));
    this.nextArrival = arrivalTimes(
      config.arrivals,
      deps.streams.get(`inference/${config.name}/arrivals`),
    );
    this.serviceTime = makeSampler(
      config.serviceTimeS,
      deps.streams.get(`inference/${config.name}/service`),
    );
    const first = this.nextArrival();
    if (Number.isFinite(first)) this.sim.scheduleAt(first, this.onArrival);
  }

  private advance(nowS: number): void {
    const dt = nowS - this.lastS;
    this.busyArea += this.busySlots * dt;
    this.queueArea += this.qLen * dt;
    this.lastS = nowS;
  }

  private readonly onArrival = (): void => {
    const nowS = this.sim.now;
    this.advance(nowS);
    this.wArrivals++;
    if (nowS >= this.deps.warmupS) this.requests++;
    if (this.busySlots < this.slots) {
      this.startService(nowS, nowS);
    } else if (this.qLen < this.config.queueLimit) {
      this.enqueue(nowS);
    } else {
      this.wDropped++;
      if (nowS >= this.deps.warmupS) this.dropped++;
    }
    const next = this.nextArrival();
    if (Number.isFinite(next)) this.sim.scheduleAt(next, this.onArrival);
  };

  private startService(nowS: number, arrivalS: number): void {
    this.busySlots++;
    this.deps.onBusyChange(nowS, this.acceleratorsPerSlot);
    if (arrivalS >= this.deps.warmupS) this.waits.push(nowS - arrivalS);
    this.sim.schedule(clampDurationS(this.serviceTime()), this.onDone, arrivalS);
  }

  private readonly onDone = (arrivalS: number): void => {
    const nowS = this.sim.now;
    this.advance(nowS);
    this.busySlots--;
    this.deps.onBusyChange(nowS, -this.acceleratorsPerSlot);
    this.wCompleted++;
    if (arrivalS >= this.deps.warmupS) {
      this.completed++;
      const latency = nowS - arrivalS;
      this.latencies.push(latency);
      if (this.config.sloLatencyS !== undefined && latency <= this.config.sloLatencyS)
        this.sloMet++;
    }
    if (this.qLen > 0) this.startService(nowS, this.dequeue());
  };

  private enqueue(arrivalS: number): void {
    if (this.qLen === this.queue.length) {
      const bigger = new Float64Array(this.queue.length * 2);
      for (let i = 0; i < this.qLen; i++)
        bigger[i] = this.queue[(this.qHead + i) % this.queue.length];
      this.queue = bigger;
      this.qHead = 0;
    }
    this.queue[(this.qHead + this.qLen) % this.queue.length] = arrivalS;
    this.qLen++;
  }

  private dequeue(): number {
    const v = this.queue[this.qHead];
    this.qHead = (this.qHead + 1) % this.queue.length;
    this.qLen--;
    return v;
  }

  /** Requests waiting now. */
  get queued(): number {
    return this.qLen;
  }

  /** Writes this service's values for the window [startS, endS) and starts a new window. */
  recordWindow(rec: SeriesRecorder, startS: number, endS: number): void {
    this.advance(endS);
    const dt = endS - startS;
    const e = `service/${this.config.name}`;
    rec.record(startS, e, "arrivalsPerS", this.wArrivals / dt);
    rec.record(startS, e, "completedPerS", this.wCompleted / dt);
    rec.record(startS, e, "droppedPerS", this.wDropped / dt);
    rec.record(startS, e, "slotUtilization", this.busyArea / (this.slots * dt));
    rec.record(startS, e, "queueLength", this.queueArea / dt);
    this.wArrivals = this.wCompleted = this.wDropped = 0;
    this.busyArea = this.queueArea = 0;
  }
}
