import { describe, expect, it } from "vitest";
import {
  PUE_AMBIENT_DEFAULT_TITLE,
  PUE_DEFAULT_TITLE,
  SITE_PALETTE,
  compileSpec,
  hasPue,
  pueSpec,
  renderSvg,
} from "../../src/plots/index.js";
import { HORIZON_S, START_ISO, shuffled, syntheticRows, without } from "./synthetic.js";

const opts = { startIso: START_ISO, horizonS: HORIZON_S };

describe("pueSpec", () => {
  const rows = syntheticRows();

  it("shows a steady ambient (daily means) flat on a 2 C axis, not magnified float noise", () => {
    const steady = rows.map((r) =>
      r.metric === "ambientC" ? { ...r, value: 15 + (r.timeS % 7200 === 0 ? 1e-15 : -1e-15) } : r,
    );
    const spec = pueSpec(steady, opts) as {
      vconcat: { encoding: { y: { scale: { domain: number[] } } } }[];
    };
    expect(spec.vconcat[1].encoding.y.scale.domain).toEqual([14, 16]);
  });

  it("compiles to Vega without any vega-lite warning, with and without ambient", () => {
    expect(compileSpec(pueSpec(rows, opts)).warnings).toEqual([]);
    expect(compileSpec(pueSpec(without(rows, "ambientC"), opts)).warnings).toEqual([]);
  });

  it("renders PUE above ambient temperature on one time axis with titled axes", async () => {
    const spec = pueSpec(rows, opts) as { vconcat?: unknown[] };
    expect(spec.vconcat).toHaveLength(2);
    const svg = await renderSvg(pueSpec(rows, opts));
    expect(svg).toMatch(/<g class="mark-line role-mark[^"]*"[^>]*>\s*<path/);
    expect(svg).toContain(PUE_AMBIENT_DEFAULT_TITLE);
    expect(svg).toContain("Time (h)");
    expect(svg).toContain("PUE (facility / IT)");
    expect(svg).toContain("Ambient (°C)");
    expect(svg).toContain(">campus<");
  });

  it("keeps the PUE axis at least 0.1 wide so a flat PUE has distinct labels", async () => {
    const flat = [0, 900, 1800, 2700].map((t, i) => ({
      timeS: t,
      entity: "site:campus",
      metric: "pue",
      value: 1.15 + 0.002 * (i % 2),
    }));
    const svg = await renderSvg(pueSpec(flat, opts));
    const labels = [...svg.matchAll(/<text[^>]*>(1\.\d\d)<\/text>/g)].map((m) => m[1]);
    expect(labels.length).toBeGreaterThan(3);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels).toContain("1.10");
    expect(labels).toContain("1.20");
  });

  it("shows a single PUE panel when no site has an ambient profile", async () => {
    const spec = pueSpec(without(rows, "ambientC"), opts) as { vconcat?: unknown };
    expect(spec.vconcat).toBeUndefined();
    const svg = await renderSvg(pueSpec(without(rows, "ambientC"), opts));
    expect(svg).toContain(PUE_DEFAULT_TITLE);
    expect(svg).not.toContain("Ambient (°C)");
  });

  it("colours sites from the site palette, not the pool palette", () => {
    const spec = pueSpec(rows, opts) as {
      vconcat: { encoding: { color: { scale: { domain: string[]; range: string[] } } } }[];
    };
    expect(spec.vconcat[0].encoding.color.scale).toEqual({
      domain: ["campus"],
      range: [SITE_PALETTE[0]],
    });
  });

  it("gives a byte-identical spec JSON for the same rows, also when they arrive reordered", () => {
    const a = JSON.stringify(pueSpec(rows, opts));
    expect(JSON.stringify(pueSpec(syntheticRows(), opts))).toBe(a);
    expect(JSON.stringify(pueSpec(shuffled(rows), opts))).toBe(a);
  });

  it("reports no PUE data when no site has a PUE series", () => {
    expect(hasPue(rows)).toBe(true);
    expect(hasPue(without(rows, "pue"))).toBe(false);
    expect(hasPue([])).toBe(false);
  });
});
