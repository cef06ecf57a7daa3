/**
 * Parallelism plans for training and the per-accelerator memory they need (MODELS.md, training).
 *
 * Plan rules (DESIGN.md): tensor parallel up to the scale-up domain (capped by the stack's
 * `maxAutoTensorParallel`, and only degrees that divide the attention heads), pipeline stages
 * to fit memory, data parallel for the rest. Pipelines interleave one layer per virtual stage,
 * as the Llama 3 paper does. Memory that still does not fit is freed by recomputing the
 * activations of just enough layers (selective activation checkpointing); a plan that does not
 * fit even with every layer recomputed is rejected.
 */
import type { Accelerator } from "../catalog-schema.js";
import type { Llm } from "../llm-schema.js";
import { activationBytesPerTokenLayer, checkpointBytesPerTokenLayer } from "./arch.js";
import type { Efficiency } from "./efficiency.js";

export type ZeroStage = 0 | 1 | 2 | 3;

export interface ParallelPlan {
  /** Tensor-parallel degree (inside one scale-up domain). */
  readonly tp: number;
  /** Pipeline stages. */
  readonly pp: number;
  /** Data-parallel replicas. */
  readonly dp: number;
  /** Context-parallel degree (sequence split across accelerators). */
  readonly cp: number;
  /** Sequences per micro-batch. */
  readonly microBatchSeqs: number;
  /** Virtual pipeline stages (model chunks) per pipeline rank; 1 = no interleaving. */
  readonly virtualStages: number;
  /** ZeRO stage of the data-parallel sharding: 1 shards optimizer state, 2 also gradients, 3 also weights. */
  readonly zero: ZeroStage;
}

/** Per-accelerator training memory, GB (10^9 bytes). */
export interface TrainingMemory {
  readonly weightsGB: number;
  readonly gradientsGB: number;
  readonly optimizerGB: number;
  /** Stored activations of the micro-batches in flight on the first pipeline stage. */
  readonly activationsGB: number;
  /** Transient: one layer being recomputed, logits, gathered K/V. */
  readonly workingGB: number;
  readonly reserveGB: number;
  readonly totalGB: number;
  readonly capacityGB: number;
  /** Share of layers whose activations are recomputed in backward (0 = none, 1 = all). */
  readonly recomputeFraction: number;
}

export type MemoryFit =
  { fits: true; memory: TrainingMemory } | { fits: false; reason: string; memory: TrainingMemory };

/** Layers on the busiest pipeline stage. */
export function layersPerStage(llm: Llm, pp: number): number {
  return Math.ceil(llm.layers / pp);
}

/**
 * Memory per accelerator for `plan` with `microBatches` per step, recomputing the smallest
 * share of layers that fits (or `recompute` if given).
 */
export function trainingMemory(
  llm: Llm,
  acc: Accelerator,
  plan: ParallelPlan,
  seqLen: number,
  microBatches: number,
  eff: Efficiency,
  recompute?: number,
): MemoryFit {
  const gb = 1e9;
  const params = llm.parametersTotal / (plan.tp * plan.pp);
  const shard = (stage: ZeroStage) => (plan.zero >= stage ? plan.dp : 1);
  const weightsGB = (params * 2) / shard(3) / gb;
  const gradientsGB = (params * eff.gradBytesPerParam) / shard(2) / gb;
  const optimizerGB = (params * eff.optimizerBytesPerParam) / shard(1) / gb;
  const tokens = plan.microBatchSeqs * (seqLen / plan.cp);
  // Sequence parallelism shards every stored activation across the tensor-parallel group.
  const fullGB = (tokens * activationBytesPerTokenLayer(llm)) / plan.tp / gb;
  const ckptGB = (tokens * checkpointBytesPerTokenLayer(llm)) / plan.tp / gb;
  const stage = layersPerStage(llm, plan.pp);
  const inFlight =
    plan.pp > 1
      ? stage *
        Math.min(microBatches, plan.pp) *
        (1 + (plan.pp - 1) / (plan.pp * plan.virtualStages))
      : stage;
  const logitsGB = (tokens * llm.vocabSize * 4) / plan.tp / gb;
  const kvLocal = Math.max(1, llm.kvHeads / plan.tp) * llm.headDim;
  const gatheredKvGB = plan.cp > 1 ? (plan.microBatchSeqs * seqLen * 2 * kvLocal * 2 * 2) / gb : 0;
  const workingGB = fullGB + logitsGB + gatheredKvGB;
  const capacityGB = acc.hbmGB;
  const reserveGB = capacityGB * eff.memoryReserveFraction;
  const staticGB = weightsGB + gradientsGB + optimizerGB + workingGB + reserveGB;
  const budget = capacityGB - staticGB;
  let r: number;
  if (recompute !== undefined) r = recompute;
  else if (inFlight * fullGB <= budget) r = 0;
  else r = Math.min(1, (inFlight * fullGB - budget) / (inFlight * (fullGB - ckptGB)));
  const activationsGB = inFlight * ((1 - r) * fullGB + r * ckptGB);
  const totalGB = staticGB + activationsGB;
  const memory: TrainingMemory = {
    weightsGB,
    gradientsGB,
    optimizerGB,
    activationsGB,
    workingGB,
    reserveGB,
    totalGB,
    capacityGB,
    recomputeFraction: r,
  };
  if (totalGB > capacityGB * (1 + 1e-9)) {
    return {
      fits: false,
      memory,
      reason:
        `needs ${totalGB.toFixed(1)} GB per accelerator (weights ${weightsGB.toFixed(1)}, gradients ` +
        `${gradientsGB.toFixed(1)}, optimizer ${optimizerGB.toFixed(1)}, activations ${activationsGB.toFixed(1)}` +
        ` with ${(r * 100).toFixed(0)}% of layers recomputed, working ${workingGB.toFixed(1)}, reserve ` +
        `${reserveGB.toFixed(1)}) but ${acc.id} has ${capacityGB} GB`,
    };
  }
  return { fits: true, memory };
}

