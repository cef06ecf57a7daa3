import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/** DESIGN.md's layers, lowest first: each may import only itself and the ones before it. */
const LAYERS = [
  "engine",
  "random",
  "metrics",
  "models",
  "workloads",
  "schedulers",
  "datacenter",
  "plots",
  "experiment",
  "cli",
] as const;

const SRC = resolve(__dirname, "../src");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

function layerOf(file: string): string {
  return relative(SRC, file).split("/")[0];
}

/** Upward or unknown-layer imports in one file's text, as "from -> to" strings. */
export function layerViolations(file: string, text: string): string[] {
  const out: string[] = [];
  const from = layerOf(file);
  const rank = LAYERS.indexOf(from as (typeof LAYERS)[number]);
  const re = /(?:from\s+|import\s*\(\s*|import\s+)["'](\.{1,2}\/[^"']+)["']/g;
  for (const m of text.matchAll(re)) {
    const target = resolve(dirname(file), m[1]);
    const to = layerOf(target);
    const toRank = LAYERS.indexOf(to as (typeof LAYERS)[number]);
    if (rank < 0 || toRank < 0 || toRank > rank) {
      out.push(`${relative(SRC, file)}: ${from} -> ${to} (${m[1]})`);
    }
  }
  return out;
}

describe("layers", () => {
  it("puts every source file in a known layer", () => {
    const unknown = files(SRC)
      .map(layerOf)
      .filter((l) => !LAYERS.includes(l as (typeof LAYERS)[number]));
    expect(unknown).toEqual([]);
  });

  it("has no import that points to a higher layer", () => {
    const violations = files(SRC).flatMap((f) => layerViolations(f, readFileSync(f, "utf8")));
    expect(violations).toEqual([]);
  });

  it("flags an upward import", () => {
    const fake = join(SRC, "engine", "x.ts");
    expect(layerViolations(fake, 'import { Streams } from "../random/index.js";')).toEqual([
      "engine/x.ts: engine -> random (../random/index.js)",
    ]);
    expect(layerViolations(fake, 'const m = await import("../cli/main.js");')).toHaveLength(1);
    expect(layerViolations(join(SRC, "cli", "x.ts"), 'import "../engine/index.js";')).toEqual([]);
  });
});
