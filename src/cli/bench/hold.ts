/**
 * `aidcsim bench hold`: the classic hold model for event-queue speed. `pending` events start at
 * Exponential(1) times; each event that fires schedules one more at now + Exponential(1), so the
 * queue stays at `pending` entries while `events` fire. Measures the engine, not a model.
 */
import { performance } from "node:perf_hooks";
import { Simulator } from "../../engine/index.js";
import { Streams } from "../../random/index.js";
import { checkInteger } from "./check.js";

export interface HoldOptions {
  /** Events pending in the queue throughout. */
  pending: number;
  /** Events to fire (the timed part). */
  events: number;
  seed: number;
}

export const HOLD_DEFAULTS: Readonly<HoldOptions> = {
  pending: 60_000,
  events: 5_000_000,
  seed: 1,
};

export interface HoldResult {
  bench: "hold";
  pending: number;
  /** Events fired (each a hold: one removal and one insertion). */
  events: number;
  /** Wall time of firing the events, not of filling the queue first. */
  wallS: number;
  eventsPerS: number;
}

/**
 * Runs the hold benchmark.
 * @throws RangeError on a bad option (pending, events >= 1 integers); Error if fewer events fired
 */
export function runHold(options: Partial<HoldOptions> = {}): HoldResult {
  const o: HoldOptions = { ...HOLD_DEFAULTS, ...options };
  checkInteger("hold", "pending", o.pending, 1);
  checkInteger("hold", "events", o.events, 1);
  checkInteger("hold", "seed", o.seed, 0);
  const delays = new Streams(o.seed).get("hold/delays");
  const sim = new Simulator(o.pending + 1);
  const hold = (): void => {
    sim.schedule(delays.exponential(1), hold);
  };
  for (let i = 0; i < o.pending; i++) sim.schedule(delays.exponential(1), hold);

  const t0 = performance.now();
  const fired = sim.run({ maxEvents: o.events }).events;
  const wallS = (performance.now() - t0) / 1000;
  if (fired !== o.events) {
    throw new Error(`bench hold: ${fired} events fired, expected ${o.events}`);
  }
  return { bench: "hold", pending: o.pending, events: fired, wallS, eventsPerS: fired / wallS };
}
