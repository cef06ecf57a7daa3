/**
 * LLM serving: prefill (compute-bound), decode steps (memory-bound plus a per-step overhead)
 * and KV-cache capacity (MODELS.md, inference). Weights may be BF16 or FP8 (FP8 weights run
 * FP8 matmuls); the KV cache defaults to BF16.
 */
import type { Accelerator } from "../catalog-schema.js";
import type { Llm } from "../llm-schema.js";
import { causalAttentionForwardFlopsPerToken, kvBytesPerTokenAt, queryWidth } from "./arch.js";
import type { ClockSplit } from "./clock.js";
import { allReduceS } from "./collectives.js";
import { bytesPer, matmulEfficiency, type Efficiency, type Precision } from "./efficiency.js";
import { peakTFlops } from "./training-step.js";

export interface InferenceOptions {
  /** Tensor-parallel degree of one replica (inside one scale-up domain). */
  readonly tp: number;
  /** Sequences processed together. */
  readonly batch: number;
  readonly weightPrecision: Precision;
  /** KV-cache precision; default bf16. */
  readonly kvPrecision?: Precision;
  readonly efficiency: Efficiency;
}

export interface PrefillOptions extends InferenceOptions {
  /** Prompt tokens per sequence. */
  readonly promptTokens: number;
}

export interface DecodeOptions extends InferenceOptions {
  /** Context tokens per sequence (prompt + tokens generated so far). */
  readonly contextTokens: number;
}

export interface InferenceStepBreakdown extends ClockSplit {
  /** Matmul time at peak x efficiency, s. */
  readonly matmulS: number;
  /** Attention time (prefill: kernel-bound; decode: counted with matmul FLOPs), s. */
  readonly attentionS: number;
  /** matmulS + attentionS. */
  readonly computeS: number;
  /** HBM time: weights once per step plus KV reads, s. */
  readonly memoryS: number;
  /** max(computeS, memoryS): the roofline, s. */
  readonly rooflineS: number;
  readonly boundBy: "compute" | "memory";
  /** Tensor-parallel all-reduces (2 per layer), s. */
  readonly tensorParallelS: number;
  /** Fixed per-step overhead, s. */
  readonly overheadS: number;
  /** rooflineS + tensorParallelS + overheadS. */
  readonly timeS: number;
  readonly flops: number;
  readonly hbmBytesPerAccelerator: number;
}

function checkCommon(llm: Llm, acc: Accelerator, o: InferenceOptions): void {
  if (!Number.isInteger(o.tp) || o.tp < 1)
    throw new RangeError(`tp must be a positive integer, got ${o.tp}`);
  if (o.tp > acc.scaleUpDomain) {
    throw new RangeError(`tp ${o.tp} exceeds ${acc.id}'s scale-up domain of ${acc.scaleUpDomain}`);
  }
  if (llm.heads % o.tp !== 0)
    throw new RangeError(`tp ${o.tp} does not divide ${llm.id}'s ${llm.heads} heads`);
  if (!(o.batch >= 1)) throw new RangeError(`batch must be >= 1, got ${o.batch}`);
}

/** Weight bytes one accelerator reads per step: every expert a batch of `tokens` touches. */
function weightBytesRead(llm: Llm, tokens: number, precision: Precision, tp: number): number {
  const bytes = bytesPer(precision);
  if (llm.moe === undefined) return (llm.parametersTotal * bytes) / tp;
  const { experts: E, expertsPerToken: k } = llm.moe;
  const perExpert = (llm.parametersTotal - llm.parametersActive) / (E - k);
  const shared = llm.parametersTotal - E * perExpert;
  const touched = E * (1 - Math.pow(1 - k / E, tokens));
  return ((shared + touched * perExpert) * bytes) / tp;
}

function tpAllReducesS(llm: Llm, acc: Accelerator, o: InferenceOptions, tokens: number): number {
  const eff = o.efficiency;
  return (
    2 *
    llm.layers *
    allReduceS(
      tokens * llm.hiddenSize * 2,
      o.tp,
      acc.scaleUpGBps * eff.scaleUpCollective,
      eff.scaleUpLatencyS,
    )
  );
}

function finish(
  parts: Omit<
    InferenceStepBreakdown,
    "rooflineS" | "boundBy" | "timeS" | "clockSensitiveS" | "clockInsensitiveS" | "computeS"
  >,
): InferenceStepBreakdown {
  const computeS = parts.matmulS + parts.attentionS;
  const boundBy = computeS >= parts.memoryS ? "compute" : "memory";
  const rooflineS = Math.max(computeS, parts.memoryS);
  const timeS = rooflineS + parts.tensorParallelS + parts.overheadS;
  const clockSensitiveS = boundBy === "compute" ? computeS : 0;
  return {
    ...parts,
    computeS,
    rooflineS,
    boundBy,
    timeS,
    clockSensitiveS,
    clockInsensitiveS: timeS - clockSensitiveS,
  };
}

/**
 * Prefill of `batch` prompts of `promptTokens`: 2 N_active P FLOPs of matmul plus causal
 * attention 2 L q_width P^2 per sequence, on `tp` accelerators.
 * @throws RangeError for an invalid tp, batch or prompt length.
 */
