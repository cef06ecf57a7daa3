import { describe, expect, it } from "vitest";
import {
  POOL_POWER_DEFAULT_TITLE,
  compileSpec,
  hasPoolPower,
  poolColours,
  poolNames,
  poolPowerSpec,
  renderSvg,
} from "../../src/plots/index.js";
import { HORIZON_S, START_ISO, shuffled, syntheticRows, valuesOf, without } from "./synthetic.js";

interface Point {
  pool: string;
  timeH: number;
  value: number;
}

const opts = { startIso: START_ISO, horizonS: HORIZON_S };

describe("poolPowerSpec", () => {
  const rows = syntheticRows();

  it("compiles to Vega without any vega-lite warning", () => {
    expect(compileSpec(poolPowerSpec(rows, opts)).warnings).toEqual([]);
  });

  it("renders stacked areas with the title, axis titles and the pool legend", async () => {
    const svg = await renderSvg(poolPowerSpec(rows, opts));
    expect(svg).toMatch(/<g class="mark-area role-mark[^"]*"[^>]*>\s*<path/);
    expect(svg).toContain(POOL_POWER_DEFAULT_TITLE);
    expect(svg).toContain("Time (h)");
    expect(svg).toContain("Power (kW)");
    expect(svg).toContain(">h100-air<");
    expect(svg).toContain(">gb200-liquid<");
  });

  it("stacks step areas of pools with power and colours pools like every other plot", () => {
    const spec = poolPowerSpec(rows, opts) as {
      mark: { type: string; interpolate: string };
      encoding: { y: { stack: string }; color: { scale: { domain: string[]; range: string[] } } };
    };
    expect(spec.mark).toMatchObject({ type: "area", interpolate: "step-after" });
    expect(spec.encoding.y.stack).toBe("zero");
    expect(spec.encoding.color.scale).toEqual(poolColours(poolNames(rows)));
    expect(spec.encoding.color.scale.domain).toContain("trn2-cloud");
    const points = valuesOf<Point>(spec);
    expect(new Set(points.map((p) => p.pool))).toEqual(new Set(["gb200-liquid", "h100-air"]));
    expect(points).toHaveLength(2 * 25);
  });

  it("gives a byte-identical spec JSON for the same rows, also when they arrive reordered", () => {
    const a = JSON.stringify(poolPowerSpec(rows, opts));
    expect(JSON.stringify(poolPowerSpec(syntheticRows(), opts))).toBe(a);
    expect(JSON.stringify(poolPowerSpec(shuffled(rows), opts))).toBe(a);
  });

  it("reports no pool power when no pool is at an owned site", () => {
    expect(hasPoolPower(rows)).toBe(true);
    expect(hasPoolPower(without(rows, "powerKW"))).toBe(false);
    expect(hasPoolPower([{ timeS: 0, entity: "site/x", metric: "powerKW", value: 1 }])).toBe(false);
  });
});
