import { describe, expect, it } from "vitest";
import {
  calibrationRowMfu,
  fitTrainingCompute,
  loadTrainingCalibration,
} from "../../../src/models/index.js";
import { accs, effs, llms } from "./fixtures.js";

const rows = loadTrainingCalibration();
const inputs = {
  llm: (id: string) => llms.get(id),
  accelerator: (id: string) => accs.get(id),
  efficiency: (acc: string, stack: string) => effs.efficiency(acc, stack),
};

describe("trainingCompute calibration", () => {
  for (const stack of ["megatron", "neuronx"]) {
    it(`${stack}: stacks.yaml holds the least-squares fit to its calibration rows (npx aidcsim calibrate-training)`, () => {
      const fit = fitTrainingCompute(stack, rows, inputs);
      const acc = rows.find((r) => r.stack === stack)!.accelerator;
      expect(effs.efficiency(acc, stack).trainingCompute).toBe(fit.value);
      expect(fit.rmsError).toBeLessThan(0.03); // the rows agree with one factor
    });
  }

  it("keeps the validation targets out of the calibration rows", () => {
    const ids = rows.map((r) => `${r.model}@${r.accelerator}:${r.accelerators}`);
    expect(ids).not.toContain("llama-3.1-405b@nvidia-h100-sxm:8192");
    expect(ids.some((id) => id.startsWith("llama-3.1-405b@"))).toBe(false);
    expect(ids.some((id) => id.startsWith("gpt-3-175b@aws-trainium1"))).toBe(false);
  });

  it("finds the minimum: a nudge either way increases the squared error", () => {
    const fit = fitTrainingCompute("megatron", rows, inputs);
    const sse = (v: number) =>
      rows
        .filter((r) => r.stack === "megatron")
        .reduce((a, r) => a + (calibrationRowMfu(r, v, inputs) - r.mfu) ** 2, 0);
    expect(sse(fit.value)).toBeLessThanOrEqual(sse(fit.value - 0.01));
    expect(sse(fit.value)).toBeLessThanOrEqual(sse(fit.value + 0.01));
  });

  it("rejects a stack without rows", () => {
    expect(() => fitTrainingCompute("nope", rows, inputs)).toThrow(/no training calibration rows/);
  });
});
