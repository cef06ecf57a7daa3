import { describe, expect, it } from "vitest";
import {
  POWER_DEFAULT_TITLE,
  compileSpec,
  hasPower,
  powerSpec,
  renderSvg,
  type SeriesRow,
} from "../../src/plots/index.js";
import { HORIZON_S, START_ISO, shuffled, syntheticRows, valuesOf, without } from "./synthetic.js";

interface Point {
  site: string;
  kind: string;
  timeH: number;
  endH: number | null;
  value: number | null;
}

const opts = { startIso: START_ISO, horizonS: HORIZON_S };

describe("powerSpec", () => {
  const rows = syntheticRows();

  it("compiles to Vega without any vega-lite warning", () => {
    const { vega, warnings } = compileSpec(powerSpec(rows, opts));
    expect(warnings).toEqual([]);
    expect(vega.marks?.length).toBeGreaterThan(0);
  });

  it("renders lines, the shaded binding intervals, the title and both axis titles", async () => {
    const svg = await renderSvg(powerSpec(rows, opts));
    expect(svg).toMatch(/<g class="mark-line role-mark[^"]*"[^>]*>\s*<path/);
    expect(svg).toMatch(/<g class="mark-rect role-mark[^"]*"[^>]*>\s*<path/);
    expect(svg).toContain(POWER_DEFAULT_TITLE);
    expect(svg).toContain("Time (h)");
    expect(svg).toContain("Power (kW)");
    expect(svg).toContain(">Power cap<");
  });

  it("draws IT and facility power solid and the cap dashed, one step per output interval", () => {
    const spec = powerSpec(rows, opts) as {
      layer: { mark: { type: string; interpolate?: string }; encoding: Record<string, unknown> }[];
    };
    const line = spec.layer.find((l) => l.mark.type === "line")!;
    expect(line.mark.interpolate).toBe("step-after");
    expect(line.encoding.strokeDash).toMatchObject({
      scale: {
        domain: ["IT power", "Facility power", "Power cap"],
        range: [
          [1, 0],
          [1, 0],
          [6, 4],
        ],
      },
    });
  });

  it("closes each line at the end of its last interval and shades only binding intervals", () => {
    const points = valuesOf<Point>(powerSpec(rows, opts));
    const it = points.filter((p) => p.kind === "IT power");
    expect(it).toHaveLength(25);
    expect(it[24].timeH).toBe(24);
    expect(it[24].value).toBe(it[23].value);
    const binding = points.filter((p) => p.kind === "Cap binding");
    expect(binding.length).toBeGreaterThan(0);
    expect(binding.every((p) => p.endH === p.timeH + 1 && p.value === 0.5)).toBe(true);
  });

  it("leaves out the cap series and the shading when the site has no cap", async () => {
    const spec = powerSpec(without(rows, "powerCapKW", "powerCapHitFraction"), opts);
    expect(valuesOf<Point>(spec).some((p) => p.kind === "Power cap")).toBe(false);
    const svg = await renderSvg(spec);
    expect(svg).not.toContain(">Power cap<");
    expect(svg).toContain("no power cap");
  });

  it("gives one panel per site, each with its own power axis, when there are several sites", async () => {
    const two: SeriesRow[] = [
      ...rows,
      ...rows
        .filter((r) => r.entity === "site/campus")
        .map((r) => ({ ...r, entity: "site/edge", value: r.value / 2 })),
    ];
    const spec = powerSpec(two, opts) as { facet?: unknown; resolve?: unknown };
    expect(spec.facet).toBeDefined();
    expect(spec.resolve).toEqual({ scale: { y: "independent" } });
    const svg = await renderSvg(powerSpec(two, opts));
    expect(svg).toContain("Site campus");
    expect(svg).toContain("Site edge");
  });

  it("gives a byte-identical spec JSON for the same rows, also when they arrive reordered", () => {
    const a = JSON.stringify(powerSpec(rows, opts));
    expect(JSON.stringify(powerSpec(syntheticRows(), opts))).toBe(a);
    expect(JSON.stringify(powerSpec(shuffled(rows), opts))).toBe(a);
  });

  it("reports no power data when no site has IT or facility power", () => {
    expect(hasPower(rows)).toBe(true);
    expect(hasPower(without(rows, "itPowerKW", "facilityPowerKW"))).toBe(false);
    expect(hasPower([{ timeS: 0, entity: "pool/a", metric: "itPowerKW", value: 1 }])).toBe(false);
    expect(hasPower([])).toBe(false);
  });
});
