import { describe, expect, it } from "vitest";
import { Simulator } from "../../src/engine/index.js";

function logger(sim: Simulator, log: string[]) {
  return (label: string) => log.push(`${sim.now}:${label}`);
}

describe("Simulator event order", () => {
  it("fires events in time order and advances the clock", () => {
    const sim = new Simulator();
    const log: string[] = [];
    const rec = logger(sim, log);
    sim.schedule(3, rec, "c");
    sim.schedule(1, rec, "a");
    sim.schedule(2, rec, "b");
    const r = sim.run();
    expect(log).toEqual(["1:a", "2:b", "3:c"]);
    expect(r).toEqual({ events: 3, reason: "empty", timeS: 3 });
  });

  it("fires equal-time events in scheduling order", () => {
    const sim = new Simulator(16);
    const log: string[] = [];
    const rec = logger(sim, log);
    for (let i = 0; i < 100; i++) sim.schedule(5, rec, `e${i}`);
    sim.run();
    expect(log).toEqual(Array.from({ length: 100 }, (_, i) => `5:e${i}`));
  });

  it("fires lower priority values first at equal times, then by sequence", () => {
    const sim = new Simulator();
    const log: string[] = [];
    const rec = logger(sim, log);
    sim.schedule(1, rec, "p0-first", 0);
    sim.schedule(1, rec, "p1", 1);
    sim.schedule(1, rec, "p-1", -1);
    sim.schedule(1, rec, "p0-second", 0);
    sim.schedule(0.5, rec, "early", 9);
    sim.run();
    expect(log).toEqual(["0.5:early", "1:p-1", "1:p0-first", "1:p0-second", "1:p1"]);
  });

  it("runs events that handlers schedule at the current time after those already queued", () => {
    const sim = new Simulator();
    const log: string[] = [];
    const rec = logger(sim, log);
    sim.schedule(1, () => {
      rec("a");
      sim.schedule(0, rec, "a-child");
    });
    sim.schedule(1, rec, "b");
    sim.run();
    expect(log).toEqual(["1:a", "1:b", "1:a-child"]);
  });

  it("keeps the total order through heavy interleaving of schedule and cancel", () => {
    const sim = new Simulator(16);
    const fired: number[] = [];
    const ids: number[] = [];
    // A deterministic pseudo-random pattern (no RNG needed).
    for (let i = 0; i < 2000; i++) {
      const t = (i * 7919) % 101;
      ids.push(sim.schedule(t, (k: number) => fired.push(k), i));
    }
    for (let i = 0; i < 2000; i += 3) sim.cancel(ids[i]);
    sim.run();
    const expected = Array.from({ length: 2000 }, (_, i) => i)
      .filter((i) => i % 3 !== 0)
      .sort((a, b) => ((a * 7919) % 101) - ((b * 7919) % 101) || a - b);
    expect(fired).toEqual(expected);
  });
});

describe("Simulator cancel", () => {
  it("removes a pending event so it never fires", () => {
    const sim = new Simulator();
    const log: string[] = [];
    const rec = logger(sim, log);
    sim.schedule(1, rec, "a");
    const id = sim.schedule(2, rec, "b");
    sim.schedule(3, rec, "c");
    expect(sim.cancel(id)).toBe(true);
    expect(sim.pending).toBe(2);
    sim.run();
    expect(log).toEqual(["1:a", "3:c"]);
  });

  it("returns false for an event that already fired or was cancelled", () => {
    const sim = new Simulator();
    const a = sim.schedule(1, () => {});
    const b = sim.schedule(2, () => {});
    expect(sim.cancel(b)).toBe(true);
    expect(sim.cancel(b)).toBe(false);
    sim.run();
    expect(sim.cancel(a)).toBe(false);
  });

  it("does not cancel a newer event that reuses a fired event's slot", () => {
    const sim = new Simulator();
    const log: string[] = [];
    const rec = logger(sim, log);
    const old = sim.schedule(1, rec, "old");
    sim.run();
    sim.schedule(1, rec, "new");
    expect(sim.cancel(old)).toBe(false);
    sim.run();
    expect(log).toEqual(["1:old", "2:new"]);
  });

  it("lets a handler cancel a later event", () => {
    const sim = new Simulator();
    const log: string[] = [];
    const rec = logger(sim, log);
    const later = sim.schedule(5, rec, "later");
    sim.schedule(1, () => {
      rec("canceller");
      sim.cancel(later);
    });
    sim.run();
    expect(log).toEqual(["1:canceller"]);
  });
});

