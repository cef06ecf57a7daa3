import { describe, expect, it } from "vitest";
import { type Stream, Streams } from "../../src/random/index.js";

function take(stream: Stream, n: number): number[] {
  return Array.from({ length: n }, () => stream.next());
}

describe("Streams", () => {
  it("gives identical sequences for the same seed and name", () => {
    const a = new Streams(42).get("inference/chat/arrivals");
    const b = new Streams(42).get("inference/chat/arrivals");
    expect(take(a, 1000)).toEqual(take(b, 1000));
  });

  it("pins the derivation: seed 42, stream 'golden' starts with known draws", () => {
    // If this changes, every stored regression baseline changes with it.
    expect(take(new Streams(42).get("golden"), 3)).toEqual([
      0.5087371659465134, 0.541697210399434, 0.26066669495776296,
    ]);
  });

  it("gives different sequences for different names", () => {
    const streams = new Streams(42);
    expect(take(streams.get("a"), 10)).not.toEqual(take(streams.get("b"), 10));
  });

  it("gives different sequences for different seeds", () => {
    expect(take(new Streams(1).get("a"), 10)).not.toEqual(take(new Streams(2).get("a"), 10));
  });

  it("treats a numeric seed and its decimal string alike", () => {
    expect(take(new Streams(7).get("x"), 5)).toEqual(take(new Streams("7").get("x"), 5));
  });

  it("returns the same Stream object for the same name, continuing its sequence", () => {
    const streams = new Streams(5);
    const first = streams.get("jobs");
    const drawn = take(first, 3);
    expect(streams.get("jobs")).toBe(first);
    expect(take(first, 3)).toEqual(take(new Streams(5).get("jobs"), 6).slice(3));
    expect(drawn).toEqual(take(new Streams(5).get("jobs"), 3));
  });

  it("does not change a stream's draws when streams are created in another order", () => {
    const ab = new Streams(9);
    ab.get("a");
    const bFirst = new Streams(9);
    bFirst.get("b");
    const b2 = bFirst.get("a");
    expect(take(ab.get("a"), 100)).toEqual(take(b2, 100));
  });

  it("does not change a stream's draws when another stream is added and drawn from", () => {
    const alone = new Streams(9).get("training/arrivals");
    const withExtra = new Streams(9);
    const extra = withExtra.get("inference/new-service");
    const target = withExtra.get("training/arrivals");
    const interleaved: number[] = [];
    for (let i = 0; i < 100; i++) {
      extra.exponential(2);
      interleaved.push(target.next());
      extra.normal(0, 1);
    }
    expect(interleaved).toEqual(take(alone, 100));
  });

  it("seeds streams with adjacent names independently", () => {
    // First draws of 10,000 streams named job/0..job/9999: uniform, and uncorrelated neighbours.
    const streams = new Streams(42);
    const n = 10_000;
    const first = Array.from({ length: n }, (_, i) => streams.get(`job/${i}`).next());
    const mean = first.reduce((a, b) => a + b) / n;
    expect(Math.abs(mean - 0.5)).toBeLessThanOrEqual(5 * Math.sqrt(1 / 12 / n));
    let cov = 0;
    for (let i = 1; i < n; i++) cov += (first[i - 1] - 0.5) * (first[i] - 0.5);
    const correlation = cov / (n - 1) / (1 / 12);
    expect(Math.abs(correlation)).toBeLessThanOrEqual(5 / Math.sqrt(n));
  });

  it("rejects a seed that is not finite, naming it", () => {
    expect(() => new Streams(NaN)).toThrow(
      new RangeError("Streams: seed must be a finite number, got NaN"),
    );
    expect(() => new Streams(Infinity)).toThrow(/got Infinity$/);
  });

  it("rejects an empty seed string or one containing ':', naming it", () => {
    expect(() => new Streams("")).toThrow(RangeError);
    expect(() => new Streams("a:b")).toThrow(
      /seed must be a non-empty string without ":", got "a:b"/,
    );
  });

  it("rejects an empty stream name", () => {
    expect(() => new Streams(1).get("")).toThrow(
      new RangeError('Streams.get: name must be non-empty, got ""'),
    );
  });
});
