/**
 * Training step time for a dense (or mixture-of-experts, counted by active parameters)
 * transformer under tensor, context, pipeline and data parallelism (MODELS.md, training).
 * Returns a breakdown; see docs/performance-model.md for the equations and overlap rules.
 */
import type { Accelerator } from "../catalog-schema.js";
import type { Llm } from "../llm-schema.js";
import { causalAttentionForwardFlopsPerToken, elementwiseBytesPerTokenLayer } from "./arch.js";
import type { ClockSplit } from "./clock.js";
import { allGatherS, allReduceS, sendS } from "./collectives.js";
import { matmulEfficiency, type Efficiency, type Precision } from "./efficiency.js";
import {
  choosePlan,
  layersPerStage,
  type ParallelPlan,
  type PlanRequest,
  type TrainingMemory,
} from "./training-plan.js";

export interface TrainingOptions {
  /** Accelerators in the job. */
  readonly accelerators: number;
  /** Tokens per sequence. */
  readonly seqLen: number;
  /** Tokens per optimizer step (all replicas). */
  readonly globalBatchTokens: number;
  readonly precision: Precision;
  readonly efficiency: Efficiency;
  /** Degrees to fix; the rest are chosen automatically. */
  readonly plan?: PlanRequest;
  /** Whether the job spans scale-up domains; default: more accelerators than one domain. */
  readonly spansScaleUpDomains?: boolean;
  /** Scale-out bandwidth per accelerator, Gbps; default: the catalog's. */
  readonly scaleOutGbps?: number;
}

export interface TrainingStepBreakdown extends ClockSplit {
  readonly fits: true;
  readonly plan: ParallelPlan;
  readonly memory: TrainingMemory;
  /** Micro-batches per step per pipeline. */
  readonly microBatches: number;
  readonly tokensPerStep: number;
  /** Model FLOPs per step: (6 N_active + 6 L q_width s) x tokens; recomputation not counted. */
  readonly modelFlopsPerStep: number;
  /** Matmul time of the busiest stage, including recomputation, s. */
  readonly matmulS: number;
  /** Attention-kernel time, including recomputation, s. */
  readonly attentionS: number;
  /** matmulS + attentionS. */
  readonly computeS: number;
  /** Extra compute for recomputed activations (already inside computeS), s. */
  readonly recomputeS: number;
  /** Elementwise (memory-bound) kernel time, s. */
  readonly memoryS: number;
  /** Tensor-parallel collectives (not overlapped), s. */
  readonly tensorParallelS: number;
  /** Context-parallel K/V all-gathers and gradient reduce-scatters, s. */
  readonly contextParallelS: number;
  /** Pipeline point-to-point sends on the fill/drain critical path, s. */
  readonly pipelineP2pS: number;
  /** Data-parallel gradient reduce-scatter + weight all-gather, total, s. */
  readonly dataParallelTotalS: number;
  /** The part not hidden behind the last micro-batch's backward / first forward, s. */
  readonly dataParallelExposedS: number;
  /** Pipeline bubble (p-1)/(v m) of the stage's busy time, s. */
  readonly bubbleS: number;
  readonly bubbleFraction: number;
  readonly stepTimeS: number;
  /** Model FLOPs / (step time x accelerators x peak at the training precision). */
  readonly mfu: number;
  readonly achievedTFlopsPerAccelerator: number;
}

export type TrainingStepResult =
  | TrainingStepBreakdown
  | {
      readonly fits: false;
      readonly reason: string;
      readonly plan?: ParallelPlan;
      readonly memory?: TrainingMemory;
    };

/** Dense peak at a precision, TFLOP/s; FP8 falls back to BF16 where the catalog has none. */
export function peakTFlops(acc: Accelerator, precision: Precision): number {
  return precision === "fp8" && acc.fp8DenseTFlops !== null
    ? acc.fp8DenseTFlops
    : acc.bf16DenseTFlops;
}

/**
 * One optimizer step at full clock.
 * @returns the breakdown, or `{ fits: false, reason }` when no plan fits memory or the given
 *   degrees are inconsistent.
 */
