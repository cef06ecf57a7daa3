import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  CatalogError,
  countParameters,
  defaultLlmsDir,
  loadLlmCatalog,
} from "../../src/models/index.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "aidcsim-llms-"));
  dirs.push(dir);
  for (const [n, t] of Object.entries(files)) writeFileSync(join(dir, n), t);
  return dir;
}
const text8b = () => readFileSync(join(defaultLlmsDir(), "llama-3-8b.yaml"), "utf8");
function loadError(dir: string): CatalogError {
  try {
    loadLlmCatalog(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(CatalogError);
    return err as CatalogError;
  }
  throw new Error("expected the LLM catalog to fail");
}

describe("shipped LLM catalog", () => {
  const cat = loadLlmCatalog();

  it("holds the five reference models and the two Neuron calibration models", () => {
    expect(cat.ids()).toEqual([
      "gpt-3-175b",
      "gpt-3-23b",
      "gpt-3-46b",
      "llama-3-70b",
      "llama-3-8b",
      "llama-3.1-405b",
      "mixtral-8x7b",
    ]);
  });

  it("gives the Neuron GPT-3-style models the parameter counts their names say", () => {
    expect(cat.get("gpt-3-23b").parametersTotal / 1e9).toBeCloseTo(23, 0);
    expect(cat.get("gpt-3-46b").parametersTotal / 1e9).toBeCloseTo(45.5, 0);
  });

  it("has the Llama 3 paper's 405B dimensions", () => {
    const m = cat.get("llama-3.1-405b");
    expect([m.layers, m.hiddenSize, m.ffnHiddenSize, m.heads, m.kvHeads]).toEqual([
      126, 16384, 53248, 128, 8,
    ]);
  });

  it("counts parameters from the dimensions close to the published totals", () => {
    for (const id of cat.ids()) {
      const m = cat.get(id);
      const c = countParameters(m);
      expect(Math.abs(c.total - m.parametersTotal) / m.parametersTotal).toBeLessThan(0.02);
      expect(Math.abs(c.active - m.parametersActive) / m.parametersActive).toBeLessThan(0.02);
    }
  });

  it("marks the mixture of experts with fewer active than total parameters", () => {
    const m = cat.get("mixtral-8x7b");
    expect(m.moe).toEqual({ experts: 8, expertsPerToken: 2 });
    expect(m.parametersActive).toBeLessThan(m.parametersTotal / 3);
  });

  it("suggests the closest id for a typo", () => {
    expect(() => cat.get("lama-3-8b")).toThrow(/did you mean "llama-3-8b"/);
  });
});

describe("LLM file validation", () => {
  it("names the file, line and field of a missing source", () => {
    const bad = text8b().replace(/^ {2}layers: .*\n/m, "");
    const err = loadError(tempDir({ "llama-3-8b.yaml": bad }));
    expect(err.message).toMatch(/llama-3-8b\.yaml:\d+:\d+ sources\.layers: missing source/);
  });

  it("rejects a parameter count that disagrees with the dimensions", () => {
    const bad = text8b().replace("parametersTotal: 8.03e9", "parametersTotal: 9.03e9");
    expect(loadError(tempDir({ "llama-3-8b.yaml": bad })).message).toMatch(
      /parametersTotal: .*disagrees with the dimensions/,
    );
  });

  it("requires the id to match the file name", () => {
    expect(loadError(tempDir({ "other.yaml": text8b() })).message).toMatch(
      /id must match the file name: "other"/,
    );
  });

  it("reports an unknown field at its line", () => {
    const bad = text8b().replace("layers: 32\n", "layers: 32\nlayer: 32\n");
    expect(loadError(tempDir({ "llama-3-8b.yaml": bad })).message).toMatch(
      /:6:1 layer: unknown field/,
    );
  });
});
