import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { renderSvg, svgToPng } from "./render.js";

/**
 * Writes `<name>.vl.json` (pretty JSON + newline), `<name>.svg` and `<name>.png` into `dir`,
 * creating `dir` if needed. Rendering happens before any file is written, so a spec that fails
 * to render (e.g. has warnings) leaves no partial output. Returns the SVG (for the report).
 */
export async function writePlot(dir: string, name: string, spec: TopLevelSpec): Promise<string> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw new Error(`writePlot: invalid plot name ${JSON.stringify(name)}`);
  }
  const svg = await renderSvg(spec);
  const png = svgToPng(svg);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${name}.vl.json`), JSON.stringify(spec, null, 2) + "\n");
  await writeFile(join(dir, `${name}.svg`), svg);
  await writeFile(join(dir, `${name}.png`), png);
  return svg;
}
