import { describe, expect, it } from "vitest";
import {
  decodeStep,
  kvBytesPerToken,
  kvCapacityTokens,
  maxBatch,
  prefill,
  stepTimeAtClock,
} from "../../../src/models/index.js";
import { accs, effFor, llms } from "./fixtures.js";

const h100 = accs.get("nvidia-h100-sxm");
const h200 = accs.get("nvidia-h200");
const l70 = llms.get("llama-3-70b");
const base = { tp: 8, batch: 1, weightPrecision: "bf16" as const };

describe("prefill", () => {
  const eff = effFor("nvidia-h100-sxm");
  const at = (p: number) => prefill(l70, h100, { ...base, efficiency: eff, promptTokens: p });

  it("grows faster than linearly for long prompts", () => {
    expect(at(32768).timeS / at(16384).timeS).toBeGreaterThan(2.1);
    expect(at(16384).attentionS / at(8192).attentionS).toBeCloseTo(4, 6);
  });

  it("is compute-bound for a long prompt", () => {
    expect(at(4096).boundBy).toBe("compute");
    expect(at(4096).clockSensitiveS).toBe(at(4096).computeS);
  });

  it("runs FP8 weights faster than BF16", () => {
    const fp8 = prefill(l70, h100, {
      ...base,
      efficiency: eff,
      promptTokens: 4096,
      weightPrecision: "fp8",
    });
    expect(fp8.timeS).toBeLessThan(at(4096).timeS);
  });

  it("rejects tensor parallel that does not divide the heads", () => {
    expect(() => prefill(l70, h100, { ...base, tp: 3, efficiency: eff, promptTokens: 10 })).toThrow(
      RangeError,
    );
  });
});

describe("decode", () => {
  it("is faster on H200 than on H100 at the same batch", () => {
    for (const batch of [1, 16, 64]) {
      const o = { ...base, batch, contextTokens: 2048 };
      const t100 = decodeStep(l70, h100, { ...o, efficiency: effFor("nvidia-h100-sxm") }).timeS;
      const t200 = decodeStep(l70, h200, { ...o, efficiency: effFor("nvidia-h200") }).timeS;
      expect(t200).toBeLessThan(t100);
    }
  });

  it("is memory-bound at small batch, so a lower clock does not slow it", () => {
    const d = decodeStep(l70, h100, {
      ...base,
      efficiency: effFor("nvidia-h100-sxm"),
      contextTokens: 1024,
    });
    expect(d.boundBy).toBe("memory");
    expect(d.clockSensitiveS).toBe(0);
    expect(stepTimeAtClock(d, 0.5)).toBeCloseTo(d.timeS, 12);
    expect(d.overheadS).toBe(effFor("nvidia-h100-sxm").decodeOverheadS);
  });

  it("reads fewer weight bytes with FP8 weights", () => {
    const eff = effFor("nvidia-h100-sxm");
    const bf = decodeStep(l70, h100, { ...base, efficiency: eff, contextTokens: 1024 });
    const f8 = decodeStep(l70, h100, {
      ...base,
      efficiency: eff,
      contextTokens: 1024,
      weightPrecision: "fp8",
    });
    expect(f8.memoryS).toBeLessThan(0.6 * bf.memoryS);
  });

  it("reads only the experts a small MoE batch touches", () => {
    const mix = llms.get("mixtral-8x7b");
    const eff = effFor("nvidia-h100-sxm");
    const one = decodeStep(mix, h100, { ...base, tp: 2, efficiency: eff, contextTokens: 1 });
    const many = decodeStep(mix, h100, {
      ...base,
      tp: 2,
      batch: 64,
      efficiency: eff,
      contextTokens: 1,
    });
    expect(one.hbmBytesPerAccelerator).toBeLessThan(0.4 * many.hbmBytesPerAccelerator);
  });
});

describe("KV cache", () => {
  it("stores 320 KiB per token for Llama 3 70B in BF16", () => {
    expect(kvBytesPerToken(l70, "bf16")).toBe(2 * 80 * 8 * 128 * 2);
    expect(kvBytesPerToken(l70, "fp8")).toBe(kvBytesPerToken(l70, "bf16") / 2);
  });

  it("bounds capacity and batch by HBM left after the weights", () => {
    const cap = kvCapacityTokens(l70, h100, 8, "bf16", 0.1);
    const expected = Math.floor((h100.hbmGB * 1e9 * 8 * 0.9 - l70.parametersTotal * 2) / 327680);
    expect(cap).toBe(expected);
    const batch = maxBatch(l70, h100, {
      tp: 8,
      weightPrecision: "bf16",
      reserveFraction: 0.1,
      contextTokens: 4096,
    });
    expect(batch).toBe(Math.floor(expected / 4096));
    expect(kvCapacityTokens(l70, h200, 8, "bf16", 0.1)).toBeGreaterThan(cap);
  });

  it("holds nothing when the weights alone do not fit", () => {
    expect(kvCapacityTokens(l70, h100, 1, "bf16", 0.1)).toBe(0);
    expect(() => kvCapacityTokens(l70, h100, 1, "bf16", 1)).toThrow(RangeError);
  });
});
