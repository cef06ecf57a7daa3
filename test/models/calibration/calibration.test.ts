import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterEach, describe, expect, it } from "vitest";
import { registerCalibrate } from "../../../src/cli/commands/calibrate.js";
import {
  applyCalibration,
  CalibrationFitError,
  decodeStep,
  fitCalibration,
  loadAcceleratorCatalog,
  loadCalibration,
  loadEfficiencyCatalog,
  loadLlmCatalog,
  parseMeasurements,
  prefill,
  type Efficiency,
  type Measurement,
} from "../../../src/models/index.js";
import { Streams } from "../../../src/random/index.js";

const accs = loadAcceleratorCatalog();
const llms = loadLlmCatalog();
const effs = loadEfficiencyCatalog();
const ACC = "nvidia-h100-sxm";
const base = effs.efficiency(ACC, "megatron");
const TRUE: Efficiency = {
  ...base,
  matmulBf16: 0.7,
  hbm: 0.85,
  prefillOverheadS: 0.012,
  decodeOverheadS: 0.008,
};
const HEADER = "model,accelerator,tensorParallel,batchSize,promptTokens,prefillMs,decodeMsPerToken";

/** Synthetic rows from TRUE with 3% multiplicative (lognormal) noise, seeded. */
function syntheticCsv(seed: number): string {
  const noise = new Streams(seed).get("test/noise");
  const lines = [HEADER];
  for (const model of ["llama-3-8b", "llama-3-70b"]) {
    for (const tp of model === "llama-3-8b" ? [1, 2] : [4, 8]) {
      for (const batch of [1, 8, 32]) {
        for (const prompt of [128, 1024, 4096]) {
          const llm = llms.get(model);
          const acc = accs.get(ACC);
          const o = { tp, batch, weightPrecision: "bf16" as const, efficiency: TRUE };
          const p = prefill(llm, acc, { ...o, promptTokens: prompt }).timeS * 1000;
          const d = decodeStep(llm, acc, { ...o, contextTokens: prompt }).timeS * 1000;
          const n = () => Math.exp(noise.normal(0, 0.03));
          lines.push(
            `${model},${ACC},${tp},${batch},${prompt},${(p * n()).toFixed(4)},${(d * n()).toFixed(4)}`,
          );
        }
      }
    }
  }
  return lines.join("\n") + "\n";
}

function parse(text: string): Measurement[] {
  const r = parseMeasurements("m.csv", text, { models: llms.ids(), accelerators: accs.ids() });
  if ("problems" in r) throw new Error(r.problems.map((p) => p.message).join("\n"));
  return r.rows;
}

const fitInputs = (rows: readonly Measurement[]) => ({
  rows,
  llm: (id: string) => llms.get(id),
  accelerator: (id: string) => accs.get(id),
  efficiency: (id: string) => effs.efficiency(id, "megatron"),
  stack: () => "megatron",
  name: "synthetic",
  measurementsFile: "m.csv",
});

