import { describe, expect, it } from "vitest";
import {
  stepTimeAtClock,
  trainingRun,
  trainingStep,
  type TrainingStepBreakdown,
} from "../../../src/models/index.js";
import { accs, effFor, llms } from "./fixtures.js";

const h100 = accs.get("nvidia-h100-sxm");
const l405 = llms.get("llama-3.1-405b");
const TOKENS_16M = 16 * 1024 * 1024;

function fit(r: ReturnType<typeof trainingStep>): TrainingStepBreakdown {
  if (!r.fits) throw new Error(`expected a fitting plan: ${r.reason}`);
  return r;
}

/**
 * Llama 3 405B pre-training (Llama 3 paper Table 4, arXiv v3; facts.md §5). Plans as published;
 * FSDP shards optimizer state and gradients (ZeRO-2, paper §3.3.2). No factor is fitted to
 * these MFUs; docs/performance-model.md has the table.
 */
const LLAMA_CASES = [
  {
    name: "8,192 GPUs, TP8 PP16 DP64, 8K",
    gpus: 8192,
    seq: 8192,
    plan: { tp: 8, cp: 1, pp: 16, dp: 64 },
    mfu: 0.43,
  },
  {
    name: "16,384 GPUs, TP8 PP16 DP128, 8K",
    gpus: 16384,
    seq: 8192,
    plan: { tp: 8, cp: 1, pp: 16, dp: 128 },
    mfu: 0.41,
  },
  {
    name: "16,384 GPUs, TP8 CP16 PP16 DP8, 131K",
    gpus: 16384,
    seq: 131072,
    plan: { tp: 8, cp: 16, pp: 16, dp: 8 },
    mfu: 0.38,
  },
] as const;

function llamaStep(c: (typeof LLAMA_CASES)[number]): TrainingStepBreakdown {
  return fit(
    trainingStep(l405, h100, {
      accelerators: c.gpus,
      seqLen: c.seq,
      globalBatchTokens: TOKENS_16M,
      precision: "bf16",
      efficiency: effFor("nvidia-h100-sxm"),
      plan: { ...c.plan, zero: 2 },
    }),
  );
}

describe("Llama 3 405B on H100 (out of sample)", () => {
  for (const c of LLAMA_CASES) {
    // megatron's trainingCompute is fitted to Megatron-LM's GPT-3 175B runs, not to these.
    it(`${c.name}: MFU within 5 points of ${c.mfu * 100}%`, () => {
      expect(Math.abs(llamaStep(c).mfu - c.mfu)).toBeLessThanOrEqual(0.05);
    });
  }

  it("orders the three configurations as published (43% > 41% > 38%)", () => {
    const [a, b, c] = LLAMA_CASES.map((x) => llamaStep(x).mfu);
    expect(a).toBeGreaterThan(b!);
    expect(b).toBeGreaterThan(c!);
  });

  it("uses the published micro-batch counts and one layer per virtual stage", () => {
    const s = llamaStep(LLAMA_CASES[0]);
    expect(s.microBatches).toBe(32);
    expect(s.plan.virtualStages).toBe(8);
    expect(llamaStep(LLAMA_CASES[1]).microBatches).toBe(16);
    expect(llamaStep(LLAMA_CASES[2]).microBatches).toBe(16);
  });

  it("splits the step into parts that add up", () => {
    const s = llamaStep(LLAMA_CASES[0]);
    const sum =
      s.computeS +
      s.memoryS +
      s.tensorParallelS +
      s.contextParallelS +
      s.bubbleS +
      s.pipelineP2pS +
      s.dataParallelExposedS;
    expect(sum).toBeCloseTo(s.stepTimeS, 9);
    expect(s.clockSensitiveS + s.clockInsensitiveS).toBeCloseTo(s.stepTimeS, 9);
    expect(s.dataParallelExposedS).toBeLessThan(s.dataParallelTotalS);
  });

  it("spends more of the long-context step in attention", () => {
    const short = llamaStep(LLAMA_CASES[1]);
    const long = llamaStep(LLAMA_CASES[2]);
    expect(long.attentionS / long.stepTimeS).toBeGreaterThan(
      3 * (short.attentionS / short.stepTimeS),
    );
    expect(long.contextParallelS).toBeGreaterThan(0);
  });
});

