import type { ArrivalConfig } from "./arrivals.js";
import type { DistConfig } from "./distribution.js";
import type { LlmRequestRow } from "./llm-trace.js";

/** What a training job has to do: a given run time, or a model to train on a number of tokens. */
export type TrainingWork =
  | {
      kind: "duration";
      /** Run time in seconds at full clock once started. */
      durationS: DistConfig;
      /** Share of the run time that scales with 1/clock (the rest is memory or network bound). */
      clockSensitiveFraction: number;
    }
  | {
      kind: "model";
      /** LLM catalog id. */
      model: string;
      /** Training tokens per job. */
      tokens: DistConfig;
      precision: "bf16" | "fp8";
      seqLen?: number;
      globalBatchTokens?: number;
    };

/** Jobs replayed from a trace, one per row, in submission order. */
export interface TrainingTrace {
  submitS: readonly number[];
  accelerators: readonly number[];
  /** Run time per job at full clock (duration jobs). */
  durationS?: readonly number[];
  /** Tokens per job (model jobs). */
  tokens?: readonly number[];
}

/** A stream of training jobs. */
export interface TrainingStreamConfig {
  name: string;
  /** Accelerators per job (gang size). */
  accelerators: DistConfig;
  work: TrainingWork;
  /** Arrival times; a single job at 0 when the file gives none. */
  arrivals: ArrivalConfig;
  /** Names of the pools the jobs may run in, in order of preference. */
  pools: readonly string[];
  /** Higher goes first under the `priority` policy (default 0). */
  priority: number;
  /** When set, jobs come from this trace instead of `arrivals` and the distributions. */
  trace?: TrainingTrace;
}

/** An LLM served by the performance model at `request` fidelity. */
export interface LlmServiceSpec {
  /** LLM catalog id. */
  model: string;
  weightPrecision: "bf16" | "fp8";
  /** Tensor-parallel degree per replica; undefined = smallest that fits. */
  tensorParallel?: number;
  /** Requests from a trace (times in s from start, already scaled and offset), or undefined. */
  trace?: readonly LlmRequestRow[];
  promptTokens: DistConfig;
  outputTokens: DistConfig;
  /** New prompt tokens prefilled per iteration (at least one request). */
  maxBatchTokens: number;
  /** Prefix-cache capacity per replica in 512-token blocks (Infinity: unbounded; 0: none). */
  prefixCacheBlocks: number;
  routing: "round-robin" | "least-outstanding" | "prefix-affinity";
  slo: { ttftS?: number; tpotS?: number; latencyS?: number };
  /** Replicas between min and max following requests in flight (request fidelity). */
  autoscale?: {
    min: number;
    max: number;
    targetOutstanding: number;
    startupS: number;
    intervalS: number;
    preemptTraining: boolean;
  };
  /** request: every request an entity; fluid: a backlog per step of `fluidStepS`. */
  fidelity: "request" | "fluid";
  fluidStepS: number;
  /** Fluid fidelity: latency points recorded per step. */
  fluidPoints: number;
}

/** An inference service with given per-request service times on fixed replicas. */
export interface InferenceServiceConfig {
  name: string;
  pool: string;
  replicas: number;
  acceleratorsPerReplica: number;
  /** Requests one replica serves at once. */
  concurrencyPerReplica: number;
  arrivals: ArrivalConfig;
  serviceTimeS: DistConfig;
  /** Requests that may wait; an arrival that finds the queue full is dropped. */
  queueLimit: number;
  /** End-to-end latency target (s), or undefined. */
  sloLatencyS?: number;
  /** Set for a model-based service (then serviceTimeS and concurrency are unused). */
  llm?: LlmServiceSpec;
  /** What users pay for the work done (revenue and margin in summary.json), or undefined. */
  price?: ServicePrice;
}

/** Pay-per-work-done prices of a service. */
export interface ServicePrice {
  usdPerMInputTokens: number;
  usdPerMOutputTokens: number;
  usdPerRequest: number;
}
