import { describe, expect, it } from "vitest";
import {
  TEMPERATURE_DEFAULT_TITLE,
  compileSpec,
  hasTemperature,
  renderSvg,
  temperatureSpec,
} from "../../src/plots/index.js";
import { HORIZON_S, START_ISO, shuffled, syntheticRows, without } from "./synthetic.js";

interface Cell {
  pool: string;
  timeH: number;
  endH: number;
  value: number | null;
}

const opts = { startIso: START_ISO, horizonS: HORIZON_S };

type Panel = { data: { values: Cell[] }; encoding: { color: { title: string } } };

describe("temperatureSpec", () => {
  const rows = syntheticRows();

  it("compiles to Vega without any vega-lite warning", () => {
    expect(compileSpec(temperatureSpec(rows, opts)).warnings).toEqual([]);
    expect(compileSpec(temperatureSpec(without(rows, "throttledFraction"), opts)).warnings).toEqual(
      [],
    );
  });

  it("renders heatmap cells, the title, axis titles and both colour legends in °C and %", async () => {
    const svg = await renderSvg(temperatureSpec(rows, opts));
    expect(svg).toMatch(/<g class="mark-rect role-mark[^"]*"[^>]*>\s*<path/);
    expect(svg).toContain(TEMPERATURE_DEFAULT_TITLE);
    expect(svg).toContain("Time (h)");
    expect(svg).toContain(">Pool<");
    expect(svg).toContain("Temperature (°C)");
    expect(svg).toContain("Throttled (%)");
    expect(svg).toContain(">h100-air<");
  });

  it("has one cell per pool in a hall and interval, and a throttling row for the same pools", () => {
    const spec = temperatureSpec(rows, opts) as unknown as { vconcat: Panel[] };
    const [temp, throttled] = spec.vconcat;
    expect(temp.data.values).toHaveLength(2 * 24);
    expect(new Set(temp.data.values.map((c) => c.pool))).toEqual(
      new Set(["gb200-liquid", "h100-air"]),
    );
    expect(temp.data.values.every((c) => c.endH === c.timeH + 1)).toBe(true);
    expect(throttled.data.values.some((c) => c.pool === "h100-air" && c.value === 0.4)).toBe(true);
    expect(throttled.data.values.some((c) => c.pool === "trn2-cloud")).toBe(false);
  });

  it("names the throttling peak in the subtitle", () => {
    const spec = temperatureSpec(rows, opts) as { title: { subtitle: string[] } };
    expect(spec.title.subtitle.join(" ")).toContain("throttling peaks at 40% of a pool");
  });

  it("shows the temperature panel alone when there is no throttling series", () => {
    const spec = temperatureSpec(without(rows, "throttledFraction"), opts) as {
      vconcat?: unknown;
      mark?: { type: string };
    };
    expect(spec.vconcat).toBeUndefined();
    expect(spec.mark?.type).toBe("rect");
  });

  it("gives a byte-identical spec JSON for the same rows, also when they arrive reordered", () => {
    const a = JSON.stringify(temperatureSpec(rows, opts));
    expect(JSON.stringify(temperatureSpec(syntheticRows(), opts))).toBe(a);
    expect(JSON.stringify(temperatureSpec(shuffled(rows), opts))).toBe(a);
  });

  it("reports no temperature data when no pool has a temperature", () => {
    expect(hasTemperature(rows)).toBe(true);
    expect(hasTemperature(without(rows, "tempC"))).toBe(false);
    expect(hasTemperature([])).toBe(false);
  });
});
