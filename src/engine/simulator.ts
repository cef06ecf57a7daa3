/**
 * The discrete-event engine: a virtual clock and an event queue with a total order
 * `(time, priority, sequence)`. It knows nothing of accelerators, watts, dollars or files.
 *
 * Speed notes (the hot path of every simulation):
 * - events live in reusable slots backed by typed arrays; scheduling allocates nothing once the
 *   arrays have grown to the peak number of pending events;
 * - the heap keeps each entry's time beside its slot index, so most comparisons read one
 *   contiguous Float64Array; priority and sequence are read only on equal times;
 * - cancel removes the event from the heap at once (no tombstones), so `pending` is exact.
 */

/** A callback run when its event fires; receives the payload given at scheduling. */
export type Handler<P = unknown> = (payload: P) => void;

/** Opaque handle of a scheduled event, for {@link Simulator.cancel}. */
export type EventId = number;

export interface RunOptions {
  /** Stop before any event later than this time (seconds); the clock ends at `until`. */
  until?: number;
  /** Stop after this many events have fired in this call. */
  maxEvents?: number;
}

export type StopReason = "empty" | "until" | "maxEvents" | "stopped";

export interface RunResult {
  /** Events fired during this call. */
  events: number;
  reason: StopReason;
  /** Clock at return (seconds). */
  timeS: number;
}

const SLOT_BITS = 2 ** 24; // at most 16.7 M events pending at once
const PRIORITY_MIN = -(2 ** 31);
const PRIORITY_MAX = 2 ** 31 - 1;

export class Simulator {
  /** Current simulated time in seconds. */
  now = 0;

  private capacity: number;
  // Per slot.
  private slotPriority: Int32Array;
  private slotSeq: Float64Array;
  private slotGen: Float64Array;
  private slotHeapPos: Int32Array;
  private handlers: (Handler<never> | undefined)[];
  private payloads: unknown[];
  private freeSlots: Int32Array;
  private freeCount = 0;
  private nextUnused = 0;
  // Heap, by position.
  private heapTime: Float64Array;
  private heapSlot: Int32Array;
  private size = 0;

  private seq = 0;
  private totalEvents = 0;
  private running = false;
  private stopRequested = false;

  constructor(initialCapacity = 1024) {
    this.capacity = Math.max(16, initialCapacity | 0);
    const n = this.capacity;
    this.slotPriority = new Int32Array(n);
    this.slotSeq = new Float64Array(n);
    this.slotGen = new Float64Array(n);
    this.slotHeapPos = new Int32Array(n).fill(-1);
    this.handlers = new Array<Handler<never> | undefined>(n);
    this.payloads = new Array<unknown>(n);
    this.freeSlots = new Int32Array(n);
    this.heapTime = new Float64Array(n);
    this.heapSlot = new Int32Array(n);
  }

  /** Number of events waiting to fire. */
  get pending(): number {
    return this.size;
  }

  /** Events fired since construction, over all `run` calls. */
  get eventsFired(): number {
    return this.totalEvents;
  }

  /** Time of the next event, or `Infinity` if none is pending. */
  peekTime(): number {
    return this.size > 0 ? this.heapTime[0] : Infinity;
  }

  /**
   * Schedules `handler(payload)` after `delayS` seconds.
   * @throws RangeError if the delay is negative, NaN or infinite, or the priority is not an int32.
   */
  schedule<P>(delayS: number, handler: Handler<P>, payload?: P, priority = 0): EventId {
    if (!(delayS >= 0) || delayS === Infinity) {
      throw new RangeError(`schedule: delay must be a finite number >= 0 seconds, got ${delayS}`);
    }
    return this.insert(this.now + delayS, handler as Handler<never>, payload, priority);
  }

  /**
   * Schedules `handler(payload)` at absolute time `timeS`.
   * @throws RangeError if the time is NaN, infinite or earlier than `now`.
   */
  scheduleAt<P>(timeS: number, handler: Handler<P>, payload?: P, priority = 0): EventId {
    if (!Number.isFinite(timeS)) {
      throw new RangeError(`scheduleAt: time must be a finite number of seconds, got ${timeS}`);
    }
    if (timeS < this.now) {
      throw new RangeError(`scheduleAt: time ${timeS} is in the past (now ${this.now})`);
    }
    return this.insert(timeS, handler as Handler<never>, payload, priority);
  }

  /** Removes a pending event. Returns false if it already fired or was cancelled. */
  cancel(id: EventId): boolean {
    const slot = id % SLOT_BITS;
    const gen = (id - slot) / SLOT_BITS;
    if (slot < 0 || slot >= this.nextUnused || this.slotGen[slot] !== gen) return false;
    const pos = this.slotHeapPos[slot];
    if (pos < 0) return false;
    this.removeAt(pos);
    this.releaseSlot(slot);
    return true;
  }

  /** Asks a running `run` to return after the current event. */
  stop(): void {
    this.stopRequested = true;
  }