describe("GPT-3 175B on 32 trn1.32xlarge (out of sample)", () => {
  // Neuron's TP=32 PP=8 counts NeuronCores (2 per chip) on 32 nodes: 1,024 cores = 512 chips, so
  // DP4 (the CSV's DP column reads 4 or 1 in different versions): TP16 chips (one instance) x PP8
  // x DP4. Global batch 1,024 sequences of 2,048.
  const step = () =>
    fit(
      trainingStep(llms.get("gpt-3-175b"), accs.get("aws-trainium1"), {
        accelerators: 512,
        seqLen: 2048,
        globalBatchTokens: 1024 * 2048,
        precision: "bf16",
        efficiency: effFor("aws-trainium1"),
        plan: { tp: 16, pp: 8, dp: 4, virtualStages: 1 },
      }),
    );

  // neuronx's trainingCompute is fitted to the 23B and 46B rows of the same table (leave-one-out
  // within one table), not to this row. No interleaved pipeline: the harness sets none.
  it("MFU within 5 points of 33.14% (AWS's figure)", () => {
    expect(Math.abs(step().mfu - 0.3314)).toBeLessThanOrEqual(0.05);
  });

  it("MFU within 5 points of the measured 13.9 seq/s under this model's own FLOP count", () => {
    const s = step();
    const measured = (13.9 * 2048 * (s.modelFlopsPerStep / s.tokensPerStep)) / (512 * 190e12);
    expect(measured).toBeCloseTo(0.3115, 3);
    expect(Math.abs(s.mfu - measured)).toBeLessThanOrEqual(0.05);
  });

  it("fits in 32 GiB per chip without recomputation", () => {
    const s = step();
    expect(s.memory.recomputeFraction).toBe(0);
    expect(s.memory.totalGB).toBeLessThan(accs.get("aws-trainium1").hbmGB);
  });
});

describe("training plans", () => {
  const eff = effFor("nvidia-h100-sxm");
  const opts = {
    seqLen: 8192,
    globalBatchTokens: TOKENS_16M,
    precision: "bf16" as const,
    efficiency: eff,
  };

  it("rejects a model that cannot fit its accelerators, with a reason", () => {
    const r = trainingStep(l405, h100, { ...opts, accelerators: 8 });
    expect(r.fits).toBe(false);
    if (!r.fits) expect(r.reason).toMatch(/GB/);
  });

  it("chooses tensor parallel within the scale-up domain and pipeline stages to fit", () => {
    const s = fit(trainingStep(l405, h100, { ...opts, accelerators: 8192 }));
    expect(s.plan.tp).toBe(8);
    expect(s.plan.pp).toBeGreaterThan(1);
    expect(s.plan.tp * s.plan.pp * s.plan.dp * s.plan.cp).toBe(8192);
    expect(s.memory.totalGB).toBeLessThanOrEqual(h100.hbmGB);
  });

  it("needs no pipeline for an 8B model", () => {
    const s = fit(trainingStep(llms.get("llama-3-8b"), h100, { ...opts, accelerators: 64 }));
    expect(s.plan.pp).toBe(1);
    expect(s.bubbleS).toBe(0);
  });

  it("rejects degrees that do not multiply to the accelerators", () => {
    const r = trainingStep(l405, h100, {
      ...opts,
      accelerators: 8192,
      plan: { tp: 8, pp: 16, dp: 32 },
    });
    expect(r.fits).toBe(false);
    if (!r.fits) expect(r.reason).toMatch(/not the 8192 accelerators/);
  });

  it("rejects tensor parallel beyond the scale-up domain", () => {
    expect(trainingStep(l405, h100, { ...opts, accelerators: 8192, plan: { tp: 16 } }).fits).toBe(
      false,
    );
  });

  it("slows only the clock-sensitive part at a lower clock", () => {
    const s = fit(trainingStep(llms.get("llama-3-70b"), h100, { ...opts, accelerators: 256 }));
    expect(stepTimeAtClock(s, 1)).toBeCloseTo(s.stepTimeS, 9);
    expect(stepTimeAtClock(s, 0.5)).toBeCloseTo(2 * s.clockSensitiveS + s.clockInsensitiveS, 9);
    expect(stepTimeAtClock(s, 0.5)).toBeLessThan(2 * s.stepTimeS);
    expect(() => stepTimeAtClock(s, 0)).toThrow(RangeError);
  });

  it("runs FP8 faster than BF16", () => {
    const bf16 = fit(trainingStep(llms.get("llama-3-70b"), h100, { ...opts, accelerators: 256 }));
    const fp8 = fit(
      trainingStep(llms.get("llama-3-70b"), h100, { ...opts, accelerators: 256, precision: "fp8" }),
    );
    expect(fp8.stepTimeS).toBeLessThan(bf16.stepTimeS);
  });

  it("totals a run as steps x step time", () => {
    const run = trainingRun(llms.get("llama-3-8b"), h100, 1e10, 64, opts);
    if ("fits" in run) throw new Error(run.reason);
    expect(run.steps).toBe(Math.ceil(1e10 / TOKENS_16M));
    expect(run.totalS).toBeCloseTo(run.steps * run.step.stepTimeS, 6);
  });
});
