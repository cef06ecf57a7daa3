import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  PlotWarningsError,
  compileSpec,
  renderSvg,
  svgToPng,
  utilizationSpec,
  writePlot,
  type SeriesRow,
} from "../../src/plots/index.js";

function syntheticRows(): SeriesRow[] {
  const rows: SeriesRow[] = [];
  for (let t = 0; t < 2 * 86400; t += 900) {
    ["hopper", "trainium2"].forEach((pool, i) => {
      const value = 0.5 + 0.4 * Math.sin((t / 86400) * 2 * Math.PI + i);
      rows.push({ timeS: t, entity: `pool/${pool}`, metric: "utilization", value });
    });
  }
  return rows;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const spec = utilizationSpec(syntheticRows(), {
  title: "Utilization test plot (%)",
  startIso: "2027-01-01T00:00Z",
});

const tempDirs: string[] = [];
afterAll(async () => {
  await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe("renderSvg", () => {
  it("renders line marks, the title, both axis titles and the legend in DejaVu Sans", async () => {
    const svg = await renderSvg(spec);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toMatch(/<g class="mark-line role-mark[^"]*"[^>]*>\s*<path/);
    expect(svg).toContain("Utilization test plot (%)");
    expect(svg).toContain("Time (h)");
    expect(svg).toContain("Utilization (busy / installed)");
    expect(svg).toContain(">hopper<");
    expect(svg).toContain(">trainium2<");
    expect(svg).toContain('font-family="DejaVu Sans"');
  });

  it("renders the same SVG for the same spec, also after other plots and concurrently", async () => {
    const first = await renderSvg(spec);
    await renderSvg(utilizationSpec([], {}));
    expect(await renderSvg(spec)).toBe(first);
    const [a, b] = await Promise.all([renderSvg(spec), renderSvg(spec)]);
    expect(a).toBe(first);
    expect(b).toBe(first);
  });

  it("throws with the messages when vega-lite warns about the spec", async () => {
    const bad = {
      data: { values: [{ a: 1 }] },
      mark: "line",
      encoding: {
        x: { field: "a", type: "quantitative" },
        theta: { field: "a", type: "quantitative" },
      },
    } as unknown as Parameters<typeof renderSvg>[0];
    expect(compileSpec(bad).warnings.length).toBeGreaterThan(0);
    await expect(renderSvg(bad)).rejects.toBeInstanceOf(PlotWarningsError);
  });
});

describe("svgToPng", () => {
  it("produces PNG bytes of a real image, at twice the SVG size by default", async () => {
    const png = svgToPng(await renderSvg(spec));
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(png.byteLength).toBeGreaterThan(20_000);
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    const svgWidth = Number(/width="(\d+)"/.exec(await renderSvg(spec))![1]);
    expect(view.getUint32(16)).toBe(svgWidth * 2);
  });

  it("gives identical PNG bytes for the same SVG", async () => {
    const svg = await renderSvg(spec);
    expect(Buffer.from(svgToPng(svg)).equals(Buffer.from(svgToPng(svg)))).toBe(true);
  });

  it("honours the scale option and rejects a non-positive one", async () => {
    const svg = await renderSvg(spec);
    const png = svgToPng(svg, { scale: 1 });
    const width = new DataView(png.buffer, png.byteOffset).getUint32(16);
    expect(width).toBe(Number(/width="(\d+)"/.exec(svg)![1]));
    expect(() => svgToPng(svg, { scale: 0 })).toThrow(RangeError);
  });
});

describe("writePlot", () => {
  it("writes the spec as pretty JSON, the SVG and the PNG into a new folder", async () => {
    const base = await mkdtemp(join(tmpdir(), "aidcsim-plots-"));
    tempDirs.push(base);
    const dir = join(base, "nested", "plots");
    await writePlot(dir, "utilization", spec);
    expect((await readdir(dir)).sort()).toEqual([
      "utilization.png",
      "utilization.svg",
      "utilization.vl.json",
    ]);
    expect(await readFile(join(dir, "utilization.vl.json"), "utf8")).toBe(
      JSON.stringify(spec, null, 2) + "\n",
    );
    expect(await readFile(join(dir, "utilization.svg"), "utf8")).toBe(await renderSvg(spec));
    const png = await readFile(join(dir, "utilization.png"));
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  });

  it("rejects a plot name that could escape the folder", async () => {
    await expect(writePlot(tmpdir(), "../evil", spec)).rejects.toThrow(/invalid plot name/);
  });
});
