import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { Resvg } from "@resvg/resvg-js";
import { View, parse, resetSVGDefIds, type LoggerInterface, type Spec as VegaSpec } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { FONT_FAMILY } from "./theme.js";

/** Result of compiling a Vega-Lite spec: the Vega spec plus every warning the compiler logged. */
export interface CompiledSpec {
  vega: VegaSpec;
  warnings: string[];
}

/** Thrown by `renderSvg` when Vega-Lite or Vega logged warnings or errors. */
export class PlotWarningsError extends Error {
  constructor(readonly warnings: readonly string[]) {
    super(`plot produced ${warnings.length} warning(s):\n${warnings.join("\n")}`);
    this.name = "PlotWarningsError";
  }
}

const LEVEL_WARN = 2;

function formatArgs(args: unknown[]): string {
  return args
    .map((a) => (a instanceof Error ? a.message : typeof a === "string" ? a : JSON.stringify(a)))
    .join(" ");
}

/** A vega-util logger that collects warnings and errors instead of printing them. */
function collectingLogger(messages: string[]): LoggerInterface {
  let level = LEVEL_WARN;
  const logger: LoggerInterface = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: unknown[]) {
      messages.push(`error: ${formatArgs(args)}`);
      return logger;
    },
    warn(...args: unknown[]) {
      if (level >= LEVEL_WARN) messages.push(`warn: ${formatArgs(args)}`);
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger;
}

/** Compiles Vega-Lite to Vega, capturing compiler warnings (never printed to the console). */
export function compileSpec(spec: TopLevelSpec): CompiledSpec {
  const warnings: string[] = [];
  const { spec: vega } = compile(spec, { logger: collectingLogger(warnings) });
  return { vega, warnings };
}

/**
 * Vega numbers SVG clip paths and gradients from module-level counters, so the same spec would
 * render with different ids depending on what was rendered before. Renders are therefore run
 * one at a time, each after resetting the counters: the same spec always gives the same SVG.
 */
let renderQueue: Promise<unknown> = Promise.resolve();

function serialised<T>(task: () => Promise<T>): Promise<T> {
  const result = renderQueue.then(task, task);
  renderQueue = result.catch(() => undefined);
  return result;
}

/**
 * Renders a Vega-Lite spec to an SVG string, headless (no DOM, no canvas).
 * Throws `PlotWarningsError` if compilation or the Vega runtime logged any warning or error,
 * so a silently degraded plot cannot slip through. Deterministic: same spec, same SVG.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { vega, warnings } = compileSpec(spec);
  if (warnings.length > 0) throw new PlotWarningsError(warnings);
  return serialised(async () => {
    const runtimeMessages: string[] = [];
    const view = new View(parse(vega), {
      renderer: "none",
      logger: collectingLogger(runtimeMessages),
    });
    try {
      resetSVGDefIds();
      const svg = await view.toSVG();
      if (runtimeMessages.length > 0) throw new PlotWarningsError(runtimeMessages);
      return svg;
    } finally {
      view.finalize();
    }
  });
}

let fontFilesCache: string[] | undefined;

/** Absolute paths of the DejaVu Sans regular and bold TTFs shipped by `dejavu-fonts-ttf`. */
export function plotFontFiles(): string[] {
  if (fontFilesCache === undefined) {
    const require = createRequire(import.meta.url);
    const dir = dirname(require.resolve("dejavu-fonts-ttf/package.json"));
    fontFilesCache = [join(dir, "ttf", "DejaVuSans.ttf"), join(dir, "ttf", "DejaVuSans-Bold.ttf")];
  }
  return [...fontFilesCache];
}

export interface SvgToPngOptions {
  /** Zoom factor over the SVG's own size; default 2 (sharp on high-density screens). */
  scale?: number;
}

/** Rasterises an SVG to PNG bytes with resvg, using only the bundled DejaVu fonts. */
export function svgToPng(svg: string, opts: SvgToPngOptions = {}): Uint8Array {
  const scale = opts.scale ?? 2;
  if (!(scale > 0) || !Number.isFinite(scale)) {
    throw new RangeError(`svgToPng: scale must be a positive finite number, got ${scale}`);
  }
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    background: "white",
    font: {
      loadSystemFonts: false,
      fontFiles: plotFontFiles(),
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
  });
  const png = resvg.render().asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
