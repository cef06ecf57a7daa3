import type {
  InferenceServiceConfig,
  TrainingStreamConfig,
  TrainingWork,
} from "../workloads/index.js";

export interface PoolConfig {
  name: string;
  site: string;
  siteKind: "owned" | "cloud";
  hall?: string;
  /** Catalog id. */
  accelerator: string;
  /** Installed accelerators. */
  count: number;
}

/** Everything the world needs, resolved to seconds and counts. */
export interface DataCenterConfig {
  horizonS: number;
  warmupS: number;
  intervalS: number;
  pools: readonly PoolConfig[];
  training: readonly TrainingStreamConfig[];
  inference: readonly InferenceServiceConfig[];
}

/** How fast a model-based training job runs in a pool, or why it cannot run there. */
export type TrainingEstimate =
  | {
      fits: true;
      /** Run time per training token at full clock. */
      secondsPerToken: number;
      clockSensitiveFraction: number;
      mfu: number;
    }
  | { fits: false; reason: string };

/** The performance model, injected by the wiring module. */
export type TrainingEstimator = (
  work: Extract<TrainingWork, { kind: "model" }>,
  pool: PoolConfig,
  accelerators: number,
) => TrainingEstimate;