/** What a caller may fix in a plan; the rest is chosen automatically. */
export interface PlanRequest extends Partial<ParallelPlan> {
  /** Share of layers recomputed; default: the least that fits. */
  readonly recomputeFraction?: number;
}

export type PlanChoice =
  | { ok: true; plan: ParallelPlan; microBatches: number; memory: TrainingMemory }
  | { ok: false; reason: string; plan?: ParallelPlan; memory?: TrainingMemory };

function divisors(n: number): number[] {
  const out: number[] = [];
  for (let i = 1; i <= n; i++) if (n % i === 0) out.push(i);
  return out;
}

/**
 * Resolves a plan for `accelerators` devices, checking any degrees given.
 * Returns `ok: false` with a reason (never throws) when no plan fits.
 */
export function choosePlan(
  llm: Llm,
  acc: Accelerator,
  accelerators: number,
  seqLen: number,
  globalBatchTokens: number,
  eff: Efficiency,
  req: PlanRequest = {},
): PlanChoice {
  const N = accelerators;
  const b = req.microBatchSeqs ?? 1;
  const cp = req.cp ?? 1;
  const seqs = globalBatchTokens / seqLen;
  if (!Number.isInteger(N) || N < 1)
    return { ok: false, reason: `accelerators must be a positive integer, got ${N}` };
  if (req.tp !== undefined && llm.heads % req.tp !== 0) {
    return {
      ok: false,
      reason: `tensor parallel ${req.tp} does not divide ${llm.id}'s ${llm.heads} attention heads`,
    };
  }
  if (req.tp !== undefined && req.tp > acc.scaleUpDomain) {
    return {
      ok: false,
      reason: `tensor parallel ${req.tp} exceeds ${acc.id}'s scale-up domain of ${acc.scaleUpDomain}`,
    };
  }
  if (seqLen % cp !== 0)
    return {
      ok: false,
      reason: `context parallel ${cp} does not divide the sequence length ${seqLen}`,
    };
  const tpCandidates =
    req.tp !== undefined
      ? [req.tp]
      : divisors(Math.min(acc.scaleUpDomain, eff.maxAutoTensorParallel, N))
          .filter((t) => llm.heads % t === 0 && N % t === 0)
          .reverse();
  let lastFail: PlanChoice | undefined;
  for (const tp of tpCandidates.slice(0, 1)) {
    const ppCandidates =
      req.pp !== undefined
        ? [req.pp]
        : N % (tp * cp) === 0
          ? divisors(N / (tp * cp)).filter((p) => p <= llm.layers)
          : [];
    for (const pp of ppCandidates) {
      if (N % (tp * cp * pp) !== 0) {
        lastFail = {
          ok: false,
          reason: `tp ${tp} x cp ${cp} x pp ${pp} does not divide ${N} accelerators`,
        };
        continue;
      }
      const dp = N / (tp * cp * pp);
      if (req.dp !== undefined && req.dp !== dp) {
        lastFail = {
          ok: false,
          reason: `tp ${tp} x cp ${cp} x pp ${pp} x dp ${req.dp} = ${tp * cp * pp * req.dp}, not the ${N} accelerators`,
        };
        continue;
      }
      const microBatches = seqs / (dp * b);
      if (microBatches < 1) {
        lastFail = {
          ok: false,
          reason: `the global batch (${seqs} sequences) gives data-parallel ${dp} replicas less than one micro-batch of ${b}`,
        };
        continue;
      }
      const plan: ParallelPlan = {
        tp,
        pp,
        dp,
        cp,
        microBatchSeqs: b,
        virtualStages: req.virtualStages ?? (pp > 1 ? layersPerStage(llm, pp) : 1),
        zero: req.zero ?? (dp > 1 ? 1 : 0),
      };
      const fit = trainingMemory(llm, acc, plan, seqLen, microBatches, eff, req.recomputeFraction);
      if (fit.fits) return { ok: true, plan, microBatches, memory: fit.memory };
      lastFail = { ok: false, reason: fit.reason, plan, memory: fit.memory };
    }
  }
  return (
    lastFail ?? {
      ok: false,
      reason: `no tensor-parallel degree divides both ${llm.heads} heads and ${N} accelerators`,
    }
  );
}