describe("calibration from synthetic measurements", () => {
  const rows = parse(syntheticCsv(7));
  const held = rows.filter((_, i) => i % 5 === 4);
  const train = rows.filter((_, i) => i % 5 !== 4);
  const cal = fitCalibration(fitInputs(train));
  const entry = cal.accelerators[ACC]!;

  it("recovers the factors within 5%", () => {
    const f = entry.factors;
    expect(Math.abs(f.matmulBf16! / TRUE.matmulBf16 - 1)).toBeLessThan(0.05);
    expect(Math.abs(f.hbm! / TRUE.hbm - 1)).toBeLessThan(0.05);
    expect(Math.abs(f.prefillOverheadS! / TRUE.prefillOverheadS - 1)).toBeLessThan(0.05);
    expect(Math.abs(f.decodeOverheadS! / TRUE.decodeOverheadS - 1)).toBeLessThan(0.05);
    expect(entry.notFitted).toEqual([]);
  });

  it("predicts held-back rows within 10%", () => {
    const eff = applyCalibration(base, cal, ACC);
    for (const r of held) {
      const o = {
        tp: r.tensorParallel,
        batch: r.batchSize,
        weightPrecision: r.weightPrecision,
        efficiency: eff,
      };
      const llm = llms.get(r.model);
      const p = prefill(llm, accs.get(ACC), { ...o, promptTokens: r.promptTokens }).timeS * 1000;
      const d =
        decodeStep(llm, accs.get(ACC), { ...o, contextTokens: r.promptTokens }).timeS * 1000;
      expect(Math.abs(p / r.prefillMs! - 1)).toBeLessThan(0.1);
      expect(Math.abs(d / r.decodeMsPerToken! - 1)).toBeLessThan(0.1);
    }
  });

  it("records the fitted lines and errors near the noise level", () => {
    expect(entry.fittedLines).toEqual(train.map((r) => r.line));
    expect(entry.fit.points).toHaveLength(2 * train.length);
    expect(entry.fit.rmsRelativeError).toBeLessThan(0.05);
    expect(entry.fit.maxRelativeError).toBeLessThan(0.15);
  });

  it("keeps fields it did not fit when applied", () => {
    const eff = applyCalibration(base, cal, ACC);
    expect(eff.attention).toBe(base.attention);
    expect(() => applyCalibration(base, cal, "nvidia-h200")).toThrow(
      /no factors for "nvidia-h200"/,
    );
  });

  it("refuses too few rows to determine the factors", () => {
    expect(() => fitCalibration(fitInputs(train.slice(0, 1)))).toThrow(CalibrationFitError);
  });
});

describe("measurement CSV", () => {
  it("names the line and column of each problem", () => {
    const text = `${HEADER}\nllama-3-8b,${ACC},1,1,128,12.5,\nllama-3-8x,${ACC},0,1,128,,\n`;
    const r = parseMeasurements("m.csv", text, { models: llms.ids(), accelerators: accs.ids() });
    expect("problems" in r).toBe(true);
    if (!("problems" in r)) return;
    const msgs = r.problems.map((p) => `${p.line} ${p.path}: ${p.message}`);
    expect(msgs).toContainEqual(
      expect.stringMatching(/^3 model: unknown model "llama-3-8x" \(did you mean "llama-3-8b"\?\)/),
    );
    expect(msgs).toContainEqual(
      expect.stringMatching(/^3 tensorParallel: expected a whole number/),
    );
    expect(msgs).toContainEqual(
      expect.stringMatching(/^3 prefillMs: a row needs prefillMs, decodeMsPerToken or both/),
    );
  });

  it("rejects a missing column", () => {
    const r = parseMeasurements("m.csv", "model,accelerator\n");
    expect(
      "problems" in r &&
        r.problems.some((p) => p.path === "batchSize" && p.message === "missing column"),
    ).toBe(true);
  });
});

describe("aidcsim calibrate", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("writes a calibration that loads back and prints errors per point", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aidcsim-cal-"));
    dirs.push(dir);
    const csv = join(dir, "m.csv");
    const out = join(dir, "h100.yaml");
    writeFileSync(csv, syntheticCsv(11));
    let stdout = "";
    const program = new Command().exitOverride();
    registerCalibrate(program, { exitCode: 0, stdout: (s) => (stdout += s), stderr: () => {} });
    await program.parseAsync(["node", "aidcsim", "calibrate", csv, "--out", out]);
    expect(stdout).toMatch(/RMSE .* ms, RMS relative error .*, max relative error/);
    expect(stdout).toMatch(/matmulBf16 = 0\.7/);
    const cal = loadCalibration(out);
    expect(cal.name).toBe("h100");
    expect(cal.accelerators[ACC]?.stack).toBe("megatron");
    expect(readFileSync(out, "utf8")).toMatch(/^# Written by aidcsim calibrate/);
  });
});
