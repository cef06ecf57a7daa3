import { describe, expect, it } from "vitest";
import { loadAcceleratorCatalog, loadEfficiencyCatalog } from "../../../src/models/index.js";

describe("efficiency factors", () => {
  const eff = loadEfficiencyCatalog();

  it("covers every catalog accelerator", () => {
    expect(eff.acceleratorIds()).toEqual(loadAcceleratorCatalog().ids());
  });

  it("takes H100 matmul efficiency from the MAMF microbenchmark", () => {
    const e = eff.efficiency("nvidia-h100-sxm", "megatron");
    expect(e.matmulBf16).toBeCloseTo(794.5 / 989, 3);
    expect(e.matmulFp8).toBeCloseTo(1402.6 / 1979, 3);
    expect(e.scaleUpCollective).toBeCloseTo(367.6 / 450, 2);
  });

  it("flags AWS matmul figures as estimates with a basis", () => {
    const est = eff.estimates.get("aws-trainium1.matmulBf16");
    expect(est?.basis).toMatch(/median/);
    expect(eff.estimates.has("nvidia-h100-sxm.matmulBf16")).toBe(false);
  });

  it("picks the stack by vendor and suggests a stack name for a typo", () => {
    expect(eff.defaultStackFor("NVIDIA")).toBe("megatron");
    expect(eff.defaultStackFor("AWS")).toBe("neuronx");
    expect(() => eff.efficiency("nvidia-h100-sxm", "megatorn")).toThrow(/did you mean "megatron"/);
  });
});
