import { describe, expect, it } from "vitest";
import {
  poolPowerSpec,
  powerSpec,
  pueSpec,
  queueSpec,
  renderSvg,
  siteNames,
  temperatureSpec,
  waitEcdfSpec,
} from "../../src/plots/index.js";
import {
  SUBTITLE_LINE_CHARS,
  closeSteps,
  inferIntervalS,
  subtitleLines,
  timeAxis,
  timeSubtitle,
} from "../../src/plots/timeline.js";

describe("timeline helpers", () => {
  it("wraps subtitle parts into lines short enough not to widen the chart", () => {
    const parts = ["first note", "x".repeat(80), "short", "", "y".repeat(120)];
    const lines = subtitleLines(parts);
    expect(lines).toEqual(["First note;", `${"x".repeat(80)}; short;`, "y".repeat(120)]);
    for (const line of lines.slice(0, 2)) {
      expect(line.length).toBeLessThanOrEqual(SUBTITLE_LINE_CHARS);
    }
    expect(timeSubtitle({ startIso: "2027-01-01T00:00Z" }, ["a"])).toEqual([
      "Hours since 2027-01-01 00:00 UTC; a",
    ]);
    expect(timeSubtitle({ startIso: "2027-01-01T00:00:00.000Z" }, [])).toEqual([
      "Hours since 2027-01-01 00:00 UTC",
    ]);
    expect(timeSubtitle({ startIso: "2027-01-01T06:30:15.000Z" }, [])).toEqual([
      "Hours since 2027-01-01 06:30:15 UTC",
    ]);
  });

  it("reads long runs in days: the subtitle, the axis title and whole-day ticks", () => {
    const year = 365 * 86_400;
    expect(timeSubtitle({ startIso: "2027-01-01T00:00Z", horizonS: year }, [])).toEqual([
      "Days since 2027-01-01 00:00 UTC",
    ]);
    const { title, axis } = timeAxis(year);
    expect(title).toBe("Time (days)");
    // 365 days: ticks every 60 days (at most a dozen), placed on the hours the data use.
    expect(axis.values).toEqual([0, 60, 120, 180, 240, 300, 360].map((d) => d * 24));
    expect(timeAxis(180 * 86_400).axis.values).toEqual(
      [0, 30, 60, 90, 120, 150, 180].map((d) => d * 24),
    );
    // Two weeks and shorter stay in hours.
    expect(timeAxis(14 * 86_400).title).toBe("Time (h)");
    expect(timeSubtitle({ startIso: "2027-01-01T00:00Z", horizonS: 86_400 }, [])).toEqual([
      "Hours since 2027-01-01 00:00 UTC",
    ]);
  });

  it("closes each series at the end of its last interval, cut at the horizon", () => {
    const points = [
      { k: "a", timeH: 0, value: 1 },
      { k: "a", timeH: 1, value: 2 },
      { k: "b", timeH: 0, value: 3 },
    ];
    expect(closeSteps(points, (p) => p.k, 1, 5400)).toEqual([
      { k: "a", timeH: 0, value: 1 },
      { k: "a", timeH: 1, value: 2 },
      { k: "a", timeH: 1.5, value: 2 },
      { k: "b", timeH: 0, value: 3 },
      { k: "b", timeH: 1, value: 3 },
    ]);
  });

  it("infers the output interval from the smallest gap between times", () => {
    const row = (timeS: number) => ({ timeS, entity: "training", metric: "m", value: 0 });
    expect(inferIntervalS([row(0), row(900), row(900), row(2700)])).toBe(900);
    expect(inferIntervalS([row(0)], 60)).toBe(60);
  });

  it("lists sites sorted by code unit", () => {
    const row = (entity: string) => ({ timeS: 0, entity, metric: "pue", value: 1 });
    expect(siteNames([row("site/b"), row("site/B"), row("pool/a"), row("site/b")])).toEqual([
      "B",
      "b",
    ]);
  });

  it("renders every view without warnings even when it has no data at all", async () => {
    for (const spec of [
      powerSpec([]),
      pueSpec([]),
      temperatureSpec([]),
      queueSpec([]),
      poolPowerSpec([]),
      waitEcdfSpec([]),
    ]) {
      await expect(renderSvg(spec)).resolves.toMatch(/^<svg/);
    }
  });
});
