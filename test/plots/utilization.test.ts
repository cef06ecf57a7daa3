import { describe, expect, it } from "vitest";
import {
  TABLEAU10,
  UTILIZATION_DEFAULT_TITLE,
  compileSpec,
  poolColours,
  poolNames,
  utilizationSpec,
  type SeriesRow,
} from "../../src/plots/index.js";

/** Two days at 15-minute intervals for the given pools, plus non-utilization noise rows. */
function syntheticRows(pools: readonly string[]): SeriesRow[] {
  const rows: SeriesRow[] = [];
  for (let t = 0; t < 2 * 86400; t += 900) {
    pools.forEach((pool, i) => {
      const value = 0.5 + 0.4 * Math.sin((t / 86400) * 2 * Math.PI + i);
      rows.push({ timeS: t, entity: `pool/${pool}`, metric: "utilization", value });
      rows.push({ timeS: t, entity: `pool/${pool}`, metric: "allocation", value: 0.9 });
    });
    rows.push({ timeS: t, entity: "service/chat", metric: "utilization", value: 0.3 });
    rows.push({ timeS: t, entity: "facility", metric: "powerKW", value: 420 });
  }
  return rows;
}

interface Point {
  pool: string;
  timeH: number;
  value: number | null;
}

function pointsOf(spec: ReturnType<typeof utilizationSpec>): Point[] {
  const data = (spec as { data: { values: Point[] } }).data;
  return data.values;
}

function colourScaleOf(spec: ReturnType<typeof utilizationSpec>): {
  domain: string[];
  range: string[];
} {
  return (spec as { encoding: { color: { scale: { domain: string[]; range: string[] } } } })
    .encoding.color.scale;
}

describe("utilizationSpec", () => {
  const pools = ["trainium2", "hopper", "blackwell"];
  const rows = syntheticRows(pools);

  it("compiles to Vega without any vega-lite warning", () => {
    const { vega, warnings } = compileSpec(
      utilizationSpec(rows, { startIso: "2027-01-01T00:00Z" }),
    );
    expect(warnings).toEqual([]);
    expect(vega.marks?.length).toBeGreaterThan(0);
  });

  it("compiles without warnings when there is no utilization data at all", () => {
    expect(compileSpec(utilizationSpec([], {})).warnings).toEqual([]);
  });

  it("inlines only pool utilization rows, with the pool prefix stripped and time in hours", () => {
    const points = pointsOf(utilizationSpec(rows, {}));
    expect(points).toHaveLength(pools.length * 192);
    expect(new Set(points.map((p) => p.pool))).toEqual(new Set(pools));
    expect(points.find((p) => p.pool === "hopper" && p.timeH === 0.25)).toBeDefined();
    expect(Math.max(...points.map((p) => p.timeH))).toBe(47.75);
    expect(Object.keys(points[0])).toEqual(["pool", "timeH", "value"]);
  });

  it("turns a non-finite utilization into null so the line breaks instead of lying", () => {
    const spec = utilizationSpec(
      [{ timeS: 0, entity: "pool/a", metric: "utilization", value: Number.NaN }],
      {},
    );
    expect(pointsOf(spec)[0].value).toBeNull();
  });

  it("draws a step-after line of percent utilization against hours with titled axes", () => {
    const spec = utilizationSpec(rows, {}) as Record<string, any>;
    expect(spec.mark.type).toBe("line");
    expect(spec.mark.interpolate).toBe("step-after");
    expect(spec.encoding.x.title).toBe("Time (h)");
    expect(spec.encoding.y.title).toBe("Utilization (busy / installed)");
    expect(spec.encoding.y.scale.domain).toEqual([0, 1]);
    expect(spec.encoding.y.axis.format).toBe(".0%");
    expect(spec.width).toBe(720);
    expect(spec.height).toBe(300);
    expect(spec.title.text).toBe(UTILIZATION_DEFAULT_TITLE);
  });

  it("uses the given title and names the start date in the subtitle", () => {
    const spec = utilizationSpec(rows, { title: "Quickstart", startIso: "2027-01-01T00:00Z" });
    const title = (spec as { title: { text: string; subtitle: string } }).title;
    expect(title.text).toBe("Quickstart");
    expect(title.subtitle).toContain("2027-01-01 00:00 UTC");
  });

  it("gives a byte-identical spec JSON for the same rows, also when they arrive reordered", () => {
    const a = JSON.stringify(utilizationSpec(rows, { startIso: "2027-01-01T00:00Z" }));
    const b = JSON.stringify(
      utilizationSpec(syntheticRows(pools), { startIso: "2027-01-01T00:00Z" }),
    );
    const c = JSON.stringify(
      utilizationSpec([...rows].reverse(), { startIso: "2027-01-01T00:00Z" }),
    );
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it("colours pools by their sorted position among all pools of the run", () => {
    const scale = colourScaleOf(utilizationSpec(rows, {}));
    expect(scale.domain).toEqual(["blackwell", "hopper", "trainium2"]);
    expect(scale.range).toEqual(TABLEAU10.slice(0, 3));
  });

  it("counts a pool that has other metrics but no utilization when assigning colours", () => {
    const extra: SeriesRow[] = [
      ...rows,
      { timeS: 0, entity: "pool/aaa-idle", metric: "allocation", value: 0 },
    ];
    expect(colourScaleOf(utilizationSpec(extra, {}))).toEqual(poolColours(poolNames(extra)));
    expect(colourScaleOf(utilizationSpec(extra, {})).domain[0]).toBe("aaa-idle");
  });
});

describe("poolColours", () => {
  it("gives the same colours for the same set of pools in any order, with duplicates", () => {
    const a = poolColours(["hopper", "trainium2", "blackwell"]);
    const b = poolColours(["trainium2", "blackwell", "hopper", "hopper"]);
    expect(b).toEqual(a);
    expect(a.domain).toEqual(["blackwell", "hopper", "trainium2"]);
  });

  it("gives every plot built from the same rows the same colour per pool", () => {
    const rows = syntheticRows(["trainium2", "hopper"]);
    const fromPlot = colourScaleOf(utilizationSpec(rows, {}));
    const fromAnotherPlot = poolColours(poolNames(rows));
    expect(fromPlot).toEqual(fromAnotherPlot);
  });

  it("sorts by code unit, not by locale, and cycles the palette beyond ten pools", () => {
    const names = Array.from({ length: 12 }, (_, i) => `p${String(i).padStart(2, "0")}`);
    const { domain, range } = poolColours(["B", "a", ...names]);
    expect(domain.slice(0, 2)).toEqual(["B", "a"]);
    expect(range[10]).toBe(TABLEAU10[0]);
    expect(range).toHaveLength(14);
  });
});