describe("Simulator run limits", () => {
  it("stops before events later than until and sets the clock to until", () => {
    const sim = new Simulator();
    const log: string[] = [];
    const rec = logger(sim, log);
    sim.schedule(1, rec, "a");
    sim.schedule(2, rec, "b");
    sim.schedule(3, rec, "c");
    const r = sim.run({ until: 2 });
    expect(log).toEqual(["1:a", "2:b"]);
    expect(r).toEqual({ events: 2, reason: "until", timeS: 2 });
    expect(sim.pending).toBe(1);
    sim.run({ until: 10 });
    expect(log).toEqual(["1:a", "2:b", "3:c"]);
    expect(sim.now).toBe(10);
  });

  it("stops after maxEvents and can resume", () => {
    const sim = new Simulator();
    const log: string[] = [];
    const rec = logger(sim, log);
    for (let i = 1; i <= 5; i++) sim.schedule(i, rec, `e${i}`);
    expect(sim.run({ maxEvents: 2 })).toEqual({ events: 2, reason: "maxEvents", timeS: 2 });
    expect(log).toEqual(["1:e1", "2:e2"]);
    sim.run();
    expect(log).toHaveLength(5);
    expect(sim.eventsFired).toBe(5);
  });

  it("returns after the current event when a handler calls stop", () => {
    const sim = new Simulator();
    const log: string[] = [];
    const rec = logger(sim, log);
    sim.schedule(1, () => {
      rec("stopper");
      sim.stop();
    });
    sim.schedule(2, rec, "after");
    expect(sim.run().reason).toBe("stopped");
    expect(log).toEqual(["1:stopper"]);
  });

  it("grows past its initial capacity without losing events", () => {
    const sim = new Simulator(16);
    let n = 0;
    for (let i = 0; i < 10_000; i++) sim.schedule(10_000 - i, () => n++);
    expect(sim.pending).toBe(10_000);
    sim.run();
    expect(n).toBe(10_000);
  });
});

describe("Simulator invariants", () => {
  it("rejects a negative delay with the value", () => {
    expect(() => new Simulator().schedule(-1, () => {})).toThrow(/delay .* got -1/);
  });

  it("rejects a NaN or infinite delay", () => {
    const sim = new Simulator();
    expect(() => sim.schedule(NaN, () => {})).toThrow(/got NaN/);
    expect(() => sim.schedule(Infinity, () => {})).toThrow(/got Infinity/);
  });

  it("rejects scheduling in the past with the time and the clock", () => {
    const sim = new Simulator();
    sim.schedule(10, () => {});
    sim.run();
    expect(() => sim.scheduleAt(5, () => {})).toThrow("scheduleAt: time 5 is in the past (now 10)");
  });

  it("rejects a NaN absolute time", () => {
    expect(() => new Simulator().scheduleAt(NaN, () => {})).toThrow(/got NaN/);
  });

  it("rejects a non-integer priority", () => {
    expect(() => new Simulator().schedule(1, () => {}, undefined, 0.5)).toThrow(/priority .* 0.5/);
  });

  it("rejects a re-entrant run", () => {
    const sim = new Simulator();
    sim.schedule(1, () => sim.run());
    expect(() => sim.run()).toThrow(/re-entrant/);
  });

  it("rejects an until earlier than now", () => {
    const sim = new Simulator();
    sim.schedule(5, () => {});
    sim.run();
    expect(() => sim.run({ until: 1 })).toThrow(/until must be >= now/);
  });
});