export function trainingStep(
  llm: Llm,
  acc: Accelerator,
  opts: TrainingOptions,
): TrainingStepResult {
  const eff = opts.efficiency;
  const N = opts.accelerators;
  const s = opts.seqLen;
  if (!(s > 0) || !(opts.globalBatchTokens >= s)) {
    return {
      fits: false,
      reason: `need seqLen > 0 and globalBatchTokens >= seqLen, got ${s} and ${opts.globalBatchTokens}`,
    };
  }
  const choice = choosePlan(llm, acc, N, s, opts.globalBatchTokens, eff, opts.plan);
  if (!choice.ok)
    return { fits: false, reason: choice.reason, plan: choice.plan, memory: choice.memory };
  const { plan, microBatches: m, memory } = choice;
  const { tp, pp, dp, cp, microBatchSeqs: b, virtualStages: v } = plan;
  const r = memory.recomputeFraction;
  const B = opts.globalBatchTokens;

  // Where each group's peers sit: ranks are ordered [TP, CP, PP, DP] (Llama 3 paper §3.3.2).
  const domain = acc.scaleUpDomain;
  const spans = opts.spansScaleUpDomains ?? N > domain;
  const upGBps = acc.scaleUpGBps * eff.scaleUpCollective;
  const outGBps = ((opts.scaleOutGbps ?? acc.scaleOutGbps) / 8) * eff.scaleOutCollective;
  const link = (span: number) =>
    !spans || span <= domain
      ? { bw: upGBps, lat: eff.scaleUpLatencyS }
      : { bw: Math.min(upGBps, outGBps), lat: eff.scaleOutLatencyS };
  const tpLink = link(tp);
  const cpLink = link(tp * cp);
  const ppLink = link(tp * cp * pp);
  const dpLink = spans ? { bw: Math.min(upGBps, outGBps), lat: eff.scaleOutLatencyS } : link(N);

  // Compute on the busiest stage: every accelerator does 1/N of the model FLOPs, times the
  // stage imbalance when layers do not split evenly; recomputation adds one forward (2/6).
  const attnFwdPerToken = causalAttentionForwardFlopsPerToken(llm, s);
  const modelFlopsPerStep = B * (6 * llm.parametersActive + 3 * attnFwdPerToken);
  const imbalance = layersPerStage(llm, pp) / (llm.layers / pp);
  const recomputeFactor = 1 + r / 3;
  const peak = peakTFlops(acc, opts.precision) * 1e12;
  const peakBf16 = acc.bf16DenseTFlops * 1e12;
  // Kernels run at their microbenchmark rates times the stack's calibrated trainingCompute.
  const sustained = eff.trainingCompute;
  const matmulPlainS =
    (((B * 6 * llm.parametersActive) / N) * imbalance) /
    (peak * matmulEfficiency(eff, opts.precision) * sustained);
  const attentionPlainS =
    (((B * 3 * attnFwdPerToken) / N) * imbalance) / (peakBf16 * eff.attention * sustained);
  const matmulS = matmulPlainS * recomputeFactor;
  const attentionS = attentionPlainS * recomputeFactor;
  const computeS = matmulS + attentionS;
  const recomputeS = (matmulPlainS + attentionPlainS) * (recomputeFactor - 1);

  const stage = layersPerStage(llm, pp);
  const tokensPerMicro = b * (s / cp);
  const memoryS =
    (m * stage * tokensPerMicro * elementwiseBytesPerTokenLayer(llm) * recomputeFactor) /
    tp /
    (acc.hbmTBps * 1e12 * eff.hbm);

  // Tensor parallel with sequence parallelism: per layer per micro-batch, 2 all-gather/reduce-
  // scatter pairs forward and 2 backward (each pair moves what one all-reduce moves) plus 2
  // more for a recomputed layer. Not overlapped with compute.
  const actBytes = tokensPerMicro * llm.hiddenSize * 2;
  const tensorParallelS = m * stage * (4 + 2 * r) * allReduceS(actBytes, tp, tpLink.bw, tpLink.lat);

  // Context parallel (all-gather based, Llama 3 §3.3.2): gather K and V of the whole sequence
  // before attention, reduce-scatter their gradients in backward, gather again if recomputed.
  const kvLocal = Math.max(1, llm.kvHeads / tp) * llm.headDim;
  const kvBytes = b * s * 2 * kvLocal * 2;
  const contextParallelS = m * stage * (2 + r) * allGatherS(kvBytes, cp, cpLink.bw, cpLink.lat);

  // Pipeline: sends overlap steady-state compute (asynchronous P2P); the first forward and the
  // last backward cross all p x v - 1 chunk boundaries on the critical path.
  const p2pBytes = actBytes / tp;
  const pipelineP2pS = pp > 1 ? 2 * (pp * v - 1) * sendS(p2pBytes, ppLink.bw, ppLink.lat) : 0;

  const busyS = computeS + memoryS + tensorParallelS + contextParallelS;
  const bubbleRatio = pp > 1 ? (pp - 1) / (v * m) : 0;
  const bubbleS = bubbleRatio * busyS;

  // Data parallel: reduce-scatter gradients (all-reduce without ZeRO) and all-gather updated
  // weights. Overlap rule: the reduce-scatter hides behind the backward of the last
  // micro-batch (2/3 of its compute), the all-gather behind the forward of the first (1/3).
  const paramsPerAcc = llm.parametersTotal / (tp * pp);
  const gradBytes = paramsPerAcc * eff.gradBytesPerParam;
  const weightBytes = paramsPerAcc * 2;
  const dpRanks = dp * cp; // context-parallel ranks hold the same weights and reduce gradients too
  let reduceS: number;
  let gatherS: number;
  if (plan.zero === 0) {
    reduceS = allReduceS(gradBytes, dpRanks, dpLink.bw, dpLink.lat);
    gatherS = 0;
  } else {
    reduceS = allGatherS(gradBytes, dpRanks, dpLink.bw, dpLink.lat);
    gatherS = allGatherS(weightBytes, dpRanks, dpLink.bw, dpLink.lat) * (plan.zero === 3 ? 2 : 1);
  }
  const perMicroComputeS = computeS / m;
  const dataParallelTotalS = reduceS + gatherS;
  const dataParallelExposedS =
    Math.max(0, reduceS - (2 / 3) * perMicroComputeS) +
    Math.max(0, gatherS - (1 / 3) * perMicroComputeS);

  const stepTimeS = busyS + bubbleS + pipelineP2pS + dataParallelExposedS;
  const clockSensitiveS = computeS * (1 + bubbleRatio);
  const mfu = modelFlopsPerStep / (stepTimeS * N * peak);
  return {
    fits: true,
    plan,
    memory,
    microBatches: m,
    tokensPerStep: B,
    modelFlopsPerStep,
    matmulS,
    attentionS,
    computeS,
    recomputeS,
    memoryS,
    tensorParallelS,
    contextParallelS,
    pipelineP2pS,
    dataParallelTotalS,
    dataParallelExposedS,
    bubbleS,
    bubbleFraction: bubbleS / stepTimeS,
    stepTimeS,
    mfu,
    achievedTFlopsPerAccelerator: modelFlopsPerStep / (stepTimeS * N) / 1e12,
    clockSensitiveS,
    clockInsensitiveS: stepTimeS - clockSensitiveS,
  };
}

export interface TrainingRun {
  /** Wall time at full clock, s (ceil(tokens / tokens per step) steps). */
  readonly totalS: number;
  readonly steps: number;
  readonly step: TrainingStepBreakdown;
}

/**
 * A whole run of `tokens` on `accelerators` devices at full clock.
 * @returns the run, or `{ fits: false, reason }` as for {@link trainingStep}.
 * @throws RangeError if tokens is not positive.
 */
export function trainingRun(
  llm: Llm,
  acc: Accelerator,
  tokens: number,
  accelerators: number,
  opts: Omit<TrainingOptions, "accelerators">,
): TrainingRun | { readonly fits: false; readonly reason: string } {
  if (!(tokens > 0)) throw new RangeError(`tokens must be > 0, got ${tokens}`);
  const step = trainingStep(llm, acc, { ...opts, accelerators });
  if (!step.fits) return { fits: false, reason: step.reason };
  const steps = Math.ceil(tokens / step.tokensPerStep);
  return { totalS: steps * step.stepTimeS, steps, step };
}
