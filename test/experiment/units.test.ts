import { describe, expect, it } from "vitest";
import {
  durationToS,
  isTimeText,
  parseDateMs,
  parseDurationS,
  timeToS,
} from "../../src/experiment/units.js";

describe("time units", () => {
  it("reads durations with every unit", () => {
    expect(["90s", "15m", "6h", "30d", "12w", "1y", "250ms", "1.5h"].map(parseDurationS)).toEqual([
      90, 900, 21_600, 2_592_000, 7_257_600, 31_536_000, 0.25, 5400,
    ]);
  });

  it("rejects text that is not a duration", () => {
    expect(parseDurationS("3 days")).toBeUndefined();
    expect(parseDurationS("h")).toBeUndefined();
    expect(() => durationToS("soon")).toThrow(
      /not a duration: "soon"; expected a number of seconds/,
    );
  });

  it("reads dates as UTC when no zone is given and honours offsets", () => {
    expect(parseDateMs("2027-01-01")).toBe(Date.UTC(2027, 0, 1));
    expect(parseDateMs("2027-01-01T06:00")).toBe(Date.UTC(2027, 0, 1, 6));
    expect(parseDateMs("2027-01-01T06:00+02:00")).toBe(Date.UTC(2027, 0, 1, 4));
    expect(parseDateMs("2027-13-01")).toBeUndefined();
  });

  it("turns times into seconds from start", () => {
    const start = Date.UTC(2027, 0, 1);
    expect(timeToS(42, start)).toBe(42);
    expect(timeToS("2h", start)).toBe(7200);
    expect(timeToS("2027-01-02T00:00Z", start)).toBe(86_400);
    expect(isTimeText("2027-01-02")).toBe(true);
    expect(isTimeText("tomorrow")).toBe(false);
  });
});