  /**
   * Fires events in `(time, priority, sequence)` order until the queue is empty, the next event
   * is later than `until`, `maxEvents` have fired, or a handler calls {@link stop}.
   * @throws Error if called from inside a handler; RangeError on a bad `until`/`maxEvents`.
   */
  run(options: RunOptions = {}): RunResult {
    if (this.running) throw new Error("run: the simulator is already running (re-entrant call)");
    const until = options.until ?? Infinity;
    const maxEvents = options.maxEvents ?? Infinity;
    if (Number.isNaN(until) || until < this.now) {
      throw new RangeError(`run: until must be >= now (${this.now}), got ${until}`);
    }
    if (!(maxEvents >= 0)) {
      throw new RangeError(`run: maxEvents must be >= 0, got ${maxEvents}`);
    }
    this.running = true;
    this.stopRequested = false;
    let fired = 0;
    let reason: StopReason = "empty";
    const handlers = this.handlers;
    const payloads = this.payloads;
    try {
      while (this.size > 0) {
        if (fired >= maxEvents) {
          reason = "maxEvents";
          break;
        }
        const t = this.heapTime[0];
        if (t > until) {
          reason = "until";
          break;
        }
        const slot = this.heapSlot[0];
        this.removeAt(0);
        const handler = handlers[slot] as Handler<unknown>;
        const payload = payloads[slot];
        this.releaseSlot(slot);
        this.now = t;
        fired++;
        handler(payload);
        if (this.stopRequested) {
          reason = "stopped";
          break;
        }
      }
    } finally {
      this.running = false;
      this.totalEvents += fired;
    }
    if ((reason === "empty" || reason === "until") && until !== Infinity) this.now = until;
    return { events: fired, reason, timeS: this.now };
  }

  private insert(
    timeS: number,
    handler: Handler<never>,
    payload: unknown,
    priority: number,
  ): EventId {
    if (!Number.isInteger(priority) || priority < PRIORITY_MIN || priority > PRIORITY_MAX) {
      throw new RangeError(`schedule: priority must be a 32-bit integer, got ${priority}`);
    }
    const slot = this.acquireSlot();
    this.slotPriority[slot] = priority;
    this.slotSeq[slot] = this.seq++;
    this.handlers[slot] = handler;
    this.payloads[slot] = payload;
    this.siftUp(this.size++, timeS, slot);
    return this.slotGen[slot] * SLOT_BITS + slot;
  }

  private acquireSlot(): number {
    if (this.freeCount > 0) return this.freeSlots[--this.freeCount];
    if (this.nextUnused === this.capacity) this.grow();
    return this.nextUnused++;
  }

  private releaseSlot(slot: number): void {
    this.handlers[slot] = undefined;
    this.payloads[slot] = undefined;
    this.slotHeapPos[slot] = -1;
    this.slotGen[slot]++;
    this.freeSlots[this.freeCount++] = slot;
  }

  private grow(): void {
    const n = this.capacity * 2;
    if (n > SLOT_BITS) {
      throw new RangeError(`Simulator: more than ${SLOT_BITS} events pending at once`);
    }
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.slotPriority = i32(this.slotPriority);
    this.slotSeq = f64(this.slotSeq);
    this.slotGen = f64(this.slotGen);
    const pos = new Int32Array(n).fill(-1);
    pos.set(this.slotHeapPos);
    this.slotHeapPos = pos;
    this.freeSlots = i32(this.freeSlots);
    this.heapTime = f64(this.heapTime);
    this.heapSlot = i32(this.heapSlot);
    this.handlers.length = n;
    this.payloads.length = n;
    this.capacity = n;
  }

  /** True if the entry (time tA, slot a) fires before (tB, b). */
  private before(tA: number, a: number, tB: number, b: number): boolean {
    if (tA !== tB) return tA < tB;
    const pa = this.slotPriority[a];
    const pb = this.slotPriority[b];
    if (pa !== pb) return pa < pb;
    return this.slotSeq[a] < this.slotSeq[b];
  }

  /** Places (timeS, slot) at or above position `pos`, moving larger parents down. */
  private siftUp(pos: number, timeS: number, slot: number): void {
    const ht = this.heapTime;
    const hs = this.heapSlot;
    const hp = this.slotHeapPos;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const pt = ht[parent];
      const ps = hs[parent];
      if (!this.before(timeS, slot, pt, ps)) break;
      ht[pos] = pt;
      hs[pos] = ps;
      hp[ps] = pos;
      pos = parent;
    }
    ht[pos] = timeS;
    hs[pos] = slot;
    hp[slot] = pos;
  }

  /** Places (timeS, slot) at or below position `pos`, moving smaller children up. */
  private siftDown(pos: number, timeS: number, slot: number): void {
    const ht = this.heapTime;
    const hs = this.heapSlot;
    const hp = this.slotHeapPos;
    const n = this.size;
    for (;;) {
      let child = 2 * pos + 1;
      if (child >= n) break;
      let ct = ht[child];
      let cs = hs[child];
      const right = child + 1;
      if (right < n) {
        const rt = ht[right];
        const rs = hs[right];
        if (this.before(rt, rs, ct, cs)) {
          child = right;
          ct = rt;
          cs = rs;
        }
      }
      if (!this.before(ct, cs, timeS, slot)) break;
      ht[pos] = ct;
      hs[pos] = cs;
      hp[cs] = pos;
      pos = child;
    }
    ht[pos] = timeS;
    hs[pos] = slot;
    hp[slot] = pos;
  }

  private removeAt(pos: number): void {
    const last = --this.size;
    if (pos === last) return;
    const t = this.heapTime[last];
    const s = this.heapSlot[last];
    if (
      pos > 0 &&
      this.before(t, s, this.heapTime[(pos - 1) >> 1], this.heapSlot[(pos - 1) >> 1])
    ) {
      this.siftUp(pos, t, s);
    } else {
      this.siftDown(pos, t, s);
    }
  }
}