export function prefill(llm: Llm, acc: Accelerator, o: PrefillOptions): InferenceStepBreakdown {
  checkCommon(llm, acc, o);
  if (!(o.promptTokens >= 1))
    throw new RangeError(`promptTokens must be >= 1, got ${o.promptTokens}`);
  const eff = o.efficiency;
  const tokens = o.batch * o.promptTokens;
  const matmulFlops = 2 * llm.parametersActive * tokens;
  const attentionFlops =
    o.batch * o.promptTokens * causalAttentionForwardFlopsPerToken(llm, o.promptTokens);
  const matmulS =
    matmulFlops /
    (o.tp * peakTFlops(acc, o.weightPrecision) * 1e12 * matmulEfficiency(eff, o.weightPrecision));
  const attentionS = attentionFlops / (o.tp * acc.bf16DenseTFlops * 1e12 * eff.attention);
  const kvWritten = (tokens * kvBytesPerTokenAt(llm, bytesPer(o.kvPrecision ?? "bf16"))) / o.tp;
  const hbmBytes = weightBytesRead(llm, tokens, o.weightPrecision, o.tp) + kvWritten;
  return finish({
    matmulS,
    attentionS,
    memoryS: hbmBytes / (acc.hbmTBps * 1e12 * eff.hbm),
    tensorParallelS: tpAllReducesS(llm, acc, o, tokens),
    overheadS: eff.prefillOverheadS,
    flops: matmulFlops + attentionFlops,
    hbmBytesPerAccelerator: hbmBytes,
  });
}

/**
 * One decode step for `batch` sequences each with `contextTokens` of context: weights read once
 * per step per accelerator plus every sequence's KV cache; compute 2 N_active + 4 L q_width ctx
 * per sequence.
 * @throws RangeError for an invalid tp, batch or context.
 */
export function decodeStep(llm: Llm, acc: Accelerator, o: DecodeOptions): InferenceStepBreakdown {
  checkCommon(llm, acc, o);
  if (!(o.contextTokens >= 1))
    throw new RangeError(`contextTokens must be >= 1, got ${o.contextTokens}`);
  const eff = o.efficiency;
  const matmulFlops = 2 * llm.parametersActive * o.batch;
  const attentionFlops = o.batch * 4 * llm.layers * queryWidth(llm) * o.contextTokens;
  // Decode attention streams the KV cache: its FLOPs ride with the matmuls at the same rate.
  const matmulS =
    (matmulFlops + attentionFlops) /
    (o.tp * peakTFlops(acc, o.weightPrecision) * 1e12 * matmulEfficiency(eff, o.weightPrecision));
  const kvRead =
    (o.batch * o.contextTokens * kvBytesPerTokenAt(llm, bytesPer(o.kvPrecision ?? "bf16"))) / o.tp;
  const hbmBytes = weightBytesRead(llm, o.batch, o.weightPrecision, o.tp) + kvRead;
  return finish({
    matmulS,
    attentionS: 0,
    memoryS: hbmBytes / (acc.hbmTBps * 1e12 * eff.hbm),
    tensorParallelS: tpAllReducesS(llm, acc, o, o.batch),
    overheadS: eff.decodeOverheadS,
    flops: matmulFlops + attentionFlops,
    hbmBytesPerAccelerator: hbmBytes,
  });
}

/** KV-cache bytes per token of context (all layers, K and V), at `precision`. */
export function kvBytesPerToken(llm: Llm, precision: Precision = "bf16"): number {
  return kvBytesPerTokenAt(llm, bytesPer(precision));
}

/**
 * Tokens of KV cache one replica of `tp` accelerators holds: (HBM x tp x (1 - reserve) -
 * weights) / KV bytes per token; 0 when the weights alone do not fit.
 * @throws RangeError if reserveFraction is not in [0, 1) or tp is invalid.
 */
export function kvCapacityTokens(
  llm: Llm,
  acc: Accelerator,
  tp: number,
  weightPrecision: Precision,
  reserveFraction: number,
  kvPrecision: Precision = "bf16",
): number {
  if (!(reserveFraction >= 0 && reserveFraction < 1)) {
    throw new RangeError(`reserveFraction must be in [0, 1), got ${reserveFraction}`);
  }
  if (!Number.isInteger(tp) || tp < 1)
    throw new RangeError(`tp must be a positive integer, got ${tp}`);
  const free =
    acc.hbmGB * 1e9 * tp * (1 - reserveFraction) - llm.parametersTotal * bytesPer(weightPrecision);
  return free <= 0 ? 0 : Math.floor(free / kvBytesPerToken(llm, kvPrecision));
}

/**
 * Largest batch whose KV caches fit when every sequence holds `contextTokens`.
 * @throws RangeError as {@link kvCapacityTokens}, or if contextTokens < 1.
 */
export function maxBatch(
  llm: Llm,
  acc: Accelerator,
  o: {
    tp: number;
    weightPrecision: Precision;
    reserveFraction: number;
    contextTokens: number;
    kvPrecision?: Precision;
  },
): number {
  if (!(o.contextTokens >= 1))
    throw new RangeError(`contextTokens must be >= 1, got ${o.contextTokens}`);
  return Math.floor(
    kvCapacityTokens(llm, acc, o.tp, o.weightPrecision, o.reserveFraction, o.kvPrecision) /
      o.contextTokens,
  );
}
